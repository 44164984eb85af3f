"""Charts of the ภาพรวมหลายหน่วยงาน page (and the ITA page's peer comparison).

Box plots are drawn from precomputed quartiles (kpi.screens.rollup.distribution), so a province of
8,000 agencies sends a few numbers per group to the browser, not every total.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from kpi.charts.base import finish, number_ticks, value_text
from kpi.core.messages import t
from kpi.core.palette import BLACK, BLUE, GREY, ORANGE, SKY, VERMILLION
from kpi.core.thai import format_number
from kpi.screens.rollup import Distribution

ROW_HEIGHT = 30  # px per group of a horizontal chart: Thai names of 13 px stay apart
TOP_ROW_HEIGHT = 360  # the trend and the box plot by type sit side by side at this height
NAME_MAX = 24  # characters of a name before it is shortened with '…'


def _short(text: str, limit: int = NAME_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def vertical_line(figure: go.Figure, value: float, text: str, colour: str = BLACK) -> None:
    """A dashed vertical line labelled above the plot (the pass mark on a horizontal chart)."""
    figure.add_vline(x=value, line_dash="dash", line_color=colour, line_width=2)
    figure.add_annotation(
        x=value, xref="x", y=1, yref="paper", yanchor="bottom", text=text, showarrow=False,
        font={"size": 14, "color": colour},
    )  # fmt: skip


def pass_rate_chart(trend: pd.DataFrame, scope_text: str) -> go.Figure:
    """The pass rate per fiscal year in the scope: a line with each year's rate and count written on it."""
    trend = trend[trend["with_results"] > 0]
    years = [str(int(y)) for y in trend["fiscal_year"]]
    rates = [None if pd.isna(r) else float(r) for r in trend["pass_rate"]]
    figure = go.Figure()
    figure.add_scatter(
        x=years, y=rates, mode="lines+markers+text", name=t("rollup_pass_rate_legend"),
        line={"color": BLUE, "width": 3}, marker={"size": 10, "color": BLUE},
        text=[value_text(r) + "%" if r is not None else "" for r in rates], textposition="top center",
        textfont={"size": 14, "color": BLACK}, cliponaxis=False,
        customdata=[[format_number(int(p), 0), format_number(int(n), 0), format_number(float(m), 2)]
                    for p, n, m in zip(trend["passed"], trend["with_results"], trend["pass_mark"], strict=True)],
        hovertemplate=t("rollup_trend_hover") + "<extra></extra>",
    )  # fmt: skip
    # the ticks say "%" (no vertical axis title: Thai written sideways crowds the ticks)
    ticks = (0, 20, 40, 60, 80, 100)
    figure.update_yaxes(range=[0, 112], tickmode="array", tickvals=ticks, ticktext=[f"{v}%" for v in ticks])
    figure.update_xaxes(type="category", title_text=t("axis_year"))
    finish(figure, t("rollup_trend_title", scope=scope_text), TOP_ROW_HEIGHT)
    figure.update_layout(margin={"t": 80})
    figure.update_layout(showlegend=False)
    return figure


def distribution_chart(dist: Distribution, pass_mark: float, title: str, min_height: int = 0) -> go.Figure:
    """Totals per group as horizontal box plots (lowest median at the bottom), the pass mark a dashed line."""
    frame = dist.frame
    # each group with its number of agencies: "อบต. (5,120)"
    names = [f"{_short(g)} ({format_number(int(n), 0)})" for g, n in zip(frame["group"], frame["n"], strict=True)]
    figure = go.Figure()
    figure.add_trace(
        go.Box(
            y=names, q1=list(frame["q1"]), median=list(frame["median"]), q3=list(frame["q3"]),
            lowerfence=list(frame["lower"]), upperfence=list(frame["upper"]), mean=list(frame["mean"]),
            orientation="h", marker_color=BLUE, fillcolor="rgba(0,114,178,0.25)", line={"color": BLUE},
            name=t("rollup_col_total"), showlegend=False, boxmean=True, hoverinfo="x",
        )
    )  # fmt: skip
    if pass_mark:
        vertical_line(figure, pass_mark, t("pass_line", value=pass_mark), VERMILLION)
    low = min([*frame["lower"].tolist(), pass_mark or 100.0, 100.0]) if len(frame) else 0.0
    start = max(0.0, (low // 10) * 10 - 5)
    figure.update_xaxes(range=[start, 100.5], title_text=t("rollup_col_total"))
    number_ticks(figure, "x", [v for v in range(int(start) + (10 - int(start) % 10) % 10, 101, 10)])
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=names, automargin=True)
    height = max(min_height, 130 + ROW_HEIGHT * max(len(frame), 2))
    finish(figure, title, height, right=30)
    figure.update_layout(margin={"t": 80})
    if len(frame):  # boxes drawn from quartiles carry no x values: base.mark_empty takes them for nothing
        figure.layout.annotations = [a for a in figure.layout.annotations if a.text != t("chart_no_data")]
    return figure


def progress_chart(progress: pd.DataFrame) -> go.Figure:
    """Measures on plan and satisfaction side by side, one pair of bars per agency (percent)."""
    frame = progress.head(30).iloc[::-1]  # first name at the top
    names = [_short(str(n)) for n in frame["name"]]
    figure = go.Figure()
    for column, key, colour in (
        ("on_plan_percent", "rollup_col_on_plan", ORANGE),
        ("satisfaction_percent", "rollup_col_satisfaction", SKY),
    ):
        values = [None if pd.isna(v) else float(v) for v in frame[column]]
        figure.add_bar(
            y=names, x=values, orientation="h", name=t(key), marker_color=colour,
            text=[value_text(v, 0) for v in values], textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )  # fmt: skip
    figure.update_layout(barmode="group", bargap=0.25)
    figure.update_xaxes(range=[0, 110], title_text=t("axis_percent"))
    number_ticks(figure, "x", (0, 20, 40, 60, 80, 100))
    finish(figure, t("rollup_progress_title"), 140 + 44 * max(len(frame), 1), right=40)
    return figure


def peer_chart(totals: Sequence[float], own: float, median: float, mark: float, own_label: str) -> go.Figure:
    """The agency's total (a large dot) among its peers' totals (small dots), with the median and the pass mark."""
    figure = go.Figure()
    figure.add_scatter(
        x=list(totals), y=[t("ita_peers_axis")] * len(totals), mode="markers", name=t("ita_peers_legend"),
        marker={"size": 12, "color": "rgba(127,127,127,0.45)", "line": {"color": GREY, "width": 1}},
        hovertemplate="%{x:.2f}<extra></extra>",
    )  # fmt: skip
    figure.add_scatter(
        x=[own], y=[t("ita_peers_axis")], mode="markers+text", name=own_label,
        marker={"size": 20, "color": BLUE, "symbol": "diamond", "line": {"color": BLACK, "width": 1}},
        text=[value_text(own)], textposition="top center", textfont={"size": 15, "color": BLACK}, cliponaxis=False,
        hovertemplate="%{x:.2f}<extra></extra>",
    )  # fmt: skip
    vertical_line(figure, median, t("ita_peers_median_line", value=format_number(median, 2)), GREY)
    if mark and abs(mark - median) > 1.5:
        vertical_line(figure, mark, t("pass_line", value=mark), VERMILLION)
    low = min([*totals, own, mark or own])
    start = max(0.0, (low // 10) * 10 - 5)
    figure.update_xaxes(range=[start, 100.5], title_text=t("axis_score"))
    number_ticks(figure, "x", [v for v in range(int(start) + (10 - int(start) % 10) % 10, 101, 10)])
    figure.update_yaxes(showticklabels=False)
    finish(figure, t("ita_peers_chart_title"), 230)
    figure.update_layout(margin={"t": 80}, legend={"y": -0.45})
    return figure
