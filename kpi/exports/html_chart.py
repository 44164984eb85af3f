"""A deck chart for the web page: the presentation's plotly figure, sized for a page, drawn offline.

The figure is kpi.exports.screen.chart_figure's (the same bars, labels, colours and reference
line as the presentation, the PPTX and the PDF). For the page it gets web-sized type, no title
(the page's own <h3> names the chart), text on bars in black or white by AA contrast, written-out
value ticks (Thai when the deck is Thai), and every text HTML-escaped: plotly reads a little HTML
in its labels (<br>, <a href>), and a text from the data must never become markup there either.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import replace

import plotly.graph_objects as go
import plotly.io as pio

from kpi.charts.base import figure_in_thai_digits
from kpi.core.palette import BLACK, text_on
from kpi.core.scale import nice_step
from kpi.core.thai import format_number
from kpi.exports.deck_model import Chart, value_axis_top
from kpi.exports.screen import chart_figure

HEIGHT = 380
# What plotly is told when it draws: no toolbar, no hover layer, nothing to tab into.
CONFIG = {"displayModeBar": False, "staticPlot": True, "responsive": True, "displaylogo": False}


def _escaped(chart: Chart) -> Chart:
    """The chart with every text escaped for plotly's pseudo-HTML (it shows &lt; as <)."""
    e = lambda text: html.escape(text, quote=False)  # noqa: E731
    series = tuple(replace(s, name=e(s.name), labels=tuple(e(label) for label in s.labels)) for s in chart.series)
    return replace(
        chart,
        title=e(chart.title),
        categories=tuple(e(c) for c in chart.categories),
        series=series,
        axis_title=e(chart.axis_title),
        reference_label=e(chart.reference_label),
        footnote=e(chart.footnote),
    )


def _ticks(chart: Chart) -> tuple[list[float], list[str]]:
    """Round value-axis ticks from the chart's minimum to the top of its axis, and their labels."""
    top = value_axis_top(chart)
    step = nice_step(top - chart.minimum)
    if step == 2.5:  # counts: no tick at 2.5 or 7.5
        step = 2.0
    count = int(math.floor((top - chart.minimum) / step + 1e-9))
    values = [chart.minimum + i * step for i in range(count + 1)]
    labels = [format_number(v, 0 if float(v).is_integer() else 1) for v in values]
    return values, labels


def web_figure(chart: Chart, thai_digits: bool) -> go.Figure:
    """The deck chart as a plotly figure for the web page."""
    figure = chart_figure(_escaped(chart), height=HEIGHT)
    stacked = chart.kind == "stacked_column"
    bars = [trace for trace in figure.data if trace.type == "bar"]  # one per series, in order
    for trace, series in zip(bars, chart.series, strict=False):
        fills = list(series.point_colours) or [series.colour] * len(chart.categories)
        colours = [text_on(fill) for fill in fills] if stacked else [BLACK] * len(fills)
        trace.update(textfont={"size": 16, "color": colours}, hoverinfo="skip")
    horizontal = chart.kind == "bar"
    value_axis = figure.update_xaxes if horizontal else figure.update_yaxes
    category_axis = figure.update_yaxes if horizontal else figure.update_xaxes
    if not (chart.empty and chart.maximum is None):  # an empty chart's value axis stays blank
        values, labels = _ticks(chart)
        value_axis(tickmode="array", tickvals=values, ticktext=labels, tickfont={"size": 15, "color": BLACK})
    value_axis(title_font={"size": 15, "color": BLACK}, automargin=True)
    category_axis(tickfont={"size": 15, "color": BLACK}, automargin=True)
    for annotation in figure.layout.annotations:  # the reference label and "ไม่มีข้อมูล": black, 4.5:1 and more
        annotation.font = {"size": 15, "color": BLACK}
    figure.update_layout(
        title=None,
        font={"size": 15, "color": BLACK},
        margin={"l": 10, "r": 10 if chart.reference is None else 110, "t": 20, "b": 10},
        legend={"font": {"size": 15}, "y": -0.18},
        autosize=True,
    )
    if stacked:  # a label that does not fit its segment is left out (the table beside gives every number)
        figure.update_layout(uniformtext={"mode": "hide", "minsize": 14})
    if thai_digits:
        figure = figure_in_thai_digits(figure)
    return figure


def figure_json(figure: go.Figure) -> str:
    """The figure as JSON safe inside a <script type="application/json"> element (no <, > or &)."""
    text = pio.to_json(figure, validate=False, remove_uids=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def config_json() -> str:
    """plotly's config for every chart on the page."""
    return json.dumps(CONFIG)
