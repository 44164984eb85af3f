"""ความพึงพอใจ: per service and overall, per quarter and for the year, against the target."""

from __future__ import annotations

import streamlit as st

from kpi.charts.satisfaction import satisfaction_quarters_chart
from kpi.core.messages import t
from kpi.core.settings import TARGETS
from kpi.screens.satisfaction import (
    DEFAULT_ORG_SIZE,
    build_satisfaction_view,
    method_label,
    method_options,
    org_size_label,
    org_size_options,
)
from views._shared import current_view, render_cards, sample_banner, show_chart, shown

view = current_view()
year_text = view.year_text
st.title(t("satis_title", year=year_text))
st.caption(view.version_text)
sample_banner(view)

methods = method_options()
options = org_size_options()
st.session_state.setdefault("satis_method", TARGETS.satisfaction_method)
st.session_state.setdefault("org_size", DEFAULT_ORG_SIZE)
st.session_state.setdefault("satis_target", float(TARGETS.satisfaction_target))
left, middle, right = st.columns([3, 3, 2])
method = left.selectbox(
    t("satis_method_label"), methods, key="satis_method", format_func=method_label, help=t("satis_method_help")
)
org_size = middle.selectbox(
    t("satis_org_label"), options, key="org_size", format_func=org_size_label, help=t("satis_org_help")
)
target = right.number_input(t("satis_target_label"), min_value=0.0, max_value=100.0, step=1.0, key="satis_target")

model = build_satisfaction_view(view.dataset, view.year, method, float(target), org_size, quarter=view.quarter)
if not model.has_data:
    st.info(t("satis_no_data", year=year_text), icon=":material/info:")
    st.stop()

render_cards([shown(view, model.headline)])
for warning in shown(view, model.warnings):
    st.warning(warning, icon=":material/warning:")

st.subheader(t("satis_year_heading"))
st.dataframe(shown(view, model.year_table), hide_index=True, width="stretch")
st.caption(t("satis_method_caption", method=model.method_label))
for note in shown(view, model.notes):
    st.caption(note)

st.subheader(t("satis_quarter_heading"))
st.dataframe(shown(view, model.quarter_table), hide_index=True, width="stretch")
st.caption(t("satis_bands_caption"))
show_chart(
    satisfaction_quarters_chart(model.points, view.year, model.target, model.method_label),
    view,
    "chart_satisfaction_quarters",
)
