"""Targets (ตัวชี้วัด): each indicator's actual against its target, per quarter and for the year.

"ค่าที่วัดได้" in the quarterly results is the value as of the end of that quarter (year to
date), so the latest reported value up to the chosen quarter is the current actual, and the value
reported for quarter 4 is the fiscal-year total.

"ลดลง" and "เพิ่มขึ้น" need a baseline, and every state says which one it used:

- the baseline typed in the indicators sheet (ค่าฐาน) when there is one: it is read as the
  previous fiscal year's total, because indicator numbers may change from year to year and a
  number typed by the user is the comparison they mean;
- otherwise the value reported for the same quarter of the previous fiscal year (same measure,
  indicator and unit); for quarter 4 that is the previous fiscal-year total.

A year-to-date count compared with a full-year baseline before the year is over can only grow:
"ลดลง" is lost once the count passes the baseline and "เพิ่มขึ้น" is won once it passes it; until
then it is pending. Percentages and scores (ร้อยละ, คะแนน) are levels, not running counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.dataset import cell_float as _number
from kpi.core.fiscal import QUARTERS
from kpi.core.messages import t
from kpi.core.thai import format_number

MET, PENDING, MISSED, NO_DATA = "met", "pending", "missed", "no_data"
STATES = (MET, PENDING, MISSED, NO_DATA)
UPCOMING = "upcoming"  # a quarter after the one being viewed: not yet due
QUARTER_STATES = (*STATES, UPCOMING)
OP_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", "decrease": "ลดลง", "increase": "เพิ่มขึ้น"}
DIRECTION_OPS = ("decrease", "increase")
LEVEL_UNITS = ("ร้อยละ", "คะแนน")  # levels, not running counts
# Where a baseline came from.
BASELINE_GIVEN, BASELINE_PREV_QUARTER, BASELINE_PREV_YEAR = "given", "prev_quarter", "prev_year"


@dataclass(frozen=True)
class TargetStatus:
    """One indicator's state as of a quarter."""

    fiscal_year: int
    measure_no: int
    indicator_no: int
    name: str
    unit: str
    op: str
    target: float | None
    actual: float | None
    actual_quarter: int | None
    baseline: float | None
    baseline_label: str | None
    state: str
    baseline_kind: str | None = None  # given | prev_quarter | prev_year


@dataclass(frozen=True)
class Baseline:
    """The value a "ลดลง"/"เพิ่มขึ้น" actual is compared with, and where it came from."""

    value: float | None
    label: str | None
    kind: str | None
    full_year: bool  # the baseline is a whole fiscal year's figure


NO_BASELINE = Baseline(None, None, None, False)


def evaluate_target(
    op: str,
    target: float | None,
    actual: float | None,
    baseline: float | None,
    final: bool,
    *,
    cumulative: bool = True,
    partial: bool = False,
) -> str:
    """met / pending / missed / no_data for one comparison; `final` means the year is over.

    `cumulative` says the actual is a running count that only grows during the year; `partial`
    says a part-year actual is compared with a full-year baseline.
    """
    if actual is None:
        return NO_DATA
    if op in DIRECTION_OPS:
        if baseline is None:
            return NO_DATA
        if partial and cumulative and not final:
            if op == "increase":
                return MET if actual > baseline else PENDING
            lost = actual > baseline or (actual == baseline and baseline != 0)
            return MISSED if lost else PENDING
        ok = actual < baseline or actual == 0 and baseline == 0 if op == "decrease" else actual > baseline
        return MET if ok else (MISSED if final else PENDING)
    if target is None:
        return NO_DATA
    if op == ">=":
        return MET if actual >= target else (MISSED if final else PENDING)
    if op == "<=":
        # A year-to-date count only grows: once above a ceiling the target is lost.
        if cumulative:
            return MET if actual <= target else MISSED
        return MET if actual <= target else (MISSED if final else PENDING)
    return MET if math.isclose(actual, target) else (MISSED if final else PENDING)


def _indicator_results(results: pd.DataFrame, year: int, measure: int, indicator: int) -> dict[int, float]:
    """Reported actuals of one indicator in one fiscal year, by quarter."""
    rows = results[
        (results["fiscal_year"] == year)
        & (results["measure_no"] == measure)
        & (results["indicator_no"] == indicator)
        & results["actual"].notna()
    ]
    out: dict[int, float] = {}
    for quarter, actual in zip(rows["quarter"], rows["actual"], strict=True):
        value = _number(actual)
        if value is not None and quarter is not pd.NA:
            out[int(quarter)] = value
    return out


def _previous_unit(indicators: pd.DataFrame, year: int, measure: int, indicator: int) -> str | None:
    rows = indicators[
        (indicators["fiscal_year"] == year)
        & (indicators["measure_no"] == measure)
        & (indicators["indicator_no"] == indicator)
    ]
    return None if rows.empty else str(rows.iloc[0]["unit"])


def resolve_baseline(given: float | None, previous: dict[int, float], year: int, quarter: int) -> Baseline:
    """The baseline for an actual of `quarter`: the typed one, else the same quarter of last year."""
    if given is not None:
        return Baseline(given, t("baseline_given"), BASELINE_GIVEN, True)
    if quarter in previous:
        if quarter == 4:
            return Baseline(previous[4], t("baseline_prev_year", year=year - 1), BASELINE_PREV_YEAR, True)
        label = t("baseline_prev_quarter", quarter=quarter, year=year - 1)
        return Baseline(previous[quarter], label, BASELINE_PREV_QUARTER, False)
    return NO_BASELINE


@dataclass(frozen=True)
class _Indicator:
    measure: int
    indicator: int
    name: str
    unit: str
    op: str
    target: float | None
    given: float | None
    reported: dict[int, float]
    previous: dict[int, float]


def _indicators(dataset: Dataset, year: int) -> Iterable[_Indicator]:
    indicators = dataset.frame("indicators")
    results = dataset.frame("results")
    rows = indicators[indicators["fiscal_year"] == year].sort_values(["measure_no", "indicator_no"])
    for row in rows.to_dict("records"):
        measure, indicator = int(row["measure_no"]), int(row["indicator_no"])
        unit = str(row["unit"])
        previous: dict[int, float] = {}
        if _previous_unit(indicators, year - 1, measure, indicator) in (unit, None):
            # Only a like-for-like indicator of last year is a fair baseline.
            previous = _indicator_results(results, year - 1, measure, indicator)
        yield _Indicator(
            measure=measure,
            indicator=indicator,
            name=str(row["name"]),
            unit=unit,
            op=str(row["op"]),
            target=_number(row["target"]),
            given=_number(row["baseline"]),
            reported=_indicator_results(results, year, measure, indicator),
            previous=previous,
        )


def _status(item: _Indicator, year: int, quarter: int) -> TargetStatus:
    reported = {q: v for q, v in item.reported.items() if q <= quarter}
    actual_q = max(reported) if reported else None
    actual = reported[actual_q] if actual_q is not None else None
    baseline = NO_BASELINE
    if item.given is not None:
        baseline = Baseline(item.given, t("baseline_given"), BASELINE_GIVEN, True)
    if item.op in DIRECTION_OPS and actual_q is not None:
        baseline = resolve_baseline(item.given, item.previous, year, actual_q)
    state = evaluate_target(
        item.op,
        item.target,
        actual,
        baseline.value,
        final=quarter == 4 and actual_q == 4,  # the year is judged on its Q4 (year-end) figure, not on Q2's
        cumulative=item.unit not in LEVEL_UNITS,
        partial=baseline.full_year and actual_q is not None and actual_q < 4,
    )
    return TargetStatus(
        fiscal_year=year,
        measure_no=item.measure,
        indicator_no=item.indicator,
        name=item.name,
        unit=item.unit,
        op=item.op,
        target=item.target,
        actual=actual,
        actual_quarter=actual_q,
        baseline=baseline.value,
        baseline_label=baseline.label,
        state=state,
        baseline_kind=baseline.kind,
    )


def target_statuses(dataset: Dataset, year: int, quarter: int) -> list[TargetStatus]:
    """Every indicator of a fiscal year with its state as of the end of `quarter`."""
    return [_status(item, year, quarter) for item in _indicators(dataset, year)]


def condition_text(status: TargetStatus, baseline: str | None = None, baseline_label: str | None = None) -> str:
    """A target condition as text: '≥ 80 ร้อยละ', 'ไม่ได้กำหนดค่าเป้าหมาย', 'ลดลงจากปีก่อน'.

    A ลดลง/เพิ่มขึ้น target may carry its baseline as printed: with its label, 'ลดลงจาก 5 (ไตรมาส 2
    ปีงบประมาณ 2567)' (the deck); without, 'ลดลงจากปีก่อน (5)' (the official report).
    """
    if status.op in DIRECTION_OPS:
        if baseline is None:
            return t("target_op_" + status.op)
        if baseline_label is None:
            return t("report_relative", op=OP_SYMBOLS[status.op], base=f" ({baseline})")
        return t("target_relative", op=OP_SYMBOLS[status.op], baseline=baseline, label=baseline_label)
    if status.target is None:
        return t("target_no_target")
    return f"{OP_SYMBOLS.get(status.op, status.op)} {format_number(status.target)} {status.unit}".strip()


def count_states(statuses: list[TargetStatus]) -> dict[str, int]:
    """How many targets are in each state."""
    return {state: sum(1 for s in statuses if s.state == state) for state in STATES}


# --- the tracker: every target per quarter and for the year ----------------------------------


@dataclass(frozen=True)
class QuarterState:
    """One indicator in one quarter: the value reported for it and its state then."""

    quarter: int
    actual: float | None
    baseline: float | None
    baseline_label: str | None
    state: str  # met | pending | missed | no_data | upcoming


@dataclass(frozen=True)
class TrackedTarget:
    """One indicator: its state for the year as of the viewed quarter, and each quarter's state."""

    status: TargetStatus
    measure_name: str
    quarters: tuple[QuarterState, ...]  # quarters 1–4


@dataclass(frozen=True)
class Tracker:
    """Every target of a fiscal year as of a quarter, with counts by state."""

    year: int
    quarter: int
    targets: tuple[TrackedTarget, ...]
    counts: dict[str, int]  # year states
    quarter_counts: tuple[dict[str, int], ...]  # quarters 1–4, states incl. upcoming

    def filtered(self, states: Iterable[str] = ()) -> tuple[TrackedTarget, ...]:
        """The targets whose year state is one of `states` (all when none are given)."""
        wanted = set(states)
        return tuple(x for x in self.targets if not wanted or x.status.state in wanted)

    def find(self, measure_no: int, indicator_no: int) -> TrackedTarget | None:
        """One target by its numbers."""
        return next(
            (x for x in self.targets if (x.status.measure_no, x.status.indicator_no) == (measure_no, indicator_no)),
            None,
        )


def _quarter_state(item: _Indicator, year: int, quarter: int, viewed: int) -> QuarterState:
    if quarter > viewed:
        return QuarterState(quarter, None, None, None, UPCOMING)
    actual = item.reported.get(quarter)
    baseline = NO_BASELINE
    if item.op in DIRECTION_OPS:
        baseline = resolve_baseline(item.given, item.previous, year, quarter)
    state = evaluate_target(
        item.op,
        item.target,
        actual,
        baseline.value,
        final=quarter == 4,
        cumulative=item.unit not in LEVEL_UNITS,
        partial=baseline.full_year and quarter < 4,
    )
    return QuarterState(quarter, actual, baseline.value, baseline.label, state)


def target_tracker(dataset: Dataset, year: int, quarter: int) -> Tracker:
    """Every target of `year` with its state per quarter (quarters after `quarter` are upcoming) and for the year."""
    measures = dataset.frame("measures")
    names = {
        int(no): str(name)
        for no, name in zip(
            measures.loc[measures["fiscal_year"] == year, "no"],
            measures.loc[measures["fiscal_year"] == year, "name"],
            strict=True,
        )
    }
    tracked = []
    for item in _indicators(dataset, year):
        tracked.append(
            TrackedTarget(
                status=_status(item, year, quarter),
                measure_name=names.get(item.measure, ""),
                quarters=tuple(_quarter_state(item, year, q, quarter) for q in QUARTERS),
            )
        )
    quarter_counts = tuple(
        {state: sum(1 for x in tracked if x.quarters[q - 1].state == state) for state in QUARTER_STATES}
        for q in QUARTERS
    )
    return Tracker(
        year=year,
        quarter=quarter,
        targets=tuple(tracked),
        counts=count_states([x.status for x in tracked]),
        quarter_counts=quarter_counts,
    )
