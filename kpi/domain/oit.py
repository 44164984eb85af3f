"""OIT evidence checklist: the catalogue of O-items per ITA year, their status, readiness, and in-app edits.

The catalogue (kpi/domain/oit_catalogue.json) lists each year's items: code, sub-indicator 9.x/10.x, title,
the evidence required, and `source` when the dashboard's own data produces that evidence
(measures_plan, measures_report, satisfaction, complaints). Items and their numbering change every
year (domain.md §2), so a year without a list borrows the nearest one and says so.

The OIT sheet stores one row per (fiscal year, code). A year without stored rows shows its
catalogue with status ไม่มี, ready to fill. Edits made in the app go through the same validation
(kpi.ingest.sheets.validate_sheet) and the same versioned commit (kpi.ingest.upload.plan_changes) as uploads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from kpi.core.dataset import Dataset, Record, canonical_block, records_of
from kpi.core.dataset import cell_int as _int
from kpi.core.messages import t
from kpi.core.problems import Problem
from kpi.core.schema import OIT, OIT_STATUS_CHOICES, label_of
from kpi.core.thai import BE_OFFSET
from kpi.ingest.sheets import validate_sheet
from kpi.ingest.upload import UploadPlan, plan_changes
from kpi.ingest.workbook import ParsedUpload

CATALOGUE_PATH = Path(__file__).with_name("oit_catalogue.json")
STATUS_YES, STATUS_IN_PROGRESS, STATUS_NO = "yes", "in_progress", "no"
STATUSES = (STATUS_YES, STATUS_IN_PROGRESS, STATUS_NO)
SOURCES = ("measures_plan", "measures_report", "satisfaction", "complaints")
EDIT_FILENAME_KEY = "oit_edit_filename"
# Columns of the in-app editor, in order (internal keys of the OIT sheet, fiscal_year is implied).
EDITOR_COLUMNS = (
    "code", "title", "indicator", "evidence_required", "status", "evidence_url", "owner", "last_updated", "measure_no",
)  # fmt: skip
# Read-only columns the editor shows beside the editable ones.
EDITOR_INFO_COLUMNS = ("source_text",)
_CHANGE_FIELDS = (
    "title",
    "indicator",
    "evidence_required",
    "status",
    "evidence_url",
    "owner",
    "last_updated",
    "measure_no",
)


@dataclass(frozen=True)
class CatalogueItem:
    """One evidence item of a year's catalogue."""

    code: str
    indicator: str
    title: str
    evidence: str
    source: str | None
    verified: bool


@dataclass(frozen=True)
class Catalogue:
    """The items of one ITA year (`list_years`: the years the list was written for)."""

    list_years: tuple[int, ...]
    verified: bool
    indicators: Mapping[str, str]
    items: tuple[CatalogueItem, ...]


@dataclass(frozen=True)
class OitItem:
    """One item of a year's checklist, with its status and where its evidence comes from."""

    code: str
    title: str
    indicator: str
    evidence_required: str
    status: str  # yes | in_progress | no
    evidence_url: str | None
    owner: str | None
    last_updated: str | None  # ISO date
    measure_no: int | None
    source_text: str  # what in the dashboard produces the evidence ('' when nothing does)
    verified: bool

    @property
    def status_label(self) -> str:
        """มี / กำลังจัดทำ / ไม่มี."""
        return label_of(OIT_STATUS_CHOICES, self.status)


@dataclass(frozen=True)
class Readiness:
    """How many items of a group are มี, กำลังจัดทำ and ไม่มี."""

    key: str
    title: str
    total: int
    yes: int
    in_progress: int
    no: int

    @property
    def pct(self) -> float | None:
        """Share of items marked มี (None for an empty group)."""
        return None if not self.total else self.yes / self.total * 100


@dataclass(frozen=True)
class OitChecklist:
    """A year's OIT checklist: items, readiness per sub-indicator and overall."""

    fiscal_year: int
    stored: bool  # rows of this year are in the OIT sheet
    catalogue_years: tuple[int, ...]  # the catalogue list used for titles and defaults
    catalogue_exact: bool  # the catalogue was written for this year
    catalogue_verified: bool
    items: tuple[OitItem, ...]
    by_indicator: tuple[Readiness, ...]
    overall: Readiness

    @property
    def unverified_codes(self) -> tuple[str, ...]:
        """Codes whose catalogue entry still needs checking against the NACC manual."""
        return tuple(i.code for i in self.items if not i.verified)

    @property
    def not_ready(self) -> tuple[OitItem, ...]:
        """Items whose evidence is not yet มี."""
        return tuple(i for i in self.items if i.status != STATUS_YES)


@dataclass(frozen=True)
class OitEditPlan:
    """What saving edited checklist rows would do: the validated plan and a Thai line per change."""

    plan: UploadPlan
    lines: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.plan.ok

    @property
    def problems(self) -> list[Problem]:
        return self.plan.errors

    @property
    def has_changes(self) -> bool:
        """True when there is something valid to save."""
        return self.plan.ok and bool(self.plan.changes) and bool(self.lines)


# ---------------------------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def load_catalogues(path: Path = CATALOGUE_PATH) -> tuple[Catalogue, ...]:
    """Every catalogue list in the JSON file."""
    document = json.loads(path.read_text(encoding="utf-8"))
    lists = []
    for entry in document["lists"]:
        items = tuple(
            CatalogueItem(
                code=str(i["code"]),
                indicator=str(i["indicator"]),
                title=str(i["title"]),
                evidence=str(i.get("evidence") or ""),
                source=i.get("source"),
                verified=bool(i.get("verified", entry.get("verified", False))),
            )
            for i in entry["items"]
        )
        lists.append(
            Catalogue(
                list_years=tuple(int(y) for y in entry["years"]),
                verified=bool(entry.get("verified", False)),
                indicators=dict(entry.get("indicators", {})),
                items=items,
            )
        )
    return tuple(lists)


def catalogue_for(fiscal_year: int, catalogues: Sequence[Catalogue] | None = None) -> tuple[Catalogue, bool]:
    """The catalogue of a year, or the nearest year's (ties go to the later list); True when exact."""
    lists = tuple(catalogues) if catalogues is not None else load_catalogues()
    for catalogue in lists:
        if fiscal_year in catalogue.list_years:
            return catalogue, True

    def distance(c: Catalogue) -> tuple[int, int]:
        return min(abs(y - fiscal_year) for y in c.list_years), -max(c.list_years)

    return min(lists, key=distance), False


def _code_order(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 10_000, code)


def _indicator_order(key: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in key.split("."))
    except ValueError:
        return (10_000,)


# ---------------------------------------------------------------------------------------------
# Checklist
# ---------------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _measure_names(dataset: Dataset, fiscal_year: int) -> dict[int, str]:
    measures = dataset.frame("measures")
    rows = measures[measures["fiscal_year"] == fiscal_year]
    return {int(n): str(name) for n, name in zip(rows["no"], rows["name"], strict=True) if pd.notna(n)}


def source_texts(dataset: Dataset, fiscal_year: int) -> dict[str, str]:
    """What the dashboard's data says about each evidence source for a year (Thai, one line each)."""
    measures = _measure_names(dataset, fiscal_year)
    results = dataset.frame("results")
    reported = {int(n) for n in results[results["fiscal_year"] == fiscal_year]["measure_no"].dropna()}
    quarters = results[results["fiscal_year"] == fiscal_year]["quarter"].dropna()
    survey = dataset.frame("satisfaction")
    services = survey[survey["fiscal_year"] == fiscal_year]["service"].dropna().nunique()
    complaints = dataset.frame("complaints")
    complaint_quarters = complaints[complaints["fiscal_year"] == fiscal_year]["quarter"].dropna().nunique()
    texts = {
        "measures_plan": t("oit_source_plan", year=fiscal_year, count=len(measures))
        if measures
        else t("oit_source_plan_none", year=fiscal_year),
        "measures_report": t(
            "oit_source_report",
            reported=len(reported & set(measures)),
            total=len(measures),
            quarter=int(quarters.max()) if len(quarters) else "–",
        )
        if measures
        else t("oit_source_plan_none", year=fiscal_year),
        "satisfaction": t("oit_source_satisfaction", count=services) if services else t("oit_source_satisfaction_none"),
        "complaints": t("oit_source_complaints", count=complaint_quarters)
        if complaint_quarters
        else t("oit_source_complaints_none"),
    }
    return texts


def _readiness(key: str, title: str, items: Iterable[OitItem]) -> Readiness:
    chosen = list(items)
    return Readiness(
        key=key,
        title=title,
        total=len(chosen),
        yes=sum(i.status == STATUS_YES for i in chosen),
        in_progress=sum(i.status == STATUS_IN_PROGRESS for i in chosen),
        no=sum(i.status == STATUS_NO for i in chosen),
    )


def build_checklist(dataset: Dataset, fiscal_year: int, catalogues: Sequence[Catalogue] | None = None) -> OitChecklist:
    """A year's checklist: stored rows (titles filled from the catalogue), or the catalogue with status ไม่มี."""
    catalogue, exact = catalogue_for(fiscal_year, catalogues)
    by_code = {item.code: item for item in catalogue.items}
    frame = dataset.frame("oit")
    stored = records_of(frame[frame["fiscal_year"] == fiscal_year]) if len(frame) else []
    sources = source_texts(dataset, fiscal_year)
    measures = _measure_names(dataset, fiscal_year)

    def source_of(entry: CatalogueItem | None, measure_no: int | None) -> str:
        parts = []
        if measure_no is not None:
            name = measures.get(measure_no)
            parts.append(
                t("oit_source_measure", number=measure_no, name=name)
                if name
                else t("oit_source_measure_unknown", number=measure_no)
            )
        if entry is not None and entry.source in sources:
            parts.append(sources[entry.source])
        return " · ".join(parts)

    items: list[OitItem] = []
    if stored:
        for row in stored:
            code = str(row["code"]).strip()
            entry = by_code.get(code) if exact else None
            measure_no = _int(row.get("measure_no"))
            items.append(
                OitItem(
                    code=code,
                    title=_text(row.get("title")) or (entry.title if entry else code),
                    indicator=_text(row.get("indicator")) or (entry.indicator if entry else ""),
                    evidence_required=_text(row.get("evidence_required")) or (entry.evidence if entry else ""),
                    status=str(row.get("status") or STATUS_NO),
                    evidence_url=_text(row.get("evidence_url")),
                    owner=_text(row.get("owner")),
                    last_updated=_text(row.get("last_updated")),
                    measure_no=measure_no,
                    source_text=source_of(entry, measure_no),
                    verified=entry.verified if entry else True,
                )
            )
    else:
        for entry in catalogue.items:
            items.append(
                OitItem(
                    code=entry.code,
                    title=entry.title,
                    indicator=entry.indicator,
                    evidence_required=entry.evidence,
                    status=STATUS_NO,
                    evidence_url=None,
                    owner=None,
                    last_updated=None,
                    measure_no=None,
                    source_text=source_of(entry, None),
                    verified=entry.verified and exact,
                )
            )
    items.sort(key=lambda i: _code_order(i.code))
    indicators = sorted({i.indicator for i in items}, key=_indicator_order)
    by_indicator = tuple(
        _readiness(key, catalogue.indicators.get(key, ""), (i for i in items if i.indicator == key))
        for key in indicators
    )
    return OitChecklist(
        fiscal_year=fiscal_year,
        stored=bool(stored),
        catalogue_years=catalogue.list_years,
        catalogue_exact=exact,
        catalogue_verified=catalogue.verified and exact,
        items=tuple(items),
        by_indicator=by_indicator,
        overall=_readiness("all", t("oit_overall"), items),
    )


# ---------------------------------------------------------------------------------------------
# Tables for the page
# ---------------------------------------------------------------------------------------------


def editor_frame(checklist: OitChecklist) -> pd.DataFrame:
    """The checklist as the in-app editor's table: internal keys, Thai status labels, dates as dates."""
    rows = []
    for item in checklist.items:
        rows.append(
            {
                "code": item.code,
                "title": item.title,
                "indicator": item.indicator,
                "evidence_required": item.evidence_required,
                "status": item.status_label,
                "evidence_url": item.evidence_url,
                "owner": item.owner,
                "last_updated": _thai_day(item.last_updated),
                "measure_no": "" if item.measure_no is None else str(item.measure_no),
                "source_text": item.source_text,
            }
        )
    # Every column is text: blanks are "" (a None cell would show the word "None" in the editor), and the
    # validator reads numbers and dates from text exactly as it reads them from a workbook.
    frame = pd.DataFrame(rows, columns=[*EDITOR_COLUMNS, *EDITOR_INFO_COLUMNS])
    return frame.fillna("").astype(str)


def _thai_day(iso: str | None) -> str | None:
    """'2025-01-15' → '15/01/2568', the way Thai users type dates (the validator reads it back)."""
    if not iso:
        return None
    day = dt.date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"


def editor_titles() -> dict[str, str]:
    """Thai header of each editor column."""
    titles = {c.key: c.title for c in OIT.columns}
    titles["source_text"] = t("oit_col_source")
    return {key: titles[key] for key in (*EDITOR_COLUMNS, *EDITOR_INFO_COLUMNS)}


def status_labels() -> list[str]:
    """The status choices as users see them."""
    return list(OIT_STATUS_CHOICES)


def readiness_frame(checklist: OitChecklist, thai_digits: bool = False) -> pd.DataFrame:
    """Readiness per sub-indicator and overall, as display rows."""
    from kpi.core.thai import format_number

    def row(r: Readiness) -> dict[str, str]:
        return {
            t("oit_col_indicator"): f"{r.key} {r.title}".strip() if r.key != "all" else r.title,
            t("oit_col_total"): format_number(r.total, 0, thai_digits),
            t("oit_status_yes"): format_number(r.yes, 0, thai_digits),
            t("oit_status_in_progress"): format_number(r.in_progress, 0, thai_digits),
            t("oit_status_no"): format_number(r.no, 0, thai_digits),
            t("oit_col_ready"): "–" if r.pct is None else f"{format_number(r.pct, 1, thai_digits)}%",
        }

    return pd.DataFrame([row(r) for r in (*checklist.by_indicator, checklist.overall)])


# ---------------------------------------------------------------------------------------------
# In-app edits → the validated, versioned commit path
# ---------------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """An editor cell as a workbook cell would arrive: blanks become None, numbers stay numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    return value


_ROW_IN_MESSAGE = re.compile(r"(?<=แถว )(\d+)")


def _one_up(match: re.Match[str]) -> str:
    return str(int(match.group(1)) - 1)


def edited_records(edited: pd.DataFrame, fiscal_year: int) -> tuple[list[Record], list[int], list[Problem]]:
    """Validate edited editor rows exactly as an uploaded OIT sheet; rows are numbered as in the editor."""
    header = [c.title for c in OIT.columns]
    raw_rows: list[list[Any]] = [header]
    for record in edited.to_dict("records"):
        values = {key: _cell(record.get(key)) for key in EDITOR_COLUMNS}
        if all(v in (None, "") for v in values.values()):
            continue  # an empty added row is ignored, as a blank sheet row is
        raw_rows.append([fiscal_year if c.key == "fiscal_year" else values.get(c.key) for c in OIT.columns])
    sheet = t("oit_editor_sheet")
    records, rows, problems = validate_sheet(OIT, sheet, raw_rows)
    # Excel row 2 is the editor's first row; a duplicate also names the other row in its message.
    shifted = [
        replace(p, row=p.row - 1 if p.row else p.row, message=_ROW_IN_MESSAGE.sub(_one_up, p.message))
        if p.code == "duplicate_key"
        else replace(p, row=p.row - 1 if p.row else p.row)
        for p in problems
    ]
    return records, [r - 1 for r in rows], shifted


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return t("oit_blank")
    if field == "status":
        return label_of(OIT_STATUS_CHOICES, str(value))
    return str(value)


def describe_edits(before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]) -> list[str]:
    """Thai lines naming every added, removed and changed item (field by field)."""
    titles = {c.key: c.title for c in OIT.columns}
    old = {str(r["code"]): r for r in before}
    new = {str(r["code"]): r for r in after}
    lines = []
    for code in sorted(set(old) | set(new), key=_code_order):
        if code not in old:
            lines.append(t("oit_change_add", code=code, title=new[code].get("title") or ""))
        elif code not in new:
            lines.append(t("oit_change_remove", code=code))
        else:
            for field in _CHANGE_FIELDS:
                a, b = old[code].get(field), new[code].get(field)
                if (a or None) != (b or None):
                    lines.append(
                        t(
                            "oit_change_field",
                            code=code,
                            field=titles[field],
                            old=_shown(field, a),
                            new=_shown(field, b),
                        )
                    )
    return lines


def _baseline_records(checklist: OitChecklist) -> list[Record]:
    """The rows the editor started from, as records (catalogue defaults when nothing is stored)."""
    return [
        {
            "fiscal_year": checklist.fiscal_year,
            "code": i.code,
            "title": i.title,
            "indicator": i.indicator,
            "evidence_required": i.evidence_required,
            "status": i.status,
            "evidence_url": i.evidence_url,
            "owner": i.owner,
            "last_updated": i.last_updated,
            "measure_no": i.measure_no,
        }
        for i in checklist.items
    ]


def plan_oit_edit(edited: pd.DataFrame, dataset: Dataset, fiscal_year: int) -> OitEditPlan:
    """Validate edited checklist rows and plan a new data version; writes nothing."""
    checklist = build_checklist(dataset, fiscal_year)
    records, rows, problems = edited_records(edited, fiscal_year)
    parsed = ParsedUpload(records={"oit": records} if records else {}, rows={"oit": rows} if records else {})
    parsed.problems.extend(problems)
    digest = hashlib.sha256(canonical_block(OIT, records)).hexdigest()
    filename = t(EDIT_FILENAME_KEY, year=fiscal_year)
    plan = plan_changes(parsed, dataset, filename, digest, is_sample=False)
    if not plan.ok:
        return OitEditPlan(plan, ())
    lines = describe_edits(_baseline_records(checklist), records)
    if not records and checklist.stored:
        lines = [t("oit_change_cannot_empty")]
        return OitEditPlan(replace(plan, changes=[], summary_lines=[]), tuple(lines))
    summary = [t("oit_change_summary", year=fiscal_year, count=len(lines))] if lines else []
    return OitEditPlan(replace(plan, summary_lines=summary), tuple(lines))
