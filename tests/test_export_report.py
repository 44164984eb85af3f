"""The official results report: six columns, title lines, results filled in; text never becomes a formula."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from actors import ADMIN
from docx import Document
from docx.oxml.ns import qn
from export_fixtures import TODAY, council_dataset
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kpi.cli.main import main
from kpi.core.dataset import Dataset, frame_from_records
from kpi.core.schema import MEASURES, SHEETS_BY_KEY
from kpi.core.text_safety import clean_text
from kpi.domain.targets import target_statuses
from kpi.exports.official_report import FONT, build_report, period_text, place_text, report_to_docx, report_to_xlsx
from kpi.ingest.template import build_workbook

HEADER = (
    "มาตรการ โครงการ หรือกิจกรรมที่ดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "ขั้นตอนหรือวิธีการปฏิบัติ",
    "ช่วงระยะเวลาในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการ (output)",
    "ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ (outcome/result)",
)
TITLE = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี พ.ศ. 2568"


def test_report_rows_carry_the_results() -> None:
    report = build_report(council_dataset(), 2568, 2, today=TODAY)
    assert report.title == TITLE
    assert report.organisation == "องค์การบริหารส่วนตำบลบ้านผือ"
    assert report.organisation_line == "องค์การบริหารส่วนตำบลบ้านผือ ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย"
    assert report.intro.startswith("ตามที่องค์การบริหารส่วนตำบลบ้านผือ ได้เข้าร่วมการประเมินคุณธรรมและความโปร่งใส")
    assert report.header == HEADER
    first = report.rows[0].cells
    assert first[:4] == (
        "1. มาตรการ “ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม”",
        "1) จัดทำแผน 2) ดำเนินการ 3) รายงานผลต่อผู้บริหาร",  # typed "๑)": one digit style per report
        "ไตรมาสที่ 1 - 4",
        "สำนักปลัด",
    )
    # The output column: the latest quarter and how many links; every quarter and link in the appendix.
    assert first[4] == "ดำเนินการตามแผน\nไตรมาส 2: เสร็จสิ้น ร้อยละ 100 · หลักฐาน 1 รายการ (ภาคผนวก ข้อ 1)"
    assert report.rows[1].cells[4].endswith("ไตรมาส 2: กำลังดำเนินการ ร้อยละ 60 · รอเผยแพร่ฉบับที่ 4 · ทุกไตรมาส: ภาคผนวก ข้อ 2")
    assert report.appendix_header == ("ข้อ", "ไตรมาส 1: ผลการดำเนินงาน · หลักฐาน", "ไตรมาส 2: ผลการดำเนินงาน · หลักฐาน")
    assert report.appendix[0].cells == (
        "1",
        "กำลังดำเนินการ ร้อยละ 50 · ประชุมชี้แจง · https://example.go.th/e1",
        "เสร็จสิ้น ร้อยละ 100",
    )
    assert report.appendix[3].cells == ("4", "ไม่มีรายงาน", "ยังไม่เริ่ม ร้อยละ 0")
    assert [a.measure_no for a in report.appendix] == [1, 2, 3, 4]  # measure 5 has no result yet
    assert first[5] == (
        "ประชาชนมีความเชื่อมั่น\nตัวชี้วัด: ร้อยละความพึงพอใจของผู้รับบริการ เป้าหมาย ≥ 80 ร้อยละ ผล 85.50 (ไตรมาส 2) (บรรลุ)"
    )
    assert report.rows[4].cells[4] == "ดำเนินการตามแผน\nยังไม่มีการรายงานผล"
    assert report.as_of.startswith("ข้อมูล ณ สิ้นไตรมาส 2 (ม.ค.–มี.ค. 68) · ข้อมูลฉบับที่ 7")


# Each measure's indicator line as of Q2 of FY2568, worked out by hand from tests/export_fixtures.py:
# 1.1 latest actual 85.5 (Q2) ≥ 80 → met · 2.1 3 (Q2) < 4, the year not over → pending ·
# 3.1 "ลดลง" from 5 (Q2 of 2567): 2 (Q2) < 5 → met, the count 2 < k = 3 published as "–" (met holds for 1 or 2 alike)
# · 4.1 and 5.1 have no results.
INDICATOR_LINES = (
    "ตัวชี้วัด: ร้อยละความพึงพอใจของผู้รับบริการ เป้าหมาย ≥ 80 ร้อยละ ผล 85.50 (ไตรมาส 2) (บรรลุ)",
    "ตัวชี้วัด: จำนวนเอกสารเผยแพร่ เป้าหมาย ≥ 4 ฉบับ ผล 3 (ไตรมาส 2) (ยังไม่บรรลุ)",
    "ตัวชี้วัด: จำนวนข้อร้องเรียนการทุจริต เป้าหมาย ลดลงจากปีก่อน (5) ผล – (ไตรมาส 2) (บรรลุ)",
    "ตัวชี้วัด: คะแนน ITA เป้าหมาย ≥ 85 คะแนน ผล ไม่มีข้อมูล (ไม่มีข้อมูล)",
    "ตัวชี้วัด: จำนวนช่องทางรับฟังความคิดเห็น เป้าหมาย ≥ 2 ช่องทาง ผล ไม่มีข้อมูล (ไม่มีข้อมูล)",
)


def test_report_figures_are_the_hand_computed_ones() -> None:
    dataset = council_dataset()
    report = build_report(dataset, 2568, 2, today=TODAY)
    for row, line in zip(report.rows, INDICATOR_LINES, strict=True):
        assert row.cells[5].split("\n")[1] == line
    # Only the line that hides a complaint count carries the footnote.
    assert [row.cells[5].count("ถูกซ่อนเพื่อคุ้มครองผู้ร้องเรียน") for row in report.rows] == [0, 0, 1, 0, 0]
    # Every indicator of the year has its line, in its measure's row.
    for status in target_statuses(dataset, 2568, 2):
        assert status.name in report.rows[status.measure_no - 1].cells[5]


def _indicator_dataset(indicators: list[tuple], results: list[tuple]) -> Dataset:
    """Measures 1–n with one indicator each: (name, unit, op, target, baseline) and (quarter, measure, actual)."""
    frames = {key: frame_from_records(spec, []) for key, spec in SHEETS_BY_KEY.items()}
    frames["measures"] = frame_from_records(
        SHEETS_BY_KEY["measures"],
        [
            {"fiscal_year": 2568, "no": m, "name": f"มาตรการ {m}", "kind": "measure", "quarters": "1,2,3,4"}
            for m in range(1, len(indicators) + 1)
        ],
    )
    frames["indicators"] = frame_from_records(
        SHEETS_BY_KEY["indicators"],
        [
            {"fiscal_year": 2568, "measure_no": m, "indicator_no": 1, "name": n, "unit": u, "op": op, "target": tg,
             "baseline": b}
            for m, (n, u, op, tg, b) in enumerate(indicators, start=1)
        ],
    )  # fmt: skip
    frames["results"] = frame_from_records(
        SHEETS_BY_KEY["results"],
        [
            {"fiscal_year": 2568, "quarter": q, "measure_no": m, "status": "done", "percent": 100.0,
             "indicator_no": 1, "actual": a}
            for q, m, a in results
        ],
    )  # fmt: skip
    return Dataset(frames=frames)


def test_small_complaint_counts_are_hidden_in_the_public_report() -> None:
    dataset = _indicator_dataset(
        [
            ("จำนวนเรื่องร้องเรียนการทุจริต", "เรื่อง", "decrease", None, 5.0),
            ("จำนวนเรื่อง ร้องเรียน ที่ได้รับ", "เรื่อง", "<=", 1.0, None),
            ("จำนวนข้อร้องเรียนทั่วไป", "เรื่อง", "decrease", None, 2.0),
            ("จำนวนเรื่องร้องเรียน", "เรื่อง", "<=", 10.0, None),
            ("จำนวนเอกสารเผยแพร่", "ฉบับ", ">=", 1.0, None),
            ("จำนวนเรื่องที่เผยแพร่", "เรื่อง", ">=", 1.0, None),
        ],
        [(4, 1, 1.0), (4, 2, 1.0), (4, 3, 0.0), (4, 4, 7.0), (4, 5, 2.0), (4, 6, 2.0)],
    )
    report = build_report(dataset, 2568, 4, today=TODAY)
    footnote = "– = ตัวเลข 1–2 และตัวเลขที่อาจใช้คำนวณย้อนกลับได้ ถูกซ่อนเพื่อคุ้มครองผู้ร้องเรียน"
    outcome = [row.cells[5] for row in report.rows]
    # 1 < 5 whatever the hidden number is: the state is kept.
    assert outcome[0] == ("ตัวชี้วัด: จำนวนเรื่องร้องเรียนการทุจริต เป้าหมาย ลดลงจากปีก่อน (5) ผล – (ไตรมาส 4) (บรรลุ)\n" + footnote)
    # "≤ 1 met" would tell the hidden number is 1: the state is hidden too.
    assert outcome[1] == f"ตัวชี้วัด: จำนวนเรื่อง ร้องเรียน ที่ได้รับ เป้าหมาย ≤ 1 เรื่อง ผล – (ไตรมาส 4) (–)\n{footnote}"
    # A baseline of last year's complaints is a count too; 0 is published.
    assert outcome[2] == (f"ตัวชี้วัด: จำนวนข้อร้องเรียนทั่วไป เป้าหมาย ลดลงจากปีก่อน (–) ผล 0 (ไตรมาส 4) (บรรลุ)\n{footnote}")
    assert outcome[3] == "ตัวชี้วัด: จำนวนเรื่องร้องเรียน เป้าหมาย ≤ 10 เรื่อง ผล 7 (ไตรมาส 4) (บรรลุ)"
    assert outcome[4].endswith("ผล 2 (ไตรมาส 4) (บรรลุ)") and footnote not in outcome[4]  # not complaints
    assert outcome[5].endswith("ผล 2 (ไตรมาส 4) (บรรลุ)")  # เรื่อง, but not complaints
    thai = build_report(dataset, 2568, 4, thai_digits=True, today=TODAY)
    assert "ผล – (ไตรมาส ๔)" in thai.rows[0].cells[5] and "– = ตัวเลข ๑–๒" in thai.rows[0].cells[5]
    sheet = load_workbook(io.BytesIO(report_to_xlsx(report))).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("ผล – (ไตรมาส 4)" in v and footnote in v for v in texts)
    assert not any("ผล 1 (ไตรมาส 4)" in v for v in texts)
    docx_text = "\n".join(
        c.text for tb in Document(io.BytesIO(report_to_docx(report))).tables for r in tb.rows for c in r.cells
    )
    assert "ผล – (ไตรมาส 4)" in docx_text and footnote in docx_text and "ผล 1 (ไตรมาส 4)" not in docx_text


@pytest.mark.parametrize(
    ("quarters", "text"), [("1,2,3,4", "ไตรมาสที่ 1 - 4"), ("2", "ไตรมาสที่ 2"), ("1,3", "ไตรมาสที่ 1, 3")]
)
def test_period_text(quarters: str, text: str) -> None:
    assert period_text(quarters) == text


def test_xlsx_layout() -> None:
    report = build_report(council_dataset(), 2568, 2, today=TODAY)
    ws = load_workbook(io.BytesIO(report_to_xlsx(report))).active
    assert ws["A1"].value == TITLE
    assert ws["A2"].value == "องค์การบริหารส่วนตำบลบ้านผือ ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย"
    assert tuple(c.value for c in ws[5]) == HEADER
    assert ws["A6"].value == report.rows[0].cells[0]
    assert ws["E7"].value == report.rows[1].cells[4]
    assert ws["A10"].value == "5. =SUM(A1:A2) ชื่อที่ดูเหมือนสูตร"
    assert ws["A6"].font.name == FONT
    assert ws.page_setup.orientation == "landscape"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_docx_layout_and_thai_digits() -> None:
    report = build_report(council_dataset(), 2568, 2, thai_digits=True, today=TODAY)
    document = Document(io.BytesIO(report_to_docx(report)))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี พ.ศ. ๒๕๖๘"
    table = document.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADER
    assert table.rows[1].cells[0].text.startswith("๑. มาตรการ")
    assert table.rows[1].cells[2].text == "ไตรมาสที่ ๑ - ๔"
    assert "ภาคผนวก ข้อ ๑" in table.rows[1].cells[4].text
    appendix = document.tables[1]
    first = appendix.rows[1].cells
    assert [c.text for c in first] == [
        "๑",
        "กำลังดำเนินการ ร้อยละ ๕๐ · ประชุมชี้แจง · https://example.go.th/e1",
        "เสร็จสิ้น ร้อยละ ๑๐๐",
    ]
    link = first[1].paragraphs[0]._p.find(qn("w:hyperlink"))  # clickable, its digits as they are
    assert "".join(t.text for t in link.iter(qn("w:t"))) == "https://example.go.th/e1"
    run = table.rows[1].cells[0].paragraphs[0].runs[0]
    fonts = run._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == FONT and fonts.get(qn("w:ascii")) == FONT
    assert run._r.rPr.find(qn("w:szCs")) is not None


FORMULA_TEXT = st.builds(
    lambda head, tail: head + tail, st.sampled_from(["=", "+", "-", "@"]), st.text(max_size=40)
).filter(lambda s: s == s.strip() and all(ord(c) >= 32 for c in s))


@given(FORMULA_TEXT)
@settings(max_examples=40, deadline=None)
def test_formula_looking_text_stays_text(text: str) -> None:
    record = {"fiscal_year": 2568, "no": 1, "name": "ชื่อ", "kind": "measure", "quarters": "1", "steps": text,
              "responsible": text, "output": text, "outcome": None}  # fmt: skip
    frames = {key: frame_from_records(spec, []) for key, spec in SHEETS_BY_KEY.items()}
    frames["measures"] = frame_from_records(SHEETS_BY_KEY["measures"], [record])
    report = build_report(Dataset(frames=frames), 2568, 4, today=TODAY)
    ws = load_workbook(io.BytesIO(report_to_xlsx(report))).active
    for cell in (ws["B6"], ws["D6"]):
        assert cell.data_type == "s"
        assert cell.quotePrefix  # Excel's ' prefix: editing the cell in Excel does not make it a formula
        assert cell.value == clean_text(text)  # DEL, C1 controls and bidi overrides are dropped by the writer


def test_cli_exports_every_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good_workbook: bytes) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    from kpi.ingest.upload import commit_upload, prepare_upload
    from kpi.store.database import Store

    store = Store()
    commit_upload(store, prepare_upload(good_workbook, "good.xlsx", store.dataset()), actor=ADMIN)
    for kind in ("pptx", "pdf", "xlsx", "docx"):
        out = tmp_path / f"pack.{kind}"
        assert main(["export", "--format", kind, "--year", "2568", "--out", str(out)]) == 0
        assert out.stat().st_size > 1000
    assert main(["export", "--format", "pdf", "--year", "2500", "--out", str(tmp_path / "x.pdf")]) == 1
    assert main(["export", "--format", "odp", "--year", "2568", "--out", str(tmp_path / "x")]) == 2


def test_a_workbook_written_back_keeps_formula_looking_text_as_text() -> None:
    """The template with the user's data (build_workbook) writes "=…" notes as quoted text too."""
    record = {"fiscal_year": 2568, "no": 1, "name": '=HYPERLINK("x")', "kind": "measure", "quarters": "1"}
    ws = load_workbook(io.BytesIO(build_workbook({"measures": [record]}, sheets=("measures",))))[MEASURES.title]
    cell = ws.cell(row=2, column=[c.value for c in ws[1]].index("ชื่อมาตรการ") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("x")', "s", True)


def test_printed_pages_are_numbered() -> None:
    """Word and Excel both print "หน้า n/N" on every page (fields they fill in as they paginate)."""
    report = build_report(council_dataset(), 2568, 2, today=TODAY)
    footer = Document(io.BytesIO(report_to_docx(report))).sections[0].footer.paragraphs[0]
    shown = "".join(node.text or "" for node in footer._p.iter(qn("w:t")))
    assert shown == "หน้า 1/1"  # placeholders until Word updates PAGE / NUMPAGES
    fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    ws = load_workbook(io.BytesIO(report_to_xlsx(report))).active
    assert ws.oddFooter.center.text == "หน้า &P/&N"
    assert ws.oddFooter.left.text == "องค์การบริหารส่วนตำบลบ้านผือ"


def test_the_organisation_line_names_where_it_is() -> None:
    assert place_text("บ้านผือ", "โพนพิสัย", "หนองคาย") == "ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย"
    # A typed prefix is kept once; an empty part (a province-level organisation) is left out.
    assert place_text("ตำบลบ้านผือ", "", "จังหวัดหนองคาย") == "ตำบลบ้านผือ จังหวัดหนองคาย"
    report = build_report(council_dataset(), 2568, 2, today=TODAY, organisation="เทศบาลตำบลหนึ่ง", place="")
    assert report.organisation_line == "เทศบาลตำบลหนึ่ง"
    ws = load_workbook(io.BytesIO(report_to_xlsx(report))).active
    assert ws["A2"].value == "เทศบาลตำบลหนึ่ง"
