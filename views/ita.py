"""คะแนน ITA: scores per fiscal year with their parts, the rating in that year's vocabulary, and a what-if."""

from __future__ import annotations

import streamlit as st

from kpi.charts.ita import ita_parts_chart, ita_profile_chart, severity_styler
from kpi.charts.rollup import peer_chart
from kpi.core.messages import t
from kpi.core.settings import ORG_CODE, ORG_NAME, ORG_PROVINCE
from kpi.domain.ita_rules import TOOLS, RulesError
from kpi.screens.ita import (
    build_ita_view,
    default_what_if,
    headline,
    ita_severities,
    ita_table,
    rules_text,
    tool_options,
    what_if_answer,
)
from kpi.screens.ita_peers import build_peer_view, peer_code
from views._shared import (
    agency_label,
    agency_tables,
    current_agency,
    current_view,
    render_cards,
    sample_banner,
    show_chart,
    shown,
)

view = current_view()
year_text = view.year_text
st.title(t("ita_title"))
st.caption(t("ita_caption", year=year_text, version_text=view.version_text))
sample_banner(view)
try:
    ita = build_ita_view(view.dataset, view.year)
except (RulesError, ValueError):
    st.error(t("ita_rules_error"), icon=":material/error:")
    st.stop()

top = shown(view, headline(ita))
if top is None:
    st.info(t("ita_none_year", year=year_text), icon=":material/info:")
else:
    total_col, published_col, rating_col, gap_col = st.columns(4)
    with total_col.container(border=True):
        st.markdown(f"**{t('ita_col_total')} {year_text}**")
        st.markdown(f"## {top.total}")
    with published_col.container(border=True):
        st.markdown(f"**{t('ita_published_heading')}**")
        st.markdown(f"## {top.published}")
    with rating_col.container(border=True):
        st.markdown(f"**{t('ita_col_rating')}**")
        st.markdown(f"## {top.rating}")
    with gap_col.container(border=True):
        st.markdown(f"**{t('ita_gap_heading')}**")
        st.markdown(f"## {top.gap}")
        st.caption(top.gap_sentence)
    for note in top.notes:
        st.info(note, icon=":material/info:")
if ita.rules_known:
    st.caption(t("ita_rules_heading", year=year_text) + " " + shown(view, rules_text(ita.rule_set)))

if ita.scores:
    show_chart(ita_parts_chart(ita.scores, ita.rule_set), view, "chart_ita_parts")
    table = shown(view, ita_table(ita))
    st.table(severity_styler(table, ita_severities(ita), t("ita_col_rating")), hide_index=True)

    st.subheader(t("ita_profile_heading"))
    if ita.shown is not None and ita.has_indicators:
        if ita.current is None:
            st.caption(t("ita_profile_latest", year=shown(view, str(ita.shown.year))))
        show_chart(
            ita_profile_chart(ita.indicators, ita.shown.year, ita.rule_set.pass_mark),
            view,
            "chart_ita_profile",
        )
    else:
        st.info(t("ita_profile_none"), icon=":material/info:")

# Where peers' results are loaded: the agency's place among agencies of its type in its province.
results, _, _ = agency_tables()
agency = current_agency()
peers = build_peer_view(results, peer_code(results, agency, ORG_CODE, ORG_NAME, ORG_PROVINCE), view.year)
if peers is not None:
    st.subheader(t("ita_peers_title"))
    st.caption(shown(view, peers.heading))
    render_cards(shown(view, peers.cards))
    own = agency_label(agency) if agency else ORG_NAME
    show_chart(peer_chart(peers.totals, peers.peer.total, peers.peer.median, peers.pass_mark, own), view, "chart_peers")

# The what-if needs the year's rules: a year before the first rule set has none to apply.
if ita.rules_known:
    st.subheader(t("ita_whatif_heading"))
    st.caption(t("ita_whatif_intro", year=year_text))
    tools = tool_options()
    missing = st.radio(
        t("ita_whatif_missing"),
        options=list(tools),
        format_func=tools.__getitem__,
        key="whatif_missing",
        horizontal=True,
        index=2,
    )
    defaults = default_what_if(ita)
    known = {}
    for column, tool in zip(st.columns(3), TOOLS, strict=True):
        known[tool] = column.number_input(
            t("ita_whatif_input", tool=tools[tool]),
            min_value=0.0,
            max_value=100.0,
            value=defaults[tool],
            step=0.01,
            format="%.2f",
            key=f"whatif_{tool}",
            disabled=tool == missing,
        )
    answer = shown(view, what_if_answer(view.year, known, str(missing)))
    for line, ok in zip(answer.lines, answer.reachable, strict=True):
        if ok:
            st.success(line, icon=":material/check_circle:")
        else:
            st.error(line, icon=":material/block:")
