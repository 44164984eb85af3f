"""The figures a public export may print, computed once and shared by the council deck and the report.

- `public_complaints`: the year's complaint counts per quarter × type, this year and last, from
  kpi.privacy.complaints.complaint_grid, the one joint suppression the complaints page publishes too.
  As of a quarter Q both years hold quarters 1–Q only (kpi.domain.as_of): `quarters` are the
  quarters a chart of them shows.
- `public_targets`: each indicator's actual, baseline and state as printed; an indicator that
  counts complaints shows 1..k−1 as the hidden mark, and its state too when the state would give the
  hidden number away (kpi.privacy.public).

Texts here have Arabic digits; the deck and the report turn them Thai once, at their end.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core.dataset import Dataset
from kpi.core.fiscal import QUARTERS, quarter_label
from kpi.core.messages import t
from kpi.core.palette import TARGET_KEYS
from kpi.core.settings import TARGETS
from kpi.domain.as_of import shown_quarters
from kpi.domain.complaints import (
    DECREASE_LABELS,
    YearTotals,
    describe_count,
    year_totals,
)
from kpi.domain.public_grid import grid_hides, public_grid, target_grids
from kpi.domain.targets import TargetStatus, condition_text
from kpi.privacy.complaints import public_quarter_table
from kpi.privacy.public import hides_complaint_count, is_complaint_count, public_count, state_gives_away
from kpi.privacy.suppression import HIDDEN_MARK, SuppressedTable


@dataclass(frozen=True)
class PublicComplaints:
    """Complaint counts per quarter × type, this year and last, with small counts suppressed."""

    year: int
    this_quarters: tuple[int, ...]  # quarters with data for every type, this year
    last_quarters: tuple[int, ...]
    this_table: SuppressedTable | None
    last_table: SuppressedTable | None
    decrease: str  # met | missed | no_data | hidden
    quarters: tuple[int, ...] = QUARTERS  # the quarters shown, 1 to the quarter the figures are as of


def count_text(n: int | None) -> str:
    """A published count: hidden → '–', 0 → 'ไม่มีเรื่องร้องเรียน', else 'n เรื่อง'."""
    return "–" if n is None else describe_count(n)


def decrease_text(decrease: str) -> str:
    """'ลดลง' / 'ไม่ลดลง' / 'ไม่มีข้อมูล', or the hidden mark beside hidden totals."""
    return HIDDEN_MARK if decrease == "hidden" else DECREASE_LABELS[decrease]


def quarter_short(year: int, quarter: int) -> str:
    """'ไตรมาส 2': a quarter's label without its months."""
    return quarter_label(year, quarter).split(" (")[0]


def public_complaints(
    dataset: Dataset, year: int, totals: YearTotals | None = None, quarter: int | None = None
) -> PublicComplaints:
    """Complaints of a year and the year before, as the public may see them, as of `quarter`.

    Both years' numbers come from one joint suppression per year (complaint_grid); the comparison
    with last year is shown only when both years' totals are. `totals` is the year's
    kpi.domain.complaints.year_totals when the caller has it already (the overview does): it
    carries the quarter the figures are as of, else `quarter` (None: the whole year).
    """
    frame = dataset.frame("complaints")
    k = TARGETS.suppression_k
    through = totals.through if totals is not None else quarter or 4

    this_grid, last_grid = public_grid(frame, year, through, k), public_grid(frame, year - 1, through, k)
    this_q, this_table = public_quarter_table(this_grid, lambda q: quarter_short(year, q))
    last_q, last_table = public_quarter_table(last_grid, lambda q: quarter_short(year - 1, q))
    decrease: str = (totals if totals is not None else year_totals(frame, year, through)).total.decrease
    if decrease != "no_data" and None in (this_grid.value(("total",)), last_grid.value(("total",))):
        decrease = "hidden"  # "ลดลง" beside two hidden totals would tell which is smaller
    return PublicComplaints(year, this_q, last_q, this_table, last_table, decrease, shown_quarters(through))


@dataclass(frozen=True)
class PublicTarget:
    """One indicator as a public export prints it."""

    status: TargetStatus
    baseline: str | None  # the baseline as printed ('5', or the hidden mark), None without one
    actual: str  # '85.50 (ไตรมาส 2)', '– (ไตรมาส 2)' or 'ไม่มีข้อมูล'
    state: str  # the state word, or the hidden mark when it would narrow a hidden count down
    hides_count: bool  # the line hides a complaint count: the export adds the footnote

    def condition(self, with_label: bool) -> str:
        """The target condition with the published baseline: labelled (the deck) or in brackets (the report)."""
        label = (self.status.baseline_label or "") if with_label else None
        return condition_text(self.status, self.baseline, label)


def public_target(s: TargetStatus, k: int, grid_hides: tuple[bool, bool] = (False, False)) -> PublicTarget:
    """One indicator's printed baseline, actual and state (complaint counts 1..k−1 hidden).

    `grid_hides` says whether the complaints grid hides the line's actual and its baseline (a
    complaint-bound line prints the grid's numbers, so it hides what the grid hides, and its state
    with them: met/missed would narrow the hidden number down)."""
    hide = is_complaint_count(s) or s.source == "complaints"
    hide_actual, hide_baseline = grid_hides
    baseline = None if s.baseline is None else HIDDEN_MARK if hide_baseline else public_count(s.baseline, hide, k)
    actual = (
        t("target_no_data")
        if s.actual is None or s.period is None
        else t(
            "actual_in_period", value=HIDDEN_MARK if hide_actual else public_count(s.actual, hide, k), period=s.period
        )
    )
    gives_away = state_gives_away(s, k) or (s.actual is not None and (hide_actual or hide_baseline))
    state = HIDDEN_MARK if gives_away else t(TARGET_KEYS[s.state])
    return PublicTarget(s, baseline, actual, state, hides_complaint_count(s, k) or hide_actual or hide_baseline)


def public_targets(
    statuses: list[TargetStatus], dataset: Dataset | None = None, quarter: int = 4
) -> tuple[PublicTarget, ...]:
    """Every indicator as a public export prints it, with the suppression threshold of the settings.

    With the dataset, a complaint-bound line hides what the year's public complaints grid as of
    `quarter` hides (and last year's whole-year grid, for a last-year baseline)."""
    k = TARGETS.suppression_k
    if dataset is None or not statuses:
        return tuple(public_target(s, k) for s in statuses)
    this, last = target_grids(dataset.frame("complaints"), statuses[0].fiscal_year, quarter, k)
    return tuple(public_target(s, k, grid_hides(s, this, last)) for s in statuses)
