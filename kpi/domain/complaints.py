"""Complaint statistics per quarter and per reporting round, beside the same period of the previous year.

Categories come from the complaint_categories setting (corruption apart from general by default;
codes stored by earlier uploads keep showing), rows may name a channel, and an agency may publish a
6- or 12-month round instead of quarters (kpi.domain.complaint_rows): a round counts in its half
and year, and its quarters are "in the round", never given invented figures. "No data" and "no
complaints" are different things: a (year, quarter, category) without a row is no data (None); a
row with received = 0 is "ไม่มีเรื่องร้องเรียน" and is published as such; a row with received only
leaves completed and in progress unknown ("ไม่ระบุ"), never 0.

As of a quarter Q (`through`, 4 by default: the whole year) every function reads only the rows
that end by Q, this year and last: quarters after Q, and a round that runs past Q, are not there
at all, and a total is the total from quarter 1 to Q, beside last year's same quarters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from kpi.core.fiscal import QUARTERS, quarter_label
from kpi.core.messages import UI
from kpi.core.rounds import ROUNDS, round_quarters
from kpi.core.schema import COMPLAINT_TYPES, complaint_category_choices, label_of
from kpi.domain.as_of import shown_quarters, to_date_text
from kpi.domain.complaint_rows import Counts, SpanRow, add_counts, categories, channels, span_rows

Decrease = Literal["met", "missed", "no_data"]

# The two original category codes (corruption, general): the default of the complaint_categories setting.
# The categories shown are `categories_of(df)`: the configured ones, then any other code in the data.
TYPES: tuple[str, ...] = tuple(COMPLAINT_TYPES.values())
ALL_TYPES = "all"
# Thai text lives in kpi.core.messages; these names keep the module's public constants.
NONE_TEXT = UI["complaints_none"]
NO_DATA_TEXT = UI["complaints_no_data"]
COUNT_TEXT = UI["complaints_count"]
ALL_TYPES_LABEL = UI["complaints_all_types"]
PERIOD_LABELS: dict[str, str] = {"half": UI["complaints_period_half"], "year": UI["complaints_period_year"]}
PERIOD_QUARTERS: dict[str, tuple[int, ...]] = {"half": (1, 2), "year": (1, 2, 3, 4)}
DECREASE_LABELS: dict[str, str] = {k: UI[f"complaints_decrease_{k}"] for k in ("met", "missed", "no_data")}
UNSPECIFIED_TEXT = UI["cmp_unspecified"]


def categories_of(df: pd.DataFrame | None) -> tuple[str, ...]:
    """The category codes a page shows: the configured ones, then any other code found in the data."""
    return categories(span_rows(df))


@dataclass(frozen=True)
class ComplaintQuarter:
    """One quarter of one complaint type, beside the same quarter of the previous fiscal year."""

    fiscal_year: int
    quarter: int
    type: str  # a category code (corruption, general or a configured label)
    received: int | None
    completed: int | None
    in_progress: int | None
    within_15_days: int | None
    pct_within_15: float | None
    prev_received: int | None
    prev_completed: int | None
    prev_in_progress: int | None
    prev_within_15_days: int | None
    prev_pct_within_15: float | None
    decrease: Decrease  # received compared with the same quarter last year
    in_round: str | None = None  # 'รอบ 6 เดือน' when a round covers this quarter: its figures are the round's only
    prev_in_round: str | None = None

    @property
    def label(self) -> str:
        """'ไตรมาส 1 (ต.ค.–ธ.ค. 67)'."""
        return quarter_label(self.fiscal_year, self.quarter)

    @property
    def type_label(self) -> str:
        """Thai name of the complaint type."""
        return type_label(self.type)

    @property
    def has_data(self) -> bool:
        """True when the sheet has a row for this quarter and type."""
        return self.received is not None

    @property
    def prev_has_data(self) -> bool:
        """True when the sheet has a row for the same quarter and type of the previous year."""
        return self.prev_received is not None

    @property
    def received_text(self) -> str:
        """'ไม่มีเรื่องร้องเรียน' for 0, 'ไม่มีข้อมูล' without a row, else 'n เรื่อง'."""
        return describe_count(self.received)


@dataclass(frozen=True)
class ComplaintPeriod:
    """A reporting round (6 or 12 months) of one type, or of all types, beside the previous year."""

    fiscal_year: int
    period: str  # half | year
    type: str  # a category code, or all
    quarters: tuple[int, ...]
    current: Counts
    previous: Counts
    missing_quarters: tuple[int, ...]  # quarters of the round without data this year
    prev_missing_quarters: tuple[int, ...]
    decrease: Decrease  # only judged when both rounds are complete

    @property
    def label(self) -> str:
        """'รอบ 6 เดือน' or 'รอบ 12 เดือน'; the year as of an earlier quarter: 'ไตรมาส 1–2'."""
        if self.period == "year" and self.quarters != QUARTERS:
            return to_date_text(max(self.quarters))
        return PERIOD_LABELS[self.period]

    @property
    def type_label(self) -> str:
        """Thai name of the complaint type."""
        return type_label(self.type)

    @property
    def complete(self) -> bool:
        """True when every quarter of the round has data this year."""
        return not self.missing_quarters

    @property
    def received(self) -> int | None:
        """Complaints received in the round this year (None without any data)."""
        return self.current.received

    @property
    def prev_received(self) -> int | None:
        """Complaints received in the same round last year (None without any data)."""
        return self.previous.received

    @property
    def received_text(self) -> str:
        """'ไม่มีเรื่องร้องเรียน' for 0, 'ไม่มีข้อมูล' without data, else 'n เรื่อง'."""
        return describe_count(self.received)


@dataclass(frozen=True)
class YearTotals:
    """Fiscal-year totals (12-month round) per type and for all types together."""

    fiscal_year: int
    corruption: ComplaintPeriod
    general: ComplaintPeriod
    total: ComplaintPeriod
    by_type: tuple[ComplaintPeriod, ...] = ()  # every category shown (the configured ones and any in the data)
    through: int = 4  # as of this quarter: the totals are of quarters 1 to it


def type_label(code: str) -> str:
    """Thai name of a category code ('all' → 'รวมทุกประเภท'; a configured category's code is its label)."""
    if code == ALL_TYPES:
        return ALL_TYPES_LABEL
    return label_of({**COMPLAINT_TYPES, **complaint_category_choices()}, code)


def describe_optional(n: int | None) -> str:
    """A completed / in-progress count: 'ไม่ระบุ' when the agency published received only, never 0."""
    return UNSPECIFIED_TEXT if n is None else f"{n:,}"


def describe_count(n: int | None) -> str:
    """A count as published: 0 → 'ไม่มีเรื่องร้องเรียน' (never a blank), None → 'ไม่มีข้อมูล'."""
    if n is None:
        return NO_DATA_TEXT
    if n == 0:
        return NONE_TEXT
    return COUNT_TEXT.format(n=f"{n:,}")


def compare_decrease(current: int | None, previous: int | None) -> Decrease:
    """Judge a 'ลดลง' target: met when current < previous.

    Equal counts did not decrease (missed), except 0 and 0: there was nothing to decrease, and
    keeping complaints at zero is what the target asks for (met). Unknown either side: no_data.
    """
    if current is None or previous is None:
        return "no_data"
    if current < previous or (current == 0 and previous == 0):
        return "met"
    return "missed"


class _Sheet:
    """The sheet's rows, read once, with the sums every figure is made of."""

    def __init__(self, df: pd.DataFrame | None, through: int = 4) -> None:
        # As of quarter `through`: a row that ends later (a later quarter, a round past it) is not read.
        self.through = through
        self.rows = [r for r in span_rows(df) if r.span[1] <= through]
        self.kinds = categories(self.rows)

    def _of(self, year: int, kind: str) -> list[SpanRow]:
        kinds = self.kinds if kind == ALL_TYPES else (kind,)
        return [r for r in self.rows if r.year == year and r.kind in kinds]

    def quarter(self, year: int, quarter: int, kind: str) -> tuple[Counts, str | None]:
        """A quarter's counts, or no data and the round's label when a round covers the quarter (never split)."""
        rows = [r for r in self._of(year, kind) if r.covers(quarter)]
        rounds = [r for r in rows if r.is_round]
        if rounds:
            return Counts(), PERIOD_LABELS[ROUNDS[rounds[0].span]]
        return add_counts([r.counts for r in rows]), None

    def period(self, year: int, quarters: Sequence[int], kind: str) -> tuple[Counts, tuple[int, ...]]:
        """Counts of the rows inside the quarters (rounds included) and the quarters not covered by them."""
        rows = self._of(year, kind)
        inside = [r for r in rows if set(round_quarters(r.span)) <= set(quarters)]
        # A quarter also covered by a longer round (a year round, asked for the half) is not complete.
        outside = {q for r in rows if r not in inside for q in round_quarters(r.span)}
        covered = {q for r in inside for q in round_quarters(r.span)} - outside
        return add_counts([r.counts for r in inside]), tuple(q for q in quarters if q not in covered)


@dataclass(frozen=True)
class ToDate:
    """Complaints received (every category) from quarter 1 to the chosen quarter, beside the same span last year."""

    quarters: tuple[int, ...]  # the quarters the rows cover (a round inside the span counts as its quarters)
    received: int | None  # None: no row covers any quarter of the span
    last_received: int | None  # None: last year does not cover the same quarters


def received_to_date(df: pd.DataFrame | None, fiscal_year: int, quarter: int) -> ToDate:
    """Received from quarter 1 to `quarter`, rounds inside the span included, against last year's same quarters."""
    sheet = _Sheet(df, quarter)
    span = tuple(range(1, quarter + 1))
    this, missing = sheet.period(fiscal_year, span, ALL_TYPES)
    covered = tuple(q for q in span if q not in missing)
    if not covered:
        return ToDate((), None, None)
    last, last_missing = sheet.period(fiscal_year - 1, covered, ALL_TYPES)
    return ToDate(covered, this.received, None if last_missing else last.received)


def complaint_quarters(df: pd.DataFrame | None, fiscal_year: int, through: int = 4) -> list[ComplaintQuarter]:
    """Quarters 1–`through` of each category (quarter-major: Q1 corruption, Q1 general, Q2 …) beside last year."""
    sheet = _Sheet(df, through)
    out = []
    for quarter in shown_quarters(through):
        for kind in sheet.kinds:
            now, in_round = sheet.quarter(fiscal_year, quarter, kind)
            before, prev_in_round = sheet.quarter(fiscal_year - 1, quarter, kind)
            out.append(
                ComplaintQuarter(
                    fiscal_year=fiscal_year,
                    quarter=quarter,
                    type=kind,
                    received=now.received,
                    completed=now.completed,
                    in_progress=now.in_progress,
                    within_15_days=now.within_15_days,
                    pct_within_15=now.pct_within_15,
                    prev_received=before.received,
                    prev_completed=before.completed,
                    prev_in_progress=before.in_progress,
                    prev_within_15_days=before.within_15_days,
                    prev_pct_within_15=before.pct_within_15,
                    decrease=compare_decrease(now.received, before.received),
                    in_round=in_round,
                    prev_in_round=prev_in_round,
                )
            )
    return out


def _period(sheet: _Sheet, fiscal_year: int, period: str, kind: str) -> ComplaintPeriod:
    # The year as of quarter Q is quarters 1–Q (the 12-month round once Q is 4).
    quarters = shown_quarters(sheet.through) if period == "year" else PERIOD_QUARTERS[period]
    current, missing = sheet.period(fiscal_year, quarters, kind)
    previous, prev_missing = sheet.period(fiscal_year - 1, quarters, kind)
    # A part-year total against a full year would call any unfinished year a decrease: judge complete rounds only.
    complete = not missing and not prev_missing
    return ComplaintPeriod(
        fiscal_year=fiscal_year,
        period=period,
        type=kind,
        quarters=quarters,
        current=current,
        previous=previous,
        missing_quarters=missing,
        prev_missing_quarters=prev_missing,
        decrease=compare_decrease(current.received, previous.received) if complete else "no_data",
    )


def complaint_periods(df: pd.DataFrame | None, fiscal_year: int, through: int = 4) -> list[ComplaintPeriod]:
    """The 6-month (Q1–Q2) and 12-month (Q1–Q4) rounds of each category, beside the previous year: the
    rounds over by quarter `through` only."""
    sheet = _Sheet(df, through)
    return [
        _period(sheet, fiscal_year, period, kind)
        for period, quarters in PERIOD_QUARTERS.items()
        if max(quarters) <= through
        for kind in sheet.kinds
    ]


def year_totals(df: pd.DataFrame | None, fiscal_year: int, through: int = 4) -> YearTotals:
    """Fiscal-year totals per category and for all categories, beside the previous year; as of quarter
    `through` < 4, the totals of quarters 1–`through` beside last year's same quarters."""
    sheet = _Sheet(df, through)
    return YearTotals(
        fiscal_year=fiscal_year,
        corruption=_period(sheet, fiscal_year, "year", "corruption"),
        general=_period(sheet, fiscal_year, "year", "general"),
        total=_period(sheet, fiscal_year, "year", ALL_TYPES),
        by_type=tuple(_period(sheet, fiscal_year, "year", kind) for kind in sheet.kinds),
        through=through,
    )


def _outcomes(counts: Counts) -> dict[str, int]:
    """other = received − completed − in progress; not published → all of received is "unspecified", never 0 completed."""
    received = counts.received or 0
    if counts.completed is None or counts.in_progress is None:
        return {"completed": 0, "in_progress": 0, "other": 0, "unspecified": received}
    done, open_ = counts.completed, counts.in_progress
    return {"completed": done, "in_progress": open_, "other": max(received - done - open_, 0)}


def outcome_counts(
    df: pd.DataFrame | None, fiscal_year: int, through: int = 4
) -> dict[tuple[int, str], dict[str, int]]:
    """Outcome counts per (quarter, category) with quarter data up to quarter `through`, for the public
    grid (rounds: round_outcome_counts)."""
    return {
        (c.quarter, c.type): _outcomes(Counts(c.received, c.completed, c.in_progress))
        for c in complaint_quarters(df, fiscal_year, through)
        if c.has_data
    }


def round_outcome_counts(
    df: pd.DataFrame | None, fiscal_year: int, through: int = 4
) -> dict[tuple[tuple[int, int], str], dict[str, int]]:
    """Outcome counts per (round span, category) of the rounds published as such, for the public grid.

    Quarters inside a round have no quarter figures (complaint_quarters): any row of the category
    inside the round (another channel's quarter, a shorter round) is counted with the longest round
    that holds it, so every row is published once. A round running past quarter `through` is not read.
    """
    sheet = _Sheet(df, through)
    out = {}
    for kind in sheet.kinds:
        rows = [r for r in sheet.rows if r.year == fiscal_year and r.kind == kind]
        longest_first = sorted({r.span for r in rows if r.is_round}, key=lambda span: span[0] - span[1])
        held: dict[tuple[int, int], list[Counts]] = {}
        for r in rows:
            span = next((s for s in longest_first if s[0] <= r.span[0] and r.span[1] <= s[1]), None)
            if span is not None:
                held.setdefault(span, []).append(r.counts)
        for span in sorted(held):
            out[(span, kind)] = _outcomes(add_counts(held[span]))
    return out


def _figure(counts: Counts) -> dict[str, int | None]:
    return {"received": counts.received, "completed": counts.completed, "in_progress": counts.in_progress}


def complaint_figures(
    df: pd.DataFrame | None, fiscal_year: int, kind: str = ALL_TYPES, through: int = 4
) -> dict[str, Any]:
    """One year's complaint figures: {"quarters": {1: {received, completed, in_progress}, …}, "year": {…}}.

    None where unknown: a quarter without a row, a quarter inside a published round (never split),
    completed / in progress not published. The year sums every row of the year, rounds included
    (with "missing_quarters" naming the quarters no row covers). `kind` picks one category. As of
    quarter `through` < 4: quarters 1–`through` only, and "year" is their total.
    """
    sheet = _Sheet(df, through)
    quarters = shown_quarters(through)
    year, missing = sheet.period(fiscal_year, quarters, kind)
    return {
        "quarters": {q: _figure(sheet.quarter(fiscal_year, q, kind)[0]) for q in quarters},
        "year": _figure(year),
        "missing_quarters": list(missing),
    }


def channel_received(df: pd.DataFrame | None, fiscal_year: int, through: int = 4) -> list[tuple[str, str, str, int]]:
    """Received per (channel, category, period label) for rows that name a channel and end by quarter
    `through`, in sheet order."""
    out = []
    rows = [r for r in span_rows(df) if r.span[1] <= through]
    for channel in channels(rows):
        for r in rows:
            if r.year == fiscal_year and r.channel == channel:
                label = PERIOD_LABELS[ROUNDS[r.span]] if r.is_round else quarter_label(fiscal_year, r.span[0])
                out.append((channel, type_label(r.kind), label, r.counts.received or 0))
    return out
