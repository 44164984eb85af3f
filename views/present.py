"""โหมดนำเสนอ: the council deck, one slide per screen, for a projector (no sidebar, large type).

Driven by the keyboard too (views/_keyboard.py): → Page Down Space next, ← Page Up previous, Home/End.
Every slide fits the screen without scrolling: the page is one screen high, the chart takes what the
title, cards and notes leave, and card titles wrap instead of being cut.
"""

from __future__ import annotations

import streamlit as st

from kpi.charts.base import readable
from kpi.core.messages import t
from kpi.core.thai import escape_markdown
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Slide, Table
from kpi.exports.screen import chart_figure
from views._keyboard import key_step
from views._shared import CHART_CONFIG, chart_caption, current_view, sample_banner, shown

# A constant stylesheet (no data ever reaches it): hide the sidebar, header and toolbar, size the type
# for a projector (clamp(): 1024×768 readable, 1920×1080 large), and make the page exactly one screen
# high: the slide's body (.st-key-present_body) takes what the bar, title and cards leave, and the
# chart inside it grows to fill that (every box on the way to it may grow and shrink).
_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .st-key-present_keys { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.6rem 0.6rem 1.6rem !important; max-width: 100% !important;
  height: 100vh; box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; gap: 0.45rem; flex-wrap: nowrap; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > * { flex-shrink: 0; }
[data-testid="stLayoutWrapper"]:has(> .st-key-present_body), [data-testid="stLayoutWrapper"]:has(> .st-key-present_stage) {
  flex: 1 1 0 !important; min-height: 0 !important; display: flex; flex-direction: column; }
.st-key-present_body, .st-key-present_stage { flex: 1 1 0 !important; min-height: 0 !important; gap: 0.5rem; flex-wrap: nowrap; }
.st-key-present_body > *, .st-key-present_stage > * { flex-shrink: 0; }
.st-key-present_stage [data-testid="stLayoutWrapper"]:has([data-testid="stPlotlyChart"]),
.st-key-present_stage [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]),
.st-key-present_stage [data-testid="stVerticalBlock"]:has([data-testid="stPlotlyChart"]),
.st-key-present_stage [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
  flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-present_stage [data-testid="stLayoutWrapper"]:has([data-testid="stPlotlyChart"]) { display: flex; flex-direction: column; }
.st-key-present_stage [data-testid="stVerticalBlock"] { flex-wrap: nowrap; gap: 0.3rem; }
.st-key-present_stage [data-testid="stVerticalBlock"] > * { flex-shrink: 0; }
.st-key-present_stage [data-testid="stColumn"] > [data-testid="stVerticalBlock"] { height: 100%; }
.st-key-present_stage [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]),
.st-key-present_stage [data-testid="stPlotlyChart"] { height: 100% !important; }
.st-key-present_bar button { min-height: 2.2rem; padding-top: 0.1rem; padding-bottom: 0.1rem; }
[data-testid="stMain"] [data-testid="stAlert"] > div { padding: 0.35rem 0.9rem; }
[data-testid="stMain"] h1 { font-size: clamp(1.7rem, 2.6vw, 3.4rem) !important; padding: 0.15rem 0 0.1rem 0 !important;
  line-height: 1.45 !important; }
[data-testid="stMain"] h3 { font-size: clamp(1.2rem, 1.6vw, 2rem) !important; font-weight: 400 !important;
  padding: 0 0 0.2rem 0 !important; line-height: 1.45 !important; }
[data-testid="stMetric"] { gap: 0; }
[data-testid="stMetricValue"] { font-size: clamp(1.7rem, 2.7vw, 3.4rem) !important; }
[data-testid="stMetricValue"] > div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: anywhere; height: auto !important; max-height: none !important; }
[data-testid="stMetricLabel"] p { font-size: clamp(1rem, 1.2vw, 1.45rem) !important; line-height: 1.35 !important; }
[data-testid="stMain"] li p, [data-testid="stMain"] li { font-size: clamp(1.05rem, 1.4vw, 1.75rem) !important; }
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th {
  font-size: clamp(1rem, 1.3vw, 1.6rem) !important; padding-top: 0.25rem !important; padding-bottom: 0.25rem !important;
  color: #000000 !important; }
.st-key-present_dense [data-testid="stTable"] td, .st-key-present_dense [data-testid="stTable"] th {
  font-size: clamp(0.95rem, 1.05vw, 1.3rem) !important; padding-top: 0.1rem !important; padding-bottom: 0.1rem !important; }
.st-key-present_stage [data-testid="stMarkdownContainer"] strong { font-size: clamp(1.15rem, 1.5vw, 1.9rem); font-weight: 600; }
[data-testid="stMain"] [data-testid="stCaptionContainer"], [data-testid="stMain"] [data-testid="stMarkdownContainer"] {
  margin-bottom: 0 !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p:last-child, [data-testid="stMain"] [data-testid="stMarkdownContainer"] > :last-child {
  margin-bottom: 0 !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: clamp(0.85rem, 0.95vw, 1.15rem) !important; }
</style>
"""
# A table of more rows than this is set in smaller type (never under 15 px) with tighter rows.
_DENSE_ROWS = 7


def _step(delta: int, count: int) -> None:
    current = int(st.session_state.get("present_pick", 0))
    st.session_state["present_pick"] = min(max(current + delta, 0), count - 1)


def _table(table: Table) -> None:
    box = st.container(key="present_dense") if len(table.rows) > _DENSE_ROWS else st.container()
    with box:
        st.table([dict(zip(table.header, row, strict=True)) for row in table.rows], hide_index=True)
        if table.footnote:
            st.caption(escape_markdown(table.footnote))


def _bullets(bullets: tuple[str, ...]) -> None:
    if bullets:
        st.markdown("\n".join(f"- {escape_markdown(b)}" for b in bullets))


def _render(slide: Slide, key: str, thai_digits: bool) -> None:
    if slide.key == "title":
        st.title(escape_markdown(slide.title))
        st.subheader(escape_markdown(slide.subtitle))
        _bullets(slide.bullets)
        return
    st.title(escape_markdown(slide.title))
    if slide.subtitle:
        st.subheader(escape_markdown(slide.subtitle))
    with st.container(key="present_body"):
        if slide.figures:
            for column, figure in zip(st.columns(len(slide.figures)), slide.figures, strict=True):
                with column.container(border=True):
                    st.metric(escape_markdown(figure.label), figure.text)
                    if figure.detail:
                        st.caption(escape_markdown(figure.detail))
        chart, table, bullets = slide.chart, slide.table, slide.bullets
        if chart is None:
            if table is not None:
                _table(table)
            _bullets(bullets)
            return
        with st.container(key="present_stage"):
            beside = table is not None or bool(bullets)
            left, right = st.columns([0.56, 0.44], gap="large") if beside else (st.container(), None)
            with left:
                # the chart's title as text above it: it wraps on a narrow screen (a plotly title is cut)
                st.markdown(f"**{escape_markdown(chart.title)}**")
                figure = readable(shown(view, chart_figure(chart, thai_digits=thai_digits, titled=False)))
                # theme=None: Streamlit's chart theme would repaint axis titles and ticks a light grey
                st.plotly_chart(figure, key=f"present_chart_{key}", config=CHART_CONFIG, height="stretch", theme=None)
                caption = chart_caption(view)
                if chart.footnote:
                    caption = f"{escape_markdown(chart.footnote)} · {caption}"
                st.caption(shown(view, caption))
            if right is not None:
                with right:
                    if table is not None:
                        _table(table)
                    _bullets(bullets)


st.markdown(_STYLE, unsafe_allow_html=True)
view = current_view()
if view.year not in view.dataset.years():
    st.page_link("views/overview.py", label=t("present_exit"), icon=":material/close:")
    st.info(t("no_data_year", year=view.year), icon=":material/info:")
    st.stop()

deck = build_deck(view.dataset, view.year, view.quarter, view.thai_digits)
count = len(deck.slides)
if int(st.session_state.get("present_pick", 0)) >= count:
    st.session_state["present_pick"] = count - 1
pressed = key_step()  # a key press since the last run, applied before the picker is drawn
if pressed:
    target = {
        "next": int(st.session_state.get("present_pick", 0)) + 1,
        "prev": int(st.session_state.get("present_pick", 0)) - 1,
    }
    target |= {"first": 0, "last": count - 1}
    st.session_state["present_pick"] = min(max(target[pressed], 0), count - 1)
index = int(st.session_state.get("present_pick", 0))

with st.container(key="present_bar"):
    prev_col, pick_col, next_col, info_col, exit_col = st.columns(
        [1.1, 3.2, 1.1, 1.0, 2.0], vertical_alignment="center"
    )
prev_col.button(
    t("present_prev"),
    key="present_prev",
    icon=":material/arrow_back:",
    on_click=_step,
    args=(-1, count),
    disabled=index == 0,
    width="stretch",
)
pick_col.selectbox(
    t("present_pick"),
    options=list(range(count)),
    format_func=lambda i: shown(view, f"{i + 1}. {deck.slides[i].title}"),
    key="present_pick",
    label_visibility="collapsed",
)
next_col.button(
    t("present_next"), key="present_next", icon=":material/arrow_forward:", on_click=_step, args=(1, count), disabled=index >= count - 1,
    width="stretch",
)  # fmt: skip
info_col.caption(shown(view, t("present_counter", n=index + 1, total=count)))
exit_col.page_link("views/overview.py", label=t("present_exit"), icon=":material/close:")
sample_banner(view)
st.caption(f"{escape_markdown(deck.organisation)} · {deck.quarter_text}")
_render(deck.slides[index], str(index), view.thai_digits)
