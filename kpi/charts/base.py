"""What every chart shares: the layout (Thai font, white, projector-sized), the reference line,
fixed number ticks, table-cell colours, and the one step that turns a finished figure's texts Thai.

Charts are built with Arabic digits; a page that shows Thai digits passes the finished figure
through `figure_in_thai_digits` once (kpi.core.thai.in_thai_digits does the same for page models).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from kpi.core.fiscal import QUARTERS, quarter_label
from kpi.core.messages import t
from kpi.core.palette import AA_TEXT, BLACK, GREY, STATUS_COLOURS, TARGET_COLOURS, contrast, text_on
from kpi.core.thai import format_number, thai_digits_text

FONT = "Sarabun, 'TH Sarabun New', Tahoma, sans-serif"
WHITE = "#FFFFFF"
# Cell backgrounds: strong Okabe–Ito colours for states that need attention, white for "nothing due".
CELL_COLOURS = {
    **STATUS_COLOURS,
    **{f"target_{k}": v for k, v in TARGET_COLOURS.items()},
    "upcoming": "#F2F2F2",
    "not_planned": WHITE,
    "target_upcoming": "#F2F2F2",
}


def layout(figure: go.Figure, title: str, height: int = 300) -> go.Figure:
    """The house layout: title top left, Thai font, white background, legend under the plot."""
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
    mark_empty(figure)
    return figure


def _has_bars(trace: Any, stacked: bool) -> bool:
    """Whether a trace draws anything: a value that is not missing (and, in a stack, not zero)."""
    values = trace.x if getattr(trace, "orientation", None) == "h" else trace.y
    return any(v is not None and (v != 0 or not stacked) for v in values or ())


def mark_empty(figure: go.Figure) -> go.Figure:
    """A legend without the series that draw nothing, and 'ไม่มีข้อมูล' on a chart with nothing to draw.

    A zero in a grouped chart is a figure (0 complaints, labelled 0); a zero in a stack draws nothing.
    A chart that already notes each empty category (under a quarter, beside an indicator) is not
    labelled a second time.
    """
    stacked = figure.layout.barmode == "stack"
    drawn = [_has_bars(trace, stacked) for trace in figure.data]
    for trace, has_bars in zip(figure.data, drawn, strict=True):
        if not has_bars:
            trace.showlegend = False
    noted = any(a.xref in (None, "x") and a.yref in (None, "y") for a in figure.layout.annotations)
    if not any(drawn) and not noted:
        figure.add_annotation(
            xref="paper", yref="paper", x=0.5, y=0.5, text=t("chart_no_data"), showarrow=False,
            font={"size": 18, "color": GREY},
        )  # fmt: skip
    return figure


def finish(figure: go.Figure, title: str, height: int, right: int = 24) -> go.Figure:
    """The house layout with room on the right for line labels and the last tick label (dashboard pages)."""
    layout(figure, title, height=height)
    figure.update_layout(margin={"l": 10, "r": right, "t": 50, "b": 10}, legend={"y": -0.2})
    figure.update_xaxes(tickfont={"size": 14, "color": BLACK}, tickangle=0)
    figure.update_yaxes(tickfont={"size": 14, "color": BLACK})
    return figure


def reference_line(figure: go.Figure, value: float, text: str, colour: str = BLACK, label_side: str = "middle") -> None:
    """A dashed horizontal line labelled in the right margin, clear of the bars and their values.

    Leave room for the label with a right margin of about 80 px. Two lines close together (85 and
    95) put one label above its line ("bottom") and the other below ("top") so they never overlap.
    """
    figure.add_hline(y=value, line_dash="dash", line_color=colour, line_width=2)
    figure.add_annotation(
        xref="paper", x=1, xanchor="left", xshift=6, y=value, yanchor=label_side, text=text.replace(" ", "<br>", 1),
        showarrow=False, font={"size": 14, "color": colour}, align="left",
    )  # fmt: skip


def value_text(value: float | None, decimals: int = 2) -> str:
    """A value written on a bar ('' for a missing one: never a 0 for no data)."""
    return "" if value is None else format_number(round(value, decimals), decimals)


def number_ticks(figure: go.Figure, axis: str, values: Iterable[float]) -> None:
    """Fixed tick positions with their labels written out, so a Thai-digit figure can turn them Thai."""
    ticks = list(values)
    labels = [format_number(v, 0) for v in ticks]
    if axis == "y":
        figure.update_yaxes(tickmode="array", tickvals=ticks, ticktext=labels)
    else:
        figure.update_xaxes(tickmode="array", tickvals=ticks, ticktext=labels)


def short_quarter(year: int, quarter: int) -> str:
    """'ไตรมาส 1': a quarter without its month range."""
    return quarter_label(year, quarter).split(" (")[0]


def two_line_quarters(year: int) -> list[str]:
    """'ไตรมาส 1<br>(ต.ค.–ธ.ค. 67)': the month range on a second line so it fits under a bar."""
    return [quarter_label(year, q).replace(" (", "<br>(") for q in QUARTERS]


def state_styler(
    frame: pd.DataFrame, states: Sequence[Sequence[str]], columns: Sequence[str], prefix: str = ""
) -> Styler:
    """Colour the given columns of a text table by the state behind each cell (`states[row][i]` ↔ `columns[i]`)."""
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for row_index, row_states in zip(frame.index, states, strict=True):
        for column, state in zip(columns, row_states, strict=True):
            colour = CELL_COLOURS.get(prefix + state, WHITE)
            css.loc[row_index, column] = f"background-color: {colour}; color: {text_on(colour)}; font-weight: 600"
    return frame.style.apply(lambda _: css, axis=None)


# --- Every text at WCAG AA contrast on what is behind it ---------------------------------------------


def _mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0–1) of `other` mixed in (both #RRGGBB)."""
    a = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(other.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


def _hex(colour: Any) -> str | None:
    return colour if isinstance(colour, str) and len(colour) == 7 and colour.startswith("#") else None


def text_colour(colour: Any, background: str = WHITE) -> str:
    """A text colour that reads on `background` (4.5:1): the colour itself, or that hue darkened until it does."""
    start = _hex(colour)
    if start is None:
        return BLACK
    for step in range(11):
        darker = _mix(start, "#000000", step / 10)
        if contrast(darker, background) >= AA_TEXT:
            return darker
    return BLACK


def _bar_fills(trace: Any) -> list[str]:
    """Each bar's fill as it is seen: its colour over the white plot, through the trace's opacity."""
    values = trace.x if trace.orientation == "h" else trace.y
    count = 0 if values is None else len(values)
    colour = trace.marker.color
    colours = list(colour) if isinstance(colour, (list, tuple)) else [colour] * count
    opacity = (trace.opacity if trace.opacity is not None else 1) * (
        trace.marker.opacity if isinstance(trace.marker.opacity, (int, float)) else 1
    )
    return [_mix(_hex(c) or GREY, WHITE, 1 - opacity) for c in colours]


def readable(figure: go.Figure) -> go.Figure:
    """The figure with every text it shows at WCAG AA contrast (a copy; the caller's figure is left as built).

    Text inside a bar is black or white, whichever reads on that bar (`palette.text_on`); text outside
    bars, annotations, titles, legends and axis ticks sit on the white plot and are darkened until they
    reach 4.5:1. Hover labels are white with black text.
    """
    figure = go.Figure(figure)
    figure.update_layout(
        font_color=BLACK,
        title_font_color=text_colour(figure.layout.title.font.color or BLACK),
        legend_font_color=BLACK,
        hoverlabel={"bgcolor": WHITE, "bordercolor": BLACK, "font": {"color": BLACK}},
    )
    for axis in (*figure.select_xaxes(), *figure.select_yaxes()):
        axis.tickfont.color = text_colour(axis.tickfont.color or BLACK)
        axis.title.font.color = text_colour(axis.title.font.color or BLACK)
    for trace in figure.data:
        if trace.type == "bar":
            trace.insidetextfont.color = [text_on(fill) for fill in _bar_fills(trace)]
            trace.outsidetextfont.color = text_colour(trace.textfont.color or BLACK)
        elif "textfont" in trace:
            trace.textfont.color = text_colour(trace.textfont.color or BLACK)
    for annotation in figure.layout.annotations:
        annotation.font.color = text_colour(annotation.font.color or BLACK)
    return figure


# --- Thai digits, once, on the finished figure ---------------------------------------------------

# What a reader sees of a trace: its categories, labels, legend name, hover text and hover data.
_TRACE_TEXTS = ("x", "y", "text", "texttemplate", "name", "hovertemplate", "customdata")


def _thai(value: Any) -> Any:
    """Thai digits in every string of a value (lists and tuples walked); numbers stay numbers."""
    if isinstance(value, str):
        return thai_digits_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_thai(v) for v in value)
    return value


def _thai_title(owner: Any) -> None:
    if owner.title is not None and owner.title.text is not None:
        owner.title.text = _thai(owner.title.text)


def figure_in_thai_digits(figure: go.Figure) -> go.Figure:
    """The figure with Thai digits in every text a reader sees (titles, axis titles and tick labels,
    categories, bar labels, legend, hover text with its %{…} placeholders kept, annotations).

    Numbers plotly formats itself (automatic numeric ticks) stay as plotly writes them: a chart that
    shows Thai tick numbers writes its ticks out with `number_ticks`.
    """
    figure = go.Figure(figure)  # a copy: the caller's figure is left as built
    for trace in figure.data:
        for name in _TRACE_TEXTS:
            if name in trace and trace[name] is not None:
                trace[name] = _thai(trace[name])
    layout_ = figure.layout
    _thai_title(layout_)
    _thai_title(layout_.legend)
    for axis in (*figure.select_xaxes(), *figure.select_yaxes()):
        _thai_title(axis)
        if axis.ticktext is not None:
            axis.ticktext = _thai(axis.ticktext)
    for annotation in layout_.annotations:
        for name in ("text", "x", "y"):
            if isinstance(annotation[name], str):
                annotation[name] = _thai(annotation[name])
    return figure
