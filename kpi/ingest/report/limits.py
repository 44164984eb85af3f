"""The report importer's limits: how big a report file may be before it is refused, unread.

The file goes through the same safety gate as a workbook upload (kpi.ingest.safety), with the
report's own limits. The importer reads these names at call time (`limits.MAX_ROWS`), so a test may
lower one with monkeypatch.
"""

from __future__ import annotations

from dataclasses import replace

from kpi.core.settings import LIMITS, Limits

MAX_FILE_BYTES = LIMITS.max_upload_bytes  # refuse larger files outright
MAX_UNZIPPED_BYTES = LIMITS.report_max_unzipped_bytes  # declared total size of a .docx/.xlsx's parts (zip-bomb guard)
MAX_ZIP_MEMBERS = LIMITS.report_max_zip_members  # parts in a .docx/.xlsx (a Word file with pictures has many)
MAX_ROWS = LIMITS.report_max_rows  # rows (text lines, table rows) in one file or sheet
MAX_CELLS = LIMITS.report_max_cells  # cells in one worksheet of a report workbook
MAX_CHARS = LIMITS.report_max_chars  # characters of text in the whole report
MAX_LINE_CHARS = LIMITS.report_max_line_chars  # characters in one line or cell, before any pattern runs
MAX_XML_BYTES = LIMITS.report_max_xml_bytes  # a .docx's XML parts, before python-docx builds their tree
MAX_WARNINGS = LIMITS.report_max_warnings  # warnings listed before the rest are summed up
MAX_SHEET_COLUMNS = LIMITS.report_max_sheet_columns  # columns read from one worksheet
# Excel's own sheet size: a report workbook may use any of it (the importer reads 60 columns), but a
# cell beyond it is a damaged or hostile file.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


def gate_limits() -> Limits:
    """The upload gate's limits as they apply to a report (module names read now, for tests)."""
    return replace(
        LIMITS,
        max_upload_bytes=MAX_FILE_BYTES,
        max_unzipped_bytes=MAX_UNZIPPED_BYTES,
        max_zip_members=MAX_ZIP_MEMBERS,
        max_rows=EXCEL_ROWS,
        max_columns=EXCEL_COLUMNS,
        max_cells_per_sheet=MAX_CELLS,
        max_cells_total=MAX_CELLS * 4,
        max_rows_total=EXCEL_ROWS * 8,  # rows are counted by the cell scan and read up to MAX_ROWS
        max_text_bytes=MAX_CHARS * 6,  # UTF-8 bytes (three a Thai letter), held once and copied once
    )
