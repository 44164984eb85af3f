"""Tables in the PDF: rows sized to their wrapped text, never split, flowing onto the next page with
the header row repeated; and the Block the PDF's flow layout places."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpi.core.palette import BLACK, WHITE
from kpi.exports.deck_model import Table
from kpi.exports.pdf_chart import CAPTION, rgb

if TYPE_CHECKING:
    from kpi.exports.to_pdf import Writer

HEADER_FILL = "#1F4E79"
RULE = "#BDBDBD"
PAD = 1.6
_WHOLE = 90.0  # mm: a table up to this high never splits across pages


@dataclass
class Block:
    """A piece of a section laid out as a unit: its height and how to draw it at a y."""

    height: float
    draw: Callable[[float], float]
    keep_with_next: bool = False
    flexible: bool = False  # a chart: may shrink down to `least` to fill the page
    least: float = 55.0
    at_top: Callable[[float], float] | None = None  # drawn first when the block starts a page
    gap_after: float = 5.0


def _widths(table: Table, width: float) -> list[float]:
    return [width * share for share in table.column_shares()]


def _cells(w: Writer, table: Table, row: Sequence[str], width: float, size: float, bold: bool) -> list[list[str]]:
    w.font(size, bold)
    return [w.lines(text, cw - 2 * PAD) for text, cw in zip(row, _widths(table, width), strict=False)]


def row_height(w: Writer, table: Table, row: Sequence[str], width: float, size: float, bold: bool = False) -> float:
    return max(len(lines) for lines in _cells(w, table, row, width, size, bold)) * size * 0.5 + 2 * PAD


def draw_row(w: Writer, table: Table, row: Sequence[str], x: float, y: float, width: float, size: float,
             header: bool = False) -> float:  # fmt: skip
    """One row at (x, y); returns the y below it."""
    pdf = w.pdf
    cells = _cells(w, table, row, width, size, header)
    height = max(len(lines) for lines in cells) * size * 0.5 + 2 * PAD
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*rgb(RULE))
    cx = x
    for c, (lines, cw) in enumerate(zip(cells, _widths(table, width), strict=False)):
        if header:
            pdf.set_fill_color(*rgb(HEADER_FILL))
            pdf.rect(cx, y, cw, height, style="DF")
        else:
            pdf.rect(cx, y, cw, height, style="D")
        w.font(size, header, WHITE if header else BLACK)
        for i, text in enumerate(lines):
            pdf.set_xy(cx + PAD, y + PAD + i * size * 0.5)
            pdf.cell(cw - 2 * PAD, size * 0.5, text, align="L" if c == 0 else "C")
        cx += cw
    return y + height


def table_height(w: Writer, table: Table, width: float, size: float) -> float:
    height = row_height(w, table, table.header, width, size, True)
    height += sum(row_height(w, table, row, width, size) for row in table.rows)
    if table.footnote:
        height += 1.5 + w.text_height(table.footnote, width, 10)
    return height


def draw_table(w: Writer, table: Table, x: float, y: float, width: float, size: float) -> float:
    """The whole table at (x, y), no page break (a short table beside a chart)."""
    y = draw_row(w, table, table.header, x, y, width, size, header=True)
    for row in table.rows:
        y = draw_row(w, table, row, x, y, width, size)
    if table.footnote:
        y = w.write(x, y + 1.5, width, table.footnote, 10, False, CAPTION)
    return y


def table_blocks(w: Writer, table: Table, x: float, width: float, size: float) -> list[Block]:
    """A full-width table as blocks for the flow: the header with the first row, then one block per
    row (a row that starts a page draws the header above it), then the footnote."""
    header_h = row_height(w, table, table.header, width, size, True)

    def header(y: float) -> float:
        return draw_row(w, table, table.header, x, y, width, size, header=True)

    def row_block(row: Sequence[str], first: bool) -> Block:
        height = row_height(w, table, row, width, size)

        def draw(y: float) -> float:
            if first:
                y = header(y)
            return draw_row(w, table, row, x, y, width, size)

        return Block(height + (header_h if first else 0.0), draw, at_top=None if first else header, gap_after=0.0)

    if table_height(w, table, width, size) <= _WHOLE:  # a short table is kept in one piece
        whole = Block(table_height(w, table, width, size), lambda y: draw_table(w, table, x, y, width, size))
        return [whole]
    blocks = [row_block(row, index == 0) for index, row in enumerate(table.rows)]
    if not blocks:
        blocks.append(Block(header_h, header))
    blocks[-1].gap_after = 5.0
    if table.footnote:
        note = table.footnote
        blocks.append(
            Block(1.5 + w.text_height(note, width, 10), lambda y: w.write(x, y + 1.5, width, note, 10, False, CAPTION))
        )
    return blocks
