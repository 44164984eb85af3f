"""The XML scan's fast path (kpi.ingest.xlsx_scan): a chunk of a worksheet written as Excel writes it.

`_scan_sheet` looks at every row and cell tag one by one to find a sheet's extent, cell count and
the shared-string text its cells point at. Where every tag of a chunk has the form Excel writes
(`<row r="5" …>`, `<c r="B5" …>`: no prefix, one space, the r attribute first), the same figures
come from a few whole-chunk patterns instead; any other chunk is left to the tag-by-tag loop.
"""

from __future__ import annotations

import re
from array import array
from operator import itemgetter
from typing import Protocol

from openpyxl.utils import column_index_from_string

# The same tags as _TAG, as Excel writes them: no prefix, one space, the r attribute first. A chunk
# where every tag _TAG could match is one of these is counted from them without a loop per cell.
_ANY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*+:)?(?:c|row)(?=[\s/>])")
_EXCEL_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?=[\s/>])[^<>]*+>')
_EXCEL_ROW = re.compile(rb'<row r="([0-9]{1,7})"(?=[\s/>])[^<>]*+>')
_EXCEL_SHARED = re.compile(
    rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?=[\s/>])[^<>]*?\st\s*+=\s*+["\']s["\'][^<>]*+>'
    rb"(?:\s*+<(?:[A-Za-z_][\w.-]*+:)?v>\s*+([0-9]++)\s*+<)?"
)


_first, _second = itemgetter(0), itemgetter(1)


def _tag_starts(work: bytes) -> int:
    """How many row and cell tags _TAG could match in `work`: counted as bytes when every "<c" and
    "<row" is followed by a space and none has a prefix, else by the pattern."""
    if b":c" in work or b":row" in work:
        return len(_ANY_TAG.findall(work))
    cells, rows = work.count(b"<c "), work.count(b"<row ")
    if cells != work.count(b"<c") or rows != work.count(b"<row"):
        return len(_ANY_TAG.findall(work))
    return cells + rows


Counts = tuple[int, int, int, int, int]  # row, largest row, largest column, cells, text bytes


class SharedSizes(Protocol):
    """The UTF-8 size of each shared string, and the largest (kpi.ingest.xlsx_scan._SharedStrings)."""

    @property
    def sizes(self) -> array[int]: ...
    @property
    def largest(self) -> int: ...


def regular_chunk(
    work: bytes, counts: Counts, shared: SharedSizes, columns: dict[bytes, int]
) -> tuple[int, int, int, int, int, int] | None:
    """What `_scan_sheet`'s tag-by-tag loop would count in a chunk whose every row and cell tag is
    written as Excel writes it (`<row r="5" …>`, `<c r="B5" …>`); None for any other chunk.

    Given the loop's current row and its totals so far, returns the loop's (row, col) after the
    chunk, then the largest row and column, the cell count and the shared-string text size.
    """
    row, max_row_before, max_col_before, cells_before, text_before = counts
    sizes = shared.sizes
    cells = _EXCEL_CELL.findall(work)
    rows = _EXCEL_ROW.findall(work)
    if len(cells) + len(rows) != _tag_starts(work) or not (cells or rows):
        return None  # some tag is written otherwise: counted one by one
    indexes = _EXCEL_SHARED.findall(work)
    numbered = list(filter(None, indexes))
    if numbered and max(map(len, numbered)) > 12:
        return None
    numbers = list(map(int, numbered))
    if numbers and max(numbers) >= len(sizes):
        return None
    text = sum(map(sizes.__getitem__, numbers)) + (len(indexes) - len(numbered)) * shared.largest
    letters = set(map(_first, cells))
    for name in letters - columns.keys():
        columns[name] = column_index_from_string(name.decode())
    max_col = max((columns[name] for name in letters), default=0)
    cell_rows = list(map(int, map(_second, cells)))
    row_numbers = list(map(int, rows))
    max_row = max(cell_rows + row_numbers)
    last_row, last_cell = work.rfind(b"<row "), work.rfind(b"<c ")
    if rows:  # the last row tag sets the row; a later cell in a higher row raises it
        after = len(_EXCEL_CELL.findall(work, last_row)) if last_row < last_cell else 0
        row = max([row_numbers[-1], *cell_rows[len(cell_rows) - after :]])
    else:
        row = max([row, *cell_rows])
    col = columns[cells[-1][0]] if last_cell > last_row else 0
    return (
        row, col, max(max_row, max_row_before), max(max_col, max_col_before), cells_before + len(cells), text_before + text
    )  # fmt: skip
