"""No file, however malformed, may crash, hang or exhaust the server: each gets a Thai message."""

from __future__ import annotations

import io

import pytest
from conftest import make_workbook, small_measures
from corpus.build import rezip, sheet_xml

from kpi.ingest.safety import inspect_xlsx
from kpi.ingest.workbook import read_upload
from kpi.ingest.xlsx_scan import _cell_name


@pytest.fixture()
def base() -> bytes:
    return make_workbook({"มาตรการ": small_measures()})


def codes(data: bytes, name: str = "x.xlsx") -> list[str]:
    return [p.code for p in read_upload(data, name).problems if p.is_error]


def test_good_file_passes(base: bytes) -> None:
    assert codes(base) == []


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.xlsx", "file_empty"),
        (b"hello, this is a csv\n1,2,3\n", "a.xlsx", "not_xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.xlsx", "encrypted"),
        (b"PK\x03\x04" + b"\0" * 100, "a.xlsx", "corrupt_file"),
    ],
)
def test_not_a_workbook(data: bytes, name: str, code: str) -> None:
    assert codes(data, name) == [code]


def test_truncated(base: bytes) -> None:
    assert codes(base[: len(base) // 2]) == ["corrupt_file"]


def test_wrong_extension(base: bytes) -> None:
    assert codes(base, "data.pdf") == ["wrong_extension"]


def test_too_large() -> None:
    assert codes(b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024)) == ["file_too_large"]


def test_zip_bomb(base: bytes) -> None:
    bomb = b"<a>" + b" " * (210 * 1024 * 1024) + b"</a>"
    data = rezip(base, add={"xl/media/bomb.xml": bomb})
    assert len(data) < 2 * 1024 * 1024
    assert codes(data) == ["zip_bomb"]


def test_cell_at_xfd1048576_is_refused_before_any_reader(base: bytes) -> None:
    sheet = sheet_xml('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    data = rezip(base, replace={"xl/worksheets/sheet1.xml": sheet})
    problems = read_upload(data, "x.xlsx").problems
    assert [p.code for p in problems] == ["cell_out_of_range"]
    assert "XFD1048576" in problems[0].message and problems[0].sheet == "มาตรการ"


def test_cell_bomb(base: bytes) -> None:
    from kpi.core.settings import Limits

    cells = "".join(
        f'<row r="{r}">' + f'<c r="A{r}"><v>1</v></c><c r="B{r}"><v>1</v></c>' + "</row>" for r in range(1, 3001)
    )
    data = rezip(base, replace={"xl/worksheets/sheet1.xml": sheet_xml(cells)})
    inspection = inspect_xlsx(data, "x.xlsx", Limits(max_cells_per_sheet=5000))
    assert [p.code for p in inspection.problems] == ["too_many_cells"]


def test_macros(base: bytes) -> None:
    assert codes(rezip(base, add={"xl/vbaProject.bin": b"\0" * 64}), "m.xlsm") == ["macros"]


def test_entity_tricks(base: bytes) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    assert codes(rezip(base, replace={"xl/worksheets/sheet1.xml": laughs})) == ["xml_entities"]


def test_hidden_template_sheet_is_refused() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "มาตรการ"
    for row in small_measures():
        ws.append(row)
    ws.sheet_state = "hidden"
    wb.create_sheet("อื่น")
    buffer = io.BytesIO()
    wb.save(buffer)
    problems = read_upload(buffer.getvalue(), "h.xlsx").problems
    assert [(p.code, p.sheet) for p in problems if p.is_error] == [("hidden_sheet", "มาตรการ")]


def test_formula_without_cached_value_is_named(base: bytes) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "มาตรการ"
    rows = small_measures(count=1)
    rows[1][1] = "=1+1"  # openpyxl writes a formula with no cached value
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    problems = read_upload(buffer.getvalue(), "f.xlsx").problems
    assert [(p.code, p.row, p.column) for p in problems] == [("formula_no_value", 2, "ลำดับ")]


def test_a_cell_out_of_range_is_named_as_excel_names_it() -> None:
    assert _cell_name(16384, 1_048_577) == "XFD1048577"
    assert _cell_name(1, 2) == "A2"
    assert _cell_name(20_000, 1) == "R1C20000"  # past ZZZ, Excel's other notation


@pytest.mark.parametrize(
    "cells",
    [
        '<row r="1"><c r=\'XFD1048576\' t="inlineStr"><is><t>x</t></is></c></row>',  # single quotes
        '<x:row r="1"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',  # a namespace prefix
        '<row r="1"><c r = "XFD1048576"><v>1</v></c></row>',  # spaces around =
        '<row r="1048576"><c><v>1</v></c></row>',  # a cell without r on a far row
        '<row r="1">' + "<c><v>1</v></c>" * 200 + "</row>",  # cells without r running past the last column
    ],
)
def test_far_cells_are_found_however_they_are_written(base: bytes, cells: str) -> None:
    data = rezip(base, replace={"xl/worksheets/sheet1.xml": sheet_xml(cells)})
    assert codes(data) == ["cell_out_of_range"]


def test_entity_encoded_references_are_refused(base: bytes) -> None:
    cells = '<row r="1"><c r="&#88;FD1048576"><v>1</v></c></row>'
    data = rezip(base, replace={"xl/worksheets/sheet1.xml": sheet_xml(cells)})
    assert codes(data) == ["odd_cell_reference"]
