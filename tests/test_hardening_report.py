"""Issue 9, report area: the one zip guard, macros found by content, the importer's bounded cost,
stable refusal codes, and linear-time patterns on untrusted text (no wall-clock assertions: a
generous guard timeout catches a pattern that backtracks, which would take minutes or hours)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_workbook, small_measures
from corpus.build import base_workbook, rezip, sheet_xml
from corpus.cases_safety import OLE, ole_vba_project

from kpi.cli.import_report import format_summary
from kpi.core.messages import PROBLEMS, REPORT_IMPORT
from kpi.core.problems import WARNING, Problem
from kpi.core.settings import HELP, LIMITS, SAMPLE_WORKBOOK, Limits
from kpi.ingest.report import cleaning, importer, limits, model, reading, table
from kpi.ingest.report.cleaning import clean_cell
from kpi.ingest.report.importer import parse_report
from kpi.ingest.report.kinds import guess_kind, plain_text
from kpi.ingest.report.model import ImportedReport, ReportImportError
from kpi.ingest.report.periods import parse_period
from kpi.ingest.report.table import find_fiscal_year, find_organization
from kpi.ingest.report.target_text import extract_targets
from kpi.ingest.safety import UnsafeFile, guard_zip, inspect_xlsx

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
    modules = (importer, reading, table, model, cleaning, limits)
    assert not any(hasattr(module, "_check_zip") for module in modules)
    # Every archive is opened by the one guard (kpi.ingest.safety.guard_zip): no report module opens one.
    assert not any("ZipFile(" in Path(str(module.__file__)).read_text(encoding="utf-8") for module in modules)


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
        "from kpi.ingest.report.importer import parse_report\n"
        "from kpi.ingest.report.model import ReportImportError\n"
        "try:\n    parse_report(data, 'r.xlsx')\nexcept ReportImportError as exc:\n    print(exc.code)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, encoding="utf-8", check=True
    )
    code_seen, grown_kb = done.stdout.split()
    assert code_seen == "too_many_cells"
    assert int(grown_kb) < 200 * 1024  # was 1.5 GB


def test_a_ten_megabyte_single_line_is_refused_before_any_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_sniff(*args: object, **kwargs: object) -> None:
        raise AssertionError("the csv sniffer ran")

    monkeypatch.setattr(reading.csv.Sniffer, "sniff", must_not_sniff)
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
        "looks_like_satisfaction", "looks_like_ita_history", "looks_like_oit_checklist", "looks_like_action_plan",
        "looks_like_complaints",
    }  # fmt: skip
    assert codes <= set(REPORT_IMPORT)
    assert set(reading._GATE_CODES.values()) <= codes


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
    "paren": "(", "amp": "&", "pipe": "|", "box_pipe": "│",
}  # fmt: skip
NEAR_MISSES = (
    "ร้อยละ 1", "ไม่น้อยกว่า", "1.", "1,", "ไตรมาส 1-", "Q1-", "ต.ค.", "ก.พ.", "พ.ศ. ", "1/1/", "<p ", "<!--",
    "&#", "- ก ", "ก\n", " \n", "อบต.", "ปี ", "ลดลง", "จำนวน", "ผ่านเกณฑ์", "ITA ", "ของ", "1)", "1.1", "ความ",
    "ทุก", "ครึ่ง", "ราย", "1 ",
    "| ", "|-", "\\|", "ก  ", "  ก", "มาตรการ\n", "ที่\n", "1\n", "๑.\n", "\n\n", "| มาตรการ |",
    "2566 | 8", "2566 | 86.", "O1 ", "O", "1,000", "1,00", ",000", "ค่าเฉลี่ย ", "แล้วเสร็จ ",
)  # fmt: skip

FUNCTIONS: dict[str, Callable[[str], object]] = {
    "clean_cell": clean_cell,
    "find_organization": lambda text: find_organization([text]),
    "find_fiscal_year": lambda text: find_fiscal_year([text]),
    "extract_targets": lambda text: extract_targets(text, "outcome"),
    "parse_period": lambda text: parse_period(text, 2568),
    "parse_report": lambda text: _refused_or_read(text),
    "guess_kind": lambda text: guess_kind(plain_text([[line] for line in text.split("\n")])),
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


# Issue 11: the ways of reading a table copied out of a PDF or web page, each with its header found
# first so that every row below goes through the way's own splitting and grouping.
_SHAPED_HEADERS = {
    "pipes": "| ที่ | มาตรการ | ขั้นตอน | ระยะเวลา | ผู้รับผิดชอบ |\n|---|---|---|---|---|\n",
    "spaces": "ที่  มาตรการ    ขั้นตอน    ระยะเวลา    ผู้รับผิดชอบ\n",
    "cell_lines": "ที่\nมาตรการ\nขั้นตอน\nระยะเวลา\nผู้รับผิดชอบ\n",
}
_SHAPED_BODIES = (
    "|", " ", "| ", " |", "-", "ก  ", "  ก", "ก |", "\\|", "│", "─┼", "1\n", "๑. ก\n", "\n", "\n\n\n\n1\n",
    "- 2 -\n", "ที่\nมาตรการ\n", "ก\n", "1.\t", "  \n",
)  # fmt: skip


@pytest.mark.timeout(240)
@pytest.mark.parametrize("shape", sorted(_SHAPED_HEADERS))
def test_tables_copied_from_pdfs_are_read_in_linear_time(shape: str) -> None:
    from kpi.ingest.report import shapes

    ways = (shapes.rows_from_pipes, shapes.rows_from_spaces, shapes.rows_from_cell_lines, shapes.looks_piped)
    for unit in _SHAPED_BODIES:
        # Within the limits checked before any pattern: one line of 100,000 characters, or as many
        # lines as a report may have (parse_report refuses more before splitting).
        lines = unit.count("\n")
        body = unit * (limits.MAX_ROWS // (lines + 1) - 10) if lines else _run(unit, limits.MAX_LINE_CHARS)
        text = _SHAPED_HEADERS[shape] + body
        for way in ways:
            way(text)
        _refused_or_read(text)


def test_long_texts_are_read_only_as_far_as_a_real_one_goes() -> None:
    from kpi.ingest.report import periods, target_text

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


@pytest.mark.timeout(240)
def test_the_fast_sheet_scan_is_linear_on_one_long_unclosed_cell_tag() -> None:
    # issue 14: the whole-chunk patterns read Excel-form tags; a cell tag with many type attributes
    # and no end once made them rescan the tag for each one (quadratic: minutes for one 1 MB chunk).
    body = b'<worksheet><sheetData><row r="1"><c r="A1"' + b' t="s"' * 300_000 + b"<"
    inspect_xlsx(rezip(base_workbook(), replace={"xl/worksheets/sheet1.xml": body}), "x.xlsx")


# --- identities never repeated, text that cannot break an output (issue 9, items 2 and 3) ------

_ID, _PHONE, _EMAIL, _NAME = "1-2345-67890-12-3", "0812345678", "somchai.j@gmail.com", "นายสมชาย ใจดี"
PLANTED = (_ID, "1234567890123", _PHONE, "081-234-5678", _EMAIL, _NAME, "สมชาย")
CONTROLS = ("\x1b", "\x00", "\x08", "\x7f", "\x85", "\ufffe", "\uffff", "\u202e", "\u2066")
_TABLE = "ที่\tมาตรการ\tขั้นตอน\tช่วงระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ\tผลลัพธ์"


def _leaky_report() -> bytes:
    """Identities and control characters where the importer quotes the file back: a line before the
    table's first measure (orphan_row), a line between measures (stray_text), the period column."""
    lines = [
        "รายงาน ปี 2570\x1b[2J",
        _TABLE,
        f"\t\tผู้ประสานงาน {_NAME} โทร 081-234-5678 เลขบัตร {_ID}\x1b[2J\t\t\t\t",
        f"1\tมาตรการทดสอบ\tประชุม\tติดต่อ {_EMAIL} {_PHONE}\u202e\tสำนักปลัด\tร้อยละ 80\tความพึงพอใจ",
        f"ส่งข้อมูลที่ {_NAME} เลขบัตร {_ID}\x00",
        "2\tมาตรการที่สอง\tเผยแพร่\tไตรมาสที่ 1-4\tกองคลัง\tครบ\tโปร่งใส",
    ]
    return "\n".join(lines).encode()


def _assert_clean(text: str) -> None:
    for identity in PLANTED:
        assert identity not in text, identity
    for char in CONTROLS:
        assert char not in text, hex(ord(char))


def test_warnings_quoting_the_report_never_repeat_an_identity_or_a_control_character() -> None:
    report = parse_report(_leaky_report(), "r.txt")
    codes_seen = " ".join(warning.message for warning in report.warnings)
    assert "ข้ามแถวที่อยู่ก่อนมาตรการแรก" in codes_seen  # orphan_row
    assert "ข้ามข้อความที่ไม่อยู่ในตาราง" in codes_seen  # stray_text
    assert "มาตรการที่ 1: ไม่เข้าใจช่วงเวลา “ติดต่อ ••• •••”" in codes_seen  # period_unknown, masked
    for warning in report.warnings:
        _assert_clean(warning.message)
    _assert_clean(json.dumps(report.to_json_dict(), ensure_ascii=False))
    _assert_clean(json.dumps([warning.to_json() for warning in report.warnings], ensure_ascii=False))


def test_a_sheet_name_quoted_in_a_warning_or_refusal_is_masked_and_cleaned(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "นายสมชาย ใจดี"
    for line in ("รายงาน ปี 2570", _TABLE, "x\t\t\t\t\t\t", "1\tมาตรการ\tประชุม\tไตรมาส 1\tกอง\tครบ\tดี"):
        sheet.append(line.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = parse_report(buffer.getvalue(), "r.xlsx")
    assert any("ชีต •••" in warning.message for warning in report.warnings), report.warnings
    for warning in report.warnings:
        _assert_clean(warning.message)
        _assert_clean(json.dumps(warning.to_json(), ensure_ascii=False))  # the sheet field too
    monkeypatch.setattr(limits, "MAX_LINE_CHARS", 100)  # an Excel cell holds at most 32,767
    sheet.append(["ก" * 101])
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = _refusal(buffer.getvalue(), "r.xlsx")
    assert error.code == "line_too_long"
    _assert_clean(error.message_th)


def test_the_cli_summary_and_json_hold_no_identity_in_warnings_and_no_control_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpi.cli.main import main

    file = tmp_path / "r.txt"
    file.write_bytes(_leaky_report())
    for extra in ([], ["--json"]):
        assert main(["import-report", str(file), *extra]) == 0
        out = capsys.readouterr().out
        _assert_clean(out)
        assert "มาตรการทดสอบ" in out and "คำเตือน" in out or extra


def test_the_summary_cleans_measure_texts_but_keeps_the_organisations_own_words() -> None:
    # Measure texts are the organisation's published report: its contact channel stays, cleaned.
    text = f"รายงาน ปี 2570\n{_TABLE}\n1\tมาตรการ\x1b[2Jทดสอบ\tประชุม\tไตรมาส 1\tกองคลัง โทร 02-123-4567\u202e\tครบ\tดี"
    summary = format_summary(parse_report(text.encode(), "r.txt"))
    assert "1. [มาตรการ] มาตรการ[2Jทดสอบ" in summary
    assert "ผู้รับผิดชอบ: กองคลัง โทร 02-123-4567\n" in summary + "\n"
    _assert_clean(summary)


def test_a_summary_of_a_report_built_elsewhere_is_still_cleaned_and_masked() -> None:
    raw = [f"ข้อความ “{_NAME} {_PHONE}”\x1b[31m", f"\u202e{_EMAIL}"]
    report = ImportedReport(None, 2570, [], [Problem("stray_text", text, severity=WARNING) for text in raw])
    summary = format_summary(report)
    _assert_clean(summary)
    _assert_clean(json.dumps(report.to_json_dict(), ensure_ascii=False))


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("นายสมชาย ใจดี 0812345678.pdf", "“.pdf”"),
        ("a\x1b[2J\u202eb.odt", "“.odt”"),
        ("x.1234567890123", None),  # an "extension" that is an ID card number
        (f"{_EMAIL}", "“.com”"),
        ("report.o\x1bdt", "“.odt”"),
        ("รายงาน.ไฟล์", None),
    ],
)
def test_a_refused_file_name_is_never_quoted_only_a_plain_extension(filename: str, shown: str | None) -> None:
    error = _refusal(b"hello world", filename)
    assert error.code == "unsupported"
    _assert_clean(error.message_th)
    assert "0812345678" not in error.message_th and "[2J" not in error.message_th
    if shown is None:
        assert error.message_th == REPORT_IMPORT["unsupported_unnamed"]
    else:
        assert error.message_th == REPORT_IMPORT["unsupported"].format(extension=shown.strip("“”"))


def test_an_unknown_zip_is_refused_without_its_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    error = _refusal(buffer.getvalue(), f"{_NAME} {_PHONE}.odt")
    assert (error.code, error.message_th) == ("unsupported", REPORT_IMPORT["unsupported"].format(extension=".odt"))


def test_a_missing_file_named_with_an_identity_is_not_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    from kpi.cli.main import main

    assert main(["import-report", f"/nonexistent/{_NAME} {_PHONE}\x1b[2J.txt"]) == 1
    err = capsys.readouterr().err
    assert "ไม่พบไฟล์" in err
    _assert_clean(err)


@pytest.mark.parametrize("char", CONTROLS + ("&#27;", "&#xFFFF;", "&#x202E;", "\x0c", "\x0b"))
def test_control_characters_never_reach_the_review_and_the_workbook_saves(char: str, tmp_path: Path) -> None:
    from kpi.ingest.upload import prepare_upload
    from kpi.screens.import_report import review_tables, review_workbook
    from kpi.store.database import Store

    row = f"1\tมาตรการ{char}ทดสอบ\tประชุม{char}\tไตรมาสที่ 1-4\tสำนัก{char}ปลัด\tร้อยละ 80{char}\tความพึงพอใจ{char}เพิ่มขึ้น"
    report = parse_report(f"รายงาน ปี 2570\n{_TABLE}\n{row}".encode(), "r.txt")
    measure = report.measures[0]
    for value in (measure.name, measure.steps, measure.responsible, measure.output, measure.outcome):
        _assert_clean(value)
    assert measure.name in ("มาตรการทดสอบ", "มาตรการ ทดสอบ")
    measures, targets = review_tables(report)
    _assert_clean(measures.to_json(force_ascii=False) + targets.to_json(force_ascii=False))
    workbook = review_workbook(measures, targets, 2570)  # raised IllegalCharacterError before
    plan = prepare_upload(workbook, "r.txt.xlsx", Store(f"sqlite:///{tmp_path / 's.sqlite3'}").dataset())
    assert plan.ok, [(p.code, p.message) for p in plan.errors]


def test_text_typed_into_the_review_tables_cannot_break_the_workbook(tmp_path: Path) -> None:
    from kpi.ingest.upload import prepare_upload
    from kpi.screens.import_report import review_tables, review_workbook
    from kpi.store.database import Store

    report = parse_report(f"รายงาน ปี 2570\n{_TABLE}\n1\tมาตรการ\tประชุม\tไตรมาส 1\tกอง\tร้อยละ 80\tดี".encode(), "r.txt")
    measures, targets = review_tables(report)
    measures.loc[0, "ชื่อมาตรการ"] = "มาตรการ\x1b\x00\uffffใหม่\u202e"
    targets.loc[0, "ชื่อตัวชี้วัด"] = "ร้อยละ\x08 80"
    plan = prepare_upload(
        review_workbook(measures, targets, 2570), "r.xlsx", Store(f"sqlite:///{tmp_path / 's.sqlite3'}").dataset()
    )
    assert plan.ok, [(p.code, p.message) for p in plan.errors]


def test_highlighted_sources_are_cleaned() -> None:
    from kpi.screens.import_report import highlighted_sources

    text = f"รายงาน ปี 2570\n{_TABLE}\n1\tมาตรการ\tประชุม\tไตรมาส 1\tกอง\tร้อยละ 80\tดี"
    measure = replace(parse_report(text.encode(), "r.txt").measures[0], output="ร้อยละ 80\x1b[2J\u202e")
    for part in highlighted_sources(measure):
        _assert_clean(part.markdown)


@pytest.mark.timeout(180)
def test_the_import_page_renders_and_saves_a_report_full_of_control_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    app = AppTest.from_file("../app.py", default_timeout=60).run()
    app.switch_page("views/import_report.py").run()
    row = "1\tมาตรการ\x1bทดสอบ\x00\tประชุม\x08\tไตรมาสที่ 1-4\uffff\tสำนัก\ufffeปลัด\tร้อยละ 80\tพึงพอใจ\u202e"
    data = f"รายงาน พ.ศ. 2460\n{_TABLE}\n{row}\nติดต่อ {_NAME} {_PHONE}".encode()  # a year out of range
    app.file_uploader(key="import_file").upload("r.txt", data, "text/plain").run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    shown = " ".join(str(e.value) for kind in ("warning", "markdown", "caption") for e in getattr(app, kind))
    _assert_clean(shown)
    assert app.number_input(key="import_year").value != 2460  # out of the field's range: not used
    app.number_input(key="import_year").set_value(2570).run()  # a year the sample does not hold
    app.button(key="import_check").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    app.button(key="import_confirm").click().run()
    assert "บันทึกแล้ว" in " ".join(str(s.value) for s in app.success)
