"""Charts and table colouring of the คะแนน ITA page."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from kpi.charts.base import WHITE, finish, number_ticks, reference_line, value_text
from kpi.core.messages import t
from kpi.core.palette import BLACK, BLUE, GREEN, GREY, ORANGE, SKY, VERMILLION, text_on
from kpi.core.thai import format_number
from kpi.domain.ita import ItaScore, RuleSet, rule_set_for
from kpi.domain.ita_rules import known_rule_set
from kpi.screens.ita import TOOL_NAMES, IndicatorBar

TOOL_COLOURS = {"iit": BLUE, "eit": ORANGE, "oit": SKY}
SEVERITY_COLOURS = {"good": GREEN, "ok": ORANGE, "bad": VERMILLION}


def severity_styler(frame: pd.DataFrame, severities: Sequence[str], column: str) -> Styler:
    """The ITA table with the rating column coloured by its severity."""
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for row_index, severity in zip(frame.index, severities, strict=True):
        if severity not in SEVERITY_COLOURS:  # a year without rules has no computed rating to colour
            continue
        fill = SEVERITY_COLOURS[severity]
        css.loc[row_index, column] = f"background-color: {fill}; color: {text_on(fill)}; font-weight: 600"
    return frame.style.apply(lambda _: css, axis=None)


def ita_parts_chart(scores: Sequence[ItaScore], rule_set: RuleSet | None = None) -> go.Figure:
    """ITA per fiscal year as stacked weighted IIT/EIT/OIT parts, the total and rating above, lines at 85 and 95.

    A year given as the total alone (or without rules to weigh its tools) is one grey bar of its total.
    """
    years = [str(s.year) for s in scores]
    figure = go.Figure()
    whole = [s.parts["iit"] is None or s.parts["eit"] is None or s.parts["oit"] is None for s in scores]
    for tool in ("iit", "eit", "oit"):
        parts = [None if w else s.parts[tool] for s, w in zip(scores, whole, strict=True)]
        raws = [getattr(s, tool) for s in scores]
        weight = [known_weight(s.year, tool) for s in scores]
        name = t("ita_part_legend", tool=TOOL_NAMES[tool])
        figure.add_bar(
            x=years, y=parts, name=name, marker_color=TOOL_COLOURS[tool], marker_line={"color": WHITE, "width": 1},
            text=[value_text(p) for p in parts], textposition="inside", insidetextanchor="middle",
            textfont={"size": 14, "color": text_on(TOOL_COLOURS[tool])},
            customdata=[[value_text(r), format_number(w * 100, 0)] for r, w in zip(raws, weight, strict=True)],
            hovertemplate=f"{TOOL_NAMES[tool]} %{{customdata[0]}} × %{{customdata[1]}}% = %{{y:.2f}}<extra></extra>",
        )  # fmt: skip
    if any(whole):
        totals = [s.shown_total if w else None for s, w in zip(scores, whole, strict=True)]
        figure.add_bar(
            x=years, y=totals, name=t("ita_total_only_marker"), marker_color=GREY,
            marker_line={"color": WHITE, "width": 1}, hovertemplate="%{y:.2f}<extra></extra>",
        )  # fmt: skip
    # Totals sit in one row above 100, so they never collide with the 85 and 95 lines.
    figure.add_scatter(
        x=years, y=[101] * len(scores), mode="text", showlegend=False, hoverinfo="skip",
        text=[f"<b>{value_text(s.shown_total)}</b><br>{_rating_word(s)}" for s in scores],
        textposition="top center", textfont={"size": 15, "color": BLACK}, cliponaxis=False,
    )  # fmt: skip
    rules = rule_set or (rule_set_for(scores[-1].year) if scores else None)
    pass_mark = rules.pass_mark if rules else 85.0
    excellent = rules.excellent_mark if rules else 95.0
    reference_line(figure, pass_mark, t("pass_line", value=pass_mark), label_side="top")
    reference_line(figure, excellent, t("ita_excellent_line", value=excellent), GREY, label_side="bottom")
    figure.update_layout(barmode="stack", bargap=0.45 if len(scores) < 3 else 0.3)
    figure.update_yaxes(range=[0, 116], title_text=t("axis_score"))
    number_ticks(figure, "y", (0, 20, 40, 60, 85, 95))
    figure.update_xaxes(type="category", title_text=t("axis_year"))
    finish(figure, t("ita_parts_title"), 460, right=130)
    figure.update_layout(legend={"y": -0.25})
    return figure


def known_weight(year: int, tool: str) -> float:
    """The tool's weight in the year's rules; 0 before the first rule set (no bar is drawn then)."""
    rule_set = known_rule_set(year)
    return 0.0 if rule_set is None else rule_set.weights[tool]


def _rating_word(score: ItaScore) -> str:
    # The computed rating; the published one for a year without rules (marked as published).
    if score.rating is not None:
        return score.rating.label
    return f"{t('ita_col_published')}: {score.published_rating}" if score.published_rating else "–"


def ita_profile_chart(bars: Sequence[IndicatorBar], year: int, pass_mark: float = 85.0) -> go.Figure:
    """The ten indicators as horizontal bars (value inside), the weakest highlighted and labelled, with the pass line."""
    ordered = list(reversed(bars))  # indicator 1 on top
    labels = [f"{b.number}. {b.title} ({TOOL_NAMES[b.tool]})" for b in ordered]
    values = [b.score for b in ordered]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=[VERMILLION if b.weakest else BLUE for b in ordered],
            text=[value_text(v) for v in values],
            textposition="inside",
            insidetextanchor="start",
            textfont={"size": 15, "color": WHITE},
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )  # fmt: skip
    )
    for label, b in zip(labels, ordered, strict=True):
        if b.score is None:
            figure.add_annotation(y=label, x=1, text=t("target_no_data"), showarrow=False, xanchor="left",
                                  font={"size": 14, "color": GREY})  # fmt: skip
        elif b.weakest:
            figure.add_annotation(y=label, x=101, text=f"◀ {t('ita_weakest_mark')}", showarrow=False, xanchor="left",
                                  font={"size": 15, "color": VERMILLION})  # fmt: skip
    figure.add_vline(x=pass_mark, line_dash="dash", line_color=BLACK, line_width=2)
    figure.add_annotation(
        x=pass_mark, yref="paper", y=1, yanchor="bottom", text=t("pass_line", value=pass_mark),
        showarrow=False, font={"size": 14},
    )  # fmt: skip
    figure.update_xaxes(range=[0, 118], title_text=t("axis_score"))
    number_ticks(figure, "x", (0, 20, 40, 60, 85, 100))
    figure.update_yaxes(type="category", gridcolor=WHITE)
    figure.update_layout(showlegend=False)
    finish(figure, t("ita_profile_title", year=str(year)), 480)
    figure.update_layout(margin={"t": 70})
    return figure
