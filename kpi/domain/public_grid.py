"""The public complaint grid of a year as of a quarter: one call for the deck, the page and `kpi figures`.

As of an earlier quarter the grid holds quarters 1 to it only, so its suppression can differ from
the whole year's. A number the whole year's release hides is hidden as of the earlier quarter too
when it is the same number under the same key (kpi.privacy.complaints.complaint_grid `beside`), so
a quarter-2 pack laid beside the year's pack does not give back a count the year's pack hides.
"""

from __future__ import annotations

import pandas as pd

from kpi.core.settings import TARGETS
from kpi.domain.complaints import ALL_TYPES, outcome_counts, round_outcome_counts
from kpi.domain.figures_sources import complaint_kind
from kpi.domain.targets import TargetStatus
from kpi.privacy.complaints import ComplaintGrid, complaint_grid


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
