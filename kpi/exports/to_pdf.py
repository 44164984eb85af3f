"""The council deck as an A4 landscape PDF, made without a browser (fpdf2 + HarfBuzz).

Thai needs three things here:
- shaping: `set_text_shaping(True)` (uharfbuzz) stacks vowels and tone marks with the font's
  mark positioning; the bundled Sarabun TTFs (static/fonts/, OFL) are embedded as subsets;
- line breaks: Thai has no spaces between words and fpdf2 only breaks at spaces or U+200B. We
  break lines ourselves at pythainlp word boundaries (kpi.exports.pdf_lines), measuring each
  candidate line, so no invisible character ever enters the PDF's text (copying and searching
  see the plain text);
- text extraction: HarfBuzz splits SARA AM (ำ) into two glyphs of one cluster and fpdf2 maps only
  the first to Unicode; the second glyph is mapped to U+200B (zero width) instead of nothing, which
  readers would otherwise extract as a stray space or control character.
Charts are drawn with PDF primitives from the same deck data as the PPTX and the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from kpi.core.messages import t
from kpi.core.palette import BLACK
from kpi.core.settings import ROOT
from kpi.core.text_safety import clean_tree
from kpi.core.thai import to_thai_digits
from kpi.exports.deck_model import Chart, Deck, Figure, Slide, Table, value_axis_top
from kpi.exports.pdf_lines import wrap_lines

FONT_DIR = ROOT / "static" / "fonts"
FAMILY = "Sarabun"
PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 14.0
_TONES = {"good": "#009E73", "ok": "#E69F00", "bad": "#D55E00", "none": "#7F7F7F"}
_NAVY = "#1F4E79"
_GREY = "#555555"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Pdf(FPDF):
    """FPDF with the deck's footer: page n of N, the date prepared, the data version."""

    deck: Deck | None = None

    def footer(self) -> None:
        deck = self.deck
        if deck is None:
            return
        page, pages = str(self.page_no()), str(len(deck.slides))  # one page per slide
        if deck.thai_digits:
            page, pages = to_thai_digits(page), to_thai_digits(pages)
        text = t("pdf_footer", page=page, pages=pages, prepared=deck.prepared_text, version_text=deck.version_text)
        self.set_y(-11)
        self.set_font(FAMILY, size=9)
        self.set_text_color(*_rgb("#7F7F7F"))
        self.cell(0, 6, text, align="R")


class _Writer:
    """Lays the deck out page by page."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        pdf = _Pdf(orientation="L", unit="mm", format="A4")
        pdf.deck = deck
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.add_font(FAMILY, "", str(FONT_DIR / "Sarabun-Regular.ttf"))
        pdf.add_font(FAMILY, "B", str(FONT_DIR / "Sarabun-Bold.ttf"))
        pdf.set_text_shaping(True)
        pdf.set_title(f"{t('deck_title')} {deck.organisation}")
        pdf.set_lang("th")
        pdf.set_creator("ITA Dashboard")
        self.pdf = pdf

    # -- text helpers ---------------------------------------------------------------------------

    def font(self, size: float, bold: bool = False, colour: str = BLACK) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*_rgb(colour))

    def lines(self, text: str, width: float) -> list[str]:
        return wrap_lines(text, width, self.pdf.get_string_width)

    def write(self, x: float, y: float, width: float, text: str, size: float, bold: bool = False,
              colour: str = BLACK, align: str = "L", line_height: float | None = None, max_lines: int | None = None) -> float:  # fmt: skip
        """Write wrapped text at (x, y); returns the y below it."""
        self.font(size, bold, colour)
        height = line_height or size * 0.55
        wrapped = self.lines(text, width)
        if max_lines is not None and len(wrapped) > max_lines:
            wrapped = wrapped[:max_lines]
            wrapped[-1] = wrapped[-1].rstrip() + "…"
        for line in wrapped:
            self.pdf.set_xy(x, y)
            self.pdf.cell(width, height, line, align=align)
            y += height
        return y

    # -- pages ----------------------------------------------------------------------------------

    def title_page(self, slide: Slide) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.set_fill_color(*_rgb(_NAVY))
        pdf.rect(0, 55, PAGE_W, 52, style="F")
        y = self.write(MARGIN, 62, PAGE_W - 2 * MARGIN, slide.title, 26, True, "#FFFFFF")
        self.write(MARGIN, y + 4, PAGE_W - 2 * MARGIN, slide.subtitle, 20, False, "#FFFFFF")
        y = 120.0
        for bullet in slide.bullets:
            y = self.write(MARGIN, y, PAGE_W - 2 * MARGIN, bullet, 16, False, BLACK) + 2

    def header(self, slide: Slide) -> float:
        deck = self.deck
        y = self.write(
            MARGIN, 8, PAGE_W - 2 * MARGIN, f"{deck.organisation} · {deck.quarter_text}", 10, False, "#7F7F7F"
        )
        y = self.write(MARGIN, y + 1, PAGE_W - 2 * MARGIN, slide.title, 22, True, _NAVY)
        if slide.subtitle:
            y = self.write(MARGIN, y, PAGE_W - 2 * MARGIN, slide.subtitle, 13, False, _GREY)
        return y + 3

    def figures(self, figures: Sequence[Figure], y: float) -> float:
        if not figures:
            return y
        pdf = self.pdf
        gap = 4.0
        width = (PAGE_W - 2 * MARGIN - gap * (len(figures) - 1)) / len(figures)
        height = 34.0
        for index, figure in enumerate(figures):
            x = MARGIN + index * (width + gap)
            pdf.set_draw_color(*_rgb(_TONES.get(figure.tone, "#7F7F7F")))
            pdf.set_line_width(0.8)
            pdf.rect(x, y, width, height, style="D", round_corners=True, corner_radius=2)
            inner = width - 6
            below = self.write(x + 3, y + 2, inner, figure.label, 10, False, _GREY, max_lines=1)
            size = 20 if self.pdf.get_string_width(figure.text) < inner else 14
            self.font(20, True)
            if self.pdf.get_string_width(figure.text) > inner:
                size = 14
            below = self.write(x + 3, below + 0.5, inner, figure.text, size, True, BLACK, max_lines=1)
            if figure.detail:
                self.write(x + 3, below + 0.5, inner, figure.detail, 8.5, False, _GREY, line_height=4.2, max_lines=3)
        return y + height + 5

    def bullets(self, bullets: Sequence[str], x: float, y: float, width: float, size: float = 13) -> float:
        for bullet in bullets:
            self.font(size)
            self.pdf.set_xy(x, y)
            self.pdf.cell(5, size * 0.55, "•")
            y = self.write(x + 5, y, width - 5, bullet, size) + 1.5
        return y

    def table(self, table: Table, x: float, y: float, width: float, size: float = 12) -> float:
        pdf = self.pdf
        widths = [width * share for share in table.column_shares()]
        line = size * 0.5
        pdf.set_line_width(0.2)
        pdf.set_draw_color(*_rgb("#BDBDBD"))
        for r, row in enumerate((table.header, *table.rows)):
            bold = r == 0
            wrapped = []
            for c, text in enumerate(row):
                self.font(size, bold)
                wrapped.append(self.lines(text, widths[c] - 3))
            height = max(len(w) for w in wrapped) * line + 3
            cx = x
            for c, cell_lines in enumerate(wrapped):
                if r == 0:
                    pdf.set_fill_color(*_rgb(_NAVY))
                    pdf.rect(cx, y, widths[c], height, style="DF")
                else:
                    pdf.rect(cx, y, widths[c], height, style="D")
                self.font(size, bold, "#FFFFFF" if r == 0 else BLACK)
                for i, text in enumerate(cell_lines):
                    pdf.set_xy(cx + 1.5, y + 1.5 + i * line)
                    pdf.cell(widths[c] - 3, line, text, align="L" if c == 0 else "C")
                cx += widths[c]
            y += height
        if table.footnote:
            y = self.write(x, y + 1.5, width, table.footnote, 9, False, _GREY)
        return y

    def chart(self, chart: Chart, x: float, y: float, width: float, height: float) -> None:
        _BarChart(self, chart, x, y, width, height).draw()

    def content_page(self, slide: Slide) -> None:
        self.pdf.add_page()
        y = self.header(slide)
        y = self.figures(slide.figures, y)
        bottom = PAGE_H - 14
        full = PAGE_W - 2 * MARGIN
        chart, table, bullets = slide.chart, slide.table, list(slide.bullets)
        if chart is not None and table is not None:
            self.chart(chart, MARGIN, y, full * 0.52, bottom - y)
            right = MARGIN + full * 0.55
            below = self.table(table, right, y, full * 0.45, 11)
            self.bullets(bullets, right, below + 3, full * 0.45, 10)
        elif chart is not None:
            chart_width = full * (0.6 if bullets else 1.0)
            self.chart(chart, MARGIN, y, chart_width, bottom - y)
            if bullets:
                self.bullets(bullets, MARGIN + full * 0.63, y + 4, full * 0.37)
        elif table is not None:
            self.table(table, MARGIN, y, full, 13)
        elif bullets:
            self.bullets(bullets, MARGIN, y + 4, full, 16)

    def build(self) -> bytes:
        for slide in self.deck.slides:
            if slide.key == "title":
                self.title_page(slide)
            else:
                self.content_page(slide)
        _map_split_glyphs(self.pdf)
        return bytes(self.pdf.output())


class _BarChart:
    """A bar chart drawn with lines and rectangles: title, axis, bars, value labels, legend, reference."""

    def __init__(self, writer: _Writer, chart: Chart, x: float, y: float, width: float, height: float) -> None:
        self.w, self.c = writer, chart
        self.x, self.y, self.width, self.height = x, y, width, height

    def top_value(self) -> float:
        return value_axis_top(self.c)

    def draw(self) -> None:
        c, w, pdf = self.c, self.w, self.w.pdf
        y = w.write(self.x, self.y, self.width, c.title, 13, True, BLACK)
        drawn = c.drawn_series()  # a series without bars gets no legend entry
        legend_h = 8.0 if len(c.series) > 1 and drawn else 0.0
        foot_h = 6.0 if c.footnote else 0.0
        top = y + 3
        bottom = self.y + self.height - legend_h - foot_h
        if c.kind == "bar":
            self._horizontal(top, bottom)
        else:
            self._vertical(top, bottom)
        if c.empty:  # empty axes alone read as "zero": say there is no data
            w.write(self.x, (top + bottom) / 2 - 4, self.width, t("chart_no_data"), 16, True, "#7F7F7F", align="C")
        ly = bottom + 1
        if legend_h:
            lx = self.x
            for series in drawn:
                pdf.set_fill_color(*_rgb(series.colour))
                pdf.rect(lx, ly + 1.5, 4, 4, style="F")
                w.font(10)
                pdf.set_xy(lx + 5, ly)
                label_w = pdf.get_string_width(series.name) + 2
                pdf.cell(label_w, 7, series.name)
                lx += label_w + 10
            ly += legend_h
        if foot_h:
            w.write(self.x, ly, self.width, c.footnote, 9, False, _GREY)

    def _vertical(self, top: float, bottom: float) -> None:
        c, w, pdf = self.c, self.w, self.w.pdf
        label_h = 12.0
        axis_w = 12.0
        gutter = 24.0 if c.reference is not None else 0.0
        plot_x, plot_w = self.x + axis_w, self.width - axis_w - gutter
        plot_top, plot_bottom = top + 4, bottom - label_h
        scale = (plot_bottom - plot_top) / (self.top_value() - c.minimum)
        pdf.set_draw_color(*_rgb("#BDBDBD"))
        pdf.set_line_width(0.3)
        pdf.line(plot_x, plot_bottom, plot_x + plot_w, plot_bottom)
        w.font(8, False, _GREY)
        pdf.set_xy(self.x, plot_top - 4)
        pdf.cell(axis_w + 20, 4, c.axis_title)
        if c.reference is not None:
            ry = plot_bottom - (c.reference - c.minimum) * scale
            pdf.set_draw_color(*_rgb(BLACK))
            pdf.set_line_width(0.5)
            with pdf.local_context():
                pdf.set_dash_pattern(dash=2, gap=1.5)
                pdf.line(plot_x, ry, plot_x + plot_w + 1, ry)
            w.write(plot_x + plot_w + 2, ry - 4.5, gutter - 2, c.reference_label, 9, True, BLACK, line_height=4.5)
        n = max(len(c.categories), 1)
        slot = plot_w / n
        groups = 1 if c.kind == "stacked_column" else len(c.series)
        bar_w = slot * 0.7 / groups
        for i, category in enumerate(c.categories):
            sx = plot_x + i * slot + slot * 0.15
            base = plot_bottom
            for j, series in enumerate(c.series):
                value = series.values[i]
                label = series.labels[i]
                colour = series.point_colours[i] if series.point_colours else series.colour
                bx = sx if c.kind == "stacked_column" else sx + j * bar_w
                if value is None:
                    if label:
                        w.font(8, False, _GREY)
                        pdf.set_xy(bx, plot_bottom - 6)
                        pdf.cell(bar_w, 5, label, align="C")
                    continue
                h = (value - c.minimum) * scale
                bar_top = base - h if c.kind == "stacked_column" else plot_bottom - h
                if h > 0:
                    pdf.set_fill_color(*_rgb(colour))
                    pdf.rect(bx, bar_top, bar_w, h, style="F")
                if label:
                    if c.kind == "stacked_column":
                        if h >= 5:
                            w.font(11, True, "#FFFFFF" if colour not in ("#C8C8C8", "#56B4E9", "#E69F00") else BLACK)
                            pdf.set_xy(bx, bar_top + h / 2 - 2.5)
                            pdf.cell(bar_w, 5, label, align="C")
                    else:
                        w.font(11, True, BLACK)
                        pdf.set_fill_color(255, 255, 255)
                        label_w = pdf.get_string_width(label) + 2
                        pdf.set_xy(bx + (bar_w - label_w) / 2, bar_top - 6)
                        pdf.cell(label_w, 5, label, align="C", fill=True)
                if c.kind == "stacked_column":
                    base = bar_top
            w.font(10, False, BLACK)
            lines = w.lines(category, slot - 1)
            for k, line in enumerate(lines[:2]):
                pdf.set_xy(plot_x + i * slot, plot_bottom + 1 + k * 4.5)
                pdf.cell(slot, 4.5, line, align="C")

    def _horizontal(self, top: float, bottom: float) -> None:
        c, w, pdf = self.c, self.w, self.w.pdf
        label_w = self.width * 0.3
        plot_x, plot_w = self.x + label_w, self.width * 0.62
        n = max(len(c.categories), 1)
        slot = (bottom - top) / n
        scale = plot_w / (self.top_value() - c.minimum)
        series = c.series[0]
        pdf.set_draw_color(*_rgb("#BDBDBD"))
        pdf.set_line_width(0.3)
        pdf.line(plot_x, top, plot_x, bottom)
        for i, category in enumerate(c.categories):
            cy = top + i * slot
            bar_h = min(slot * 0.65, 14)
            by = cy + (slot - bar_h) / 2
            w.font(11, False, BLACK)
            pdf.set_xy(self.x, by + bar_h / 2 - 3)
            pdf.cell(label_w - 2, 6, category, align="R")
            value = series.values[i]
            if value is not None:
                length = (value - c.minimum) * scale
                colour = series.point_colours[i] if series.point_colours else series.colour
                if length > 0:
                    pdf.set_fill_color(*_rgb(colour))
                    pdf.rect(plot_x, by, length, bar_h, style="F")
                w.font(12, True, BLACK)
                pdf.set_xy(plot_x + length + 1.5, by + bar_h / 2 - 3)
                pdf.cell(20, 6, series.labels[i])


def _map_split_glyphs(pdf: FPDF) -> None:
    """Give glyphs without Unicode (the second half of a split SARA AM) a zero-width mapping."""
    for font in pdf.fonts.values():
        subset = getattr(font, "subset", None)
        if subset is None:
            continue
        for glyph, _code in subset.items():
            if glyph is not None and isinstance(glyph.unicode, tuple) and not glyph.unicode:
                glyph.unicode = (0x200B,)


def deck_to_pdf(deck: Deck) -> bytes:
    """The deck as an A4 landscape PDF: embedded Sarabun, shaped Thai, page numbers, Thai date."""
    return _Writer(clean_tree(deck)).build()  # no control, bidi-override or lone-surrogate text in the PDF
