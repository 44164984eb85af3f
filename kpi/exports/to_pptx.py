"""The council deck as PowerPoint (.pptx): the same slides as the presentation page, editable.

Charts are native PowerPoint charts (kpi.exports.pptx_chart), text is TH Sarabun New in every
script slot (kpi.exports.pptx_text). Everything is laid out top-down from measured heights: the
header, the headline figures, then the body (chart, table, bullets), each box as tall as its
wrapped text, all above the footer "หน้า n/N · prepared · version"; nothing on a slide is under
16 pt (running text 18 pt). A table too long for its slide continues on the next one, so a deck
of any length and tables of any length fit. Speaker notes state every figure and the data version.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TypeVar

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from kpi.core.messages import t
from kpi.core.palette import BLACK, WHITE
from kpi.core.text_safety import clean_tree
from kpi.core.thai import to_arabic_digits, to_thai_digits
from kpi.exports import pptx_table
from kpi.exports.deck_model import Deck, Figure, Slide
from kpi.exports.pptx_chart import add_chart
from kpi.exports.pptx_text import BODY_PT, FONT, MIN_PT, MUTED, append, box, fill, rgb, text_height

__all__ = ["FONT", "deck_to_pptx"]

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
FULL = int(WIDTH - 2 * MARGIN)
GAP = Inches(0.15)
FOOTER_TOP = int(HEIGHT - Inches(0.5))
BODY_BOTTOM = int(FOOTER_TOP - Inches(0.1))
TITLE_PT, SUBTITLE_PT = 32, 20
NAVY = "#1F4E79"
_TONE_COLOURS = {"good": "009E73", "ok": "E69F00", "bad": "D55E00", "none": "7F7F7F"}
_FIGURE_INSET = Inches(0.12)

Row = tuple[str, ...]
_T = TypeVar("_T")


@dataclass
class Page:
    """One slide of the file: a deck slide, or a part of it when its table continues."""

    slide: Slide
    chart: bool = True  # draw the chart (and bullets)
    rows: list[Row] | None = None  # the table rows on this page; None = no table here
    footnote: bool = True  # the table footnote (on the table's last page)
    continued: bool = False
    figures: bool = True
    joined: tuple[Slide, ...] = ()  # short table slides drawn under this one (each under its own title)
    bullets: tuple[str, ...] | None = None  # the bullets on this page when a long list continues


def _header(slide, deck: Deck, title: str, subtitle: str) -> int:  # type: ignore[no-untyped-def]
    """The organisation line, the title (room above it for tone marks), the subtitle; returns the body top."""
    top = box(slide, MARGIN, Inches(0.1), FULL, f"{deck.organisation} · {deck.quarter_text}", MIN_PT, colour=MUTED)
    title_top = top.top + top.height + Inches(0.08)
    shape = box(slide, MARGIN, title_top, FULL, title, TITLE_PT, bold=True, colour=NAVY)
    bottom = shape.top + shape.height
    if subtitle:
        shape = box(slide, MARGIN, bottom, FULL, subtitle, SUBTITLE_PT, colour="#333333")
        bottom = shape.top + shape.height
    return int(bottom + Inches(0.05))


def _header_bottom(deck: Deck, title: str, subtitle: str) -> int:
    org = text_height([(f"{deck.organisation} · {deck.quarter_text}", MIN_PT)], FULL)
    bottom = Inches(0.1) + org + Inches(0.08) + text_height([(title, TITLE_PT)], FULL)
    if subtitle:
        bottom += text_height([(subtitle, SUBTITLE_PT)], FULL)
    return int(bottom + Inches(0.05))


def _figure_lines(figure: Figure, sizes: tuple[int, int, int]) -> list[tuple[str, float]]:
    label, value, detail = sizes
    lines: list[tuple[str, float]] = [
        (figure.label, label),
        (figure.text, value if len(figure.text) < 14 else value * 0.75),
    ]
    return lines + ([(figure.detail, detail)] if figure.detail else [])


def _figures_height(figures: tuple[Figure, ...], width: int, sizes: tuple[int, int, int]) -> int:
    return max(text_height(_figure_lines(f, sizes), width, _FIGURE_INSET) for f in figures)


def _figure_boxes(slide, figures: tuple[Figure, ...], top: int, bottom: int | None) -> int:  # type: ignore[no-untyped-def]
    """Headline figures as bordered boxes: a row under the title, or (`bottom` given: a slide of
    figures only) a grid of large figures filling the slide. Returns the top of what follows."""
    if not figures:
        return top
    columns = len(figures) if bottom is None or len(figures) <= 3 else (len(figures) + 1) // 2
    rows = (len(figures) + columns - 1) // columns
    width = int((FULL - GAP * (columns - 1)) / columns)
    sizes = (18, 32, MIN_PT)
    height = _figures_height(figures, width, sizes)
    if bottom is not None:  # fill the slide: the largest sizes whose boxes still fit
        room = (bottom - top - GAP * (rows - 1)) // rows
        for candidate in ((28, 60, 22), (26, 54, 20), (24, 48, 20), (22, 44, 18), (20, 36, 18), sizes):
            if _figures_height(figures, width, candidate) <= room:
                sizes = candidate
                break
        height = max(room, _figures_height(figures, width, sizes))
    for index, figure in enumerate(figures):
        row, column = divmod(index, columns)
        left = MARGIN + column * (width + GAP)
        frame = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top + row * (height + GAP), width, height)
        frame.adjustments[0] = 0.06
        frame.fill.solid()
        frame.fill.fore_color.rgb = rgb(WHITE)
        frame.line.color.rgb = rgb(_TONE_COLOURS.get(figure.tone, "7F7F7F"))
        frame.line.width = Pt(3)
        text = frame.text_frame
        text.vertical_anchor = MSO_ANCHOR.TOP
        text.margin_left = text.margin_right = _FIGURE_INSET
        text.word_wrap = True
        (label, label_pt), (value, value_pt), *detail = _figure_lines(figure, sizes)
        fill(text, label, label_pt, colour="#333333", align=PP_ALIGN.LEFT)
        append(text, value, value_pt, bold=True, align=PP_ALIGN.LEFT)
        for line, size in detail:
            append(text, line, size, colour="#333333", align=PP_ALIGN.LEFT)
    return int(top + rows * height + (rows - 1) * GAP + GAP)


def _bullets(slide, bullets: list[str], left: int, top: int, width: int, height: int, largest: int = 24) -> int:  # type: ignore[no-untyped-def]
    """Bullets at the largest size from `largest` down to 18 pt that fits; returns their bottom."""
    lines = ["• " + b for b in bullets]
    size = largest
    while size > BODY_PT and text_height([(line, size) for line in lines], width) > height:
        size -= 1
    shape = box(slide, left, top, width, lines, size)
    return int(shape.top + shape.height)


def _table_widths(slide: Slide, width: int) -> list[int]:
    return [int(width * share) for share in slide.table.column_shares()]  # type: ignore[union-attr]


def _notes_lines(page: Page) -> list[str]:
    table = page.slide.table
    return [table.footnote] if (table is not None and table.footnote and page.footnote) else []


def _body(slide, deck: Deck, page: Page, top: int) -> None:  # type: ignore[no-untyped-def]
    data = page.slide
    chart = data.chart if page.chart else None
    bullets = list(page.bullets) if page.bullets is not None else (list(data.bullets) if page.chart else [])
    height = BODY_BOTTOM - top
    notes = _notes_lines(page)
    if chart is not None and page.rows is not None:  # chart left, table and its notes right
        side_left = MARGIN + int(FULL * 0.5)
        side = FULL - int(FULL * 0.5)
        add_chart(slide, chart, MARGIN, top, int(FULL * 0.48), height, deck.thai_digits)
        notes += bullets
        widths = _table_widths(data, side)
        notes_height = text_height([(n, MIN_PT) for n in notes], side) if notes else 0
        size = pptx_table.fit(data.table.header, page.rows, widths, height - notes_height - GAP, 20)  # type: ignore[union-attr]
        bottom = pptx_table.draw(slide, data.table.header, page.rows, widths, side_left, top, size or MIN_PT)  # type: ignore[union-attr]
        if notes:
            box(slide, side_left, bottom + GAP, side, notes, MIN_PT, colour=MUTED)
    elif chart is not None:
        chart_width = FULL if not bullets else int(FULL * _chart_share(bullets, height - Inches(0.3)))
        add_chart(slide, chart, MARGIN, top, chart_width, height, deck.thai_digits)
        if bullets:
            left = MARGIN + chart_width + GAP
            _bullets(slide, bullets, left, top + Inches(0.3), MARGIN + FULL - left, height - Inches(0.3))
    elif page.joined:
        bottom = top
        for index, part in enumerate((data, *page.joined)):
            if index:
                heading = box(slide, MARGIN, bottom + GAP, FULL, part.title, SUBTITLE_PT, bold=True, colour=NAVY)
                bottom = heading.top + heading.height
            bottom = _short_table(slide, part, bottom)
    elif page.rows is not None:
        widths = _table_widths(data, FULL)
        notes_height = text_height([(n, MIN_PT) for n in notes], FULL) + GAP if notes else 0
        size = pptx_table.fit(data.table.header, page.rows, widths, height - notes_height, 22)  # type: ignore[union-attr]
        bottom = pptx_table.draw(slide, data.table.header, page.rows, widths, MARGIN, top, size or MIN_PT)  # type: ignore[union-attr]
        if notes:
            box(slide, MARGIN, bottom + GAP, FULL, notes, MIN_PT, colour=MUTED)
    elif bullets:
        _bullets(slide, bullets, MARGIN, top, FULL, height, largest=28)


JOINED_PT = 20


def _short_table(slide, data: Slide, top: int) -> int:  # type: ignore[no-untyped-def]
    """A whole short table and its footnote at JOINED_PT; returns the bottom."""
    table = data.table
    bottom = pptx_table.draw(slide, table.header, list(table.rows), _table_widths(data, FULL), MARGIN, top, JOINED_PT)  # type: ignore[union-attr]
    if table.footnote:  # type: ignore[union-attr]
        note = box(slide, MARGIN, bottom + GAP, FULL, table.footnote, MIN_PT, colour=MUTED)  # type: ignore[union-attr]
        bottom = note.top + note.height
    return int(bottom)


def _short_height(data: Slide) -> int:
    table = data.table
    rows = [table.header, *table.rows]  # type: ignore[union-attr]
    height = sum(pptx_table.row_heights(rows, _table_widths(data, FULL), JOINED_PT, header=True))
    if table.footnote:  # type: ignore[union-attr]
        height += GAP + text_height([(table.footnote, MIN_PT)], FULL)  # type: ignore[union-attr]
    return height


def _joinable(page: Page) -> bool:
    data = page.slide
    whole = data.table is not None and page.rows is not None and len(page.rows) == len(data.table.rows)
    return whole and not page.continued and data.chart is None and not data.figures and not data.bullets


def _join_short_tables(deck: Deck, pages: list[Page]) -> list[Page]:
    """Table slides of a few rows (one late measure, one with no data) share a slide with the next
    one of the same columns, each under its title, rather than leave two slides two-thirds empty."""
    out: list[Page] = []
    for page in pages:
        last = out[-1] if out else None
        if last is not None and _joinable(page) and (_joinable(last) or last.joined):
            first = last.slide
            same = page.slide.table.header == first.table.header and page.slide.subtitle == first.subtitle  # type: ignore[union-attr]
            parts = (first, *last.joined, page.slide)
            heights = sum(_short_height(p) for p in parts)
            headings = sum(text_height([(p.title, SUBTITLE_PT)], FULL, bold=True) + GAP for p in parts[1:])
            if same and _header_bottom(deck, first.title, first.subtitle) + heights + headings <= BODY_BOTTOM:
                last.joined = (*last.joined, page.slide)
                continue
        out.append(page)
    return out


def continued_title(title: str) -> str:
    """The title of a slide continuing another: "… (ต่อ)", once (a deck slide may be a continuation already)."""
    mark = t("slide_continued", title="").strip()
    return title if title.endswith(mark) else t("slide_continued", title=title)


# The chart's share of the width beside bullets: the widest that leaves the bullets room at 18 pt.
CHART_SHARES = (0.6, 0.52, 0.45)


def _chart_share(bullets: list[str] | tuple[str, ...], room: int) -> float:
    """The chart's share of the width beside these bullets (the first share whose bullets fit `room`)."""
    for share in CHART_SHARES:
        if text_height([("• " + b, BODY_PT) for b in bullets], FULL - int(FULL * share) - GAP) <= room:
            return share
    return CHART_SHARES[0]


def _bullet_pages(deck: Deck, data: Slide, top: int) -> list[Page]:
    """A slide without a table; a bullet list too long for it at 18 pt (beside a chart narrowed as far
    as CHART_SHARES allows) continues on the next slides."""
    room = BODY_BOTTOM - top - (Inches(0.3) if data.chart is not None else 0)
    share = _chart_share(data.bullets, room) if data.chart is not None else 0.0
    width = FULL if data.chart is None else FULL - int(FULL * share) - GAP
    rest = BODY_BOTTOM - _header_bottom(deck, continued_title(data.title), data.subtitle)
    chunks: list[list[str]] = [[]]
    for bullet in data.bullets:
        needed = text_height([("• " + b, BODY_PT) for b in (*chunks[-1], bullet)], width)
        if chunks[-1] and needed > room:
            chunks.append([])
            room, width = rest, FULL
        chunks[-1].append(bullet)
    if len(chunks) == 1:
        return [Page(data)]
    first = Page(data, bullets=tuple(chunks[0]))
    more = [Page(data, chart=False, bullets=tuple(c), continued=True, figures=False) for c in chunks[1:]]
    return [first, *more]


def _pages(deck: Deck) -> list[Page]:
    """The deck's slides as file slides: a table that does not fit its slide at 16 pt continues."""
    pages: list[Page] = []
    for data in deck.slides:
        table = data.table
        if data.key == "title":
            pages.append(Page(data))
            continue
        top = _header_bottom(deck, data.title, data.subtitle)
        if data.figures:
            top += _figures_height(data.figures, int((FULL - GAP * (len(data.figures) - 1)) / len(data.figures)),
                                   (18, 32, MIN_PT)) + GAP  # fmt: skip
        if table is None:
            pages.extend(_bullet_pages(deck, data, top))
            continue
        side = FULL - int(FULL * 0.5) if data.chart is not None else FULL
        widths = _table_widths(data, side)
        rows = list(table.rows)
        footnote = text_height([(table.footnote, MIN_PT)], side) + GAP if table.footnote else 0
        extra = text_height([(b, MIN_PT) for b in data.bullets], side) if data.chart is not None and data.bullets else 0
        if pptx_table.fit(table.header, rows, widths, BODY_BOTTOM - top - footnote - extra - GAP, 22) is not None:
            pages.append(Page(data, rows=rows))
            continue
        if data.chart is not None:  # the chart and bullets keep the slide; the table follows
            pages.append(Page(data))
        widths = _table_widths(data, FULL)
        first_top = top if data.chart is None else _header_bottom(deck, data.title, data.subtitle)
        rest_top = _header_bottom(deck, continued_title(data.title), data.subtitle)
        footnote = text_height([(table.footnote, MIN_PT)], FULL) + GAP if table.footnote else 0
        chunks = pptx_table.split(table.header, rows, widths, BODY_BOTTOM - first_top, BODY_BOTTOM - rest_top)
        if (
            len(chunks) > 1
            and footnote
            and pptx_table.fit(table.header, chunks[-1], widths, BODY_BOTTOM - rest_top - footnote, MIN_PT) is None
        ):
            chunks.append([chunks[-1].pop()])  # leave room for the footnote under the last rows
        for index, chunk in enumerate(chunks):
            continued = index > 0 or data.chart is not None
            last = index == len(chunks) - 1
            pages.append(Page(data, chart=False, rows=chunk, footnote=last, continued=continued,
                              figures=not continued))  # fmt: skip
    return _join_short_tables(deck, pages)


def _title_slide(prs, slide_data: Slide) -> None:  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(1.4), WIDTH, Inches(3.0))
    band.fill.solid()
    band.fill.fore_color.rgb = rgb(NAVY)
    band.line.fill.background()
    title = box(slide, MARGIN, Inches(1.55), FULL, slide_data.title, 44, bold=True, colour=WHITE)
    box(slide, MARGIN, title.top + title.height, FULL, slide_data.subtitle, 30, colour=WHITE)
    _bullets_plain(slide, list(slide_data.bullets), Inches(4.6))
    _notes(slide, slide_data.notes)


def _bullets_plain(slide, lines: list[str], top: int) -> None:  # type: ignore[no-untyped-def]
    size = 24
    while size > BODY_PT and top + text_height([(line, size) for line in lines], FULL) > HEIGHT - Inches(0.2):
        size -= 1
    box(slide, MARGIN, top, FULL, lines, size, colour=BLACK)


def _notes(slide, notes: str) -> None:  # type: ignore[no-untyped-def]
    frame = slide.notes_slide.notes_text_frame
    frame.text = ""
    fill(frame, notes.split("\n"), MIN_PT)


def _content_slide(prs, deck: Deck, page: Page, number: int, total: int) -> None:  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = page.slide
    title = continued_title(data.title) if page.continued else data.title
    top = _header(slide, deck, title, data.subtitle)
    only_figures = data.chart is None and data.table is None and not data.bullets
    if page.figures:
        top = _figure_boxes(slide, data.figures, top, BODY_BOTTOM if only_figures else None)
    _body(slide, deck, page, top)
    _footer(slide, deck, number, total)
    _notes(slide, "\n".join(part.notes for part in (data, *page.joined)))


def _footer(slide, deck: Deck, number: int, total: int) -> None:  # type: ignore[no-untyped-def]
    """The PDF's footer on every content slide: slide n of N, the date prepared, the data version."""
    page, pages = str(number), str(total)
    if deck.thai_digits:
        page, pages = to_thai_digits(page), to_thai_digits(pages)
    text = t("pdf_footer", page=page, pages=pages, prepared=deck.prepared_text, version_text=deck.version_text)
    box(slide, MARGIN, FOOTER_TOP, FULL, text, MIN_PT, colour=MUTED, align=PP_ALIGN.RIGHT)


def _arabic(value: _T) -> _T:
    """The value with Arabic digits in every text it holds (numbers stay numbers)."""
    if isinstance(value, str):
        return to_arabic_digits(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_arabic(v) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _arabic(getattr(value, f.name)) for f in fields(value)})  # type: ignore[return-value]
    return value


def deck_to_pptx(deck: Deck) -> bytes:
    """The deck as .pptx bytes: 16:9, native charts, Thai in the complex-script slot, speaker notes."""
    deck = clean_tree(deck)  # stored text may predate the input checks: XML cannot hold controls
    if not deck.thai_digits:  # one digit style per file: names typed with Thai digits ("๘๕ คะแนน") too
        deck = _arabic(deck)
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{deck.slides[0].title} {deck.organisation}"
    prs.core_properties.language = "th-TH"
    pages = _pages(deck)
    for number, page in enumerate(pages, start=1):
        if page.slide.key == "title":
            _title_slide(prs, page.slide)
        else:
            _content_slide(prs, deck, page, number, len(pages))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
