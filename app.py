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
from kpi.core.thai import css_string, thai_digits_text
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

# Accessibility (WCAG 2.1 AA), one constant style sheet (only catalogue texts pass through css_string):
# - a clear focus ring (2px, the theme's dark blue #1F4E79, 8.9:1 on white) on the sidebar's links, buttons,
#   selects, the toggle, tabs and links: Streamlit's own focus on the page links is a faint tint;
# - no "Link to heading" anchors beside headings: English names, and one Tab stop per card value;
# - icons drawn beside a container's text by its key (st-key-tone_good_…, st-key-icon_warning…), with
#   a Thai text alternative or none (`content: "glyph" / "alt"`): an icon written as :material/…: in
#   markdown is read aloud in English ("check_circle icon").
FOCUS_STYLE = (
    "<style>"
    "[data-testid='stSidebarNavLink']:focus-visible{outline:2px solid #1F4E79 !important;outline-offset:-2px}"
    "button:focus-visible,a:focus-visible,[role='tab']:focus-visible,summary:focus-visible"
    "{outline:2px solid #1F4E79 !important;outline-offset:2px}"
    "[data-testid='stSelectbox'] [role='group']:has(input:focus-visible){outline:2px solid #1F4E79;outline-offset:2px}"
    "[data-testid='stCheckbox'] label:has(input:focus-visible)"
    "{outline:2px solid #1F4E79;outline-offset:2px;border-radius:4px}"
    "[data-testid='stHeaderActionElements']{display:none !important}"
    "</style>"
)
st.html(FOCUS_STYLE)
GLYPH = (
    "font-family:'Material Symbols Rounded';font-weight:400;font-size:1.25em;line-height:1;"
    "vertical-align:-0.22em;margin-right:0.3em"
)
CARD_TITLE = ">[data-testid='stElementContainer']:first-child strong::before"
CAPTION = " [data-testid='stCaptionContainer'] p::before"
# A card's tone (views/_shared.render_cards): the icon, a colour at 3:1 or more on white (as graphics
# need) and the Thai words a screen reader says instead of the icon's name.
good, watch, bad, unknown = (
    css_string(t("tone_good")),
    css_string(t("tone_ok")),
    css_string(t("tone_bad")),
    css_string(t("tone_none")),
)
st.html(
    "<style>"
    f'[class*="st-key-tone_good_"]{CARD_TITLE}{{content:"check_circle" / "{good}";color:#007E5C;{GLYPH}}}'
    f'[class*="st-key-tone_ok_"]{CARD_TITLE}{{content:"error" / "{watch}";color:#A86A00;{GLYPH}}}'
    f'[class*="st-key-tone_bad_"]{CARD_TITLE}{{content:"cancel" / "{bad}";color:#C05500;{GLYPH}}}'
    f'[class*="st-key-tone_none_"]{CARD_TITLE}{{content:"remove" / "{unknown}";color:#595959;{GLYPH}}}'
    # decorative icons before a caption whose words say it all: no text alternative
    f'[class*="st-key-icon_warning"]{CAPTION}{{content:"warning" / "";color:#A86A00;{GLYPH}}}'
    f'[class*="st-key-icon_backup"]{CAPTION}{{content:"backup" / "";color:#595959;{GLYPH}}}'
    "</style>"
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
    year = st.selectbox(
        t("sidebar_year"), options=list(reversed(years)), key="year", placeholder=t("select_placeholder")
    )
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
        placeholder=t("select_placeholder"),
        format_func=lambda q: thai_digits_text(quarter_label(year, q)) if thai_digits else quarter_label(year, q),
    )
    st.toggle(t("sidebar_thai_digits"), key="thai_digits")
    view = current_view()
    st.caption(view.version_text)
    if dataset.is_sample(view.year):
        with st.container(key="icon_warning_sample"):
            st.caption(t("sample_badge"))

run_page(navigation)  # an error in a page: a Thai message with a reference, never Streamlit's error page
