"""Percent cells as Excel keeps them: a percent-formatted 0.7667 is 76.67; a bare 0.8 is asked about."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from actors import ADMIN
from openpyxl import Workbook

from kpi.core.schema import RESULTS, SATISFACTION
from kpi.domain.figures import figures
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.ingest.workbook import read_upload
from kpi.ingest.xlsx_scan import percent_cells, percent_styles
from kpi.store.database import Store

_SHEET = SATISFACTION.title
_HEADER = [c.title for c in SATISFACTION.columns]
_PERCENT_COLUMN = "ร้อยละความพึงพอใจ"
_LETTER = "J"  # the percent column's letter in the template's order


def _row(service: str, percent: Any) -> list[Any]:
    values: dict[str, Any] = {"fiscal_year": 2568, "quarter": 1, "service": service, "percent": percent}
    return [values.get(c.key) for c in SATISFACTION.columns]


def _workbook(rows: list[tuple[str, Any, str | None]], sheet: str = _SHEET) -> bytes:
    """A satisfaction sheet: one row per (service, value, number format or None)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(_HEADER)
    for service, value, number_format in rows:
        ws.append(_row(service, value))
        if number_format is not None:
            ws.cell(row=ws.max_row, column=_HEADER.index(_PERCENT_COLUMN) + 1).number_format = number_format
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _stored_percents(store: Store, data: bytes) -> dict[str, float]:
    plan = prepare_upload(data, "survey.xlsx", store.dataset())
    assert plan.ok, plan.problems
    assert commit_upload(store, plan, actor=ADMIN) == 1
    frame = store.dataset().frame("satisfaction")
    return dict(zip(frame["service"], frame["percent"], strict=True))


def test_percent_formatted_fraction_is_stored_as_percent(store: Store) -> None:
    assert _HEADER.index(_PERCENT_COLUMN) + 1 == 10 and _LETTER == "J"
    data = _workbook(
        [
            ("งานจัดเก็บรายได้", 0.7667, "0.00%"),
            ("งานทะเบียน", 0.8, "0%"),
            ("งานโยธา", 0.9, '#,##0.0 "คะแนน"%'),  # custom code: "%" outside the quoted text
            ("งานคลัง", 1, "0%"),
        ]
    )
    assert _stored_percents(store, data) == {
        "งานจัดเก็บรายได้": 76.67,
        "งานทะเบียน": 80.0,
        "งานโยธา": 90.0,
        "งานคลัง": 100.0,
    }


def test_percent_text_and_plain_number_mean_the_same(store: Store) -> None:
    data = _workbook(
        [("ก", "80%", None), ("ข", 80, None), ("ค", "ร้อยละ 76.67", None), ("ง", "0.5%", None), ("จ", 0, None)]
    )
    assert _stored_percents(store, data) == {"ก": 80.0, "ข": 80.0, "ค": 76.67, "ง": 0.5, "จ": 0.0}


def test_bare_fraction_without_percent_format_is_asked_about(store: Store) -> None:
    data = _workbook(
        [
            ("ก", 0.8, None),
            ("ข", 76.67, None),
            ("ค", "๐.๘", None),  # Thai digits, still a bare fraction
            ("ง", 0.9, '0.0"%"'),  # a quoted "%" is a literal sign: Excel shows 0.9%, the value is not scaled
            ("จ", 1, "0.00"),
        ]
    )
    plan = prepare_upload(data, "survey.xlsx", store.dataset())
    assert not plan.ok
    asked = [(p.code, p.sheet, p.row, p.column, p.severity) for p in plan.errors if p.column == _PERCENT_COLUMN]
    assert asked == [("percent_fraction", _SHEET, row, _PERCENT_COLUMN, "error") for row in (2, 4, 5, 6)]
    first = next(p for p in plan.errors if p.code == "percent_fraction")
    assert "0.8" in first.message and "80" in first.message and _PERCENT_COLUMN in first.message
    assert store.head() is None


def test_progress_percent_of_results_reads_the_format_too() -> None:
    header = [c.title for c in RESULTS.columns]
    wb = Workbook()
    ws = wb.active
    ws.title = RESULTS.title
    ws.append(header)
    values = {"fiscal_year": 2568, "quarter": 1, "measure_no": 1, "status": "กำลังดำเนินการ", "percent": 0.5}
    ws.append([values.get(c.key) for c in RESULTS.columns])
    ws.cell(row=2, column=header.index("ร้อยละความคืบหน้า") + 1).number_format = "0%"
    buffer = io.BytesIO()
    wb.save(buffer)
    parsed = read_upload(buffer.getvalue(), "r.xlsx")
    assert parsed.records["results"][0]["percent"] == 50.0


def test_percent_cells_are_found_without_r_attributes_and_only_in_asked_columns() -> None:
    styles = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0&quot;%&quot;"/>'
        '<numFmt numFmtId="165" formatCode="[Blue]0.0%"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="10"/></cellStyleXfs>'
        '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/>'
        '<xf numFmtId="165"/><xf numFmtId="10"/></cellXfs></styleSheet>'
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="2"><c s="1"><v>1</v></c><c s="1"><v>0.5</v></c></row>'  # A2, B2 positioned by order
        '<row><c r="B3" s="2"><v>0.5</v></c></row>'  # a quoted "%": not a percent
        '<row r="4"><c t="n" s="3" r="B4"><v>0.5</v></c><c r="C4" s="4"><v>0.5</v></c></row>'
        "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        found = percent_styles(archive)
        assert found == frozenset({1, 3, 4})
        assert percent_cells(archive, "xl/worksheets/sheet1.xml", frozenset({2}), found) == frozenset({"B2", "B4"})


def test_unreadable_styles_mean_no_percent_cells() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/styles.xml", "<styleSheet><cellXfs><xf numFmtId='9'>")
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        # a broken part counts as no percent format: fractions are then asked about, never scaled
        assert percent_styles(archive) == frozenset()


def test_a_percent_formatted_result_reaches_the_figures(store: Store) -> None:
    """The issue's case end to end: 76.67 % typed in Excel is 76.67 in `figures`, below the 80 % target."""
    _stored_percents(store, _workbook([("งานจัดเก็บรายได้", 0.7667, "0.00%")]))
    shown = figures(store.dataset(), 2568, 1).to_json()
    assert shown["satisfaction"]["quarters"]["1"]["percent"] == 76.67
    assert shown["satisfaction"]["year"]["percent"] == 76.67
