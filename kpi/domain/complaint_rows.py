"""The COMPLAINTS sheet's rows as spans of quarters: single quarters and published rounds, per category and channel.

A row covers quarter..quarter_to (quarter_to blank: one quarter). A round is never split into
invented quarter figures: its counts belong to the round only. Upload validation refuses a round
that overlaps a quarter row of the same type (and channel); rows stored before that check, or
written by other means, follow one precedence rule here: quarter rows win, and an overlapping
round is left out of every figure, so nothing is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import cell_int as _int
from kpi.core.fiscal import QUARTERS
from kpi.core.rounds import ROUNDS, Span
from kpi.core.schema import COMPLAINT_ALIASES, COMPLAINT_TYPES, complaint_category_choices

_FIELDS = ("received", "completed", "in_progress", "within_15_days")


@dataclass(frozen=True)
class Counts:
    """The four counts of one type over some quarters; every field None when there is no data."""

    received: int | None = None
    completed: int | None = None  # None also when the row gave received only
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
class SpanRow:
    """One row of the sheet: a fiscal year, the quarters it covers, its category and channel, its counts."""

    year: int
    span: Span
    kind: str
    channel: str | None
    counts: Counts

    @property
    def is_round(self) -> bool:
        """True for a 6- or 12-month round, False for a single quarter."""
        return self.span[0] != self.span[1]

    def covers(self, quarter: int) -> bool:
        """True when the row's span holds the quarter."""
        return self.span[0] <= quarter <= self.span[1]


def add_counts(parts: list[Counts]) -> Counts:
    """Sum counts that have data; a field is None if every part lacks data or any part lacks that field."""
    present = [p for p in parts if p.has_data]
    if not present:
        return Counts()
    totals: dict[str, int | None] = {}
    for name in _FIELDS:
        values = [getattr(p, name) for p in present]
        totals[name] = None if any(v is None for v in values) else sum(values)
    return Counts(**totals)


def category_code(text: str) -> str:
    """The stored code of a category as typed or stored (a Thai label, an alias or a code)."""
    configured = complaint_category_choices()
    return configured.get(text, COMPLAINT_TYPES.get(text, COMPLAINT_ALIASES.get(text, text)))


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() or None


def _overlaps(a: SpanRow, b: SpanRow) -> bool:
    same_channel = a.channel == b.channel or a.channel is None or b.channel is None
    return a.year == b.year and a.kind == b.kind and same_channel and a.span[0] <= b.span[1] and b.span[0] <= a.span[1]


def span_rows(df: pd.DataFrame | None) -> list[SpanRow]:
    """Every usable row, rounds overlapping a quarter row of the same type and channel left out (see above)."""
    rows: list[SpanRow] = []
    if df is None or df.empty:
        return rows
    for record in df.to_dict("records"):
        year, first = _int(record.get("fiscal_year")), _int(record.get("quarter"))
        last = _int(record.get("quarter_to")) if "quarter_to" in record else None
        kind = category_code(_text(record.get("type")) or "")
        span = (first or 0, last if last is not None else first or 0)
        if year is None or first not in QUARTERS or not kind or (span[0] != span[1] and span not in ROUNDS):
            continue
        counts = Counts(
            received=_int(record.get("received")) or 0,
            completed=_int(record.get("completed")),
            in_progress=_int(record.get("in_progress")),
            within_15_days=_int(record.get("within_15_days")),
        )
        rows.append(SpanRow(year, span, kind, _text(record.get("channel")), counts))
    singles = [r for r in rows if not r.is_round]
    return [r for r in rows if not r.is_round or not any(_overlaps(r, s) for s in singles)]


def categories(rows: list[SpanRow]) -> tuple[str, ...]:
    """The configured category codes, then any other code found in the data (earlier uploads keep showing)."""
    configured = tuple(complaint_category_choices().values())
    return configured + tuple(dict.fromkeys(r.kind for r in rows if r.kind not in configured))


def channels(rows: list[SpanRow]) -> tuple[str, ...]:
    """The channels named in the rows, in order of first appearance."""
    return tuple(dict.fromkeys(r.channel for r in rows if r.channel))
