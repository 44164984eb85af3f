"""Kinds of bad input on the workbook upload path found by the hardening review (issue 9, items 1–3, 7, 9):
unbounded cost, identities echoed from headers, sheet and file names, control characters, and values
read silently wrong. Crafted XML stands in where openpyxl refuses to write what a hostile file holds.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from corpus import BadInput
from corpus.build import (
    COMPLAINT_HEADER,
    COMPLAINTS,
    MEASURE_HEADER,
    MEASURES,
    RESULT_HEADER,
    RESULTS,
    SHEET1,
    YEAR,
    base_workbook,
    make_workbook,
    measure_rows,
    rezip,
    sheet_xml,
    with_measure_cell,
)

_ID = "3100700123456"
_PHONE = "081-234-5678"
_EMAIL = "somchai.j@example.com"
_NAME = "นายสมชาย ใจดี"
_PERSON = "สมชาย"


def _letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def _measures_xml(raw: dict[str, str] | None = None, rows: list[list[Any]] | None = None) -> bytes:
    """The measures sheet as worksheet XML; `raw` replaces cells by reference with XML written by hand."""
    raw = raw or {}
    body = []
    for r, row in enumerate(rows or measure_rows(), start=1):
        cells = []
        for i, value in enumerate(row):
            ref = f"{_letter(i)}{r}"
            cells.append(raw.get(ref, _cell(ref, value)))
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    return sheet_xml("".join(body))


def _crafted(raw: dict[str, str] | None = None, rows: list[list[Any]] | None = None) -> bytes:
    return rezip(base_workbook(), replace={SHEET1: _measures_xml(raw, rows)})


def _text_cell(ref: str, text: str) -> str:
    """An inline text cell whose text is inserted as given (raw control characters stay raw).

    Excel writes a control character as the escape _x001B_; calamine decodes it (and _x0000_) to the
    character itself, and passes raw control characters through as they are: both reach validation.
    """
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _long_shared_string(cells: int = 1700, length: int = 60_000) -> bytes:
    """~13 KB: one shared string of `length` letters referenced by `cells` cells of the measures sheet."""
    base = base_workbook()
    archive = zipfile.ZipFile(io.BytesIO(base))
    rows = "".join(f'<row r="{r}"><c r="C{r}" t="s"><v>0</v></c></row>' for r in range(1, cells + 1))
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{cells}" uniqueCount="1"><si><t>{"a" * length}</t></si></sst>'
    ).encode()
    types = archive.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = archive.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
        b' Target="sharedStrings.xml" Id="rId99"/></Relationships>',
    )
    return rezip(
        base,
        replace={SHEET1: sheet_xml(rows), "[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
        add={"xl/sharedStrings.xml": shared},
    )


def _many_bad_numbers(count: int = 3000) -> bytes:
    rows = [MEASURE_HEADER, *([YEAR, "หนึ่ง", f"มาตรการ {n}", "มาตรการ", "", "1-4", "", "", ""] for n in range(count))]
    return make_workbook({MEASURES: rows})


def _results(*rows: list) -> bytes:
    return make_workbook({MEASURES: measure_rows(), RESULTS: [RESULT_HEADER, *rows]})


def _satisfaction_duplicate(service: str) -> bytes:
    header = ["ปีงบประมาณ", "ไตรมาส", "บริการหรือหน่วยงาน", "ค่าเฉลี่ย (เต็ม 5)"]
    return make_workbook({"ความพึงพอใจ": [header, [YEAR, 1, service, 4.2], [YEAR, 1, service, 4.1]]})


def _decomposed_header() -> bytes:
    header = list(MEASURE_HEADER)
    header[1] = "ล\u0e4d\u0e32ดับ"  # ลำดับ typed as nikhahit + sara aa
    header[2] = "ชื่อ\u200bมาตร\u00adการ "  # zero-width space and soft hyphen
    header[4] = "ขั้นตอน\u2060หรือ  วิธีการปฏิบัติ\ufeff"
    return make_workbook({MEASURES: [header, *measure_rows()[1:]]})


def _tone_between_header() -> bytes:
    header = [*COMPLAINT_HEADER]
    header[4] = "ด\u0e4d\u0e32เนินการแล้วเสร็จ"
    header[5] = "อยู่ระหว่างด\u0e4d\u0e32เนินการ"
    rows = [header, [YEAR, 1, "ร้องเรียนทั่วไป", 3, 2, 1, 3]]
    # also น้ำ with the tone mark between the two halves of sara am, in a header of an unknown column
    rows[0].append("จำนวนน\u0e4d\u0e49\u0e32")
    rows[1].append(1)
    return make_workbook({COMPLAINTS: rows})


_DIV0 = '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
_NA = '<c r="B3" t="e"><v>#N/A</v></c>'

CASES = [
    # item 1: bounded cost
    BadInput("long_shared_string_in_many_cells", _long_shared_string, ("too_much_text",)),
    BadInput(
        "long_run_of_letters_with_at",
        lambda: _crafted({"E2": _cell("E2", "a" * 30_000 + "@" + "b" * 30_000)}),
        ("text_too_long",),
        at=(MEASURES, 2, "ขั้นตอนหรือวิธีการปฏิบัติ"),
    ),
    BadInput(
        "long_run_of_digits",
        lambda: _crafted({"G2": _cell("G2", "1" * 80_000)}),
        ("text_too_long",),
        at=(MEASURES, 2, "ผู้รับผิดชอบ"),
    ),
    BadInput("millions_of_bad_cells_listed_bounded", _many_bad_numbers, ("bad_number", "more_problems")),
    # item 2: identities never repeated back
    BadInput(
        "header_with_name_and_phone",
        lambda: make_workbook(
            {MEASURES: [[*MEASURE_HEADER, f"{_NAME} {_PHONE}"], *(r + [1] for r in measure_rows()[1:])]}
        ),
        ("identity_header",),
        at=(MEASURES, 1, "J"),
        identities=(_PHONE, _PERSON),
    ),
    BadInput(
        "complaint_header_with_phone",
        lambda: make_workbook({COMPLAINTS: [[*COMPLAINT_HEADER, _PHONE], [YEAR, 1, "ทุจริต", 1, 1, 0, 1, 1]]}),
        ("identity_header",),
        at=(COMPLAINTS, 1, "H"),
        identities=(_PHONE,),
    ),
    BadInput(
        "header_with_email",
        lambda: make_workbook({MEASURES: [[*MEASURE_HEADER, _EMAIL], *(r + [""] for r in measure_rows()[1:])]}),
        ("identity_header",),
        at=(MEASURES, 1, "J"),
        identities=(_EMAIL,),
    ),
    BadInput(
        "sheet_named_after_a_person",
        lambda: make_workbook({MEASURES: measure_rows(), _NAME: [["ก"], ["ข"]]}),
        ("identity_sheet",),
        at=("ชีตที่ 2", None, None),
        identities=(_PERSON,),
    ),
    BadInput(
        "sheet_named_with_an_id",
        lambda: make_workbook({MEASURES: measure_rows(), f"บัตร {_ID}": [["ก"]]}),
        ("identity_sheet",),
        at=("ชีตที่ 2", None, None),
        identities=(_ID,),
    ),
    BadInput(
        "phone_in_a_duplicated_key",
        lambda: _satisfaction_duplicate(f"งานทะเบียน {_PHONE}"),
        ("duplicate_key",),
        at=("ความพึงพอใจ", 3, None),
        identities=(_PHONE,),
    ),
    BadInput(
        "person_in_a_duplicated_key",
        lambda: _satisfaction_duplicate(_NAME),
        ("duplicate_key",),
        at=("ความพึงพอใจ", 3, None),
        identities=(_PERSON,),
    ),
    BadInput(
        "file_named_after_a_person",
        base_workbook,
        (),
        filename=f"{_NAME} {_PHONE}.xlsx",
        identities=(_PERSON, _PHONE),
        refused=False,
    ),
    BadInput(
        "file_named_with_an_id_wrong_extension",
        base_workbook,
        ("wrong_extension",),
        filename=f"{_ID}.pdf",
        identities=(_ID,),
    ),
    # item 3: control characters, both ways a file carries them
    BadInput(
        "escape_written_as_x001b",
        lambda: _crafted({"C2": _text_cell("C2", "มาตรการ_x001B_[31m")}),
        ("control_character",),
        at=(MEASURES, 2, "ชื่อมาตรการ"),
    ),
    BadInput(
        "nul_written_as_x0000",
        lambda: _crafted({"G3": _text_cell("G3", "สำนัก_x0000_ปลัด")}),
        ("control_character",),
        at=(MEASURES, 3, "ผู้รับผิดชอบ"),
    ),
    BadInput(
        "raw_backspace_and_nul",
        lambda: _crafted({"C2": _text_cell("C2", "มาตรการ\x08\x00ทดสอบ")}),
        ("control_character",),
        at=(MEASURES, 2, "ชื่อมาตรการ"),
    ),
    BadInput(
        "raw_c1_control",
        lambda: _crafted({"H2": _text_cell("H2", "ผลผลิต\x85")}),
        ("control_character",),
        at=(MEASURES, 2, "ผลการดำเนินการ (output)"),
    ),
    BadInput(
        "bidi_override_in_a_name",
        lambda: with_measure_cell("ชื่อมาตรการ", "มาตรการ \u202eกิจกรรม"),
        ("bidi_character",),
        at=(MEASURES, 2, "ชื่อมาตรการ"),
    ),
    BadInput(
        "bidi_isolate_in_owner",
        lambda: with_measure_cell("ผู้รับผิดชอบ", "\u2067สำนักปลัด\u2069"),
        ("bidi_character",),
        at=(MEASURES, 2, "ผู้รับผิดชอบ"),
    ),
    BadInput(
        "escape_in_a_header",
        lambda: _crafted({"J1": _text_cell("J1", "หมายเหตุ_x001B_")}, [r + [""] for r in measure_rows()]),
        ("header_control_character",),
        at=(MEASURES, 1, "J"),
    ),
    # item 7: silently wrong, made right
    BadInput("decomposed_thai_and_zero_width_headers", _decomposed_header, (), refused=False),
    BadInput("tone_mark_inside_decomposed_sara_am", _tone_between_header, (), refused=False),
    BadInput(
        "unknown_header_is_named",
        lambda: make_workbook(
            {MEASURES: [[*MEASURE_HEADER, "งบประมาณที่ใช้"], *(r + [5000] for r in measure_rows()[1:])]}
        ),
        ("unknown_column",),
        at=(MEASURES, 1, "งบประมาณที่ใช้"),
        refused=False,
    ),
    BadInput(
        "decimal_comma_is_ambiguous",
        lambda: _results([YEAR, 1, 1, "กำลังดำเนินการ", " 1,5 ", None, None, None, None, None]),
        ("ambiguous_number",),
        at=(RESULTS, 2, "ร้อยละความคืบหน้า"),
    ),
    BadInput(
        "error_cell_div0",
        lambda: _crafted({"B2": _DIV0}),
        ("formula_error",),
        at=(MEASURES, 2, "ลำดับ"),
    ),
    BadInput("error_cell_na", lambda: _crafted({"B3": _NA}), ("formula_error",), at=(MEASURES, 3, "ลำดับ")),
    BadInput(
        "error_text_from_formula",
        lambda: _crafted({"A2": '<c r="A2" t="str"><f>A9/0</f><v>#VALUE!</v></c>'}),
        ("formula_error",),
        at=(MEASURES, 2, "ปีงบประมาณ"),
    ),
    BadInput(
        "nan_cell", lambda: _crafted({"B2": '<c r="B2"><v>NaN</v></c>'}), ("formula_error",), at=(MEASURES, 2, "ลำดับ")
    ),
    # item 9: file names
    BadInput("file_name_with_newline_and_nul", base_workbook, (), filename="ผล\nไตรมาส 1\x00.xlsx", refused=False),
    BadInput(
        "file_name_with_bidi_override",
        base_workbook,
        ("wrong_extension",),
        filename="รายงาน\u202excod.pdf",
    ),
]


def _header(title: str) -> bytes:
    return make_workbook({MEASURES: [[*MEASURE_HEADER, title], *(r + [1] for r in measure_rows()[1:])]})


# Other ways people write the same identities (found by review): spaced dashes, dots, full-width
# digits, titles other than นาย/นาง, an English name; and the surname after the given name.
CASES += [
    BadInput(
        f"header_identity_{label}",
        lambda title=title: _header(title),
        ("identity_header",),
        at=(MEASURES, 1, "J"),
        identities=(title,),
    )
    for label, title in (
        ("id_spaced_dashes", "1 - 2345 - 67890 - 12 - 3"),
        ("id_dots", "1.2345.67890.12.3"),
        ("phone_dots", "081.234.5678"),
        ("phone_full_width", "０８１２３４５６７８"),
        ("doctor", "ดร.สมชาย"),
        ("honorific_dot", "นาย.สมชาย"),
        ("english_name", "Mr. John Smith"),
    )
]
CASES += [
    BadInput(
        "surname_in_a_duplicated_key",
        lambda: _satisfaction_duplicate(_NAME),
        ("duplicate_key",),
        at=("ความพึงพอใจ", 3, None),
        identities=("ใจดี",),
    ),
    BadInput(
        "phone_as_file_extension",
        base_workbook,
        ("wrong_extension",),
        filename="data.0812345678",
        identities=("0812345678",),
    ),  # fmt: skip
    BadInput(
        "person_as_file_extension", base_workbook, ("wrong_extension",), filename="data.นายสมชาย", identities=("สมชาย",)
    ),  # fmt: skip
]
