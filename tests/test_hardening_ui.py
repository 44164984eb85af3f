"""Issue 9 (ui): no stored text can break an export; the change summary tells the truth; Bangkok dates.

Text stored before the input checks existed may hold NUL, ESC, backspace, bidi overrides or lone
surrogates. The datasets here are built directly (bypassing validation), like such old data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import replace
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import INDICATOR_HEADER, RESULT_HEADER, make_workbook, small_measures
from docx import Document
from export_fixtures import TODAY, VERSION, council_dataset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from kpi.core.dataset import Dataset, frame_from_records, records_of
from kpi.core.fiscal import today_bangkok
from kpi.core.schema import SHEETS_BY_KEY
from kpi.core.text_safety import BIDI_CONTROLS, CONTROL_CHARS
from kpi.exports.deck import build_deck
from kpi.exports.official_report import build_report, report_to_docx, report_to_xlsx
from kpi.exports.to_pdf import deck_to_pdf
from kpi.exports.to_pptx import deck_to_pptx
from kpi.ingest.upload import commit_upload, equal_version, equal_version_text, prepare_upload
from kpi.store.database import Store

# NUL, SOH, backspace, vertical tab, ESC, DEL, a C1 control, RLO, an isolate, U+FFFF. The store's
# frames (pandas' Arrow-backed str dtype) cannot hold lone surrogates at all; they reach a writer only
# through text that is not a frame cell (the organisation name here, any model text in the property).
POISON = "\x00\x01\x08\x0b\x1b\x7f\x85\u202e\u2066\uffff"
SURROGATES = "\ud800\udfff"
FORBIDDEN = CONTROL_CHARS | BIDI_CONTROLS | {"\ud800", "\uffff"}
FORMATS = ("xlsx", "docx", "pptx", "pdf")
ORGANISATION = f"องค์การบริหารส่วนตำบล{POISON}{SURROGATES}บ้านผือ"


def _poisoned(text: str) -> str:
    return f"{POISON[:5]}{text}{POISON[5:]}"


def poisoned_dataset() -> Dataset:
    """The council dataset with poison around every stored free text."""
    frames = {}
    for key, frame in council_dataset().frames.items():
        spec = SHEETS_BY_KEY[key]
        rows = records_of(frame)
        for row in rows:
            for column in spec.columns:
                # free text (choices were validated against their lists before these checks existed)
                if column.kind in ("text", "url") and isinstance(row[column.key], str):
                    row[column.key] = _poisoned(row[column.key])
        frames[key] = frame_from_records(spec, rows)
    version = replace(VERSION, filename=_poisoned("ita.xlsx"), summary=_poisoned("สรุป"))
    return Dataset(frames=frames, version=version)


def export(kind: str, dataset: Dataset, organisation: str = ORGANISATION) -> bytes:
    """One export through the same builders as the export page and `python -m kpi export`."""
    if kind in ("pptx", "pdf"):
        deck = build_deck(dataset, 2568, 2, organisation=organisation, today=TODAY)
        return deck_to_pptx(deck) if kind == "pptx" else deck_to_pdf(deck)
    report = build_report(dataset, 2568, 2, organisation=organisation, today=TODAY)
    return report_to_xlsx(report) if kind == "xlsx" else report_to_docx(report)


def _texts(kind: str, data: bytes) -> str:
    """Every text a reader finds in an exported file (it must open)."""
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).active
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    if kind == "docx":
        document = Document(io.BytesIO(data))
        cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if kind == "pptx":
        deck = Presentation(io.BytesIO(data))
        shapes = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
        tables = [
            c.text for slide in deck.slides for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells
        ]
        notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide]
        return "\n".join(shapes + tables + notes)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("kind", FORMATS)
def test_control_bidi_and_surrogate_text_in_every_field_exports_and_opens(kind: str) -> None:
    text = _texts(kind, export(kind, poisoned_dataset()))
    flat = text.replace("\n", "").replace("\u200b", "")  # pypdf maps split Thai glyphs to U+200B
    # a measure's name (report) or an indicator's name (deck), cleaned but kept
    assert "ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม" in flat or kind in ("pptx", "pdf")
    assert "ร้อยละความพึงพอใจของผู้รับบริการ" in flat
    assert "องค์การบริหารส่วนตำบลบ้านผือ" in flat
    assert not set(text) & FORBIDDEN


def test_the_presentation_screen_gets_clean_text() -> None:
    deck = build_deck(poisoned_dataset(), 2568, 2, organisation=ORGANISATION, today=TODAY)
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(set(value) & FORBIDDEN)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for field in value.__dataclass_fields__:
                walk(getattr(value, field))

    walk(deck)
    assert found == set()
    assert deck.slide("targets_met").table.rows[0][0] == "มาตรการที่ 1: ร้อยละความพึงพอใจของผู้รับบริการ"  # type: ignore[union-attr]


ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=60)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=ANY_TEXT)
def test_any_measure_name_exports_in_every_format(name: str) -> None:
    """Whatever text a measure name holds (surrogates too), every writer produces a file that opens."""
    dataset = council_dataset()
    report = build_report(dataset, 2568, 2, today=TODAY)
    first = report.rows[0]
    report = replace(report, rows=(replace(first, cells=(name, *first.cells[1:])), *report.rows[1:]))
    deck = build_deck(dataset, 2568, 2, today=TODAY)
    met = deck.slide("targets_met")
    assert met.table is not None
    table = replace(met.table, rows=((name, *met.table.rows[0][1:]), *met.table.rows[1:]))
    met = replace(met, title=name, table=table, notes=name)
    deck = replace(deck, slides=tuple(met if s.key == met.key else s for s in deck.slides))
    files = {
        "xlsx": report_to_xlsx(report),
        "docx": report_to_docx(report),
        "pptx": deck_to_pptx(deck),
        "pdf": deck_to_pdf(deck),
    }
    for kind, data in files.items():
        assert not set(_texts(kind, data)) & FORBIDDEN, kind


def test_today_is_the_bangkok_date_not_the_servers() -> None:
    # 23:30 UTC on 30 September is already 1 October (a new fiscal year) in Bangkok.
    late = dt.datetime(2025, 9, 30, 23, 30, tzinfo=dt.UTC)
    assert today_bangkok(late) == dt.date(2025, 10, 1)
    assert today_bangkok(dt.datetime(2025, 9, 30, 16, 59, tzinfo=dt.UTC)) == dt.date(2025, 9, 30)
    assert today_bangkok(dt.datetime(2025, 9, 30, 23, 30)) == dt.date(2025, 10, 1)  # naive = UTC


# --- the change summary tells the truth ------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _results(*rows: tuple[int, int, int]) -> list[list[object]]:
    """Result rows (quarter, measure, actual) of FY2568, all for indicator 1."""
    return [RESULT_HEADER, *([2568, q, m, "กำลังดำเนินการ", 50, 1, actual, None, None, None] for q, m, actual in rows)]


def _workbook(*rows: tuple[int, int, int]) -> bytes:
    indicators = [INDICATOR_HEADER, *([2568, m, 1, f"ตัวชี้วัด {m}", "ร้อยละ", "≥", 80, None] for m in (1, 2, 3))]
    return make_workbook({"มาตรการ": small_measures(), "ตัวชี้วัด": indicators, "ผลรายไตรมาส": _results(*rows)})


OLD = ((1, 1, 60), (1, 2, 60), (2, 1, 70), (4, 1, 90), (4, 2, 90))
NEW = ((1, 1, 65), (1, 2, 61), (2, 1, 70), (2, 2, 70), (3, 1, 80), (3, 2, 80), (3, 3, 80))


def _commit(store: Store, data: bytes, name: str) -> None:
    plan = prepare_upload(data, name, store.dataset())
    assert plan.ok, plan.problems
    commit_upload(store, plan, actor=ADMIN)


def test_rows_added_changed_and_a_removed_quarter_are_named_per_sheet_and_year(store: Store) -> None:
    _commit(store, _workbook(*OLD), "q4.xlsx")
    plan = prepare_upload(_workbook(*NEW), "q3.xlsx", store.dataset())
    assert plan.summary_lines == ["ผลรายไตรมาส ปี 2568: เพิ่ม 4 แถว (ไตรมาส 2, 3), แก้ไข 2 แถว (ไตรมาส 1), ลบไตรมาส 4"]
    # a row removed from a quarter that keeps other rows is counted, not called a removed quarter
    fewer = prepare_upload(_workbook(OLD[0], *OLD[2:]), "less.xlsx", store.dataset())
    assert fewer.summary_lines == ["ผลรายไตรมาส ปี 2568: ลบ 1 แถว (ไตรมาส 1)"]
    assert equal_version(store, store.dataset(), plan) is None  # new content: no saved version equals it


def test_an_older_file_is_named_as_the_version_it_restores_with_its_bangkok_time(store: Store) -> None:
    _commit(store, _workbook(*OLD), "old.xlsx")
    _commit(store, _workbook(*NEW), "new.xlsx")
    older = _workbook(*OLD)
    # same content, different bytes (another save of the same figures): found by content, not sha256
    resaved = make_workbook(
        {
            "ผลรายไตรมาส": _results(*reversed(OLD)),
            "มาตรการ": small_measures(),
            "ตัวชี้วัด": [INDICATOR_HEADER, *([2568, m, 1, f"ตัวชี้วัด {m}", "ร้อยละ", "≥", 80, None] for m in (1, 2, 3))],
        }
    )
    assert hashlib.sha256(resaved).digest() != hashlib.sha256(older).digest()
    plan = prepare_upload(resaved, "old-copy.xlsx", store.dataset())
    assert plan.summary_lines == [
        "ผลรายไตรมาส ปี 2568: เพิ่ม 2 แถว (ไตรมาส 4), แก้ไข 2 แถว (ไตรมาส 1), ลบไตรมาส 3, ลบ 1 แถว (ไตรมาส 2)"
    ]
    assert "ลบไตรมาส 3" in plan.summary and "แทนที่" not in plan.summary
    info = equal_version(store, store.dataset(), plan)
    assert info is not None and info.number == 1
    saved = dt.datetime.fromisoformat(info.created_at).astimezone(dt.timezone(dt.timedelta(hours=7)))
    text = equal_version_text(info)
    assert "ข้อมูลฉบับที่ 1" in text and f"{saved:%H:%M} น." in text and "(เวลาประเทศไทย)" in text
    assert f"{saved.year + 543}" in text


def test_the_upload_page_says_which_version_an_older_file_restores(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    app = AppTest.from_file("../app.py", default_timeout=60).run()  # seeds the sample as version 1
    store = Store(url)
    _commit(store, _workbook(*OLD), "old.xlsx")
    _commit(store, _workbook(*NEW), "new.xlsx")
    app.switch_page("views/upload.py").run()
    app.file_uploader(key="upload_file").upload("old.xlsx", _workbook(*OLD), XLSX).run()
    assert not app.exception
    warnings = [w.value for w in app.warning]
    assert any(w.startswith("ข้อมูลหลังบันทึกไฟล์นี้จะเหมือนข้อมูลฉบับที่ 2 ซึ่งบันทึกเมื่อ") for w in warnings), warnings
    assert "ผลรายไตรมาส ปี 2568: " in "\n".join(m.value for m in app.markdown)
    assert "ลบไตรมาส 3" in "\n".join(m.value for m in app.markdown)


# --- reproducible installs ------------------------------------------------------------------------


def test_every_requirement_is_pinned_and_both_readme_commands_and_ci_use_the_pins() -> None:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    root = Path(__file__).resolve().parents[1]
    pins: dict[str, str] = {}
    for line in (root / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version and "+" not in version and "@" not in line, line  # exact, public, no local builds
            pins[canonicalize_name(name)] = version
    for file in ("requirements.txt", "requirements-dev.txt"):
        for line in (root / file).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert canonicalize_name(Requirement(line).name) in pins, f"{file}: {line} has no pin"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt -c constraints.txt && streamlit run app.py" in readme
    assert "pip install -r requirements-dev.txt -c constraints.txt && ruff check ." in readme
    assert "pip install -q -r requirements-dev.txt -c constraints.txt &&" in (root / ".ci" / "run").read_text(
        encoding="utf-8"
    )
    for package in ("streamlit", "pandas", "plotly"):
        assert package in pins
