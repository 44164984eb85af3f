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

An indicator bound to a source (แหล่งข้อมูล, kpi/domain/figures_sources.py) is not typed: its
actual is computed from that sheet. Satisfaction and complaints give a value per quarter (the
quarter's percent, the quarter's received count: not year to date) compared with the same quarter of
the previous year; ITA and OIT give one value per year, labelled "ทั้งปี". A value typed in the
results sheet for a bound indicator is kept as `typed_actual` and flagged when it disagrees.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.core.thai import format_number
from kpi.domain.as_of import shown_quarters
from kpi.domain.figures_sources import MANUAL, QUARTERLY
from kpi.domain.target_rows import IndicatorRow, indicator_rows, period_text

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
    source: str = MANUAL  # manual | satisfaction | complaints | ita | oit
    typed_actual: float | None = None  # a bound indicator's value typed in the results sheet, kept beside it
    typed_disagrees: bool = False  # the typed value differs from the source's (at 2 decimals)
    period: str | None = None  # what the actual covers: 'ไตรมาส 2' or 'ทั้งปี' (None without an actual)
    source_detail: str = ""  # a bound indicator's detail: its complaint category or service


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
class _Actual:
    """The value an indicator is judged on, what it covers, and the baseline it is compared with."""

    value: float | None
    quarter: int | None  # the quarter the value is of; None for a year value
    period: str | None
    baseline: Baseline
    final: bool
    partial: bool
    cumulative: bool


def _typed(item: IndicatorRow, actual: _Actual, quarter: int | None) -> float | None:
    """A bound indicator's typed value for the same period: that quarter's, or the latest up to the end."""
    if item.typed is None:
        return None
    if actual.quarter is not None:
        return item.typed.get(actual.quarter)
    upto = [q for q in item.typed if q <= (quarter or 4)]
    return item.typed[max(upto)] if upto else None


def _actual(item: IndicatorRow, year: int, quarter: int | None) -> _Actual:
    given = Baseline(item.given, t("baseline_given"), BASELINE_GIVEN, True) if item.given is not None else NO_BASELINE
    level = item.unit in LEVEL_UNITS
    if item.source != MANUAL and (quarter is None or item.source not in QUARTERLY):
        # A year value (ITA, OIT, or a quarterly source over the whole year), against last year's.
        baseline = given
        if item.op in DIRECTION_OPS and item.given is None and item.previous_year is not None:
            baseline = Baseline(item.previous_year, t("baseline_prev_year", year=year - 1), BASELINE_PREV_YEAR, True)
        final = quarter in (None, 4) and (item.source not in QUARTERLY or 4 in item.reported)
        period = None if item.year_value is None else period_text(None)
        return _Actual(item.year_value, None, period, baseline, final, not final, not level)
    last = quarter or 4
    reported = {q: v for q, v in item.reported.items() if q <= last}
    actual_q = max(reported) if reported else None
    value = reported[actual_q] if actual_q is not None else None
    final = last == 4 and actual_q == 4
    period = None if actual_q is None else period_text(None if quarter is None and actual_q == 4 else actual_q)
    if item.source != MANUAL:
        # One quarter's value (not year to date) against the same quarter of last year.
        baseline = given
        if item.op in DIRECTION_OPS and item.given is None and actual_q in item.previous:
            label = t("baseline_prev_quarter", quarter=actual_q, year=year - 1)
            baseline = Baseline(item.previous[actual_q], label, BASELINE_PREV_QUARTER, False)
        # A quarter's own figure does not grow once the quarter is reported: 7 complaints against 6 in
        # the same quarter last year is missed for that quarter, not "pending" until the year ends.
        settled = final or actual_q is not None
        return _Actual(value, actual_q, period, baseline, settled, baseline.full_year, False)
    baseline = given
    if item.op in DIRECTION_OPS and actual_q is not None:
        baseline = resolve_baseline(item.given, item.previous, year, actual_q)
    partial = baseline.full_year and actual_q is not None and actual_q < 4
    return _Actual(value, actual_q, period, baseline, final, partial, not level)


def _judge(item: IndicatorRow, actual: _Actual) -> str:
    """The indicator's state for one actual: the year is judged on its Q4 (year-end) figure, not on Q2's."""
    return evaluate_target(
        item.op,
        item.target,
        actual.value,
        actual.baseline.value,
        final=actual.final,
        cumulative=actual.cumulative,
        partial=actual.partial,
    )


def _status(item: IndicatorRow, year: int, quarter: int | None) -> TargetStatus:
    actual = _actual(item, year, quarter)
    state = _judge(item, actual)
    typed = _typed(item, actual, quarter)
    return TargetStatus(
        fiscal_year=year,
        measure_no=item.measure,
        indicator_no=item.indicator,
        name=item.name,
        unit=item.unit,
        op=item.op,
        target=item.target,
        actual=actual.value,
        actual_quarter=actual.quarter,
        baseline=actual.baseline.value,
        baseline_label=actual.baseline.label,
        state=state,
        baseline_kind=actual.baseline.kind,
        source=item.source,
        source_detail=item.detail,
        typed_actual=typed,
        typed_disagrees=typed is not None and actual.value is not None and round(typed, 2) != round(actual.value, 2),
        period=actual.period,
    )


def target_statuses(dataset: Dataset, year: int, quarter: int | None) -> list[TargetStatus]:
    """Every indicator of a fiscal year with its state as of the end of `quarter` (None: the whole year)."""
    return [_status(item, year, quarter) for item in indicator_rows(dataset, year)]


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
    quarters: tuple[QuarterState, ...]  # quarters 1 to the quarter viewed (nothing after it)


@dataclass(frozen=True)
class Tracker:
    """Every target of a fiscal year as of a quarter, with counts by state."""

    year: int
    quarter: int
    targets: tuple[TrackedTarget, ...]
    counts: dict[str, int]  # year states
    quarter_counts: tuple[dict[str, int], ...]  # quarters 1 to the quarter viewed, by state

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


def _quarter_state(item: IndicatorRow, year: int, quarter: int, viewed: int) -> QuarterState:
    if quarter > viewed:
        return QuarterState(quarter, None, None, None, UPCOMING)
    if item.source != MANUAL:
        # A bound indicator: that quarter's value from its source (a year source: the year's value).
        only = replace(item, reported={q: v for q, v in item.reported.items() if q == quarter})
        bound = _actual(only, year, quarter)
        state = _judge(item, bound)
        return QuarterState(quarter, bound.value, bound.baseline.value, bound.baseline.label, state)
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
    """Every target of `year` with its state per quarter 1–`quarter` (later quarters are not shown) and for the year."""
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
    for item in indicator_rows(dataset, year):
        tracked.append(
            TrackedTarget(
                status=_status(item, year, quarter),
                measure_name=names.get(item.measure, ""),
                quarters=tuple(_quarter_state(item, year, q, quarter) for q in shown_quarters(quarter)),
            )
        )
    quarter_counts = tuple(
        {state: sum(1 for x in tracked if x.quarters[q - 1].state == state) for state in QUARTER_STATES}
        for q in shown_quarters(quarter)
    )
    return Tracker(
        year=year,
        quarter=quarter,
        targets=tuple(tracked),
        counts=count_states([x.status for x in tracked]),
        quarter_counts=quarter_counts,
    )
