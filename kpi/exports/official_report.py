"""The official results report (ITA evidence): the year's measures in the sample report's layout.

    รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี พ.ศ. ๒๕๖๘   ← title
    องค์การบริหารส่วนตำบลบ้านผือ ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย                    ← organisation
    ตามที่…ได้เข้าร่วมการประเมิน… มีรายละเอียด ดังนี้                                         ← introduction
    ┌──────────────┬────────────┬──────────┬──────────┬──────────────┬──────────────────┐
    │ มาตรการ…      │ ขั้นตอน…    │ ช่วงเวลา   │ ผู้รับผิดชอบ │ ผลการดำเนินการ │ ผลลัพธ์หรือผลสัมฤทธิ์ │
    │ ๑. มาตรการ “…” │ …          │ ไตรมาสที่ ๑ - ๔ │ …     │ output + ผลล่าสุด │ outcome + ตัวชี้วัด │
    └──────────────┴────────────┴──────────┴──────────┴──────────────┴──────────────────┘
    ข้อมูล ณ สิ้นไตรมาส … · ข้อมูลฉบับที่ N …
    ภาคผนวก: ข้อ │ ไตรมาส 1 │ ไตรมาส 2 … (result · evidence links)                          ← every quarter

The output column keeps the planned output and adds the latest reported quarter's result and how
many evidence links the measure has; every reported quarter (status, percent, note) and every
evidence link is in the appendix, one row per measure ("ข้อ", its number) and a column per quarter,
so nothing is dropped and no long address breaks the table. The outcome column keeps the
planned outcome and adds each indicator with its target, latest actual and state.

One digit style per report: with the Thai-digits option every digit is Thai (except inside links),
without it every digit is Arabic, the typed text's "๑ ฉบับ" included. Written as .xlsx
(report_xlsx) and .docx (report_docx), laid out by report_layout.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, TypeVar

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.schema import STATUS_CHOICES, label_of
from kpi.core.settings import ORG_DISTRICT, ORG_NAME, ORG_PROVINCE, ORG_SUBDISTRICT, TARGETS
from kpi.core.thai import format_number, in_thai_digits, to_arabic_digits
from kpi.domain.targets import TargetStatus, target_statuses
from kpi.exports.provenance import prepared_text, version_text
from kpi.exports.public_figures import PublicTarget, public_targets
from kpi.privacy.suppression import suppression_footnote

FONT = "TH Sarabun New"
COLUMN_KEYS = ("measure", "steps", "period", "responsible", "output", "outcome")
_T = TypeVar("_T")


@dataclass(frozen=True)
class ReportRow:
    """One measure as six cells of text."""

    measure_no: int
    cells: tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class AppendixRow:
    """One measure's reported quarters: ข้อ (the measure's number), then per quarter "result · links"."""

    measure_no: int
    cells: tuple[str, ...]
    links: tuple[str, ...]


@dataclass(frozen=True)
class ResultsReport:
    """The whole report: title lines, the header, one row per measure, the as-of line, the appendix."""

    year: int
    quarter: int
    title: str
    organisation: str
    place: str  # ตำบล… อำเภอ… จังหวัด… (empty when not set)
    intro: str
    header: tuple[str, ...]
    rows: tuple[ReportRow, ...]
    as_of: str
    thai_digits: bool
    appendix_note: str = ""
    appendix_title: str = ""
    appendix_header: tuple[str, ...] = ()
    appendix: tuple[AppendixRow, ...] = ()

    @property
    def organisation_line(self) -> str:
        """The organisation and where it is, as the sample report's second title line."""
        return f"{self.organisation} {self.place}".strip()


def _text(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


def period_text(quarters: str) -> str:
    """'1,2,3,4' → 'ไตรมาสที่ 1 - 4'; '1,3' → 'ไตรมาสที่ 1, 3'; '2' → 'ไตรมาสที่ 2'."""
    numbers = sorted({int(q) for q in re.findall(r"\d", quarters)})
    if not numbers:
        return ""
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return t("report_period", quarters=f"{numbers[0]} - {numbers[-1]}")
    return t("report_period", quarters=", ".join(str(n) for n in numbers))


def _result_text(group: pd.DataFrame) -> str:
    """'กำลังดำเนินการ ร้อยละ 50 · note': one measure's result in one quarter (its rows, one per indicator)."""
    first = group.iloc[0]
    text = label_of(STATUS_CHOICES, _text(first["status"]))
    if _text(first["percent"]):
        text += t("report_percent", value=format_number(float(first["percent"])))
    notes = [n for n in dict.fromkeys(_text(v) for v in group["note"]) if n]
    return " · ".join([text, *notes])


def _quarter_results(results: pd.DataFrame, measure: int) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Each reported quarter of a measure: its result text and its evidence links, in quarter order."""
    rows = results[results["measure_no"] == measure].sort_values(["quarter", "indicator_no"], na_position="first")
    out = {}
    for quarter, group in rows.groupby("quarter", sort=True):
        links = tuple(u for u in dict.fromkeys(_text(v) for v in group["evidence_url"]) if u)
        out[int(quarter)] = (_result_text(group), links)
    return out


def _appendix_row(reported: dict[int, tuple[str, tuple[str, ...]]], measure: int, quarter: int) -> AppendixRow:
    cells = [str(measure)]
    for q in range(1, quarter + 1):
        result, links = reported.get(q, (t("report_appendix_none"), ()))
        cells.append(" · ".join([result, *links]))
    links = tuple(dict.fromkeys(link for _, quarter_links in reported.values() for link in quarter_links))
    return AppendixRow(measure, tuple(cells), links)


def _output_lines(reported: dict[int, tuple[str, tuple[str, ...]]], measure: int) -> list[str]:
    """The latest quarter's result with how many evidence links there are and where (the appendix)."""
    if not reported:
        return [t("report_no_result")]
    latest = max(reported)
    line = t("report_latest", quarter=latest, status=reported[latest][0])
    links = dict.fromkeys(link for _, quarter_links in reported.values() for link in quarter_links)
    if links:
        line += t("report_evidence_count", count=len(links), no=measure)
    elif len(reported) > 1:
        line += t("report_quarters_in_appendix", no=measure)
    return [line]


def place_text(subdistrict: str, district: str, province: str) -> str:
    """'ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย'; a part left empty is left out, a typed prefix kept once."""
    parts = []
    for key, name in (
        ("report_org_subdistrict", subdistrict),
        ("report_org_district", district),
        ("report_org_province", province),
    ):
        prefix = t(key, name="")
        name = name.strip()
        if name:
            parts.append(name if name.startswith(prefix) else t(key, name=name))
    return " ".join(parts)


def _outcome_lines(targets: tuple[PublicTarget, ...]) -> list[str]:
    """One line per indicator, then the hidden-number footnote when a line hides a complaint count."""
    lines = [
        t("report_indicator", name=p.status.name, target=p.condition(with_label=False), actual=p.actual, state=p.state)
        for p in targets
    ]
    return [*lines, suppression_footnote(TARGETS.suppression_k)] if any(p.hides_count for p in targets) else lines


def build_report(
    dataset: Dataset,
    year: int,
    quarter: int = 4,
    thai_digits: bool = False,
    organisation: str | None = None,
    today: dt.date | None = None,
    statuses: list[TargetStatus] | None = None,
    place: str | None = None,
) -> ResultsReport:
    """The results report of a fiscal year, with results reported up to the end of `quarter`.

    `statuses` are the year's target_statuses when the caller has them already (a council pack
    builds them once for the deck and the report). `place` (ตำบล… อำเภอ… จังหวัด…) defaults to
    the KPI_ORG_SUBDISTRICT / _DISTRICT / _PROVINCE settings.
    """
    org = organisation or ORG_NAME
    measures = dataset.frame("measures")
    measures = measures[measures["fiscal_year"] == year].sort_values("no")
    results = dataset.frame("results")
    results = results[(results["fiscal_year"] == year) & (results["quarter"] <= quarter)]
    targets = public_targets(
        statuses if statuses is not None else target_statuses(dataset, year, quarter), dataset, quarter
    )
    rows, appendix = [], []
    for record in measures.to_dict("records"):
        number = int(record["no"])
        reported = _quarter_results(results, number)
        if reported:
            appendix.append(_appendix_row(reported, number, quarter))
        output = [_text(record["output"])] if _text(record["output"]) else []
        outcome = [_text(record["outcome"])] if _text(record["outcome"]) else []
        outcome += _outcome_lines(tuple(p for p in targets if p.status.measure_no == number))
        cells = (
            f"{number}. {_text(record['name'])}",
            _text(record["steps"]),
            period_text(_text(record["quarters"])),
            _text(record["responsible"]),
            "\n".join([*output, *_output_lines(reported, number)]),
            "\n".join(outcome),
        )
        rows.append(ReportRow(number, cells))
    as_of = t(
        "report_as_of",
        quarter=quarter_label(year, quarter),
        version_text=version_text(dataset.version),
        prepared=prepared_text(today),
    )
    report = ResultsReport(
        year=year,
        quarter=quarter,
        title=t("report_title", year=year),
        organisation=org,
        place=place if place is not None else place_text(ORG_SUBDISTRICT, ORG_DISTRICT, ORG_PROVINCE),
        intro=t("report_intro", org=org, year=year),
        header=tuple(t(f"report_col_{key}") for key in COLUMN_KEYS),
        rows=tuple(rows),
        as_of=as_of,
        thai_digits=thai_digits,
        appendix_note=t("report_appendix_note") if appendix else "",
        appendix_title=t("report_appendix_title"),
        appendix_header=(
            t("report_appendix_col_no"),
            *(t("report_appendix_col_quarter", quarter=q) for q in range(1, quarter + 1)),
        ),
        appendix=tuple(appendix),
    )
    # One digit style in the whole report: Thai everywhere except inside links (they must still
    # open), or Arabic everywhere, the typed text's Thai digits ("๑ ฉบับ") included.
    return in_thai_digits(report) if thai_digits else in_arabic_digits(report)


def in_arabic_digits(value: _T) -> _T:
    """The value with Arabic digits in every text it holds (links keep theirs, whatever they are)."""
    if isinstance(value, str):
        return to_arabic_digits(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(in_arabic_digits(v) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {
            f.name: in_arabic_digits(getattr(value, f.name)) for f in fields(value) if f.name != "links" and f.init
        }
        return replace(value, **changes)  # type: ignore[type-var]
    return value


def report_to_xlsx(report: ResultsReport) -> bytes:
    """The report as an .xlsx workbook (kpi.exports.report_xlsx)."""
    from kpi.exports.report_xlsx import write_xlsx

    return write_xlsx(report)


def report_to_docx(report: ResultsReport) -> bytes:
    """The report as a Word document (kpi.exports.report_docx)."""
    from kpi.exports.report_docx import write_docx

    return write_docx(report)
