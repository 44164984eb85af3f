"""A deck chart as a plotly figure, for the presentation page: large type for a projector."""

from __future__ import annotations

import plotly.graph_objects as go

from kpi.charts.base import FONT, mark_empty
from kpi.core.palette import BLACK
from kpi.exports.deck_model import Chart, value_axis_top


def chart_figure(chart: Chart, height: int = 470) -> go.Figure:
    """Draw a deck chart: the same categories, values, value labels and colours as the PPTX and PDF."""
    figure = go.Figure()
    horizontal = chart.kind == "bar"
    for series in chart.series:
        colours = list(series.point_colours) if series.point_colours else series.colour
        values = list(series.values)
        categories = list(chart.categories)
        figure.add_bar(
            x=values if horizontal else categories,
            y=categories if horizontal else values,
            orientation="h" if horizontal else "v",
            name=series.name,
            marker_color=colours,
            text=list(series.labels),
            textposition="inside" if chart.kind == "stacked_column" else "outside",
            insidetextanchor="middle",
            cliponaxis=False,
            textfont={"size": 22},
            hovertemplate="%{text}<extra>" + series.name + "</extra>",
        )
    value_range = [chart.minimum, value_axis_top(chart)]
    if horizontal:
        figure.update_xaxes(range=value_range, title_text=chart.axis_title, showgrid=True, gridcolor="#E5E5E5")
        figure.update_yaxes(autorange="reversed", tickfont={"size": 20})
    else:
        figure.update_yaxes(range=value_range, title_text=chart.axis_title, gridcolor="#E5E5E5")
        figure.update_xaxes(type="category", tickfont={"size": 20})
    if chart.empty and chart.maximum is None:  # no bars and no fixed scale: an axis of 0–1 means nothing
        value_axis = {"showticklabels": False, "showgrid": False, "title_text": ""}
        if horizontal:
            figure.update_xaxes(**value_axis)
        else:
            figure.update_yaxes(**value_axis)
    if chart.reference is not None:
        line = {"line_dash": "dash", "line_color": BLACK, "line_width": 2}
        position = {"annotation_text": chart.reference_label, "annotation_font_size": 18}
        if horizontal:
            figure.add_vline(x=chart.reference, annotation_position="top", **line, **position)
        else:
            figure.add_hline(y=chart.reference, annotation_position="right", **line, **position)
    figure.update_layout(
        title={"text": chart.title, "font": {"size": 24}, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 18, "color": BLACK},
        height=height,
        margin={"l": 10, "r": 10 if chart.reference is None else 130, "t": 60, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        barmode="stack" if chart.kind == "stacked_column" else "group",
        showlegend=len(chart.series) > 1,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 18}},
        hoverlabel={"font": {"family": FONT}},
    )
    return mark_empty(figure)  # no legend entry for a series without bars; "ไม่มีข้อมูล" on an empty chart
