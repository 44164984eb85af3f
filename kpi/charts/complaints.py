"""Chart of the เรื่องร้องเรียน page."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from kpi.charts.base import layout, short_quarter, value_text
from kpi.core.messages import t
from kpi.core.palette import BLUE, LIGHT_GREY, ORANGE
from kpi.core.scale import axis_top
from kpi.domain.complaints import ComplaintQuarter, type_label


def complaints_type_chart(quarters: Sequence[ComplaintQuarter], kind: str, year: int) -> go.Figure:
    """Complaints of one type received per quarter, this fiscal year beside the previous one."""
    chosen = [c for c in quarters if c.type == kind]
    labels = [short_quarter(year, c.quarter) for c in chosen]
    figure = go.Figure()
    for name, values, rounds, colour in (
        (str(year - 1), [c.prev_received for c in chosen], [c.prev_in_round for c in chosen], LIGHT_GREY),
        (str(year), [c.received for c in chosen], [c.in_round for c in chosen], BLUE if kind == "general" else ORANGE),
    ):
        # A quarter inside a published round has no bar of its own: it names the round instead.
        figure.add_bar(
            x=labels, y=values, name=f"{t('axis_year')} {name}", marker_color=colour,
            text=[value_text(v) if v is not None else r or t("target_no_data") for v, r in zip(values, rounds, strict=True)],
            textposition="outside", cliponaxis=False, textfont={"size": 15},
        )  # fmt: skip
    known = [v for c in chosen for v in (c.received, c.prev_received) if v is not None]
    figure.update_yaxes(
        range=[0, axis_top(known or [1], headroom=1.35, pad=1)],
        title_text=t("cmp_axis"),
        rangemode="tozero",
        dtick=1 if max(known, default=1) <= 8 else None,  # whole complaints: no 0.5 ticks on a small axis
    )
    figure.update_layout(barmode="group")
    return layout(figure, t("cmp_chart_title", type=type_label(kind)), height=340)
