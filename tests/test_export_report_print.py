"""The official report of the sample prints as a clerk would submit it: LibreOffice renders it (as in CI).

DOCX: at most 12 A4-landscape pages, numbered, rows never split, the header row on every page,
Thai words whole, the organisation line with ตำบล/อำเภอ/จังหวัด, no address in the table (the
links are in the appendix, clickable). XLSX: one page wide, the header row on every page, a print
header, every row at least as tall as its text needs. One digit style in every output.
"""

from __future__ import annotations

import functools
import io
import math
import re

from docx import Document
from docx.oxml.ns import qn
from export_fixtures import TODAY
from office_render import office_to_pdf
from openpyxl import load_workbook
from pypdf import PdfReader

from kpi.core.dataset import Dataset, dataset_from_blocks
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.exports.official_report import ResultsReport, build_report, report_to_docx, report_to_xlsx
from kpi.exports.report_layout import text_width
from kpi.ingest.upload import prepare_upload

PLACE = "ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย"
URL = re.compile(r"https?://\S+")
THAI_DIGIT = re.compile("[๐-๙]")
ARABIC_DIGIT = re.compile("[0-9]")


@functools.cache
def sample() -> Dataset:
    plan = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, dataset_from_blocks([]))
    assert plan.ok
    return dataset_from_blocks(plan.changes)


@functools.cache
def report(thai_digits: bool = False) -> ResultsReport:
    return build_report(sample(), 2568, 2, thai_digits=thai_digits, today=TODAY)


def _pages(data: bytes, suffix: str) -> list[tuple[tuple[float, float], str]]:
    reader = PdfReader(io.BytesIO(office_to_pdf(data, suffix)))
    # LibreOffice's PDF text spells ำ as its two glyphs (ำ + า) and ู after a tone mark by a look-alike:
    # words are matched without those.
    pages = [((float(p.mediabox.width), float(p.mediabox.height)), p.extract_text()) for p in reader.pages]
    return [(size, text.replace("ำา", "ำ")) for size, text in pages]


def _mixed_digits(text: str, thai_digits: bool) -> list[str]:
    """Digits of the other style, links aside."""
    return (ARABIC_DIGIT if thai_digits else THAI_DIGIT).findall(URL.sub("", text))


def test_docx_rows_stay_whole_the_header_repeats_and_links_are_in_the_appendix() -> None:
    document = Document(io.BytesIO(report_to_docx(report())))
    assert PLACE in document.paragraphs[1].text  # the organisation line, as the original report's
    main, appendix = document.tables
    for table in (main, appendix):
        rows = table._tbl.tr_lst
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert not any(tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows[1:])
    table_text = "\n".join(c.text for r in main.rows for c in r.cells)
    assert URL.findall(table_text) == []  # no address breaks the table: they are in the appendix
    # measure 1's output (in its row, or in the full-width row under it when long) points to the appendix
    assert "หลักฐาน 2 รายการ (ภาคผนวก ข้อ 1)" in "\n".join(c.text for r in main.rows[1:3] for c in r.cells)
    linked = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    results = sample().frame("results")
    evidence = set(results[(results["fiscal_year"] == 2568) & (results["quarter"] <= 2)]["evidence_url"].dropna())
    assert evidence and linked == evidence  # every evidence link of Q1–Q2 is clickable in the appendix


def test_docx_of_the_sample_prints_on_at_most_12_numbered_a4_landscape_pages() -> None:
    for thai_digits in (False, True):
        pages = _pages(report_to_docx(report(thai_digits)), ".docx")
        assert 1 < len(pages) <= 12, len(pages)
        assert all(abs(w - 841.9) < 2 and abs(h - 595.3) < 2 for (w, h), _ in pages)  # A4 landscape
        for number, (_, text) in enumerate(pages, start=1):
            assert f"หน้า {number}/{len(pages)}" in text  # Word fields: Arabic in both styles
        first = pages[0][1]
        assert PLACE in first
        # Thai words whole: the owner and its header are never broken inside a word.
        assert "รับผิดชอบ" in first and "อบต.บ้านผือ" in first
        body = "\n".join(text.replace(f"หน้า {n}/{len(pages)}", "") for n, (_, text) in enumerate(pages, 1))
        assert _mixed_digits(body, thai_digits) == []
        assert "\u200b" not in body


def _lower_bound_lines(text: str, width_pt: float, size: float) -> int:
    """Lines a text needs at least in a column: its width filled end to end, each paragraph on its own."""
    return sum(max(1, math.ceil(text_width(p, size) / width_pt)) for p in text.split("\n"))


def test_xlsx_prints_one_page_wide_with_rows_tall_enough_for_their_text() -> None:
    data = report_to_xlsx(report())
    workbook = load_workbook(io.BytesIO(data))
    for ws in workbook.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows  # the header row on every printed page
        assert PLACE in ws.oddHeader.left.text and "รายงานผลการดำเนินการ" in ws.oddHeader.right.text
        assert ws.oddFooter.center.text == "หน้า &P/&N"
        widths = {c: (ws.column_dimensions[c].width * 7 + 5) * 0.75 for c in "ABCDEF"}  # Excel units → pt
        merged = {
            r.min_row: sum(widths[chr(64 + c)] for c in range(r.min_col, r.max_col + 1)) for r in ws.merged_cells.ranges
        }
        for row in ws.iter_rows():
            cells = [c for c in row if isinstance(c.value, str) and c.value]
            if not cells:
                continue
            need = max(
                _lower_bound_lines(c.value, merged.get(c.row, widths[c.column_letter]) - 6, c.font.sz)
                * c.font.sz
                * 1.25
                for c in cells
            )  # LibreOffice Calc sets TH Sarabun New (Laksaman) lines 1.25 em apart
            assert ws.row_dimensions[row[0].row].height >= need, (ws.title, row[0].row)
    pages = _pages(data, ".xlsx")
    table_pages = [text for _, text in pages if "ขั้นตอนหรือวิธีการปฏิบัติ" in text]
    assert 1 < len(table_pages) <= 16
    for text in table_pages:  # one page wide: every page holds the first and the last column's header
        assert "มาตรการ โครงการ" in text and "(outcome/result)" in text
    assert all(w > h for (w, h), _ in pages)
    body = "\n".join(text for _, text in pages)
    assert _mixed_digits(body.replace("&", ""), False) == [] and "\u200b" not in body
