"""Upload kinds the safety gate must refuse however they are disguised (issue 9, items 10 and 11).

Macros are found by content type, relationship and content, never by the part's name alone; the
gate also bounds what a reader would hold in memory (cells of the whole workbook, shared text).
"""

from __future__ import annotations

import io
import zipfile

from corpus import BadInput
from corpus.build import MEASURES, RESULT_HEADER, RESULTS, SHEET1, base_workbook, make_workbook, rezip, sheet_xml

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CT = "[Content_Types].xml"
_WB_RELS = "xl/_rels/workbook.xml.rels"


def ole_vba_project(name: str = "_VBA_PROJECT") -> bytes:
    """The start of an OLE compound file whose directory names a VBA project's stream (UTF-16)."""
    return OLE + b"\0" * 504 + name.encode("utf-16-le") + b"\0" * 200 + b"Attribute VB_Name" + b"\0" * 300


def _part(name: str) -> bytes:
    """One part of the small valid workbook."""
    return zipfile.ZipFile(io.BytesIO(base_workbook())).read(name)


def _with_content_type(extra: str, add: dict[str, bytes] | None = None) -> bytes:
    types = _part(_CT).replace(b"</Types>", extra.encode() + b"</Types>")
    return rezip(base_workbook(), replace={_CT: types}, add=add)


def _with_relationship(rel_type: str, target: str, add: dict[str, bytes] | None = None) -> bytes:
    rel = f'<Relationship Type="{rel_type}" Target="{target}" Id="rId99"/>'
    rels = _part(_WB_RELS).replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return rezip(base_workbook(), replace={_WB_RELS: rels}, add=add)


def _macro_enabled_main() -> bytes:
    types = _part(_CT).replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
    return rezip(base_workbook(), replace={_CT: types})


def with_shared_strings(data: bytes, strings: list[str], sheet: bytes) -> bytes:
    """An openpyxl workbook (which writes inline strings) given a shared-strings part and a new sheet1."""
    source = zipfile.ZipFile(io.BytesIO(data))
    types = source.read(_CT).replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rel = (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml" Id="rId98"/></Relationships>'
    )
    rels = source.read(_WB_RELS).replace(b"</Relationships>", rel)
    part = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{text}</t></si>" for text in strings)
        + "</sst>"
    ).encode()
    return rezip(data, replace={_CT: types, _WB_RELS: rels, SHEET1: sheet}, add={"xl/sharedStrings.xml": part})


def _shared_string_fills_cells() -> bytes:
    """A small workbook whose one long shared string is pointed at by many cells (a memory bomb)."""
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(2, 202)
    )
    return with_shared_strings(base_workbook(), ["ก" * 30_000], sheet_xml(rows))


def _many_cells_in_all_sheets() -> bytes:
    """Two sheets each under the per-sheet cell limit, together over the whole workbook's."""
    data = make_workbook({MEASURES: [["x"]], RESULTS: [RESULT_HEADER]})
    row = "<row>" + "<c/>" * 60 + "</row>"
    sheet = sheet_xml(row * 13_000)  # 780,000 cells
    return rezip(data, replace={SHEET1: sheet, "xl/worksheets/sheet2.xml": sheet})


def _far_rows_in_two_sheets() -> bytes:
    """Two sheets each within the row limit, together past the whole workbook's."""
    data = make_workbook({MEASURES: [["x"]], RESULTS: [RESULT_HEADER]})
    sheet = sheet_xml('<row r="60000"><c r="A60000"><v>1</v></c></row>')
    return rezip(data, replace={SHEET1: sheet, "xl/worksheets/sheet2.xml": sheet})


_VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

CASES = [
    # a VBA project under another part name, found by its content
    BadInput(
        "macros_renamed_part",
        lambda: rezip(base_workbook(), add={"xl/media/image1.png": ole_vba_project()}),
        ("macros",),
    ),
    BadInput(
        "macros_printer_settings_ole",
        lambda: rezip(base_workbook(), add={"xl/printerSettings/printerSettings1.bin": ole_vba_project()}),
        ("macros",),
    ),
    BadInput(
        "macros_ole_vba_storage_only",
        lambda: rezip(base_workbook(), add={"xl/embeddings/oleObject1.bin": ole_vba_project("VBA")}),
        ("macros",),
    ),
    # declared only by content type
    BadInput(
        "macros_declared_by_content_type",
        lambda: _with_content_type(
            '<Override PartName="/xl/data.dat" ContentType="application/vnd.ms-office.vbaProject"/>',
            add={"xl/data.dat": b"\0" * 64},
        ),
        ("macros",),
    ),
    BadInput("macros_macro_enabled_main", _macro_enabled_main, ("macros",), filename="m.xlsx"),
    BadInput(
        "macros_excel4_macro_sheet",
        lambda: _with_content_type(
            '<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>',
            add={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"},
        ),
        ("macros",),
    ),
    BadInput(
        "activex_control",
        lambda: _with_content_type(
            '<Default Extension="bin" ContentType="application/vnd.ms-office.activeX"/>',
            add={"xl/activeX/control1.bin": OLE + b"\0" * 64},
        ),
        ("macros",),
    ),
    # declared only by a relationship
    BadInput(
        "macros_relationship_only",
        lambda: _with_relationship(_VBA_TYPE, "blob.dat", add={"xl/blob.dat": b"\0" * 64}),
        ("macros",),
    ),
    # what a reader would hold in memory
    BadInput("shared_string_fills_cells", _shared_string_fills_cells, ("too_much_text",)),
    BadInput("too_many_cells_in_all_sheets", _many_cells_in_all_sheets, ("too_many_cells_total",)),
    BadInput("too_many_rows_in_all_sheets", _far_rows_in_two_sheets, ("too_many_rows_total",)),
]
