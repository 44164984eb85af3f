"""The XML scan's fast path (kpi.ingest.xlsx_scan): a chunk of a worksheet written as Excel writes it.

`_scan_sheet` looks at every row and cell tag one by one to find a sheet's extent, cell count and
the shared-string text its cells point at. Where every tag of a chunk has the form Excel writes
(`<row r="5" …>`, `<c r="B5" …>`: no prefix, one space, the r attribute first), the same figures
come from a few whole-chunk patterns instead; any other chunk is left to the tag-by-tag loop.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from itertools import compress
from operator import itemgetter
from typing import Protocol

from openpyxl.utils import column_index_from_string

# The same tags as _TAG, as Excel writes them: no prefix, one space, the r attribute first. A chunk
# where every tag _TAG could match is one of these is counted from them without a loop per cell.
# A cell's groups: column letters, row digits, the rest of its attributes (read once, possessively:
# whether its type is a shared string is asked of each distinct attribute text with SHARED_TYPE, as
# _scan_sheet asks it, so no pattern rescans a tag) and the index its value gives when one follows at once.
SHARED_TYPE = re.compile(rb"(?:^|\s)t\s*+=\s*+[\"']s[\"']")  # a cell's attributes say: a shared string
_ANY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*+:)?(?:c|row)(?=[\s/>])")
_EXCEL_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?=[\s/>])([^<>]*+)>'
    rb"(?:\s*+<(?:[A-Za-z_][\w.-]*+:)?v>\s*+([0-9]++)\s*+<)?"
)
_EXCEL_ROW = re.compile(rb'<row r="([0-9]{1,7})"(?=[\s/>])[^<>]*+>')


_first, _second, _attributes, _index = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)


def _regular_counts(work: bytes, cells: int, rows: int) -> bool:
    """Whether `cells` and `rows` Excel-form tags are every tag _TAG could match in `work`: every
    "<c" and "<row" is one of them and no tag has a prefix (else counted by the pattern)."""
    if b":c" not in work and b":row" not in work and work.count(b"<c") == cells and work.count(b"<row") == rows:
        return True
    return cells + rows == len(_ANY_TAG.findall(work))  # "<cols>" and the like: the pattern counts


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
    if not (cells or rows) or not _regular_counts(work, len(cells), len(rows)):
        return None  # some tag is written otherwise: counted one by one
    typed = {text: SHARED_TYPE.search(text) is not None for text in set(map(_attributes, cells))}
    shared_cells = [typed[text] for text in map(_attributes, cells)]
    indexes = Counter(compress(map(_index, cells), shared_cells))  # each distinct index read once
    unindexed = indexes.pop(b"", 0)
    if indexes and (max(map(len, indexes)) > 12 or max(map(int, indexes)) >= len(sizes)):
        return None
    text = sum(sizes[int(index)] * times for index, times in indexes.items()) + unindexed * shared.largest
    letters = set(map(_first, cells))
    for name in letters - columns.keys():
        columns[name] = column_index_from_string(name.decode())
    max_col = max((columns[name] for name in letters), default=0)
    max_row = max(map(int, set(map(_second, cells)) | set(rows)))  # each distinct number read once
    last_row, last_cell = work.rfind(b"<row "), work.rfind(b"<c ")
    if rows:  # the last row tag sets the row; a later cell in a higher row raises it
        after = _EXCEL_CELL.findall(work, last_row) if last_row < last_cell else []
        row = max([int(rows[-1]), *(int(digits) for _, digits, _, _ in after)])
    else:
        row = max([row, max_row])
    col = columns[cells[-1][0]] if last_cell > last_row else 0
    return (
        row, col, max(max_row, max_row_before), max(max_col, max_col_before), cells_before + len(cells), text_before + text
    )  # fmt: skip
