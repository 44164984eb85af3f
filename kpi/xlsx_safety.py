"""Look inside an untrusted .xlsx without trusting it, before any Excel library opens it.

A workbook is a zip of XML parts. We check, in order: size; that it is a zip at all (an
encrypted or legacy .xls is an OLE file); the zip's declared sizes (zip bombs); macros; XML
entity tricks; and each worksheet's cell references streamed from the XML (a cell at
XFD1048576 makes calamine abort the whole process; twenty million tiny cells hold openpyxl
for minutes). Only a workbook that passes is handed to the fast reader.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from kpi.problems import WARNING, Problem, problem
from kpi.settings import LIMITS, Limits

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Start tags of cells and rows, with or without a namespace prefix; their r attribute in either quote.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|row)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CELL_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_ROW_REF = re.compile(rb"[0-9]{1,7}")
_FORMULA_NO_VALUE = re.compile(
    rb"<c\b[^>]*?\br=\"([A-Z]{1,3}[0-9]{1,7})\"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_CHUNK = 1 << 20


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


@dataclass(frozen=True)
class Inspection:
    """What the safety check found: the sheets, and problems (errors block reading)."""

    sheets: list[SheetInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return not any(p.is_error for p in self.problems)


def column_number(letters: str) -> int:
    """'A' → 1, 'XFD' → 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + (ord(ch) - 64)
    return number


def column_letters(number: int) -> str:
    """1 → 'A', 16384 → 'XFD'."""
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def inspect_xlsx(data: bytes, filename: str | None = None, limits: Limits = LIMITS) -> Inspection:
    """Check an uploaded workbook's bytes; never raises on any input."""
    try:
        return _inspect(data, filename, limits)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError, NotImplementedError, RuntimeError):
        return Inspection(problems=[problem("corrupt_file")])
    except SafeET.ParseError:
        return Inspection(problems=[problem("corrupt_file")])
    except Exception as exc:  # defusedxml's own errors and anything else a hostile file provokes
        if type(exc).__module__.startswith("defusedxml"):
            return Inspection(problems=[problem("xml_entities")])
        return Inspection(problems=[problem("corrupt_file")])


def _inspect(data: bytes, filename: str | None, limits: Limits) -> Inspection:
    if not data:
        return Inspection(problems=[problem("file_empty")])
    if len(data) > limits.max_upload_bytes:
        return Inspection(
            problems=[problem("file_too_large", size_mb=len(data) / 2**20, limit_mb=limits.max_upload_bytes / 2**20)]
        )
    if data.startswith(_OLE_MAGIC):
        return Inspection(problems=[problem("encrypted")])
    lower = (filename or "").lower()
    if not data.startswith(_ZIP_MAGIC):
        return Inspection(problems=[problem("not_xlsx")])
    if filename and not lower.endswith((".xlsx", ".xlsm")):
        return Inspection(problems=[problem("wrong_extension", name=filename[-80:])])

    archive = zipfile.ZipFile(io.BytesIO(data))
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        return Inspection(problems=[problem("too_many_parts", count=len(members))])
    declared = sum(m.file_size for m in members)
    worst_ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if declared > limits.max_unzipped_bytes or (
        worst_ratio > limits.max_compression_ratio and declared > 10 * 1024 * 1024
    ):
        return Inspection(problems=[problem("zip_bomb", size_mb=declared / 2**20)])
    names = {m.filename for m in members}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return Inspection(problems=[problem("macros")])
    if "xl/workbook.xml" not in names:
        return Inspection(problems=[problem("not_xlsx")])
    if any(m.filename.endswith((".xml", ".rels")) and _has_entities(archive, m.filename) for m in members):
        return Inspection(problems=[problem("xml_entities")])

    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
    targets = _relationship_targets(archive)
    declared_sheets = _declared_sheets(workbook, targets, names)
    problems: list[Problem] = []
    sheets: list[SheetInfo] = []
    for info in declared_sheets:
        if info.part is None:
            sheets.append(info)
            continue
        scanned, sheet_problems = _scan_sheet(archive, info, limits)
        sheets.append(scanned)
        problems.extend(sheet_problems)
    return Inspection(sheets=sheets, problems=problems)


def _has_entities(archive: zipfile.ZipFile, name: str) -> bool:
    """A DOCTYPE must come before the root element, so the start of the part is enough."""
    with archive.open(name) as handle:
        head = handle.read(65536)
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def _relationship_targets(archive: zipfile.ZipFile) -> dict[str, str]:
    try:
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    except KeyError:
        return {}
    targets = {}
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id", "")] = target
    return targets


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


def _scan_sheet(archive: zipfile.ZipFile, info: SheetInfo, limits: Limits) -> tuple[SheetInfo, list[Problem]]:
    """Stream a worksheet's XML and find its extent without building it."""
    max_row = max_col = cells = 0
    row = col = 0  # where a cell without an r attribute lands: the next column of the current row
    formulas: set[str] = set()
    problems: list[Problem] = []
    odd_reference = False
    carry = b""
    assert info.part is not None
    with archive.open(info.part) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer = carry + chunk
            if chunk:
                cut = buffer.rfind(b"<")
                cut = cut if cut > 0 else len(buffer)
                work, carry = buffer[:cut], buffer[cut:]
                if len(carry) > 65536:  # a single tag this long is not a real cell
                    work, carry = buffer, b""
            else:
                work, carry = buffer, b""
            for tag, attributes in _TAG.findall(work):
                found = _R_ATTR.search(attributes)
                ref = None if found is None else (found.group(1) if found.group(1) is not None else found.group(2))
                if tag == b"row":
                    if ref is not None and not _ROW_REF.fullmatch(ref):
                        odd_reference = True
                    row = int(ref) if ref is not None and _ROW_REF.fullmatch(ref) else row + 1
                    col = 0
                    max_row = max(max_row, row)
                    continue
                cells += 1
                if ref is None:
                    col += 1
                else:
                    parts = _CELL_REF.fullmatch(ref)
                    if parts is None:  # entities, lower case, spaces: not what Excel writes
                        odd_reference = True
                        continue
                    col = column_number(parts.group(1).decode())
                    row = max(row, int(parts.group(2)))
                    max_row = max(max_row, int(parts.group(2)))
                max_col = max(max_col, col)
            if len(formulas) < 50:
                formulas.update(ref.decode() for ref in _FORMULA_NO_VALUE.findall(work))
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
        problems.append(
            problem(
                "cell_out_of_range",
                sheet=info.name,
                cell=f"{column_letters(max_col)}{max_row}",
                max_rows=limits.max_rows,
                max_col=column_letters(limits.max_columns),
            )
        )
    scanned = SheetInfo(info.name, info.state, info.part, max_row, max_col, cells, frozenset(formulas))
    return scanned, problems


def hidden_sheet_problems(inspection: Inspection, known_titles: set[str]) -> list[Problem]:
    """Hidden template sheets are refused (the user cannot see what they upload); others are skipped."""
    found = []
    for sheet in inspection.sheets:
        if sheet.state != "visible":
            severity = "error" if sheet.name.strip() in known_titles else WARNING
            found.append(problem("hidden_sheet", sheet=sheet.name, severity=severity))
    return found
