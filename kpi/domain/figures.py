"""One figure, one truth: every number the screens, exports and `python -m kpi figures` show, computed once.

`figures(dataset, year, quarter, public)` is the one function they read. As of a quarter Q (None:
the year as a whole, read as of quarter 4):

- measures: `planned` = the year's measures whose plan starts in or before Q (a blank plan counts
  as every quarter); each planned measure is counted once by its latest report up to Q:
  `done` (เสร็จสิ้น), `in_progress` (กำลังดำเนินการ), `not_started` (ยังไม่เริ่ม or ไม่ได้ดำเนินการ),
  `not_reported` (no report up to Q). `on_plan` (the overview's verdict, not in the JSON): done, or
  in progress while its plan still runs (its last planned quarter is Q or later).
- indicators: kpi.domain.targets.target_statuses as of Q; a bound indicator's value comes from its
  source (kpi.domain.figures_sources), `period` says what it covers ("ไตรมาส 2", "ทั้งปี").
- ita: the year's scores (the total as published, to 2 decimals), the computed rating (None for a year
  without rules in ita_rules.json) and the rating the agency published.
- satisfaction: the overall percent and n of each quarter up to Q and of the year to date (quarters
  1–Q; the whole year as of quarter 4), as the satisfaction page computes them, with the method of
  the settings.
- complaints: received, completed and in progress of every category, per quarter up to Q and for
  the year to date.

As of Q, the quarters after Q are not in `quarters` at all (kpi.domain.as_of).

None is what is missing, or hidden when `public`: complaint counts are the ones the public
complaints grid publishes (kpi.privacy.complaints.complaint_grid, one joint suppression), and a
complaint-count indicator hides 1..k−1 and its state when the state would give it away
(kpi.privacy.public).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpi.core.dataset import Dataset
from kpi.core.settings import TARGETS
from kpi.domain.as_of import shown_quarters
from kpi.domain.complaints import complaint_figures as domain_complaint_figures
from kpi.domain.figures_sources import satisfaction_of
from kpi.domain.ita import ita_figures as year_ita_figures
from kpi.domain.ita import ita_scores_from_frame
from kpi.domain.measure_status import measure_statuses
from kpi.domain.public_grid import grid_hides, public_grid, target_grids
from kpi.domain.targets import TargetStatus, target_statuses
from kpi.privacy.complaints import ComplaintGrid
from kpi.privacy.public import is_complaint_count, state_gives_away

QUARTERS = (1, 2, 3, 4)
MEASURE_KEYS = ("planned", "done", "in_progress", "not_started", "not_reported")


@dataclass(frozen=True)
class MeasureFigures:
    """Measures planned up to a quarter, each counted once by its latest report."""

    planned: int
    done: int
    in_progress: int
    not_started: int
    not_reported: int
    on_plan: int  # done, or in progress while the plan still runs

    def to_json(self) -> dict[str, int]:
        """The issue's keys only."""
        return {key: getattr(self, key) for key in MEASURE_KEYS}


@dataclass(frozen=True)
class Figures:
    """Everything shown of a fiscal year as of a quarter (None: the whole year)."""

    year: int
    quarter: int | None
    public: bool
    measures: MeasureFigures
    indicators: tuple[dict[str, Any], ...]
    statuses: tuple[TargetStatus, ...]
    ita: dict[str, Any]
    satisfaction: dict[str, Any]
    complaints: dict[str, Any]

    @property
    def targets_met(self) -> int:
        """Indicators met."""
        return sum(1 for s in self.statuses if s.state == "met")

    @property
    def targets_judged(self) -> int:
        """Indicators with data (met, pending or missed)."""
        return sum(1 for s in self.statuses if s.state != "no_data")

    def to_json(self) -> dict[str, Any]:
        """The payload of `python -m kpi figures --json` (without ok, problems and version)."""
        return {
            "year": self.year,
            "quarter": self.quarter,
            "measures": self.measures.to_json(),
            "indicators": [dict(i) for i in self.indicators],
            "ita": dict(self.ita),
            "satisfaction": self.satisfaction,
            "complaints": self.complaints,
        }


def measure_figures(dataset: Dataset, year: int, quarter: int | None) -> MeasureFigures:
    """Measures planned up to `quarter` (None: the year) and their latest reported status."""
    statuses = measure_statuses(dataset, year, quarter)
    counts = dict.fromkeys(("done", "in_progress", "not_started", "not_reported"), 0)
    for status in statuses:
        counts[status.key] += 1
    return MeasureFigures(planned=len(statuses), on_plan=sum(s.on_plan for s in statuses), **counts)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


ITA_KEYS = ("year", "total", "iit", "eit", "oit", "rating", "published_rating")


def ita_figures(dataset: Dataset, year: int) -> dict[str, Any]:
    """The year's ITA scores and ratings (kpi.domain.ita.ita_figures, the ITA page's call); None without a row."""
    found = year_ita_figures(ita_scores_from_frame(dataset.frame("ita")), year) or {"year": year}
    return {key: found.get(key) for key in ITA_KEYS}


def satisfaction_figures(dataset: Dataset, year: int, quarter: int | None = None) -> dict[str, Any]:
    """Overall percent and n per quarter up to `quarter` and for the year to date, and the method used."""
    through = quarter or 4

    def point(q: int | None) -> dict[str, Any]:
        overall = satisfaction_of(dataset, year, q, through).overall
        if overall is None:
            return {"percent": None, "n": None}
        return {"percent": _r(overall.value), "n": overall.sample_size}

    return {
        "quarters": {str(q): point(q) for q in shown_quarters(through)},
        "year": point(None),
        "method": TARGETS.satisfaction_method,
    }


def _published(grid: ComplaintGrid, keys: list[tuple[object, ...]]) -> int | None:
    """A sum of published grid numbers; None when any is hidden or has no data."""
    published = dict(grid.published)
    if not keys or any(k not in published for k in keys):
        return None
    return grid.sum_of(keys)


def complaint_figures(dataset: Dataset, year: int, public: bool, quarter: int | None = None) -> dict[str, Any]:
    """Received, completed and in progress (all categories) per quarter up to `quarter` and for the year to date."""
    frame = dataset.frame("complaints")
    through = quarter or 4
    shown = shown_quarters(through)
    empty = {"received": None, "completed": None, "in_progress": None}
    if public:
        grid = public_grid(frame, year, through)

        def cells(quarters: tuple[int, ...], outcome: str) -> int | None:
            return _published(grid, [("cell", q, ty, outcome) for q, ty in grid.present if q in quarters])

        def public_point(quarters: tuple[int, ...]) -> dict[str, Any]:
            if not any(q in grid.quarters for q in quarters):
                return dict(empty)
            received = _published(
                grid,
                [("total",)]
                if quarters == shown and grid.quarters
                else [("quarter", q) for q in quarters if q in grid.quarters],
            )
            return {
                "received": received,
                "completed": cells(quarters, "completed"),
                "in_progress": cells(quarters, "in_progress"),
            }

        return {"quarters": {str(q): public_point((q,)) for q in shown}, "year": public_point(shown)}
    counts = domain_complaint_figures(frame, year, through=through)
    return {"quarters": {str(q): counts["quarters"][q] for q in shown}, "year": counts["year"]}


def _indicator(s: TargetStatus, public: bool, hides: tuple[bool, bool] = (False, False)) -> dict[str, Any]:
    """One indicator's figure; when `public`, hidden as the public exports hide it (`hides`: the
    complaints grid hides its actual, its baseline: kpi.domain.public_grid.grid_hides)."""
    k = TARGETS.suppression_k
    value = _r(s.actual)
    state: str | None = s.state
    if public and (is_complaint_count(s) or s.source == "complaints"):
        if value is not None and (0 < value < k or hides[0]):
            value = None
        if state_gives_away(s, k) or (s.actual is not None and any(hides)):
            state = None
    return {
        "measure": s.measure_no,
        "indicator": s.indicator_no,
        "name": s.name,
        "source": s.source,
        "op": s.op,
        "target": s.target,
        "value": value,
        "period": s.period,
        "state": state,
    }


def figures(dataset: Dataset, year: int, quarter: int | None, public: bool = False) -> Figures:
    """Every figure of `year` as of `quarter` (None: the whole year); hidden figures are None when `public`."""
    statuses = tuple(target_statuses(dataset, year, quarter))
    grids = target_grids(dataset.frame("complaints"), year, quarter or 4) if public else None
    return Figures(
        year=year,
        quarter=quarter,
        public=public,
        measures=measure_figures(dataset, year, quarter),
        indicators=tuple(_indicator(s, public, grid_hides(s, *grids) if grids else (False, False)) for s in statuses),
        statuses=statuses,
        ita=ita_figures(dataset, year),
        satisfaction=satisfaction_figures(dataset, year, quarter),
        complaints=complaint_figures(dataset, year, public, quarter),
    )
