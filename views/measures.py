"""มาตรการ: measures × quarters of the chosen fiscal year, filters, and one measure in detail."""

from __future__ import annotations

import streamlit as st

from kpi.charts.measures import measures_share_chart, measures_styler
from kpi.core.messages import t
from kpi.core.thai import escape_markdown
from kpi.screens.measures import (
    count_text,
    grid_frame,
    legend_text,
    measure_detail,
    measure_options,
    measures_grid,
    share_texts,
    status_options,
)
from views._access import allowed
from views._shared import current_view, page_header, show_chart, shown

view = current_view()
page_header(view, "measures_title")
everything = measures_grid(view.dataset, view.year, view.quarter)
if not everything.total:
    st.info(t("measures_year_none", year=view.year), icon=":material/info:")
    st.stop()

statuses = status_options()
left, right = st.columns(2)
units = left.multiselect(
    t("measures_filter_unit"), options=list(everything.units), key="measures_units", placeholder=t("filter_all")
)
states = right.multiselect(
    t("measures_filter_status", quarter=view.quarter_text),
    options=list(statuses),
    format_func=statuses.__getitem__,
    key="measures_states",
    placeholder=t("filter_all"),
)
grid = measures_grid(view.dataset, view.year, view.quarter, units, states)

st.subheader(t("measures_grid_heading"))
st.caption(legend_text())
if grid.rows:
    frame = shown(view, grid_frame(grid))
    st.table(measures_styler(frame, grid), hide_index=True)
    st.caption(shown(view, count_text(grid)) + " · " + view.version_text)
else:
    st.info(t("measures_filter_empty"), icon=":material/info:")

chart_col, text_col = st.columns([3, 2], gap="large")
with chart_col:
    show_chart(measures_share_chart(grid), view, "chart_measures_share")
with text_col:
    for line in shown(view, share_texts(grid)):
        st.markdown(f"- {line}")

st.subheader(t("measures_detail_heading"))
options = shown(view, measure_options(grid))
if options:
    picked = st.selectbox(
        t("measures_detail_pick"), options=list(options), format_func=options.__getitem__, key="measure_pick"
    )
    detail = (
        shown(view, measure_detail(view.dataset, grid, int(picked), public=not allowed("view_internal")))
        if picked is not None
        else None
    )
    if detail is not None:
        st.markdown(f"#### {escape_markdown(detail.title)}")
        for column, (label, text) in zip(st.columns(len(detail.facts)), detail.facts, strict=True):
            column.markdown(f"**{label}**")
            column.text(text)
        for heading, text in detail.sections:
            st.markdown(f"**{heading}**")
            st.text(text)
        st.markdown(f"**{t('measures_detail_quarters')}**")
        st.table(shown(view, detail.quarters), hide_index=True)
        st.markdown(f"**{t('measures_col_evidence')}**")
        if len(detail.evidence):
            st.dataframe(
                shown(view, detail.evidence),
                hide_index=True,
                width="stretch",
                column_config={t("measures_col_evidence"): st.column_config.LinkColumn()},
            )
        else:
            st.caption(t("measures_no_evidence"))
        if detail.target_lines:
            st.markdown(f"**{t('measures_detail_targets')}**")
            for line in detail.target_lines:
                st.markdown(f"- {escape_markdown(line)}")
else:
    st.info(t("measures_filter_empty"), icon=":material/info:")
