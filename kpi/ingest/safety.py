"""Look inside an untrusted .xlsx or .docx without trusting it, before any Office library opens it.

A workbook is a zip of XML parts. We check, in order: size; that it is a zip at all (an
encrypted or legacy .xls is an OLE file); then `guard_zip`, the one zip guard for every untrusted
Office file (uploads and imported reports alike): the zip's declared sizes (zip bombs),
encryption, macros (a VBA project, macro sheet or ActiveX control found by content type,
relationship or the bytes of any binary part, never by its part name alone) and XML entity
tricks; then `scan_workbook` (kpi.ingest.xlsx_scan) streams each worksheet's XML for its extent,
cell count and text. Only a workbook that passes is handed to a reader.
"""

from __future__ import annotations

import io
import zipfile

from defusedxml import ElementTree as SafeET

from kpi.core.problems import WARNING, Problem, problem
from kpi.core.settings import LIMITS, Limits
from kpi.ingest.xlsx_scan import Inspection, scan_workbook

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
_HEAD = 65536
# What a VBA project, an Excel 4.0 macro sheet or an ActiveX control looks like in a package,
# whatever its part is called (lower case: content types are case-insensitive).
_MACRO_TYPES = (b"vbaproject", b"vbadata", b"macroenabled", b"macrosheet", b"activex")
# An OLE compound file holding a VBA project always has a "_VBA_PROJECT" stream (names are UTF-16).
_VBA_MARKERS = (b"_vba_project",)
_OLE_VBA_STORAGE = "vba\0".encode("utf-16-le")  # the "VBA" storage's directory entry name


def _encodings(markers: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """Each ASCII marker as it appears in UTF-8, UTF-16-LE and UTF-16-BE text."""
    found: list[bytes] = []
    for marker in markers:
        text = marker.decode("ascii")
        found += [marker, text.encode("utf-16-le"), text.encode("utf-16-be")]
    return tuple(found)


_MACRO_TYPE_BYTES = _encodings(_MACRO_TYPES)
_VBA_BYTES = _encodings(_VBA_MARKERS)
_ENTITY_BYTES = _encodings((b"<!DOCTYPE", b"<!ENTITY"))


class UnsafeFile(Exception):
    """The zip guard refused an untrusted file; `problem` says why (a Problem from the catalogue)."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found.code)
        self.problem = found


def guard_zip(data: bytes, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """Open an untrusted Office zip (.xlsx, .docx) or raise UnsafeFile: the one zip guard.

    Checked from the zip's directory and the parts' bytes, before any library parses a part: how
    many parts, their declared unzipped size and compression ratio (zip bombs), encryption, XML
    DOCTYPE/ENTITY (billion laughs, XXE) and macros, found by content type, relationship and
    content rather than by part name.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeFile(problem("corrupt_file")) from exc
    if len(members) > limits.max_zip_members:
        raise UnsafeFile(problem("too_many_parts", count=len(members)))
    declared = sum(m.file_size for m in members)
    worst_ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if declared > limits.max_unzipped_bytes or (
        worst_ratio > limits.max_compression_ratio and declared > 10 * 1024 * 1024
    ):
        raise UnsafeFile(problem("zip_bomb", size_mb=declared / 2**20))
    if any(m.flag_bits & 0x1 for m in members):
        raise UnsafeFile(problem("encrypted"))
    kinds = {m.filename: _looks_like_xml(m.filename, _head(archive, m, 4096)) for m in members}
    if _has_macros(archive, members, kinds):
        raise UnsafeFile(problem("macros"))
    if any(kinds[m.filename] and _has_entities(archive, m) for m in members):
        raise UnsafeFile(problem("xml_entities"))
    return archive


def _head(archive: zipfile.ZipFile, member: zipfile.ZipInfo, size: int = _HEAD) -> bytes:
    with archive.open(member) as handle:
        return handle.read(size)


def _looks_like_xml(name: str, head: bytes) -> bool:
    """XML by name or by its first bytes (a part may be named anything)."""
    if name.lower().endswith((".xml", ".rels", ".vml")):
        return True
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.lstrip()[:1] == b"<"


def _part_contains(archive: zipfile.ZipFile, member: zipfile.ZipInfo, markers: tuple[bytes, ...]) -> bool:
    """Whether any (lower-case) marker occurs in the part, streamed in chunks that overlap by a marker."""
    overlap = max(len(m) for m in markers) - 1
    tail = b""
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk.lower()
            if any(marker in window for marker in markers):
                return True
            tail = window[-overlap:]
    return False


def _has_macros(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], xml: dict[str, bool]) -> bool:
    """A VBA project, macro sheet or ActiveX control under any part name."""
    for member in members:
        name = member.filename.lower()
        if name.endswith("vbaproject.bin"):
            return True
        if name == "[content_types].xml" or name.endswith(".rels"):
            # Declared by content type (vbaProject, a macroEnabled main part…) or by relationship.
            if _part_contains(archive, member, _MACRO_TYPE_BYTES):
                return True
        elif not xml[member.filename]:
            # A binary part (OLE object, "image", anything) holding a VBA project's streams.
            markers = _VBA_BYTES
            if _head(archive, member, 8) == _OLE_MAGIC:
                markers += (_OLE_VBA_STORAGE,)
            if _part_contains(archive, member, markers):
                return True
    return False


def inspect_xlsx(data: bytes, filename: str | None = None, limits: Limits = LIMITS) -> Inspection:
    """Check an uploaded workbook's bytes; never raises on any input."""
    try:
        return _inspect(data, filename, limits)
    except UnsafeFile as exc:
        return Inspection(problems=[exc.problem])
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
    archive = guard_zip(data, limits)
    if "xl/workbook.xml" not in archive.namelist():
        return Inspection(problems=[problem("not_xlsx")])
    return scan_workbook(archive, limits)


def _has_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """A DOCTYPE must come before the root element, so the start of the part is enough."""
    head = _head(archive, member)
    return any(marker in head for marker in _ENTITY_BYTES)


def hidden_sheet_problems(inspection: Inspection, known_titles: set[str]) -> list[Problem]:
    """Hidden template sheets are refused (the user cannot see what they upload); others are skipped."""
    found = []
    for sheet in inspection.sheets:
        if sheet.state != "visible":
            severity = "error" if sheet.name.strip() in known_titles else WARNING
            found.append(problem("hidden_sheet", sheet=sheet.name, severity=severity))
    return found
