"""The council deck as an A4 landscape PDF, made without a browser (fpdf2 + HarfBuzz).

Thai needs three things here:
- shaping: `set_text_shaping(True)` (uharfbuzz) stacks vowels and tone marks with the font's
  mark positioning; the bundled Sarabun TTFs (static/fonts/, OFL) are embedded as subsets;
- line breaks: Thai has no spaces between words and fpdf2 only breaks at spaces or U+200B. We
  break lines ourselves at pythainlp word boundaries (kpi.exports.pdf_lines), measuring each
  candidate line, so no invisible character ever enters the PDF's text;
- the text layer: HarfBuzz splits SARA AM (ำ) into two glyphs; kpi.exports.pdf_text_layer maps
  them so the extracted text is the Thai as written ("จำนวน" is found by a search).

The slides flow onto the pages like a report: a slide's section starts on the current page when
its heading and first block fit, tables continue on the next page with their header repeated, and
a chart with nothing to show is a one-line note. Every page carries the organisation, the quarter,
page n/N, the date prepared and the data version. Charts (kpi.exports.pdf_chart) are drawn with
PDF primitives from the same deck data as the PPTX and the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fpdf import FPDF

from kpi.core.messages import t
from kpi.core.palette import BLACK, WHITE
from kpi.core.settings import ROOT
from kpi.core.text_safety import clean_tree
from kpi.core.thai import to_arabic_digits, to_thai_digits
from kpi.exports.deck_model import Chart, Deck, Figure, Slide
from kpi.exports.pdf_chart import CAPTION, MIN_HEIGHT, BarChart, has_something_to_show, rgb
from kpi.exports.pdf_lines import wrap_lines
from kpi.exports.pdf_table import Block, draw_table, table_blocks, table_height
from kpi.exports.pdf_text_layer import output, use_thai_text_layer

FONT_DIR = ROOT / "static" / "fonts"
FAMILY = "Sarabun"
PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 14.0  # left and right; nothing is written outside
EDGE = 7.0  # the running header and footer stay this far from the top and bottom edges
TOP, BOTTOM = 17.0, PAGE_H - 16.0  # the body between the running header and the footer
FULL = PAGE_W - 2 * MARGIN
CHART_HEIGHT = 78.0
_TONES = {"good": "#009E73", "ok": "#E69F00", "bad": "#D55E00", "none": "#7F7F7F"}
_NAVY = "#1F4E79"
BODY = 12.0  # body text; nothing in the PDF is smaller than 10 pt


_WIDTHS: dict[tuple[str, str, float, str, bool, bool], float] = {}  # measured text widths (mm), by font and size


class _Pdf(FPDF):
    """FPDF with the deck's running header and footer: organisation, quarter, page n/N, date, version."""

    deck: Deck | None = None
    pages_total: int = 0

    def digit_style(self, text: str) -> str:
        """One digit style per output: the deck's Thai digits, else Arabic even in names typed with Thai digits."""
        return text if self.deck is None or self.deck.thai_digits else to_arabic_digits(text)

    def cell(self, w: float | None = None, h: float | None = None, text: str = "", *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return super().cell(w, h, self.digit_style(text), *args, **kwargs)

    def get_string_width(self, s: str, normalized: bool = False, markdown: bool = False) -> float:
        """The shaped width, remembered: line breaking measures the same candidates again and again."""
        key = (self.font_family, self.font_style, self.font_size_pt, s, normalized, markdown)
        width = _WIDTHS.get(key)
        if width is None:
            if len(_WIDTHS) > 100_000:
                _WIDTHS.clear()
            width = _WIDTHS[key] = float(super().get_string_width(self.digit_style(s), normalized, markdown))
        return width

    def header(self) -> None:
        deck = self.deck
        if deck is None or self.page_no() == 1:  # the cover has its own band
            return
        self.set_xy(MARGIN, EDGE + 1)
        self.set_font(FAMILY, size=10)
        self.set_text_color(*rgb(CAPTION))
        self.cell(FULL, 5, f"{deck.organisation} · {deck.quarter_text}")

    def footer(self) -> None:
        deck = self.deck
        if deck is None:
            return
        page, pages = str(self.page_no()), str(self.pages_total or self.page_no())
        if deck.thai_digits:
            page, pages = to_thai_digits(page), to_thai_digits(pages)
        text = t("pdf_footer", page=page, pages=pages, prepared=deck.prepared_text, version_text=deck.version_text)
        self.set_xy(MARGIN, PAGE_H - EDGE - 6)
        self.set_font(FAMILY, size=10)
        self.set_text_color(*rgb(CAPTION))
        self.cell(FULL, 5, text, align="R")


class Writer:
    """Lays the deck out: the cover, then every slide's section flowing down the pages."""

    def __init__(self, deck: Deck, pages_total: int = 0) -> None:
        self.deck = deck
        pdf = _Pdf(orientation="L", unit="mm", format="A4")
        pdf.deck, pdf.pages_total = deck, pages_total
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.c_margin = 0  # text is placed exactly where the layout measured it
        pdf.add_font(FAMILY, "", str(FONT_DIR / "Sarabun-Regular.ttf"))
        pdf.add_font(FAMILY, "B", str(FONT_DIR / "Sarabun-Bold.ttf"))
        use_thai_text_layer(pdf)
        pdf.set_text_shaping(True)
        pdf.set_title(f"{t('deck_title')} {deck.organisation}")
        pdf.set_lang("th")
        pdf.set_creator("ITA Dashboard")
        self.pdf = pdf
        self.y = TOP

    # -- text helpers ---------------------------------------------------------------------------

    def digits(self, text: str) -> str:
        """Numbers the renderer writes itself (ticks, page numbers) in the deck's digits."""
        return to_thai_digits(text) if self.deck.thai_digits else text

    def font(self, size: float, bold: bool = False, colour: str = BLACK) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*rgb(colour))

    def lines(self, text: str, width: float) -> list[str]:
        return wrap_lines(text, width, self.pdf.get_string_width)

    def lines_for(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        self.font(size, bold)
        return self.lines(text, width)

    def write(self, x: float, y: float, width: float, text: str, size: float, bold: bool = False,
              colour: str = BLACK, align: str = "L", line_height: float | None = None, max_lines: int | None = None) -> float:  # fmt: skip
        """Write wrapped text at (x, y); returns the y below it."""
        self.font(size, bold, colour)
        height = line_height or size * 0.5
        wrapped = self.lines(text, width)
        if max_lines is not None and len(wrapped) > max_lines:
            wrapped = wrapped[:max_lines]
            while wrapped[-1] and self.pdf.get_string_width(wrapped[-1] + "…") > width:
                wrapped[-1] = wrapped[-1][:-1]
            wrapped[-1] = wrapped[-1].rstrip() + "…"
        for line in wrapped:
            self.pdf.set_xy(x, y)
            self.pdf.cell(width, height, line, align=align)
            y += height
        return y

    def text_height(self, text: str, width: float, size: float, bold: bool = False, max_lines: int = 99) -> float:
        return min(len(self.lines_for(text, width, size, bold)), max_lines) * size * 0.5

    # -- flow -------------------------------------------------------------------------------------

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = TOP

    def room(self) -> float:
        return BOTTOM - self.y

    def place(self, blocks: Sequence[Block]) -> None:
        """Draw blocks down the page, starting a page when a block (with the blocks it keeps with) does not fit."""
        for index, block in enumerate(blocks):
            if self.need(blocks, index) > self.room() and self.y > TOP:
                self.new_page()
                if block.at_top is not None:
                    self.y = block.at_top(self.y)
            if block.flexible:
                block.height = max(block.least, min(block.height, self.room()))
            self.y = block.draw(self.y) + block.gap_after

    @staticmethod
    def need(blocks: Sequence[Block], index: int) -> float:
        """The room a block needs: itself, the blocks it keeps with, and the least of the block after them."""
        need = 0.0
        for block in blocks[index:]:
            least = block.least if block.flexible else block.height
            if not block.keep_with_next:
                return need + (least if block is blocks[index] else min(least, 40.0 if not block.flexible else least))
            need += least + block.gap_after
        return need

    # -- the cover --------------------------------------------------------------------------------

    def title_page(self, slide: Slide) -> None:
        pdf = self.pdf
        self.new_page()
        pdf.set_fill_color(*rgb(_NAVY))
        pdf.rect(0, 50, PAGE_W, 56, style="F")
        y = self.write(MARGIN, 58, FULL, slide.title, 26, True, WHITE)
        self.write(MARGIN, y + 4, FULL, slide.subtitle, 20, False, WHITE)
        y = 118.0
        for bullet in slide.bullets:
            y = self.write(MARGIN, y, FULL, bullet, 16, False, BLACK) + 2
        self.y = BOTTOM  # the cover stands alone

    # -- a slide's section ----------------------------------------------------------------------------

    def heading(self, slide: Slide) -> Block:
        height = self.text_height(slide.title, FULL, 18, True) + 1
        if slide.subtitle:
            height += self.text_height(slide.subtitle, FULL, 12)

        def draw(y: float) -> float:
            y = self.write(MARGIN, y, FULL, slide.title, 18, True, _NAVY) + 1
            if slide.subtitle:
                y = self.write(MARGIN, y, FULL, slide.subtitle, 12, False, CAPTION)
            return y

        return Block(height, draw, keep_with_next=True)

    def figure_rows(self, figures: Sequence[Figure]) -> list[Block]:
        rows = [figures[i : i + 5] for i in range(0, len(figures), 5)]
        if len(rows) > 1 and len(rows[-1]) < 3:  # 6 cards read better as 3 + 3 than 5 + 1
            half = (len(figures) + 1) // 2
            rows = [figures[:half], figures[half:]]
        return [self.figure_row(row) for row in rows]  # each keeps with what follows it (section())

    def figure_row(self, figures: Sequence[Figure]) -> Block:
        gap = 4.0
        width = (FULL - gap * (len(figures) - 1)) / len(figures)
        inner = width - 6

        def value_size(figure: Figure) -> float:
            self.font(20, True)
            return 20.0 if self.pdf.get_string_width(figure.text) <= inner else 15.0

        def card_height(figure: Figure) -> float:
            height = 3 + self.text_height(figure.label, inner, 11, max_lines=2) + 1
            size = value_size(figure)
            height += self.text_height(figure.text, inner, size, True, max_lines=2) + 1
            if figure.detail:
                height += self.text_height(figure.detail, inner, 10, max_lines=3)
            return height + 3

        height = max(card_height(f) for f in figures)

        def draw(y: float) -> float:
            pdf = self.pdf
            for index, figure in enumerate(figures):
                x = MARGIN + index * (width + gap)
                pdf.set_draw_color(*rgb(_TONES.get(figure.tone, "#7F7F7F")))
                pdf.set_line_width(0.8)
                pdf.rect(x, y, width, height, style="D", round_corners=True, corner_radius=2)
                below = self.write(x + 3, y + 3, inner, figure.label, 11, False, CAPTION, max_lines=2) + 1
                size = value_size(figure)
                below = self.write(x + 3, below, inner, figure.text, size, True, BLACK, max_lines=2) + 1
                if figure.detail:
                    self.write(x + 3, below, inner, figure.detail, 10, False, CAPTION, max_lines=3)
            return y + height

        return Block(height, draw)

    def bullets_height(self, bullets: Sequence[str], width: float, size: float = BODY) -> float:
        return sum(self.text_height(b, width - 5, size) + 1.5 for b in bullets)

    def draw_bullets(self, bullets: Sequence[str], x: float, y: float, width: float, size: float = BODY) -> float:
        for bullet in bullets:
            self.font(size)
            self.pdf.set_xy(x, y)
            self.pdf.cell(5, size * 0.5, "•")
            y = self.write(x + 5, y, width - 5, bullet, size) + 1.5
        return y

    def note(self, chart: Chart) -> str:
        """The one line a chart with nothing to show becomes."""
        return t("pdf_chart_note", title=chart.title, note=t("chart_no_data" if chart.empty else "pdf_chart_zero"))

    def body(self, slide: Slide) -> list[Block]:
        """The slide's chart, table and bullets as blocks."""
        chart, table, bullets = slide.chart, slide.table, list(slide.bullets)
        if chart is not None and not has_something_to_show(chart):
            bullets.insert(0, self.note(chart))
            chart = None
        blocks: list[Block] = []
        if chart is not None and table is not None and len(table.rows) <= 8:
            side = FULL * 0.45
            right_h = table_height(self, table, side, 11) + 3 + self.bullets_height(bullets, side, 11)
            height = max(CHART_HEIGHT, right_h)

            def draw(y: float) -> float:
                BarChart(self, chart, MARGIN, y, FULL * 0.52, pair.height).draw()
                below = draw_table(self, table, MARGIN + FULL * 0.55, y, side, 11)
                self.draw_bullets(bullets, MARGIN + FULL * 0.55, below + 3, side, 11)
                return y + pair.height

            pair = Block(height, draw, flexible=True, least=max(MIN_HEIGHT, right_h))
            return [pair]
        if chart is not None and bullets:
            side = FULL * 0.36
            height = max(CHART_HEIGHT, self.bullets_height(bullets, side))
            beside = tuple(bullets)
            block = Block(height, lambda y: self._chart_beside(chart, beside, y, block.height), flexible=True)
            blocks.append(block)
            bullets = []
        elif chart is not None:
            block_c = Block(CHART_HEIGHT, lambda y: self._chart(chart, y, block_c.height), flexible=True)
            blocks.append(block_c)
        if table is not None:
            blocks.extend(table_blocks(self, table, MARGIN, FULL, 12))
        if bullets:
            blocks.extend(self.bullet_block(b, last=k == len(bullets) - 1) for k, b in enumerate(bullets))
        return blocks

    def bullet_block(self, bullet: str, last: bool) -> Block:
        """One bullet: a list of them flows like lines of text, a page may end between two."""
        height = self.bullets_height([bullet], FULL)
        return Block(height, lambda y: self.draw_bullets([bullet], MARGIN, y, FULL), gap_after=5.0 if last else 0.0)

    def _chart(self, chart: Chart, y: float, height: float) -> float:
        BarChart(self, chart, MARGIN, y, FULL, height).draw()
        return y + height

    def _chart_beside(self, chart: Chart, bullets: Sequence[str], y: float, height: float) -> float:
        BarChart(self, chart, MARGIN, y, FULL * 0.6, height).draw()
        below = self.draw_bullets(bullets, MARGIN + FULL * 0.64, y + 8, FULL * 0.36)
        return max(y + height, below)

    def section(self, slide: Slide) -> None:
        head = [self.heading(slide), *self.figure_rows(slide.figures)]
        body = self.body(slide)
        for block in head[:-1] if not body else head:
            block.keep_with_next = True  # a heading and its cards never end a page
        self.place([*head, *body])

    def build(self) -> FPDF:
        for slide in self.deck.slides:
            if slide.key == "title":
                self.title_page(slide)
            else:
                if self.pdf.page == 0:
                    self.new_page()
                self.section(slide)
        return self.pdf


def deck_to_pdf(deck: Deck) -> bytes:
    """The deck as an A4 landscape PDF: embedded Sarabun, shaped Thai, page n/N, Thai date."""
    deck = clean_tree(deck)  # no control, bidi-override or lone-surrogate text in the PDF
    pages = Writer(deck).build().pages_count  # a first pass counts the pages for "page n/N"
    return output(Writer(deck, pages).build())
