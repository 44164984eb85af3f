"""In-app edits of the OIT checklist, planned through the same validation and versioned commit as uploads.

The editor's rows (kpi.domain.oit.editor_frame) are checked by kpi.ingest.sheets.validate_sheet as an
uploaded OIT sheet would be, and the new version is planned by kpi.ingest.upload.plan_changes: nothing
here writes; the page commits the plan as it commits an upload.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from kpi.core.dataset import Dataset, Record, canonical_block
from kpi.core.messages import t
from kpi.core.problems import Problem
from kpi.core.schema import OIT, OIT_STATUS_CHOICES, label_of
from kpi.domain.oit import EDITOR_COLUMNS, OitChecklist, build_checklist, code_order
from kpi.ingest.sheets import validate_sheet
from kpi.ingest.upload import UploadPlan, plan_changes
from kpi.ingest.workbook import ParsedUpload

EDIT_FILENAME_KEY = "oit_edit_filename"
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
    return validate_sheet(OIT, sheet, raw_rows, first_row=1)  # the editor's rows count from 1


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
    for code in sorted(set(old) | set(new), key=code_order):
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
