"""Chart of the ปฏิทิน page: the year's deadlines on a timeline."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from kpi.charts.base import layout
from kpi.core.fiscal import THAI_MONTHS_SHORT, be_year, ce_year, quarter_bounds
from kpi.core.messages import t
from kpi.core.palette import BLACK, BLUE, GREEN, GREY, ORANGE, SKY, VERMILLION
from kpi.domain.deadlines import CLOSED, DONE, DUE_SOON, OPEN, OVERDUE, UPCOMING, Calendar

STATE_COLOURS = {DONE: GREEN, OVERDUE: VERMILLION, DUE_SOON: ORANGE, UPCOMING: SKY, OPEN: BLUE, CLOSED: GREY}


def _day_number(day: dt.date, origin: dt.date) -> int:
    return (day - origin).days


def deadlines_chart(calendar: Calendar) -> go.Figure:
    """The year's deadlines on a timeline: work period as a bar, the deadline as a marker, today as a line."""
    origin = quarter_bounds(calendar.fiscal_year, 1)[0]
    rows = list(reversed(calendar.deadlines))
    labels = [d.title for d in rows]
    figure = go.Figure()
    figure.add_bar(
        x=[max(_day_number(d.due, origin) - _day_number(d.start, origin), 1) for d in rows],
        base=[_day_number(d.start, origin) for d in rows],
        y=labels, orientation="h", marker_color=[STATE_COLOURS[d.state] for d in rows], opacity=0.35,
        hoverinfo="skip", showlegend=False,
    )  # fmt: skip
    for state in (OVERDUE, DUE_SOON, UPCOMING, OPEN, DONE, CLOSED):
        chosen = [d for d in rows if d.state == state]
        if not chosen:
            continue
        figure.add_scatter(
            x=[_day_number(d.due, origin) for d in chosen], y=[d.title for d in chosen], mode="markers",
            marker={"symbol": "diamond", "size": 14, "color": STATE_COLOURS[state], "line": {"color": BLACK, "width": 1}},
            name=t(f"deadline_state_{state}"), hovertemplate="%{y}<extra></extra>",
        )  # fmt: skip
    # Month ticks in Thai (a plotly date axis would print English month names).
    ticks, texts = [], []
    ce = ce_year(calendar.fiscal_year)
    for i in range(14):  # October of the year before to November after the fiscal year
        month = (9 + i) % 12 + 1
        year = ce - 1 if i < 3 else ce
        first = dt.date(year, month, 1)
        ticks.append(_day_number(first, origin))
        yy = be_year(year) % 100
        texts.append(f"{THAI_MONTHS_SHORT[month - 1]} {yy:02d}")
    today = _day_number(calendar.today, origin)
    low, high = -10, max(ticks[-1], *(_day_number(d.due, origin) for d in rows)) + 10
    if low <= today <= high:
        figure.add_vline(x=today, line_color=BLACK, line_width=2, line_dash="dot")
        figure.add_annotation(
            x=today, y=1.02, yref="paper", text=t("deadline_today_line"), showarrow=False, font={"size": 14}
        )
    figure.update_xaxes(tickvals=ticks, ticktext=texts, range=[low, high], showgrid=True, gridcolor="#EEEEEE")
    figure.update_yaxes(showgrid=False)
    height = max(320, 80 + 46 * len(rows))
    return layout(figure, t("deadline_chart_title"), height=height)
