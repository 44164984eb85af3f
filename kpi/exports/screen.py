"""A deck chart as a plotly figure, for the presentation page: large type for a projector."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from kpi.charts.base import FONT, mark_empty
from kpi.core.messages import t
from kpi.core.palette import BLACK
from kpi.core.scale import nice_step
from kpi.core.thai import format_number, thai_digits_text
from kpi.exports.deck_model import Chart, Series, value_axis_top

# The mark deck_slides gives a count hidden to protect complainants (a value of None with this label).
HIDDEN_MARK = "–"
# A hidden count is drawn as a short hatched grey stub labelled "ปกปิด", never as nothing (which reads as 0).
_STUB_SHARE = 0.07  # of the value axis
_STUB = {"color": "#E6E6E6", "line": {"color": "#595959", "width": 1.5}}
_STUB_PATTERN = {"shape": "/", "fgcolor": "#595959", "size": 9, "solidity": 0.35}


def hidden_points(series: Series) -> tuple[bool, ...]:
    """Which points of a series are hidden counts (not missing ones): an explicit flag when the deck
    model carries one, else a missing value labelled with the hidden mark."""
    flags = getattr(series, "hidden", None)
    if flags:
        return tuple(bool(f) for f in flags)
    return tuple(v is None and label == HIDDEN_MARK for v, label in zip(series.values, series.labels, strict=True))


def value_ticks(chart: Chart, thai_digits: bool) -> tuple[list[float], list[str]]:
    """Round tick positions up to the top of the value axis, with their labels in the deck's digits."""
    top = value_axis_top(chart)
    step = nice_step(top - chart.minimum) if top > chart.minimum else 1.0
    if all(v is None or float(v).is_integer() for s in chart.series for v in s.values):
        step = float(max(1, math.ceil(step)))  # counts: whole-number ticks
    ticks, value = [], chart.minimum
    while value <= top + 1e-9:
        ticks.append(value)
        value += step
    decimals = 0 if all(float(v).is_integer() for v in ticks) else 1
    labels = [format_number(v, decimals) for v in ticks]
    return ticks, [thai_digits_text(s) for s in labels] if thai_digits else labels


def _stubs(chart: Chart, series: Series, horizontal: bool, group: str | None) -> go.Bar | None:
    """The hidden points of a series as hatched stubs, in the same slot as the series' bars."""
    hidden = hidden_points(series)
    if not any(hidden):
        return None
    height = (value_axis_top(chart) - chart.minimum) * _STUB_SHARE
    values = [chart.minimum + height if h else None for h in hidden]
    categories = list(chart.categories)
    mark = t("chart_hidden_mark")
    return go.Bar(
        x=values if horizontal else categories,
        y=categories if horizontal else values,
        orientation="h" if horizontal else "v",
        name=mark,
        legendgroup="hidden",
        offsetgroup=group,
        marker={**_STUB, "pattern": _STUB_PATTERN},
        text=[mark if h else "" for h in hidden],
        textposition="outside",
        cliponaxis=False,
        textfont={"size": 15, "color": BLACK},
        hovertemplate=f"{mark}<extra>{series.name}</extra>",
    )


def chart_figure(chart: Chart, height: int | None = None, thai_digits: bool = False, titled: bool = True) -> go.Figure:
    """Draw a deck chart: the same categories, values, value labels and colours as the PPTX and PDF.

    Without a height the figure fills the space its page gives it. Value ticks are written out in the
    deck's digits (Thai when `thai_digits`); a hidden count is a hatched stub labelled "ปกปิด".
    `titled=False` leaves the title to the page (as text that wraps on a narrow screen).
    """
    figure = go.Figure()
    horizontal = chart.kind == "bar"
    stubs = []
    for number, series in enumerate(chart.series):
        colours = list(series.point_colours) if series.point_colours else series.colour
        values = list(series.values)
        categories = list(chart.categories)
        group = f"s{number}" if chart.kind != "stacked_column" else None  # a stack keeps one slot per category
        figure.add_bar(
            x=values if horizontal else categories,
            y=categories if horizontal else values,
            orientation="h" if horizontal else "v",
            name=series.name,
            offsetgroup=group,
            marker_color=colours,
            text=[label if value is not None else "" for label, value in zip(series.labels, values, strict=True)],
            textposition="inside" if chart.kind == "stacked_column" else "outside",
            insidetextanchor="middle",
            cliponaxis=False,
            textfont={"size": 22},
            textangle=0,
            hovertemplate="%{text}<extra>" + series.name + "</extra>",
        )
        stub = _stubs(chart, series, horizontal, group)
        if stub is not None:
            stubs.append(stub)
    for number, stub in enumerate(stubs):
        stub.showlegend = number == 0
        figure.add_trace(stub)
    value_range = [chart.minimum, value_axis_top(chart)]
    tickvals, ticktext = value_ticks(chart, thai_digits)
    value_axis = {"range": value_range, "title_text": chart.axis_title, "showgrid": True, "gridcolor": "#E5E5E5"}
    value_axis |= {
        "tickmode": "array",
        "tickvals": tickvals,
        "ticktext": ticktext,
        "tickfont": {"size": 16, "color": BLACK},
    }
    value_axis |= {"title_font": {"size": 18, "color": BLACK}}
    categories_axis = {"tickfont": {"size": 20, "color": BLACK}}
    if horizontal:
        figure.update_xaxes(**value_axis)
        figure.update_yaxes(autorange="reversed", **categories_axis)
    else:
        figure.update_yaxes(**value_axis)
        figure.update_xaxes(type="category", **categories_axis)
    if chart.empty and chart.maximum is None and not stubs:  # no bars, no fixed scale: an axis of 0–1 means nothing
        blank = {"showticklabels": False, "showgrid": False, "title_text": ""}
        if horizontal:
            figure.update_xaxes(**blank)
        else:
            figure.update_yaxes(**blank)
    if chart.reference is not None:
        line = {"line_dash": "dash", "line_color": BLACK, "line_width": 2}
        position = {"annotation_text": chart.reference_label, "annotation_font_size": 18}
        if horizontal:
            figure.add_vline(x=chart.reference, annotation_position="top", **line, **position)
        else:
            figure.add_hline(y=chart.reference, annotation_position="right", **line, **position)
    figure.update_layout(
        title={"text": chart.title if titled else "", "font": {"size": 22}, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 18, "color": BLACK},
        margin={"l": 10, "r": 10 if chart.reference is None else 130, "t": 50 if titled else 30, "b": 10},
        bargroupgap=0.08,  # two neighbouring "ปกปิด" labels stay apart
        paper_bgcolor="white",
        plot_bgcolor="white",
        barmode="stack" if chart.kind == "stacked_column" else "group",
        showlegend=len(chart.series) > 1 or bool(stubs),
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": {"size": 18}},
        hoverlabel={"font": {"family": FONT}},
        uniformtext={"minsize": 15, "mode": "show"},  # a "1" in a thin stacked segment stays readable
    )
    if height is not None:
        figure.update_layout(height=height)
    return mark_empty(figure)  # no legend entry for a series without bars; "ไม่มีข้อมูล" on an empty chart
