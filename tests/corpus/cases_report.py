"""Report-import kinds (path="report"): the importer goes through the upload's safety gate and
bounds its own work, so each of these is refused at once, with a stable code and a Thai message."""

from __future__ import annotations

import io
import random
import zipfile

from corpus import BadInput
from corpus.build import rezip
from corpus.cases_safety import ole_vba_project, with_shared_strings

_HEADER = "ที่\tมาตรการ\tขั้นตอน\tช่วงระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ\tผลลัพธ์"
_ROW = "1\tมาตรการทดสอบ\tประชุม\tไตรมาสที่ 1-4\tสำนักปลัด\tร้อยละ 80\tความพึงพอใจเพิ่มขึ้น"


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินการ ประจำปี พ.ศ. 2570")
    table = document.add_table(rows=2, cols=7)
    for row, line in zip(table.rows, (_HEADER, _ROW), strict=True):
        for cell, text in zip(row.cells, line.split("\t"), strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_part(name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(_docx())).read(name)


def _macro_enabled_docx() -> bytes:
    types = _docx_part("[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    return rezip(_docx(), replace={"[Content_Types].xml": types})


def _entities_docx() -> bytes:
    body = _docx_part("word/document.xml")
    start = body.index(b"<w:document")
    evil = b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    return rezip(_docx(), replace={"word/document.xml": body[:start] + evil + body[start:]})


def _report_xlsx(sheet: bytes, strings: list[str] | None = None) -> bytes:
    """A report workbook (openpyxl-made) with its first sheet's XML replaced."""
    import openpyxl

    workbook = openpyxl.Workbook()
    for line in (_HEADER, _ROW):
        workbook.active.append(line.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    if strings is not None:
        return with_shared_strings(buffer.getvalue(), strings, sheet)
    return rezip(buffer.getvalue(), replace={"xl/worksheets/sheet1.xml": sheet})


def _sheet(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{rows}</sheetData></worksheet>"
    ).encode()


def _cells_in_one_row() -> bytes:
    """Two million cells in one row: 12 KB zipped, under the declared-size bomb check."""
    return _report_xlsx(_sheet('<row r="1">' + "<c/>" * 2_000_000 + "</row>"))


def _cell_bomb() -> bytes:
    rows = "".join(
        f'<row r="{r}">' + f'<c r="A{r}"><v>1</v></c><c r="B{r}"><v>2</v></c>' + "</row>" for r in range(1, 60_001)
    )
    return _report_xlsx(_sheet(rows))


def _shared_string_bomb() -> bytes:
    """One 30,000-letter string in every one of 2,000 cells: tiny file, 180 MB once read."""
    strings = ["ก"] * 14 + ["ก" * 30_000]
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>14</v></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(1, 201)
    )
    return _report_xlsx(_sheet(rows), strings)


def _macro_relationship_xlsx() -> bytes:
    """A VBA project declared only by a relationship, in a part no name check would look at."""
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="r1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"'
        b' Target="x.dat"/></Relationships>'
    )
    return rezip(_report_xlsx(_sheet('<row r="1"><c r="A1"><v>1</v></c></row>')), add={"xl/_rels/extra.xml.rels": rels})


def _paragraph_flood_docx() -> bytes:
    """Nine megabytes of one-letter paragraphs: 60 KB zipped, a quarter of a gigabyte in python-docx."""
    body = _docx_part("word/document.xml")
    start = body.index(b"<w:body>") + len(b"<w:body>")
    flood = "<w:p><w:r><w:t>ก</w:t></w:r></w:p>".encode() * 250_000
    return rezip(_docx(), replace={"word/document.xml": body[:start] + flood + body[start:]})


def _zip_bomb_docx() -> bytes:
    return rezip(_docx(), add={"word/media/padding.xml": b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>"})


def _binary_junk() -> bytes:
    return random.Random(9).randbytes(8192)


CASES = [
    BadInput("report_zip_bomb_docx", _zip_bomb_docx, ("zip_bomb",), filename="report.docx", path="report"),
    BadInput(
        "report_zip_many_parts_docx",
        lambda: rezip(_docx(), add={f"word/p{i}.xml": b"" for i in range(2_100)}),
        ("too_many_parts",),
        filename="report.docx",
        path="report",
    ),
    BadInput(
        "report_macro_docx_renamed",
        lambda: rezip(_docx(), add={"word/media/image1.png": ole_vba_project()}),
        ("macros",),
        filename="report.docx",
        path="report",
    ),
    BadInput("report_macro_enabled_docx", _macro_enabled_docx, ("macros",), filename="report.docx", path="report"),
    BadInput(
        "report_paragraph_flood_docx",
        _paragraph_flood_docx,
        ("document_too_large",),
        filename="report.docx",
        path="report",
    ),
    BadInput("report_entities_docx", _entities_docx, ("xml_entities",), filename="report.docx", path="report"),
    BadInput("report_cells_in_one_row_xlsx", _cells_in_one_row, ("too_many_cells",), filename="r.xlsx", path="report"),
    BadInput("report_cell_bomb_xlsx", _cell_bomb, ("too_many_cells",), filename="r.xlsx", path="report"),
    BadInput(
        "report_shared_string_bomb_xlsx", _shared_string_bomb, ("too_much_text",), filename="r.xlsx", path="report"
    ),
    BadInput(
        "report_macro_xlsx_relationship",
        _macro_relationship_xlsx,
        ("macros",),
        filename="r.xlsx",
        path="report",
    ),
    BadInput(
        "report_10mb_single_line",
        lambda: b"a" * (10 * 1024 * 1024 - 16),
        ("too_much_text",),
        filename="report.txt",
        path="report",
    ),
    BadInput(
        "report_long_line",
        lambda: (_HEADER + "\n" + _ROW + "ก" * 200_000).encode(),
        ("line_too_long",),
        filename="report.txt",
        path="report",
    ),
    BadInput(
        "report_long_quoted_cell",
        lambda: (_HEADER.replace("\t", ",") + '\n1,"' + "ก\n" * 60_000 + '",x\n').encode(),
        ("line_too_long", "too_many_rows"),
        filename="report.csv",
        path="report",
    ),
    BadInput(
        "report_too_many_rows",
        lambda: (_HEADER + "\n" + (_ROW + "\n") * 25_000).encode(),
        ("too_many_rows",),
        filename="report.txt",
        path="report",
    ),
    BadInput("report_binary_junk", _binary_junk, ("undecodable",), filename="report.txt", path="report"),
    BadInput("report_empty", lambda: b"", ("empty",), filename="report.txt", path="report"),
    BadInput("report_blank", lambda: b" \n\t\r\n", ("empty",), filename="report.txt", path="report"),
    BadInput(
        "report_not_a_report",
        lambda: "บันทึกการประชุม\nวาระที่ 1 เรื่องแจ้งเพื่อทราบ\n".encode(),
        ("no_table",),
        filename="notes.txt",
        path="report",
    ),
    BadInput(
        "report_header_without_measures",
        lambda: (_HEADER + "\n").encode(),
        ("no_measures", "no_table"),
        filename="report.txt",
        path="report",
    ),
    BadInput("report_pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ("pdf",), filename="r.pdf", path="report"),
    BadInput(
        "report_legacy_doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        ("legacy_office",),
        filename="report.doc",
        path="report",
    ),
    BadInput("report_truncated_docx", lambda: _docx()[:2000], ("corrupt",), filename="report.docx", path="report"),
    BadInput(
        "report_too_large",
        lambda: b"a" * (11 * 1024 * 1024),
        ("too_large",),
        filename="report.txt",
        path="report",
    ),
]


# --- issue 9, items 2 and 3: identities and control characters the importer would quote back ------

_NAME, _PHONE, _ID, _EMAIL = "นายสมชาย ใจดี", "0812345678", "1-2345-67890-12-3", "somchai.j@gmail.com"


def _quoted_text_report() -> bytes:
    """Identities where a warning quotes the file: before the first measure (orphan_row), between
    measures (stray_text) and in the period column (period_unknown)."""
    lines = [
        "รายงาน ปี 2570",
        _HEADER,
        f"\t\tผู้ประสานงาน {_NAME} เลขบัตร {_ID}\t\t\t\t",
        f"1\tมาตรการทดสอบ\tประชุม\tติดต่อ {_EMAIL} {_PHONE}\tสำนักปลัด\tร้อยละ 80\tความพึงพอใจ",
        f"ส่งเอกสารถึง {_NAME} โทร 081-234-5678",
        _ROW.replace("1\t", "2\t", 1),
    ]
    return "\n".join(lines).encode()


def _identity_sheet_name_xlsx() -> bytes:
    """A report workbook whose sheet is named after a person: every warning names the sheet."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = f"{_NAME} {_PHONE}"
    for line in ("รายงาน ปี 2570", _HEADER, "ข้อความ\t\t\t\t\t\t", _ROW):
        workbook.active.append(line.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _control_characters_report() -> bytes:
    row = _ROW.replace("มาตรการทดสอบ", "มาตรการ\x1b\u202eทดสอบ\x00").replace("สำนักปลัด", "สำนัก\uffffปลัด\u2066")
    return f"รายงาน ปี 2570\n{_HEADER}\n{row}\n".encode()


CASES += [
    BadInput(
        "report_identity_in_quoted_text",
        _quoted_text_report,
        (),
        filename="report.txt",
        path="report",
        identities=(_NAME, "สมชาย", _PHONE, "081-234-5678", _ID, _EMAIL),
        refused=False,
    ),
    BadInput(
        "report_identity_in_sheet_name",
        _identity_sheet_name_xlsx,
        (),
        filename="r.xlsx",
        path="report",
        identities=(_NAME, _PHONE),
        refused=False,
    ),
    BadInput(
        "report_control_characters_in_cells",
        _control_characters_report,
        (),
        filename="report.txt",
        path="report",
        identities=("\u202e", "\u2066", "\uffff"),
        refused=False,
    ),
    BadInput(
        "report_identity_in_file_name",
        lambda: b"hello world",
        ("unsupported",),
        filename=f"{_NAME} {_PHONE}.pdf",
        path="report",
        identities=(_NAME, "สมชาย", _PHONE),
    ),
    BadInput(
        "report_control_characters_in_file_name",
        lambda: b"hello world",
        ("unsupported",),
        filename="a\x1b[2J\u202eb.odt",
        path="report",
        identities=("\x1b", "[2J", "\u202e"),
    ),
    BadInput(
        "report_id_card_as_file_extension",
        lambda: b"hello world",
        ("unsupported",),
        filename="x.1234567890123",
        path="report",
        identities=("1234567890123",),
    ),
]
