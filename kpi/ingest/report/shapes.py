"""Reading the measures table out of text copied from a PDF or a web page, where the cells are not
separated by tabs:

    | ที่ | มาตรการ | ขั้นตอน | …  |        pipe-separated rows (markdown, "│" box drawing); outer
    |---|---|---|                          pipes optional, separator lines skipped
    ๑. มาตรการ …     จัดทำ …     ไตรมาส …  columns separated by runs of two or more spaces (a
                     ต่อ …                 layout export: a cell's column is found by where it
                                           starts, so an empty cell is no shift)
    มาตรการ/โครงการ                        one cell per line: the header is its cells on
    ขั้นตอน                                 consecutive lines, and each row starts with the
    …                                      measure's number ("๑.", "2", "(3)")
    ๑. มาตรการ …

Every way gives rows of raw cells (SourceRow) for kpi.ingest.report.table, like the tab way. The
text has been through reading._check_text (size, lines, line length) before any of these runs, and
every pattern here is a single character class with one quantifier: linear on any line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kpi.ingest.report.cleaning import clean_cell
from kpi.ingest.report.model import Location, SourceRow
from kpi.ingest.report.table import header_cell_field, header_map, is_page_mark, leading_number

_PIPES = str.maketrans({"│": "|", "┃": "|", "║": "|", "¦": "|"})
_RULE_CHARS = " \t|-:=+─━═┼├┤┌┐└┘┬┴╪╫╬"  # a markdown or box-drawing separator line is only these
_ESCAPED_PIPE = "\ue001"  # private-use stand-in for a markdown "\|" while splitting
_GAP = re.compile(r"[ \t]{2,}")
# Thai vowel and tone marks and zero-width characters take no column in a layout export.
_NO_WIDTH = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200b-\u200d\ufeff]")
_MAX_COLUMNS = 12  # a header wider than this is not a measures table


def looks_piped(text: str) -> bool:
    """Whether at least two lines hold two or more pipes (then the pipe way is tried early)."""
    return sum(1 for line in text.translate(_PIPES).split("\n") if line.count("|") >= 2) >= 2


# --- pipes ---------------------------------------------------------------------------------------


def rows_from_pipes(text: str) -> list[SourceRow]:
    """Split rows on "|"; a line without a pipe, or with one cell, is a text line."""
    lines = [(number, raw, raw.strip()) for number, raw in enumerate(text.translate(_PIPES).split("\n"), start=1)]
    piped = [line for _number, _raw, line in lines if "|" in line]
    # Outer pipes ("| a | b |") are a frame, not empty cells; without them ("a | b") a line that
    # starts with "|" has an empty first cell (a page-break continuation), so strip only a frame.
    framed = sum(line.startswith("|") for line in piped) * 2 > len(piped)
    rows = []
    for number, raw, line in lines:
        if "|" not in line:
            rows.append(SourceRow([raw], Location(line=number), line=True))
            continue
        if not line.strip(_RULE_CHARS):
            continue  # |---|:---:|
        line = line.replace("\\|", _ESCAPED_PIPE)
        if framed:
            line = line.removeprefix("|").removesuffix("|")
        cells = [cell.strip().replace(_ESCAPED_PIPE, "|") for cell in line.split("|")]
        rows.append(SourceRow(cells, Location(line=number), line=len(cells) == 1))
    return rows


# --- runs of spaces ------------------------------------------------------------------------------


def _pieces(line: str) -> list[tuple[int, str]]:
    """The line's pieces between runs of 2+ spaces, each with the display column it starts at."""
    pieces: list[tuple[int, str]] = []
    start = 0
    width_lost = 0  # marks before `start` that take no column
    for gap in [*_GAP.finditer(line), None]:
        end = len(line) if gap is None else gap.start()
        piece = line[start:end]
        text = piece.lstrip(" \t")
        if text:
            offset = start + len(piece) - len(text)
            pieces.append((offset - width_lost, text.rstrip(" \t")))
        if gap is None:
            break
        width_lost += len(_NO_WIDTH.findall(line, start, gap.end()))
        start = gap.end()
    return pieces


def _by_position(pieces: list[tuple[int, str]], starts: list[int]) -> list[str]:
    """Cells of a row whose pieces are placed by where they start (empty cells leave no piece)."""
    cells = [""] * len(starts)
    column = -1
    for offset, text in pieces:
        nearest = min(range(len(starts)), key=lambda index: abs(starts[index] - offset))
        if nearest <= column:  # two pieces in one column: the cell holds a double space
            cells[column] = f"{cells[column]} {text}"
            continue
        column = nearest
        cells[column] = text
    return cells


def rows_from_spaces(text: str) -> list[SourceRow]:
    """Split rows on runs of two or more spaces, placing cells under the header's columns."""
    rows: list[SourceRow] = []
    starts: list[int] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        at = Location(line=number)
        pieces = _pieces(line) if "  " in line or "\t" in line else ([(0, line.strip())] if line.strip() else [])
        if starts is None:
            cells = [piece for _offset, piece in pieces]
            if 3 <= len(cells) <= _MAX_COLUMNS and header_map([clean_cell(cell) for cell in cells]) is not None:
                starts = [offset for offset, _piece in pieces]
                rows.append(SourceRow(cells, at))
            else:
                rows.append(SourceRow([line], at, line=True))
            continue
        if len(pieces) == len(starts):
            rows.append(SourceRow([piece for _offset, piece in pieces], at))
        elif len(pieces) >= 2 or (pieces and pieces[0][0] >= 2):
            rows.append(SourceRow(_by_position(pieces, starts), at))
        else:  # blank, or one piece at the margin: a page number, text between or after the table
            rows.append(SourceRow([line], at, line=True))
    return rows


# --- one cell per line ---------------------------------------------------------------------------


def _header_run(fields: list[str | None]) -> tuple[int, int] | None:
    """(first line, width) of the header: the longest run of consecutive lines naming distinct
    fields near the first run that is a header."""
    best: tuple[int, int] | None = None
    index = 0
    while index < len(fields):
        seen: set[str] = set()
        end = index
        while end < len(fields) and end - index < _MAX_COLUMNS and fields[end] and fields[end] not in seen:
            seen.add(fields[end] or "")
            end += 1
        if end - index >= 3 and "name" in seen and (best is None or end - index > best[1]):
            best = (index, end - index)
        if best is not None and index >= best[0] + best[1]:
            break
        index += 1
    return best


def _fit(rest: list[tuple[int, str, str]], width: int, anchor: int) -> Iterator[SourceRow]:
    """Lines between two rows, or after the last (line number, raw, cleaned text).

    A page break leaves a continuation row whose number/name cell is empty (an empty line), often
    after a blank line: whole rows like that are read as rows, a repeated header and a "--" row are
    rows the table skips, and what is left are text lines (warned about between rows; after the
    last row, the report's closing). Of the ways to skip the leading blank lines, the one reading
    the most rows wins, then the one skipping the most.
    """
    lines: list[tuple[int, str, str]] = []
    for item in rest:
        if item[2] and is_page_mark(item[2]):
            yield SourceRow([item[1]], Location(line=item[0]), line=True)  # "- 2 -": the table skips it
        else:
            lines.append(item)
    lead = 0
    while lead < len(lines) and not lines[lead][2]:
        lead += 1
    best: tuple[int, int] = (lead, lead)  # (first line read as a row, end of the rows read)
    for skip in range(lead, max(lead - width, -1), -1):
        end = skip
        while end + width <= len(lines) and _continues(lines[end : end + width], anchor):
            end += width
        if end - skip > best[1] - best[0]:
            best = (skip, end)
    first, end = best
    yield from (SourceRow([raw], Location(line=number), line=True) for number, raw, _clean in lines[:first])
    for start in range(first, end, width):
        chunk = lines[start : start + width]
        yield SourceRow([raw for _number, raw, _clean in chunk], Location(line=chunk[0][0]))
    yield from (SourceRow([raw], Location(line=number), line=True) for number, raw, _clean in lines[end:])


def _continues(chunk: list[tuple[int, str, str]], anchor: int) -> bool:
    """Whether these lines are a whole row the table reads or skips: no number/name, "--" or the header."""
    cells = [clean for _number, _raw, clean in chunk]
    return not cells[anchor] or not cells[anchor].strip("-–—_=. ") or header_map(cells) is not None


def rows_from_cell_lines(text: str) -> list[SourceRow]:
    """Group a table pasted one cell per line into rows, each starting at a measure's number."""
    lines = text.split("\n")
    cleaned = [clean_cell(line) for line in lines]
    found = _header_run([header_cell_field(cell) if cell else None for cell in cleaned])
    if found is None:
        return [SourceRow([line], Location(line=number), line=True) for number, line in enumerate(lines, start=1)]
    head, width = found
    columns = header_map(cleaned[head : head + width]) or {}
    # The number starts the row when the number or name column is the first; else it is `offset` in.
    offset = min(columns.get("no", width), columns.get("name", width))
    rows = [SourceRow([line], Location(line=number), line=True) for number, line in enumerate(lines[:head], start=1)]
    rows.append(SourceRow(lines[head : head + width], Location(line=head + 1)))
    position = head + width
    previous: int | None = None
    index = position + offset
    while index < len(lines):
        number = leading_number(cleaned[index]) if cleaned[index] else None
        if number is None or (previous is not None and number <= previous):
            index += 1
            continue
        start = index - offset
        rows.extend(_fit(_between(lines, cleaned, position, start), width, offset))
        rows.append(SourceRow(lines[start : start + width], Location(line=start + 1)))
        previous = number
        position = start + width
        index = position + offset
    rows.extend(_fit(_between(lines, cleaned, position, len(lines)), width, offset))
    return rows


def _between(lines: list[str], cleaned: list[str], start: int, end: int) -> list[tuple[int, str, str]]:
    return [(index + 1, lines[index], cleaned[index]) for index in range(start, end)]
