"""Chart and table colouring of the มาตรการ page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from kpi.charts.base import finish, number_ticks, state_styler, two_line_quarters, value_text
from kpi.core.fiscal import QUARTERS
from kpi.core.messages import t
from kpi.core.palette import BLUE, GREEN, GREY
from kpi.screens.measures import MeasuresGrid


def measures_styler(frame: pd.DataFrame, grid: MeasuresGrid) -> Styler:
    """The measures grid with each quarter cell coloured by its status.

    The quarter columns are found by place (after number, measure and unit), so the colours follow
    the frame whichever digits its headers are written in.
    """
    columns = list(frame.columns[3 : 3 + len(QUARTERS)])
    states = [[cell.state for cell in row.cells] for row in grid.rows]
    return state_styler(frame, states, columns)


def measures_share_chart(grid: MeasuresGrid) -> go.Figure:
    """Share of planned measures done, per quarter; quarters not yet due or without a plan are said so."""
    labels = two_line_quarters(grid.year)
    values = [None if s.share is None else round(s.share, 2) for s in grid.shares]
    texts = []
    for share in grid.shares:
        if share.share is None:
            texts.append("")
            continue
        counts = t("measures_share_bar", done=share.done, planned=share.planned)
        texts.append(f"{value_text(share.share, 0)}%<br>{counts}")
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=[GREEN if v is not None and v >= 100 else BLUE for v in values],
            text=texts,
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    for label, share in zip(labels, grid.shares, strict=True):
        if share.share is not None:
            continue
        note = t("measures_share_no_plan") if not share.planned else t("status_upcoming")
        figure.add_annotation(
            x=label, y=4, text=note, showarrow=False, font={"size": 14, "color": GREY}, yanchor="bottom"
        )
    figure.update_yaxes(range=[0, 125], title_text=t("axis_percent"))
    number_ticks(figure, "y", (0, 25, 50, 75, 100))
    figure.update_xaxes(type="category")
    figure.update_layout(showlegend=False)
    return finish(figure, t("measures_share_title"), 340)
