"""Reading a report file into rows of raw cells: .txt/.tsv (HTML fragments allowed), .csv, .docx
(python-docx) and .xlsx (openpyxl); text copied out of a PDF or web page (pipes, runs of spaces,
one cell per line) is split by kpi.ingest.report.shapes.

The format is sniffed from the bytes first, the file name second. A .docx or .xlsx is opened only
through the upload's one zip guard (kpi.ingest.safety.guard_zip), and a workbook's cells are
counted by the gate's streamed scan before openpyxl builds a row. Every row keeps where it was
(a Location), so a warning can name the line, the table row or the sheet row.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any

from kpi.core.messages import REPORT_IMPORT
from kpi.core.problems import Problem
from kpi.core.text_safety import clean_text
from kpi.ingest.report import limits, shapes
from kpi.ingest.report.model import Location, ReportImportError, SourceRow, refusal
from kpi.ingest.safety import UnsafeFile, guard_zip
from kpi.ingest.xlsx_scan import scan_workbook
from kpi.privacy.redaction import redact

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_EXTENSIONS = {".txt", ".tsv", ".csv", ".text", ".tab", ""}
_PLAIN_EXTENSION = re.compile(r"^\.[a-z][a-z0-9]{0,7}$")


def _unsupported(filename: str) -> ReportImportError:
    """ "This kind of file is not supported", naming only a plain extension, never the file name:
    a name is often a person's name or phone number, and may hold characters that forge output."""
    extension = clean_text(PurePath(clean_text(filename or "")).suffix).lower()
    if _PLAIN_EXTENSION.match(extension) and redact(extension) == extension:
        return refusal("unsupported", extension=extension)
    return refusal("unsupported", text_key="unsupported_unnamed")


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
    limit = {"too_much_text": limits.MAX_CHARS, "too_many_rows": limits.MAX_ROWS}.get(code, limits.MAX_CELLS)
    return refusal(code, limit=limit)


def file_format(data: bytes, filename: str) -> tuple[str, zipfile.ZipFile | None]:
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
            if xml > limits.MAX_XML_BYTES:
                raise refusal("document_too_large", size_mb=xml / 2**20, limit_mb=limits.MAX_XML_BYTES / 2**20)
        return kind, archive
    if data.startswith(_OLE_MAGIC):
        raise refusal("legacy_office")
    if data.lstrip()[:5] == b"%PDF-":
        raise refusal("pdf")
    if extension in (".docx", ".xlsx", ".xlsm"):
        raise refusal("corrupt")
    if extension in _TEXT_EXTENSIONS:
        return "text", None
    raise _unsupported(filename)


def decode_text(data: bytes) -> str:
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
    raise refusal("undecodable")


def text_candidates(text: str, extension: str) -> Iterator[list[SourceRow]]:
    """Ways to split a text file into rows and cells, the likeliest first; the first with a table wins."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_text(text)
    delimiters = [",", ";"]
    with contextlib.suppress(csv.Error):
        delimiters.insert(0, csv.Sniffer().sniff(text[:5_000], delimiters=",;\t").delimiter)
    ways: list[Callable[[str], list[SourceRow]]] = [
        _rows_from_tabs,
        *(functools.partial(_rows_from_csv, delimiter=d) for d in dict.fromkeys(d for d in delimiters if d != "\t")),
    ]
    if extension == ".csv":
        ways = ways[1:] + ways[:1]
    # Tables copied out of PDFs and web pages: pipes (early when the text has them), runs of
    # spaces, one cell per line (last: it reads any text with header words on consecutive lines).
    if shapes.looks_piped(text):
        ways.insert(1, shapes.rows_from_pipes)
    ways += [shapes.rows_from_spaces, shapes.rows_from_cell_lines]
    for way in ways:
        try:
            yield way(text)
        except csv.Error:  # e.g. a field longer than csv's limit: try the next way
            continue


def _check_text(text: str) -> None:
    """Refuse text too big to be a report before any pattern or the csv sniffer sees it."""
    if len(text) > limits.MAX_CHARS:
        raise refusal("too_much_text", limit=limits.MAX_CHARS)
    if text.count("\n") > limits.MAX_ROWS:
        raise refusal("too_many_rows", limit=limits.MAX_ROWS)
    start = 0
    for number in itertools.count(1):
        end = text.find("\n", start)
        length = (len(text) if end < 0 else end) - start
        if length > limits.MAX_LINE_CHARS:
            where = REPORT_IMPORT["where_line"].format(line=f"{number:,}")
            raise refusal(
                "line_too_long", at=Location(line=number), where=where, count=length, limit=limits.MAX_LINE_CHARS
            )
        if end < 0:
            return
        start = end + 1


def _rows_from_tabs(text: str) -> list[SourceRow]:
    if re.search(r'(?:^|\t)"', text, re.MULTILINE):
        # Excel's tab-separated export quotes cells that hold line breaks.
        return _rows_from_csv(text, "\t")
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        cells = line.split("\t")
        rows.append(SourceRow(cells, Location(line=number), line=len(cells) == 1))
    return rows


def _rows_from_csv(text: str, delimiter: str) -> list[SourceRow]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for cells in reader:
        rows.append(SourceRow(cells, Location(line=reader.line_num), line=len(cells) <= 1))
    return rows


def _guarded_zip(data: bytes) -> zipfile.ZipFile:
    """Open a .docx/.xlsx through the upload's zip guard (bombs, encryption, entities, macros)."""
    try:
        return guard_zip(data, limits.gate_limits())
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


def rows_from_docx(data: bytes) -> list[SourceRow]:
    """Paragraphs become `line` rows; every table row becomes a row, in document order."""
    import docx  # python-docx, imported here so the text path does not need it
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    rows: list[SourceRow] = []
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
            rows.append(SourceRow([Paragraph(child, document).text], Location(), line=True))
        elif child.tag == f"{_W}tbl":
            table_count += 1
            for row_number, tr in enumerate(child.iterchildren(f"{_W}tr"), start=1):
                cells: list[str] = []
                for tc in tr.iterchildren(f"{_W}tc"):
                    # A vertically merged cell repeats the text above it: it adds nothing.
                    text = "" if tc.vMerge == "continue" else _docx_cell_text(tc, document, Paragraph)
                    cells.append(text)
                    cells.extend([""] * (max(tc.grid_span, 1) - 1))
                rows.append(SourceRow(cells, Location(table=table_count, row=row_number)))
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


def sheets_from_xlsx(data: bytes, archive: zipfile.ZipFile) -> list[tuple[str, list[SourceRow]]]:
    import openpyxl

    # The streamed scan counts every sheet's cells and the text they point at before openpyxl
    # builds a single row: one row of two million cells would cost it gigabytes.
    inspection = scan_workbook(archive, limits.gate_limits())
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
                worksheet.iter_rows(max_row=limits.MAX_ROWS + 1, max_col=limits.MAX_SHEET_COLUMNS, values_only=True),
                start=1,
            ):
                cells = [_xlsx_value(value) for value in values]
                chars += sum(map(len, cells))
                if chars > limits.MAX_CHARS:
                    raise refusal("too_much_text", limit=limits.MAX_CHARS)
                rows.append(SourceRow(cells, Location(sheet=worksheet.title, row=number)))
            sheets.append((worksheet.title, rows))
        return sheets
    finally:
        workbook.close()
