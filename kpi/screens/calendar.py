"""ปฏิทิน page model: the year's reporting deadlines, the headline cards, the table and what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.fiscal import thai_date
from kpi.core.messages import t
from kpi.core.thai import format_number
from kpi.domain.deadlines import Calendar, build_calendar, calendar_frame, days_text
from kpi.screens.overview import Card

# Column widths of the deadline table in pixels (item, due, days, state, missing, note): it scrolls sideways.
TABLE_WIDTHS = (290, 210, 120, 150, 420, 320)


@dataclass(frozen=True)
class CalendarScreen:
    """Everything the calendar page shows, as text (Arabic digits) beside the calendar it came from."""

    calendar: Calendar
    today: str  # the day the calendar is computed for, as a Thai date
    cards: tuple[Card, ...]
    table: pd.DataFrame
    missing: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, what is missing) per deadline with a gap


def calendar_screen(dataset: Dataset, year: int, today: dt.date) -> CalendarScreen:
    """The calendar page of a fiscal year as of `today`."""
    calendar = build_calendar(dataset, year, today)
    upcoming = calendar.next_open
    overdue = calendar.overdue()
    missing = sum(len(d.missing) for d in calendar.deadlines)
    next_card = (
        Card(t("deadline_card_next"), days_text(upcoming), f"{upcoming.title} · {thai_date(upcoming.due)}", "ok")
        if upcoming
        else Card(t("deadline_card_next"), "–", t("deadline_card_next_none"), "none")
    )
    cards = (
        next_card,
        Card(t("deadline_card_overdue"), format_number(len(overdue), 0), t("deadline_card_overdue_detail"),
             "bad" if overdue else "good"),
        Card(t("deadline_card_missing"), format_number(missing, 0), t("deadline_col_missing"),
             "bad" if missing else "good"),
    )  # fmt: skip
    gaps = tuple((f"{d.title} · {d.state_label} ({days_text(d)})", d.missing) for d in calendar.deadlines if d.missing)
    return CalendarScreen(calendar, thai_date(today), cards, calendar_frame(calendar), gaps)
