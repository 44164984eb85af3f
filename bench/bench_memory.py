"""Benchmark (not a test): peak memory of the worst files the upload and report-import paths accept.

Each case runs in a fresh subprocess and reports its peak resident memory (ru_maxrss; on Windows the
peak working set, see bench/peak_memory.py), so one
case's garbage never counts against another. The baseline, measured in the same run, is a bare
`openpyxl.load_workbook` of the bundled sample workbook (the interpreter, pandas, calamine and
openpyxl imported, as on the upload path). Printed: absolute MB and the ratio to the baseline.

The worst accepted cases are built from kpi.core.settings.LIMITS, just inside every limit:
  upload, most cells     the whole workbook's cell budget in one template sheet, 60 columns of numbers
  upload, most rows      the whole workbook's row budget in one template sheet, every column filled
  upload, inline text    text written in the sheet itself (as openpyxl writes it) up to the text budget
  upload, most text      cells pointing at shared strings of max_text_length Thai letters, up to
                         the shared-text budget (max_text_bytes)
  upload, most strings   as many distinct shared strings as cells allowed, each cell its own string
  report, most cells     a report workbook with report_max_cells cells of text in a six-column table
  report, .docx          a report .docx whose XML reaches report_max_xml_bytes, in short paragraphs
  report, most text      a text report of report_max_chars characters in lines under the line cap

Run: python bench/bench_memory.py            (all cases)
     python bench/bench_memory.py CASE       (one case, in this process: prints its peak MB)
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl.utils import get_column_letter  # noqa: E402
from peak_memory import MEASURE, peak_mb  # noqa: E402

from kpi.core.schema import RESULTS  # noqa: E402
from kpi.core.settings import LIMITS, SAMPLE_WORKBOOK  # noqa: E402
from kpi.ingest.safety import inspect_xlsx  # noqa: E402

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def _workbook(title: str, rows: list[str], shared: list[str]) -> bytes:
    """A one-sheet .xlsx from ready <row> elements and shared strings, written part by part."""
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(rows)
        + "</sheetData></worksheet>"
    )
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in shared)
        + "</sst>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def _header_row(columns: int) -> str:
    titles = [c.title for c in RESULTS.columns] + [f"เพิ่ม{n}" for n in range(columns)]
    cells = "".join(f'<c r="{get_column_letter(i + 1)}1" t="s"><v>{i}</v></c>' for i in range(columns))
    return f'<row r="1">{cells}</row>', titles[:columns]


def upload_most_cells() -> bytes:
    """Every cell the workbook may hold, in one template sheet: 60 columns of numbers."""
    columns = LIMITS.max_columns
    header, titles = _header_row(columns)
    count = min(LIMITS.max_cells_total, LIMITS.max_cells_per_sheet) // columns - 1
    letters = [get_column_letter(i + 1) for i in range(columns)]
    rows = [header]
    for r in range(2, count + 2):
        rows.append(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r % 97}</v></c>' for c in letters) + "</row>")
    return _workbook(RESULTS.title, rows, titles)


def upload_most_rows() -> bytes:
    """Every row the workbook may use, in one sheet, with every template column (valid-looking data)."""
    rows_count = min(LIMITS.max_rows, LIMITS.max_rows_total, LIMITS.max_cells_total // 2) - 1
    columns = max(1, min(len(RESULTS.columns), LIMITS.max_cells_total // (rows_count + 1)))
    header, titles = _header_row(columns)
    header = (
        '<row r="1">'
        + "".join(f'<c r="{get_column_letter(i + 1)}1" t="s"><v>{i}</v></c>' for i in range(columns))
        + "</row>"
    )
    titles = [c.title for c in RESULTS.columns][:columns]
    values = ["2568", "1", "1", None, "50"]  # year, quarter, measure, status (shared string), percent
    letters = [get_column_letter(i + 1) for i in range(columns)]
    rows = [header]
    for r in range(2, rows_count + 2):
        cells = []
        for i, c in enumerate(letters):
            value = values[i] if i < len(values) else "1"
            if value is None:
                cells.append(f'<c r="{c}{r}" t="s"><v>{columns}</v></c>')
            else:
                cells.append(f'<c r="{c}{r}"><v>{value if i != 2 else r % 17 + 1}</v></c>')
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    return _workbook(RESULTS.title, rows, [*titles, "กำลังดำเนินการ"])


def upload_most_text() -> bytes:
    """Cells pointing at the longest text a cell may hold, up to the workbook's shared-text budget."""
    columns = 10
    header, titles = _header_row(columns)
    # Thai words and spaces (a single run of one letter would time the identity patterns instead).
    text = ("ความพึงพอใจ " * LIMITS.max_text_length)[: LIMITS.max_text_length]
    cells = LIMITS.max_text_bytes // len(text.encode()) - 1
    rows = [header]
    letters = [get_column_letter(i + 1) for i in range(columns)]
    for r in range(2, cells // columns + 2):
        rows.append(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>{columns}</v></c>' for c in letters) + "</row>")
    return _workbook(RESULTS.title, rows, [*titles, text])


def upload_most_strings(count: int = 0) -> bytes:
    """Every cell its own distinct shared string, as many as the cell budget and file size allow."""
    columns = LIMITS.max_columns
    header, titles = _header_row(columns)
    count = count or min(LIMITS.max_cells_total, LIMITS.max_cells_per_sheet) // columns - 1
    letters = [get_column_letter(i + 1) for i in range(columns)]
    rows = [header]
    index = columns
    for r in range(2, count + 2):
        cells = []
        for c in letters:
            cells.append(f'<c r="{c}{r}" t="s"><v>{index}</v></c>')
            index += 1
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    shared = [*titles, *(f"ข้อความ{n}" for n in range(index - columns))]
    data = _workbook(RESULTS.title, rows, shared)
    if len(data) > LIMITS.max_upload_bytes:  # the largest that still fits the upload size
        return upload_most_strings(int(count * LIMITS.max_upload_bytes / len(data) * 0.97))
    if not inspect_xlsx(data, "worst.xlsx").safe:  # … and the shared-text budget
        return upload_most_strings(int(count * 0.9))
    return data


def upload_most_inline() -> bytes:
    """Text written in the sheet itself (inline strings, as openpyxl writes), up to the text budget."""
    import random

    columns = 10
    pick = random.Random(7).choice
    words = ["มาตรการ", "ความโปร่งใส", "ประชาชน", "ตำบล", "ผลลัพธ์", "ร้อยละ", "โครงการ", "สำนักปลัด", "ประชุม"]
    rows = []
    size = 0
    r = 1
    while size < LIMITS.max_text_bytes * 0.95:
        text = " ".join(pick(words) for _ in range(LIMITS.max_text_length // 10))[: LIMITS.max_text_length]
        row = f'<row r="{r}">' + "".join(
            f'<c r="{c}{r}" t="inlineStr"><is><t>{text}</t></is></c>' for c in "ABCDEFGHIJ"[:columns]
        )
        rows.append(row + "</row>")
        size += len(row.encode())
        r += 1
    rows[0] = (
        '<row r="1">'
        + "".join(
            f'<c r="{get_column_letter(i + 1)}1" t="inlineStr"><is><t>{c.title}</t></is></c>'
            for i, c in enumerate(RESULTS.columns)
        )
        + "</row>"
    )
    return _workbook(RESULTS.title, rows, [])


def report_most_cells() -> bytes:
    """A report workbook at the report's cell limit: a six-column table of distinct texts."""
    columns = 6
    count = LIMITS.report_max_cells // columns - 1
    letters = [get_column_letter(i + 1) for i in range(columns)]
    rows = []
    index = 0
    for r in range(1, count + 1):
        cells = []
        for c in letters:
            cells.append(f'<c r="{c}{r}" t="s"><v>{index}</v></c>')
            index += 1
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    per_cell = max(1, LIMITS.report_max_chars // index // 2)
    shared = [f"{n}" + "ก" * per_cell for n in range(index)]
    return _workbook("รายงาน", rows, shared)


def report_most_docx() -> bytes:
    """A report .docx whose XML parts reach the report's XML limit (short paragraphs: the largest tree)."""
    import docx

    document = docx.Document()
    document.add_paragraph("รายงาน")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = sum(i.file_size for i in source.infolist() if i.filename.endswith(".xml"))
    body = source.read("word/document.xml")
    start = body.index(b"<w:body>") + len(b"<w:body>")
    paragraph = "<w:p><w:r><w:t>ก</w:t></w:r></w:p>".encode()
    flood = paragraph * ((LIMITS.report_max_xml_bytes - xml) // len(paragraph) - 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            target.writestr(
                item.filename, body[:start] + flood + body[start:] if item.filename == "word/document.xml" else part
            )
    return out.getvalue()


def report_most_text() -> bytes:
    """A text report of nearly report_max_chars characters, in lines just under the row limit."""
    line = "\t".join(["๑. มาตรการ", "ขั้นตอน", "ไตรมาสที่ ๑-๔", "สำนักปลัด", "ร้อยละ ๘๐", "ความพึงพอใจเพิ่มขึ้น"])
    width = LIMITS.report_max_chars // LIMITS.report_max_rows - 1
    line = (line + " ก" * width)[:width]
    header = "มาตรการ\tขั้นตอน\tระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ\tผลลัพธ์"
    return "\n".join([header, *[line] * (LIMITS.report_max_rows - 2)]).encode()


def baseline() -> None:
    import openpyxl
    import pandas  # noqa: F401
    import python_calamine  # noqa: F401

    openpyxl.load_workbook(SAMPLE_WORKBOOK)


BUILDERS: dict[str, tuple[Callable[[], bytes], str]] = {
    "upload_most_cells": (upload_most_cells, "upload"),
    "upload_most_rows": (upload_most_rows, "upload"),
    "upload_most_text": (upload_most_text, "upload"),
    "upload_most_strings": (upload_most_strings, "upload"),
    "upload_most_inline": (upload_most_inline, "upload"),
    "report_most_cells": (report_most_cells, "report"),
    "report_most_docx": (report_most_docx, "report"),
    "report_most_text": (report_most_text, "report"),
}


def run_case(name: str) -> None:
    """Read the case's file (built by another process: peak memory survives exec) and print the peak."""
    if name == "build":
        build, _ = BUILDERS[sys.argv[3]]
        Path(sys.argv[2]).write_bytes(build())
        return
    if name == "baseline":
        baseline()
    else:
        path = Path(sys.argv[2])
        data = path.read_bytes()
        _, kind = BUILDERS[name]
        if kind == "upload":
            from kpi.ingest.workbook import read_upload

            gate = inspect_xlsx(data, "worst.xlsx")
            result = read_upload(data, "worst.xlsx")
            read = sum(len(records) for records in result.records.values())
            codes = ",".join(sorted({p.code for p in result.problems})[:4])
            outcome = ("passed the gate" if gate.safe else "refused by the gate") + f"; {read:,} records read {codes}"
        else:
            from kpi.ingest.report.importer import parse_report
            from kpi.ingest.report.model import ReportImportError

            try:
                parse_report(data, path.name)
                outcome = "accepted"
            except ReportImportError as exc:
                outcome = "refused: " + exc.code
        print(outcome, file=sys.stderr)
    print(peak_mb())


def _measure(name: str, path: Path | None = None) -> tuple[float, float, str]:
    started = time.perf_counter()
    args = [sys.executable, __file__, name] + ([str(path)] if path else [])
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=True)
    return float(done.stdout.strip().splitlines()[-1]), time.perf_counter() - started, done.stderr.strip()


def main() -> None:
    import tempfile

    base_mb, base_s, _ = _measure("baseline")
    print(f"peak memory measured as {MEASURE}")
    print(f"baseline: bare openpyxl read of the sample workbook  {base_mb:7.0f} MB  {base_s:5.1f} s")
    print(f"{'case':22} {'file':>9} {'peak MB':>8} {'ratio':>6} {'time s':>7}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name in BUILDERS:
            suffix = {"report_most_text": ".txt", "report_most_docx": ".docx"}.get(name, ".xlsx")
            path = Path(folder) / (name + suffix)
            subprocess.run([sys.executable, __file__, "build", str(path), name], check=True)
            peak, seconds, outcome = _measure(name, path)
            size = path.stat().st_size / 2**20
            print(f"{name:22} {size:7.1f}MB {peak:8.0f} {peak / base_mb:6.2f} {seconds:7.1f}  {outcome}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run_case(sys.argv[1])
    else:
        main()
