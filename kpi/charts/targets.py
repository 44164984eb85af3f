"""Charts and table colouring of the ตัวชี้วัด page."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from kpi.charts.base import (
    CELL_COLOURS,
    finish,
    number_ticks,
    reference_line,
    state_styler,
    two_line_quarters,
    value_text,
)
from kpi.core.messages import t
from kpi.core.palette import BLACK, GREY, LIGHT_GREY, WHITE
from kpi.core.scale import axis_top, nice_step
from kpi.core.thai import format_number
from kpi.domain.public_grid import HIDDEN_STATE
from kpi.domain.targets import DIRECTION_OPS, OP_SYMBOLS, QUARTER_STATES, TrackedTarget, Tracker
from kpi.screens.targets import STATE_KEYS as TARGET_STATE_KEYS


def tracker_styler(
    frame: pd.DataFrame, states: Sequence[Sequence[str]], year_column: str, quarter_columns: Sequence[str]
) -> Styler:
    """The tracker table with the year state and each quarter state coloured."""
    return state_styler(frame, states, [year_column, *quarter_columns], prefix="target_")


def target_states_chart(tracker: Tracker) -> go.Figure:
    """How many targets are in each state, per quarter (upcoming quarters shown as such; the public
    view's tracker, kpi.screens.targets.public_tracker, counts a hidden state as "ปกปิด")."""
    labels = two_line_quarters(tracker.year)[: len(tracker.quarter_counts)]  # quarters 1 to the one viewed
    figure = go.Figure()
    names = {**{s: t(TARGET_STATE_KEYS[s]) for s in QUARTER_STATES}, HIDDEN_STATE: t("chart_hidden_mark")}
    # a hidden state's bar is uncoloured, as its cell of the table is
    colours = {**{s: CELL_COLOURS[f"target_{s}"] for s in QUARTER_STATES}, HIDDEN_STATE: WHITE}
    for state in (*QUARTER_STATES, HIDDEN_STATE):
        counts = [c.get(state, 0) for c in tracker.quarter_counts]
        if not any(counts):
            continue
        name = names[state]
        figure.add_bar(
            x=labels, y=[c or None for c in counts], name=name, marker_color=colours[state],
            marker_line={"color": GREY, "width": 1}, text=[value_text(c or None, 0) for c in counts],
            textposition="inside", insidetextanchor="middle", textfont={"size": 15, "color": BLACK},
            textangle=0, constraintext="none",
            hovertemplate=f"{name}: %{{y}}<extra></extra>",
        )  # fmt: skip
    total = len(tracker.targets)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(range=[0, axis_top([total], headroom=1.05, least=1.05)], title_text=t("targets_axis_count"))
    step = max(1, -(-total // 5))
    number_ticks(figure, "y", range(0, total + 1, step))
    figure.update_xaxes(type="category")
    return finish(figure, t("targets_states_title"), 380)


def target_progress_chart(tracked: TrackedTarget, year: int) -> go.Figure:
    """One target's reported value per quarter against its target line (or last year's values for ลดลง/เพิ่มขึ้น)."""
    status = tracked.status
    labels = two_line_quarters(year)[: len(tracked.quarters)]  # quarters 1 to the one viewed
    actuals = [c.actual for c in tracked.quarters]
    colours = [CELL_COLOURS[f"target_{c.state}"] for c in tracked.quarters]
    figure = go.Figure()
    direction = status.op in DIRECTION_OPS
    baselines = [c.baseline for c in tracked.quarters]
    if direction and any(b is not None for b in baselines):
        figure.add_bar(
            x=labels, y=baselines, name=t("targets_baseline_series"), marker_color=LIGHT_GREY,
            marker_line={"color": GREY, "width": 1}, text=[value_text(b) for b in baselines],
            textposition="outside", cliponaxis=False, textfont={"size": 14},
        )  # fmt: skip
    figure.add_bar(
        x=labels, y=actuals, name=t("targets_actual_series", year=str(year)),
        marker_color=colours, marker_line={"color": BLACK, "width": 1},
        text=[value_text(a) for a in actuals], textposition="outside", cliponaxis=False,
        textfont={"size": 15},
    )  # fmt: skip
    known = [v for v in (*actuals, *baselines, status.target) if v is not None]
    if status.unit == "ร้อยละ":
        known.append(100.0)  # a percentage axis always reaches 100
    if not direction and status.target is not None:
        op = OP_SYMBOLS.get(status.op, status.op)
        reference_line(figure, status.target, t("target_line_op", op=op, value=format_number(status.target, 2)))
    for label, cell in zip(labels, tracked.quarters, strict=True):
        if cell.actual is None:
            note = t("status_upcoming") if cell.state == "upcoming" else t("target_no_data")
            figure.add_annotation(x=label, y=0, text=note, showarrow=False, yanchor="bottom", yshift=4,
                                  font={"size": 14, "color": GREY})  # fmt: skip
    upper = axis_top(known or [1.0], headroom=1.25)
    figure.update_yaxes(range=[0, upper], title_text=status.unit or t("axis_count"), rangemode="tozero")
    step = nice_step(upper)
    number_ticks(figure, "y", [i * step for i in range(int(upper // step) + 1)])
    figure.update_xaxes(type="category")
    figure.update_layout(barmode="group", showlegend=direction)
    title = t("targets_progress_title", name=status.name)
    return finish(figure, title, 400, right=24 if direction or status.target is None else 90)
