"""Import a published "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน".

The report is a six-column table, usually preceded by title lines (domain.md §1):

    รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี พ.ศ. ๒๕๖๘   ← fiscal year
    องค์การบริหารส่วนตำบลบ้านผือ ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย                ← organisation
    ┌──────────────────┬──────────────┬───────────┬────────────┬─────────────┬───────────────┐
    │ มาตรการ/โครงการ/  │ ขั้นตอนหรือ    │ ช่วงระยะเวลา │ ผู้รับผิดชอบ   │ ผลการดำเนินการ │ ผลลัพธ์หรือ      │  ← header, found by
    │ กิจกรรม           │ วิธีการปฏิบัติ   │            │            │ (output)    │ ผลสัมฤทธิ์       │    its words, not
    ├──────────────────┼──────────────┼───────────┼────────────┼─────────────┼───────────────┤    its position
    │ ๑. มาตรการ “…”    │ …            │ ไตรมาสที่ ๑-๔ │ อบต.บ้านผือ  │ …           │ …             │  ← a measure
    │ (empty)          │ …rest of cell │           │            │             │               │  ← page break: the
    │ ที่ | มาตรการ | …  (the header repeated on a new page: skipped)                         │    cells continue the
    │ -- | --- | --    (a separator row: skipped)                                           │    measure above
    └──────────────────┴──────────────┴───────────┴────────────┴─────────────┴───────────────┘

Accepted files: the text/tab-separated export of such a table (.txt/.tsv, HTML fragments allowed),
.csv, .docx (python-docx) and .xlsx (openpyxl). The format is sniffed from the bytes first, the
file name second.

Text clean-up, the same for every format:
- Markup is removed and entities unescaped. Block boundaries (<p>, <li>, <div>, <tr>…, and Word
  paragraphs) become a newline "\\n": the source marked them as separate paragraphs or list items.
- A raw line break inside a cell (a newline in a text/CSV/Excel cell, <br>, a manual line break
  in Word, and the seam where a page-break continuation row is appended) is a line-wrap artefact:
  between two Thai letters it is removed (Thai lines wrap inside words), before a list marker
  ("๑)", "-", "•") it stays a newline, otherwise it becomes a space. An abbreviation such as
  "พ.ศ." after the break keeps a space. Spaces that exist in the source are kept: Thai uses them
  to separate phrases, and we cannot tell a phrase space from a wrap there.
- A cell that starts with "- " and runs several "- " items together is split into lines.
- Runs of spaces collapse to one; NBSP and zero-width characters go; each line is trimmed.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import itertools
import json
import os
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any, TextIO

from kpi.cli.parser import ThaiArgumentParser
from kpi.core.fiscal import be_year
from kpi.core.messages import (
    REPORT_FIELD_LABELS,
    REPORT_IMPORT,
    REPORT_METRIC_LABELS,
    REPORT_OP_LABELS,
    REPORT_SOURCE_LABELS,
)
from kpi.core.problems import Problem
from kpi.core.settings import LIMITS, Limits
from kpi.core.text_safety import clean_text, clean_tree
from kpi.core.thai import to_arabic_digits
from kpi.ingest.report.periods import parse_period
from kpi.ingest.report.target_text import Target, extract_targets
from kpi.ingest.safety import UnsafeFile, guard_zip, scan_workbook
from kpi.privacy.redaction import redact

__all__ = [
    "ImportedMeasure",
    "ImportedReport",
    "ReportImportError",
    "Target",
    "main_import_report",
    "parse_report",
]

# Limits. The file goes through the same safety gate as a workbook upload (kpi.ingest.safety), with
# the report's own limits from kpi.core.settings.Limits; the names here are read at call time.
MAX_FILE_BYTES = LIMITS.max_upload_bytes  # refuse larger files outright
MAX_UNZIPPED_BYTES = LIMITS.report_max_unzipped_bytes  # declared total size of a .docx/.xlsx's parts (zip-bomb guard)
MAX_ZIP_MEMBERS = LIMITS.report_max_zip_members  # parts in a .docx/.xlsx
MAX_ROWS = LIMITS.report_max_rows  # rows (text lines, table rows) in one file or sheet
MAX_CELLS = LIMITS.report_max_cells  # cells in one worksheet of a report workbook
MAX_CHARS = LIMITS.report_max_chars  # characters of text in the whole report
MAX_LINE_CHARS = LIMITS.report_max_line_chars  # characters in one line or cell, before any pattern runs
MAX_XML_BYTES = LIMITS.report_max_xml_bytes  # a .docx's XML parts, before python-docx builds their tree
MAX_WARNINGS = LIMITS.report_max_warnings  # warnings listed before the rest are summed up
MAX_SHEET_COLUMNS = LIMITS.report_max_sheet_columns  # columns read from one worksheet
# Excel's own sheet size: a report workbook may use any of it (the importer reads 60 columns), but a
# cell beyond it is a damaged or hostile file.
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384

KINDS = ("มาตรการ", "โครงการ", "กิจกรรม")
DEFAULT_KIND = "มาตรการ"
_FIELDS = ("no", "name", "steps", "period", "responsible", "output", "outcome")
_FIELD_LABELS = REPORT_FIELD_LABELS
_METRIC_LABELS = REPORT_METRIC_LABELS
_OP_LABELS = REPORT_OP_LABELS
_SOURCE_LABELS = REPORT_SOURCE_LABELS
MESSAGES = REPORT_IMPORT


class ReportImportError(Exception):
    """The file is not a measures report we can read: `code` says why (stable), message_th in Thai.

    The codes are the keys of REPORT_IMPORT used for refusals: too_large, empty, unsupported,
    legacy_office, pdf, corrupt, zip_bomb, too_many_parts, xml_entities, macros, too_many_cells,
    cell_out_of_range, too_much_text, document_too_large, line_too_long, undecodable, too_many_rows, no_table,
    no_measures, unreadable.
    """

    def __init__(self, code: str, message_th: str) -> None:
        super().__init__(message_th)
        self.code = code
        self.message_th = message_th


def _refusal(code: str, **fields: Any) -> ReportImportError:
    """The error for a refusal code, its Thai text from the catalogue."""
    return ReportImportError(code, _safe_message(MESSAGES[code].format(**fields)))


def _safe_message(text: str) -> str:
    """A message as it may be shown, printed or logged: a location or quote in it comes from the
    file (a sheet name, a cell, a line), so control/bidi characters go and identities are masked."""
    return redact(clean_text(text))


def _quote(text: str, limit: int = 60) -> str:
    """Report text quoted in a warning: masked before it is shortened, so no cut can hide an identity."""
    return _one_line(redact(clean_text(text)), limit)


def _unsupported(filename: str) -> ReportImportError:
    """ "This kind of file is not supported", naming only a plain extension, never the file name:
    a name is often a person's name or phone number, and may hold characters that forge output."""
    extension = clean_text(PurePath(clean_text(filename or "")).suffix).lower()
    if _PLAIN_EXTENSION.match(extension) and redact(extension) == extension:
        return ReportImportError("unsupported", MESSAGES["unsupported"].format(extension=extension))
    return ReportImportError("unsupported", MESSAGES["unsupported_unnamed"])


_PLAIN_EXTENSION = re.compile(r"^\.[a-z][a-z0-9]{0,7}$")


def _report_limits() -> Limits:
    """The upload gate's limits as they apply to a report (module names read now, for tests)."""
    return replace(
        LIMITS,
        max_upload_bytes=MAX_FILE_BYTES,
        max_unzipped_bytes=MAX_UNZIPPED_BYTES,
        max_zip_members=MAX_ZIP_MEMBERS,
        max_rows=_EXCEL_ROWS,
        max_columns=_EXCEL_COLUMNS,
        max_cells_per_sheet=MAX_CELLS,
        max_cells_total=MAX_CELLS * 4,
        max_rows_total=_EXCEL_ROWS * 8,  # rows are counted by the cell scan and read up to MAX_ROWS
        max_text_bytes=MAX_CHARS * 6,  # UTF-8 bytes (three a Thai letter), held once and copied once
    )


# A refusal by the shared safety gate, as the importer says it.
_GATE_CODES = {
    "corrupt_file": "corrupt",
    "odd_cell_reference": "corrupt",
    "encrypted": "legacy_office",
    "zip_bomb": "zip_bomb",
    "too_many_parts": "too_many_parts",
    "xml_entities": "xml_entities",
    "macros": "macros",
    "too_many_cells": "too_many_cells",
    "too_many_cells_total": "too_many_cells",
    "too_many_rows_total": "too_many_rows",
    "cell_out_of_range": "cell_out_of_range",
    "too_much_text": "too_much_text",
}


def _gate_refusal(found: Problem) -> ReportImportError:
    code = _GATE_CODES.get(found.code, "unreadable")
    return _refusal(code, limit={"too_much_text": MAX_CHARS, "too_many_rows": MAX_ROWS}.get(code, MAX_CELLS))


@dataclass(frozen=True)
class ImportedMeasure:
    """One row of the measures table, continuation rows merged in."""

    no: int
    name: str
    kind: str
    steps: str
    period_text: str
    quarters: list[int]
    responsible: str
    output: str
    outcome: str
    targets: list[Target]

    def to_json_dict(self) -> dict[str, Any]:
        """The measure as plain JSON-ready values."""
        return {
            "no": self.no,
            "name": self.name,
            "kind": self.kind,
            "steps": self.steps,
            "quarters": list(self.quarters),
            "responsible": self.responsible,
            "output": self.output,
            "outcome": self.outcome,
            "targets": [_target_json(target) for target in self.targets],
        }


@dataclass(frozen=True)
class ImportedReport:
    """An imported report: organisation, BE fiscal year, measures in order, Thai warnings."""

    organization: str | None
    fiscal_year: int | None
    measures: list[ImportedMeasure]
    warnings: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values (see the CLI's --json)."""
        return {
            "organization": self.organization,
            "fiscal_year": self.fiscal_year,
            "measures": [measure.to_json_dict() for measure in self.measures],
            "warnings": [_safe_message(warning) for warning in self.warnings],
        }


def _target_json(target: Target) -> dict[str, Any]:
    value: float | int | None = target.value
    if value is not None and float(value).is_integer():
        value = int(value)
    return {
        "metric": target.metric,
        "op": target.op,
        "value": value,
        "unit": target.unit,
        "source": target.source,
        "text": target.text,
    }


# --- text clean-up --------------------------------------------------------------------------

_BLOCK = "\ue000"  # private-use marker for a hard paragraph boundary while cleaning
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|div|tr|td|th|table|tbody|thead|tfoot|h[1-6]|blockquote|section|article)\b[^<>]*>",
    re.IGNORECASE,
)
_BR_TAG = re.compile(r"<br\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[^\S\n]+")
_SPACE_CONTROLS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x1f\x85"), " ")
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # nikhahit + aa from PDF text → sara am
# A Thai letter that can end a syllable (consonant, vowel or tone mark; not ฯ ๆ or a digit)…
_THAI_END = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]$")
# …and one that can start a word (consonant or leading vowel), unless it opens an abbreviation
# like "พ.ศ." or "ต.ค." that is written after a space.
_THAI_START = re.compile("^[\u0e01-\u0e2e\u0e40-\u0e44]")
_ABBREVIATION_START = re.compile("^[\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e31-\u0e3a\u0e47-\u0e4e]*\\.")
_THAI_END_CLASS = "[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]"
_LIST_MARKER_PATTERN = r"(?:[-–•*·▪●○◦]|\(?\d{1,3}(?:\.\d{1,3})*[.)])(?:\s|$)"
_AROUND_BREAK = re.compile(r" *\n[\n ]*")
_WRAP_IN_WORD = re.compile(
    f"(?<={_THAI_END_CLASS})\n(?=[\u0e01-\u0e2e\u0e40-\u0e44])"
    "(?![\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e31-\u0e3a\u0e47-\u0e4e]*\\.)"
)
_WRAP_NOT_LIST = re.compile(f"\n(?!{_LIST_MARKER_PATTERN})")
_BULLETED = re.compile(r"^[-•] ")
_BULLET_SEAM = re.compile(r" (?=[-•] [^\d\s])")
_LIST_MARKER = re.compile("^" + _LIST_MARKER_PATTERN)


def _seam(left: str, right: str) -> str:
    """What goes between two pieces of one cell split by a line wrap or a page break."""
    if _LIST_MARKER.match(right):
        return "\n"
    if _THAI_END.search(left[-1:]) and _THAI_START.match(right) and not _ABBREVIATION_START.match(right):
        return ""
    return " "


def _join_fragments(left: str, right: str) -> str:
    """Join two pieces of one cell split by a line wrap or a page break (see module docstring)."""
    if not left:
        return right
    if not right:
        return left
    return left + _seam(left, right) + right


def _strip_comments(text: str) -> str:
    """Remove <!-- … --> (an unclosed comment runs to the end), in one linear pass."""
    pieces = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        pieces.append(text[position:start])
        end = text.find("-->", start + 4)
        position = len(text) if end < 0 else end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def clean_cell(raw: str) -> str:
    """One cell's text without markup, with normalised whitespace and line wraps joined.

    Control, bidi-override and XML-illegal characters (ESC, NUL, U+FFFF …, raw or as entities) are
    removed: whatever is read here is shown, printed and written to the review workbook, and an
    Excel/XML writer refuses them outright.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", _BLOCK)
    if "<" in text:
        text = _strip_comments(text)
        text = _BLOCK_TAG.sub(_BLOCK, text)
        text = _BR_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    # Form feed, NEL and the other separator controls are whitespace in the source: a space, not glue.
    text = clean_text(text.translate(_SPACE_CONTROLS))
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = _SARA_AM.sub("\\1\u0e33", text)
    text = _SPACES.sub(" ", text.replace(_BLOCK, "\n\n"))
    paragraphs: list[str] = []
    for block in text.split("\n\n"):
        # The same decisions as _seam, for every line break of the block at once.
        joined = _AROUND_BREAK.sub("\n", block).strip("\n ")
        joined = _WRAP_IN_WORD.sub("", joined)
        joined = _WRAP_NOT_LIST.sub(" ", joined)
        if _BULLETED.match(joined):
            # "- ก - ข": a list whose items the export ran together on one line.
            joined = _BULLET_SEAM.sub("\n", joined)
        if joined:
            paragraphs.append(joined)
    return "\n".join(paragraphs)


def _one_line(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- reading the file into rows -------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """Raw cells of one row and where it was, for messages. `line` rows are text outside tables."""

    cells: list[str]
    where: str
    line: bool = False


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_EXTENSIONS = {".txt", ".tsv", ".csv", ".text", ".tab", ""}


def _decode(data: bytes) -> str:
    """Bytes to text: BOMs first (UTF-8, UTF-16), then UTF-8, then Thai Windows/TIS-620."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    # UTF-16 without a BOM: every other byte of ASCII-ish text is zero.
    sample = data[:4000]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-le")
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp874", "tis_620"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refusal("undecodable")


def _text_candidates(text: str, extension: str) -> Iterator[list[_Row]]:
    """Ways to split a text file into rows and cells, the likeliest first; the first with a table wins."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_text(text)
    delimiters: list[str | None] = [",", ";"]
    with contextlib.suppress(csv.Error):
        delimiters.insert(0, csv.Sniffer().sniff(text[:5_000], delimiters=",;\t").delimiter)
    ways = [None, *dict.fromkeys(d for d in delimiters if d != "\t")]  # None: lines and tabs
    if extension == ".csv":
        ways = ways[1:] + ways[:1]
    for delimiter in ways:
        try:
            yield _rows_from_tabs(text) if delimiter is None else _rows_from_csv(text, delimiter)
        except csv.Error:  # e.g. a field longer than csv's limit: try the next way
            continue


def _check_text(text: str) -> None:
    """Refuse text too big to be a report before any pattern or the csv sniffer sees it."""
    if len(text) > MAX_CHARS:
        raise _refusal("too_much_text", limit=MAX_CHARS)
    if text.count("\n") > MAX_ROWS:
        raise _refusal("too_many_rows", limit=MAX_ROWS)
    start = 0
    for number in itertools.count(1):
        end = text.find("\n", start)
        length = (len(text) if end < 0 else end) - start
        if length > MAX_LINE_CHARS:
            raise _refusal("line_too_long", where=f"บรรทัดที่ {number:,}", count=length, limit=MAX_LINE_CHARS)
        if end < 0:
            return
        start = end + 1


def _rows_from_tabs(text: str) -> list[_Row]:
    if re.search(r'(?:^|\t)"', text, re.MULTILINE):
        # Excel's tab-separated export quotes cells that hold line breaks.
        return _rows_from_csv(text, "\t")
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        cells = line.split("\t")
        rows.append(_Row(cells, f"บรรทัดที่ {number}", line=len(cells) == 1))
    return rows


def _rows_from_csv(text: str, delimiter: str) -> list[_Row]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for cells in reader:
        rows.append(_Row(cells, f"บรรทัดที่ {reader.line_num}", line=len(cells) <= 1))
    return rows


def _guarded_zip(data: bytes) -> zipfile.ZipFile:
    """Open a .docx/.xlsx through the upload's zip guard (bombs, encryption, entities, macros)."""
    try:
        return guard_zip(data, _report_limits())
    except UnsafeFile as exc:
        raise _gate_refusal(exc.problem) from exc


def _zip_kind(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rows_from_docx(data: bytes) -> list[_Row]:
    """Paragraphs become `line` rows; every table row becomes a row, in document order."""
    import docx  # python-docx, imported here so the text path does not need it
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    rows: list[_Row] = []
    table_count = 0

    def walk(parent: Any) -> Iterator[Any]:
        for child in parent.iterchildren():
            if child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from walk(content)
            else:
                yield child

    for child in walk(document.element.body):
        if child.tag == f"{_W}p":
            rows.append(_Row([Paragraph(child, document).text], "ย่อหน้า", line=True))
        elif child.tag == f"{_W}tbl":
            table_count += 1
            for row_number, tr in enumerate(child.iterchildren(f"{_W}tr"), start=1):
                cells: list[str] = []
                for tc in tr.iterchildren(f"{_W}tc"):
                    # A vertically merged cell repeats the text above it: it adds nothing.
                    text = "" if tc.vMerge == "continue" else _docx_cell_text(tc, document, Paragraph)
                    cells.append(text)
                    cells.extend([""] * (max(tc.grid_span, 1) - 1))
                rows.append(_Row(cells, f"ตารางที่ {table_count} แถวที่ {row_number}"))
    return rows


def _docx_cell_text(tc: Any, document: Any, paragraph_type: Any) -> str:
    # A Word paragraph is a <p>: a hard boundary (U+2029). A manual line break (Shift+Enter,
    # <w:br/>) comes out of python-docx as "\n" and is treated as a line wrap.
    return "\u2029".join(paragraph_type(p, document).text for p in tc.iterchildren(f"{_W}p"))


def _xlsx_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheets_from_xlsx(data: bytes, archive: zipfile.ZipFile) -> list[tuple[str, list[_Row]]]:
    import openpyxl

    # The streamed scan counts every sheet's cells and the text they point at before openpyxl
    # builds a single row: one row of two million cells would cost it gigabytes.
    inspection = scan_workbook(archive, _report_limits())
    if inspection.problems:
        raise _gate_refusal(inspection.problems[0])
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        chars = 0
        worksheets = sorted(workbook.worksheets, key=lambda ws: ws.sheet_state != "visible")
        for worksheet in worksheets:
            rows = []
            for number, values in enumerate(
                worksheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_SHEET_COLUMNS, values_only=True), start=1
            ):
                cells = [_xlsx_value(value) for value in values]
                chars += sum(map(len, cells))
                if chars > MAX_CHARS:
                    raise _refusal("too_much_text", limit=MAX_CHARS)
                rows.append(_Row(cells, f"ชีต {worksheet.title} แถวที่ {number}"))
            sheets.append((worksheet.title, rows))
        return sheets
    finally:
        workbook.close()


# --- finding the table ----------------------------------------------------------------------

# Header words by column, checked in this order (so "ผลการดำเนินการ" is output, not period).
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("outcome", ("ผลลัพธ์", "ผลสัมฤทธิ์", "outcome")),
    ("output", ("ผลการดำเนิน", "ผลผลิต", "ผลการปฏิบัติ", "output")),
    ("period", ("ระยะเวลา", "ช่วงเวลา", "ห้วงเวลา", "กำหนดเวลา", "ไตรมาส", "period")),
    ("responsible", ("รับผิดชอบ", "responsible")),
    ("steps", ("ขั้นตอน", "วิธีการ", "วิธีปฏิบัติ", "วิธีดำเนิน", "steps")),
    ("name", ("มาตรการ", "โครงการ", "กิจกรรม", "measure")),
)
_NUMBER_HEADERS = {"ที่", "ลำดับ", "ลำดับที่", "ข้อ", "no", "no.", "#"}
_LEADING_NUMBER = re.compile(r"^\s*(?:\(\s*(\d{1,3})\s*\)|(\d{1,3})\s*[.)](?!\d))\s*")
# "- 2 -", "หน้า 2", "2/5": page numbers a PDF export leaves between the rows.
_PAGE_MARK = re.compile(r"^[-–—\s]*(?:หน้า(?:ที่)?|page)?\s*\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[-–—_=.\s]*$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def _header_field(cell: str) -> str | None:
    compact = re.sub(r"\s", "", cell).lower()
    if not compact or len(compact) > 150:
        return None
    if compact in _NUMBER_HEADERS:
        return "no"
    for name, words in _HEADER_WORDS:
        if any(word in compact for word in words):
            return name
    return None


def _header_map(cells: list[str]) -> dict[str, int] | None:
    """Column of each field when this row is the table header, else None."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if _LEADING_NUMBER.match(to_arabic_digits(cell)) and not _COLUMN_NUMBER.match(cell.strip()):
            return None  # a measure row ("๑. มาตรการ…"), not a header
        name = _header_field(cell)
        if name == "period" and parse_period(cell).recognised:
            return None  # "ไตรมาสที่ ๑ - ๔" is data
        if name and name not in mapping:
            mapping[name] = index
    if "name" not in mapping or len(mapping) < 3:
        return None
    return mapping


def _sub_header(cells: list[str]) -> dict[str, int]:
    """Fields named by a second header row ("(output)" under a merged "ผลการดำเนินการ")."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not cell:
            continue
        name = _header_field(cell)
        if name is None or _LEADING_NUMBER.match(to_arabic_digits(cell)):
            return {}
        found[name] = index
    return found


def _find_header(rows: list[_Row], cleaned: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, (row, cells) in enumerate(zip(rows, cleaned, strict=True)):
        if row.line:
            continue
        mapping = _header_map(cells)
        if mapping is None:
            continue
        if index + 1 < len(rows) and not rows[index + 1].line:
            merged = dict(mapping)
            extra = _sub_header(cleaned[index + 1])
            for name, column in extra.items():
                merged = {key: col for key, col in merged.items() if key != name and col != column}
                merged[name] = column
            if extra and "name" in merged:
                return index + 1, merged
        return index, mapping
    return None


# --- organisation and fiscal year from the title lines --------------------------------------

_ORG_PREFIXES = (
    ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล"),
    ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนจังหวัด"),
    ("เทศบาลตำบล", "เทศบาลตำบล"),
    ("เทศบาลเมือง", "เทศบาลเมือง"),
    ("เทศบาลนคร", "เทศบาลนคร"),
    ("อบต.", "องค์การบริหารส่วนตำบล"),
    ("อบจ.", "องค์การบริหารส่วนจังหวัด"),
    ("ทต.", "เทศบาลตำบล"),
    ("ทม.", "เทศบาลเมือง"),
    ("ทน.", "เทศบาลนคร"),
)
_ORG = re.compile(
    "(?P<prefix>" + "|".join(re.escape(prefix) for prefix, _ in _ORG_PREFIXES) + ")"
    r"\s?(?P<name>[\u0e01-\u0e3a\u0e40-\u0e4e]+)"
)
_ORG_CANONICAL = dict(_ORG_PREFIXES)
# Where a place name runs into the next words without a space.
_ORG_NAME_STOP = re.compile("(?:อำเภอ|ตำบล|จังหวัด|ประจำปี|ปีงบประมาณ|ได้|จึง)")
_YEAR = r"(?:พ\.\s*ศ\.\s*)?(?P<year>\d{4})(?!\d)(?!\s*[-–—]\s*\d)"
_FISCAL_YEAR_PATTERNS = (
    re.compile(r"ปีงบ(?:ประมาณ)?\s*" + _YEAR),
    re.compile(r"ประจำปี\s*" + _YEAR),
    re.compile(r"ปี\s*" + _YEAR),
    re.compile(r"พ\.\s*ศ\.\s*(?P<year>\d{4})(?!\d)(?!\s*[-–—]\s*\d)"),
)


def find_organization(lines: Iterable[str]) -> str | None:
    """The agency named in the title lines, its type written out in full."""
    for line in lines:
        for match in _ORG.finditer(line):
            name = match.group("name")
            stop = _ORG_NAME_STOP.search(name, 1)
            if stop:
                name = name[: stop.start()]
            if name:
                return _ORG_CANONICAL[match.group("prefix")] + name
    return None


def find_fiscal_year(lines: Iterable[str]) -> int | None:
    """The BE fiscal year stated in the title lines ("ประจำปี พ.ศ. ๒๕๖๘", "ปีงบประมาณ 2568")."""
    text = to_arabic_digits("\n".join(lines))
    for pattern in _FISCAL_YEAR_PATTERNS:
        for match in pattern.finditer(text):
            year = int(match.group("year"))
            if 1900 <= year <= 2200:
                year = be_year(year)
            if 2450 <= year <= 2700:
                return year
    return None


# --- assembling measures --------------------------------------------------------------------


@dataclass
class _Draft:
    no: int
    fields: dict[str, str]


def _kind_of(name: str) -> str:
    bare = name.lstrip(" “\"'(‘")
    for kind in KINDS:
        if bare.startswith(kind):
            return kind
    return DEFAULT_KIND


def _split_number(cell: str) -> tuple[int | None, str]:
    match = _LEADING_NUMBER.match(to_arabic_digits(cell))
    if not match:
        return None, cell
    return int(match.group(1) or match.group(2)), cell[match.end() :].strip()


def _is_noise(cells: list[str]) -> bool:
    """Separator rows ("--"), column-number rows ("(1) (2) (3)…") and repeated headers."""
    filled = [cell for cell in cells if cell]
    if all(_SEPARATOR.match(cell) for cell in filled):
        return True
    if len(filled) >= 3 and all(_COLUMN_NUMBER.match(to_arabic_digits(cell)) for cell in filled):
        return True
    return _header_map(cells) is not None


def _assemble(rows: list[_Row]) -> ImportedReport:
    if len(rows) > MAX_ROWS:
        raise _refusal("too_many_rows", limit=MAX_ROWS)
    chars = 0
    for row in rows:
        # Before any pattern sees the text: every clean-up and target pattern is linear, but a
        # cell longer than any real one, or more text than any report, is refused rather than read.
        longest = max(map(len, row.cells), default=0)
        if longest > MAX_LINE_CHARS:
            raise _refusal("line_too_long", where=row.where, count=longest, limit=MAX_LINE_CHARS)
        chars += sum(map(len, row.cells))
        if chars > MAX_CHARS:
            raise _refusal("too_much_text", limit=MAX_CHARS)
    cleaned = [[clean_cell(cell) for cell in row.cells] for row in rows]
    found = _find_header(rows, cleaned)
    if found is None:
        raise _refusal("no_table")
    header_index, columns = found
    title_lines = [" ".join(cell for cell in cells if cell) for cells in cleaned[:header_index]]
    organization = find_organization(title_lines)
    fiscal_year = find_fiscal_year(title_lines)
    warnings: list[str] = []
    drafts: list[_Draft] = []
    numbered: bool | None = None
    seen_numbers: set[int] = set()
    stray: list[str] = []  # text lines seen since the last table row

    for row, cells in zip(rows[header_index + 1 :], cleaned[header_index + 1 :], strict=True):
        if row.line or sum(1 for cell in cells if cell) == 0:
            if row.line and any(cells) and not _PAGE_MARK.match(cells[0]):
                stray.append(MESSAGES["stray_text"].format(where=row.where, text=_quote(cells[0])))
            continue
        if _is_noise(cells):
            continue
        warnings.extend(stray)
        stray = []
        values = {name: cells[index] if index < len(cells) else "" for name, index in columns.items()}
        number, name = _split_number(values.get("name", ""))
        if "no" in columns:
            # A separate "ที่"/"ลำดับ" column holds the number.
            number_cell, _ = _split_number(values.get("no", "") + ".")
            if number_cell is not None:
                number = number_cell
        values["name"] = name
        if number is not None or (values["name"] and (not drafts or numbered is False)):
            if numbered is None:
                numbered = number is not None
            if number is None:
                number = drafts[-1].no + 1 if drafts else 1
            if number in seen_numbers:
                warnings.append(MESSAGES["duplicate_no"].format(no=number, where=row.where))
            seen_numbers.add(number)
            drafts.append(_Draft(number, {key: values.get(key, "") for key in _FIELDS if key != "no"}))
            continue
        if not drafts:
            text = next(cell for cell in cells if cell)
            warnings.append(MESSAGES["orphan_row"].format(where=row.where, text=_quote(text)))
            continue
        current = drafts[-1]
        if values["name"]:
            warnings.append(MESSAGES["merged_unnumbered"].format(where=row.where, no=current.no))
        for key in current.fields:
            current.fields[key] = _join_fragments(current.fields[key], values.get(key, ""))

    if not drafts:
        raise _refusal("no_measures")
    header_warnings = [
        MESSAGES["column_missing"].format(column=label) for key, label in _FIELD_LABELS.items() if key not in columns
    ]
    if organization is None:
        header_warnings.append(MESSAGES["no_organization"])
    if fiscal_year is None:
        header_warnings.append(MESSAGES["no_fiscal_year"])
    measures = [_measure(draft, fiscal_year, warnings) for draft in drafts]
    # A warning names a place (a sheet name) and may quote the report: masked once more, as a whole.
    warnings = [_safe_message(warning) for warning in header_warnings + warnings]
    if len(warnings) > MAX_WARNINGS:
        extra = len(warnings) - MAX_WARNINGS
        warnings = warnings[:MAX_WARNINGS] + [MESSAGES["more_warnings"].format(count=extra)]
    return ImportedReport(organization, fiscal_year, measures, warnings)


def _measure(draft: _Draft, fiscal_year: int | None, warnings: list[str]) -> ImportedMeasure:
    fields = draft.fields
    period_text = fields["period"]
    period = parse_period(period_text, fiscal_year)
    if not period_text:
        warnings.append(MESSAGES["period_missing"].format(no=draft.no))
    elif not period.recognised:
        warnings.append(MESSAGES["period_unknown"].format(no=draft.no, text=_quote(period_text)))
    targets = extract_targets(fields["output"], "output") + extract_targets(fields["outcome"], "outcome")
    return ImportedMeasure(
        no=draft.no,
        name=fields["name"],
        kind=_kind_of(fields["name"]),
        steps=fields["steps"],
        period_text=period_text,
        quarters=list(period.quarters),
        responsible=fields["responsible"],
        output=fields["output"],
        outcome=fields["outcome"],
        targets=targets,
    )


# --- entry points ---------------------------------------------------------------------------


def _format_of(data: bytes, filename: str) -> tuple[str, zipfile.ZipFile | None]:
    """'docx', 'xlsx' (with the zip, already through the guard) or 'text'."""
    extension = PurePath(filename or "").suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        archive = _guarded_zip(data)
        kind = _zip_kind(archive)
        if kind is None:
            raise _unsupported(filename)
        if kind == "docx":
            # python-docx parses every XML part into a tree many times its size: bound it first.
            xml = sum(info.file_size for info in archive.infolist() if info.filename.lower().endswith(".xml"))
            if xml > MAX_XML_BYTES:
                raise _refusal("document_too_large", size_mb=xml / 2**20, limit_mb=MAX_XML_BYTES / 2**20)
        return kind, archive
    if data.startswith(_OLE_MAGIC):
        raise _refusal("legacy_office")
    if data.lstrip()[:5] == b"%PDF-":
        raise _refusal("pdf")
    if extension in (".docx", ".xlsx", ".xlsm"):
        raise _refusal("corrupt")
    if extension in _TEXT_EXTENSIONS:
        return "text", None
    raise _unsupported(filename)


def _first_report(candidates: Iterable[list[_Row]]) -> ImportedReport:
    """The report from the first sheet / way of splitting that holds a measures table."""
    failure: ReportImportError | None = None
    for rows in candidates:
        try:
            return _assemble(rows)
        except ReportImportError as exc:
            # "No measures under a header" says more than "no header" from a wrong split.
            if failure is None or exc.code == "no_measures":
                failure = exc
    raise failure or _refusal("no_table")


def parse_report(data: bytes, filename: str) -> ImportedReport:
    """Read a measures report (.txt/.tsv/.csv/.docx/.xlsx); raises ReportImportError in Thai."""
    if len(data) > MAX_FILE_BYTES:
        raise _refusal("too_large", size_mb=len(data) / 1024 / 1024, limit_mb=MAX_FILE_BYTES / 1024 / 1024)
    if not data.strip():
        raise _refusal("empty")
    try:
        kind, archive = _format_of(data, filename)
        if kind == "docx":
            return _assemble(_rows_from_docx(data))
        candidates: Iterable[list[_Row]]
        if archive is not None:
            candidates = [rows for _title, rows in _sheets_from_xlsx(data, archive)]
        else:
            extension = PurePath(filename or "").suffix.lower()
            candidates = _text_candidates(_decode(data), extension)
        return _first_report(candidates)
    except ReportImportError:
        raise
    except RecursionError as exc:
        raise _refusal("unreadable") from exc
    except Exception as exc:  # any parser failure on untrusted input is "not a readable report"
        raise _refusal("unreadable") from exc


def _describe_target(target: Target) -> str:
    """'ความพึงพอใจ ≥ ร้อยละ 80', 'เอกสาร ≥ 4 ฉบับ', 'เรื่องร้องเรียน ลดลง'."""
    metric = _METRIC_LABELS.get(target.metric, target.metric)
    if target.value is None:
        return f"{metric} {_OP_LABELS[target.op]}"
    amount = f"ร้อยละ {target.value:g}" if target.unit == "ร้อยละ" else f"{target.value:g} {target.unit}".strip()
    return f"{metric} {_OP_LABELS[target.op]} {amount}"


def format_summary(report: ImportedReport) -> str:
    """A readable Thai summary of an imported report (the CLI's default output).

    Printed to a terminal: no line may carry a control or bidi character (an escape sequence would
    drive the terminal), and the warnings, which quote the file, never repeat an identity. Measure
    texts are the organisation's published report and are kept as written, cleaned.
    """
    lines = [
        f"หน่วยงาน: {report.organization or '(ไม่พบ)'}",
        f"ปีงบประมาณ: {report.fiscal_year or '(ไม่พบ)'}",
        f"จำนวนมาตรการ: {len(report.measures)}",
        "",
    ]
    for measure in report.measures:
        quarters = ", ".join(str(q) for q in measure.quarters) or "ไม่ระบุ"
        lines.append(f"{measure.no}. [{measure.kind}] {_one_line(measure.name, 100)}")
        lines.append(f"   ไตรมาส: {quarters} · ผู้รับผิดชอบ: {_one_line(measure.responsible, 40) or '-'}")
        for target in measure.targets:
            lines.append(f"   เป้าหมาย ({_SOURCE_LABELS[target.source]}): {_describe_target(target)}")
    if report.warnings:
        lines += ["", f"คำเตือน ({len(report.warnings)}):"]
        lines += [f"- {_safe_message(warning)}" for warning in report.warnings]
    return "\n".join(clean_text(line) for line in lines)


def _emit(text: str, stream: TextIO) -> None:
    """Print Thai text even to a console whose encoding cannot show it (e.g. cp1252)."""
    try:
        print(text, file=stream)
    except BrokenPipeError:  # `… | head`: the reader left; stop quietly
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except UnicodeEncodeError:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            raise
        stream.flush()
        buffer.write((text + "\n").encode("utf-8"))
        buffer.flush()


def main_import_report(argv: list[str]) -> int:
    """`import-report FILE [--json]`: 0 measures found, 1 not a readable report, 2 wrong usage."""
    parser = ThaiArgumentParser(
        prog="python -m kpi import-report",
        description="อ่านรายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส (.docx .xlsx .csv .tsv .txt)",
    )
    parser.add_argument("file", help="ไฟล์รายงาน")
    parser.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on wrong usage, 0 on --help
        return exc.code if isinstance(exc.code, int) else 2
    path = Path(args.file)
    try:
        if not path.is_file():
            _emit(_safe_message(MESSAGES["file_missing"].format(path=args.file)), sys.stderr)
            return 1
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refusal("too_large", size_mb=size / 1024 / 1024, limit_mb=MAX_FILE_BYTES / 1024 / 1024)
        report = parse_report(path.read_bytes(), path.name)
    except ReportImportError as exc:
        _emit(_safe_message(exc.message_th), sys.stderr)
        return 1
    except OSError:
        _emit(_safe_message(MESSAGES["file_unreadable"].format(path=args.file)), sys.stderr)
        return 1
    if args.json:
        # Cleaned as a whole: ensure_ascii=False would otherwise print a raw ESC from any text.
        _emit(json.dumps(clean_tree(report.to_json_dict()), ensure_ascii=False, indent=2), sys.stdout)
    else:
        _emit(format_summary(report), sys.stdout)
    return 0
