"""ตัวชี้วัด page: the target tracker as text tables and picker options (the states come from kpi.domain.targets)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.thai import format_number
from kpi.domain.as_of import shown_quarters
from kpi.domain.figures_sources import MANUAL
from kpi.domain.targets import (
    DIRECTION_OPS,
    MET,
    MISSED,
    NO_DATA,
    PENDING,
    STATES,
    UPCOMING,
    TargetStatus,
    TrackedTarget,
    Tracker,
    condition_text,
)

STATE_KEYS = {
    MET: "target_met",
    PENDING: "target_pending",
    MISSED: "target_missed",
    NO_DATA: "target_no_data",
    UPCOMING: "status_upcoming",
}
# A symbol beside every state word: the state never rests on colour alone.
STATE_SYMBOLS = {MET: "✔", PENDING: "◐", MISSED: "✖", NO_DATA: "?", UPCOMING: "…"}


def state_text(state: str) -> str:
    """'✔ บรรลุ': a target state's symbol and word."""
    return f"{STATE_SYMBOLS[state]} {t(STATE_KEYS[state])}"


def _num(value: float | None) -> str:
    return format_number(value, 2)


def target_number(status: TargetStatus) -> str:
    """'1.2': measure and indicator number."""
    return f"{status.measure_no}.{status.indicator_no}"


def source_note(status: TargetStatus) -> str:
    """' · ความพึงพอใจ · ⚠ ค่าที่กรอกไว้ 88.60 ไม่ตรงกับค่าจากแหล่งข้อมูล' for a bound indicator, '' for a typed one."""
    if status.source == MANUAL:
        return ""
    note = f" · {t('source_' + status.source)}"
    if status.typed_disagrees and status.typed_actual is not None:
        note += f" · ⚠ {t('typed_disagrees', typed=_num(status.typed_actual))}"
    return note


def actual_text(status: TargetStatus, year: int) -> str:
    """'78 ร้อยละ (ไตรมาส 1)', '93.59 คะแนน (ทั้งปี) · คะแนน ITA' or 'ไม่มีข้อมูล': never 0 for a target without data."""
    if status.actual is None or status.period is None:
        return t("target_no_data") + source_note(status)
    return f"{_num(status.actual)} {status.unit} ({status.period})" + source_note(status)


def baseline_text(value: float | None, label: str | None) -> str:
    """'5 · ไตรมาส 2 ปีงบประมาณ 2567', or '–' without a baseline."""
    if value is None:
        return "–"
    return f"{_num(value)} · {label or ''}".rstrip(" ·")


def quarter_cell_text(tracked: TrackedTarget, quarter: int) -> str:
    """'✔ 85' (symbol and reported value), '? ไม่มีข้อมูล', '… ยังไม่ถึงกำหนด'."""
    cell = tracked.quarters[quarter - 1]
    if cell.actual is None:
        return state_text(cell.state)
    return f"{STATE_SYMBOLS[cell.state]} {_num(cell.actual)}"


def legend_text() -> str:
    """'✔ บรรลุ · ◐ ยังไม่บรรลุ · …': what each symbol of the table means."""
    return " · ".join(state_text(s) for s in (*STATES, UPCOMING))


def tracker_columns(year: int, quarter: int = 4) -> list[str]:
    """Headers of the tracker table: a column per quarter 1 to the quarter viewed."""
    return [
        t("targets_col_no"),
        t("targets_col_name"),
        t("targets_col_condition"),
        t("targets_col_actual"),
        t("targets_col_baseline"),
        t("targets_col_state"),
        *(quarter_label(year, q) for q in shown_quarters(quarter)),
    ]


def tracker_frame(tracker: Tracker, states: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every target (of the chosen year states) as one row of text."""
    columns = tracker_columns(tracker.year, tracker.quarter)
    records = []
    for tracked in tracker.filtered(states):
        status = tracked.status
        values = [
            target_number(status),
            status.name,
            condition_text(status),
            actual_text(status, tracker.year),
            baseline_text(status.baseline, status.baseline_label),
            state_text(status.state),
            *(quarter_cell_text(tracked, q) for q in shown_quarters(tracker.quarter)),
        ]
        records.append(dict(zip(columns, values, strict=True)))
    return pd.DataFrame(records, columns=columns, dtype="str")


def tracker_states(tracker: Tracker, states: tuple[str, ...] = ()) -> list[list[str]]:
    """The states behind the year column and the quarter columns, row by row."""
    return [[x.status.state, *(c.state for c in x.quarters)] for x in tracker.filtered(states)]


def counts_text(tracker: Tracker) -> str:
    """'✔ บรรลุ 3 · ◐ ยังไม่บรรลุ 2 · ✖ ไม่บรรลุ 1 · ? ไม่มีข้อมูล 1 (ทั้งหมด 7 ตัวชี้วัด)'."""
    parts = [f"{state_text(s)} {_num(tracker.counts[s])}" for s in STATES]
    return t("targets_counts", parts=" · ".join(parts), total=_num(len(tracker.targets)))


def state_options() -> dict[str, str]:
    """Year state → '✔ บรรลุ', for the state filter."""
    return {state: state_text(state) for state in STATES}


def target_options(tracker: Tracker, states: tuple[str, ...] = ()) -> dict[str, str]:
    """'1.2' → '1.2 ร้อยละความพึงพอใจ' for the progress-chart picker."""
    out = {}
    for tracked in tracker.filtered(states):
        key = f"{tracked.status.measure_no}.{tracked.status.indicator_no}"
        out[key] = f"{target_number(tracked.status)} {tracked.status.name}"
    return out


def pick_target(tracker: Tracker, key: str | None) -> TrackedTarget | None:
    """The target named by a picker key '1.2' (None when it is not there)."""
    if not key or "." not in key:
        return None
    measure, _, indicator = key.partition(".")
    if not (measure.isdigit() and indicator.isdigit()):
        return None
    return tracker.find(int(measure), int(indicator))


@dataclass(frozen=True)
class TargetExplanation:
    """One target spelled out under its chart: what it is compared with and why it has its state."""

    title: str
    lines: tuple[str, ...]


def explain_target(tracked: TrackedTarget, year: int) -> TargetExplanation:
    """The measure, the condition, the baseline used and each reported quarter, in plain Thai."""
    status = tracked.status
    lines = [
        t("targets_explain_measure", no=str(status.measure_no), name=tracked.measure_name or "–"),
        t("targets_explain_condition", condition=condition_text(status)),
        t("targets_explain_state", state=state_text(status.state), actual=actual_text(status, year)),
    ]
    if status.op in DIRECTION_OPS:
        if status.baseline is None:
            lines.append(t("targets_explain_no_baseline"))
        else:
            lines.append(
                t(
                    "targets_explain_baseline",
                    baseline=baseline_text(status.baseline, status.baseline_label),
                )
            )
    return TargetExplanation(title=f"{target_number(status)} {status.name}", lines=tuple(lines))
