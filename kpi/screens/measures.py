"""มาตรการ: measures × quarters of one fiscal year, as of a quarter, with filters and one measure's detail.

A cell is a measure in a quarter. Its status is the one reported in the quarterly results; a
planned quarter without a report is "ยังไม่รายงาน" once the quarter has come (quarters after the
viewed one are "ยังไม่ถึงกำหนด"), and an unplanned quarter without a report is empty. A measure's
percent done is the latest percent reported up to the viewed quarter ("เสร็จสิ้น" without a
percent counts as 100). The share of planned work done in a quarter is the measures reported
"เสร็จสิ้น" among those planned in that quarter, the same figure the overview shows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.dataset import cell_float as _float
from kpi.core.fiscal import QUARTERS, quarter_label, thai_date
from kpi.core.messages import t
from kpi.core.schema import KIND_CHOICES, label_of
from kpi.core.thai import format_number
from kpi.domain.targets import condition_text, target_tracker
from kpi.screens.targets import actual_text, hidden_of, public_hiding, public_state_text, target_number

REPORTED_STATES = ("done", "in_progress", "not_started", "not_done")
NO_REPORT, UPCOMING, NOT_PLANNED = "no_report", "upcoming", "not_planned"
CELL_STATES = (*REPORTED_STATES, NO_REPORT, UPCOMING, NOT_PLANNED)
FILTER_STATES = (*REPORTED_STATES, NO_REPORT, NOT_PLANNED)  # what a measure can be "now", for the status filter
STATE_KEYS = {
    "done": "status_done",
    "in_progress": "status_in_progress",
    "not_started": "status_not_started",
    "not_done": "status_not_done",
    NO_REPORT: "status_no_report",
    UPCOMING: "status_upcoming",
    NOT_PLANNED: "status_not_planned",
}
# A symbol beside every status word: the state never rests on colour alone.
STATE_SYMBOLS = {
    "done": "✔",
    "in_progress": "◐",
    "not_started": "○",
    "not_done": "✖",
    NO_REPORT: "⚠",
    UPCOMING: "…",
    NOT_PLANNED: "",
}


def state_label(state: str) -> str:
    """The Thai word of a cell state."""
    return t(STATE_KEYS[state])


def legend_text() -> str:
    """'✔ เสร็จสิ้น · ◐ กำลังดำเนินการ · …': what each symbol of the grid means."""
    parts = [state_text(s) for s in CELL_STATES if s != NOT_PLANNED]
    return " · ".join([*parts, f"– {state_label(NOT_PLANNED)}"])


def state_text(state: str) -> str:
    """'✔ เสร็จสิ้น': a state's symbol and word ('–' for a quarter without plan or report)."""
    if state == NOT_PLANNED:
        return "–"
    return f"{STATE_SYMBOLS[state]} {state_label(state)}"


@dataclass(frozen=True)
class MeasureCell:
    """One measure in one quarter."""

    quarter: int
    planned: bool
    state: str  # one of CELL_STATES
    percent: float | None
    notes: tuple[str, ...]
    evidence: tuple[str, ...]
    report_date: dt.date | None


@dataclass(frozen=True)
class MeasureRow:
    """One measure with its four quarters, as of the viewed quarter."""

    no: int
    name: str
    kind: str
    responsible: str
    planned_quarters: tuple[int, ...]
    steps: str
    output: str
    outcome: str
    cells: tuple[MeasureCell, ...]  # quarters 1–4
    percent_done: float | None  # latest percent reported up to the viewed quarter
    state_now: str  # the cell state of the viewed quarter

    @property
    def kind_label(self) -> str:
        """มาตรการ / โครงการ / กิจกรรม."""
        return label_of(KIND_CHOICES, self.kind)


@dataclass(frozen=True)
class QuarterShare:
    """Planned measures of one quarter and how many were reported done."""

    quarter: int
    planned: int
    done: int
    reported: int
    due: bool  # the quarter has come (it is not after the viewed quarter)

    @property
    def share(self) -> float | None:
        """Percent of planned measures done; None without a plan or before the quarter has come."""
        if not self.planned or not self.due:
            return None
        return self.done / self.planned * 100


@dataclass(frozen=True)
class MeasuresGrid:
    """Measures of a fiscal year as of a quarter, filtered by unit and by status now."""

    year: int
    quarter: int
    rows: tuple[MeasureRow, ...]  # after both filters
    shares: tuple[QuarterShare, ...]  # quarters 1–4, over the measures of the chosen units
    units: tuple[str, ...]  # every responsible unit of the year, for the filter
    total: int  # measures of the year before filtering

    def find(self, no: int) -> MeasureRow | None:
        """One measure by its number (among the filtered rows)."""
        return next((r for r in self.rows if r.no == no), None)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _planned(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(p) for p in text.split(",") if p.strip().isdigit() and int(p) in QUARTERS}))


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return tuple(seen)


def _cell(quarter: int, planned: bool, viewed: int, rows: list[dict[str, object]]) -> MeasureCell:
    if quarter > viewed:
        return MeasureCell(quarter, planned, UPCOMING if planned else NOT_PLANNED, None, (), (), None)
    if not rows:
        return MeasureCell(quarter, planned, NO_REPORT if planned else NOT_PLANNED, None, (), (), None)
    state = _text(rows[0]["status"]) or NO_REPORT
    percents = [p for p in (_float(r["percent"]) for r in rows) if p is not None]
    percent = max(percents) if percents else (100.0 if state == "done" else None)
    dates = [dt.date.fromisoformat(d) for d in (_text(r["report_date"]) for r in rows) if d]
    return MeasureCell(
        quarter=quarter,
        planned=planned,
        state=state,
        percent=percent,
        notes=_unique(_text(r["note"]) for r in rows),
        evidence=_unique(_text(r["evidence_url"]) for r in rows),
        report_date=max(dates) if dates else None,
    )


def _measure_rows(dataset: Dataset, year: int, quarter: int) -> list[MeasureRow]:
    measures = dataset.frame("measures")
    measures = measures[measures["fiscal_year"] == year].sort_values("no")
    results = dataset.frame("results")
    results = results[results["fiscal_year"] == year]
    by_key: dict[tuple[int, int], list[dict[str, object]]] = {}
    for record in results.sort_values(["quarter", "indicator_no"]).to_dict("records"):
        by_key.setdefault((int(record["measure_no"]), int(record["quarter"])), []).append(record)
    out = []
    for row in measures.to_dict("records"):
        no = int(row["no"])
        planned = _planned(_text(row["quarters"]))
        cells = tuple(_cell(q, q in planned, quarter, by_key.get((no, q), [])) for q in QUARTERS)
        reported = [c.percent for c in cells if c.percent is not None]
        out.append(
            MeasureRow(
                no=no,
                name=_text(row["name"]),
                kind=_text(row["kind"]),
                responsible=_text(row["responsible"]),
                planned_quarters=planned,
                steps=_text(row["steps"]),
                output=_text(row["output"]),
                outcome=_text(row["outcome"]),
                cells=cells,
                percent_done=reported[-1] if reported else None,
                state_now=cells[quarter - 1].state,
            )
        )
    return out


def measures_grid(
    dataset: Dataset, year: int, quarter: int, units: Iterable[str] = (), states: Iterable[str] = ()
) -> MeasuresGrid:
    """The measures grid of `year` as of `quarter`; `units` and `states` (status now) filter it (empty = all)."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, got {quarter}")
    rows = _measure_rows(dataset, year, quarter)
    all_units = tuple(sorted({r.responsible for r in rows if r.responsible}))
    wanted_units, wanted_states = set(units), set(states)
    of_units = [r for r in rows if not wanted_units or r.responsible in wanted_units]
    shares = tuple(
        QuarterShare(
            quarter=q,
            planned=sum(1 for r in of_units if q in r.planned_quarters),
            done=sum(1 for r in of_units if q in r.planned_quarters and r.cells[q - 1].state == "done"),
            reported=sum(1 for r in of_units if q in r.planned_quarters and r.cells[q - 1].state in REPORTED_STATES),
            due=q <= quarter,
        )
        for q in QUARTERS
    )
    shown = tuple(r for r in of_units if not wanted_states or r.state_now in wanted_states)
    return MeasuresGrid(year=year, quarter=quarter, rows=shown, shares=shares, units=all_units, total=len(rows))


# --- what the page shows ---------------------------------------------------------------------


def _num(value: float | None, decimals: int = 0) -> str:
    return format_number(None if value is None else round(value, decimals), decimals)


def cell_text(cell: MeasureCell) -> str:
    """'✔ เสร็จสิ้น', '◐ กำลังดำเนินการ 60%', '⚠ ยังไม่รายงาน', or '–' for an unplanned quarter."""
    text = state_text(cell.state)
    if cell.state == "in_progress" and cell.percent is not None:
        text += f" {_num(cell.percent)}%"
    if not cell.planned and cell.state in REPORTED_STATES:
        text += " " + t("measures_unplanned_mark")
    return text


def quarter_columns(year: int) -> list[str]:
    """The grid's quarter headers: 'ไตรมาส 1 (ต.ค.–ธ.ค. 67)' …"""
    return [quarter_label(year, q) for q in QUARTERS]


def grid_frame(grid: MeasuresGrid) -> pd.DataFrame:
    """The grid as a table of text: number, measure, unit, one column per quarter, percent done."""
    quarters = quarter_columns(grid.year)
    records = []
    for row in grid.rows:
        record = {
            t("measures_col_no"): str(row.no),
            t("measures_col_name"): row.name,
            t("measures_col_unit"): row.responsible or "–",
        }
        for label, cell in zip(quarters, row.cells, strict=True):
            record[label] = cell_text(cell)
        record[t("measures_col_percent")] = (
            t("target_no_data") if row.percent_done is None else f"{_num(row.percent_done)}%"
        )
        records.append(record)
    columns = [t("measures_col_no"), t("measures_col_name"), t("measures_col_unit"), *quarters]
    return pd.DataFrame(records, columns=[*columns, t("measures_col_percent")], dtype="str")


def count_text(grid: MeasuresGrid) -> str:
    """'แสดง 4 จาก 17 มาตรการ'."""
    return t("measures_grid_count", shown=_num(len(grid.rows)), total=_num(grid.total))


def share_texts(grid: MeasuresGrid) -> list[str]:
    """One line per quarter: 'ไตรมาส 1 (…): เสร็จสิ้น 3 จาก 4 มาตรการที่วางแผน (75%)'."""
    lines = []
    for share in grid.shares:
        label = quarter_label(grid.year, share.quarter)
        if not share.planned:
            lines.append(t("measures_share_none", quarter=label))
        elif not share.due:
            lines.append(t("measures_share_upcoming", quarter=label, planned=_num(share.planned)))
        else:
            lines.append(
                t(
                    "measures_share_line",
                    quarter=label,
                    done=_num(share.done),
                    planned=_num(share.planned),
                    share=_num(share.share),
                )
            )
    return lines


@dataclass(frozen=True)
class MeasureDetail:
    """Everything the detail panel shows about one measure."""

    title: str
    facts: tuple[tuple[str, str], ...]  # (label, text): kind, unit, planned quarters, percent done
    sections: tuple[tuple[str, str], ...]  # (heading, text): steps, output, outcome (empty ones left out)
    quarters: pd.DataFrame  # quarter, status, percent, report date, notes
    evidence: pd.DataFrame  # quarter, link
    target_lines: tuple[str, ...]  # '1.1 ร้อยละความพึงพอใจ: ≥ 80 ร้อยละ · ✔ บรรลุ · 85 ร้อยละ (ไตรมาส 2)'


def measure_detail(dataset: Dataset, grid: MeasuresGrid, no: int, public: bool = False) -> MeasureDetail | None:
    """One measure of the grid in detail, with its per-quarter notes, evidence links and targets
    (`public`: a complaint indicator's numbers hidden as on the targets page)."""
    row = grid.find(no)
    if row is None:
        return None
    planned = ", ".join(str(q) for q in row.planned_quarters) or "–"
    facts = (
        (t("measures_detail_kind"), row.kind_label or "–"),
        (t("measures_col_unit"), row.responsible or "–"),
        (t("measures_detail_planned"), planned),
        (
            t("measures_col_percent"),
            t("target_no_data") if row.percent_done is None else f"{_num(row.percent_done)}%",
        ),
    )
    sections = tuple(
        (heading, text)
        for heading, text in (
            (t("measures_detail_steps"), row.steps),
            (t("measures_detail_output"), row.output),
            (t("measures_detail_outcome"), row.outcome),
        )
        if text
    )
    quarter_rows: list[dict[str, str]] = []
    evidence_rows: list[dict[str, str]] = []
    for cell in row.cells:
        label = quarter_label(grid.year, cell.quarter)
        quarter_rows.append(
            {
                t("measures_col_quarter"): label + ("" if cell.planned else " " + t("measures_unplanned_mark")),
                t("measures_col_status"): state_text(cell.state),
                t("measures_col_percent"): "–" if cell.percent is None else f"{_num(cell.percent)}%",
                t("measures_col_report_date"): "–" if cell.report_date is None else thai_date(cell.report_date),
                t("measures_col_note"): " · ".join(cell.notes) or "–",
            }
        )
        evidence_rows.extend(
            {t("measures_col_quarter"): label, t("measures_col_evidence"): url} for url in cell.evidence
        )
    tracker = target_tracker(dataset, grid.year, grid.quarter)
    hiding = public_hiding(tracker, dataset.frame("complaints")) if public else None
    return MeasureDetail(
        title=t("measures_detail_title", no=str(row.no), name=row.name),
        facts=facts,
        sections=sections,
        quarters=pd.DataFrame(quarter_rows, dtype="str"),
        evidence=pd.DataFrame(
            evidence_rows, columns=[t("measures_col_quarter"), t("measures_col_evidence")], dtype="str"
        ),
        target_lines=tuple(
            f"{target_number(x.status)} {x.status.name}: {condition_text(x.status)}"
            f" · {public_state_text(x.status.state, hidden_of(hiding, x.status).state)}"
            f" · {actual_text(x.status, grid.year, hidden_of(hiding, x.status).actual)}"
            for x in tracker.targets
            if x.status.measure_no == no
        ),
    )


def measure_options(grid: MeasuresGrid) -> dict[int, str]:
    """Measure number → '3. ชื่อมาตรการ' for the detail picker."""
    return {row.no: f"{row.no}. {row.name}" for row in grid.rows}


def status_options() -> dict[str, str]:
    """Status code → Thai word, for the status filter."""
    return {state: f"– {state_label(state)}" if state == NOT_PLANNED else state_text(state) for state in FILTER_STATES}
