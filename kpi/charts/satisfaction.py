"""Chart of the ความพึงพอใจ page."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from kpi.charts.base import layout, reference_line, short_quarter, value_text
from kpi.core.messages import t
from kpi.core.palette import GREEN, GREY, LIGHT_GREY, VERMILLION
from kpi.core.thai import format_number
from kpi.domain.satisfaction import QuarterPoint


def satisfaction_quarters_chart(
    points: Sequence[QuarterPoint], year: int, target: float, method_label: str
) -> go.Figure:
    """Overall satisfaction per quarter with its sample size, against the target line."""
    labels = [short_quarter(year, p.quarter) for p in points]
    values = [None if p.value is None else round(p.value, 2) for p in points]
    colours = [LIGHT_GREY if v is None else (GREEN if v >= target else VERMILLION) for v in values]
    texts = []
    for p, v in zip(points, values, strict=True):
        if v is None:
            texts.append("")
        else:
            n = "–" if p.sample_size is None else format_number(p.sample_size, 0)
            texts.append(f"{value_text(v)}<br>{t('satis_chart_n', n=n)}")
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=colours,
            text=texts,
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )  # fmt: skip
    )
    for label, v in zip(labels, values, strict=True):
        if v is None:
            figure.add_annotation(x=label, y=4, text=t("target_no_data"), showarrow=False, font={"color": GREY})
    reference_line(figure, target, t("target_line", value=target))
    figure.update_yaxes(range=[0, 118], title_text=t("satis_axis", method=method_label))
    figure.update_xaxes(type="category")
    figure.update_layout(showlegend=False)
    figure = layout(figure, t("satis_chart_title"), height=380)
    figure.update_layout(margin={"r": 80})
    return figure
