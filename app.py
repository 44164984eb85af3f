"""ITA Dashboard: router and frame only (page config, navigation, the shared sidebar).

Page modules live in views/, not pages/: Streamlit treats a pages/ folder beside the main script as
a legacy multipage app, and then a direct link (or an AppTest rerun) runs that page alone, without
this router and its sidebar.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kpi.core.dataset import default_period
from kpi.core.fiscal import QUARTERS, quarter_label, today_bangkok
from kpi.core.messages import t
from kpi.core.thai import thai_digits_text
from views._shared import current_dataset, current_view, run_page, store_ready

# The tab icon is a bundled file: a ":material/…:" page icon is fetched from an online font service.
ICON = Path(__file__).resolve().parent / "static" / "icon.png"
st.set_page_config(page_title=t("app_title"), page_icon=str(ICON), layout="wide", initial_sidebar_state="expanded")
# Streamlit's table and chart toolbars ("Download as CSV", "Search", "Fullscreen") speak only English:
# hidden by a fixed style rule (no user data passes through it); exports and presentation mode replace them.
st.html("<style>[data-testid='stElementToolbar']{display:none !important}</style>")
# The year and quarter drive every page, so they sit at the top of the sidebar, above the page list,
# where a 1366×768 laptop shows them without scrolling (Streamlit draws its navigation first and has no
# option to put the app's own sidebar content above it; position="top" would hide the pages in menus).
st.html(
    "<style>[data-testid='stSidebarContent']{display:flex;flex-direction:column}"
    "[data-testid='stSidebarContent']>*{flex-shrink:0}[data-testid='stSidebarNav']{order:1}"
    "[data-testid='stSidebarUserContent']{padding-bottom:0.5rem}</style>"
)

PAGES = {
    t("nav_group_main"): [
        st.Page("views/overview.py", title=t("nav_overview"), icon=":material/dashboard:", default=True),
        st.Page("views/measures.py", title=t("nav_measures"), icon=":material/checklist:"),
        st.Page("views/targets.py", title=t("nav_targets"), icon=":material/flag:"),
        st.Page("views/ita.py", title=t("nav_ita"), icon=":material/workspace_premium:"),
        st.Page("views/satisfaction.py", title=t("nav_satisfaction"), icon=":material/sentiment_satisfied:"),
        st.Page("views/complaints.py", title=t("nav_complaints"), icon=":material/report:"),
        st.Page("views/oit.py", title=t("nav_oit"), icon=":material/fact_check:"),
        st.Page("views/calendar.py", title=t("nav_calendar"), icon=":material/calendar_month:"),
    ],
    t("nav_group_present"): [
        st.Page("views/present.py", title=t("nav_present"), icon=":material/slideshow:"),
        st.Page("views/export.py", title=t("nav_export"), icon=":material/download:"),
    ],
    t("nav_group_data"): [
        st.Page("views/upload.py", title=t("nav_upload"), icon=":material/upload_file:"),
        st.Page("views/import_survey.py", title=t("nav_import_survey"), icon=":material/ballot:"),
        st.Page("views/history.py", title=t("nav_history"), icon=":material/history:"),
        st.Page("views/import_report.py", title=t("nav_import"), icon=":material/description:"),
    ],
}
navigation = st.navigation(PAGES, expanded=True)  # every page listed: no 'View more' hiding the upload page

if not store_ready():  # a damaged, read-only or missing store: the Thai message is on screen
    st.stop()
dataset = current_dataset()
opening_year, opening_quarter = default_period(dataset, today_bangkok())
years = sorted({*dataset.years(), opening_year})
with st.sidebar:
    st.markdown(f"### {t('app_title')}")
    if st.session_state.get("year") not in years:
        st.session_state["year"] = opening_year
        st.session_state["quarter"] = st.session_state["chosen_quarter"] = opening_quarter
    year = st.selectbox(t("sidebar_year"), options=list(reversed(years)), key="year")
    thai_digits = bool(st.session_state.get("thai_digits", False))
    # The quarter's label follows the year and the digits, and a browser sends back the label it last
    # showed: after a toggle or a new year that label is stale, Streamlit cannot read it and resets the
    # quarter to the first one. So the choice is kept under a key of its own ("chosen_quarter") and
    # handed to the widget through the state API on every run, which also sends the browser the
    # current label.
    chosen = st.session_state.get("quarter")
    if chosen not in QUARTERS:
        chosen = st.session_state.get("chosen_quarter", opening_quarter)
    st.session_state["chosen_quarter"] = st.session_state["quarter"] = chosen
    st.selectbox(
        t("sidebar_quarter"),
        options=[1, 2, 3, 4],
        key="quarter",
        format_func=lambda q: thai_digits_text(quarter_label(year, q)) if thai_digits else quarter_label(year, q),
    )
    st.toggle(t("sidebar_thai_digits"), key="thai_digits")
    view = current_view()
    st.caption(view.version_text)
    if dataset.is_sample(view.year):
        st.caption(f":orange[:material/warning:] {t('sample_badge')}")

run_page(navigation)  # an error in a page: a Thai message with a reference, never Streamlit's error page
