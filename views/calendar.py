"""ปฏิทิน: the year's reporting deadlines, days left, and what is still missing."""

from __future__ import annotations

import streamlit as st

from kpi.charts.calendar import deadlines_chart
from kpi.core.fiscal import today_bangkok
from kpi.core.messages import t
from kpi.screens.calendar import TABLE_WIDTHS, calendar_screen
from views._shared import current_view, render_cards, sample_banner, show_chart, shown

view = current_view()
screen = calendar_screen(view.dataset, view.year, today_bangkok())
st.title(t("deadline_title", year=view.year_text))
st.caption(t("deadline_asof", date=shown(view, screen.today), version_text=view.version_text))
sample_banner(view)

render_cards(shown(view, screen.cards))
show_chart(deadlines_chart(screen.calendar), view, "chart_deadlines")
table = shown(view, screen.table)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        name: st.column_config.TextColumn(name, width=width)
        for name, width in zip(table.columns, TABLE_WIDTHS, strict=True)
    },
)
st.subheader(t("deadline_missing_heading"))
for heading, lines in shown(view, screen.missing):
    with st.expander(heading):
        st.markdown("\n".join(f"- {line}" for line in lines))
st.caption(t("deadline_dates_caption"))
