"""The official report as a Word document: A4 landscape, TH Sarabun New, the table a clerk submits.

- Title, organisation line (with ตำบล/อำเภอ/จังหวัด) and introduction; then the six-column table,
  its columns as wide as report_layout works out (no word split, the table as short as it gets),
  the header row repeated on every page (w:tblHeader) and no row split across pages (w:cantSplit);
  the as-of line; the appendix: every reported quarter and its evidence links (clickable).
- "หน้า n/N" in the footer of every page (PAGE/NUMPAGES fields Word and LibreOffice fill in).
- Single line spacing, no space after paragraphs in cells: TH Sarabun New's lines are tall already.
- No character is added to the text (no zero-width space): Word and LibreOffice break Thai by
  themselves, at word boundaries, with a Thai-capable font and the th-TH language set on each run.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kpi.core.messages import t
from kpi.core.text_safety import clean_tree
from kpi.exports.official_report import FONT, ResultsReport
from kpi.exports.report_layout import (
    CELL_PADDING_CM,
    PT_PER_CM,
    capped,
    column_widths,
    detail_columns,
    line_count,
    line_height,
    pack,
)

PAGE_CM = (29.7, 21.0)  # A4 landscape
MARGINS_CM = (1.0, 1.0, 1.0, 1.3)  # left, right, top, bottom (the footer sits in the bottom one)
FOOTER_CM = 0.4  # from the page's edge
TEXT_CM = PAGE_CM[0] - MARGINS_CM[0] - MARGINS_CM[1]
ROOM_PT = (PAGE_CM[1] - MARGINS_CM[2] - MARGINS_CM[3]) * PT_PER_CM
CELL_MARGIN_TWIPS = round(CELL_PADDING_CM / 2 / 2.54 * 1440)  # left and right in every cell
TITLE_PT, BODY_PT, NOTE_PT = 16.0, 16.0, 12.0
PAGE_BUDGET = 12
# The appendix is a list of links to look up, not text to read aloud: it is set smaller than the table.
APPENDIX_PT = 10.0
ROW_EXTRA_PT = 1.5  # a row's borders
HEADER_FILL = "D9E2F3"
LINK_COLOUR = "0563C1"
# Columns that hold names and short phrases (period, owner): they wrap only at spaces.
NAME_COLUMNS = frozenset({2, 3})
PERIOD = frozenset({2})  # "ไตรมาสที่ 1 - 4" on one line
APPENDIX_NAME_COLUMNS = frozenset({0})


@dataclass(frozen=True)
class Plan:
    """The table text size, the column widths (cm) of the table and the appendix, the detail-row cap, the pages."""

    size: float
    widths: tuple[float, ...]
    appendix_widths: tuple[float, ...]
    cap: int  # a cell over this many lines is shown in a full-width row under its row (0: never)
    pages: int


def _heights(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[float, ...], size: float,
             names: frozenset[int], cap: int = 0) -> tuple[float, list[float]]:  # fmt: skip
    """The header row's height and each row's (with its detail row), in points."""
    rooms = [(w - CELL_PADDING_CM) * PT_PER_CM for w in widths]
    full = (TEXT_CM - CELL_PADDING_CM) * PT_PER_CM

    def lines(cells: tuple[str, ...], bold: bool = False) -> int:
        each = [
            line_count(c, r, size, bold, whole_names=i in names)
            for i, (c, r) in enumerate(zip(cells, rooms, strict=True))
        ]
        return capped(each, [line_count(c, full, size) + 1 for c in cells], cap)[0]

    extra = ROW_EXTRA_PT
    return lines(header, True) * line_height(size) + extra, [lines(r) * line_height(size) + extra for r in rows]


# Tried in turn until the report fits PAGE_BUDGET pages: (table text pt, detail-row cap as a share of a page).
LAYOUTS = (
    (14.0, 0.0),
    (14.0, 0.5),
    (13.0, 0.0),
    (13.0, 0.5),
    (12.0, 0.0),
    (12.0, 0.5),
    (12.0, 0.4),
    (12.0, 0.3),
    (12.0, 0.25),
)


def plan(report: ResultsReport) -> Plan:
    """The largest table text that keeps the report within PAGE_BUDGET pages, cells moved to detail rows only if needed.

    Pages are counted as an office suite lays them out: rows never split, header rows repeated,
    the appendix right after the table. A report that does not fit at all gets the last layout.
    """
    rows = [r.cells for r in report.rows]
    appendix = [r.cells for r in report.appendix]
    room = TEXT_CM * PT_PER_CM
    title = line_height(TITLE_PT) * (
        line_count(report.title, room, TITLE_PT, True) + line_count(report.organisation_line, room, TITLE_PT, True)
    )
    first = title + line_height(BODY_PT) * line_count(report.intro, room - 1.25 * PT_PER_CM, BODY_PT) + 18
    chosen = None
    for size, share in LAYOUTS:
        page_lines = ROOM_PT / line_height(size)
        cap = int(page_lines * share)
        widths = column_widths(report.header, rows, TEXT_CM, size, size, NAME_COLUMNS, page_lines, cap, PERIOD)
        header, heights = _heights(report.header, rows, widths, size, NAME_COLUMNS, cap)
        at = pack(heights, header, ROOM_PT, (1, first))
        at = (at[0], at[1] + 2 * line_height(NOTE_PT) + 6)  # the as-of line and the appendix note
        appendix_widths: tuple[float, ...] = ()
        if appendix:
            small = min(size, APPENDIX_PT)
            appendix_widths = column_widths(
                report.appendix_header,
                appendix,
                TEXT_CM,
                small,
                small,
                APPENDIX_NAME_COLUMNS,
                ROOM_PT / line_height(small),
            )
            header, heights = _heights(report.appendix_header, appendix, appendix_widths, small, APPENDIX_NAME_COLUMNS)
            at = pack(heights, header + line_height(TITLE_PT) + 12, ROOM_PT, at)
        chosen = Plan(size, widths, appendix_widths, cap, at[0])
        if chosen.pages <= PAGE_BUDGET:
            break
    assert chosen is not None
    return chosen


def _thai_run_font(run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    """TH Sarabun New in every font slot (ascii, hAnsi, eastAsia, cs), the complex-script size, th-TH."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic or None
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for tag in ("w:bCs", "w:iCs", "w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    if bold:
        rpr.append(OxmlElement("w:bCs"))
    if italic:
        rpr.append(OxmlElement("w:iCs"))
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    rpr.append(size_cs)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)


def _page_footer(section: Any) -> None:
    """ "หน้า n/N" centred in the footer of every page, as Word fields (PAGE, NUMPAGES) Word fills in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, rest = t("report_page", page="{P}", pages="{N}").split("{P}")
    middle, after = rest.split("{N}")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if text:
            _thai_run_font(paragraph.add_run(text), NOTE_PT)
        if field:
            simple = OxmlElement("w:fldSimple")
            # Arabic in both digit styles: Word's ThaiArabic field switch prints Thai letters in LibreOffice
            simple.set(qn("w:instr"), field)
            run = paragraph.add_run("1")  # shown until Word updates the field
            _thai_run_font(run, NOTE_PT)
            simple.append(run._r)
            paragraph._p.append(simple)


def _paragraph(container: Any, text: str, size: float, bold: bool = False, center: bool = False) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(6)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _thai_run_font(paragraph.add_run(text), size, bold)
    return paragraph


def _hyperlink(paragraph: Any, url: str, size: float) -> None:
    """A clickable link whose text is the address itself."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = paragraph.add_run(url)
    _thai_run_font(run, size)
    run.font.underline = True
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    run._r.get_or_add_rPr().insert(1, colour)
    link.append(run._r)
    paragraph._p.append(link)


def _row_properties(row: Any, header: bool = False) -> None:
    """No row split across pages; the header row repeated at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", *(("w:tblHeader",) if header else ())):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _fill_cell(
    cell: Any, text: str, size: float, bold: bool = False, center: bool = False, links: tuple[str, ...] = ()
) -> None:
    """One paragraph per line of text; each of `links` in it becomes a clickable link."""
    import re

    from docx.enum.text import WD_ALIGN_PARAGRAPH

    pattern = re.compile("|".join(re.escape(link) for link in sorted(links, key=len, reverse=True))) if links else None
    for index, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        last = 0
        for match in pattern.finditer(line) if pattern else ():
            if match.start() > last:
                _thai_run_font(paragraph.add_run(line[last : match.start()]), size, bold)
            _hyperlink(paragraph, match.group(0), size)
            last = match.end()
        if last < len(line) or not line:
            _thai_run_font(paragraph.add_run(line[last:]), size, bold)


Row = tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]  # cells, links, columns shown in a detail row


def _table(
    document: Any,
    header: tuple[str, ...],
    rows: list[Row],
    widths: tuple[float, ...],
    size: float,
    center_columns: frozenset[int] = frozenset(),
) -> Any:
    """A fixed-layout grid table: the shaded header row repeats on each page, no row splits.

    A cell listed as a detail column holds a pointer; its text fills a full-width row right under
    its row ("ขั้นตอนหรือวิธีการปฏิบัติ: …"), kept on the same page as the row (keep with next).
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    _row_properties(table.rows[0], header=True)
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = Cm(width)
        _shade(cell, HEADER_FILL)
        _fill_cell(cell, text, size, bold=True, center=True)
    for cells, links, details in rows:
        row = table.add_row()
        _row_properties(row)
        for column, (cell, text, width) in enumerate(zip(row.cells, cells, widths, strict=True)):
            cell.width = Cm(width)
            shown = t("report_detail_below") if column in details else text
            _fill_cell(cell, shown, size, center=column in center_columns, links=links)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = bool(details)
        if details:
            detail = table.add_row()
            _row_properties(detail)
            merged = detail.cells[0].merge(detail.cells[-1])
            for number, column in enumerate(details):
                lines = cells[column].split("\n")
                paragraph = merged.paragraphs[0] if number == 0 else merged.add_paragraph()
                _thai_run_font(paragraph.add_run(t("report_detail_label", column=header[column])), size, bold=True)
                _thai_run_font(paragraph.add_run(lines[0]), size)
                _fill_cell_lines(merged, lines[1:], size)
    return table


def _fill_cell_lines(cell: Any, lines: list[str], size: float) -> None:
    for line in lines:
        _thai_run_font(cell.add_paragraph().add_run(line), size)


def _setup(document: Any) -> Any:
    """A4 landscape, narrow margins, the Normal style in TH Sarabun New, single spacing, no space after."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side, margin in zip(("left_margin", "right_margin", "top_margin", "bottom_margin"), MARGINS_CM, strict=True):
        setattr(section, side, Cm(margin))
    section.footer_distance = Cm(FOOTER_CM)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(NOTE_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    return section


def write_docx(report: ResultsReport, now: dt.datetime | None = None) -> bytes:
    """The report as a Word document."""
    report = clean_tree(report)  # stored text may predate the input checks: XML cannot hold controls
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = _setup(document)
    _paragraph(document, report.title, TITLE_PT, bold=True, center=True).paragraph_format.space_after = Pt(0)
    _paragraph(document, report.organisation_line, TITLE_PT, bold=True, center=True)
    _paragraph(document, report.intro, BODY_PT).paragraph_format.first_line_indent = Cm(1.25)
    layout = plan(report)
    rows: list[Row] = [
        (r.cells, (), detail_columns(r.cells, layout.widths, TEXT_CM, layout.size, layout.cap, NAME_COLUMNS))
        for r in report.rows
    ]
    _table(document, report.header, rows, layout.widths, layout.size)
    _paragraph(document, report.as_of, NOTE_PT).paragraph_format.space_before = Pt(4)
    if report.appendix:
        _paragraph(document, report.appendix_note, NOTE_PT)
        heading = _paragraph(document, report.appendix_title, TITLE_PT, bold=True, center=True)
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.keep_with_next = True
        rows = [(r.cells, r.links, ()) for r in report.appendix]
        _table(
            document,
            report.appendix_header,
            rows,
            layout.appendix_widths,
            min(layout.size, APPENDIX_PT),
            APPENDIX_NAME_COLUMNS,
        )
    _page_footer(section)

    properties = document.core_properties
    properties.title = report.title
    properties.language = "th-TH"
    properties.author = properties.last_modified_by = report.organisation
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    properties.created = properties.modified = moment  # stored as UTC (…Z): Word shows it in local time
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
