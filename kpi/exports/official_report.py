"""The official results report (ITA evidence): the year's measures in the sample report's layout.

    รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี พ.ศ. ๒๕๖๘   ← title
    องค์การบริหารส่วนตำบลบ้านผือ                                                         ← organisation
    ตามที่…ได้เข้าร่วมการประเมิน… มีรายละเอียด ดังนี้                                         ← introduction
    ┌──────────────┬────────────┬──────────┬──────────┬──────────────┬──────────────────┐
    │ มาตรการ…      │ ขั้นตอน…    │ ช่วงเวลา   │ ผู้รับผิดชอบ │ ผลการดำเนินการ │ ผลลัพธ์หรือผลสัมฤทธิ์ │
    │ ๑. มาตรการ “…” │ …          │ ไตรมาสที่ ๑ - ๔ │ …     │ output + ผลรายไตรมาส │ outcome + ตัวชี้วัด │
    └──────────────┴────────────┴──────────┴──────────┴──────────────┴──────────────────┘
    ข้อมูล ณ สิ้นไตรมาส … · ข้อมูลฉบับที่ N …

The output column keeps the planned output and adds each reported quarter (status, percent,
note, evidence link); the outcome column keeps the planned outcome and adds each indicator with
its target, latest actual and state. Written as .xlsx (openpyxl: text that starts with = + - @ is
stored as text, never a formula) and .docx (python-docx, TH Sarabun New in the complex-script
slot, A4 landscape). With the Thai-digits option every digit is Thai except inside links.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.schema import STATUS_CHOICES, label_of
from kpi.core.settings import ORG_NAME, TARGETS
from kpi.core.text_safety import clean_tree, keep_as_text
from kpi.core.thai import format_number, in_thai_digits
from kpi.domain.targets import TargetStatus, target_statuses
from kpi.exports.provenance import prepared_text, version_text
from kpi.exports.public_figures import PublicTarget, public_targets
from kpi.privacy.suppression import suppression_footnote

FONT = "TH Sarabun New"
COLUMN_KEYS = ("measure", "steps", "period", "responsible", "output", "outcome")


@dataclass(frozen=True)
class ReportRow:
    """One measure as six cells of text."""

    measure_no: int
    cells: tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class ResultsReport:
    """The whole report: title lines, the header, one row per measure, the as-of line."""

    year: int
    quarter: int
    title: str
    organisation: str
    intro: str
    header: tuple[str, ...]
    rows: tuple[ReportRow, ...]
    as_of: str
    thai_digits: bool


def _text(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


def period_text(quarters: str) -> str:
    """'1,2,3,4' → 'ไตรมาสที่ 1 - 4'; '1,3' → 'ไตรมาสที่ 1, 3'; '2' → 'ไตรมาสที่ 2'."""
    numbers = sorted({int(q) for q in re.findall(r"\d", quarters)})
    if not numbers:
        return ""
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return t("report_period", quarters=f"{numbers[0]} - {numbers[-1]}")
    return t("report_period", quarters=", ".join(str(n) for n in numbers))


def _quarter_lines(results: pd.DataFrame, measure: int) -> list[str]:
    rows = results[results["measure_no"] == measure].sort_values(["quarter", "indicator_no"], na_position="first")
    lines = []
    for quarter, group in rows.groupby("quarter", sort=True):
        first = group.iloc[0]
        line = t("report_result_line", quarter=int(quarter), status=label_of(STATUS_CHOICES, _text(first["status"])))
        if _text(first["percent"]):
            line += t("report_percent", value=format_number(float(first["percent"])))
        notes = [n for n in dict.fromkeys(_text(v) for v in group["note"]) if n]
        if notes:
            line += " · " + " · ".join(notes)
        lines.append(line)
        lines.extend(t("report_evidence", url=u) for u in dict.fromkeys(_text(v) for v in group["evidence_url"]) if u)
    return lines


def _outcome_lines(targets: tuple[PublicTarget, ...]) -> list[str]:
    """One line per indicator, then the hidden-number footnote when a line hides a complaint count."""
    lines = [
        t("report_indicator", name=p.status.name, target=p.condition(with_label=False), actual=p.actual, state=p.state)
        for p in targets
    ]
    return [*lines, suppression_footnote(TARGETS.suppression_k)] if any(p.hides_count for p in targets) else lines


def build_report(
    dataset: Dataset,
    year: int,
    quarter: int = 4,
    thai_digits: bool = False,
    organisation: str | None = None,
    today: dt.date | None = None,
    statuses: list[TargetStatus] | None = None,
) -> ResultsReport:
    """The results report of a fiscal year, with results reported up to the end of `quarter`.

    `statuses` are the year's target_statuses when the caller has them already (a council pack
    builds them once for the deck and the report).
    """
    org = organisation or ORG_NAME
    measures = dataset.frame("measures")
    measures = measures[measures["fiscal_year"] == year].sort_values("no")
    results = dataset.frame("results")
    results = results[(results["fiscal_year"] == year) & (results["quarter"] <= quarter)]
    targets = public_targets(
        statuses if statuses is not None else target_statuses(dataset, year, quarter), dataset, quarter
    )
    rows = []
    for record in measures.to_dict("records"):
        number = int(record["no"])
        output = [_text(record["output"])] if _text(record["output"]) else []
        reported = _quarter_lines(results, number)
        output += [t("report_results_head"), *reported] if reported else [t("report_no_result")]
        outcome = [_text(record["outcome"])] if _text(record["outcome"]) else []
        outcome += _outcome_lines(tuple(p for p in targets if p.status.measure_no == number))
        cells = (
            f"{number}. {_text(record['name'])}",
            _text(record["steps"]),
            period_text(_text(record["quarters"])),
            _text(record["responsible"]),
            "\n".join(output),
            "\n".join(outcome),
        )
        rows.append(ReportRow(number, cells))
    as_of = t(
        "report_as_of",
        quarter=quarter_label(year, quarter),
        version_text=version_text(dataset.version),
        prepared=prepared_text(today),
    )
    report = ResultsReport(
        year=year,
        quarter=quarter,
        title=t("report_title", year=year),
        organisation=org,
        intro=t("report_intro", org=org, year=year),
        header=tuple(t(f"report_col_{key}") for key in COLUMN_KEYS),
        rows=tuple(rows),
        as_of=as_of,
        thai_digits=thai_digits,
    )
    # Every digit Thai except inside links (evidence URLs must still open).
    return in_thai_digits(report) if thai_digits else report


# --- .xlsx ---------------------------------------------------------------------------------------

_WIDTHS = (38, 34, 16, 18, 44, 44)


def _put(ws, row: int, column: int, value: str):  # type: ignore[no-untyped-def]
    """Write text as text: never let a leading = + - @ become a formula."""
    return keep_as_text(ws.cell(row=row, column=column, value=value))


def report_to_xlsx(report: ResultsReport) -> bytes:
    """The report as an .xlsx sheet: title lines, the six-column table, A4 landscape print setup."""
    report = clean_tree(report)  # stored text may predate the input checks: XML cannot hold controls
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    ws = wb.active
    ws.title = t("report_sheet")
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[chr(64 + index)].width = width
    lines = ((report.title, 18, True), (report.organisation, 16, True), (report.intro, 15, False))
    for row, (text, size, bold) in enumerate(lines, start=1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell = _put(ws, row, 1, text)
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(wrap_text=True, horizontal="center" if row < 3 else "left", vertical="top")
    ws.row_dimensions[3].height = 60
    header_row = 5
    for column, text in enumerate(report.header, start=1):
        cell = _put(ws, header_row, column, text)
        cell.font = Font(name=FONT, size=15, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E2F3")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
    for offset, report_row in enumerate(report.rows, start=1):
        for column, text in enumerate(report_row.cells, start=1):
            cell = _put(ws, header_row + offset, column, text)
            cell.font = Font(name=FONT, size=14)
            cell.alignment = wrap_top
            cell.border = border
    last = header_row + len(report.rows) + 2
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=6)
    _put(ws, last, 1, report.as_of).font = Font(name=FONT, size=12, italic=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # Printed pages carry their number and the organisation (Excel codes: &P page, &N pages; && is "&").
    ws.oddFooter.center.text = t("report_page", page="&P", pages="&N")
    ws.oddFooter.left.text = report.organisation.replace("&", "&&")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- .docx ---------------------------------------------------------------------------------------


def _thai_run_font(run, size: float, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """TH Sarabun New in every font slot (ascii, hAnsi, eastAsia, cs) and the complex-script size."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for tag in ("w:bCs", "w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    if bold:
        rpr.append(OxmlElement("w:bCs"))
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    rpr.append(size_cs)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)


def _page_footer(section) -> None:  # type: ignore[no-untyped-def]
    """ "หน้า n/N" centred in the footer of every page, as Word fields (PAGE, NUMPAGES) Word fills in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, rest = t("report_page", page="{P}", pages="{N}").split("{P}")
    middle, after = rest.split("{N}")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if text:
            _thai_run_font(paragraph.add_run(text), 12)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), field)
            run = paragraph.add_run("1")  # shown until Word updates the field
            _thai_run_font(run, 12)
            simple.append(run._r)
            paragraph._p.append(simple)


def _paragraph(container, text: str, size: float, bold: bool = False, center: bool = False):  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _thai_run_font(run, size, bold)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def report_to_docx(report: ResultsReport) -> bytes:
    """The report as a Word document: A4 landscape, title lines, the six-column table."""
    report = clean_tree(report)  # stored text may predate the input checks: XML cannot hold controls
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    _paragraph(document, report.title, 18, bold=True, center=True)
    _paragraph(document, report.organisation, 16, bold=True, center=True)
    _paragraph(document, report.intro, 16)
    table = document.add_table(rows=1, cols=len(report.header))
    table.style = "Table Grid"
    widths = [Cm(w) for w in (5.2, 4.6, 2.6, 2.8, 5.6, 5.9)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)  # repeat the header row on every page
    for cell, text, width in zip(header.cells, report.header, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].alignment = 1
        run = cell.paragraphs[0].add_run(text)
        _thai_run_font(run, 14, bold=True)
    for report_row in report.rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, report_row.cells, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            lines = text.split("\n")
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                _thai_run_font(run, 14)
                if index < len(lines) - 1:
                    run.add_break()
    _paragraph(document, report.as_of, 12)
    _page_footer(section)
    document.core_properties.title = report.title
    document.core_properties.language = "th-TH"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
