"""Every page runs in AppTest; the upload flow commits good files and refuses bad ones untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from actors import ADMIN
from conftest import COMPLAINT_HEADER, MEASURE_HEADER, RESULT_HEADER, make_workbook, small_measures
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from kpi.core.fiscal import QUARTERS
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.ingest.upload import commit_upload, prepare_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = ["views/overview.py", "views/upload.py", "views/history.py"]


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=60)
    return at.run()


def _db(tmp_path: Path) -> bytes:
    """The store's bytes on disk: the database file and its write-ahead log."""
    parts = [tmp_path / "app.sqlite3", tmp_path / "app.sqlite3-wal"]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def _texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "title", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def test_first_run_seeds_the_sample_and_labels_it(app: AppTest) -> None:
    assert not app.exception
    texts = _texts(app)
    assert "ภาพรวมปีงบประมาณ 2568" in texts
    assert "ข้อมูลตัวอย่าง" in texts
    assert "ข้อมูลฉบับที่ 1" in texts
    charts = app.get("plotly_chart")
    assert len(charts) == 5


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app: AppTest, page: str) -> None:
    app.switch_page(page).run()
    assert not app.exception
    assert app.title


def test_selectors_drive_the_overview(app: AppTest) -> None:
    app.selectbox(key="quarter").select(1).run()
    assert "ไตรมาส 1 (ต.ค.–ธ.ค. 67)" in _texts(app)
    app.toggle(key="thai_digits").set_value(True).run()
    assert not app.exception
    assert "๒๕๖๘" in _texts(app)
    app.selectbox(key="year").select(2567).run()
    assert "ภาพรวมปีงบประมาณ ๒๕๖๗" in _texts(app)  # Thai digits are still on


class _Browser:
    """The quarter selectbox as a browser holds it: the label it last showed, sent back on every rerun.

    A browser replaces that label only when the server sends one (`set_value`); AppTest would
    re-format the value with the newest options and hide a stale label, so it is replayed here.
    """

    def __init__(self, at: AppTest) -> None:
        self.at = at
        self.label = at.selectbox(key="quarter").options[at.selectbox(key="quarter").index or 0]

    def choose(self, quarter: int) -> None:
        widget = self.at.selectbox(key="quarter")
        self.label = widget.options[[*QUARTERS].index(quarter)]
        widget.select(quarter)
        self.run()

    def run(self) -> None:
        widget = self.at.selectbox(key="quarter")
        label = self.label

        class Held(type(widget)):  # type: ignore[misc]
            @property
            def _widget_state(self) -> WidgetState:
                return WidgetState(id=self.id, string_value=label)

        widget.__class__ = Held
        self.at.run()
        proto = self.at.selectbox(key="quarter").proto
        if proto.set_value:
            self.label = proto.raw_value


def test_the_chosen_quarter_stays_chosen(app: AppTest) -> None:
    browser = _Browser(app)
    browser.choose(2)
    assert app.selectbox(key="quarter").value == 2
    app.toggle(key="thai_digits").set_value(True)
    browser.run()
    assert app.selectbox(key="quarter").value == 2
    app.selectbox(key="year").select(2567)
    browser.run()
    assert app.selectbox(key="quarter").value == 2
    # the label follows the chosen year: months and BE year of fiscal 2567, in the chosen digits
    assert app.selectbox(key="quarter").options[1] == "ไตรมาส ๒ (ม.ค.–มี.ค. ๖๗)"
    assert "ไตรมาส ๒ (ม.ค.–มี.ค. ๖๗)" in _texts(app)
    app.toggle(key="thai_digits").set_value(False)
    browser.run()
    assert app.selectbox(key="quarter").value == 2
    assert "ไตรมาส 2 (ม.ค.–มี.ค. 67)" in _texts(app)
    assert not app.exception


def test_good_upload_becomes_a_new_version(app: AppTest, tmp_path: Path) -> None:
    app.switch_page("views/upload.py").run()
    workbook = make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2569, 1, "ร้องเรียนทั่วไป", 2, 2, 0, 2]]})
    app.file_uploader(key="upload_file").upload("update.xlsx", workbook, XLSX).run()
    assert "เพิ่ม 1 สถิติเรื่องร้องเรียน ปี 2569" in _texts(app)
    before = _db(tmp_path)
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert "บันทึกแล้ว เป็นข้อมูลฉบับที่ 2" in _texts(app)
    assert _db(tmp_path) != before
    assert "ข้อมูลฉบับที่ 2" in " ".join(c.value for c in app.sidebar.caption)


BAD_FILES = {
    "three_problems.xlsx": (
        make_workbook(
            {
                "มาตรการ": [MEASURE_HEADER, [2568, 1, "ม", "มาตรการ", "", "1-4", "", "", ""]],
                "ผลรายไตรมาส": [
                    [h for h in RESULT_HEADER if h != "สถานะ"],
                    [2568, 5, 1, "ห้าสิบ", None, None, None, None, None],
                ],
            }
        ),
        ["ไม่พบคอลัมน์ “สถานะ” ที่จำเป็น", "ไตรมาสต้องเป็น 1, 2, 3 หรือ 4", "ต้องเป็นตัวเลข"],
    ),
    "not_excel.xlsx": (b"just some text", ["ไฟล์นี้ไม่ใช่ไฟล์ Excel"]),
    "report.pdf": (b"%PDF-1.4 nothing", ["ไฟล์นี้ไม่ใช่ไฟล์ Excel"]),
    "identity.xlsx": (
        make_workbook(
            {"เรื่องร้องเรียน": [[*COMPLAINT_HEADER, "ชื่อผู้ร้องเรียน"], [2568, 1, "ทุจริต", 1, 1, 0, 1, "นายสมชาย ใจดี"]]}
        ),
        ["ห้ามมีคอลัมน์ข้อมูลระบุตัวบุคคล"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_upload_shows_thai_problems_and_stores_nothing(app: AppTest, tmp_path: Path, name: str) -> None:
    data, expected = BAD_FILES[name]
    app.switch_page("views/upload.py").run()
    before = _db(tmp_path)
    app.file_uploader(key="upload_file").upload(name, data, XLSX).run()
    assert not app.exception
    shown = " ".join(str(df.value.to_dict()) for df in app.dataframe) + _texts(app)
    for text in expected:
        assert text in shown
    assert "สมชาย" not in shown  # an identity is never echoed back
    assert all(b.key != "upload_confirm" for b in app.button)
    assert _db(tmp_path) == before


def test_rollback_restores_previous_numbers_on_the_overview(app: AppTest) -> None:
    def complaints_card(at: AppTest) -> str:
        markdown = [m.value for m in at.markdown]
        return next(markdown[i + 1] for i, m in enumerate(markdown) if m == "**เรื่องร้องเรียน**")

    original = complaints_card(app)
    app.switch_page("views/upload.py").run()
    rows = [COMPLAINT_HEADER] + [
        [2568, q, kind, 30, 30, 0, 30] for q in (1, 2, 3, 4) for kind in ("ร้องเรียนทั่วไป", "ทุจริต")
    ]
    app.file_uploader(key="upload_file").upload("more.xlsx", make_workbook({"เรื่องร้องเรียน": rows}), XLSX).run()
    app.button(key="upload_confirm").click().run()
    app.switch_page("views/overview.py").run()
    assert complaints_card(app) == "## 240"
    app.switch_page("views/history.py").run()
    app.selectbox(key="rollback_version").select(1).run()
    app.button(key="rollback_button").click().run()
    assert "ย้อนกลับแล้ว" in _texts(app)
    app.switch_page("views/overview.py").run()
    assert complaints_card(app) == original
    assert "ข้อมูลฉบับที่ 3" in " ".join(c.value for c in app.sidebar.caption)


def test_sample_workbook_is_bundled() -> None:
    assert SAMPLE_WORKBOOK.exists()


REPORT = (
    "รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙\r\n"
    "เทศบาลตำบลทดสอบ\r\n"
    "มาตรการ/โครงการ/กิจกรรม\tขั้นตอนหรือวิธีการปฏิบัติ\tช่วงระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ\tผลลัพธ์\r\n"
    "<p>๑. โครงการอบรม</p>\tจัดอบรม\tไตรมาสที่ ๒\tสำนักปลัด\tผู้เข้าอบรม ๓๐ คน\tความพึงพอใจไม่น้อยกว่าร้อยละ ๘๐\r\n"
    "\t\t\t\t\t(สำรวจโดยแบบประเมิน)\r\n"
).encode("utf-8-sig")


def test_import_report_review_and_save(app: AppTest) -> None:
    app.switch_page("views/import_report.py").run()
    app.file_uploader(key="import_file").upload("report.txt", REPORT, "text/plain").run()
    assert not app.exception
    assert "พบ 1 มาตรการ และค่าเป้าหมายที่วัดได้ 2 รายการ" in _texts(app)
    assert app.number_input(key="import_year").value == 2569
    assert [e.label.replace("\\", "") for e in app.expander] == ["1. โครงการอบรม"]
    highlighted = " ".join(m.value for m in app.expander[0].markdown)
    assert ":orange-background[**ไม่น้อยกว่าร้อยละ ๘๐**]" in highlighted
    assert "(สำรวจโดยแบบประเมิน)" in highlighted.replace("\\", "")  # the continuation row joined its measure
    app.button(key="import_check").click().run()
    assert "เพิ่ม 1 มาตรการ ปี 2569" in _texts(app)
    app.button(key="import_confirm").click().run()
    assert "บันทึกแล้ว เป็นข้อมูลฉบับที่ 2" in _texts(app)


def test_import_refuses_what_is_not_a_report(app: AppTest) -> None:
    app.switch_page("views/import_report.py").run()
    app.file_uploader(key="import_file").upload("notes.txt", "สวัสดีครับ ไม่มีตาราง".encode(), "text/plain").run()
    assert not app.exception
    assert "ไม่พบตารางมาตรการ" in " ".join(e.value for e in app.error)


def test_a_save_by_someone_else_in_between_is_refused_not_overwritten(app: AppTest, tmp_path: Path) -> None:
    from kpi.store.database import Store

    app.switch_page("views/upload.py").run()
    mine = make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2569, 1, "ร้องเรียนทั่วไป", 2, 2, 0, 2]]})
    app.file_uploader(key="upload_file").upload("mine.xlsx", mine, XLSX).run()
    assert "เพิ่ม 1 สถิติเรื่องร้องเรียน ปี 2569" in _texts(app)
    other = Store(f"sqlite:///{tmp_path / 'app.sqlite3'}")  # another user saves the same sheet and year meanwhile
    theirs = make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2569, 1, "ร้องเรียนทั่วไป", 5, 5, 0, 5]]})
    commit_upload(other, prepare_upload(theirs, "theirs.xlsx", other.dataset()), actor=ADMIN)
    app.button(key="upload_confirm").click().run()
    assert "มีผู้อื่นบันทึกข้อมูลฉบับใหม่" in _texts(app)
    assert [v.number for v in other.versions()] == [2, 1]
    assert other.dataset().frame("complaints").query("fiscal_year == 2569")["received"].tolist() == [5]


def test_a_save_of_another_sheet_in_between_lands_on_top_of_it(app: AppTest, tmp_path: Path) -> None:
    # issue 14: saves that change different blocks both land; nothing of either is lost
    from kpi.store.database import Store

    app.switch_page("views/upload.py").run()
    mine = make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2569, 1, "ร้องเรียนทั่วไป", 2, 2, 0, 2]]})
    app.file_uploader(key="upload_file").upload("mine.xlsx", mine, XLSX).run()
    other = Store(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    theirs = make_workbook({"มาตรการ": small_measures(2569, 2)})
    commit_upload(other, prepare_upload(theirs, "theirs.xlsx", other.dataset()), actor=ADMIN)
    app.button(key="upload_confirm").click().run()
    assert "มีผู้อื่นบันทึกข้อมูลฉบับใหม่" not in _texts(app)
    assert [v.number for v in other.versions()] == [3, 2, 1]
    data = other.dataset()
    assert len(data.frame("measures").query("fiscal_year == 2569")) == 2
    assert data.frame("complaints").query("fiscal_year == 2569")["received"].tolist() == [2]


def test_rollback_checks_the_version_the_user_saw(app: AppTest, tmp_path: Path) -> None:
    from kpi.store.database import Store

    store = Store(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    store.rollback(1, actor=ADMIN)  # version 2
    app.switch_page("views/history.py").run()
    store.rollback(1, actor=ADMIN)  # version 3 appears after the page was drawn
    app.button(key="rollback_button").click().run()
    assert "มีผู้อื่นบันทึกข้อมูลฉบับใหม่" in _texts(app)
    assert store.head().number == 3
