"""เรื่องร้องเรียน page model, and the numbers meant for the public.

Internal view: per quarter, corruption apart from general, every figure beside the same quarter of
the previous year; the 6- and 12-month rounds. Public view: kpi.privacy.complaints.complaint_grid
suppresses a fiscal year's numbers once, jointly, and every public output reads that one result:
this page's per-type tables of both rounds (`public_complaint_tables`) and the deck's quarter × type
table (kpi.privacy.complaints.public_quarter_table). Suppressing each table on its own would let one
table give back what another hides. The share answered within 15 days is left out of public
tables because it would give back the counts it is computed from.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.rounds import ROUNDS
from kpi.core.settings import TARGETS
from kpi.core.thai import format_number
from kpi.domain.as_of import to_date_text
from kpi.domain.complaints import (
    ALL_TYPES,
    DECREASE_LABELS,
    PERIOD_LABELS,
    PERIOD_QUARTERS,
    ComplaintPeriod,
    ComplaintQuarter,
    categories_of,
    channel_received,
    complaint_periods,
    complaint_quarters,
    describe_count,
    describe_optional,
    type_label,
    year_totals,
)
from kpi.domain.public_grid import public_grid
from kpi.privacy.complaints import UNSPECIFIED, ComplaintGrid, GridKey, half_of
from kpi.privacy.suppression import SuppressedTable


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


def _outcome(received: int | None, n: int | None) -> str:
    """Completed / in progress: 'ไม่มีข้อมูล' without a row, 'ไม่ระบุ' when the row gave received only."""
    return _count(n) if received is None else describe_optional(n)


def _quarter_received(n: int | None, in_round: str | None) -> str:
    """A quarter inside a published round is not split: it says which round holds its complaints."""
    return t("cmp_in_round", round=in_round) if in_round else _received(n)


@dataclass(frozen=True)
class ComplaintsView:
    """Everything the internal complaints page shows for a fiscal year."""

    fiscal_year: int
    has_data: bool
    quarters: tuple[ComplaintQuarter, ...]
    type_tables: tuple[tuple[str, str, pd.DataFrame], ...]  # (type code, Thai label, table)
    period_table: pd.DataFrame
    headline: tuple[tuple[str, str, str], ...]  # (title, value, detail) per type and all types
    channel_table: pd.DataFrame  # received per channel, category and quarter or round; empty without channels


def _quarter_rows(quarters: list[ComplaintQuarter], kind: str) -> pd.DataFrame:
    rows = []
    for c in (c for c in quarters if c.type == kind):
        rows.append(
            {
                t("cmp_col_quarter"): quarter_label(c.fiscal_year, c.quarter),
                t("cmp_col_received"): _beside(
                    _quarter_received(c.received, c.in_round), _quarter_received(c.prev_received, c.prev_in_round)
                ),
                t("cmp_col_completed"): _beside(
                    _outcome(c.received, c.completed), _outcome(c.prev_received, c.prev_completed)
                ),
                t("cmp_col_in_progress"): _beside(
                    _outcome(c.received, c.in_progress), _outcome(c.prev_received, c.prev_in_progress)
                ),
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
        t("cmp_col_completed"): _beside(
            _outcome(p.received, p.current.completed), _outcome(p.prev_received, p.previous.completed)
        ),
        t("cmp_col_in_progress"): _beside(
            _outcome(p.received, p.current.in_progress), _outcome(p.prev_received, p.previous.in_progress)
        ),
        t("cmp_col_within15"): _beside(_pct(p.current.pct_within_15), _pct(p.previous.pct_within_15)),
        t("cmp_col_compare"): DECREASE_LABELS[p.decrease],
        t("cmp_col_note"): _missing_text(p),
    }


def build_complaints_view(df: pd.DataFrame | None, fiscal_year: int, quarter: int = 4) -> ComplaintsView:
    """The internal complaints page of a fiscal year as of `quarter`: quarters 1 to it, totals to date."""
    quarters = complaint_quarters(df, fiscal_year, quarter)
    periods = complaint_periods(df, fiscal_year, quarter)
    totals = year_totals(df, fiscal_year, quarter)
    kinds = categories_of(df)
    type_tables = tuple((kind, type_label(kind), _quarter_rows(quarters, kind)) for kind in kinds)
    rows = [_period_row(p) for p in periods]
    # As of quarter 4 the 12-month round is already a row of `periods`; to date, the span is its own row.
    rows.extend(_period_row(p) for p in (totals.total,))
    headline = []
    for period in (*totals.by_type, totals.total):
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
        channel_table=_channel_table(df, fiscal_year, quarter),
    )


def _channel_table(df: pd.DataFrame | None, fiscal_year: int, quarter: int = 4) -> pd.DataFrame:
    """Received per channel: one row per channel and category, one column per quarter or round given."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for channel, kind, period, received in channel_received(df, fiscal_year, quarter):
        row = rows.setdefault((channel, kind), {t("cmp_col_channel"): channel, t("cmp_col_type"): kind})
        row[period] = _received(received)
    return pd.DataFrame(list(rows.values())).fillna("–")


@dataclass(frozen=True)
class PublicComplaintTable:
    """One complaint type in a reporting round, with small counts hidden."""

    type: str
    type_label: str
    quarters: tuple[int, ...]  # quarters of the round with data (the table's rows)
    missing_quarters: tuple[int, ...]  # quarters of the round without data
    table: SuppressedTable | None  # None when the round has no data for this type
    received: int | None  # the round's total, None when hidden or without data
    unspecified_rows: tuple[int, ...] = ()  # table rows published as received only: outcomes 'ไม่ระบุ'
    rounds: tuple[tuple[int, int], ...] = ()  # rounds published as such, each one row of the table

    @property
    def none(self) -> bool:
        """True when the round has data and there were no complaints at all."""
        return self.table is not None and self.table.grand_total == 0

    def to_frame(self) -> pd.DataFrame:
        """The table as display text: hidden numbers as '–', an empty quarter as 'ไม่มีเรื่องร้องเรียน'."""
        if self.table is None:
            return pd.DataFrame()
        frame = self.table.to_frame(total_label=t("cmp_public_total_row"))
        total_column = frame.columns[-1]
        for i, total in enumerate(self.table.row_totals):
            if total == 0:
                frame.iloc[i, frame.columns.get_loc(total_column)] = describe_count(0)
        if self.table.grand_total == 0:
            frame.iloc[-1, frame.columns.get_loc(total_column)] = describe_count(0)
        # Received only: completed and in progress were not published, so they are not 0 (nor their sums).
        known = [c for c in frame.columns if c in (t("cmp_col_completed"), t("cmp_col_in_progress"))]
        for i in (*self.unspecified_rows, *((len(frame) - 1,) if self.unspecified_rows else ())):
            for column in known:
                frame.iloc[i, frame.columns.get_loc(column)] = t("cmp_unspecified")
        frame.columns = [*frame.columns[:-1], t("cmp_public_total_col")]
        frame.index.name = t("cmp_col_quarter")
        return frame.reset_index()


@dataclass(frozen=True)
class PublicComplaints:
    """The complaint statistics of a round as published: one table per type, all from one ComplaintGrid."""

    fiscal_year: int
    period: str  # half | year
    k: int
    tables: tuple[PublicComplaintTable, ...]
    through: int = 4  # as of this quarter: the year round is quarters 1 to it

    @property
    def period_label(self) -> str:
        """'รอบ 6 เดือน' or 'รอบ 12 เดือน'; the year as of an earlier quarter: 'ไตรมาส 1–2'."""
        if self.period == "year" and self.through < 4:
            return to_date_text(self.through)
        return PERIOD_LABELS[self.period]

    @property
    def footnote(self) -> str | None:
        """The Thai footnote for hidden numbers, or None when nothing is hidden."""
        notes = [tb.table.footnote for tb in self.tables if tb.table is not None and tb.table.footnote]
        return notes[0] if notes else None


_OUTCOME_LABELS = {
    "completed": "cmp_col_completed", "in_progress": "cmp_col_in_progress", "other": "cmp_public_other",
    UNSPECIFIED: "cmp_col_unspecified",
}  # fmt: skip


def _round_label(span: tuple[int, int]) -> str:
    """'รอบ 6 เดือน (ไตรมาส 1–2)': a round as published, never split into quarters."""
    return t("cmp_round_row", round=PERIOD_LABELS[ROUNDS[span]], first=span[0], last=span[1])


def _type_table(grid: ComplaintGrid, kind: str, period: str, through: int = 4) -> PublicComplaintTable:
    round_quarters = tuple(q for q in PERIOD_QUARTERS[period] if q <= through)
    present = tuple(q for q in grid.type_quarters(kind) if q in round_quarters)
    spans = tuple(span for span in grid.type_rounds(kind) if span[1] <= round_quarters[-1])
    covered = {*present, *(q for span in spans for q in range(span[0], span[1] + 1))}
    missing = tuple(q for q in round_quarters if q not in covered)
    if not present and not spans:
        return PublicComplaintTable(kind, type_label(kind), (), missing, None, None)
    outcomes = grid.type_outcomes(kind)
    # Rows in time order: a round where it starts, then the quarters after it.
    rows: list[tuple[object, str, GridKey, tuple[GridKey, ...]]] = [
        (
            q,
            quarter_label(grid.fiscal_year, q),
            ("type_quarter", q, kind),
            tuple(("cell", q, kind, o) for o in outcomes),
        )
        for q in present
    ]
    rows += [
        (span, _round_label(span), ("round", span, kind), tuple(("round_cell", span, kind, o) for o in outcomes))
        for span in spans
    ]
    rows.sort(key=lambda row: row[0] if isinstance(row[0], int) else row[0][0])  # type: ignore[index]
    halves = tuple(dict.fromkeys([*(half_of(q) for q in present), *(1 for span in spans if span[1] <= 2)]))
    years = tuple(span for span in spans if span[1] > 2)  # a 12-month round flows straight into the year
    # Round totals are edges of the grid, or sums of edges (shown only when every part is shown).
    column_totals = tuple(
        grid.sum_of([*(("outcome_half", kind, o, h) for h in halves), *(("round_cell", s, kind, o) for s in years)])
        for o in outcomes
    )
    grand = grid.sum_of([*(("type_half", kind, h) for h in halves), *(("round", s, kind) for s in years)])
    table = SuppressedTable(
        k=grid.k,
        row_labels=tuple(label for _, label, _, _ in rows),
        column_labels=tuple(t(_OUTCOME_LABELS[o]) for o in outcomes),
        cells=tuple(tuple(grid.value(key) for key in cells) for _, _, _, cells in rows),
        row_totals=tuple(grid.value(total) for _, _, total, _ in rows),
        column_totals=column_totals,
        grand_total=grand,
    )
    unspecified = tuple(i for i, (where, _, _, _) in enumerate(rows) if (where, kind) in grid.unspecified)
    return PublicComplaintTable(kind, type_label(kind), present, missing, table, grand, unspecified, spans)


def public_complaint_tables(
    df: pd.DataFrame | None,
    fiscal_year: int,
    period: str = "year",
    k: int = TARGETS.suppression_k,
    grid: ComplaintGrid | None = None,
    through: int = 4,
) -> PublicComplaints:
    """The public tables of a round: per type, quarters × (completed, in progress[, other]), received as totals.

    Every number comes from the year's ComplaintGrid (pass `grid` to reuse one already built, of the
    same quarter). As of quarter `through` the grid holds quarters 1 to it only; a 6-month round not
    over yet shows what it has so far.
    """
    if period not in PERIOD_QUARTERS:
        raise ValueError(f"unknown period {period!r}")
    if grid is None:
        grid = public_grid(df, fiscal_year, through, k)
    kinds = tuple(dict.fromkeys([*categories_of(df), *grid.types]))
    tables = tuple(_type_table(grid, kind, period, through) for kind in kinds)
    return PublicComplaints(fiscal_year=fiscal_year, period=period, k=grid.k, tables=tables, through=through)


def public_missing_text(table: PublicComplaintTable) -> str | None:
    """'ยังไม่มีข้อมูลไตรมาส 3, 4' for a public table, or None."""
    if not table.missing_quarters:
        return None
    quarters = ", ".join(str(q) for q in table.missing_quarters)
    return t("cmp_missing_quarters", quarters=quarters)


__all__ = [
    "ALL_TYPES",
    "ComplaintsView",
    "PublicComplaintTable",
    "PublicComplaints",
    "build_complaints_view",
    "public_complaint_tables",
    "public_missing_text",
]
