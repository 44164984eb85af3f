"""The deck's bar charts drawn with PDF primitives: a value scale with gridlines, bars, value labels
(black or white on a bar, whichever reads at 4.5:1), a legend, a reference line, and hidden counts
shown as "ปกปิด" instead of a bar that would read as zero."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpi.core.messages import t
from kpi.core.palette import BLACK, text_on
from kpi.core.scale import nice_step
from kpi.core.thai import format_number
from kpi.exports.deck_model import Chart, value_axis_top

if TYPE_CHECKING:
    from kpi.exports.to_pdf import Writer

CAPTION = "#595959"  # 7:1 on white: captions, ticks, notes
GRID = "#D9D9D9"
AXIS = "#8C8C8C"
HIDDEN_LABEL = "–"  # how the deck labels a hidden (suppressed) count
TICK_SIZE = 10.0
LABEL_SIZE = 11.0
MIN_HEIGHT = 55.0  # a chart is never drawn smaller than this (mm)


def has_something_to_show(chart: Chart) -> bool:
    """False for a chart whose every value is zero or missing (and none hidden): it gets a one-line note."""
    for series in chart.series:
        for value, label in zip(series.values, series.labels, strict=False):
            if (value is not None and value != 0) or (value is None and label == HIDDEN_LABEL):
                return True
    return False


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class BarChart:
    """One chart in the box (x, y, width, height)."""

    def __init__(self, writer: Writer, chart: Chart, x: float, y: float, width: float, height: float) -> None:
        self.w, self.c = writer, chart
        self.x, self.y, self.width, self.height = x, y, width, height
        self.low = chart.minimum
        self.top = value_axis_top(chart)
        self.step = nice_step(self.top - self.low)
        counts = all(v is None or float(v).is_integer() for s in chart.series for v in s.values)
        if counts and not self.step.is_integer():  # counts get whole-number ticks
            self.step = next(f for f in (1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0) if f >= self.step)

    def ticks(self) -> list[float]:
        values, value = [], self.low
        while value <= self.top + 1e-9:
            values.append(value)
            value += self.step
        return values

    def tick_text(self, value: float) -> str:
        return self.w.digits(format_number(round(value, 2)))

    def draw(self) -> None:
        c, w, pdf = self.c, self.w, self.w.pdf
        y = w.write(self.x, self.y, self.width, c.title, 12, True, BLACK)
        drawn = c.drawn_series()
        legend = len(c.series) > 1 and bool(drawn)
        foot = w.lines_for(c.footnote, self.width, 10) if c.footnote else []
        bottom = self.y + self.height - (7.0 if legend else 0.0) - len(foot) * 5.0
        if c.kind == "bar":
            self._horizontal(y + 1, bottom)
        else:
            self._vertical(y + 1, bottom)
        ly = bottom + 1
        if legend:
            lx = self.x
            for series in drawn:
                pdf.set_fill_color(*rgb(series.colour))
                pdf.rect(lx, ly + 1.2, 4, 4, style="F")
                w.font(10)
                label_w = pdf.get_string_width(series.name) + 1
                pdf.set_xy(lx + 5.5, ly)
                pdf.cell(label_w, 6.5, series.name)
                lx += label_w + 12
            ly += 7
        for line in foot:
            w.write(self.x, ly, self.width, line, 10, False, CAPTION, line_height=5)
            ly += 5

    # -- vertical columns ---------------------------------------------------------------------------

    def _vertical(self, top: float, bottom: float) -> None:
        c, w, pdf = self.c, self.w, self.w.pdf
        w.font(TICK_SIZE)
        axis_w = max(pdf.get_string_width(self.tick_text(v)) for v in self.ticks()) + 2.5
        gutter = 0.0
        if c.reference is not None:
            w.font(10, True)
            gutter = min(pdf.get_string_width(c.reference_label) + 3, self.width * 0.22)
        plot_x, plot_w = self.x + axis_w, self.width - axis_w - gutter
        w.write(self.x, top, self.width, c.axis_title, 10, False, CAPTION, line_height=5)
        plot_top, plot_bottom = top + 9, bottom - 11
        scale = (plot_bottom - plot_top) / (self.top - self.low)
        for tick in self.ticks():
            ty = plot_bottom - (tick - self.low) * scale
            pdf.set_draw_color(*rgb(GRID if tick > self.low else AXIS))
            pdf.set_line_width(0.2 if tick > self.low else 0.3)
            pdf.line(plot_x, ty, plot_x + plot_w, ty)
            w.font(TICK_SIZE, False, CAPTION)
            pdf.set_xy(self.x, ty - 2.5)
            pdf.cell(axis_w - 2, 5, self.tick_text(tick), align="R")
        if c.reference is not None:
            ry = plot_bottom - (c.reference - self.low) * scale
            pdf.set_draw_color(*rgb(BLACK))
            pdf.set_line_width(0.5)
            with pdf.local_context():
                pdf.set_dash_pattern(dash=2, gap=1.5)
                pdf.line(plot_x, ry, plot_x + plot_w + 1, ry)
            w.write(plot_x + plot_w + 2, ry - 5, gutter - 2, c.reference_label, 10, True, BLACK, line_height=5)
        n = max(len(c.categories), 1)
        slot = plot_w / n
        stacked = c.kind == "stacked_column"
        groups = 1 if stacked else max(len(c.series), 1)
        bar_w = min(slot * 0.7 / groups, 28.0)
        outside: list[tuple[float, str, float]] = []  # (y, label, x) of sliver labels beside a stack
        for i, category in enumerate(c.categories):
            sx = plot_x + i * slot + (slot - bar_w * groups) / 2
            base = plot_bottom
            for j, series in enumerate(c.series):
                value, label = series.values[i], series.labels[i]
                colour = series.point_colours[i] if series.point_colours else series.colour
                bx = sx if stacked else sx + j * bar_w
                if value is None:
                    if label:
                        self._missing(bx, bar_w, plot_bottom, label)
                    continue
                h = (value - self.low) * scale
                bar_top = base - h if stacked else plot_bottom - h
                if h > 0:
                    pdf.set_fill_color(*rgb(colour))
                    pdf.rect(bx, bar_top, bar_w, h, style="F")
                if label and stacked and h > 0:
                    if h >= 6:
                        w.font(LABEL_SIZE, True, text_on(colour))
                        pdf.set_xy(bx, bar_top + h / 2 - 2.5)
                        pdf.cell(bar_w, 5, label, align="C")
                    else:  # a sliver: its label goes beside the stack
                        outside.append((bar_top + h / 2, label, bx + bar_w))
                elif label and not stacked:
                    w.font(LABEL_SIZE, True, BLACK)
                    label_w = pdf.get_string_width(label)
                    pdf.set_xy(bx + (bar_w - label_w) / 2, bar_top - 5.5)
                    pdf.cell(label_w, 5, label, align="C")
                if stacked:
                    base = bar_top
            w.font(10, False, BLACK)
            for k, line in enumerate(w.lines(category, slot - 1)[:2]):
                pdf.set_xy(plot_x + i * slot, plot_bottom + 1 + k * 5)
                pdf.cell(slot, 5, line, align="C")
        self._beside(outside, plot_bottom)

    def _missing(self, x: float, width: float, base: float, label: str) -> None:
        """A value that is not drawn: hidden counts get a dashed outline and "ปกปิด", others their label."""
        w, pdf = self.w, self.w.pdf
        text = t("pdf_hidden") if label == HIDDEN_LABEL else label
        if label == HIDDEN_LABEL:
            pdf.set_draw_color(*rgb(AXIS))
            pdf.set_line_width(0.3)
            with pdf.local_context():
                pdf.set_dash_pattern(dash=1, gap=1)
                pdf.rect(x, base - 8, width, 8, style="D")
        w.font(10, False, CAPTION)
        lines = w.lines(text, max(width, 12))
        for k, line in enumerate(lines[:2]):
            pdf.set_xy(x + width / 2 - 15, base - 14 - (len(lines[:2]) - 1 - k) * 5)
            pdf.cell(30, 5, line, align="C")

    def _beside(self, labels: list[tuple[float, str, float]], base: float) -> None:
        """Labels of segments too thin to hold them, beside the stack, moved apart so none overlaps."""
        w, pdf = self.w, self.w.pdf
        placed: list[float] = []
        for y, label, x in sorted(labels, key=lambda item: (item[2], -item[0])):
            ty = min(y, base - 4)  # clear of the axis line
            while any(abs(ty - other) < 5 for other in placed):
                ty -= 5
            placed.append(ty)
            pdf.set_draw_color(*rgb(AXIS))
            pdf.set_line_width(0.2)
            pdf.line(x, y, x + 2.5, ty)
            w.font(LABEL_SIZE, True, BLACK)
            pdf.set_xy(x + 3, ty - 2.5)
            pdf.cell(pdf.get_string_width(label) + 1, 5, label)

    # -- horizontal bars ----------------------------------------------------------------------------

    def _horizontal(self, top: float, bottom: float) -> None:
        c, w, pdf = self.c, self.w, self.w.pdf
        label_w = self.width * 0.3
        plot_x, plot_w = self.x + label_w, self.width * 0.6
        plot_bottom = bottom - 7
        n = max(len(c.categories), 1)
        slot = (plot_bottom - top) / n
        scale = plot_w / (self.top - self.low)
        for tick in self.ticks():
            tx = plot_x + (tick - self.low) * scale
            pdf.set_draw_color(*rgb(GRID if tick > self.low else AXIS))
            pdf.set_line_width(0.2 if tick > self.low else 0.3)
            pdf.line(tx, top, tx, plot_bottom)
            w.font(TICK_SIZE, False, CAPTION)
            text = self.tick_text(tick)
            tw = pdf.get_string_width(text)
            pdf.set_xy(tx - tw / 2, plot_bottom + 1)
            pdf.cell(tw, 5, text)
        series = c.series[0]
        for i, category in enumerate(c.categories):
            cy = top + i * slot
            bar_h = min(slot * 0.65, 12)
            by = cy + (slot - bar_h) / 2
            w.font(LABEL_SIZE, False, BLACK)
            pdf.set_xy(self.x, by + bar_h / 2 - 3)
            pdf.cell(label_w - 3, 6, w.lines(category, label_w - 3)[0], align="R")
            value, label = series.values[i], series.labels[i]
            if value is None:
                text = t("pdf_hidden") if label == HIDDEN_LABEL else label
                w.font(10, False, CAPTION)
                pdf.set_xy(plot_x + 1.5, by + bar_h / 2 - 3)
                pdf.cell(pdf.get_string_width(text) + 1, 6, text)
                continue
            length = (value - self.low) * scale
            colour = series.point_colours[i] if series.point_colours else series.colour
            if length > 0:
                pdf.set_fill_color(*rgb(colour))
                pdf.rect(plot_x, by, length, bar_h, style="F")
            w.font(12, True, BLACK)
            pdf.set_xy(plot_x + length + 1.5, by + bar_h / 2 - 3)
            pdf.cell(pdf.get_string_width(label) + 1, 6, label)
