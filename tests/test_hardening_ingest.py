"""Issue 9 on the upload path: linear-time scans, identities never repeated back, control characters
refused, headers and numbers read as meant, file names cleaned before they are shown or stored."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from actors import ADMIN
from conftest import MEASURE_HEADER, make_workbook
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi.cli.main import main
from kpi.core import text_safety
from kpi.core.fiscal import parse_quarters
from kpi.core.problems import MAX_LISTED, BoundedProblems
from kpi.core.schema import MEASURES, RESULTS, SHEETS, Column
from kpi.core.thai import AmbiguousNumber, normalize_space, normalize_thai, parse_int, parse_number
from kpi.ingest.cells import convert_cell, loose_key
from kpi.ingest.sheets import validate_sheet
from kpi.ingest.upload import clean_filename, commit_upload, prepare_upload
from kpi.ingest.workbook import read_upload
from kpi.privacy import identity as privacy
from kpi.privacy.redaction import redact
from kpi.store.database import Store

# -- item 1: every pattern on untrusted text runs in linear time -------------------------------

_CLASSES = {
    "letters": "a",
    "digits": "1",
    "dots": ".",
    "at": "@",
    "dashes": "-",
    "plus": "+",
    "spaces": " ",
    "thai": "ก",
    "thai_digits": "๑",
    "nikhahit": "\u0e4d",
    "letters_digits": "a1",
    "word_at": "a@",
    "at_dot": "@a.",
    "digit_space": "1 ",
    "digit_dash": "1-",
    "plus66": "+66 ",
    "email_near_miss": "a.b@c",
    "phone_near_miss": "081-234-567 ",
    "id_near_miss": "1-2345-67890-12 ",
    "honorific": "นาย",
    "honorific_space": "นาง ",
    "quarters": "1-",
    "commas": "1,",
    "parentheses": "(1)",
}

_COLUMNS = [c for sheet in (MEASURES, RESULTS) for c in sheet.columns]


def _every_scan(text: str) -> None:
    """Run `text` through every function of the upload path that scans untrusted text."""
    privacy.identity_value(text)
    privacy.identity_text(text)
    privacy.identity_column(text)
    privacy.person_name(text)
    redact(text)
    text_safety.control_character(text)
    text_safety.bidi_control(text)
    text_safety.clean_text(text)
    normalize_space(text)
    normalize_thai(text)
    loose_key(text)
    parse_quarters(text)
    clean_filename(text + ".xlsx")
    for parse in (parse_number, parse_int):
        with contextlib.suppress(ValueError):
            parse(text)
    for column in _COLUMNS:
        convert_cell(column, text, _UNLIMITED)


class _Limits:
    max_text_length = 10**9


_UNLIMITED: Any = _Limits()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(_CLASSES))
def test_every_scan_returns_at_once_on_a_million_characters_of_one_class(name: str) -> None:
    unit = _CLASSES[name]
    _every_scan((unit * (1_000_000 // len(unit) + 1))[:1_000_000])


@pytest.mark.timeout(120)
def test_one_megabyte_of_adversarial_strings_in_total() -> None:
    pieces = [
        "a" * 60_000 + "@",
        "@" + "a" * 60_000,
        "a" * 40_000 + "@" + "b" * 40_000 + ".",
        "1" * 100_000,
        "1 " * 50_000,
        "0" + "-1" * 50_000,
        "+66" * 30_000,
        "x@y." * 25_000,
        "นาย" * 30_000,
        "ด.ช." * 20_000,
        "\u0e4d\u0e48" * 40_000,
        " \u200b" * 40_000,
        "1,23" * 25_000,
        "_x001B_" * 10_000,
    ]
    assert sum(map(len, pieces)) >= 1_000_000
    for text in pieces:
        _every_scan(text)


@pytest.mark.timeout(120)
def test_a_small_workbook_with_one_long_text_in_many_cells_is_refused_at_once() -> None:
    from corpus.cases_ingest import _long_shared_string

    data = _long_shared_string()
    assert len(data) < 16_000
    assert [p.code for p in read_upload(data, "a.xlsx").problems] == ["too_much_text"]


def test_a_too_long_cell_is_refused_without_scanning_it(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[str] = []
    real = privacy.identity_value
    monkeypatch.setattr(privacy, "identity_value", lambda v: scanned.append(v) or real(v))
    rows = [MEASURE_HEADER, [2570, 1, "ก" * 6000, "มาตรการ", "", "1-4", "", "", ""]]
    _, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    assert [(p.code, p.row, p.column) for p in problems] == [("text_too_long", 2, "ชื่อมาตรการ")]
    assert "ข้อความยาวเกิน 5,000 ตัวอักษร" in problems[0].message
    assert not any(isinstance(v, str) and len(v) > 5000 for v in scanned)


def test_one_string_shared_by_many_cells_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[Any] = []
    real = privacy.identity_value
    monkeypatch.setattr(privacy, "identity_value", lambda v: scanned.append(v) or real(v))
    shared = "ข" * 4000
    rows = [MEASURE_HEADER, *([2570, n, f"มาตรการ {n}", "มาตรการ", shared, "1-4", "", "", ""] for n in range(1, 500))]
    validate_sheet(MEASURES, "มาตรการ", rows)
    assert scanned.count(shared) == 1


def test_problems_of_one_code_in_one_column_are_listed_fifty_times_then_counted() -> None:
    rows = [MEASURE_HEADER, *([2570, "หนึ่ง", f"ม {n}", "มาตรการ", "", "1-4", "", "", ""] for n in range(3000))]
    _, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    bad = [p for p in problems if p.code == "bad_number"]
    assert len(bad) == MAX_LISTED and bad[0].row == 2
    summary = [p for p in problems if p.code == "more_problems"]
    assert len(summary) == 1 and summary[0].column == "ลำดับ" and summary[0].is_error
    assert "และอีก 2,950 แถว" in summary[0].message


def test_bounded_problems_never_builds_a_message_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import kpi.core.problems as problems_module

    built: list[str] = []
    real = problems_module.problem_message
    monkeypatch.setattr(problems_module, "problem_message", lambda code, **f: built.append(code) or real(code, **f))
    found = BoundedProblems(limit=3)
    for row in range(1000):
        found.add("required", sheet="ก", row=row, column="ข")
    assert len(found.result()) == 4 and built.count("required") == 3


# the hand-written scans find exactly what these backtracking patterns find (the former ones, with the
# separators widened to a dot and a spaced dash or dot: "081.234.5678", "1 - 2345 - 67890 - 12 - 3")
_SEP = r"(?: |[ ]?[\-.][ ]?)"
_NOT_AFTER = r"(?<!\d)(?<!\d[ \-.])(?<!\d [\-.])(?<!\d[\-.] )(?<!\d [\-.] )"
_OLD_ID = re.compile(_NOT_AFTER + r"\d(?:" + _SEP + r"?\d){12}(?!" + _SEP + r"?\d)")
_OLD_PHONE = re.compile(
    _NOT_AFTER + r"(?:0|\+ ?66" + _SEP + r"?0?)(?!" + _SEP + r")\d(?:" + _SEP + r"?\d){7,8}(?!" + _SEP + r"?\d)"
)
_OLD_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def _old_kind(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).replace("(", "").replace(")", "")
    if _OLD_EMAIL.search(text):
        return privacy.KIND_EMAIL
    if _OLD_ID.search(text):
        return privacy.KIND_ID_CARD
    if _OLD_PHONE.search(text):
        return privacy.KIND_PHONE
    return None


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789 -+@._aZก(", max_size=40))
def test_linear_scans_agree_with_the_former_patterns(text: str) -> None:
    assert privacy.identity_value(text) == _old_kind(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("3100700123456", privacy.KIND_ID_CARD),
        ("1-2345-67890-12-3", privacy.KIND_ID_CARD),
        ("เลข 3 1007 00123 45 6 ครับ", privacy.KIND_ID_CARD),
        ("31007001234567", None),
        ("310070012345", None),
        ("081-234-5678", privacy.KIND_PHONE),
        ("02-123-4567", privacy.KIND_PHONE),
        ("+66 81 234 5678", privacy.KIND_PHONE),
        ("+66-081-234-5678", privacy.KIND_PHONE),
        ("โทร (081) 234 5678", privacy.KIND_PHONE),
        ("081--234-5678", None),
        ("somchai.j@example.com", privacy.KIND_EMAIL),
        ("a@b", None),
        ("@example.com", None),
        ("งบ 1,234,567 บาท", None),
        ("โทร 081-234-5678 เลข 3100700123456", privacy.KIND_ID_CARD),
    ],
)
def test_identity_values(text: str, kind: str | None) -> None:
    assert privacy.identity_value(text) == kind


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("นายสมชาย ใจดี", True),
        ("นาย สมชาย", True),
        ("นางสาวสมศรี", True),
        ("น.ส.สมใจ", True),
        ("ด.ช. ก้อง", True),
        ("ผู้แจ้ง นางสมศรี", True),
        ("นายกเทศมนตรี", False),
        ("นายอำเภอบ้านผือ", False),
        ("นางพยาบาลวิชาชีพ", False),
        ("ทนายความ", False),
        ("ชื่อมาตรการ", False),
        ("นาย", False),
    ],
)
def test_person_names_by_honorific(text: str, flagged: bool) -> None:
    assert privacy.person_name(text) is flagged


def test_redact_removes_every_identity_and_keeps_the_rest() -> None:
    text = "ข้อมูลซ้ำกับแถว 3 (นายสมชาย ใจดี 081-234-5678 a.b@c.th 3100700123456 นายกเทศมนตรี 2,570)"
    redacted = redact(text)
    for value in ("สมชาย", "081-234-5678", "a.b@c.th", "3100700123456"):
        assert value not in redacted
    assert "นายกเทศมนตรี" in redacted and "แถว 3" in redacted and "2,570" in redacted


# -- item 2: identities never repeated back ----------------------------------------------------


def test_a_flagged_header_is_named_by_its_column_letter_everywhere() -> None:
    header = [*MEASURE_HEADER, "นายสมชาย 081-234-5678"]
    data = make_workbook({"มาตรการ": [header, [2570, 1, "ม", "มาตรการ", "", "1-4", "", "", "", "3100700123456"]]})
    problems = read_upload(data, "a.xlsx").problems
    header_problem = next(p for p in problems if p.code == "identity_header")
    assert (header_problem.sheet, header_problem.row, header_problem.column) == ("มาตรการ", 1, "J")
    assert "ชื่อบุคคล" in header_problem.message or "เบอร์โทรศัพท์" in header_problem.message
    cell = next(p for p in problems if p.code == "identity_value")
    assert (cell.row, cell.column) == (2, "J")
    shown = repr([p.to_json() for p in problems])
    assert "สมชาย" not in shown and "081-234-5678" not in shown and "3100700123456" not in shown


def test_a_sheet_named_after_a_person_is_refused_by_position() -> None:
    data = make_workbook({"มาตรการ": [MEASURE_HEADER], "นางสาวสมศรี": [["ก"]], "081 234 5678": [["ข"]]})
    problems = read_upload(data, "a.xlsx").problems
    refused = [(p.code, p.sheet) for p in problems if p.code == "identity_sheet"]
    assert refused == [("identity_sheet", "ชีตที่ 2"), ("identity_sheet", "ชีตที่ 3")]
    shown = repr([p.to_json() for p in problems])
    assert "สมศรี" not in shown and "081 234 5678" not in shown


def test_duplicate_key_shows_only_unflagged_key_values() -> None:
    header = ["ปีงบประมาณ", "ไตรมาส", "บริการหรือหน่วยงาน", "ค่าเฉลี่ย (เต็ม 5)"]
    rows = [header, [2570, 1, "งาน 081-234-5678", 4.0], [2570, 1, "งาน 081-234-5678", 4.0]]
    _, _, problems = validate_sheet(SHEETS[4] if SHEETS[4].key == "satisfaction" else _sheet("satisfaction"), "ส", rows)
    duplicate = next(p for p in problems if p.code == "duplicate_key")
    assert "081-234-5678" not in duplicate.message and "ปีงบประมาณ 2570" in duplicate.message


def _sheet(key: str) -> Any:
    return next(s for s in SHEETS if s.key == key)


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("ผล\nไตรมาส 1\x00.xlsx", "ผล ไตรมาส 1.xlsx"),
        ("รายงาน\u202eslx.xlsx", "รายงานslx.xlsx"),
        ("a\r\n2 ฉบับที่ 9\t.XLSX", "a 2 ฉบับที่ 9.xlsx"),
        ("นายสมชาย ใจดี.xlsx", "ไฟล์ที่อัปโหลด.xlsx"),
        ("somchai@example.com.xlsx", "ไฟล์ที่อัปโหลด.xlsx"),
        ("C:\\Users\\ก\\ผล.xlsx", "ผล.xlsx"),
        ("ก" * 500 + ".xlsx", "ก" * 115 + ".xlsx"),
        ("รายงานนายกเทศมนตรี.xlsx", "รายงานนายกเทศมนตรี.xlsx"),
    ],
)
def test_file_names_are_cleaned(name: str, cleaned: str) -> None:
    assert clean_filename(name) == cleaned


def test_a_forged_file_name_cannot_add_lines_to_history(
    store: Store, good_workbook: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "ผล.xlsx\n99\t1 ม.ค. 2570\tอัปโหลด\tforged.xlsx\u202e"
    plan = prepare_upload(good_workbook, name, store.dataset())
    assert plan.ok and "\n" not in plan.filename and "\u202e" not in plan.filename
    number = commit_upload(store, plan, actor=ADMIN)
    assert number is not None and store.version(number).filename == plan.filename
    assert main(["history"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == len(store.versions())


def test_the_wrong_extension_message_uses_the_cleaned_name() -> None:
    plan_problems = read_upload(b"PK\x03\x04", clean_filename("3100700123456\n.pdf"))
    assert [p.code for p in plan_problems.problems] == ["wrong_extension"]
    assert "ไฟล์ที่อัปโหลด.pdf" in plan_problems.problems[0].message


# -- item 3: control characters ----------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\x9b"])
def test_control_characters_in_a_text_cell_are_refused_with_their_place(char: str) -> None:
    rows = [MEASURE_HEADER, [2570, 1, f"มาตรการ{char}", "มาตรการ", "", "1-4", "", "", ""]]
    _, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    assert [(p.code, p.sheet, p.row, p.column) for p in problems] == [("control_character", "มาตรการ", 2, "ชื่อมาตรการ")]
    assert f"U+{ord(char):04X}" in problems[0].message and char not in problems[0].message


def test_tab_and_newline_are_kept() -> None:
    rows = [MEASURE_HEADER, [2570, 1, "มาตรการ\tหนึ่ง\nสอง", "มาตรการ", "", "1-4", "", "", ""]]
    records, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    assert problems == [] and records[0]["name"] == "มาตรการ หนึ่ง\nสอง"


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_bidi_controls_in_a_name_are_refused(char: str) -> None:
    rows = [MEASURE_HEADER, [2570, 1, f"มาตรการ {char}ทดสอบ", "มาตรการ", "", "1-4", "", "", ""]]
    _, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    assert [(p.code, p.row, p.column) for p in problems] == [("bidi_character", 2, "ชื่อมาตรการ")]


# -- item 7: read as meant ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "ล\u0e4d\u0e32ดับ",
        " ลำดับ ",
        "ลำ\u200bดับ",
        "ลำ\u200cดับ",
        "ลำ\u200dดับ",
        "ลำ\u2060ดับ",
        "\ufeffลำดับ",
        "ลำ\u00adดับ",
        "ลำ\u00a0ดับ",
    ],
)
def test_headers_match_after_normalisation(header: str) -> None:
    rows = [[MEASURE_HEADER[0], header, *MEASURE_HEADER[2:]], [2570, 7, "ม", "มาตรการ", "", "1-4", "", "", ""]]
    records, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    assert problems == [] and records[0]["no"] == 7


def test_sara_am_with_a_tone_mark_between_is_composed() -> None:
    assert normalize_thai("น\u0e4d\u0e49\u0e32") == "น้ำ"
    assert normalize_thai("น\u0e49\u0e4d\u0e32") == "น้ำ"


def test_a_header_matching_no_template_column_is_named_in_a_warning() -> None:
    rows = [[*MEASURE_HEADER, "งบประมาณ"], [2570, 1, "ม", "มาตรการ", "", "1-4", "", "", "", 500]]
    _, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    assert [(p.code, p.column, p.severity) for p in problems] == [("unknown_column", "งบประมาณ", "warning")]
    assert "“งบประมาณ”" in problems[0].message


@pytest.mark.parametrize("text", [" 1,5 ", "1,23", "12,34,567", "1,2345", ",5"])
def test_commas_that_are_not_thousands_separators_are_ambiguous(text: str) -> None:
    with pytest.raises(AmbiguousNumber):
        parse_number(text)


@pytest.mark.parametrize(("text", "number"), [("1,234", 1234.0), ("12,345.5", 12345.5), (" 1,234,567 ", 1234567.0)])
def test_thousands_separators_still_read(text: str, number: float) -> None:
    assert parse_number(text) == number


def test_an_ambiguous_number_is_refused_not_read_as_fifteen() -> None:
    column = next(c for c in RESULTS.columns if c.key == "percent")
    assert convert_cell(column, " 1,5 ", _UNLIMITED) == (None, ("ambiguous_number", {}))


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"])
def test_error_cells_are_named_as_formula_errors(error: str) -> None:
    rows = [MEASURE_HEADER, [2570, error, "ม", "มาตรการ", "", "1-4", "", "", ""]]
    _, _, problems = validate_sheet(MEASURES, "มาตรการ", rows)
    assert [(p.code, p.row, p.column) for p in problems] == [("formula_error", 2, "ลำดับ")]
    assert error in problems[0].message


def test_error_cells_calamine_reads_as_blank_are_found_in_the_xml() -> None:
    from corpus.cases_ingest import _DIV0, _crafted

    problems = read_upload(_crafted({"B2": _DIV0}), "a.xlsx").problems
    assert [(p.code, p.row, p.column) for p in problems] == [("formula_error", 2, "ลำดับ")]
    assert "#DIV/0!" in problems[0].message


def test_limits_in_messages_have_thousands_separators() -> None:
    column = Column("received", "รับเรื่อง", "int", True, low=0, high=10_000_000)
    _, issue = convert_cell(column, 20_000_000, _UNLIMITED)
    assert issue is not None
    from kpi.core.messages import problem_message

    message = problem_message(issue[0], **issue[1])
    assert message == "ต้องอยู่ระหว่าง 0 ถึง 10,000,000" and "e+" not in message


def test_problems_across_sheets_are_bounded_too(store: Store) -> None:
    from conftest import RESULT_HEADER

    rows = [[2570, 1, n, "เสร็จสิ้น", 100, None, None, None, None, None] for n in range(1, 201)]
    data = make_workbook({"ผลรายไตรมาส": [RESULT_HEADER, *rows]})
    plan = prepare_upload(data, "ผล.xlsx", store.dataset())
    assert [p.code for p in plan.problems].count("unknown_measure") == MAX_LISTED
    summary = [p for p in plan.problems if p.code == "more_problems"]
    assert len(summary) == 1 and "และอีก 150 แถว" in summary[0].message
