"""Complaint statistics per quarter and per reporting round, beside the same period of the previous year.

Corruption complaints are kept apart from general ones (domain.md §5). "No data" and "no
complaints" are different things: a (year, quarter, type) without a row in the COMPLAINTS sheet is
no data (None); a row with received = 0 is "ไม่มีเรื่องร้องเรียน" and is published as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from kpi.core.dataset import cell_int as _int
from kpi.core.fiscal import QUARTERS, quarter_label
from kpi.core.messages import UI
from kpi.core.schema import COMPLAINT_ALIASES, COMPLAINT_TYPES, label_of

Decrease = Literal["met", "missed", "no_data"]

# Complaint type codes in the schema's order: corruption, general.
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

_FIELDS = ("received", "completed", "in_progress", "within_15_days")


@dataclass(frozen=True)
class Counts:
    """The four counts of one type over some quarters; every field None when there is no data."""

    received: int | None = None
    completed: int | None = None
    in_progress: int | None = None
    within_15_days: int | None = None  # None also when the optional column was left blank

    @property
    def has_data(self) -> bool:
        """True when at least one row stood behind these counts."""
        return self.received is not None

    @property
    def pct_within_15(self) -> float | None:
        """Share answered within 15 days; None when nothing was received or the count is unknown."""
        if not self.received or self.within_15_days is None:
            return None
        return self.within_15_days / self.received * 100


@dataclass(frozen=True)
class ComplaintQuarter:
    """One quarter of one complaint type, beside the same quarter of the previous fiscal year."""

    fiscal_year: int
    quarter: int
    type: str  # corruption | general
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
    type: str  # corruption | general | all
    quarters: tuple[int, ...]
    current: Counts
    previous: Counts
    missing_quarters: tuple[int, ...]  # quarters of the round without data this year
    prev_missing_quarters: tuple[int, ...]
    decrease: Decrease  # only judged when both rounds are complete

    @property
    def label(self) -> str:
        """'รอบ 6 เดือน' or 'รอบ 12 เดือน'."""
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


def type_label(code: str) -> str:
    """Thai name of a complaint type code ('all' → 'รวมทุกประเภท')."""
    return ALL_TYPES_LABEL if code == ALL_TYPES else label_of(COMPLAINT_TYPES, code)


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


def _cells(df: pd.DataFrame | None) -> dict[tuple[int, int, str], Counts]:
    """Counts keyed by (fiscal year, quarter, type); duplicate keys are summed."""
    cells: dict[tuple[int, int, str], Counts] = {}
    if df is None or df.empty:
        return cells
    for record in df.to_dict("records"):
        year, quarter = _int(record.get("fiscal_year")), _int(record.get("quarter"))
        kind = str(record.get("type") or "").strip()
        kind = COMPLAINT_TYPES.get(kind, COMPLAINT_ALIASES.get(kind, kind))  # tolerate Thai labels
        if year is None or quarter not in QUARTERS or kind not in TYPES:
            continue
        row = Counts(
            received=_int(record.get("received")) or 0,
            completed=_int(record.get("completed")) or 0,
            in_progress=_int(record.get("in_progress")) or 0,
            within_15_days=_int(record.get("within_15_days")),
        )
        key = (year, quarter, kind)
        cells[key] = _add([cells[key], row]) if key in cells else row
    return cells


def _add(parts: Sequence[Counts]) -> Counts:
    """Sum counts that have data; a field is None if every part lacks data or any part lacks that field."""
    present = [p for p in parts if p.has_data]
    if not present:
        return Counts()
    totals: dict[str, int | None] = {}
    for name in _FIELDS:
        values = [getattr(p, name) for p in present]
        totals[name] = None if any(v is None for v in values) else sum(values)
    return Counts(**totals)


def _sum(cells: dict[tuple[int, int, str], Counts], year: int, quarters: Sequence[int], kind: str) -> Counts:
    kinds = TYPES if kind == ALL_TYPES else (kind,)
    return _add([cells[(year, q, k)] for q in quarters for k in kinds if (year, q, k) in cells])


def _missing(
    cells: dict[tuple[int, int, str], Counts], year: int, quarters: Sequence[int], kind: str
) -> tuple[int, ...]:
    kinds = TYPES if kind == ALL_TYPES else (kind,)
    return tuple(q for q in quarters if not any((year, q, k) in cells for k in kinds))


def complaint_quarters(df: pd.DataFrame | None, fiscal_year: int) -> list[ComplaintQuarter]:
    """Quarters 1–4 of each type (quarter-major: Q1 corruption, Q1 general, Q2 …) beside last year."""
    cells = _cells(df)
    out = []
    for quarter in QUARTERS:
        for kind in TYPES:
            now = cells.get((fiscal_year, quarter, kind), Counts())
            before = cells.get((fiscal_year - 1, quarter, kind), Counts())
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
                )
            )
    return out


def _period(cells: dict[tuple[int, int, str], Counts], fiscal_year: int, period: str, kind: str) -> ComplaintPeriod:
    quarters = PERIOD_QUARTERS[period]
    missing = _missing(cells, fiscal_year, quarters, kind)
    prev_missing = _missing(cells, fiscal_year - 1, quarters, kind)
    current = _sum(cells, fiscal_year, quarters, kind)
    previous = _sum(cells, fiscal_year - 1, quarters, kind)
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


def complaint_periods(df: pd.DataFrame | None, fiscal_year: int) -> list[ComplaintPeriod]:
    """The 6-month (Q1–Q2) and 12-month (Q1–Q4) rounds of each type, beside the previous year."""
    cells = _cells(df)
    return [_period(cells, fiscal_year, period, kind) for period in PERIOD_QUARTERS for kind in TYPES]


def year_totals(df: pd.DataFrame | None, fiscal_year: int) -> YearTotals:
    """Fiscal-year totals per type and for all types, beside the previous year."""
    cells = _cells(df)
    return YearTotals(
        fiscal_year=fiscal_year,
        corruption=_period(cells, fiscal_year, "year", "corruption"),
        general=_period(cells, fiscal_year, "year", "general"),
        total=_period(cells, fiscal_year, "year", ALL_TYPES),
    )


def outcome_counts(df: pd.DataFrame | None, fiscal_year: int) -> dict[tuple[int, str], dict[str, int]]:
    """Outcome counts per (quarter, type) with data, for the public grid; other = received − completed − in progress."""
    out = {}
    for c in complaint_quarters(df, fiscal_year):
        if c.has_data:
            done, open_ = c.completed or 0, c.in_progress or 0
            out[(c.quarter, c.type)] = {
                "completed": done,
                "in_progress": open_,
                "other": max((c.received or 0) - done - open_, 0),
            }
    return out
