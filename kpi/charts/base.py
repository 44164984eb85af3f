"""Charts as plotly figures: Thai titles and labels, a colour-blind-safe palette (Okabe–Ito),
values written on the bars, readable on a projector. Pages only display them."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.palette import (
    BLACK,
    BLUE,
    GREEN,
    LIGHT_GREY,
    STATUS_COLOURS,
    STATUS_KEYS,
    TARGET_COLOURS,
    TARGET_KEYS,
    VERMILLION,
)
from kpi.core.thai import format_number, to_thai_digits
from kpi.domain.ita import ItaScore
from kpi.domain.satisfaction import QuarterPoint
from kpi.screens.overview import ComplaintsByQuarter, MeasureProgress

FONT = "Sarabun, 'TH Sarabun New', Tahoma, sans-serif"


def _layout(figure: go.Figure, title: str, height: int = 300, thai_digits: bool = False) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": 18}, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 15, "color": BLACK},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 14}},
        separators=".,",
        hoverlabel={"font": {"family": FONT}},
    )
    figure.update_xaxes(automargin=True, showgrid=False)
    figure.update_yaxes(automargin=True, gridcolor="#E5E5E5", zerolinecolor="#BDBDBD")
    return figure


def reference_line(figure: go.Figure, value: float, text: str, colour: str = BLACK) -> None:
    """A dashed horizontal line labelled in the right margin, clear of the bars and their values.

    Leave room for the label with a right margin of about 80 px.
    """
    figure.add_hline(y=value, line_dash="dash", line_color=colour, line_width=2)
    figure.add_annotation(
        xref="paper", x=1, xanchor="left", xshift=6, y=value, yanchor="middle", text=text.replace(" ", "<br>", 1),
        showarrow=False, font={"size": 14, "color": colour}, align="left",
    )  # fmt: skip


def _text(value: float | None, thai_digits: bool, decimals: int = 2) -> str:
    return "" if value is None else format_number(value, decimals, thai_digits)


def _stacked_counts(
    counts: dict[str, int], labels: dict[str, str], colours: dict[str, str], title: str, thai_digits: bool
) -> go.Figure:
    """One horizontal bar stacked by state, each part labelled with its count and named in the legend."""
    figure = go.Figure()
    for state, count in counts.items():
        if not count:
            continue
        label = t(labels[state])
        figure.add_bar(
            x=[count], y=[""], orientation="h", name=label, marker_color=colours[state],
            text=[_text(count, thai_digits)], textposition="inside", insidetextanchor="middle",
            textfont={"size": 16}, hovertemplate=f"{label}: %{{x}}<extra></extra>",
        )  # fmt: skip
    figure.update_layout(barmode="stack", showlegend=True)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _layout(figure, title, height=190, thai_digits=thai_digits)


def measures_chart(progress: MeasureProgress, thai_digits: bool = False) -> go.Figure:
    """Measures planned this quarter, by reported status."""
    return _stacked_counts(progress.counts, STATUS_KEYS, STATUS_COLOURS, t("card_measures"), thai_digits)


def targets_chart(states: dict[str, int], thai_digits: bool = False) -> go.Figure:
    """Targets by state (no data is shown as such, never as zero)."""
    return _stacked_counts(states, TARGET_KEYS, TARGET_COLOURS, t("card_targets"), thai_digits)


def _year_labels(years: Sequence[int], thai_digits: bool) -> list[str]:
    labels = [str(y) for y in years]
    return [to_thai_digits(label) for label in labels] if thai_digits else labels


def ita_history_chart(scores: Sequence[ItaScore], pass_mark: float = 85, thai_digits: bool = False) -> go.Figure:
    """ITA total per fiscal year as bars coloured by pass, with the pass line."""
    years = _year_labels([s.year for s in scores], thai_digits)
    totals = [round(s.total, 2) for s in scores]
    colours = [GREEN if s.rating.passed else VERMILLION for s in scores]
    figure = go.Figure(
        go.Bar(
            x=years,
            y=totals,
            marker_color=colours,
            text=[_text(v, thai_digits) for v in totals],
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            customdata=[s.rating.label for s in scores],
            hovertemplate="%{x}: %{y} (%{customdata})<extra></extra>",
        )  # fmt: skip
    )
    reference_line(figure, pass_mark, t("pass_line", value=pass_mark))
    low = min([*totals, pass_mark]) if totals else pass_mark
    figure.update_yaxes(range=[max(0, low - 15), 104], title_text=t("axis_score"))
    figure.update_xaxes(type="category", title_text=t("axis_year"))
    figure.update_layout(showlegend=False)
    _layout(figure, t("card_ita"), thai_digits=thai_digits)
    figure.update_layout(margin={"r": 80})
    return figure


def satisfaction_chart(
    points: Sequence[QuarterPoint], year: int, target: float = 80, thai_digits: bool = False
) -> go.Figure:
    """Satisfaction per quarter against the target line (quarters without data are left empty)."""
    labels = [quarter_label(year, p.quarter, thai_digits).split(" (")[0] for p in points]
    values = [None if p.value is None else round(p.value, 2) for p in points]
    colours = [LIGHT_GREY if v is None else (GREEN if v >= target else VERMILLION) for v in values]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=colours,
            text=[_text(v, thai_digits) for v in values],
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )  # fmt: skip
    )
    reference_line(figure, target, t("target_line", value=target))
    figure.update_yaxes(range=[0, 112], title_text=t("axis_percent"))
    figure.update_layout(showlegend=False)
    _layout(figure, t("card_satisfaction"), thai_digits=thai_digits)
    figure.update_layout(margin={"r": 80})
    return figure


def complaints_chart(data: ComplaintsByQuarter, year: int, thai_digits: bool = False) -> go.Figure:
    """Complaints received per quarter, this fiscal year beside the previous one."""
    labels = [quarter_label(year, q, thai_digits).split(" (")[0] for q in (1, 2, 3, 4)]
    figure = go.Figure()
    for name, values, colour in (
        (_year_labels([year - 1], thai_digits)[0], data.last_year, LIGHT_GREY),
        (_year_labels([year], thai_digits)[0], data.this_year, BLUE),
    ):
        figure.add_bar(
            x=labels, y=list(values), name=f"{t('axis_year')} {name}", marker_color=colour,
            text=[_text(v, thai_digits) for v in values], textposition="outside", cliponaxis=False,
            textfont={"size": 15},
        )  # fmt: skip
    top = max([v for v in (*data.this_year, *data.last_year) if v is not None], default=1)
    figure.update_yaxes(range=[0, top * 1.3 + 1], title_text=t("axis_count"), rangemode="tozero")
    figure.update_layout(barmode="group")
    return _layout(figure, t("card_complaints"), thai_digits=thai_digits)
