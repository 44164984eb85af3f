"""The reporting calendar of a fiscal year: each deadline, the days left, and what is still missing.

Dates are data (DEADLINES_SETTINGS), not rules from a manual: agencies and provincial offices set
their own dates, and the NACC moves the ITA window every year. Every date here is marked [U]
(unverified, domain.md) and can be changed in one place. `today` is always passed in, so the
calendar is testable and can be read "as of" any day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.fiscal import QUARTERS, ce_year, quarter_bounds, quarter_label, thai_date
from kpi.core.messages import t
from kpi.core.settings import DEADLINES_SETTINGS, DeadlineSettings
from kpi.core.thai import format_number
from kpi.domain.complaint_rows import categories, span_rows
from kpi.domain.complaints import type_label
from kpi.domain.oit import OitChecklist, build_checklist

DONE, OVERDUE, DUE_SOON, UPCOMING, OPEN, CLOSED = "done", "overdue", "due_soon", "upcoming", "open", "closed"
STATES = (DONE, OVERDUE, DUE_SOON, UPCOMING, OPEN, CLOSED)
MAX_LISTED = 10  # codes or numbers named in one "missing" line before "and N more"


@dataclass(frozen=True)
class Deadline:
    """One deadline (or window) of the year and what is still missing for it."""

    key: str
    title: str
    start: dt.date  # when the work (or the window) begins
    due: dt.date  # the deadline (or the window's end)
    days_left: int  # due − today; negative when past
    state: str  # done | overdue | due_soon | upcoming | open | closed
    missing: tuple[str, ...]
    note: str = ""

    @property
    def state_label(self) -> str:
        """Thai label of the state."""
        return t(f"deadline_state_{self.state}")


@dataclass(frozen=True)
class Calendar:
    """Every deadline of a fiscal year as of a day."""

    fiscal_year: int
    today: dt.date
    deadlines: tuple[Deadline, ...]

    @property
    def next_open(self) -> Deadline | None:
        """The nearest deadline not yet done and not yet past."""
        ahead = [d for d in self.deadlines if d.state in (DUE_SOON, UPCOMING, OPEN)]
        return min(ahead, key=lambda d: d.due) if ahead else None

    def overdue(self) -> tuple[Deadline, ...]:
        """Past deadlines with something still missing."""
        return tuple(d for d in self.deadlines if d.state == OVERDUE)


def _date_in_year(fiscal_year: int, month_day: tuple[int, int]) -> dt.date:
    """A (month, day) inside a BE fiscal year: October–December fall in the first calendar year."""
    month, day = month_day
    ce = ce_year(fiscal_year)
    return dt.date(ce - 1 if month >= 10 else ce, month, day)


def _listed(values: Sequence[object]) -> str:
    shown = ", ".join(str(v) for v in values[:MAX_LISTED])
    if len(values) > MAX_LISTED:
        shown += t("deadline_and_more", count=len(values) - MAX_LISTED)
    return shown


def _planned(dataset: Dataset, fiscal_year: int, quarter: int) -> list[int]:
    measures = dataset.frame("measures")
    rows = measures[measures["fiscal_year"] == fiscal_year]
    planned = rows[rows["quarters"].fillna("").str.contains(rf"(?:^|,){quarter}(?:,|$)", regex=True)]
    return sorted(int(n) for n in planned["no"].dropna())


def _reported(dataset: Dataset, fiscal_year: int, quarter: int) -> set[int]:
    results = dataset.frame("results")
    rows = results[(results["fiscal_year"] == fiscal_year) & (results["quarter"] == quarter)]
    return {int(n) for n in rows["measure_no"].dropna()}


def missing_measure_reports(dataset: Dataset, fiscal_year: int, quarter: int) -> list[int]:
    """Numbers of the measures planned in a quarter that have no status reported for it."""
    reported = _reported(dataset, fiscal_year, quarter)
    return [n for n in _planned(dataset, fiscal_year, quarter) if n not in reported]


def missing_complaint_types(dataset: Dataset, fiscal_year: int, quarter: int) -> list[str]:
    """Complaint categories without a statistics row for a quarter (a round that covers the quarter counts)."""
    rows = span_rows(dataset.frame("complaints"))
    present = {r.kind for r in rows if r.year == fiscal_year and r.covers(quarter)}
    return [kind for kind in categories(rows) if kind not in present]


def _quarter_missing(dataset: Dataset, fiscal_year: int, quarter: int) -> list[str]:
    lines = []
    measures = missing_measure_reports(dataset, fiscal_year, quarter)
    label = quarter_label(fiscal_year, quarter).split(" (")[0]
    if measures:
        lines.append(t("deadline_missing_measures", quarter=label, numbers=_listed(measures)))
    kinds = missing_complaint_types(dataset, fiscal_year, quarter)
    if kinds:
        lines.append(t("deadline_missing_complaints", quarter=label, types=" และ ".join(type_label(k) for k in kinds)))
    return lines


def _has_satisfaction(dataset: Dataset, fiscal_year: int, quarters: Sequence[int] | None) -> bool:
    frame = dataset.frame("satisfaction")
    rows = frame[frame["fiscal_year"] == fiscal_year]
    if quarters is None:
        return len(rows) > 0
    return bool(rows["quarter"].isin(list(quarters)).any() or rows["quarter"].isna().any())


def _oit_missing(checklist: OitChecklist) -> list[str]:
    lines = []
    not_ready = checklist.not_ready
    if not_ready:
        codes = [i.code for i in not_ready]
        lines.append(
            t(
                "deadline_missing_oit",
                count=format_number(len(codes), 0),
                total=format_number(checklist.overall.total, 0),
                codes=_listed(codes),
            )
        )
    if not checklist.stored:
        lines.append(t("deadline_missing_oit_unsaved"))
    return lines


def _state(today: dt.date, due: dt.date, missing: Sequence[str], soon: int) -> str:
    if not missing:
        return DONE
    left = (due - today).days
    if left < 0:
        return OVERDUE
    return DUE_SOON if left <= soon else UPCOMING


def build_calendar(
    dataset: Dataset,
    fiscal_year: int,
    today: dt.date,
    settings: DeadlineSettings = DEADLINES_SETTINGS,
) -> Calendar:
    """Every deadline of a fiscal year as of `today`, sorted by date, each with what is still missing."""
    soon = settings.due_soon_days
    items: list[Deadline] = []

    for quarter in QUARTERS:
        start, end = quarter_bounds(fiscal_year, quarter)
        due = end + dt.timedelta(days=settings.quarter_update_days)
        missing = _quarter_missing(dataset, fiscal_year, quarter)
        items.append(
            Deadline(
                key=f"q{quarter}",
                title=t("deadline_quarter", quarter=quarter_label(fiscal_year, quarter)),
                start=start,
                due=due,
                days_left=(due - today).days,
                state=_state(today, due, missing, soon),
                missing=tuple(missing),
                note=t("deadline_note_quarter", days=settings.quarter_update_days),
            )
        )

    for key, quarters, days, note_key in (
        ("half", (1, 2), settings.half_report_days, "deadline_note_half"),
        ("year", (1, 2, 3, 4), settings.year_report_days, "deadline_note_year"),
    ):
        start = quarter_bounds(fiscal_year, 1)[0]
        due = quarter_bounds(fiscal_year, quarters[-1])[1] + dt.timedelta(days=days)
        missing = [line for q in quarters for line in _quarter_missing(dataset, fiscal_year, q)]
        if not _has_satisfaction(dataset, fiscal_year, quarters):
            missing.append(t("deadline_missing_satisfaction"))
        items.append(
            Deadline(
                key=key,
                title=t(f"deadline_{key}"),
                start=start,
                due=due,
                days_left=(due - today).days,
                state=_state(today, due, missing, soon),
                missing=tuple(missing),
                note=t(note_key, days=days),
            )
        )

    checklist = build_checklist(dataset, fiscal_year)
    window_start = _date_in_year(fiscal_year, settings.ita_window_start)
    window_end = _date_in_year(fiscal_year, settings.ita_window_end)
    oit_missing = _oit_missing(checklist)
    if today < window_start:
        window_state = _state(today, window_start, oit_missing, soon)  # never overdue before it opens
    elif today <= window_end:
        window_state = OPEN
    else:
        window_state = CLOSED if not oit_missing else OVERDUE
    items.append(
        Deadline(
            key="ita_window",
            title=t("deadline_ita_window"),
            start=window_start,
            due=window_end,
            days_left=(window_end - today).days,
            state=window_state,
            missing=tuple(oit_missing),
            note=t("deadline_note_ita_window"),
        )
    )

    results_day = _date_in_year(fiscal_year, settings.ita_results)
    ita = dataset.frame("ita")
    has_score = bool((ita["fiscal_year"] == fiscal_year).any())
    ita_missing = [] if has_score else [t("deadline_missing_ita", year=fiscal_year)]
    items.append(
        Deadline(
            key="ita_results",
            title=t("deadline_ita_results"),
            start=window_end,
            due=results_day,
            days_left=(results_day - today).days,
            state=DONE if has_score else (OVERDUE if today > results_day else UPCOMING),
            missing=tuple(ita_missing),
            note=t("deadline_note_ita_results"),
        )
    )
    items.sort(key=lambda d: (d.due, d.start))
    return Calendar(fiscal_year=fiscal_year, today=today, deadlines=tuple(items))


def days_text(deadline: Deadline) -> str:
    """'อีก 12 วัน', 'วันนี้', 'เลยกำหนด 3 วัน'."""
    left = deadline.days_left
    if left == 0:
        text = t("deadline_today")
    elif left > 0:
        text = t("deadline_days_left", days=f"{left:,}")
    else:
        text = t("deadline_days_past", days=f"{-left:,}")
    return text


def calendar_frame(calendar: Calendar) -> pd.DataFrame:
    """The deadlines as display rows (Thai headers, Arabic digits: the page turns them Thai when asked)."""
    rows = []
    for d in calendar.deadlines:
        period = f"{thai_date(d.start)} – {thai_date(d.due)}" if d.key == "ita_window" else thai_date(d.due)
        rows.append(
            {
                t("deadline_col_item"): d.title,
                t("deadline_col_due"): period,
                t("deadline_col_days"): days_text(d),
                t("deadline_col_state"): d.state_label,
                t("deadline_col_missing"): " · ".join(d.missing) if d.missing else t("deadline_nothing_missing"),
                t("deadline_col_note"): d.note,
            }
        )
    return pd.DataFrame(rows)
