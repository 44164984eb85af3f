"""Charts of the satisfaction, complaints, OIT and calendar pages (plotly figures, Thai, Okabe–Ito)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import plotly.graph_objects as go

from kpi.charts.base import _layout, _text, _year_labels, reference_line
from kpi.core.fiscal import THAI_MONTHS_SHORT, be_year, ce_year, quarter_bounds, quarter_label
from kpi.core.messages import t
from kpi.core.palette import BLACK, BLUE, GREEN, GREY, LIGHT_GREY, ORANGE, SKY, VERMILLION
from kpi.core.thai import format_number, to_thai_digits
from kpi.domain.complaints import ComplaintQuarter, type_label
from kpi.domain.deadlines import CLOSED, DONE, DUE_SOON, OPEN, OVERDUE, UPCOMING, Calendar
from kpi.domain.oit import OitChecklist
from kpi.domain.satisfaction import QuarterPoint

STATE_COLOURS = {DONE: GREEN, OVERDUE: VERMILLION, DUE_SOON: ORANGE, UPCOMING: SKY, OPEN: BLUE, CLOSED: GREY}


def _short_quarter(year: int, quarter: int, thai_digits: bool) -> str:
    return quarter_label(year, quarter, thai_digits).split(" (")[0]


def satisfaction_quarters_chart(
    points: Sequence[QuarterPoint], year: int, target: float, method_label: str, thai_digits: bool = False
) -> go.Figure:
    """Overall satisfaction per quarter with its sample size, against the target line."""
    labels = [_short_quarter(year, p.quarter, thai_digits) for p in points]
    values = [None if p.value is None else round(p.value, 2) for p in points]
    colours = [LIGHT_GREY if v is None else (GREEN if v >= target else VERMILLION) for v in values]
    texts = []
    for p, v in zip(points, values, strict=True):
        if v is None:
            texts.append("")
        else:
            n = "–" if p.sample_size is None else format_number(p.sample_size, 0, thai_digits)
            texts.append(f"{_text(v, thai_digits)}<br>{t('satis_chart_n', n=n)}")
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=colours,
            text=texts,
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )  # fmt: skip
    )
    for label, v in zip(labels, values, strict=True):
        if v is None:
            figure.add_annotation(x=label, y=4, text=t("target_no_data"), showarrow=False, font={"color": GREY})
    reference_line(figure, target, t("target_line", value=target))
    figure.update_yaxes(range=[0, 118], title_text=t("satis_axis", method=method_label))
    figure.update_xaxes(type="category")
    figure.update_layout(showlegend=False)
    figure = _layout(figure, t("satis_chart_title"), height=380, thai_digits=thai_digits)
    figure.update_layout(margin={"r": 80})
    return figure


def complaints_type_chart(
    quarters: Sequence[ComplaintQuarter], kind: str, year: int, thai_digits: bool = False
) -> go.Figure:
    """Complaints of one type received per quarter, this fiscal year beside the previous one."""
    chosen = [c for c in quarters if c.type == kind]
    labels = [_short_quarter(year, c.quarter, thai_digits) for c in chosen]
    figure = go.Figure()
    this_name, last_name = _year_labels([year, year - 1], thai_digits)
    for name, values, colour in (
        (last_name, [c.prev_received for c in chosen], LIGHT_GREY),
        (this_name, [c.received for c in chosen], BLUE if kind == "general" else ORANGE),
    ):
        figure.add_bar(
            x=labels, y=values, name=f"{t('axis_year')} {name}", marker_color=colour,
            text=[_text(v, thai_digits) if v is not None else t("target_no_data") for v in values],
            textposition="outside", cliponaxis=False, textfont={"size": 15},
        )  # fmt: skip
    known = [v for c in chosen for v in (c.received, c.prev_received) if v is not None]
    top = max(known, default=1)
    figure.update_yaxes(
        range=[0, top * 1.35 + 1], title_text=t("cmp_axis"), rangemode="tozero", dtick=1 if top <= 8 else None
    )
    figure.update_layout(barmode="group")
    return _layout(figure, t("cmp_chart_title", type=type_label(kind)), height=340, thai_digits=thai_digits)


def oit_readiness_chart(checklist: OitChecklist, thai_digits: bool = False) -> go.Figure:
    """Items per sub-indicator by status (มี / กำลังจัดทำ / ไม่มี), as horizontal stacked bars."""
    groups = list(reversed(checklist.by_indicator))  # first sub-indicator on top
    labels = [f"{g.key} {g.title}".strip() for g in groups]
    figure = go.Figure()
    for field, key, colour in (("yes", "oit_status_yes", GREEN), ("in_progress", "oit_status_in_progress", ORANGE),
                               ("no", "oit_status_no", VERMILLION)):  # fmt: skip
        values = [getattr(g, field) for g in groups]
        figure.add_bar(
            x=values, y=labels, orientation="h", name=t(key), marker_color=colour,
            text=[_text(v, thai_digits) if v else "" for v in values], textposition="inside", textangle=0,
            insidetextanchor="middle", textfont={"size": 15}, hovertemplate="%{y}: %{x}<extra></extra>",
        )  # fmt: skip
    figure.update_layout(barmode="stack")
    figure.update_xaxes(dtick=1 if max((g.total for g in groups), default=0) <= 12 else None)
    height = max(300, 110 + 42 * len(groups))
    figure = _layout(figure, t("oit_chart_title"), height=height, thai_digits=thai_digits)
    figure.update_layout(legend={"y": -0.08 - 0.9 / max(len(groups), 1), "traceorder": "normal"})
    return figure


def _day_number(day: dt.date, origin: dt.date) -> int:
    return (day - origin).days


def deadlines_chart(calendar: Calendar, thai_digits: bool = False) -> go.Figure:
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
    if thai_digits:
        texts = [to_thai_digits(x) for x in texts]
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
    return _layout(figure, t("deadline_chart_title"), height=height, thai_digits=thai_digits)
