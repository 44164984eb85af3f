"""ITA Dashboard: router and frame only (page config, navigation, the shared sidebar)."""

from __future__ import annotations

import streamlit as st

from kpi.fiscal import quarter_label
from kpi.messages import t
from pages._shared import current_dataset, default_year

st.set_page_config(page_title=t("app_title"), page_icon=":material/insights:", layout="wide", initial_sidebar_state="expanded")

PAGES = {
    t("nav_group_main"): [
        st.Page("pages/overview.py", title=t("nav_overview"), icon=":material/dashboard:", default=True),
        # A url_path unlike the file name: Streamlit's legacy pages/ folder handling would otherwise run
        # pages/<name>.py on its own (no sidebar, no router) on a direct link or a rerun.
        st.Page("pages/measures.py", title=t("nav_measures"), icon=":material/checklist:", url_path="measure-grid"),
        st.Page("pages/targets.py", title=t("nav_targets"), icon=":material/flag:", url_path="target-tracker"),
        st.Page("pages/ita.py", title=t("nav_ita"), icon=":material/workspace_premium:", url_path="ita-score"),
        st.Page("pages/satisfaction.py", title=t("nav_satisfaction"), icon=":material/sentiment_satisfied:"),
        st.Page("pages/complaints.py", title=t("nav_complaints"), icon=":material/report:"),
        st.Page("pages/oit.py", title=t("nav_oit"), icon=":material/fact_check:"),
        st.Page("pages/calendar.py", title=t("nav_calendar"), icon=":material/calendar_month:"),
        # issue 4 and 5 dashboard pages go here
    ],
    t("nav_group_present"): [
        # issue 6 pages go here
        st.Page("pages/present.py", title=t("nav_present"), icon=":material/slideshow:"),
        st.Page("pages/export.py", title=t("nav_export"), icon=":material/download:"),
    ],
    t("nav_group_data"): [
        st.Page("pages/upload.py", title=t("nav_upload"), icon=":material/upload_file:"),
        st.Page("pages/history.py", title=t("nav_history"), icon=":material/history:"),
        st.Page("pages/import_report.py", title=t("nav_import"), icon=":material/description:"),
    ],
}
PAGES = {group: pages for group, pages in PAGES.items() if pages}
navigation = st.navigation(PAGES, expanded=True)  # every page listed: no 'View more' hiding the upload page

dataset = current_dataset()
years = dataset.years() or [default_year()]
with st.sidebar:
    st.markdown(f"### {t('app_title')}")
    if st.session_state.get("year") not in years:
        st.session_state["year"] = years[-1]
    year = st.selectbox(t("sidebar_year"), options=list(reversed(years)), key="year")
    thai_digits = bool(st.session_state.get("thai_digits", False))
    st.session_state.setdefault("quarter", 4)
    st.selectbox(
        t("sidebar_quarter"),
        options=[1, 2, 3, 4],
        key="quarter",
        format_func=lambda q: quarter_label(year, q, thai_digits),
    )
    st.toggle(t("sidebar_thai_digits"), key="thai_digits")
    from pages._shared import current_view

    view = current_view()
    st.caption(view.version_text)
    if dataset.is_sample(view.year):
        st.caption(f":orange[:material/warning:] {t('sample_badge')}")

navigation.run()
