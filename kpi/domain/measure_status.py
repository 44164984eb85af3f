"""Each measure's status as of a quarter: the one rule that kpi.domain.figures counts and the deck lists.

As of quarter Q, a measure is due when its plan starts in or before Q (a blank plan counts as every
quarter). Its status is its latest report up to Q: `done` (เสร็จสิ้น), `in_progress`
(กำลังดำเนินการ), `not_started` (ยังไม่เริ่ม or ไม่ได้ดำเนินการ), `not_reported` (no report up to Q).
It is on plan when done, or in progress while its plan still runs (its last planned quarter is Q or
later); a measure not done and not on plan is late.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class MeasureStatus:
    """One measure due by a quarter and where it stands."""

    no: int
    name: str
    owner: str  # ผู้รับผิดชอบ ('' when not given)
    plan: tuple[int, ...]  # the planned quarters
    reported: str | None  # the latest status reported up to the quarter, as typed (None: no report)
    key: str  # done | in_progress | not_started | not_reported
    on_plan: bool  # done, or in progress while the plan still runs

    @property
    def done(self) -> bool:
        return self.key == "done"

    @property
    def late(self) -> bool:
        """Not done and behind its plan."""
        return not self.on_plan


def planned_quarters(text: object) -> tuple[int, ...]:
    """The quarters a plan names ('1,2,3,4'); a blank or unreadable plan counts as every quarter."""
    if text is None or pd.isna(text):
        return QUARTERS
    parts = [p.strip() for p in str(text).split(",")]
    found = tuple(int(p) for p in parts if p.isdigit() and int(p) in QUARTERS)
    return found or QUARTERS


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def measure_statuses(dataset: Dataset, year: int, quarter: int | None) -> tuple[MeasureStatus, ...]:
    """The measures of `year` due by `quarter` (None: the year), in their order, each with its latest status."""
    last = quarter or 4
    measures = dataset.frame("measures")
    results = dataset.frame("results")
    results = results[(results["fiscal_year"] == year) & (results["quarter"] <= last)]
    latest: dict[int, str] = {}
    for _q, no, status in sorted(zip(results["quarter"], results["measure_no"], results["status"], strict=True)):
        latest[int(no)] = str(status)  # sorted by quarter: the last one wins
    rows = measures[measures["fiscal_year"] == year]
    found = []
    for no, name, plan_text, owner in zip(rows["no"], rows["name"], rows["quarters"], rows["responsible"], strict=True):
        plan = planned_quarters(plan_text)
        if min(plan) > last:
            continue  # not due yet
        reported = latest.get(int(no))
        key = {"done": "done", "in_progress": "in_progress", None: "not_reported"}.get(reported, "not_started")
        on_plan = key == "done" or (key == "in_progress" and max(plan) >= last)
        found.append(MeasureStatus(int(no), _text(name), _text(owner), plan, reported, key, on_plan))
    return tuple(found)
