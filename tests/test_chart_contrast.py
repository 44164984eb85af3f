"""Every text a chart or a coloured table cell shows reaches WCAG AA (4.5:1) against what is behind it,
whatever state colour it sits on (the sample data does not show every state: a vermillion cell with
dark grey text would be 4.1:1). The browser test checks the same on the pages as drawn."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from kpi.charts.base import CELL_COLOURS, readable, reference_line, state_styler, text_colour
from kpi.charts.ita import SEVERITY_COLOURS, severity_styler
from kpi.core.palette import AA_TEXT, BLUE, GREEN, GREY, LIGHT_GREY, ORANGE, SKY, VERMILLION, contrast

FILLS = [BLUE, ORANGE, GREEN, VERMILLION, SKY, GREY, LIGHT_GREY]


def _cell_pairs(styler: object) -> list[tuple[str, str]]:
    """(text colour, background) of every styled cell, read from the HTML a page shows."""
    html = styler.to_html()  # type: ignore[attr-defined]
    rules = re.findall(r"background-color: (#[0-9A-Fa-f]{6});\s*color: (#[0-9A-Fa-f]{6})", html)
    return [(text, background) for background, text in rules]


def test_every_state_cell_has_text_at_aa_contrast() -> None:
    states = [k for k in CELL_COLOURS if not k.startswith("target_")]
    frame = pd.DataFrame({"q": [""] * len(states)})
    pairs = _cell_pairs(state_styler(frame, [[s] for s in states], ["q"]))
    assert len(pairs) == len(states)
    assert all(contrast(text, background) >= AA_TEXT for text, background in pairs), pairs
    target_states = [k.removeprefix("target_") for k in CELL_COLOURS if k.startswith("target_")]
    frame = pd.DataFrame({"q": [""] * len(target_states)})
    pairs = _cell_pairs(state_styler(frame, [[s] for s in target_states], ["q"], prefix="target_"))
    assert pairs and all(contrast(text, background) >= AA_TEXT for text, background in pairs), pairs


def test_every_ita_rating_cell_has_text_at_aa_contrast() -> None:
    severities = list(SEVERITY_COLOURS)
    pairs = _cell_pairs(severity_styler(pd.DataFrame({"r": [""] * len(severities)}), severities, "r"))
    assert len(pairs) == len(severities)
    assert all(contrast(text, background) >= AA_TEXT for text, background in pairs), pairs


@pytest.mark.parametrize("opacity", [1.0, 0.35])
def test_text_inside_a_bar_is_black_or_white_as_its_fill_needs(opacity: float) -> None:
    figure = go.Figure(
        go.Bar(
            x=[str(i) for i in range(len(FILLS))],
            y=[5] * len(FILLS),
            marker_color=FILLS,
            opacity=opacity,
            text=["5"] * len(FILLS),
            textposition="inside",
            textfont={"color": "#FFFFFF"},
        )  # fmt: skip
    )
    colours = readable(figure).data[0].insidetextfont.color
    for fill, colour in zip(FILLS, colours, strict=True):
        seen = "#" + "".join(
            f"{round(int(fill[i : i + 2], 16) * opacity + 255 * (1 - opacity)):02X}" for i in (1, 3, 5)
        )
        assert contrast(colour, seen) >= AA_TEXT, (fill, colour)
    # the caller's figure is left as built
    assert figure.data[0].insidetextfont.color is None


def test_notes_ticks_and_line_labels_on_the_white_plot_are_dark_enough() -> None:
    figure = go.Figure(go.Bar(x=["ก"], y=[1], text=["1"], textposition="outside", textfont={"color": GREY}))
    reference_line(figure, 0.5, "เกณฑ์ 95", GREY)
    figure.add_annotation(x="ก", y=0.2, text="◀ ต่ำสุด", font={"color": VERMILLION})
    figure.update_xaxes(tickfont={"color": "#808495"}, title_text="ปี")
    shown = readable(figure)
    colours = [a.font.color for a in shown.layout.annotations]
    colours += [shown.data[0].outsidetextfont.color, shown.layout.xaxis.tickfont.color]
    colours += [shown.layout.xaxis.title.font.color, shown.layout.yaxis.tickfont.color]
    assert all(contrast(c, "#FFFFFF") >= AA_TEXT for c in colours), colours
    # a colour that already reads is kept: the hue still says which line it is
    assert text_colour(BLUE) == BLUE and text_colour(VERMILLION) != VERMILLION
