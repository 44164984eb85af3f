"""The public complaint grid of a year as of a quarter: one call for the deck, the page and `kpi figures`.

As of an earlier quarter the grid holds quarters 1 to it only, so its suppression can differ from
the whole year's. A number the whole year's release hides is hidden as of the earlier quarter too
when it is the same number under the same key (kpi.privacy.complaints.complaint_grid `beside`), so
a quarter-2 pack laid beside the year's pack does not give back a count the year's pack hides.

A line whose state a public output hides (`state_hidden`) is counted by state in a bucket of its
own, HIDDEN_STATE, never as met or missed (`count_shown`, `public_state_counts`): a count by state
that still held it would give the hidden state back by subtraction.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kpi.core.settings import TARGETS
from kpi.domain.complaints import ALL_TYPES, outcome_counts, round_outcome_counts
from kpi.domain.figures_sources import complaint_kind
from kpi.domain.targets import STATES, TargetStatus
from kpi.privacy.complaints import ComplaintGrid, complaint_grid
from kpi.privacy.public import is_complaint_count, state_gives_away

HIDDEN_STATE = "hidden"  # the bucket of the lines whose state a public output hides


def public_grid(df: pd.DataFrame | None, fiscal_year: int, through: int = 4, k: int | None = None) -> ComplaintGrid:
    """The year's public complaint numbers as of quarter `through` (k: the suppression threshold)."""
    k = TARGETS.suppression_k if k is None else k
    counts, rounds = outcome_counts(df, fiscal_year, through), round_outcome_counts(df, fiscal_year, through)
    whole = (outcome_counts(df, fiscal_year), round_outcome_counts(df, fiscal_year)) if through < 4 else None
    return complaint_grid(counts, fiscal_year, k, rounds, beside=whole)


def target_grids(
    df: pd.DataFrame | None, fiscal_year: int, through: int = 4, k: int | None = None
) -> tuple[ComplaintGrid, ComplaintGrid]:
    """The grids a complaint-bound indicator's numbers come from: this year as of `through`, and
    last year whole (its total is a last-year baseline)."""
    return public_grid(df, fiscal_year, through, k), public_grid(df, fiscal_year - 1, 4, k)


def _hidden(grid: ComplaintGrid, key: tuple[object, ...]) -> bool:
    try:
        return grid.value(key) is None
    except KeyError:  # the grid has no such number (no data): nothing to hide
        return False


def grid_hides(s: TargetStatus, this: ComplaintGrid, last: ComplaintGrid) -> tuple[bool, bool]:
    """Whether the public grids hide a complaint-bound indicator's actual and its baseline.

    Such an indicator prints the grid's own numbers (the received count of its category, or of all
    categories, in its quarter or its year), so it must hide what the grid hides, or a line of the targets table would give
    back a count the complaints table suppressed."""
    if s.source != "complaints" or s.actual is None:
        return False, False
    kind = complaint_kind(s.source_detail)

    def quarter_key(quarter: int) -> tuple[object, ...]:
        return ("quarter", quarter) if kind == ALL_TYPES else ("type_quarter", quarter, kind)

    year_key: tuple[object, ...] = ("total",) if kind == ALL_TYPES else ("type", kind)
    q = s.actual_quarter
    actual = _hidden(this, quarter_key(q) if q else year_key)
    if s.baseline_kind == "prev_quarter" and q:  # the same quarter of last year (kpi.domain.targets)
        baseline = _hidden(last, quarter_key(q))
    elif s.baseline_kind == "prev_year":
        baseline = _hidden(last, year_key)
    else:
        baseline = False
    return actual, baseline


def state_hidden(s: TargetStatus, this: ComplaintGrid, last: ComplaintGrid, k: int) -> bool:
    """Whether a public output hides an indicator's state: it counts complaints and met/missed would
    narrow a hidden number down (kpi.privacy.public.state_gives_away), or the grids hide its actual
    or its baseline (`grid_hides`)."""
    if not (is_complaint_count(s) or s.source == "complaints"):
        return False
    hide_actual, hide_baseline = grid_hides(s, this, last)
    return state_gives_away(s, k) or (s.actual is not None and (hide_actual or hide_baseline))


def count_shown(states: Iterable[str | None], keys: Iterable[str]) -> dict[str, int]:
    """Lines by state as a public output counts them: a hidden state (None) in HIDDEN_STATE only."""
    counts = dict.fromkeys(keys, 0)
    hidden = 0
    for state in states:
        if state is None:
            hidden += 1
        else:
            counts[state] += 1
    return {**counts, HIDDEN_STATE: hidden}


def public_state_counts(
    statuses: Iterable[TargetStatus], complaints: pd.DataFrame | None, year: int, through: int = 4, k: int | None = None
) -> dict[str, int]:
    """The year's indicators by state as the public outputs publish them (as of quarter `through`)."""
    k = TARGETS.suppression_k if k is None else k
    this, last = target_grids(complaints, year, through, k)
    return count_shown((None if state_hidden(s, this, last, k) else s.state for s in statuses), STATES)
