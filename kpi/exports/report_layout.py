"""How much room the official report's Thai text takes: widths, wrapped lines, column widths.

Word, Excel and LibreOffice neither tell a writer how tall a wrapped cell will be nor fit rows to
their text when a file is opened, so the writers work it out here:

- widths come from Sarabun's advance widths (static/fonts; within 3 % of TH Sarabun New and its
  metric twin Laksaman, and never narrower, so estimates err towards more lines);
- lines come from breaking at pythainlp word boundaries and spaces, as office suites break Thai
  (ICU's dictionary); a word wider than the column is counted as broken by character;
- column widths give every column room for its longest word (no "ผู้รับผิด|ชอบ") and share the
  rest so the table is as short as the text allows.

No character is ever added to the text: the break opportunities are the office suite's own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from kpi.core.settings import ROOT
from kpi.exports.pdf_lines import split_words

FONT_DIR = ROOT / "static" / "fonts"
PT_PER_CM = 72 / 2.54
CELL_PADDING_CM = 0.24  # the writers' cell margins: 0.12 cm each side
SLACK = 0.96  # measure against 96 % of the room: ICU and pythainlp do not always agree on a word
COMPOUND_CHARS = 12  # "ผู้รับผิดชอบ" is one word; "องค์การบริหารส่วนตำบล" is four
LINE_EM = 1.72  # one line of TH Sarabun New / Laksaman at single spacing, in ems (its typographic line gap)

_SPACE = re.compile(r"(\s+)")


@functools.lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, int], float]:
    """Advance width of each character (font units per em) and the font's units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / ("Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"), lazy=True)
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return advances, float(font["head"].unitsPerEm)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in points at `size` pt (marks above and below take no room)."""
    advances, units = _advances(bold)
    fallback = units * 0.55
    return sum(advances.get(ord(ch), fallback) for ch in text) * size / units


@functools.lru_cache(maxsize=1)
def _short_words() -> Any:
    """pythainlp's dictionary without its long compounds: where an office suite may break those."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie([word for word in thai_words() if len(word) <= COMPOUND_CHARS])


@functools.lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """Pieces a line may end after: Thai words, each space run as one " ".

    pythainlp keeps compounds like "องค์กรปกครองส่วนท้องถิ่น" whole; Word and LibreOffice break
    them at their parts, so a word longer than COMPOUND_CHARS is split again with the short words.
    """
    from pythainlp.tokenize import word_tokenize

    pieces: list[str] = []
    for word in split_words(text):
        if len(word) > COMPOUND_CHARS and not word.isspace():
            pieces.extend(word_tokenize(word, custom_dict=_short_words(), engine="newmm", keep_whitespace=False))
        else:
            pieces.append(word)
    return tuple(pieces)


def names(text: str) -> tuple[str, ...]:
    """Pieces of a name ("อบต.บ้านผือ", "กองคลัง"): it may end a line only at its spaces."""
    return tuple(piece if not piece.isspace() else " " for piece in _SPACE.split(text) if piece)


def line_count(text: str, room: float, size: float, bold: bool = False, whole_names: bool = False) -> int:
    """Lines `text` wraps to in `room` points of line width (each "\\n" starts a new line)."""
    room *= SLACK
    split = names if whole_names else words
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for piece in split(paragraph):
            width = text_width(piece, size, bold)
            if piece == " ":
                used += width
                continue
            if used and used + width > room:
                lines, used = lines + 1, 0.0
            if width > room:  # broken by character: as many lines as it needs
                lines += int(width // room)
                width %= room
            used += width
        total += lines
    return total


def widest_piece(text: str, size: float, bold: bool = False, whole_names: bool = False) -> float:
    """Width in points of the widest piece a line cannot break inside."""
    split = names if whole_names else words
    return max((text_width(p, size, bold) for line in text.split("\n") for p in split(line)), default=0.0)


def line_height(size: float) -> float:
    """Points one line of text takes at `size` pt, single spacing."""
    return size * LINE_EM


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    total_cm: float,
    size: float,
    header_size: float,
    name_columns: frozenset[int] = frozenset(),
    page_lines: float = 0.0,
    cap: int = 0,
    whole_columns: frozenset[int] = frozenset(),
    step_cm: float = 0.2,
) -> tuple[float, ...]:
    """Column widths in cm summing to `total_cm`: each at least its widest word, the table as short as it gets.

    Columns in `name_columns` hold names and short phrases (period, owner): they wrap only at
    spaces and get just the room of their widest piece; `whole_columns` the room of their widest line. The other columns share the rest; width
    moves between them while that makes the table shorter: fewer pages of `page_lines` lines
    (rows whole, the header repeated on each), then fewer lines (every row as tall as its tallest
    cell). Without `page_lines` only the lines count, the header's ten times. With `cap`, a cell
    over `cap` lines counts as moved to a full-width detail row under its row (see `detail_columns`).
    """
    count = len(header)
    padding = CELL_PADDING_CM * PT_PER_CM

    def narrowest(column: int) -> float:
        whole = column in name_columns

        def piece(text: str) -> float:  # a whole column's lines ("ไตรมาสที่ 1 - 4") are never broken
            if column in whole_columns:
                return max(text_width(line, size) for line in text.split("\n"))
            return widest_piece(text, size, whole_names=whole)

        widest = max([widest_piece(header[column], header_size, bold=True), *(piece(row[column]) for row in rows)])
        return (widest / SLACK + padding) / PT_PER_CM + 0.05

    minimum = [narrowest(c) for c in range(count)]
    if sum(minimum) >= total_cm:  # not even the words fit: shrink every column alike
        return tuple(total_cm * m / sum(minimum) for m in minimum)
    free = [c for c in range(count) if c not in name_columns]
    # Whole steps of step_cm: each column's floor covers its widest word; the spare steps are shared
    # by the free columns in proportion to the square root of their text.
    steps = [int(m / step_cm) + 1 for m in minimum]
    floor = list(steps)
    spare = int(total_cm / step_cm) - sum(steps)
    if spare < 0 or not free:
        return tuple(total_cm * m / sum(minimum) for m in minimum)
    share = {c: max(sum(text_width(row[c], size) for row in rows), 1.0) ** 0.5 for c in free}
    for c in free:
        steps[c] += int(spare * share[c] / sum(share.values()))
    steps[free[0]] += int(total_cm / step_cm) - sum(steps)

    @functools.cache
    def lines(column: int, width: int) -> tuple[int, ...]:
        room = (width * step_cm - CELL_PADDING_CM) * PT_PER_CM
        whole = column in name_columns
        head = line_count(header[column], room, header_size, bold=True)
        return (head, *(line_count(row[column], room, size, whole_names=whole) for row in rows))

    full = [[line_count(text, (total_cm - CELL_PADDING_CM) * PT_PER_CM, size) + 1 for text in row] for row in rows]

    def height(trial: list[int]) -> tuple[int, float]:  # (pages, lines): compared in that order
        per_column = [lines(c, s) for c, s in enumerate(trial)]
        header_lines = max(cells[0] for cells in per_column)
        rows_capped = [capped([cells[i] for cells in per_column], full[i - 1], cap) for i in range(1, len(rows) + 1)]
        body = [lines for lines, _ in rows_capped]
        moved = sum(len(columns) for _, columns in rows_capped) * MOVE_COST  # a detail row is the exception
        if page_lines:  # the header repeats on every page: as many times as the body fills pages
            pages = sum(body) / max(page_lines - header_lines, 1.0)
            return page_count(body, header_lines, page_lines), sum(body) + header_lines * pages + moved
        return 0, header_lines * 10.0 + sum(body) + moved

    best = height(steps)
    improved = True
    while improved:  # move width between two free columns, a few steps at once, while the table gets shorter
        improved = False
        for move in (16, 8, 4, 2, 1):
            for giver in free:
                for taker in free:
                    if giver == taker or steps[giver] - move < floor[giver]:
                        continue
                    trial = list(steps)
                    trial[giver] -= move
                    trial[taker] += move
                    value = height(trial)
                    if value < best:
                        steps, best, improved = trial, value, True
    result = [s * step_cm for s in steps]
    result[free[0]] += total_cm - sum(result)  # the part of a step left over
    return tuple(result)


def page_count(row_heights: Sequence[float], header_height: float, room: float, first_used: float = 0.0) -> int:
    """Pages a table takes when no row splits and the header repeats: rows packed in order.

    `room` is a page's height for the table in points, `first_used` what comes before the table on
    its first page. A row taller than a page takes pages of its own (an office suite splits it then).
    """
    return pack(row_heights, header_height, room, (1, first_used))[0]


def pack(
    row_heights: Sequence[float], header_height: float, room: float, start: tuple[int, float]
) -> tuple[int, float]:
    """(pages, room used on the last page) after a table starting at `start` (pages so far, room used)."""
    pages, used = start
    if used + header_height + (row_heights[0] if row_heights else 0) > room and used:
        pages, used = pages + 1, 0.0
    used += header_height
    for height in row_heights:
        if used + height > room and used > header_height:
            pages, used = pages + 1, header_height
        used += height
        while used > room:
            pages, used = pages + 1, header_height + used - room
    return pages, used


POINTER_LINES = 2  # the note left in a cell whose text moved to the detail row
MOVE_COST = 6  # lines a moved cell counts for when widths are chosen: columns fit their text where they can


def capped(cell_lines: Sequence[int], full_lines: Sequence[int], cap: int) -> tuple[int, tuple[int, ...]]:
    """A row's lines when each cell over `cap` lines moves to a full-width detail row under it, and the moved columns.

    `full_lines` are each cell's lines at the table's full width (its column's name included).
    """
    lines, moved = list(cell_lines), []
    while cap and max(lines) > cap:
        column = lines.index(max(lines))
        moved.append(column)
        lines[column] = POINTER_LINES
    return max(lines) + sum(full_lines[c] for c in moved), tuple(moved)


def detail_columns(cells: Sequence[str], widths: Sequence[float], total_cm: float, size: float, cap: int,
                   name_columns: frozenset[int] = frozenset()) -> tuple[int, ...]:  # fmt: skip
    """Columns of a row whose text is over `cap` lines at its column's width: shown in a detail row under it."""
    lines = [
        line_count(text, (width - CELL_PADDING_CM) * PT_PER_CM, size, whole_names=index in name_columns)
        for index, (text, width) in enumerate(zip(cells, widths, strict=True))
    ]
    full = [line_count(text, (total_cm - CELL_PADDING_CM) * PT_PER_CM, size) + 1 for text in cells]
    return capped(lines, full, cap)[1]
