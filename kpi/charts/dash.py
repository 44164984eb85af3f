"""Charts and table colouring of the มาตรการ, ตัวชี้วัด and คะแนน ITA pages.

Same conventions as kpi/charts/base.py: Okabe–Ito colours, Thai titles and axis labels, values written
where people read them, never a bar of 0 for a missing value, and Thai digits on request (tick
labels included). Table colours always sit beside a symbol and a Thai word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from kpi.charts.base import _layout, reference_line
from kpi.core.fiscal import QUARTERS, quarter_label
from kpi.core.messages import t
from kpi.core.palette import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    ORANGE,
    SKY,
    STATUS_COLOURS,
    TARGET_COLOURS,
    VERMILLION,
)
from kpi.core.thai import format_number, to_thai_digits
from kpi.domain.ita import ItaScore
from kpi.domain.ita_rules import RuleSet, rule_set_for
from kpi.domain.targets import DIRECTION_OPS, OP_SYMBOLS, QUARTER_STATES, TrackedTarget, Tracker
from kpi.screens.ita import TOOL_NAMES, IndicatorBar
from kpi.screens.measures import MeasuresGrid
from kpi.screens.targets import STATE_KEYS as TARGET_STATE_KEYS

WHITE = "#FFFFFF"
# Cell backgrounds: strong Okabe–Ito colours for states that need attention, white for "nothing due".
CELL_COLOURS = {
    **STATUS_COLOURS,
    **{f"target_{k}": v for k, v in TARGET_COLOURS.items()},
    "upcoming": "#F2F2F2",
    "not_planned": WHITE,
    "target_upcoming": "#F2F2F2",
}
TOOL_COLOURS = {"iit": BLUE, "eit": ORANGE, "oit": SKY}
SEVERITY_COLOURS = {"good": GREEN, "ok": ORANGE, "bad": VERMILLION}


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


def _text(value: float | None, thai_digits: bool, decimals: int = 2) -> str:
    return "" if value is None else format_number(round(value, decimals), decimals, thai_digits)


def _number_ticks(figure: go.Figure, axis: str, values: Iterable[float], thai_digits: bool) -> None:
    """Fixed tick positions, written in Thai digits when asked."""
    ticks = list(values)
    labels = [_digits(format_number(v, 0), thai_digits) for v in ticks]
    if axis == "y":
        figure.update_yaxes(tickmode="array", tickvals=ticks, ticktext=labels)
    else:
        figure.update_xaxes(tickmode="array", tickvals=ticks, ticktext=labels)


def _finish(figure: go.Figure, title: str, height: int, thai_digits: bool, right: int = 24) -> go.Figure:
    """The shared layout, with room on the right for line labels and the last tick label."""
    _layout(figure, title, height=height, thai_digits=thai_digits)
    figure.update_layout(margin={"l": 10, "r": right, "t": 50, "b": 10}, legend={"y": -0.2})
    figure.update_xaxes(tickfont={"size": 14, "color": BLACK}, tickangle=0)
    figure.update_yaxes(tickfont={"size": 14, "color": BLACK})
    return figure


def _short_quarters(year: int, thai_digits: bool) -> list[str]:
    """'ไตรมาส 1<br>(ต.ค.–ธ.ค. 67)': the month range on a second line so it fits under a bar."""
    return [quarter_label(year, q, thai_digits).replace(" (", "<br>(") for q in QUARTERS]


# --- table colouring -------------------------------------------------------------------------


def state_styler(
    frame: pd.DataFrame, states: Sequence[Sequence[str]], columns: Sequence[str], prefix: str = ""
) -> Styler:
    """Colour the given columns of a text table by the state behind each cell (`states[row][i]` ↔ `columns[i]`)."""
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for row_index, row_states in zip(frame.index, states, strict=True):
        for column, state in zip(columns, row_states, strict=True):
            colour = CELL_COLOURS.get(prefix + state, WHITE)
            css.loc[row_index, column] = f"background-color: {colour}; color: {BLACK}; font-weight: 600"
    return frame.style.apply(lambda _: css, axis=None)


def measures_styler(frame: pd.DataFrame, grid: MeasuresGrid, thai_digits: bool = False) -> Styler:
    """The measures grid with each quarter cell coloured by its status."""
    columns = [quarter_label(grid.year, q, thai_digits) for q in QUARTERS]
    states = [[cell.state for cell in row.cells] for row in grid.rows]
    return state_styler(frame, states, columns)


def tracker_styler(
    frame: pd.DataFrame, states: Sequence[Sequence[str]], year_column: str, quarter_columns: Sequence[str]
) -> Styler:
    """The tracker table with the year state and each quarter state coloured."""
    return state_styler(frame, states, [year_column, *quarter_columns], prefix="target_")


def severity_styler(frame: pd.DataFrame, severities: Sequence[str], column: str) -> Styler:
    """The ITA table with the rating column coloured by its severity."""
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for row_index, severity in zip(frame.index, severities, strict=True):
        css.loc[row_index, column] = f"background-color: {SEVERITY_COLOURS[severity]}; color: {BLACK}; font-weight: 600"
    return frame.style.apply(lambda _: css, axis=None)


# --- มาตรการ ----------------------------------------------------------------------------------


def measures_share_chart(grid: MeasuresGrid, thai_digits: bool = False) -> go.Figure:
    """Share of planned measures done, per quarter; quarters not yet due or without a plan are said so."""
    labels = _short_quarters(grid.year, thai_digits)
    values = [None if s.share is None else round(s.share, 2) for s in grid.shares]
    texts = []
    for share in grid.shares:
        if share.share is None:
            texts.append("")
            continue
        counts = t("measures_share_bar", done=share.done, planned=share.planned)
        texts.append(f"{_text(share.share, thai_digits, 0)}%<br>{_digits(counts, thai_digits)}")
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
    _number_ticks(figure, "y", (0, 25, 50, 75, 100), thai_digits)
    figure.update_xaxes(type="category")
    figure.update_layout(showlegend=False)
    return _finish(figure, t("measures_share_title"), 340, thai_digits)


# --- ตัวชี้วัด ---------------------------------------------------------------------------------


def target_states_chart(tracker: Tracker, thai_digits: bool = False) -> go.Figure:
    """How many targets are in each state, per quarter (upcoming quarters shown as such)."""
    labels = _short_quarters(tracker.year, thai_digits)
    figure = go.Figure()
    for state in QUARTER_STATES:
        counts = [c[state] for c in tracker.quarter_counts]
        if not any(counts):
            continue
        name = f"{t(TARGET_STATE_KEYS[state])}"
        figure.add_bar(
            x=labels, y=[c or None for c in counts], name=name, marker_color=CELL_COLOURS[f"target_{state}"],
            marker_line={"color": GREY, "width": 1}, text=[_text(c or None, thai_digits, 0) for c in counts],
            textposition="inside", insidetextanchor="middle", textfont={"size": 15, "color": BLACK},
            textangle=0, constraintext="none",
            hovertemplate=f"{name}: %{{y}}<extra></extra>",
        )  # fmt: skip
    total = len(tracker.targets)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(range=[0, max(total, 1) * 1.05], title_text=t("targets_axis_count"))
    step = max(1, -(-total // 5))
    _number_ticks(figure, "y", range(0, total + 1, step), thai_digits)
    figure.update_xaxes(type="category")
    return _finish(figure, t("targets_states_title"), 380, thai_digits)


def target_progress_chart(tracked: TrackedTarget, year: int, thai_digits: bool = False) -> go.Figure:
    """One target's reported value per quarter against its target line (or last year's values for ลดลง/เพิ่มขึ้น)."""
    status = tracked.status
    labels = _short_quarters(year, thai_digits)
    actuals = [c.actual for c in tracked.quarters]
    colours = [CELL_COLOURS[f"target_{c.state}"] for c in tracked.quarters]
    figure = go.Figure()
    direction = status.op in DIRECTION_OPS
    baselines = [c.baseline for c in tracked.quarters]
    if direction and any(b is not None for b in baselines):
        figure.add_bar(
            x=labels, y=baselines, name=t("targets_baseline_series"), marker_color=LIGHT_GREY,
            marker_line={"color": GREY, "width": 1}, text=[_text(b, thai_digits) for b in baselines],
            textposition="outside", cliponaxis=False, textfont={"size": 14},
        )  # fmt: skip
    figure.add_bar(
        x=labels, y=actuals, name=t("targets_actual_series", year=_digits(str(year), thai_digits)),
        marker_color=colours, marker_line={"color": BLACK, "width": 1},
        text=[_text(a, thai_digits) for a in actuals], textposition="outside", cliponaxis=False,
        textfont={"size": 15},
    )  # fmt: skip
    top = max([v for v in (*actuals, *baselines, status.target) if v is not None], default=1.0)
    if status.unit == "ร้อยละ":
        top = max(top, 100.0)
    if not direction and status.target is not None:
        op = OP_SYMBOLS.get(status.op, status.op)
        label = t("target_line_op", op=op, value=format_number(status.target, 2))
        reference_line(figure, status.target, _digits(label, thai_digits))
    for label, cell in zip(labels, tracked.quarters, strict=True):
        if cell.actual is None:
            note = t("status_upcoming") if cell.state == "upcoming" else t("target_no_data")
            figure.add_annotation(x=label, y=0, text=note, showarrow=False, yanchor="bottom", yshift=4,
                                  font={"size": 14, "color": GREY})  # fmt: skip
    upper = top * 1.25 if top > 0 else 1.0
    figure.update_yaxes(range=[0, upper], title_text=status.unit or t("axis_count"), rangemode="tozero")
    step = _nice_step(upper)
    _number_ticks(figure, "y", [i * step for i in range(int(upper // step) + 1)], thai_digits)
    figure.update_xaxes(type="category")
    figure.update_layout(barmode="group", showlegend=direction)
    title = t("targets_progress_title", name=status.name)
    return _finish(figure, title, 400, thai_digits, right=24 if direction or status.target is None else 90)


def _nice_step(upper: float) -> float:
    """A round tick step giving about five ticks up to `upper`."""
    raw = upper / 5
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if magnitude * factor >= raw:
            return float(magnitude * factor)
    return float(magnitude * 10)


# --- คะแนน ITA -------------------------------------------------------------------------------


def ita_parts_chart(
    scores: Sequence[ItaScore], thai_digits: bool = False, rule_set: RuleSet | None = None
) -> go.Figure:
    """ITA per fiscal year as stacked weighted IIT/EIT/OIT parts, the total and rating above, lines at 85 and 95."""
    years = [_digits(str(s.year), thai_digits) for s in scores]
    figure = go.Figure()
    for tool in ("iit", "eit", "oit"):
        parts = [s.parts[tool] for s in scores]
        raws = [getattr(s, tool) for s in scores]
        weight = [rule_set_for(s.year).weights[tool] for s in scores]
        name = t("ita_part_legend", tool=TOOL_NAMES[tool])
        figure.add_bar(
            x=years, y=parts, name=name, marker_color=TOOL_COLOURS[tool], marker_line={"color": WHITE, "width": 1},
            text=[_text(p, thai_digits) for p in parts], textposition="inside", insidetextanchor="middle",
            textfont={"size": 14, "color": WHITE if tool == "iit" else BLACK},
            customdata=[[_text(r, thai_digits), format_number(w * 100, 0)] for r, w in zip(raws, weight, strict=True)],
            hovertemplate=f"{TOOL_NAMES[tool]} %{{customdata[0]}} × %{{customdata[1]}}% = %{{y:.2f}}<extra></extra>",
        )  # fmt: skip
    # Totals sit in one row above 100, so they never collide with the 85 and 95 lines.
    figure.add_scatter(
        x=years, y=[101] * len(scores), mode="text", showlegend=False, hoverinfo="skip",
        text=[f"<b>{_text(s.rating.total, thai_digits)}</b><br>{s.rating.label}" for s in scores],
        textposition="top center", textfont={"size": 15, "color": BLACK}, cliponaxis=False,
    )  # fmt: skip
    rules = rule_set or (rule_set_for(scores[-1].year) if scores else None)
    pass_mark = rules.pass_mark if rules else 85.0
    excellent = rules.excellent_mark if rules else 95.0
    reference_line(figure, pass_mark, _digits(t("pass_line", value=pass_mark), thai_digits))
    reference_line(figure, excellent, _digits(t("ita_excellent_line", value=excellent), thai_digits), GREY)
    figure.update_layout(barmode="stack", bargap=0.45 if len(scores) < 3 else 0.3)
    figure.update_yaxes(range=[0, 116], title_text=t("axis_score"))
    _number_ticks(figure, "y", (0, 20, 40, 60, 85, 95), thai_digits)
    figure.update_xaxes(type="category", title_text=t("axis_year"))
    _finish(figure, t("ita_parts_title"), 460, thai_digits, right=130)
    figure.update_layout(legend={"y": -0.25})
    return figure


def ita_profile_chart(
    bars: Sequence[IndicatorBar], year: int, pass_mark: float = 85.0, thai_digits: bool = False
) -> go.Figure:
    """The ten indicators as horizontal bars (value inside), the weakest highlighted and labelled, with the pass line."""
    ordered = list(reversed(bars))  # indicator 1 on top
    labels = [_digits(f"{b.number}. ", thai_digits) + f"{b.title} ({TOOL_NAMES[b.tool]})" for b in ordered]
    values = [b.score for b in ordered]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=[VERMILLION if b.weakest else BLUE for b in ordered],
            text=[_text(v, thai_digits) for v in values],
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
        x=pass_mark, yref="paper", y=1, yanchor="bottom", text=_digits(t("pass_line", value=pass_mark), thai_digits),
        showarrow=False, font={"size": 14},
    )  # fmt: skip
    figure.update_xaxes(range=[0, 118], title_text=t("axis_score"))
    _number_ticks(figure, "x", (0, 20, 40, 60, 85, 100), thai_digits)
    figure.update_yaxes(type="category", gridcolor=WHITE)
    figure.update_layout(showlegend=False)
    title = t("ita_profile_title", year=_digits(str(year), thai_digits))
    _finish(figure, title, 480, thai_digits)
    figure.update_layout(margin={"t": 70})
    return figure
