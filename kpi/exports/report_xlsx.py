"""The official report as an Excel workbook that prints: every row tall enough for its wrapped text.

Excel and LibreOffice do not fit a row to wrapped text when a file is opened, so each row's height
is set here from its tallest cell (report_layout's line estimate for the column's width; a cell
longer than half a printed page goes to a merged full-width row under its row, as in the DOCX, so
no row passes Excel's 409 pt and the sheet prints near 100 %). The
sheet prints A4 landscape, one page wide (as many pages tall as it takes), the header row repeated
on every page, the organisation and title in the print header and "หน้า n/N" in the footer. The
appendix (every reported quarter and its evidence links, clickable) is the second sheet.
Text that starts with = + - @ is stored as quoted text, never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from kpi.core.messages import t
from kpi.core.text_safety import clean_tree, keep_as_text
from kpi.exports.official_report import FONT, ResultsReport
from kpi.exports.report_layout import PT_PER_CM, column_widths, detail_columns, line_count, line_height

TITLE_PT, ORG_PT, INTRO_PT, TABLE_PT, NOTE_PT = 18.0, 16.0, 14.0, 14.0, 12.0
MAX_ROW_PT = 409.0  # Excel's tallest row
PRINT_CM = 27.6  # A4 landscape less the print margins: the width printed at 100 %
PAGE_LINES = (21.0 - 2 * 1.8) * PT_PER_CM / line_height(TABLE_PT)  # lines a printed page holds
CAP = int(PAGE_LINES * 0.5)  # a cell longer than half a page goes to a full-width row under its row
PERIOD = frozenset({2})  # "ไตรมาสที่ 1 - 4" on one line
CELL_PADDING_PT = 6.0  # a cell's text is inset from its borders
HEADER_ROW = 5
NAME_COLUMNS = frozenset({2, 3})
APPENDIX_NAME_COLUMNS = frozenset({0})


def excel_width(cm: float) -> float:
    """Excel's column width (characters of the default font, 7 px each plus 5 px) for `cm`."""
    return round((cm / 2.54 * 96 - 5) / 7, 2)


def _put(ws: Any, row: int, column: int, value: str) -> Any:
    """Write text as text: never let a leading = + - @ become a formula."""
    return keep_as_text(ws.cell(row=row, column=column, value=value))


def row_height(cells: tuple[str, ...], widths: tuple[float, ...], size: float, bold: bool = False,
               names: frozenset[int] = frozenset()) -> float:  # fmt: skip
    """Points a row needs for its tallest wrapped cell (`widths` in cm)."""
    lines = max(
        line_count(text, width * PT_PER_CM - CELL_PADDING_PT, size, bold, whole_names=index in names)
        for index, (text, width) in enumerate(zip(cells, widths, strict=True))
    )
    return round(lines * line_height(size) + 4, 1)


def _print_setup(ws: Any, report: ResultsReport, title_rows: str) -> None:
    """A4 landscape, one page wide, the header row on every page, organisation and title on top, n/N below."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    # Excel codes: &P page, &N pages, && is "&"; the font named so the header prints in Thai.
    font = f'&"{FONT},Regular"&12 '
    ws.oddHeader.left.text = font + report.organisation_line.replace("&", "&&")
    ws.oddHeader.right.text = font + report.title.replace("&", "&&")
    ws.oddFooter.center.text = t("report_page", page="&P", pages="&N")
    ws.oddFooter.left.text = report.organisation.replace("&", "&&")


Row = tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]  # cells, links, columns shown in a detail row


def _table(ws: Any, top: int, header: tuple[str, ...], rows: Sequence[Row], widths: tuple[float, ...],
           names: frozenset[int], center: frozenset[int] = frozenset()) -> int:  # fmt: skip
    """The header row at `top` and the rows under it, bordered, each as tall as its text; the last row used.

    A detail column's cell holds a pointer; its text fills a merged full-width row right under it.
    """
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, text in enumerate(header, start=1):
        cell = _put(ws, top, column, text)
        cell.font = Font(name=FONT, size=TABLE_PT, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E2F3")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
    ws.row_dimensions[top].height = row_height(header, widths, TABLE_PT, bold=True)
    at = top
    for cells, links, details in rows:
        at += 1
        shown = tuple(t("report_detail_below") if c in details else text for c, text in enumerate(cells))
        for column, text in enumerate(shown, start=1):
            cell = _put(ws, at, column, text)
            own = [link for link in links if link in text]
            if own:
                cell.hyperlink = own[0]  # Excel holds one link per cell: the first; every address is in the text
            cell.font = Font(name=FONT, size=TABLE_PT)
            cell.alignment = Alignment(
                wrap_text=True, vertical="top", horizontal="center" if column - 1 in center else None
            )
            cell.border = border
        ws.row_dimensions[at].height = min(row_height(shown, widths, TABLE_PT, names=names), MAX_ROW_PT)
        if details:
            at += 1
            text = "\n".join(t("report_detail_label", column=header[c]) + cells[c] for c in details)
            ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=len(widths))
            cell = _put(ws, at, 1, text)
            cell.font = Font(name=FONT, size=TABLE_PT)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            for column in range(1, len(widths) + 1):
                ws.cell(row=at, column=column).border = border
            ws.row_dimensions[at].height = min(row_height((text,), (sum(widths),), TABLE_PT), MAX_ROW_PT)
    return at


def write_xlsx(report: ResultsReport) -> bytes:
    """The report as an .xlsx workbook: the table sheet, then the appendix sheet."""
    report = clean_tree(report)  # stored text may predate the input checks: XML cannot hold controls
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = t("report_sheet")
    rows = [r.cells for r in report.rows]
    widths = column_widths(report.header, rows, PRINT_CM, TABLE_PT, TABLE_PT, NAME_COLUMNS, PAGE_LINES, CAP, PERIOD)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = excel_width(width)
    total_pt = sum(widths) * PT_PER_CM - CELL_PADDING_PT
    lines = (
        (report.title, TITLE_PT, True, "center"),
        (report.organisation_line, ORG_PT, True, "center"),
        (report.intro, INTRO_PT, False, "left"),
    )
    for row, (text, size, bold, align) in enumerate(lines, start=1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        cell = _put(ws, row, 1, text)
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(wrap_text=True, horizontal=align, vertical="top")
        ws.row_dimensions[row].height = line_count(text, total_pt, size, bold) * line_height(size) + 4
    table = [(r, (), detail_columns(r, widths, PRINT_CM, TABLE_PT, CAP, NAME_COLUMNS)) for r in rows]
    last = _table(ws, HEADER_ROW, report.header, table, widths, NAME_COLUMNS)
    notes = [report.as_of, *([report.appendix_note] if report.appendix else [])]
    for offset, text in enumerate(notes, start=2):
        ws.merge_cells(start_row=last + offset, start_column=1, end_row=last + offset, end_column=len(widths))
        cell = _put(ws, last + offset, 1, text)
        cell.font = Font(name=FONT, size=NOTE_PT, italic=offset == 2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[last + offset].height = line_count(text, total_pt, NOTE_PT) * line_height(NOTE_PT) + 4
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    _print_setup(ws, report, f"{HEADER_ROW}:{HEADER_ROW}")
    if report.appendix:
        sheet = wb.create_sheet(t("report_appendix_sheet"))
        appendix: list[Row] = [(r.cells, r.links, ()) for r in report.appendix]
        widths = column_widths(report.appendix_header, [r.cells for r in report.appendix], PRINT_CM, TABLE_PT,
                               TABLE_PT, APPENDIX_NAME_COLUMNS)  # fmt: skip
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = excel_width(width)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(widths))
        cell = _put(sheet, 1, 1, report.appendix_title)
        cell.font = Font(name=FONT, size=ORG_PT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="top")
        sheet.row_dimensions[1].height = line_height(ORG_PT) + 4
        _table(sheet, 3, report.appendix_header, appendix, widths, APPENDIX_NAME_COLUMNS, APPENDIX_NAME_COLUMNS)
        sheet.freeze_panes = sheet.cell(row=4, column=1)
        _print_setup(sheet, report, "3:3")
    wb.properties.title = report.title
    wb.properties.creator = report.organisation
    wb.properties.language = "th-TH"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
