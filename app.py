"""ITA Dashboard: router and frame only (page config, navigation, the shared sidebar).

Page modules live in views/, not pages/: Streamlit treats a pages/ folder beside the main script as
a legacy multipage app, and then a direct link (or an AppTest rerun) runs that page alone, without
this router and its sidebar.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from kpi.access.roles import Action, may
from kpi.core.dataset import default_period
from kpi.core.fiscal import QUARTERS, quarter_label, today_bangkok
from kpi.core.messages import t
from kpi.core.thai import css_string, thai_digits_text
from views._access import account_box, refuse_page, resolve_access
from views._shared import current_dataset, current_view, open_store, run_page, store_ready
from views._sign_in import sign_in_page

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

# Each page with the action a role must be allowed to open it (kpi/access/roles.py).
PAGES: dict[str, list[tuple[str, str, str, Action]]] = {
    t("nav_group_main"): [
        ("overview", "nav_overview", ":material/dashboard:", "view"),
        ("measures", "nav_measures", ":material/checklist:", "view"),
        ("targets", "nav_targets", ":material/flag:", "view"),
        ("ita", "nav_ita", ":material/workspace_premium:", "view"),
        ("satisfaction", "nav_satisfaction", ":material/sentiment_satisfied:", "view"),
        ("complaints", "nav_complaints", ":material/report:", "view"),
        ("oit", "nav_oit", ":material/fact_check:", "view"),
        ("calendar", "nav_calendar", ":material/calendar_month:", "view"),
        # many agencies' results (issue 14): staff only, the public view does not list it
        ("rollup", "nav_rollup", ":material/account_tree:", "view_internal"),
    ],
    t("nav_group_present"): [
        ("present", "nav_present", ":material/slideshow:", "view"),
        ("export", "nav_export", ":material/download:", "export"),
    ],
    t("nav_group_data"): [
        ("upload", "nav_upload", ":material/upload_file:", "upload"),
        ("import_survey", "nav_import_survey", ":material/ballot:", "import"),
        ("history", "nav_history", ":material/history:", "upload"),
        ("import_report", "nav_import", ":material/description:", "import"),
    ],
    t("nav_group_admin"): [
        ("admin", "nav_admin", ":material/admin_panel_settings:", "users"),
    ],
}


def _page(stem: str, title_key: str, icon: str, shown_to: bool) -> st.Page:
    """A page of the role's navigation, or (not the role's) a hidden page at the same address that
    refuses: a direct link gets a Thai refusal, audited, never the page."""
    default = stem == "overview"
    if shown_to:
        return st.Page(f"views/{stem}.py", title=t(title_key), icon=icon, url_path=stem, default=default)
    return st.Page(
        partial(refuse_page, t(title_key)), title=t(title_key), url_path=stem, default=default, visibility="hidden"
    )


def _sign_in_entry(stem: str, default: bool) -> st.Page:
    return st.Page(sign_in_page, title=t("nav_sign_in"), icon=":material/login:", url_path=stem, default=default)


store = open_store()  # a damaged, read-only or missing store: the Thai message is on screen
if store is None:
    st.stop()
access = resolve_access(store)
if access.needs_sign_in:
    # Every address shows the sign-in form and nothing of the data; after signing in, the same
    # address opens the page it names.
    every = [stem for pages in PAGES.values() for stem, *_ in pages]
    entries = [_sign_in_entry("overview", True)] + [
        st.Page(sign_in_page, title=t("nav_sign_in"), url_path=stem, visibility="hidden") for stem in every[1:]
    ]
    run_page(st.navigation(entries, position="hidden"))
    st.stop()

role = access.actor.role if access.actor else "public"
nav_pages = {
    group: [_page(stem, key, icon, may(role, action)) for stem, key, icon, action in pages]
    for group, pages in PAGES.items()
}
if role == "public":  # the public view: a way in for staff
    nav_pages[t("nav_group_account")] = [_sign_in_entry("sign_in", False)]
navigation = st.navigation(nav_pages, expanded=True)  # every page listed: no 'View more' hiding the upload page

if not store_ready():  # the data cannot be read: the Thai message is on screen
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
    account_box(store, access)

run_page(navigation)  # an error in a page: a Thai message with a reference, never Streamlit's error page
