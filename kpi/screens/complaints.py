"""เรื่องร้องเรียน page model, and the numbers meant for the public.

Internal view: per quarter, corruption apart from general, every figure beside the same quarter of
the previous year; the 6- and 12-month rounds. Public view: `complaint_grid` suppresses a fiscal
year's numbers once, jointly (kpi.privacy.identity.suppress_flows), and every public output reads that one
result: this page's per-type tables of both rounds (`public_complaint_tables`) and the deck's
quarter × type table (`public_quarter_table`). Suppressing each table on its own would let one
table give back what another hides. The share answered within 15 days is left out of public
tables because it would give back the counts it is computed from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.settings import TARGETS
from kpi.core.thai import format_number, to_thai_digits
from kpi.domain.complaints import (
    ALL_TYPES,
    DECREASE_LABELS,
    PERIOD_LABELS,
    PERIOD_QUARTERS,
    TYPES,
    ComplaintPeriod,
    ComplaintQuarter,
    complaint_periods,
    complaint_quarters,
    describe_count,
    type_label,
    year_totals,
)
from kpi.privacy.identity import Flow, SuppressedTable, suppress_flows


def _num(value: float | None, decimals: int = 0) -> str:
    return format_number(value, decimals)


def _count(n: int | None) -> str:
    return t("target_no_data") if n is None else _num(n)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{_num(value, 2)}%"


def _beside(current: str, previous: str) -> str:
    return t("cmp_beside", current=current, previous=previous)


def _received(n: int | None) -> str:
    return describe_count(n)


@dataclass(frozen=True)
class ComplaintsView:
    """Everything the internal complaints page shows for a fiscal year."""

    fiscal_year: int
    has_data: bool
    quarters: tuple[ComplaintQuarter, ...]
    type_tables: tuple[tuple[str, str, pd.DataFrame], ...]  # (type code, Thai label, table)
    period_table: pd.DataFrame
    headline: tuple[tuple[str, str, str], ...]  # (title, value, detail) per type and all types


def _quarter_rows(quarters: list[ComplaintQuarter], kind: str) -> pd.DataFrame:
    rows = []
    for c in (c for c in quarters if c.type == kind):
        rows.append(
            {
                t("cmp_col_quarter"): quarter_label(c.fiscal_year, c.quarter),
                t("cmp_col_received"): _beside(_received(c.received), _received(c.prev_received)),
                t("cmp_col_completed"): _beside(_count(c.completed), _count(c.prev_completed)),
                t("cmp_col_in_progress"): _beside(_count(c.in_progress), _count(c.prev_in_progress)),
                t("cmp_col_within15"): _beside(_pct(c.pct_within_15), _pct(c.prev_pct_within_15)),
                t("cmp_col_compare"): DECREASE_LABELS[c.decrease],
            }
        )
    return pd.DataFrame(rows)


def _missing_text(period: ComplaintPeriod) -> str:
    parts = []
    if period.missing_quarters:
        quarters = ", ".join(str(q) for q in period.missing_quarters)
        parts.append(t("cmp_missing_quarters", quarters=quarters))
    if period.prev_missing_quarters and period.previous.has_data:
        quarters = ", ".join(str(q) for q in period.prev_missing_quarters)
        parts.append(t("cmp_prev_missing_quarters", quarters=quarters))
    return " · ".join(parts)


def _period_row(p: ComplaintPeriod) -> dict[str, str]:
    return {
        t("cmp_col_round"): p.label,
        t("cmp_col_type"): p.type_label,
        t("cmp_col_received"): _beside(_received(p.received), _received(p.prev_received)),
        t("cmp_col_completed"): _beside(_count(p.current.completed), _count(p.previous.completed)),
        t("cmp_col_in_progress"): _beside(_count(p.current.in_progress), _count(p.previous.in_progress)),
        t("cmp_col_within15"): _beside(_pct(p.current.pct_within_15), _pct(p.previous.pct_within_15)),
        t("cmp_col_compare"): DECREASE_LABELS[p.decrease],
        t("cmp_col_note"): _missing_text(p),
    }


def build_complaints_view(df: pd.DataFrame | None, fiscal_year: int) -> ComplaintsView:
    """The internal complaints page of a fiscal year."""
    quarters = complaint_quarters(df, fiscal_year)
    periods = complaint_periods(df, fiscal_year)
    totals = year_totals(df, fiscal_year)
    type_tables = tuple((kind, type_label(kind), _quarter_rows(quarters, kind)) for kind in TYPES)
    rows = [_period_row(p) for p in periods]
    rows.extend(_period_row(p) for p in (totals.total,))
    headline = []
    for period in (totals.corruption, totals.general, totals.total):
        prev = period.prev_received
        detail = (
            t("cmp_headline_prev", previous=_received(prev), compare=DECREASE_LABELS[period.decrease])
            if prev is not None
            else t("cmp_headline_no_prev")
        )
        headline.append((period.type_label, _received(period.received), detail))
    return ComplaintsView(
        fiscal_year=fiscal_year,
        has_data=any(c.has_data for c in quarters),
        quarters=tuple(quarters),
        type_tables=type_tables,
        period_table=pd.DataFrame(rows),
        headline=tuple(headline),
    )


# ---------------------------------------------------------------------------------------------
# Public numbers: one joint suppression per fiscal year
# ---------------------------------------------------------------------------------------------
#
# Every public complaint output (this page's 6- and 12-month tables, the deck in presentation,
# PPTX and PDF) reads one ComplaintGrid per fiscal year. Its numbers are the edges of one
# circulation, suppressed once by kpi.privacy.identity.suppress_flows:
#
#   grand total → quarter q (all types) → type in quarter q → cell (q, type, outcome)
#       → type × outcome in half h → type in half h → type in the year → grand total
#
# so a quarter total, a type's quarter, a type's half-year and year (received and per outcome)
# are protected together, not table by table. A number that is not an edge (a type × outcome over
# the year, say) is published only as a sum of published edges, so it tells nothing new. Quarters
# without data for a type have no edges: they are shown as no data, not as 0.

OUTCOMES = ("completed", "in_progress", "other")
GridKey = tuple[object, ...]


def _half(quarter: int) -> int:
    return 1 if quarter <= 2 else 2


@dataclass(frozen=True)
class ComplaintGrid:
    """A fiscal year's complaint counts as published: every key maps to its count or None (hidden).

    Keys: ("total",) · ("quarter", q) · ("type_quarter", q, type) · ("cell", q, type, outcome) ·
    ("outcome_half", type, outcome, h) · ("type_half", type, h) · ("type", type).
    """

    fiscal_year: int
    k: int
    present: tuple[tuple[int, str], ...]  # (quarter, type) with data, quarter-major
    outcomes: tuple[tuple[str, tuple[str, ...]], ...]  # per type, its outcome columns ("other" only if used)
    published: tuple[tuple[GridKey, int | None], ...]

    @property
    def has_data(self) -> bool:
        """True when any quarter of any type has data."""
        return bool(self.present)

    @property
    def quarters(self) -> tuple[int, ...]:
        """Quarters with data for at least one type."""
        return tuple(dict.fromkeys(q for q, _ in self.present))

    def type_quarters(self, kind: str) -> tuple[int, ...]:
        """Quarters with data for this type."""
        return tuple(q for q, ty in self.present if ty == kind)

    def type_outcomes(self, kind: str) -> tuple[str, ...]:
        """The outcome columns of this type."""
        return dict(self.outcomes).get(kind, ())

    def value(self, key: GridKey) -> int | None:
        """The published count of a key, None when hidden (KeyError when the key has no data)."""
        return dict(self.published)[key]

    def sum_of(self, keys: list[GridKey]) -> int | None:
        """A sum of published counts, or None (hidden) as soon as one part is hidden."""
        values = [self.value(key) for key in keys]
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    @property
    def hidden_count(self) -> int:
        """How many of the year's numbers are hidden."""
        return sum(v is None for _, v in self.published)


def _cell_counts(df: pd.DataFrame | None, fiscal_year: int) -> dict[tuple[int, str], dict[str, int]]:
    """Outcome counts per (quarter, type) with data; other = received − completed − in progress."""
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


def complaint_grid(df: pd.DataFrame | None, fiscal_year: int, k: int = TARGETS.suppression_k) -> ComplaintGrid:
    """The year's public complaint numbers, suppressed once and jointly (see the comment above)."""
    counts = _cell_counts(df, fiscal_year)
    present = tuple(key for key in ((q, ty) for q in (1, 2, 3, 4) for ty in TYPES) if key in counts)
    outcomes = tuple(
        (ty, tuple(o for o in OUTCOMES if o != "other" or any(counts[p]["other"] for p in present if p[1] == ty)))
        for ty in TYPES
        if any(p[1] == ty for p in present)
    )
    by_type = dict(outcomes)
    values: dict[GridKey, int] = {}
    flows: list[Flow] = []
    keys: list[GridKey] = []

    # Sum each cell into every key above it, then emit one edge per key.
    for q, ty in present:
        h = _half(q)
        for o in by_type[ty]:
            n = counts[(q, ty)][o]
            above: tuple[GridKey, ...] = (
                ("cell", q, ty, o), ("outcome_half", ty, o, h), ("type_quarter", q, ty), ("quarter", q),
                ("type_half", ty, h), ("type", ty), ("total",),
            )  # fmt: skip
            for key in above:
                if key not in values:
                    keys.append(key)
                values[key] = values.get(key, 0) + n
    # Nodes and costs per kind of key: hiding a total loses more than hiding a cell.
    for key in keys:
        kind = key[0]
        if kind == "total":
            flow = Flow("g_in", "g_out", values[key], 1000.0)
        elif kind == "quarter":
            flow = Flow("g_out", ("q", key[1]), values[key], 100.0)
        elif kind == "type_quarter":
            flow = Flow(("q", key[1]), ("tq", key[1], key[2]), values[key], 20.0)
        elif kind == "cell":
            quarter = int(str(key[1]))
            flow = Flow(("tq", quarter, key[2]), ("oh", key[2], key[3], _half(quarter)), values[key], 10.0)
        elif kind == "outcome_half":
            flow = Flow(("oh", *key[1:]), ("th", key[1], key[3]), values[key], 50.0)
        elif kind == "type_half":
            flow = Flow(("th", *key[1:]), ("t", key[1]), values[key], 100.0)
        else:  # type
            flow = Flow(("t", key[1]), "g_in", values[key], 300.0)
        flows.append(flow)
    hidden = suppress_flows(flows, k) if flows else frozenset()
    published = tuple((key, None if i in hidden else values[key]) for i, key in enumerate(keys))
    return ComplaintGrid(fiscal_year, k, present, outcomes, published)


@dataclass(frozen=True)
class PublicComplaintTable:
    """One complaint type in a reporting round, with small counts hidden."""

    type: str
    type_label: str
    quarters: tuple[int, ...]  # quarters of the round with data (the table's rows)
    missing_quarters: tuple[int, ...]  # quarters of the round without data
    table: SuppressedTable | None  # None when the round has no data for this type
    received: int | None  # the round's total, None when hidden or without data

    @property
    def none(self) -> bool:
        """True when the round has data and there were no complaints at all."""
        return self.table is not None and self.table.grand_total == 0

    def to_frame(self, thai_digits: bool = False) -> pd.DataFrame:
        """The table as display text: hidden numbers as '–', an empty quarter as 'ไม่มีเรื่องร้องเรียน'."""
        if self.table is None:
            return pd.DataFrame()
        frame = self.table.to_frame(thai_digits, total_label=t("cmp_public_total_row"))
        total_column = frame.columns[-1]
        for i, total in enumerate(self.table.row_totals):
            if total == 0:
                frame.iloc[i, frame.columns.get_loc(total_column)] = describe_count(0)
        if self.table.grand_total == 0:
            frame.iloc[-1, frame.columns.get_loc(total_column)] = describe_count(0)
        frame.columns = [*frame.columns[:-1], t("cmp_public_total_col")]
        if thai_digits:
            frame.index = [to_thai_digits(str(label)) for label in frame.index]
        frame.index.name = t("cmp_col_quarter")
        return frame.reset_index()


@dataclass(frozen=True)
class PublicComplaints:
    """The complaint statistics of a round as published: one table per type, all from one ComplaintGrid."""

    fiscal_year: int
    period: str  # half | year
    k: int
    tables: tuple[PublicComplaintTable, ...]

    @property
    def period_label(self) -> str:
        """'รอบ 6 เดือน' or 'รอบ 12 เดือน'."""
        return PERIOD_LABELS[self.period]

    @property
    def footnote(self) -> str | None:
        """The Thai footnote for hidden numbers, or None when nothing is hidden."""
        notes = [tb.table.footnote for tb in self.tables if tb.table is not None and tb.table.footnote]
        return notes[0] if notes else None


_OUTCOME_LABELS = {"completed": "cmp_col_completed", "in_progress": "cmp_col_in_progress", "other": "cmp_public_other"}


def _type_table(grid: ComplaintGrid, kind: str, period: str) -> PublicComplaintTable:
    round_quarters = PERIOD_QUARTERS[period]
    present = tuple(q for q in grid.type_quarters(kind) if q in round_quarters)
    missing = tuple(q for q in round_quarters if q not in present)
    if not present:
        return PublicComplaintTable(kind, type_label(kind), (), missing, None, None)
    outcomes = grid.type_outcomes(kind)
    halves = tuple(dict.fromkeys(_half(q) for q in present))
    cells = tuple(tuple(grid.value(("cell", q, kind, o)) for o in outcomes) for q in present)
    row_totals = tuple(grid.value(("type_quarter", q, kind)) for q in present)
    # Round totals are edges of the grid, or sums of edges (shown only when every part is shown).
    column_totals = tuple(grid.sum_of([("outcome_half", kind, o, h) for h in halves]) for o in outcomes)
    grand = grid.sum_of([("type_half", kind, h) for h in halves])
    table = SuppressedTable(
        k=grid.k,
        row_labels=tuple(quarter_label(grid.fiscal_year, q) for q in present),
        column_labels=tuple(t(_OUTCOME_LABELS[o]) for o in outcomes),
        cells=cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand,
    )
    return PublicComplaintTable(kind, type_label(kind), present, missing, table, grand)


def public_complaint_tables(
    df: pd.DataFrame | None,
    fiscal_year: int,
    period: str = "year",
    k: int = TARGETS.suppression_k,
    grid: ComplaintGrid | None = None,
) -> PublicComplaints:
    """The public tables of a round: per type, quarters × (completed, in progress[, other]), received as totals.

    Every number comes from the year's ComplaintGrid (pass `grid` to reuse one already built).
    """
    if period not in PERIOD_QUARTERS:
        raise ValueError(f"unknown period {period!r}")
    grid = grid if grid is not None else complaint_grid(df, fiscal_year, k)
    tables = tuple(_type_table(grid, kind, period) for kind in TYPES)
    return PublicComplaints(fiscal_year=fiscal_year, period=period, k=grid.k, tables=tables)


def public_quarter_table(
    grid: ComplaintGrid, label: Callable[[int], str]
) -> tuple[tuple[int, ...], SuppressedTable | None]:
    """Received per quarter × type (quarters with data for every type), from the year's grid.

    Totals are edges of the grid when the rows cover all the year's data, else sums of shown rows.
    """
    complete = tuple(q for q in grid.quarters if all((q, ty) in grid.present for ty in TYPES))
    if not complete:
        return complete, None
    whole = complete == grid.quarters
    column_totals = tuple(
        grid.value(("type", ty)) if whole else grid.sum_of([("type_quarter", q, ty) for q in complete]) for ty in TYPES
    )
    table = SuppressedTable(
        k=grid.k,
        row_labels=tuple(label(q) for q in complete),
        column_labels=tuple(type_label(ty) for ty in TYPES),
        cells=tuple(tuple(grid.value(("type_quarter", q, ty)) for ty in TYPES) for q in complete),
        row_totals=tuple(grid.value(("quarter", q)) for q in complete),
        column_totals=column_totals,
        grand_total=grid.value(("total",)) if whole else grid.sum_of([("quarter", q) for q in complete]),
    )
    return complete, table


def public_missing_text(table: PublicComplaintTable, thai_digits: bool = False) -> str | None:
    """'ยังไม่มีข้อมูลไตรมาส 3, 4' for a public table, or None."""
    if not table.missing_quarters:
        return None
    quarters = ", ".join(str(q) for q in table.missing_quarters)
    return t("cmp_missing_quarters", quarters=to_thai_digits(quarters) if thai_digits else quarters)


__all__ = [
    "ALL_TYPES",
    "OUTCOMES",
    "ComplaintGrid",
    "ComplaintsView",
    "PublicComplaintTable",
    "PublicComplaints",
    "build_complaints_view",
    "complaint_grid",
    "public_complaint_tables",
    "public_missing_text",
    "public_quarter_table",
]
