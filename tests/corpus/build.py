"""Builders for corpus files: a valid small workbook and ways to damage it (no binary fixtures)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from conftest import (
    COMPLAINT_HEADER,
    INDICATOR_HEADER,
    ITA_HEADER,
    MEASURE_HEADER,
    RESULT_HEADER,
    make_workbook,
)

# The corpus store holds the bundled sample (FY2567–2568); cases use a year it does not hold, so a
# valid part of a case never collides with stored data.
YEAR = 2570
MEASURES, INDICATORS, RESULTS, COMPLAINTS, ITA = "มาตรการ", "ตัวชี้วัด", "ผลรายไตรมาส", "เรื่องร้องเรียน", "คะแนน ITA"
SHEET1 = "xl/worksheets/sheet1.xml"

__all__ = [
    "COMPLAINT_HEADER", "INDICATOR_HEADER", "ITA_HEADER", "MEASURE_HEADER", "RESULT_HEADER",
    "MEASURES", "INDICATORS", "RESULTS", "COMPLAINTS", "ITA", "SHEET1", "YEAR",
    "make_workbook", "measure_rows", "measure_row", "base_workbook", "rezip", "sheet_xml", "with_measure_cell",
]  # fmt: skip


def measure_row(number: int, year: int = YEAR) -> list[Any]:
    return [year, number, f"มาตรการทดสอบที่ {number}", "มาตรการ", "ขั้นตอน", "1-4", "สำนักปลัด", "ผลผลิต", "ผลลัพธ์"]


def measure_rows(count: int = 2, year: int = YEAR) -> list[list[Any]]:
    """The measures sheet: header and `count` valid rows."""
    return [MEASURE_HEADER, *(measure_row(n, year) for n in range(1, count + 1))]


def with_measure_cell(column: str, value: Any, row: int = 2) -> bytes:
    """A valid measures sheet with one cell (by header title, Excel row) replaced."""
    rows = measure_rows()
    rows[row - 1][MEASURE_HEADER.index(column)] = value
    return make_workbook({MEASURES: rows})


def base_workbook() -> bytes:
    """A small valid workbook: one sheet of measures (its worksheet is xl/worksheets/sheet1.xml)."""
    return make_workbook({MEASURES: measure_rows()})


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The same zip with some parts replaced and some added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, (replace or {}).get(item.filename, source.read(item.filename)))
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def sheet_xml(cells: str) -> bytes:
    """A worksheet part holding the given <row> elements."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{cells}</sheetData></worksheet>"
    ).encode()
