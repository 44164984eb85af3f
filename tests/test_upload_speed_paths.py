"""The upload's fast paths give what the cell-by-cell paths give: the same records, the same problems
in the same order, the same scan of the XML and the same block bytes (stored digests depend on them).

Behaviour only, never timing: each test runs a path with its fast part switched off and compares.
"""

from __future__ import annotations

import io
import json
import math
import random
import zipfile
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import MEASURE_HEADER, RESULT_HEADER, make_workbook
from openpyxl import Workbook

from kpi.core import dataset
from kpi.core.dataset import canonical_block
from kpi.core.schema import SHEETS, SHEETS_BY_KEY
from kpi.ingest import sheets, xlsx_scan
from kpi.ingest.workbook import read_upload

ID_CARD = "1-1037-02071-81-1"  # a well-formed test number (checksum valid), never a real person's


def _cell_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "column_pass", lambda *args, **kwargs: None)


def _mixed_workbook() -> bytes:
    """Hundreds of good rows with every kind of bad cell among them, blank rows and an unnamed column."""
    measures: list[list[Any]] = [MEASURE_HEADER]
    for n in range(1, 301):
        measures.append([2568, n, f"มาตรการที่ {n % 7}", "มาตรการ", "ขั้นตอน", "1-4", "สำนักปลัด", "ผล", "ผลลัพธ์"])
    results: list[list[Any]] = [[*RESULT_HEADER, None, "หมายเหตุเพิ่ม"]]
    for n in range(1, 301):
        results.append([2568, 1 + n % 4, n, "กำลังดำเนินการ", 25 * (1 + n % 3), None, None,
                        "https://example.go.th/e", "15/01/2568", "ติดตามแล้ว" if n % 2 else None, None, None])  # fmt: skip
    bad = {
        5: (0, 2500),  # a year out of range
        9: (8, "31/02/2568"),  # no such date
        14: (9, f"ผู้ร้อง {ID_CARD}"),  # an ID card number in the note
        20: (9, "โทร 081-234-5678"),  # a phone number in the note (a free-text column)
        27: (3, "สถานะแปลก"),  # not a choice
        33: (4, 0.8),  # a fraction in a percent column
        41: (9, "ข้อความ\x7f\x85"),  # control characters (DEL, NEL)
        48: (4, "#DIV/0!"),  # an error Excel wrote as text
        55: (7, "ftp://example"),  # not a link
        61: (2, None),  # a required cell left blank
        70: (4, 150),  # out of range
        77: (9, "ก" * 6000),  # longer than any text may be
        83: (4, "1,5"),  # an ambiguous number
        90: (2, 5.5),  # not a whole number
        96: (3, "done"),  # a choice's code is accepted
        101: (9, "\u202eevil"),  # a bidi override
    }
    for row, (column, value) in bad.items():
        results[row][column] = value
    results[120] = [None] * len(results[0])  # a blank row in the middle
    results[121] = [2568, 2, 121]  # a short row (required status missing)
    results[130][10] = 1103702071811  # an ID card number as a number in an extra column
    results[140][11] = f"อีเมล a@b.co {ID_CARD}"  # and as text in another
    results[150][10] = "ค่า"  # the first value of the column without a header
    results[160][2] = results[161][2] = 160  # a duplicate key
    results[161][1] = results[160][1]
    return make_workbook({"มาตรการ": measures, "ผลรายไตรมาส": results})


def _read(data: bytes) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[int]], list[tuple[Any, ...]]]:
    parsed = read_upload(data, "mixed.xlsx")
    problems = [(p.code, p.sheet, p.row, p.column, p.severity, p.message, p.details) for p in parsed.problems]
    return parsed.records, parsed.rows, problems


def test_fast_and_cell_paths_give_the_same_records_and_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _mixed_workbook()
    fast = _read(data)
    _cell_path(monkeypatch)
    slow = _read(data)
    assert fast == slow
    records, rows, problems = fast
    codes = {code for code, *_ in problems}
    # the comparison means something: the workbook has good rows and every kind of problem
    assert len(records["results"]) > 250 and len(records["measures"]) == 300
    expected = {"bad_year", "bad_date", "identity_value", "bad_choice", "percent_fraction", "control_character",
                "formula_error", "bad_url", "required", "out_of_range", "text_too_long", "ambiguous_number",
                "bad_integer", "bidi_character", "unnamed_column", "duplicate_key"}  # fmt: skip
    assert expected <= codes, expected - codes
    assert 121 not in rows["results"] and 122 in rows["results"]  # the blank row (Excel row 121) is skipped


def test_percent_formatted_and_error_cells_are_read_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cell Excel shows as 76.67% (0.7667 with a percent format) and a stored #N/A error value."""
    book = Workbook()
    sheet = book.active
    sheet.title = "ผลรายไตรมาส"
    sheet.append(RESULT_HEADER)
    for n in range(1, 41):
        sheet.append([2568, 1, n, "กำลังดำเนินการ", 0.5 if n % 5 else 50, None, None, None, None, None])
    for row in range(2, 42, 2):
        sheet.cell(row=row, column=5).number_format = "0.00%"
    sheet.cell(row=30, column=5).value = "#N/A"  # openpyxl writes a known error text as an error cell
    measures = book.create_sheet("มาตรการ")
    for line in [MEASURE_HEADER] + [[2568, n, "ม", "มาตรการ", "", "1-4", "", "", ""] for n in range(1, 41)]:
        measures.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    assert b't="e"' in zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")
    fast = _read(buffer.getvalue())
    _cell_path(monkeypatch)
    assert fast == _read(buffer.getvalue())
    percents = [r["percent"] for r in fast[0]["results"]]
    assert 50.0 in percents and {c for c, *_ in fast[2]} >= {"percent_fraction", "formula_error"}


def _scan(data: bytes) -> xlsx_scan.Inspection:
    return xlsx_scan.scan_workbook(zipfile.ZipFile(io.BytesIO(data)))


def _without_r_attributes(data: bytes, cells: bytes = b"") -> bytes:
    """The same workbook with the r attribute gone from one sheet's cells whose reference starts with
    `cells` (all of them by default): readers then count those cells in order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                content = content.replace(b'<c r="' + cells, b'<c x="' + cells)
            target.writestr(item, content)
    return out.getvalue()


def test_the_xml_scan_counts_alike_chunk_by_chunk_and_tag_by_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    mixed = _mixed_workbook()
    workbooks = [mixed, _without_r_attributes(mixed), _without_r_attributes(mixed, b"C1")]
    monkeypatch.setattr(xlsx_scan, "_CHUNK", 2048)  # many chunks: where one ends, the next goes on
    fast = [_scan(data) for data in workbooks]
    monkeypatch.setattr(xlsx_scan, "_regular_chunk", lambda *args: None)
    slow = [_scan(data) for data in workbooks]
    assert fast == slow
    sheet = next(s for s in fast[0].sheets if s.name == "ผลรายไตรมาส")
    assert (sheet.max_row, sheet.max_col) == (301, 12) and sheet.cells > 2000 and sheet.text_bytes > 0


def _reference_block(spec_key: str, records: list[dict[str, Any]]) -> bytes:
    """canonical_block as it was first written: the bytes every stored digest was made from."""
    spec = SHEETS_BY_KEY[spec_key]

    def plain(value: Any) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return None
        return value.item() if hasattr(value, "item") else value

    cleaned = [{c.key: plain(r.get(c.key)) for c in spec.columns} for r in records]
    for row in cleaned:
        for column in spec.columns:
            value = row[column.key]
            if value is not None and column.kind == "number":
                row[column.key] = float(value)
            elif value is not None and column.kind in ("int", "year", "quarter", "period"):
                row[column.key] = int(value)
    cleaned.sort(key=lambda row: tuple((row[k] is None, row[k] if row[k] is not None else 0) for k in spec.key_columns))
    return json.dumps(cleaned, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _value(kind: str, rnd: random.Random, key: bool = False) -> Any:
    blank = rnd.choice([None, float("nan"), pd.NA]) if rnd.random() < 0.2 else ...
    if blank is not ...:
        return blank
    if kind == "number":
        return rnd.choice(
            [0.0, -0.0, 1, 80, 80.0, 0.1 + 0.2, 1e20, np.float64(3.5), np.int64(4), True, 76.67000000000002]
        )
    if kind in ("int", "year", "quarter", "period"):
        return rnd.choice([1, 2, 3, 2567, 4.0, np.int64(7), False])
    texts = ["", "ก", 'a"b\\c', "line\nnext", "😀", "%s", "\x01", "นาย"]
    return rnd.choice(texts if key else [*texts, 1, 1.0, 2.5])  # a key column holds one kind (it is sorted)


def test_block_bytes_equal_the_first_encoding_and_a_repeat_never_mixes_blocks() -> None:
    rnd = random.Random(14)
    for spec in SHEETS:
        for _ in range(40):
            records = [
                {c.key: _value(c.kind, rnd, c.key in spec.key_columns) for c in spec.columns}
                for _ in range(rnd.randint(0, 30))
            ]
            expected = _reference_block(spec.key, records)
            assert canonical_block(spec, records) == expected
            assert canonical_block(spec, list(records)) == expected  # asked again (from the cache or not)
    results = SHEETS_BY_KEY["results"]
    row = {"fiscal_year": 2568, "quarter": 1, "measure_no": 1, "status": "doing", "note": "x"}
    zero, minus_zero = {**row, "percent": 0.0}, {**row, "percent": -0.0}
    one, one_float = {**row, "note": 1}, {**row, "note": 1.0}
    for first, second in ((zero, minus_zero), (one, one_float)):
        a, b = canonical_block(results, [first]), canonical_block(results, [second])
        assert a != b and (a, b) == (_reference_block("results", [first]), _reference_block("results", [second]))
    assert dataset._cache_size <= dataset._CACHE_LIMIT
