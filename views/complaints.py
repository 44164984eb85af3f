"""เรื่องร้องเรียน: per quarter and round, corruption apart from general; a public view with small counts hidden.

A visitor of the app's public view (no role that may see internal figures) gets the public tables
only: the switch is not shown and the internal tables are never computed for them.
"""

from __future__ import annotations

import streamlit as st

from kpi.charts.complaints import complaints_type_chart
from kpi.core.messages import t
from kpi.core.settings import TARGETS
from kpi.domain.complaints import PERIOD_LABELS
from kpi.screens.complaints import build_complaints_view, public_complaint_tables, public_missing_text
from kpi.screens.overview import Card
from views._access import allowed
from views._shared import current_view, render_cards, sample_banner, show_chart, shown

view = current_view()
year_text = view.year_text
st.title(t("cmp_title", year=year_text))
st.caption(view.version_text)
sample_banner(view)

if allowed("view_internal"):
    st.session_state.setdefault("complaints_public", True)
    public = st.toggle(t("cmp_public_toggle"), key="complaints_public", help=t("cmp_public_help"))
else:  # the public view: the public tables only, and no switch to the internal ones
    public = True
frame = view.dataset.frame("complaints")

if public:
    k = TARGETS.suppression_k
    period = st.radio(
        t("cmp_round_label"), list(PERIOD_LABELS), key="complaints_round", index=1,
        format_func=PERIOD_LABELS.__getitem__, horizontal=True,
    )  # fmt: skip
    published = public_complaint_tables(frame, view.year, period, k, through=view.quarter)
    st.info(t("cmp_public_info", small="1" if k <= 2 else f"1–{k - 1}"), icon=":material/lock:")
    for table in published.tables:
        st.subheader(f"{table.type_label} · {published.period_label}")
        if table.table is None:
            st.info(t("cmp_public_no_data", period=published.period_label), icon=":material/info:")
            continue
        if table.none:
            st.success(t("cmp_public_none", period=published.period_label), icon=":material/check_circle:")
        st.dataframe(shown(view, table.to_frame()), hide_index=True, width="stretch")
        missing = shown(view, public_missing_text(table))
        if missing:
            st.caption(missing)
    if published.footnote:
        st.caption(published.footnote)
    st.stop()

st.warning(t("cmp_internal_warning"), icon=":material/warning:")
model = build_complaints_view(frame, view.year, view.quarter)
if not model.has_data:
    st.info(t("cmp_no_data", year=year_text), icon=":material/info:")
render_cards([Card(title, value, detail, "none") for title, value, detail in shown(view, model.headline)])
for _, label, table in model.type_tables:
    st.subheader(label)
    st.dataframe(shown(view, table), hide_index=True, width="stretch")
st.caption(t("cmp_beside_caption"))
for start in range(0, len(model.type_tables), 2):  # two charts a row, however many categories are configured
    pair = model.type_tables[start : start + 2]
    for column, (kind, _, _) in zip(st.columns(2, gap="large"), pair, strict=False):
        with column:
            show_chart(complaints_type_chart(model.quarters, kind, view.year), view, f"chart_cmp_{kind}")
st.subheader(t("cmp_period_heading"))
st.dataframe(shown(view, model.period_table), hide_index=True, width="stretch")
if not model.channel_table.empty:
    st.subheader(t("cmp_channel_heading"))
    st.dataframe(shown(view, model.channel_table), hide_index=True, width="stretch")
