"""ภาพรวมหลายหน่วยงาน: many agencies' ITA results for a year and a scope; opens an agency's own dashboards."""

from __future__ import annotations

import streamlit as st

from kpi.charts.rollup import TOP_ROW_HEIGHT, distribution_chart, pass_rate_chart, progress_chart
from kpi.core.messages import t
from kpi.core.schema import HOME_AGENCY
from kpi.core.settings import ORG_CODE, ORG_NAME, ORG_PROVINCE, database_url
from kpi.core.thai import escape_markdown
from kpi.domain.rollup import Scope, home_code
from kpi.screens.rollup import (
    RollupPage,
    build_rollup_page,
    distribution_note,
    progress_table,
    ranking_headers,
    ranking_table,
    rollup_choices,
    search_ranking,
)
from views._shared import (
    agencies_with_data,
    agency_banner,
    agency_label,
    agency_tables,
    current_view,
    get_store,
    show_agency,
    show_chart,
    shown,
)

view = current_view()
st.title(t("rollup_title"))
agency_banner()  # another agency's dashboards are shown elsewhere: say so here too, with the way back
results, register, progress = agency_tables()
if results.empty:
    st.info(t("rollup_empty"), icon=":material/info:")
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=16)
def _page(url: str, version: int | None, saved_at: str, scope: Scope, home: str | None) -> RollupPage:
    return build_rollup_page(results, register, progress, scope, home)


def _open(code: str) -> None:
    """Show an agency's own dashboards, starting at its overview."""
    show_agency(code)
    st.switch_page("views/overview.py", query_params={"agency": code} if code else None)


ALL = ""  # the selectors' "ทั้งหมด" (None would read as "nothing chosen" and show Streamlit's English placeholder)


def _all(value: str) -> str:
    return t("rollup_all") if value == ALL else str(value)


home = home_code(results, ORG_CODE, ORG_NAME, ORG_PROVINCE)
if "rollup_province" not in st.session_state:  # first visit: the organisation's province when it has results
    st.session_state["rollup_province"] = rollup_choices(results, register, ORG_PROVINCE, None).default_province or ALL
choices = rollup_choices(results, register, ORG_PROVINCE, st.session_state["rollup_province"] or None)
if st.session_state.get("rollup_district") not in (ALL, *choices.districts):
    st.session_state["rollup_district"] = ALL  # another province: its districts are others

year_col, province_col, district_col, type_col = st.columns(4)
year = year_col.selectbox(t("rollup_year"), choices.years, key="rollup_year", format_func=lambda y: shown(view, str(y)))
province = province_col.selectbox(
    t("rollup_province"), [ALL, *choices.provinces], key="rollup_province", format_func=_all
)
district = district_col.selectbox(
    t("rollup_district"), [ALL, *choices.districts], key="rollup_district", format_func=_all, disabled=not province,
    help=t("rollup_district_help"),
)  # fmt: skip
kind = type_col.selectbox(t("rollup_type"), [ALL, *choices.types], key="rollup_type", format_func=_all)
scope = Scope(int(year), province or None, (district or None) if province else None, kind or None)
head = get_store().head()
page = _page(database_url(), head.number if head else None, head.created_at if head else "", scope, home)
st.caption(shown(view, t("rollup_caption", year=year, scope=page.scope_text, version_text=view.version_text)))

for column, card in zip(st.columns(len(page.cards)), shown(view, page.cards), strict=True):
    with column.container(border=True):
        st.markdown(f"**{card.title}**")
        st.markdown(f"## {card.value}")
        st.caption(card.detail)

left, right = st.columns(2, gap="large")
with left:
    show_chart(pass_rate_chart(page.trend, page.scope_text), view, "chart_rollup_trend")
with right:
    title = t("rollup_by_group_title", label=page.by_type.label)
    show_chart(distribution_chart(page.by_type, page.pass_mark, title, TOP_ROW_HEIGHT), view, "chart_rollup_type")
show_chart(
    distribution_chart(page.by_place, page.pass_mark, t("rollup_by_group_title", label=page.by_place.label)),
    view,
    "chart_rollup_place",
)
note = distribution_note(page.by_place)
if note:
    st.caption(shown(view, note))

st.subheader(t("rollup_ranking_heading"))
search = st.text_input(t("rollup_search"), key="rollup_search", placeholder=t("rollup_search_placeholder"))
found = search_ranking(page.ranking, search)
st.caption(shown(view, t("rollup_ranking_count", shown=len(found), total=len(page.ranking))))
headers = ranking_headers()
score = st.column_config.NumberColumn(format="%.2f")
event = st.dataframe(
    shown(view, ranking_table(found, scope)),
    hide_index=True,
    height=420,
    placeholder="–",
    key="rollup_ranking",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        headers["rank"]: st.column_config.NumberColumn(format="%d", width=60),
        headers["name"]: st.column_config.TextColumn(width="medium"),
        headers["iit"]: score,
        headers["eit"]: score,
        headers["oit"]: score,
        headers["total"]: score,
        headers["change"]: st.column_config.NumberColumn(format="%+.2f"),
    },
)
st.caption(t("rollup_ranking_hint"))

# Opening an agency's own dashboards: the row chosen above, or any agency with its own workbook.
codes, known = agencies_with_data()
own_data = [c for c in codes if c != HOME_AGENCY]
rows = list(event.selection.rows) if event is not None else []
picked = str(found.iloc[rows[0]]["code"]) if rows and rows[0] < len(found) else None
if picked is not None:
    name = escape_markdown(str(found.iloc[rows[0]]["name"]))
    if picked == home:
        if st.button(
            t("rollup_open_home", name=name), key="rollup_open_picked", type="primary", icon=":material/dashboard:"
        ):
            _open(HOME_AGENCY)
    elif picked in own_data:
        if st.button(
            t("rollup_open_agency", name=name), key="rollup_open_picked", type="primary", icon=":material/dashboard:"
        ):
            _open(picked)
    else:
        st.info(shown(view, t("rollup_no_workbook", name=name, code=picked)), icon=":material/info:")
if own_data:
    choice_col, button_col = st.columns([3, 1], vertical_alignment="bottom")

    chosen = choice_col.selectbox(
        t("rollup_open_choose"),
        own_data,
        key="rollup_open_choice",
        format_func=lambda c: shown(view, agency_label(c, known)),
    )
    if button_col.button(t("rollup_open_button"), key="rollup_open", icon=":material/open_in_new:", width="stretch"):
        _open(str(chosen))
else:
    st.caption(t("rollup_none_with_workbook"))

st.subheader(t("rollup_movers_heading", year=shown(view, str(year)), before=shown(view, str(int(year) - 1))))
rises_col, falls_col = st.columns(2, gap="large")
with rises_col:
    st.markdown(f"**{t('rollup_rises')}**")
    if page.rises.empty:
        st.caption(t("rollup_no_movers"))
    else:
        st.dataframe(
            shown(view, page.rises),
            hide_index=True,
            column_config={headers["change"]: st.column_config.NumberColumn(format="%+.2f")},
        )
with falls_col:
    st.markdown(f"**{t('rollup_falls')}**")
    if page.falls.empty:
        st.caption(t("rollup_no_movers"))
    else:
        st.dataframe(
            shown(view, page.falls),
            hide_index=True,
            column_config={headers["change"]: st.column_config.NumberColumn(format="%+.2f")},
        )

st.subheader(t("rollup_missing_heading", count=shown(view, str(len(page.missing)))))
if page.missing.empty:
    st.caption(t("rollup_missing_none"))
else:
    st.dataframe(
        shown(view, page.missing), hide_index=True, placeholder="–", height=min(420, 40 + 35 * len(page.missing))
    )

st.subheader(t("rollup_progress_heading"))
if page.progress.empty:
    st.caption(t("rollup_progress_none"))
else:
    percent = st.column_config.NumberColumn(format="%.2f")
    table = shown(view, progress_table(page.progress))
    st.dataframe(table, hide_index=True, placeholder="–", column_config={c: percent for c in table.columns[2:5]})
    show_chart(progress_chart(page.progress), view, "chart_rollup_progress")
