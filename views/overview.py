"""ภาพรวม: the year at a glance (the public view: complaint numbers as the council deck publishes them)."""

from __future__ import annotations

import streamlit as st

from kpi.charts.overview import complaints_chart, ita_history_chart, measures_chart, satisfaction_chart, targets_chart
from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.core.settings import TARGETS
from kpi.domain.ita_rules import pass_mark
from kpi.screens.overview import Overview, build_overview, overview_cards
from views._access import allowed
from views._shared import current_view, dataset_key, page_header, render_cards, show_chart, shown

view = current_view()
page_header(view, "overview_title")
if view.year not in view.dataset.years():
    st.info(t("no_data_year", year=view.year), icon=":material/info:")
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=32)
def _overview(key: tuple[str, int | None, str, str], year: int, quarter: int, public: bool, _data: Dataset) -> Overview:
    """The page model, built once per data version, agency, period and audience for every session of
    this process (it is never mutated: shown() returns a copy), so many people opening the overview
    at once cost one build."""
    return build_overview(_data, year, quarter, public=public)


public = not allowed("view_internal")
ov = _overview(dataset_key(view.dataset), view.year, view.quarter, public, view.dataset)
st.markdown(f"**{shown(view, ov.verdict)}**")  # one line: are we on track?
render_cards(shown(view, overview_cards(ov)))

left, right = st.columns(2, gap="large")
with left:
    show_chart(measures_chart(ov.measures), view, "chart_measures")
    show_chart(ita_history_chart(ov.ita_history, pass_mark(view.year)), view, "chart_ita")
with right:
    show_chart(targets_chart(ov.targets), view, "chart_targets")
    show_chart(
        satisfaction_chart(ov.satisfaction_quarters, view.year, ov.satisfaction.target),
        view,
        "chart_satisfaction",
    )
show_chart(complaints_chart(ov.complaints_quarters, view.year), view, "chart_complaints")
if public:
    st.caption(shown(view, t("public_hidden_note", k=TARGETS.suppression_k)))
