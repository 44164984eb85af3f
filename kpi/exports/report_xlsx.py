"""The official report as an Excel workbook that prints: every row tall enough for its wrapped text.

Excel and LibreOffice do not fit a row to wrapped text when a file is opened, so each row's height
is set here from its tallest cell (report_layout's line estimate for the column's width). The
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
from kpi.exports.report_layout import PT_PER_CM, column_widths, line_count, line_height

TITLE_PT, ORG_PT, INTRO_PT, TABLE_PT, NOTE_PT = 18.0, 16.0, 14.0, 14.0, 12.0
MAX_ROW_PT = 409.0  # Excel's tallest row
PRINT_CM = 27.16  # A4 landscape less the print margins: the width printed at 100 %
WIDTHS_CM = (27.0, 31.0, 35.0, 40.0, 46.0)  # tried in turn until every row fits MAX_ROW_PT
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


def fitting_widths(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], names: frozenset[int]
) -> tuple[float, ...]:
    """Column widths (cm) at which every row fits Excel's tallest row, the narrowest sheet that does."""
    widths: tuple[float, ...] = ()
    for total in WIDTHS_CM:
        widths = column_widths(header, rows, total, TABLE_PT, TABLE_PT, names, whole_columns=frozenset({2}) & names)
        if all(row_height(r, widths, TABLE_PT, names=names) <= MAX_ROW_PT for r in rows):
            break
    return widths


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


def _table(ws: Any, top: int, header: tuple[str, ...], rows: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
           widths: tuple[float, ...], names: frozenset[int], center: frozenset[int] = frozenset()) -> int:  # fmt: skip
    """The header row at `top` and the rows under it, bordered, each as tall as its text; the last row used."""
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
    for offset, (cells, links) in enumerate(rows, start=1):
        for column, text in enumerate(cells, start=1):
            cell = _put(ws, top + offset, column, text)
            own = [link for link in links if link in text]
            if own:
                cell.hyperlink = own[0]  # Excel holds one link per cell: the first; every address is in the text
            cell.font = Font(name=FONT, size=TABLE_PT)
            cell.alignment = Alignment(
                wrap_text=True, vertical="top", horizontal="center" if column - 1 in center else None
            )
            cell.border = border
        ws.row_dimensions[top + offset].height = min(row_height(cells, widths, TABLE_PT, names=names), MAX_ROW_PT)
    return top + len(rows)


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
    widths = fitting_widths(report.header, rows, NAME_COLUMNS)
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
    last = _table(ws, HEADER_ROW, report.header, [(r, ()) for r in rows], widths, NAME_COLUMNS)
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
        appendix = [(r.cells, r.links) for r in report.appendix]
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
