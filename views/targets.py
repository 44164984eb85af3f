"""ตัวชี้วัด: every target of the chosen fiscal year, per quarter and for the year, with its baseline.

The public view hides a complaint indicator's numbers (and its state) where a public export does
(kpi.screens.targets.public_hiding), and draws no progress chart of such an indicator.
"""

from __future__ import annotations

import streamlit as st

from kpi.charts.targets import target_progress_chart, target_states_chart, tracker_styler
from kpi.core.messages import t
from kpi.core.thai import escape_markdown
from kpi.domain.targets import target_tracker
from kpi.screens.targets import (
    counts_text,
    explain_target,
    hides_any,
    legend_text,
    pick_target,
    public_hiding,
    public_tracker,
    state_options,
    target_options,
    tracker_frame,
    tracker_states,
)
from views._access import allowed
from views._shared import current_view, page_header, show_chart, shown

view = current_view()
page_header(view, "targets_title")
tracker = target_tracker(view.dataset, view.year, view.quarter)
if not tracker.targets:
    st.info(t("targets_year_none", year=view.year), icon=":material/info:")
    st.stop()
hiding = None if allowed("view_internal") else public_hiding(tracker, view.dataset.frame("complaints"))
tracker = public_tracker(tracker, hiding)  # the public view counts a hidden state as "ปกปิด", never met/missed

st.markdown(f"**{shown(view, counts_text(tracker))}**")
st.caption(t("targets_method"))
options = state_options()
# The public view has no state filter: a hidden state would be given back by the rows a filter keeps.
states = (
    ()
    if hiding is not None
    else tuple(
        st.multiselect(
            t("targets_filter_state", quarter=view.quarter_text),
            options=list(options),
            format_func=options.__getitem__,
            key="targets_states",
            placeholder=t("filter_all"),
        )
    )
)
frame = shown(view, tracker_frame(tracker, states, hiding))
st.caption(legend_text())
if len(frame):
    year_column, quarter_columns = frame.columns[5], list(frame.columns[6:])  # the year state, then each quarter
    st.table(
        tracker_styler(frame, tracker_states(tracker, states, hiding), year_column, quarter_columns), hide_index=True
    )
    st.caption(view.version_text)
else:
    st.info(t("targets_filter_empty"), icon=":material/info:")

show_chart(target_states_chart(tracker), view, "chart_target_states")
picks = shown(view, target_options(tracker, states))
if picks:
    key = st.selectbox(t("targets_pick"), options=list(picks), format_func=picks.__getitem__, key="target_pick")
    tracked = pick_target(tracker, key)
    if tracked is not None:
        if hides_any(hiding, tracked):  # its chart would draw the hidden numbers
            st.caption(t("public_chart_hidden"))
        else:
            show_chart(target_progress_chart(tracked, view.year), view, "chart_target_progress")
        for line in shown(view, explain_target(tracked, view.year, hiding)).lines:
            st.markdown(f"- {escape_markdown(line)}")
st.caption(t("targets_quarter_note", quarter=view.quarter_text))
