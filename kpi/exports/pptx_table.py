"""PPTX tables: every row as tall as its wrapped Thai text (PowerPoint and LibreOffice keep a row at
the height it is given, so a row sized for one line clips a cell that wraps to three), the font
stepping down to the projector minimum until the table fits, and rows that still do not fit carried
to a continuation slide."""

from __future__ import annotations

from pptx.util import Inches

from kpi.core.palette import BLACK, WHITE
from kpi.exports.pptx_text import LINE_EM, MIN_PT, PT, fill, line_count, rgb

HEADER_FILL = "#1F4E79"
_CELL_X = Inches(0.08)
_CELL_Y = Inches(0.04)

Row = tuple[str, ...]


def row_heights(rows: list[Row], widths: list[int], size: float, header: bool = False) -> list[int]:
    """Each row's height (EMU) for its most wrapped cell at `size` pt (`header`: the first row is bold)."""
    heights = []
    for index, row in enumerate(rows):
        lines = max(
            line_count(text, width - 2 * _CELL_X, size, bold=index == 0 and header)
            for text, width in zip(row, widths, strict=True)
        )
        heights.append(int(lines * size * PT * LINE_EM + 2 * _CELL_Y + Inches(0.04)))
    return heights


def fit(header: Row, rows: list[Row], widths: list[int], height: int, size: float) -> float | None:
    """The largest size from `size` down to MIN_PT at which header and rows fit `height`; None if none does."""
    while size >= MIN_PT:
        if sum(row_heights([header, *rows], widths, size, header=True)) <= height:
            return size
        size -= 1
    return None


def split(header: Row, rows: list[Row], widths: list[int], first: int, rest: int) -> list[list[Row]]:
    """Rows in chunks at MIN_PT: the first fits `first` EMU under the header, each later one `rest`."""
    head = row_heights([header], widths, MIN_PT, header=True)[0]
    chunks: list[list[Row]] = [[]]
    room = first - head
    for row, row_height in zip(rows, row_heights(rows, widths, MIN_PT), strict=True):
        if chunks[-1] and row_height > room:
            chunks.append([])
            room = rest - head
        chunks[-1].append(row)
        room -= row_height
    return chunks


def draw(slide, header: Row, rows: list[Row], widths: list[int], left: int, top: int, size: float) -> int:  # type: ignore[no-untyped-def]
    """A native table with a navy header row; returns the bottom of the table (EMU)."""
    all_rows = [header, *rows]
    heights = row_heights(all_rows, widths, size, header=True)
    shape = slide.shapes.add_table(len(all_rows), len(header), left, top, sum(widths), sum(heights))
    grid = shape.table
    for column, column_width in zip(grid.columns, widths, strict=True):
        column.width = column_width
    for grid_row, row_height in zip(grid.rows, heights, strict=True):
        grid_row.height = row_height
    for r, row in enumerate(all_rows):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(HEADER_FILL if r == 0 else ("FFFFFF" if r % 2 else "EEF3F8"))
            cell.margin_left = cell.margin_right = _CELL_X
            cell.margin_top = cell.margin_bottom = _CELL_Y
            fill(cell.text_frame, text, size, bold=r == 0, colour=WHITE if r == 0 else BLACK)
    return int(top + sum(heights))
