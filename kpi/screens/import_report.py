"""Review an imported report before saving: editable tables, highlighted targets, and the way back
into the same validated, versioned commit as an Excel upload.

The review tables use the workbook's own Thai headers and labels, so what the user edits is what
the template would show; saving turns them into a workbook and runs it through kpi.ingest.upload.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Record
from kpi.core.fiscal import quarter_label
from kpi.core.messages import REPORT_METRIC_LABELS, t
from kpi.core.schema import INDICATORS, KIND_CHOICES, MEASURES, OP_CHOICES, UNIT_CHOICES, label_of
from kpi.core.text_safety import clean_tree, clean_value
from kpi.core.thai import escape_markdown
from kpi.domain.figures_sources import source_from_name
from kpi.ingest.report.model import ImportedMeasure, ImportedReport
from kpi.ingest.report.target_text import Target, distinct_targets
from kpi.ingest.template import build_workbook

MEASURE_COLUMNS = ("no", "name", "kind", "quarters", "responsible", "steps", "output", "outcome")
TARGET_COLUMNS = ("measure_no", "indicator_no", "name", "unit", "op", "target")


@dataclass(frozen=True)
class Highlighted:
    """A measure's output or outcome as markdown, each target's text span highlighted."""

    label: str
    markdown: str


def indicator_name(target: Target) -> str:
    """A readable indicator name: what is measured, and the report's own words."""
    what = REPORT_METRIC_LABELS.get(target.metric, REPORT_METRIC_LABELS["count"])
    return f"{what}: {target.text}"[:200]


def _unit(target: Target) -> str:
    return target.unit if target.unit in UNIT_CHOICES else "ร้อยละ" if "ร้อยละ" in target.unit else "เรื่อง"


def review_tables(report: ImportedReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two editable tables (measures, targets) with the workbook's Thai headers and labels.

    Every text is cleaned of control/bidi characters: the tables are shown, edited and written to a
    workbook, and a writer refuses those characters (the page would fail on every render).
    """
    report = clean_tree(report)
    measure_rows = []
    target_rows = []
    for m in report.measures:
        measure_rows.append(
            {
                MEASURES.column("no").title: m.no,
                MEASURES.column("name").title: m.name,
                MEASURES.column("kind").title: m.kind,
                MEASURES.column("quarters").title: ",".join(str(q) for q in m.quarters),
                MEASURES.column("responsible").title: m.responsible,
                MEASURES.column("steps").title: m.steps,
                MEASURES.column("output").title: m.output,
                MEASURES.column("outcome").title: m.outcome,
            }
        )
        for number, target in enumerate(distinct_targets(m.targets), start=1):
            target_rows.append(
                {
                    INDICATORS.column("measure_no").title: m.no,
                    INDICATORS.column("indicator_no").title: number,
                    INDICATORS.column("name").title: indicator_name(target),
                    INDICATORS.column("unit").title: _unit(target),
                    INDICATORS.column("op").title: label_of(OP_CHOICES, target.op),
                    INDICATORS.column("target").title: target.value,
                }
            )
    measures = pd.DataFrame(measure_rows, columns=[MEASURES.column(k).title for k in MEASURE_COLUMNS])
    targets = pd.DataFrame(target_rows, columns=[INDICATORS.column(k).title for k in TARGET_COLUMNS])
    return measures, targets


def _cell(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    # What the user typed or pasted into the table is written to a workbook: nothing it holds may break it.
    return clean_value(value)


def records_from_review(measures: pd.DataFrame, targets: pd.DataFrame, fiscal_year: int) -> dict[str, list[Record]]:
    """Edited review tables → workbook records (labels back to codes; unknown labels kept for the validator)."""
    kinds = {**KIND_CHOICES}
    ops = {**OP_CHOICES}
    out: dict[str, list[Record]] = {"measures": [], "indicators": []}
    for row in measures.to_dict("records"):
        values = {key: _cell(row.get(MEASURES.column(key).title)) for key in MEASURE_COLUMNS}
        if all(v in (None, "") for v in values.values()):
            continue
        kind = values["kind"]
        values["kind"] = kinds.get(str(kind), kind) if kind is not None else None
        out["measures"].append({"fiscal_year": fiscal_year, **values})
    for row in targets.to_dict("records"):
        values = {key: _cell(row.get(INDICATORS.column(key).title)) for key in TARGET_COLUMNS}
        if all(v in (None, "") for v in values.values()):
            continue
        op = values["op"]
        values["op"] = ops.get(str(op), op) if op is not None else None
        # issue 11: satisfaction, complaint and ITA indicators take their values from those sheets.
        source, detail = source_from_name(str(values.get("name") or ""), str(values.get("unit") or ""))
        out["indicators"].append(
            {"fiscal_year": fiscal_year, **values, "baseline": None, "source": source, "source_detail": detail or None}
        )
    return out


def review_workbook(measures: pd.DataFrame, targets: pd.DataFrame, fiscal_year: int) -> bytes:
    """The reviewed import as a filled workbook in the template's format."""
    return build_workbook(records_from_review(measures, targets, fiscal_year), sheets=("measures", "indicators"))


def highlighted_sources(measure: ImportedMeasure) -> list[Highlighted]:
    """Output and outcome with every extracted target's span highlighted."""
    out = []
    measure = clean_tree(measure)
    for source, text in (("output", measure.output), ("outcome", measure.outcome)):
        label = MEASURES.column(source).title
        spans = sorted(
            {(text.find(t.text), len(t.text)) for t in measure.targets if t.source == source and t.text in text},
        )
        pieces, at = [], 0
        for start, length in spans:
            if start < at:
                continue
            pieces.append(escape_markdown(text[at:start]))
            pieces.append(f":orange-background[**{escape_markdown(text[start : start + length])}**]")
            at = start + length
        pieces.append(escape_markdown(text[at:]))
        out.append(Highlighted(label, "".join(pieces) or "–"))
    return out


# The year field's range: a year the report states outside it (a typo such as 2460) is not offered.
YEAR_RANGE = (2550, 2700)


def stated_year(report: ImportedReport) -> int | None:
    """The fiscal year the report states, when it is a plausible one."""
    low, high = YEAR_RANGE
    return report.fiscal_year if report.fiscal_year and low <= report.fiscal_year <= high else None


def source_heading(measure: ImportedMeasure) -> str:
    """'3. ชื่อมาตรการ' as markdown that shows the text as written."""
    return escape_markdown(f"{measure.no}. {measure.name}")


def period_line(measure: ImportedMeasure, fiscal_year: int) -> str:
    """The report's period text and the quarters it was read as: '… → ไตรมาส 1, ไตรมาส 2' (markdown)."""
    quarters = ", ".join(quarter_label(fiscal_year, q).split(" (")[0] for q in measure.quarters)
    shown = f"{escape_markdown(measure.period_text or '–')} → {quarters or t('import_no_quarter')}"
    return f"**{t('import_period')}:** {shown}"
