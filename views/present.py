"""โหมดนำเสนอ: the council deck, one slide per screen, for a projector (no sidebar, large type)."""

from __future__ import annotations

import streamlit as st

from kpi.core.messages import t
from kpi.core.thai import escape_markdown
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Slide
from kpi.exports.screen import chart_figure
from views._shared import current_view, sample_banner, show_chart

# A constant stylesheet (no data ever reaches it): hide the sidebar, header and toolbar, and size
# the type for a projector; clamp() keeps 1366×768 readable and 1920×1080 large.
_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.2rem 1rem 2.2rem !important; max-width: 100% !important; }
[data-testid="stMain"] h1 { font-size: clamp(1.8rem, 2.8vw, 3.6rem) !important; padding: 0.2rem 0 0.1rem 0 !important; }
[data-testid="stMain"] h3 { font-size: clamp(1.3rem, 1.7vw, 2.1rem) !important; font-weight: 400 !important; }
[data-testid="stMetricValue"] { font-size: clamp(1.9rem, 2.9vw, 3.6rem) !important; }
[data-testid="stMetricLabel"] p { font-size: clamp(1rem, 1.25vw, 1.5rem) !important; }
[data-testid="stMain"] li p, [data-testid="stMain"] li { font-size: clamp(1.1rem, 1.45vw, 1.8rem) !important; }
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th {
  font-size: clamp(1rem, 1.3vw, 1.6rem) !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: clamp(0.85rem, 0.95vw, 1.15rem) !important; }
</style>
"""


def _step(delta: int, count: int) -> None:
    current = int(st.session_state.get("present_pick", 0))
    st.session_state["present_pick"] = min(max(current + delta, 0), count - 1)


def _render(slide: Slide, key: str) -> None:
    if slide.key == "title":
        st.title(escape_markdown(slide.title))
        st.subheader(escape_markdown(slide.subtitle))
        st.markdown("\n".join(f"- {escape_markdown(b)}" for b in slide.bullets))
        return
    st.title(escape_markdown(slide.title))
    if slide.subtitle:
        st.subheader(escape_markdown(slide.subtitle))
    if slide.figures:
        for column, figure in zip(st.columns(len(slide.figures)), slide.figures, strict=True):
            with column.container(border=True):
                st.metric(escape_markdown(figure.label), figure.text)
                if figure.detail:
                    st.caption(escape_markdown(figure.detail))
    chart, table, bullets = slide.chart, slide.table, slide.bullets
    left, right = st.columns([0.56, 0.44], gap="large") if chart is not None else (None, None)
    if chart is not None and left is not None and right is not None:
        with left:
            show_chart(chart_figure(chart, height=370), view, f"present_chart_{key}")
        side = right
    else:
        side = st.container()
    with side:
        if table is not None:
            st.table([dict(zip(table.header, row, strict=True)) for row in table.rows])
            if table.footnote:
                st.caption(escape_markdown(table.footnote))
        if bullets:
            st.markdown("\n".join(f"- {escape_markdown(b)}" for b in bullets))


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
index = int(st.session_state.get("present_pick", 0))

prev_col, pick_col, next_col, info_col, exit_col = st.columns([1.1, 3.2, 1.1, 1.4, 1.9], vertical_alignment="center")
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
    format_func=lambda i: f"{i + 1}. {deck.slides[i].title}",
    key="present_pick",
    label_visibility="collapsed",
)
next_col.button(
    t("present_next"), key="present_next", icon=":material/arrow_forward:", on_click=_step, args=(1, count), disabled=index >= count - 1,
    width="stretch",
)  # fmt: skip
info_col.caption(t("present_counter", n=index + 1, total=count))
exit_col.page_link("views/overview.py", label=t("present_exit"), icon=":material/close:")
sample_banner(view)
st.caption(f"{escape_markdown(deck.organisation)} · {deck.quarter_text}")
_render(deck.slides[index], str(index))
