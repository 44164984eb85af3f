"""ปฏิทิน: the year's reporting deadlines, days left, and what is still missing."""

from __future__ import annotations

import streamlit as st

from kpi.charts.people import deadlines_chart
from kpi.core.fiscal import thai_date, today_bangkok
from kpi.core.messages import t
from kpi.core.thai import format_number, in_thai_digits, thai_digits_text
from kpi.domain.deadlines import build_calendar, calendar_frame, days_text
from kpi.screens.overview import Card
from views._shared import current_view, render_cards, sample_banner, show_chart

view = current_view()
year_text = view.year_text
today = today_bangkok()
st.title(t("deadline_title", year=year_text))
st.caption(t("deadline_asof", date=thai_date(today, view.thai_digits), version_text=view.version_text))
sample_banner(view)

calendar = build_calendar(view.dataset, view.year, today)
calendar = in_thai_digits(calendar) if view.thai_digits else calendar  # digits once, where text is rendered
digits = thai_digits_text if view.thai_digits else str
upcoming = calendar.next_open
overdue = calendar.overdue()
missing = sum(len(d.missing) for d in calendar.deadlines)
next_card = (
    Card(t("deadline_card_next"), digits(days_text(upcoming)),
         f"{upcoming.title} · {thai_date(upcoming.due, view.thai_digits)}", "ok")
    if upcoming
    else Card(t("deadline_card_next"), "–", t("deadline_card_next_none"), "none")
)  # fmt: skip
render_cards(
    [
        next_card,
        Card(t("deadline_card_overdue"), format_number(len(overdue), 0, view.thai_digits),
             t("deadline_card_overdue_detail"), "bad" if overdue else "good"),
        Card(t("deadline_card_missing"), format_number(missing, 0, view.thai_digits),
             t("deadline_col_missing"), "bad" if missing else "good"),
    ]
)  # fmt: skip
show_chart(deadlines_chart(calendar, view.thai_digits), view, "chart_deadlines")
table = calendar_frame(calendar).map(digits)
widths = dict(zip(table.columns, (290, 210, 120, 150, 420, 320), strict=True))  # pixels; the table scrolls sideways
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={name: st.column_config.TextColumn(name, width=width) for name, width in widths.items()},
)
st.subheader(t("deadline_missing_heading"))
for deadline in calendar.deadlines:
    if deadline.missing:
        with st.expander(f"{deadline.title} · {deadline.state_label} ({digits(days_text(deadline))})"):
            st.markdown("\n".join(f"- {line}" for line in deadline.missing))
st.caption(t("deadline_dates_caption"))
