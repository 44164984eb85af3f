"""Chart of the หลักฐาน OIT page."""

from __future__ import annotations

import plotly.graph_objects as go

from kpi.charts.base import layout, value_text
from kpi.core.messages import t
from kpi.core.palette import GREEN, ORANGE, VERMILLION
from kpi.domain.oit import OitChecklist


def oit_readiness_chart(checklist: OitChecklist) -> go.Figure:
    """Items per sub-indicator by status (มี / กำลังจัดทำ / ไม่มี), as horizontal stacked bars."""
    groups = list(reversed(checklist.by_indicator))  # first sub-indicator on top
    labels = [f"{g.key} {g.title}".strip() for g in groups]
    figure = go.Figure()
    for field, key, colour in (("yes", "oit_status_yes", GREEN), ("in_progress", "oit_status_in_progress", ORANGE),
                               ("no", "oit_status_no", VERMILLION)):  # fmt: skip
        values = [getattr(g, field) for g in groups]
        figure.add_bar(
            x=values, y=labels, orientation="h", name=t(key), marker_color=colour,
            text=[value_text(v) if v else "" for v in values], textposition="inside", textangle=0,
            insidetextanchor="middle", textfont={"size": 15}, hovertemplate="%{y}: %{x}<extra></extra>",
        )  # fmt: skip
    figure.update_layout(barmode="stack")
    figure.update_xaxes(dtick=1 if max((g.total for g in groups), default=0) <= 12 else None)
    height = max(300, 110 + 42 * len(groups))
    figure = layout(figure, t("oit_chart_title"), height=height)
    figure.update_layout(legend={"y": -0.08 - 0.9 / max(len(groups), 1), "traceorder": "normal"})
    return figure
