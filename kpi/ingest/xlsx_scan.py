"""Stream a guarded workbook zip's XML for what a reader would face, without building any of it.

`scan_workbook` reads each worksheet's XML in chunks for its cell references, cell count and the
text its cells point at (a cell at XFD1048576 makes calamine abort the whole process; twenty
million tiny cells hold openpyxl for minutes; one long shared string in many cells is copied into
each). It runs only on a zip that passed kpi.ingest.safety.guard_zip.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from array import array
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from openpyxl.utils import column_index_from_string, get_column_letter

from kpi.core.problems import Problem, problem
from kpi.core.settings import LIMITS, Limits
from kpi.ingest.xlsx_fast import SHARED_TYPE as _SHARED_TYPE
from kpi.ingest.xlsx_fast import regular_chunk as _regular_chunk

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Every pattern below runs on untrusted bytes, so none may backtrack: runs are possessive
# (`*+`) or stop at the next "<", and every alternative is tried at most once per "<".
# Start tags of cells and rows, with or without a namespace prefix, and a shared-string cell's
# index (`<c … t="s"><v>12</v>`) when the value follows the tag at once. An r attribute written
# first, as Excel writes it, is read by the pattern itself (the fast path of the scan).
_TAG = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*+:)?(c|row)(?=[\s/>])(?:\s++r=\"([A-Z]{0,3})([0-9]{1,7})\"(?=[\s/>]))?([^<>]*+)>"
    rb"(?:\s*+<(?:[A-Za-z_][\w.-]*+:)?v>\s*+([0-9]++)\s*+<)?"
)
_R_ATTR = re.compile(rb"(?:^|\s)r\s*+=\s*+(?:\"([^\"<>]{0,32})\"|'([^'<>]{0,32})')")
_LAST_NAMED_COLUMN = 18_278  # ZZZ: openpyxl names columns up to three letters
_CELL_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_ROW_REF = re.compile(rb"[0-9]{1,7}")
# A cell whose formula has no cached value: `<c r="B2"><f>1+1</f></c>` or `…<v/></c>`; its r
# attribute is read from the captured start tag.
_FORMULA_NO_VALUE = re.compile(
    rb"<c\s([^<>]*+)>\s*+<f\b(?:[^<>]*+(?<=/)>|[^<>]*+>[^<]*+</f>)\s*+(?:<v\s*+/>|<v>\s*+</v>)?\s*+</c>"
)
# Shared strings: each <si> is one string, and the size of its element bounds the text a reader
# copies into every cell that points at it (never less than the real text).
_SST_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*+:)?si(?=[\s/>])")
_CHUNK = 1 << 20
_LONGEST_TAG = 65536  # a single tag longer than this is not a real cell: scanned as it is


@dataclass(frozen=True)
class SheetInfo:
    """One sheet as the workbook declares it."""

    name: str
    state: str  # visible | hidden | veryHidden
    part: str | None  # zip member of its XML, None for chart sheets
    max_row: int = 0
    max_col: int = 0
    cells: int = 0
    formulas_without_value: frozenset[str] = frozenset()
    text_bytes: int = 0  # UTF-8 size of the text its cells point at or hold inline (what a reader copies)


@dataclass(frozen=True)
class Inspection:
    """What the safety check found: the sheets, and problems (errors block reading)."""

    sheets: list[SheetInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return not any(p.is_error for p in self.problems)


def scan_workbook(archive: zipfile.ZipFile, limits: Limits = LIMITS) -> Inspection:
    """The sheets of a guarded workbook zip, each streamed for its extent, cells and text.

    Raises like zipfile/defusedxml on a broken part; inspect_xlsx turns that into a problem.
    """
    names = set(archive.namelist())
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
    targets, shared_part = _relationship_targets(archive)
    shared = _shared_string_sizes(archive, shared_part if shared_part in names else None, limits)
    if isinstance(shared, Problem):
        return Inspection(problems=[shared])
    problems: list[Problem] = []
    sheets: list[SheetInfo] = []
    # A reader holds every shared string once, then a copy in every cell that points at one.
    text_bytes = sum(shared.sizes)
    for info in _declared_sheets(workbook, targets, names):
        if info.part is None:
            sheets.append(info)
            continue
        scanned, sheet_problems = _scan_sheet(archive, info, limits, shared)
        sheets.append(scanned)
        problems.extend(sheet_problems)
        text_bytes += scanned.text_bytes
    cells = sum(sheet.cells for sheet in sheets)
    rows = sum(sheet.max_row for sheet in sheets)
    if not problems and cells > limits.max_cells_total:
        problems.append(problem("too_many_cells_total", count=cells, limit=limits.max_cells_total))
    if not problems and rows > limits.max_rows_total:
        problems.append(problem("too_many_rows_total", count=rows, limit=limits.max_rows_total))
    if not problems and text_bytes > limits.max_text_bytes:
        problems.append(problem("too_much_text", size_mb=text_bytes / 2**20, limit_mb=limits.max_text_bytes / 2**20))
    return Inspection(sheets=sheets, problems=problems)


@dataclass(frozen=True)
class _SharedStrings:
    """The UTF-8 size of each shared string's text, and the largest (for cells we cannot index)."""

    sizes: array[int]
    largest: int


def _shared_string_sizes(archive: zipfile.ZipFile, part: str | None, limits: Limits) -> _SharedStrings | Problem:
    """Stream the shared-strings part: a reader copies string i into every cell that points at it."""
    sizes: array[int] = array("Q")
    if part is None:
        return _SharedStrings(sizes, 0)
    carry = b""
    last = -1  # where the latest <si> started in the bytes seen so far
    seen = 0  # bytes of the part before the current work buffer
    with archive.open(part) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            work, carry = _cut(carry + chunk, final=not chunk)
            starts = [seen + match.start() for match in _SST_START.finditer(work)]
            if starts:
                if last >= 0:
                    sizes.append(starts[0] - last)
                sizes.extend(b - a for a, b in itertools.pairwise(starts))
                last = starts[-1]
                if len(sizes) > limits.max_cells_total:
                    return problem("too_many_cells_total", count=len(sizes), limit=limits.max_cells_total)
            seen += len(work)
            if not chunk:
                break
    if last >= 0:
        sizes.append(seen - last)
    return _SharedStrings(sizes, max(sizes, default=0))


def _cut(buffer: bytes, final: bool) -> tuple[bytes, bytes]:
    """Split a streamed buffer before its last "<", so no tag is cut in two (the rest is carried)."""
    if final:
        return buffer, b""
    cut = buffer.rfind(b"<")
    cut = cut if cut > 0 else len(buffer)
    work, carry = buffer[:cut], buffer[cut:]
    if len(carry) > _LONGEST_TAG:
        return buffer, b""
    return work, carry


def _relationship_targets(archive: zipfile.ZipFile) -> tuple[dict[str, str], str]:
    """The workbook's relationship targets by id, and its shared-strings part."""
    shared = "xl/sharedStrings.xml"
    try:
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    except KeyError:
        return {}, shared
    targets = {}
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id", "")] = target
        if rel.get("Type", "").endswith("/sharedStrings"):
            shared = target
    return targets, shared


def _declared_sheets(workbook: Element, targets: dict[str, str], names: set[str]) -> list[SheetInfo]:
    sheets = []
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_NS_REL}id", ""))
        is_worksheet = part is not None and part in names and "/worksheets/" in part
        sheets.append(
            SheetInfo(
                name=sheet.get("name", ""),
                state=sheet.get("state", "visible"),
                part=part if is_worksheet else None,
            )
        )
    return sheets


def _scan_sheet(
    archive: zipfile.ZipFile, info: SheetInfo, limits: Limits, shared: _SharedStrings
) -> tuple[SheetInfo, list[Problem]]:
    """Stream a worksheet's XML and find its extent, cell count and text size without building it."""
    max_row = max_col = cells = text_bytes = 0
    row = col = 0  # where a cell without an r attribute lands: the next column of the current row
    formulas: set[str] = set()
    problems: list[Problem] = []
    odd_reference = False
    carry = b""
    sizes, count = shared.sizes, len(shared.sizes)
    columns: dict[bytes, int] = {}
    inline = False
    assert info.part is not None
    with archive.open(info.part) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            work, carry = _cut(carry + chunk, final=not chunk)
            fast = _regular_chunk(work, (row, max_row, max_col, cells, text_bytes), shared, columns)
            if fast is not None:  # every tag as Excel writes it: counted a chunk at a time (kpi.ingest.xlsx_fast)
                row, col, max_row, max_col, cells, text_bytes = fast
            for tag, letters, digits, attributes, index in [] if fast is not None else _TAG.findall(work):
                if (b"s'" in attributes or b's"' in attributes) and tag == b"c" and _SHARED_TYPE.search(attributes):
                    # A cell we cannot index costs as much as the largest string: never less than real.
                    number_text = index.lstrip(b"0") or b"0"
                    number = int(number_text) if index and len(number_text) <= 12 else -1
                    text_bytes += sizes[number] if 0 <= number < count else shared.largest
                if digits:
                    ref: bytes | None = letters + digits
                else:
                    found = _R_ATTR.search(attributes)
                    ref = None if found is None else (found.group(1) if found.group(1) is not None else found.group(2))
                if tag == b"row":
                    if ref is not None and not _ROW_REF.fullmatch(ref):
                        odd_reference = True
                    row = int(ref) if ref is not None and _ROW_REF.fullmatch(ref) else row + 1
                    col = 0
                    if row > max_row:
                        max_row = row
                    continue
                cells += 1
                if ref is None:
                    col += 1
                else:
                    if digits and letters:
                        column_text, row_text = letters, digits
                    else:
                        parts = _CELL_REF.fullmatch(ref)
                        if parts is None:  # entities, lower case, spaces: not what Excel writes
                            odd_reference = True
                            continue
                        column_text, row_text = parts.group(1), parts.group(2)
                    col = columns.get(column_text) or columns.setdefault(
                        column_text, column_index_from_string(column_text.decode())
                    )
                    cell_row = int(row_text)
                    if cell_row > row:
                        row = cell_row
                    if cell_row > max_row:
                        max_row = cell_row
                if col > max_col:
                    max_col = col
            inline = inline or b"inlineStr" in work
            if len(formulas) < 50:
                for attributes in _FORMULA_NO_VALUE.findall(work):
                    found = _R_ATTR.search(attributes)
                    ref = None if found is None else (found.group(1) or found.group(2))
                    if ref is not None and _CELL_REF.fullmatch(ref):
                        formulas.add(ref.decode())
            if cells > limits.max_cells_per_sheet:
                problems.append(
                    problem("too_many_cells", sheet=info.name, count=cells, limit=limits.max_cells_per_sheet)
                )
                break
            if not chunk:
                break
    if not problems and odd_reference:
        problems.append(problem("odd_cell_reference", sheet=info.name))
    if not problems and (max_row > limits.max_rows or max_col > limits.max_columns):
        cell, last_column = _cell_name(max_col, max_row), get_column_letter(limits.max_columns)
        problems.append(
            problem("cell_out_of_range", sheet=info.name, cell=cell, max_rows=limits.max_rows, max_col=last_column)
        )
    if inline:  # text written in the sheet itself: never more than the part's size
        text_bytes += archive.getinfo(info.part).file_size
    scanned = SheetInfo(info.name, info.state, info.part, max_row, max_col, cells, frozenset(formulas), text_bytes)
    return scanned, problems


def _cell_name(column: int, row: int) -> str:
    """'XFD1048577'; past Excel's last column name (ZZZ) or before A, Excel's other notation R1C1."""
    if 1 <= column <= _LAST_NAMED_COLUMN:
        return f"{get_column_letter(column)}{row}"
    return f"R{row}C{column}"


# Number formats that show a cell's value ×100 with a "%": Excel's built-in 9 ("0%") and 10
# ("0.00%"), or a custom code with a "%" outside quoted text (`0.0"%"` shows a literal sign only).
_PERCENT_BUILTIN = frozenset({9, 10})
_QUOTED = re.compile(r'"[^"]*"?')
_MAX_STYLES = 65_536  # Excel keeps at most 64,000 cell formats: more is not a real workbook
_S_ATTR = re.compile(rb"(?:^|\s)s\s*+=\s*+[\"']([0-9]{1,6})[\"']")


def percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Style indexes (a cell's s="…") whose number format is a percent; empty when none or unreadable.

    Streamed: styles.xml declares numFmts before cellXfs, so parsing stops at the end of cellXfs.
    """
    part = _styles_part(archive)
    if part is None:
        return frozenset()
    codes: dict[int, str] = {}
    found: set[int] = set()
    index = 0
    in_cell_xfs = False
    try:
        with archive.open(part) as handle:
            for event, element in SafeET.iterparse(handle, events=("start", "end"), forbid_dtd=True):
                tag = element.tag.rsplit("}", 1)[-1]
                if event == "start":
                    in_cell_xfs = in_cell_xfs or tag == "cellXfs"
                    continue
                if tag == "numFmt":
                    number = _small_int(element.get("numFmtId"))
                    if number is not None and len(codes) < _MAX_STYLES:
                        codes[number] = (element.get("formatCode") or "")[:255]
                elif tag == "xf" and in_cell_xfs:
                    number = _small_int(element.get("numFmtId"))
                    if number is not None and _is_percent_format(number, codes):
                        found.add(index)
                    index += 1
                    if index >= _MAX_STYLES:
                        break
                elif tag == "cellXfs":
                    break
                element.clear()  # keep memory flat whatever the part holds
    except Exception:  # an unreadable styles part: no cell counts as percent, so fractions are asked about
        return frozenset()
    return frozenset(found)


def _styles_part(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    try:
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
        for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
            if rel.get("Type", "").endswith("/styles"):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else "xl/" + target
                return target if target in names else None
    except (KeyError, SafeET.ParseError):
        pass
    return "xl/styles.xml" if "xl/styles.xml" in names else None


def _small_int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() and len(text) <= 6 else None


def _is_percent_format(number: int, codes: dict[int, str]) -> bool:
    if number in codes:
        return "%" in _QUOTED.sub("", codes[number])
    return number in _PERCENT_BUILTIN


def percent_cells(
    archive: zipfile.ZipFile, part: str, columns: frozenset[int], styles: frozenset[int], limits: Limits = LIMITS
) -> frozenset[str]:
    """References ('D2') of the cells in `columns` (1-based) whose style is one of `styles`.

    One streamed pass over the sheet's XML, tracking cells without an r attribute as readers do;
    at most one entry per row of each column asked about, and none past the sheet limits.
    """
    found: set[str] = set()
    if not columns or not styles:
        return frozenset()
    row = col = 0
    carry = b""
    with archive.open(part) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            work, carry = _cut(carry + chunk, final=not chunk)
            for tag, letters, digits, attributes, _index in _TAG.findall(work):
                if digits:
                    ref: bytes | None = letters + digits
                else:
                    match = _R_ATTR.search(attributes)
                    ref = None if match is None else (match.group(1) if match.group(1) is not None else match.group(2))
                if tag == b"row":
                    row = int(ref) if ref is not None and _ROW_REF.fullmatch(ref) else row + 1
                    col = 0
                    continue
                parts = _CELL_REF.fullmatch(ref) if ref is not None else None
                if parts is not None:
                    col, row = column_index_from_string(parts.group(1).decode()), int(parts.group(2))
                else:
                    col += 1
                if col not in columns or row > limits.max_rows:
                    continue
                style = _S_ATTR.search(attributes)
                if style is not None and int(style.group(1)) in styles:
                    found.add(_cell_name(col, row))
            if not chunk:
                break
    return frozenset(found)
