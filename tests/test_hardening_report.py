"""Issue 9, report area: the one zip guard, macros found by content, the importer's bounded cost,
stable refusal codes, and linear-time patterns on untrusted text (no wall-clock assertions: a
generous guard timeout catches a pattern that backtracks, which would take minutes or hours)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_workbook, small_measures
from corpus.build import base_workbook, rezip, sheet_xml
from corpus.cases_safety import OLE, ole_vba_project

from kpi import report_import
from kpi.messages import PROBLEMS, REPORT_IMPORT
from kpi.periods import parse_period
from kpi.report_import import ReportImportError, clean_cell, find_fiscal_year, find_organization, parse_report
from kpi.settings import HELP, LIMITS, SAMPLE_WORKBOOK, Limits
from kpi.target_text import extract_targets
from kpi.xlsx_safety import UnsafeFile, guard_zip, inspect_xlsx

REPO = Path(__file__).resolve().parents[1]
REAL_REPORT = REPO / "data" / "report_banphue_2568.txt"

# --- the zip guard and macros ----------------------------------------------------------------


def _codes(data: bytes, name: str = "x.xlsx") -> list[str]:
    return [p.code for p in inspect_xlsx(data, name).problems]


def test_the_sample_workbook_and_a_plain_docx_pass_the_guard() -> None:
    import docx

    assert inspect_xlsx(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name).safe
    document = docx.Document()
    document.add_paragraph("รายงาน")
    buffer = io.BytesIO()
    document.save(buffer)
    assert isinstance(guard_zip(buffer.getvalue()), zipfile.ZipFile)


def test_an_embedded_object_without_vba_is_not_taken_for_macros() -> None:
    data = rezip(base_workbook(), add={"xl/embeddings/oleObject1.bin": OLE + b"\0" * 4096 + b"Ole10Native"})
    assert _codes(data) == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "ascii"])
def test_a_vba_stream_name_is_found_in_any_encoding_and_any_part(encoding: str) -> None:
    body = b"\0" * 3000 + "_VBA_PROJECT".encode(encoding) + b"\0" * 3000
    assert _codes(rezip(base_workbook(), add={"customXml/item9.bin": body})) == ["macros"]


def test_a_vba_stream_split_across_two_read_chunks_is_found() -> None:
    marker = "_VBA_PROJECT".encode("utf-16-le")
    body = b"\1" * ((1 << 20) - 7) + marker + b"\1" * 100  # the marker straddles the 1 MB chunk edge
    assert _codes(rezip(base_workbook(), add={"xl/media/image2.emf": body})) == ["macros"]


def test_the_guard_refuses_with_the_catalogue_problem() -> None:
    data = rezip(base_workbook(), add={"xl/media/image1.png": ole_vba_project()})
    with pytest.raises(UnsafeFile) as info:
        guard_zip(data)
    assert info.value.problem.code == "macros"
    assert info.value.problem.message == PROBLEMS["macros"]


def test_an_encrypted_zip_part_is_refused_by_the_guard() -> None:
    data = bytearray(base_workbook())
    # Set the "encrypted" flag of every central-directory entry (readers then refuse the part).
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        data[position + 8] |= 0x1
        position += 4
    assert _codes(bytes(data)) == ["encrypted"]


# --- the report importer goes through the same gate --------------------------------------------


def _docx(paragraph: str = "รายงาน") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _refusal(data: bytes, name: str) -> ReportImportError:
    with pytest.raises(ReportImportError) as info:
        parse_report(data, name)
    return info.value


def test_the_importer_has_no_zip_check_of_its_own() -> None:
    assert not hasattr(report_import, "_check_zip")


def test_a_renamed_vba_project_in_a_report_docx_is_refused_with_a_code() -> None:
    error = _refusal(rezip(_docx(), add={"word/media/image7.jpeg": ole_vba_project()}), "r.docx")
    assert error.code == "macros"
    assert error.message_th == REPORT_IMPORT["macros"]


def test_two_million_cells_in_one_row_are_refused_before_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was called")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    data = rezip(make_workbook({"รายงาน": [["x"]]}), replace={"xl/worksheets/sheet1.xml": sheet_xml(
        '<row r="1">' + "<c/>" * 2_000_000 + "</row>"
    )})  # fmt: skip
    assert len(data) < 250 * 1024
    error = _refusal(data, "r.xlsx")
    assert error.code == "too_many_cells"
    assert f"{LIMITS.report_max_cells:,}" in error.message_th


@pytest.mark.timeout(120)
def test_the_worst_report_workbook_stays_small_in_a_subprocess() -> None:
    """2 million cells in one row: refused within small memory (measured by the child itself)."""
    code = (
        "import resource, sys; sys.path[:0] = ['tests']\n"
        "from corpus.cases_report import _cells_in_one_row\n"
        "data = _cells_in_one_row()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "from kpi.report_import import ReportImportError, parse_report\n"
        "try:\n    parse_report(data, 'r.xlsx')\nexcept ReportImportError as exc:\n    print(exc.code)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    code_seen, grown_kb = done.stdout.split()
    assert code_seen == "too_many_cells"
    assert int(grown_kb) < 200 * 1024  # was 1.5 GB


def test_a_ten_megabyte_single_line_is_refused_before_any_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_sniff(*args: object, **kwargs: object) -> None:
        raise AssertionError("the csv sniffer ran")

    monkeypatch.setattr(report_import.csv.Sniffer, "sniff", must_not_sniff)
    error = _refusal("ก".encode() * (10 * 1024 * 1024 // 3 - 1), "r.txt")
    assert error.code == "too_much_text"
    assert f"{LIMITS.report_max_chars:,}" in error.message_th


def test_a_long_line_is_named_by_its_line_number() -> None:
    text = "หัวรายงาน\n" + "มาตรการ\tระยะเวลา\tผู้รับผิดชอบ\n" + "ก" * (LIMITS.report_max_line_chars + 1)
    error = _refusal(text.encode(), "r.txt")
    assert error.code == "line_too_long"
    assert error.message_th.startswith("บรรทัดที่ 3 ยาวเกินไป")


def test_a_long_cell_in_a_docx_table_is_refused() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.rows[0].cells[0].text = "ก" * (LIMITS.report_max_line_chars + 1)
    buffer = io.BytesIO()
    document.save(buffer)
    error = _refusal(buffer.getvalue(), "r.docx")
    assert error.code == "line_too_long"
    assert "ตารางที่ 1 แถวที่ 1" in error.message_th


def test_every_refusal_code_has_a_thai_message() -> None:
    codes = {
        "too_large", "empty", "unsupported", "legacy_office", "pdf", "corrupt", "zip_bomb", "too_many_parts",
        "xml_entities", "macros", "too_many_cells", "cell_out_of_range", "too_much_text", "document_too_large", "line_too_long",
        "undecodable", "too_many_rows", "no_table", "no_measures", "unreadable",
    }  # fmt: skip
    assert codes <= set(REPORT_IMPORT)
    assert set(report_import._GATE_CODES.values()) <= codes


def test_the_real_report_still_imports_unchanged() -> None:
    report = parse_report(REAL_REPORT.read_bytes(), REAL_REPORT.name)
    assert report.organization == "องค์การบริหารส่วนตำบลบ้านผือ"
    assert report.fiscal_year == 2568
    assert len(report.measures) == 17


def test_new_limits_are_documented_and_keep_the_sample_accepted() -> None:
    for name in ("max_cells_total", "max_text_bytes", "report_max_rows", "report_max_cells", "report_max_chars"):
        assert HELP[name]
    assert LIMITS.max_cells_total <= 1_500_000 and LIMITS.max_text_bytes <= 40 * 2**20
    tight = Limits(max_text_bytes=1)
    assert [p.code for p in inspect_xlsx(SAMPLE_WORKBOOK.read_bytes(), "s.xlsx", tight).problems] == ["too_much_text"]
    assert inspect_xlsx(make_workbook({"มาตรการ": small_measures()}), "s.xlsx").safe


# --- linear-time patterns on untrusted text ---------------------------------------------------

# Long runs of each character class, and near-misses of the patterns (each almost a target, a
# period, a year, an organisation, a tag, a list marker or a month).
CLASSES = {
    "thai": "ก", "thai_vowel": "า", "tone": "่", "digit": "1", "thai_digit": "๑", "space": " ", "newline": "\n",
    "tab": "\t", "dash": "-", "dot": ".", "percent": "%", "lt": "<", "slash": "/", "comma": ",", "latin": "a",
    "paren": "(", "amp": "&",
}  # fmt: skip
NEAR_MISSES = (
    "ร้อยละ 1", "ไม่น้อยกว่า", "1.", "1,", "ไตรมาส 1-", "Q1-", "ต.ค.", "ก.พ.", "พ.ศ. ", "1/1/", "<p ", "<!--",
    "&#", "- ก ", "ก\n", " \n", "อบต.", "ปี ", "ลดลง", "จำนวน", "ผ่านเกณฑ์", "ITA ", "ของ", "1)", "1.1", "ความ",
    "ทุก", "ครึ่ง", "ราย", "1 ",
)  # fmt: skip

FUNCTIONS: dict[str, Callable[[str], object]] = {
    "clean_cell": clean_cell,
    "find_organization": lambda text: find_organization([text]),
    "find_fiscal_year": lambda text: find_fiscal_year([text]),
    "extract_targets": lambda text: extract_targets(text, "outcome"),
    "parse_period": lambda text: parse_period(text, 2568),
    "parse_report": lambda text: _refused_or_read(text),
}


def _refused_or_read(text: str) -> None:
    with contextlib.suppress(ReportImportError):
        parse_report(text.encode(), "r.txt")


def _run(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_one_megabyte_of_adversarial_text_through_each_function(name: str) -> None:
    units = list(CLASSES.values()) + list(NEAR_MISSES)
    each = 1_000_000 // len(units)
    for unit in units:
        FUNCTIONS[name](_run(unit, each))
        FUNCTIONS[name](_run(unit, each // 2) + "ร้อยละ 80 ไตรมาสที่ 1 - 4 ต.ค. 67" + _run(unit, each // 2))


@pytest.mark.timeout(120)
@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_every_function_returns_on_a_million_characters_of_one_class(cls: str) -> None:
    text = CLASSES[cls] * 1_000_000
    for function in FUNCTIONS.values():
        function(text)


def test_long_texts_are_read_only_as_far_as_a_real_one_goes() -> None:
    from kpi import periods, target_text

    assert parse_period("ไตรมาสที่ 1 " + "ก" * periods.MAX_TEXT).recognised is False
    far = "ก" * target_text.MAX_TEXT + " ร้อยละ 80"
    assert extract_targets(far, "output") == []
    assert [t.value for t in extract_targets("ร้อยละ 80 " + far, "output")] == [80.0]


SHEET_UNITS = (
    "<", "<c", "<c ", '<c r="', 'r="A1" ', '<c r="A1" t="s"><v>', "<v>1", "<f>", "<c><f>", '<c r="A1"><f/>',
    't="s" ', "<x:", "<row ", ">", '"', "'", "1", " ", '<c r="A1" t="s">  ', "<c r='A",
)  # fmt: skip


@pytest.mark.timeout(240)
def test_the_sheet_scan_is_linear_on_adversarial_xml() -> None:
    base = base_workbook()
    each = 1_000_000 // len(SHEET_UNITS)
    for unit in SHEET_UNITS:
        body = _run(unit, each * 20).encode()  # 20× the share: the scan runs on whole parts
        inspect_xlsx(rezip(base, replace={"xl/worksheets/sheet1.xml": body}), "x.xlsx")
        inspect_xlsx(rezip(base, add={"xl/sharedStrings.xml": body}), "x.xlsx")
