"""ตัวชี้วัด page: the target tracker as text tables and picker options (the states come from kpi.domain.targets).

The public view hides what a public export hides (`public_hiding`): an indicator that counts
complaints shows 1..k−1 as "ปกปิด", a complaint-bound one also what the year's public complaint grid
hides (kpi.domain.public_grid.grid_hides, the rule the council deck uses), and its state word with
them when the state would narrow a hidden number down (kpi.privacy.public.state_gives_away).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.settings import TARGETS
from kpi.core.thai import format_number
from kpi.domain.as_of import shown_quarters
from kpi.domain.figures_sources import MANUAL
from kpi.domain.public_grid import HIDDEN_STATE, count_shown, grid_hides, state_hidden, target_grids
from kpi.domain.targets import (
    DIRECTION_OPS,
    MET,
    MISSED,
    NO_DATA,
    PENDING,
    QUARTER_STATES,
    STATES,
    UPCOMING,
    TargetStatus,
    TrackedTarget,
    Tracker,
    condition_text,
)
from kpi.privacy.public import is_complaint_count

STATE_KEYS = {
    MET: "target_met",
    PENDING: "target_pending",
    MISSED: "target_missed",
    NO_DATA: "target_no_data",
    UPCOMING: "status_upcoming",
}
# A symbol beside every state word: the state never rests on colour alone.
STATE_SYMBOLS = {MET: "✔", PENDING: "◐", MISSED: "✖", NO_DATA: "?", UPCOMING: "…"}
# HIDDEN_STATE (kpi.domain.public_grid): a state the public view does not show, the cell left uncoloured


@dataclass(frozen=True)
class Hidden:
    """What the public view hides of one indicator's line."""

    actual: bool = False
    baseline: bool = False
    state: bool = False
    quarters: frozenset[int] = frozenset()  # quarters whose value is hidden
    quarter_states: frozenset[int] = frozenset()  # quarters whose state is hidden (its value or baseline is)

    @property
    def any(self) -> bool:
        return self.actual or self.baseline or self.state or bool(self.quarters or self.quarter_states)


SHOWN = Hidden()
Hiding = dict[tuple[int, int], Hidden]  # (measure, indicator) → what is hidden; absent: nothing


def _small(value: float | None, k: int) -> bool:
    return value is not None and 0 < value < k


def public_hiding(tracker: Tracker, complaints: pd.DataFrame | None, k: int | None = None) -> Hiding:
    """What the public view hides of each complaint indicator, by the public exports' rules."""
    k = TARGETS.suppression_k if k is None else k
    this, last = target_grids(complaints, tracker.year, tracker.quarter, k)
    out: Hiding = {}
    for tracked in tracker.targets:
        s = tracked.status
        counted = is_complaint_count(s) or s.source == "complaints"
        if not counted:
            continue
        grid_actual, grid_baseline = grid_hides(s, this, last)
        # each quarter's value is the grid's number of that quarter, its baseline the one before:
        # hidden where the grid hides it, and the quarter's state with either
        quarters: set[int] = set()
        quarter_states: set[int] = set()
        for c in tracked.quarters:
            if c.actual is None:
                continue
            as_quarter = replace(s, actual=c.actual, actual_quarter=c.quarter, baseline=c.baseline)
            value_hidden, baseline_hidden = grid_hides(as_quarter, this, last)
            if value_hidden or _small(c.actual, k):
                quarters.add(c.quarter)
            if c.quarter in quarters or baseline_hidden or _small(c.baseline, k):
                quarter_states.add(c.quarter)
        hidden = Hidden(
            actual=grid_actual or _small(s.actual, k),
            baseline=grid_baseline or _small(s.baseline, k),
            state=state_hidden(s, this, last, k),
            quarters=frozenset(quarters),
            quarter_states=frozenset(quarter_states),
        )
        if hidden.any:
            out[(s.measure_no, s.indicator_no)] = hidden
    return out


def hidden_of(hiding: Hiding | None, status: TargetStatus) -> Hidden:
    """What the public view hides of an indicator's line (nothing in the internal view: `hiding` None)."""
    return SHOWN if hiding is None else hiding.get((status.measure_no, status.indicator_no), SHOWN)


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


def actual_text(status: TargetStatus, year: int, hidden: bool = False) -> str:
    """'78 ร้อยละ (ไตรมาส 1)', '93.59 คะแนน (ทั้งปี) · คะแนน ITA' or 'ไม่มีข้อมูล': never 0 for a target without data.

    `hidden` (the public view): 'ปกปิด (ไตรมาส 4)' in place of the number."""
    if status.actual is None or status.period is None:
        return t("target_no_data") + source_note(status)
    value = t("chart_hidden_mark") if hidden else f"{_num(status.actual)} {status.unit}"
    return f"{value} ({status.period})" + source_note(status)


def baseline_text(value: float | None, label: str | None, hidden: bool = False) -> str:
    """'5 · ไตรมาส 2 ปีงบประมาณ 2567', or '–' without a baseline ('ปกปิด · …' hidden in the public view)."""
    if value is None:
        return "–"
    return f"{t('chart_hidden_mark') if hidden else _num(value)} · {label or ''}".rstrip(" ·")


def public_state_text(state: str, hidden: bool) -> str:
    """The state's symbol and word, or 'ปกปิด' when the public view hides it."""
    return t("chart_hidden_mark") if hidden else state_text(state)


def quarter_cell_text(tracked: TrackedTarget, quarter: int, hidden: Hidden = SHOWN) -> str:
    """'✔ 85' (symbol and reported value), '? ไม่มีข้อมูล', '… ยังไม่ถึงกำหนด' ('ปกปิด' where the public view hides it)."""
    cell = tracked.quarters[quarter - 1]
    if cell.actual is None:
        return state_text(cell.state)
    if quarter in hidden.quarters:
        return t("chart_hidden_mark")
    symbol = "" if quarter in hidden.quarter_states else f"{STATE_SYMBOLS[cell.state]} "
    return f"{symbol}{_num(cell.actual)}"


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


def tracker_frame(tracker: Tracker, states: tuple[str, ...] = (), hiding: Hiding | None = None) -> pd.DataFrame:
    """Every target (of the chosen year states) as one row of text (`hiding`: the public view's)."""
    columns = tracker_columns(tracker.year, tracker.quarter)
    records = []
    for tracked in tracker.filtered(states):
        status = tracked.status
        hidden = hidden_of(hiding, status)
        values = [
            target_number(status),
            status.name,
            condition_text(status),
            actual_text(status, tracker.year, hidden.actual),
            baseline_text(status.baseline, status.baseline_label, hidden.baseline),
            public_state_text(status.state, hidden.state),
            *(quarter_cell_text(tracked, q, hidden) for q in shown_quarters(tracker.quarter)),
        ]
        records.append(dict(zip(columns, values, strict=True)))
    return pd.DataFrame(records, columns=columns, dtype="str")


def tracker_states(tracker: Tracker, states: tuple[str, ...] = (), hiding: Hiding | None = None) -> list[list[str]]:
    """The states behind the year column and the quarter columns, row by row (a hidden one: uncoloured)."""
    rows = []
    for x in tracker.filtered(states):
        hidden = hidden_of(hiding, x.status)
        year_state = HIDDEN_STATE if hidden.state else x.status.state
        rows.append(
            [year_state, *(HIDDEN_STATE if c.quarter in hidden.quarter_states else c.state for c in x.quarters)]
        )
    return rows


def public_tracker(tracker: Tracker, hiding: Hiding | None) -> Tracker:
    """The tracker whose counts by state the public view shows (`hiding` None: the internal view, as is).

    A line whose year state is hidden is counted as HIDDEN_STATE, a quarter whose state is hidden
    likewise in that quarter's counts (kpi.domain.public_grid.count_shown), never as met or missed."""
    if hiding is None:
        return tracker
    targets = tracker.targets
    counts = count_shown((None if hidden_of(hiding, x.status).state else x.status.state for x in targets), STATES)
    quarter_counts = tuple(
        count_shown(
            (None if q in hidden_of(hiding, x.status).quarter_states else x.quarters[q - 1].state for x in targets),
            QUARTER_STATES,
        )
        for q in shown_quarters(tracker.quarter)
    )
    return replace(tracker, counts=counts, quarter_counts=quarter_counts)


def hidden_count_text(counts: dict[str, int]) -> str:
    """' · สถานะปกปิด 1 ตัวชี้วัด' when a public count holds lines whose state is hidden, else ''."""
    hidden = counts.get(HIDDEN_STATE, 0)
    return f" · {t('public_state_hidden_count', count=format_number(hidden))}" if hidden else ""


def counts_text(tracker: Tracker) -> str:
    """'✔ บรรลุ 3 · ◐ ยังไม่บรรลุ 2 · ✖ ไม่บรรลุ 1 · ? ไม่มีข้อมูล 1 (ทั้งหมด 7 ตัวชี้วัด)'
    (the public view's tracker: ' · สถานะปกปิด 1 ตัวชี้วัด' after the states)."""
    parts = [f"{state_text(s)} {_num(tracker.counts[s])}" for s in STATES]
    if tracker.counts.get(HIDDEN_STATE):
        parts.append(t("chart_hidden_mark") + " " + _num(tracker.counts[HIDDEN_STATE]))
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


def explain_target(tracked: TrackedTarget, year: int, hiding: Hiding | None = None) -> TargetExplanation:
    """The measure, the condition, the baseline used and each reported quarter, in plain Thai."""
    status = tracked.status
    hidden = hidden_of(hiding, status)
    lines = [
        t("targets_explain_measure", no=str(status.measure_no), name=tracked.measure_name or "–"),
        t("targets_explain_condition", condition=condition_text(status)),
        t(
            "targets_explain_state",
            state=public_state_text(status.state, hidden.state),
            actual=actual_text(status, year, hidden.actual),
        ),
    ]
    if status.op in DIRECTION_OPS:
        if status.baseline is None:
            lines.append(t("targets_explain_no_baseline"))
        else:
            lines.append(
                t(
                    "targets_explain_baseline",
                    baseline=baseline_text(status.baseline, status.baseline_label, hidden.baseline),
                )
            )
    return TargetExplanation(title=f"{target_number(status)} {status.name}", lines=tuple(lines))


def hides_any(hiding: Hiding | None, tracked: TrackedTarget) -> bool:
    """Whether the public view hides anything of this indicator (its progress chart is then not drawn)."""
    return hidden_of(hiding, tracked.status).any
