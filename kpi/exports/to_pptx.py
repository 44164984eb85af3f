"""The council deck as PowerPoint (.pptx): the same slides as the presentation page, editable.

Charts are native PowerPoint charts (CategoryChartData), so staff can restyle or correct them.
python-pptx's `font.name` sets only the Latin slot; PowerPoint draws Thai from the complex-script
slot, so every run (and every chart text) gets <a:latin>, <a:ea> and <a:cs> set to TH Sarabun New
with the Thai charset: on a PC without that font PowerPoint substitutes a Thai font rather than
showing boxes. Speaker notes state every figure and the data version.
"""

from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from kpi.core.messages import t
from kpi.core.palette import BLACK, GREY
from kpi.core.text_safety import clean_tree
from kpi.core.thai import to_thai_digits
from kpi.exports.deck_model import Chart, Deck, Figure, Slide, Table, value_axis_top
from kpi.exports.pptx_table import row_heights

FONT = "TH Sarabun New"
# TH Sarabun New's PANOSE and the Windows Thai charset (222 = -34 as a signed byte): the hints
# PowerPoint uses to pick a Thai substitute when the font is not installed.
_FONT_ATTRS = {"typeface": FONT, "panose": "020B0500040200020003", "pitchFamily": "34", "charset": "-34"}
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
_TONE_COLOURS = {"good": "009E73", "ok": "E69F00", "bad": "D55E00", "none": "7F7F7F"}
_CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_column": XL_CHART_TYPE.COLUMN_STACKED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
}
# The plot area is placed by hand (fractions of the chart frame) so the reference line can be drawn
# at the right height over it.
_PLOT = {"x": 0.1, "y": 0.16, "w": 0.86, "h": 0.62}
_PLOT_WITH_REFERENCE = {"x": 0.1, "y": 0.16, "w": 0.7, "h": 0.62}


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def set_thai_font(rpr: etree._Element) -> None:
    """Put TH Sarabun New in the latin, ea and cs slots of a run or default run property element."""
    for tag in ("a:latin", "a:ea", "a:cs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    # Schema order inside rPr: ln, fills, effects, highlight, uLnTx/uLn, uFillTx/uFill, latin, ea, cs, sym, hlink…
    anchor = None
    for tag in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"):
        anchor = rpr.find(qn(tag))
        if anchor is not None:
            break
    for tag in ("a:latin", "a:ea", "a:cs"):
        element = etree.Element(qn(tag), **_FONT_ATTRS)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            rpr.append(element)
    rpr.set("lang", "th-TH")


def _text(frame, lines: list[str] | str, size: int, bold: bool = False, colour: str = BLACK, align=None) -> None:  # type: ignore[no-untyped-def]
    """Fill a text frame with one paragraph per line, every run in the Thai font."""
    frame.word_wrap = True
    items = [lines] if isinstance(lines, str) else lines
    for index, line in enumerate(items):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)
        set_thai_font(run._r.get_or_add_rPr())


def _box(slide, left, top, width, height, lines, size, bold=False, colour=BLACK, align=None):  # type: ignore[no-untyped-def]
    shape = slide.shapes.add_textbox(left, top, width, height)
    _text(shape.text_frame, lines, size, bold, colour, align)
    return shape


def _header(slide, deck: Deck, title: str, subtitle: str) -> int:  # type: ignore[no-untyped-def]
    """Title, subtitle and the small organisation line; returns the top of the body (EMU)."""
    _box(
        slide,
        MARGIN,
        Inches(0.2),
        WIDTH - 2 * MARGIN,
        Inches(0.4),
        f"{deck.organisation} · {deck.quarter_text}",
        16,
        colour="7F7F7F",
    )
    _box(slide, MARGIN, Inches(0.5), WIDTH - 2 * MARGIN, Inches(0.8), title, 40, bold=True, colour="1F4E79")
    top = Inches(1.3)
    if subtitle:
        _box(slide, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.5), subtitle, 22, colour="444444")
        top = Inches(1.8)
    return int(top)


def _figures(slide, figures: tuple[Figure, ...], top: int) -> int:  # type: ignore[no-untyped-def]
    """Headline figures as a row of bordered boxes; returns the top of what follows."""
    if not figures:
        return top
    gap = Inches(0.15)
    width = int((WIDTH - 2 * MARGIN - gap * (len(figures) - 1)) / len(figures))
    height = Inches(1.7)
    for index, figure in enumerate(figures):
        left = MARGIN + index * (width + gap)
        frame = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        frame.adjustments[0] = 0.08
        frame.fill.solid()
        frame.fill.fore_color.rgb = _rgb("FFFFFF")
        frame.line.color.rgb = _rgb(_TONE_COLOURS.get(figure.tone, "7F7F7F"))
        frame.line.width = Pt(2.5)
        text = frame.text_frame
        text.vertical_anchor = MSO_ANCHOR.TOP
        text.margin_left = text.margin_right = Inches(0.12)
        text.margin_top = Inches(0.05)
        text.word_wrap = True
        _text(text, figure.label, 16, colour="444444", align=PP_ALIGN.LEFT)
        _append(text, figure.text, 32 if len(figure.text) < 14 else 24, bold=True)
        if figure.detail:
            _append(text, figure.detail, 12, colour="444444")
    return int(top + height + Inches(0.2))


def _append(frame, line: str, size: int, bold: bool = False, colour: str = BLACK) -> None:  # type: ignore[no-untyped-def]
    paragraph = frame.add_paragraph()
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = line
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)
    set_thai_font(run._r.get_or_add_rPr())


def _chart(slide, chart: Chart, left: int, top: int, width: int, height: int, thai_labels: bool) -> None:  # type: ignore[no-untyped-def]
    data = CategoryChartData()
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values), number_format="#,##0.##")
    frame = slide.shapes.add_chart(_CHART_TYPES[chart.kind], left, top, width, height, data)
    native = frame.chart
    native.has_title = True
    native.chart_title.text_frame.text = chart.title
    drawn = chart.drawn_series()
    native.has_legend = len(chart.series) > 1 and bool(drawn)
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
        _hide_legend_entries(native, [i for i, s in enumerate(chart.series) if s not in drawn])
    native.font.size = Pt(16)
    plot = native.plots[0]
    plot.gap_width = 60
    if chart.kind != "stacked_column":
        plot.overlap = 0 if len(chart.series) == 1 else -10
    position = XL_LABEL_POSITION.CENTER if chart.kind == "stacked_column" else XL_LABEL_POSITION.OUTSIDE_END
    for series, native_series in zip(chart.series, plot.series, strict=True):
        native_series.format.fill.solid()
        native_series.format.fill.fore_color.rgb = _rgb(series.colour)
        labels = native_series.data_labels
        labels.show_value = True
        labels.number_format = _number_format(series.values, chart.kind == "stacked_column")
        labels.number_format_is_linked = False
        labels.font.size = Pt(18)
        labels.font.bold = True
        labels.position = position
        for index, value in enumerate(series.values):
            point = native_series.points[index]
            if series.point_colours:
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(series.point_colours[index])
            text = series.labels[index]
            # Thai digits, the hidden mark and "no data" are not numbers: write the label text itself.
            if text and (value is None or thai_labels):
                point.data_label.text_frame.text = text
                point.data_label.position = position
    axis = native.value_axis
    axis.minimum_scale = chart.minimum
    top_value = _top(chart)
    axis.maximum_scale = top_value
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("E5E5E5")
    axis.has_title = True
    axis.axis_title.text_frame.text = chart.axis_title
    axis.tick_labels.font.size = Pt(14)
    native.category_axis.tick_labels.font.size = Pt(16)
    if chart.kind == "bar":
        native.category_axis.reverse_order = True  # first category on top, as on the page
    if thai_labels or chart.kind == "bar" or (chart.empty and chart.maximum is None):
        axis.visible = False  # the value labels carry the numbers (an empty chart has no scale to show)
        axis.has_major_gridlines = False
    _place_plot(native, _PLOT if chart.reference is None else _PLOT_WITH_REFERENCE)
    for run in native._chartSpace.iter(qn("a:r")):
        run.get_or_add_rPr()  # the title's runs carry no properties yet: give them the Thai font too
    for element in native._chartSpace.iter(qn("a:defRPr"), qn("a:rPr")):
        set_thai_font(element)
    if chart.reference is not None:
        _reference_line(slide, chart, left, top, width, height, top_value)
    if chart.footnote:
        _box(slide, left, top + height, width, Inches(0.4), chart.footnote, 14, colour="444444")
    if chart.empty:  # empty axes alone read as "zero": say there is no data, over the plot area
        box = _PLOT if chart.reference is None else _PLOT_WITH_REFERENCE
        note_top = top + int(height * (box["y"] + box["h"] / 2)) - Inches(0.3)
        note_left = left + int(width * box["x"])
        _box(slide, note_left, note_top, int(width * box["w"]), Inches(0.6), t("chart_no_data"), 24,
             colour=GREY, align=PP_ALIGN.CENTER)  # fmt: skip


def _hide_legend_entries(native, indexes: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Delete the legend entries of series that draw nothing (python-pptx has no API for it)."""
    legend = native._chartSpace.find(qn("c:chart")).find(qn("c:legend"))
    position = legend.find(qn("c:legendPos"))
    at = 0 if position is None else list(legend).index(position) + 1  # schema order: legendPos, legendEntry*
    for offset, index in enumerate(indexes):
        entry = etree.Element(qn("c:legendEntry"))
        etree.SubElement(entry, qn("c:idx"), val=str(index))
        etree.SubElement(entry, qn("c:delete"), val="1")
        legend.insert(at + offset, entry)


def _number_format(values: tuple[float | None, ...], hide_zero: bool) -> str:
    """Excel number format matching the deck's labels: 2 decimals when any value has a fraction."""
    fraction = any(v is not None and not float(v).is_integer() for v in values)
    base = "#,##0.00" if fraction else "#,##0"
    return f"{base};-{base};;" if hide_zero else base


def _top(chart: Chart) -> float:
    top = value_axis_top(chart)
    return top if chart.maximum is not None else float(max(1, round(top + 0.5)))  # a whole-number axis


def _place_plot(native, box: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
    """Fix the inner plot area to `box` (fractions of the frame) so a reference line can be placed over it."""
    plot_area = native._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    old = plot_area.find(qn("c:layout"))
    if old is not None:
        plot_area.remove(old)
    layout = etree.SubElement(plot_area, qn("c:layout"))
    plot_area.remove(layout)
    plot_area.insert(0, layout)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    etree.SubElement(manual, qn("c:layoutTarget"), val="inner")
    etree.SubElement(manual, qn("c:xMode"), val="edge")
    etree.SubElement(manual, qn("c:yMode"), val="edge")
    for key in ("x", "y", "w", "h"):
        etree.SubElement(manual, qn(f"c:{key}"), val=str(box[key]))


def _reference_line(slide, chart: Chart, left: int, top: int, width: int, height: int, top_value: float) -> None:  # type: ignore[no-untyped-def]
    """A dashed line at the pass mark or target, drawn over the fixed plot area."""
    share = (chart.reference - chart.minimum) / (top_value - chart.minimum)  # type: ignore[operator]
    box = _PLOT_WITH_REFERENCE
    x0 = left + int(width * box["x"])
    x1 = left + int(width * (box["x"] + box["w"]))
    y = top + int(height * (box["y"] + box["h"] * (1 - share)))
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x0), Emu(y), Emu(x1), Emu(y))
    line.line.color.rgb = _rgb(BLACK)
    line.line.width = Pt(2)
    line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    label_left = Emu(x1 + Inches(0.05))
    _box(
        slide,
        label_left,
        Emu(y - Inches(0.25)),
        Emu(left + width - label_left),
        Inches(0.5),
        chart.reference_label,
        16,
        True,
    )


def _table(slide, table: Table, left: int, top: int, width: int, height: int, size: int = 20) -> int:  # type: ignore[no-untyped-def]
    """A native table with a navy header row, every row tall enough for its wrapped text (the font
    steps down until the table fits the space); returns the bottom of the table frame (EMU)."""
    widths = [int(width * share) for share in table.column_shares()]
    rows = [tuple(table.header), *(tuple(row) for row in table.rows)]
    heights = row_heights(rows, widths, size)
    while sum(heights) > height and size > 12:
        size -= 1
        heights = row_heights(rows, widths, size)
    frame_height = sum(heights)
    shape = slide.shapes.add_table(len(rows), len(table.header), left, top, width, frame_height)
    grid = shape.table
    for column, column_width in zip(grid.columns, widths, strict=True):
        column.width = column_width
    for grid_row, row_height in zip(grid.rows, heights, strict=True):
        grid_row.height = row_height
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb("1F4E79" if r == 0 else ("FFFFFF" if r % 2 else "EEF3F8"))
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.04)
            _text(cell.text_frame, text, size, bold=r == 0, colour="FFFFFF" if r == 0 else BLACK)
    return int(top + frame_height)


def _title_slide(prs, deck: Deck, slide_data: Slide) -> None:  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(1.6), WIDTH, Inches(2.8))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb("1F4E79")
    band.line.fill.background()
    _box(slide, MARGIN, Inches(1.75), WIDTH - 2 * MARGIN, Inches(1.5), slide_data.title, 44, bold=True, colour="FFFFFF")
    _box(slide, MARGIN, Inches(3.4), WIDTH - 2 * MARGIN, Inches(0.8), slide_data.subtitle, 30, colour="FFFFFF")
    _box(slide, MARGIN, Inches(4.7), WIDTH - 2 * MARGIN, Inches(2.4), list(slide_data.bullets), 24, colour="222222")
    _notes(slide, slide_data.notes)


def _notes(slide, notes: str) -> None:  # type: ignore[no-untyped-def]
    frame = slide.notes_slide.notes_text_frame
    frame.text = ""
    _text(frame, notes.split("\n"), 14)


def _content_slide(prs, deck: Deck, slide_data: Slide, number: int) -> None:  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    top = _header(slide, deck, slide_data.title, slide_data.subtitle)
    top = _figures(slide, slide_data.figures, top)
    body_height = int(HEIGHT - Inches(0.45) - top)
    full = int(WIDTH - 2 * MARGIN)
    chart, table, bullets = slide_data.chart, slide_data.table, list(slide_data.bullets)
    if chart is not None and table is not None:
        _chart(slide, chart, MARGIN, top, int(full * 0.52), body_height - Inches(0.4), deck.thai_digits)
        right = MARGIN + int(full * 0.55)
        side = int(full * 0.45)
        _table(slide, table, right, top, side, body_height - Inches(1.3), size=16)
        notes = ([table.footnote] if table.footnote else []) + bullets
        _box(slide, right, top + body_height - Inches(1.2), side, Inches(1.2), notes, 13, colour="444444")
    elif chart is not None:
        chart_width = int(full * (0.6 if bullets else 1.0))
        _chart(slide, chart, MARGIN, top, chart_width, body_height, deck.thai_digits)
        if bullets:
            _box(slide, MARGIN + int(full * 0.62), top, int(full * 0.38), body_height, ["• " + b for b in bullets], 20)
    elif table is not None:
        bottom = _table(slide, table, MARGIN, top, full, body_height)
        if table.footnote:
            _box(slide, MARGIN, bottom + Inches(0.1), full, Inches(0.5), table.footnote, 14, colour="444444")
    elif bullets:
        _box(slide, MARGIN, top, full, body_height, ["• " + b for b in bullets], 28)
    _footer(slide, deck, number)
    _notes(slide, slide_data.notes)


def _footer(slide, deck: Deck, number: int) -> None:  # type: ignore[no-untyped-def]
    """The PDF's footer on every content slide: slide n of N, the date prepared, the data version."""
    page, pages = str(number), str(len(deck.slides))
    if deck.thai_digits:
        page, pages = to_thai_digits(page), to_thai_digits(pages)
    text = t("pdf_footer", page=page, pages=pages, prepared=deck.prepared_text, version_text=deck.version_text)
    _box(
        slide,
        MARGIN,
        HEIGHT - Inches(0.45),
        WIDTH - 2 * MARGIN,
        Inches(0.35),
        text,
        12,
        colour="7F7F7F",
        align=PP_ALIGN.RIGHT,
    )


def deck_to_pptx(deck: Deck) -> bytes:
    """The deck as .pptx bytes: 16:9, native charts, Thai in the complex-script slot, speaker notes."""
    deck = clean_tree(deck)  # stored text may predate the input checks: XML cannot hold controls
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{deck.slides[0].title} {deck.organisation}"
    prs.core_properties.language = "th-TH"
    for number, slide_data in enumerate(deck.slides, start=1):
        if slide_data.key == "title":
            _title_slide(prs, deck, slide_data)
        else:
            _content_slide(prs, deck, slide_data, number)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
