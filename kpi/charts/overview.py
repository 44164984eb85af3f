"""Charts of the ภาพรวม page: measures and targets by state, ITA per year, satisfaction and complaints per quarter."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from kpi.charts.base import layout, reference_line, short_quarter, value_text
from kpi.core.messages import t
from kpi.core.palette import (
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    STATUS_COLOURS,
    STATUS_KEYS,
    TARGET_COLOURS,
    TARGET_KEYS,
    VERMILLION,
)
from kpi.core.scale import axis_top
from kpi.domain.ita import ItaScore
from kpi.domain.public_grid import HIDDEN_STATE
from kpi.domain.satisfaction import QuarterPoint
from kpi.screens.overview import ComplaintsByQuarter, MeasureProgress


def _stacked_counts(counts: dict[str, int], labels: dict[str, str], colours: dict[str, str], title: str) -> go.Figure:
    """One horizontal bar stacked by state, each part labelled with its count and named in the legend."""
    figure = go.Figure()
    for state, count in counts.items():
        if not count:
            continue
        label = t(labels[state])
        figure.add_bar(
            x=[count], y=[""], orientation="h", name=label, marker_color=colours[state],
            text=[value_text(count)], textposition="inside", insidetextanchor="middle",
            textfont={"size": 16}, hovertemplate=f"{label}: %{{x}}<extra></extra>",
        )  # fmt: skip
    figure.update_layout(barmode="stack", showlegend=True)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return layout(figure, title, height=190)


def measures_chart(progress: MeasureProgress) -> go.Figure:
    """Measures planned this quarter, by reported status."""
    return _stacked_counts(progress.counts, STATUS_KEYS, STATUS_COLOURS, t("card_measures"))


def targets_chart(states: dict[str, int]) -> go.Figure:
    """Targets by state (no data is shown as such, never as zero; the public view's hidden states as "ปกปิด")."""
    labels = {**TARGET_KEYS, HIDDEN_STATE: "chart_hidden_mark"}
    return _stacked_counts(states, labels, {**TARGET_COLOURS, HIDDEN_STATE: GREY}, t("card_targets"))


def ita_history_chart(scores: Sequence[ItaScore], pass_mark: float = 85) -> go.Figure:
    """ITA total per fiscal year as bars coloured by pass, with the pass line."""
    years = [str(s.year) for s in scores]
    totals = [round(s.total, 2) for s in scores]
    colours = [GREY if s.rating is None else GREEN if s.rating.passed else VERMILLION for s in scores]
    figure = go.Figure(
        go.Bar(
            x=years,
            y=totals,
            marker_color=colours,
            text=[value_text(v) for v in totals],
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            customdata=[s.display_rating for s in scores],
            hovertemplate="%{x}: %{y} (%{customdata})<extra></extra>",
        )  # fmt: skip
    )
    reference_line(figure, pass_mark, t("pass_line", value=pass_mark))
    # A score axis starts at 0: an axis cut at 70 makes 86 look twice 78 (the ITA page does the same).
    figure.update_yaxes(range=[0, 104], title_text=t("axis_score"))
    figure.update_xaxes(type="category", title_text=t("axis_year"))
    figure.update_layout(showlegend=False)
    layout(figure, t("card_ita"))
    figure.update_layout(margin={"r": 80})
    return figure


def satisfaction_chart(points: Sequence[QuarterPoint], year: int, target: float = 80) -> go.Figure:
    """Satisfaction per quarter against the target line (quarters without data are left empty)."""
    labels = [short_quarter(year, p.quarter) for p in points]
    values = [None if p.value is None else round(p.value, 2) for p in points]
    colours = [LIGHT_GREY if v is None else (GREEN if v >= target else VERMILLION) for v in values]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=colours,
            text=[value_text(v) for v in values],
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )  # fmt: skip
    )
    reference_line(figure, target, t("target_line", value=target))
    figure.update_yaxes(range=[0, 112], title_text=t("axis_percent"))
    figure.update_layout(showlegend=False)
    layout(figure, t("card_satisfaction"))
    figure.update_layout(margin={"r": 80})
    return figure


def complaints_chart(data: ComplaintsByQuarter, year: int) -> go.Figure:
    """Complaints received per quarter, this fiscal year beside the previous one.

    In the public view a hidden quarter total is a short hatched stub labelled "ปกปิด" (as the deck
    draws it): never its number, and never a gap that reads as no data."""
    labels = [short_quarter(year, q) for q in data.quarters]  # 1 to the quarter viewed
    known = [v for v in (*data.this_year, *data.last_year) if v is not None]
    top = axis_top(known or [1], headroom=1.3, pad=1)
    stub, mark = top * 0.07, t("chart_hidden_mark")
    figure = go.Figure()
    for name, values, hidden, colour in (
        (str(year - 1), data.last_year, data.last_hidden, LIGHT_GREY),
        (str(year), data.this_year, data.this_hidden, BLUE),
    ):
        hide = list(hidden) or [False] * len(values)
        series = f"{t('axis_year')} {name}"
        texts = [mark if h else value_text(v) for v, h in zip(values, hide, strict=True)]
        extra = (
            {
                "marker_pattern": {"shape": ["/" if h else "" for h in hide], "fgcolor": GREY},
                "hovertext": texts,
                "hovertemplate": f"%{{x}}: %{{hovertext}}<extra>{series}</extra>",
            }
            if any(hide)
            else {}
        )
        figure.add_bar(
            x=labels, y=[stub if h else v for v, h in zip(values, hide, strict=True)], name=series,
            marker_color=colour, text=texts, textposition="outside", cliponaxis=False, textfont={"size": 15},
            **extra,
        )  # fmt: skip
    figure.update_yaxes(range=[0, top], title_text=t("axis_count"), rangemode="tozero")
    figure.update_layout(barmode="group")
    return layout(figure, t("card_complaints"))
