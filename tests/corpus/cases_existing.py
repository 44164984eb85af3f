"""Kinds of bad input the product refused before the hardening issue: kept so they stay refused."""

from __future__ import annotations

import io

from corpus import BadInput
from corpus.build import (
    COMPLAINT_HEADER,
    COMPLAINTS,
    INDICATOR_HEADER,
    INDICATORS,
    ITA,
    ITA_HEADER,
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


def _hidden_template_sheet() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = MEASURES
    for row in measure_rows():
        ws.append(row)
    ws.sheet_state = "hidden"
    wb.create_sheet("อื่น")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _formula_without_value() -> bytes:
    return with_measure_cell("ลำดับ", "=1+1")


def _results(*rows: list) -> bytes:
    return make_workbook({MEASURES: measure_rows(), RESULTS: [RESULT_HEADER, *rows]})


def _complaints(header: list, *rows: list) -> bytes:
    return make_workbook({COMPLAINTS: [header, *rows]})


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
)
_XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>'
)
_FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
_ID = "3100700123456"
_PHONE = "081-234-5678"
_EMAIL = "somchai.j@example.com"

CASES = [
    # the file as a whole
    BadInput("empty_file", lambda: b"", ("file_empty",)),
    BadInput("csv_named_xlsx", lambda: b"a,b,c\n1,2,3\n", ("not_xlsx",)),
    BadInput("encrypted_or_xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ("encrypted",)),
    BadInput("zip_header_only", lambda: b"PK\x03\x04" + b"\0" * 100, ("corrupt_file",)),
    BadInput("truncated", lambda: base_workbook()[:1500], ("corrupt_file",)),
    BadInput("wrong_extension", base_workbook, ("wrong_extension",), filename="data.pdf"),
    BadInput("too_large", lambda: b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024), ("file_too_large",)),
    BadInput(
        "zip_bomb",
        lambda: rezip(base_workbook(), add={"xl/media/bomb.xml": b"<a>" + b" " * (210 * 1024 * 1024) + b"</a>"}),
        ("zip_bomb",),
    ),
    BadInput(
        "zip_many_parts",
        lambda: rezip(base_workbook(), add={f"xl/p{i}.bin": b"" for i in range(600)}),
        ("too_many_parts",),
    ),
    BadInput(
        "macros_part",
        lambda: rezip(base_workbook(), add={"xl/vbaProject.bin": b"\0" * 64}),
        ("macros",),
        filename="m.xlsm",
    ),
    BadInput("billion_laughs", lambda: rezip(base_workbook(), replace={SHEET1: _LAUGHS}), ("xml_entities",)),
    BadInput("xxe", lambda: rezip(base_workbook(), replace={SHEET1: _XXE}), ("xml_entities",)),
    BadInput(
        "no_workbook_part",
        lambda: rezip(base_workbook(), add={}).replace(b"xl/workbook.xml", b"xl/workbooq.xml"),
        ("not_xlsx",),
    ),
    # the shape of sheets and cells
    BadInput(
        "cell_at_xfd1048576",
        lambda: rezip(base_workbook(), replace={SHEET1: sheet_xml(_FAR)}),
        ("cell_out_of_range",),
        at=(MEASURES, None, None),
    ),
    BadInput(
        "far_cell_single_quotes",
        lambda: rezip(base_workbook(), replace={SHEET1: sheet_xml(_FAR.replace('"XFD1048576"', "'XFD1048576'"))}),
        ("cell_out_of_range",),
    ),
    BadInput(
        "far_cells_without_r",
        lambda: rezip(base_workbook(), replace={SHEET1: sheet_xml('<row r="1">' + "<c><v>1</v></c>" * 200 + "</row>")}),
        ("cell_out_of_range",),
    ),
    BadInput(
        "entity_encoded_reference",
        lambda: rezip(
            base_workbook(), replace={SHEET1: sheet_xml('<row r="1"><c r="&#88;FD1048576"><v>1</v></c></row>')}
        ),
        ("odd_cell_reference",),
    ),
    BadInput(
        "cell_bomb_highly_compressed",
        lambda: rezip(
            base_workbook(),
            replace={SHEET1: sheet_xml('<row r="1">' + '<c r="A1"><v>1</v></c>' * 3_100_000 + "</row>")},
        ),
        ("zip_bomb",),  # 3.1 million tiny cells: refused before the cell count (test_xlsx_safety counts cells)
    ),
    BadInput("hidden_template_sheet", _hidden_template_sheet, ("hidden_sheet",), at=(MEASURES, None, None)),
    BadInput("no_known_sheet", lambda: make_workbook({"Sheet1": [["a", "b"], [1, 2]]}), ("no_known_sheet",)),
    BadInput("header_only", lambda: make_workbook({MEASURES: [MEASURE_HEADER]}), ("no_data_rows",)),
    BadInput(
        "two_sheets_one_template_sheet",
        lambda: make_workbook({MEASURES: measure_rows(), "มาตร การ": measure_rows(1)}),
        ("duplicate_sheet",),
        at=("มาตร การ", None, None),
    ),
    BadInput(
        "missing_required_column",
        lambda: make_workbook(
            {MEASURES: [[h for h in MEASURE_HEADER if h != "ชื่อมาตรการ"], [YEAR, 1, "มาตรการ", "", "1-4", "", "", ""]]}
        ),
        ("missing_column",),
        at=(MEASURES, 1, "ชื่อมาตรการ"),
    ),
    BadInput(
        "duplicate_column",
        lambda: make_workbook({MEASURES: [[*MEASURE_HEADER, "ลำดับ"], [*measure_rows()[1], 1]]}),
        ("duplicate_column",),
        at=(MEASURES, 1, "ลำดับ"),
    ),
    BadInput("formula_without_value", _formula_without_value, ("formula_no_value",), at=(MEASURES, 2, "ลำดับ")),
    BadInput(
        "required_blank", lambda: with_measure_cell("ชื่อมาตรการ", None), ("required",), at=(MEASURES, 2, "ชื่อมาตรการ")
    ),
    BadInput("text_in_number", lambda: with_measure_cell("ลำดับ", "หนึ่ง"), ("bad_number",), at=(MEASURES, 2, "ลำดับ")),
    BadInput("fraction_in_integer", lambda: with_measure_cell("ลำดับ", 1.5), ("bad_integer",), at=(MEASURES, 2, "ลำดับ")),
    BadInput("year_in_ce", lambda: with_measure_cell("ปีงบประมาณ", 2025), ("bad_year",), at=(MEASURES, 2, "ปีงบประมาณ")),
    BadInput(
        "bad_planned_quarters",
        lambda: with_measure_cell("ไตรมาสที่วางแผน", "5-7"),
        ("bad_quarters",),
        at=(MEASURES, 2, "ไตรมาสที่วางแผน"),
    ),
    BadInput("bad_choice", lambda: with_measure_cell("ประเภท", "นโยบาย"), ("bad_choice",), at=(MEASURES, 2, "ประเภท")),
    BadInput(
        "text_too_long",
        lambda: with_measure_cell("ขั้นตอนหรือวิธีการปฏิบัติ", "ก" * 6000),
        ("text_too_long",),
        at=(MEASURES, 2, "ขั้นตอนหรือวิธีการปฏิบัติ"),
    ),
    BadInput(
        "duplicate_key",
        lambda: make_workbook({MEASURES: [*measure_rows(), measure_rows()[1]]}),
        ("duplicate_key",),
        at=(MEASURES, 4, None),
    ),
    BadInput(
        "bad_quarter",
        lambda: _results([YEAR, 5, 1, "เสร็จสิ้น", 100, None, None, None, None, None]),
        ("bad_quarter",),
        at=(RESULTS, 2, "ไตรมาส"),
    ),
    BadInput(
        "bad_url",
        lambda: _results([YEAR, 1, 1, "เสร็จสิ้น", 100, None, None, "javascript:alert(1)", None, None]),
        ("bad_url",),
        at=(RESULTS, 2, "ลิงก์หลักฐาน"),
    ),
    BadInput(
        "bad_date",
        lambda: _results([YEAR, 1, 1, "เสร็จสิ้น", 100, None, None, None, "31/02/2570", None]),
        ("bad_date",),
        at=(RESULTS, 2, "วันที่รายงาน"),
    ),
    BadInput(
        "percent_out_of_range",
        lambda: _results([YEAR, 1, 1, "กำลังดำเนินการ", 150, None, None, None, None, None]),
        ("out_of_range",),
        at=(RESULTS, 2, "ร้อยละความคืบหน้า"),
    ),
    BadInput(
        "unknown_measure",
        lambda: _results([YEAR, 1, 9, "เสร็จสิ้น", 100, None, None, None, None, None]),
        ("unknown_measure",),
        at=(RESULTS, 2, "ลำดับมาตรการ"),
    ),
    BadInput(
        "unknown_indicator",
        lambda: _results([YEAR, 1, 1, "เสร็จสิ้น", 100, 7, 80, None, None, None]),
        ("unknown_indicator",),
        at=(RESULTS, 2, "ลำดับตัวชี้วัด"),
    ),
    BadInput(
        "inconsistent_status",
        lambda: _results(
            [YEAR, 1, 1, "เสร็จสิ้น", 100, None, None, None, None, None],
            [YEAR, 1, 1, "กำลังดำเนินการ", 40, None, None, None, None, None],
        ),
        ("inconsistent_status",),
        at=(RESULTS, 3, "สถานะ"),
    ),
    BadInput(
        "target_without_value",
        lambda: make_workbook(
            {MEASURES: measure_rows(), INDICATORS: [INDICATOR_HEADER, [YEAR, 1, 1, "ร้อยละ", "ร้อยละ", "≥", None, None]]}
        ),
        ("target_required",),
        at=(INDICATORS, 2, "ค่าเป้าหมาย"),
    ),
    BadInput(
        "ita_total_mismatch",
        lambda: make_workbook({ITA: [ITA_HEADER, [2568, 90, 88, 95, 50]]}),
        ("ita_total_mismatch",),
        at=(ITA, 2, "คะแนนรวม"),
    ),
    BadInput(
        "complaints_more_done_than_received",
        lambda: _complaints(COMPLAINT_HEADER, [YEAR, 1, "ร้องเรียนทั่วไป", 2, 3, 1, 2]),
        ("complaint_sum",),
        at=(COMPLAINTS, 2, "ดำเนินการแล้วเสร็จ"),
    ),
    # identities
    BadInput(
        "complaint_name_column",
        lambda: _complaints([*COMPLAINT_HEADER, "ชื่อผู้ร้องเรียน"], [YEAR, 1, "ทุจริต", 1, 1, 0, 1, "นายสมชาย ใจดี"]),
        ("identity_column",),
        at=(COMPLAINTS, 1, "ชื่อผู้ร้องเรียน"),
        identities=("สมชาย",),
    ),
    BadInput(
        "complaint_narrative_text",
        lambda: _complaints([*COMPLAINT_HEADER, "หมายเหตุ"], [YEAR, 1, "ทุจริต", 1, 1, 0, 1, "นายสมชาย ใจดี ร้องเรื่องถนน"]),
        ("complaint_text",),
        at=(COMPLAINTS, 2, "หมายเหตุ"),
        identities=("สมชาย",),
    ),
    BadInput(
        "phone_in_note",
        lambda: _results([YEAR, 1, 1, "เสร็จสิ้น", 100, None, None, None, None, f"ผู้ร้อง โทร {_PHONE}"]),
        ("identity_value",),
        at=(RESULTS, 2, "หมายเหตุ"),
        identities=(_PHONE,),
    ),
    BadInput(
        "email_in_note",
        lambda: _results([YEAR, 1, 1, "เสร็จสิ้น", 100, None, None, None, None, f"แจ้งโดย {_EMAIL}"]),
        ("identity_value",),
        at=(RESULTS, 2, "หมายเหตุ"),
        identities=(_EMAIL,),
    ),
    BadInput(
        "id_card_in_measure_text",
        lambda: with_measure_cell("ผู้รับผิดชอบ", f"เลข {_ID}"),
        ("identity_value",),
        at=(MEASURES, 2, "ผู้รับผิดชอบ"),
        identities=(_ID,),
    ),
    BadInput(
        "id_card_number_in_complaints",
        lambda: _complaints([*COMPLAINT_HEADER, "อื่น ๆ"], [YEAR, 1, "ทุจริต", 1, 1, 0, 1, int(_ID)]),
        ("identity_value",),
        at=(COMPLAINTS, 2, "อื่น ๆ"),
        identities=(_ID,),
    ),
    # accepted with a warning
    BadInput(
        "unknown_extra_sheet",
        lambda: make_workbook({MEASURES: measure_rows(), "บันทึกช่วยจำ": [["ก"], ["ข"]]}),
        ("unknown_sheet",),
        at=("บันทึกช่วยจำ", None, None),
        refused=False,
    ),
]
