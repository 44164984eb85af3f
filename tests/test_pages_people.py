"""AppTest of the satisfaction, complaints, OIT and calendar pages on the bundled sample (and uploads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import COMPLAINT_HEADER, make_workbook
from streamlit.testing.v1 import AppTest

from kpi.store.database import Store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SATISFACTION_HEADER = [
    "ปีงบประมาณ", "ไตรมาส", "บริการหรือหน่วยงาน", "ระดับ 5 (มากที่สุด)", "ระดับ 4 (มาก)", "ระดับ 3 (ปานกลาง)",
    "ระดับ 2 (น้อย)", "ระดับ 1 (น้อยที่สุด)",
]  # fmt: skip


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=60)
    return at.run()


def _db(tmp_path: Path) -> tuple[int, ...]:
    """The saved versions (read through the store: SQLite's WAL keeps new pages outside the main file)."""
    return tuple(v.number for v in Store(f"sqlite:///{tmp_path / 'app.sqlite3'}").versions())


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "title", "subheader", "info", "warning", "error", "success")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def _tables(at: AppTest) -> str:
    return " ".join(str(df.value.to_dict()) for df in at.dataframe)


def _upload(at: AppTest, name: str, data: bytes) -> None:
    at.switch_page("views/upload.py").run()
    at.file_uploader(key="upload_file").upload(name, data, XLSX).run()


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("views/satisfaction.py", "ความพึงพอใจของผู้รับบริการ ปีงบประมาณ 2568"),
        ("views/complaints.py", "เรื่องร้องเรียน ปีงบประมาณ 2568"),
        ("views/oit.py", "หลักฐาน OIT ปีงบประมาณ 2568"),
        ("views/calendar.py", "ปฏิทินการรายงาน ปีงบประมาณ 2568"),
    ],
)
def test_each_page_renders_the_sample(app: AppTest, page: str, title: str) -> None:
    app.switch_page(page).run()
    assert not app.exception
    assert app.title[0].value == title
    assert "ข้อมูลตัวอย่าง" in _texts(app)


def test_satisfaction_hand_calculation_through_the_page(app: AppTest) -> None:
    _upload(
        app, "survey.xlsx", make_workbook({"ความพึงพอใจ": [SATISFACTION_HEADER, [2569, 1, "งานทดสอบ", 10, 20, 5, 0, 0]]})
    )
    app.button(key="upload_confirm").click().run()
    app.session_state["year"] = 2569  # the sidebar's year selector (AppTest drops the sidebar after a page switch)
    app.switch_page("views/satisfaction.py").run()
    assert app.title[0].value == "ความพึงพอใจของผู้รับบริการ ปีงบประมาณ 2569"
    assert not app.exception
    tables = _tables(app)
    for figure in ("82.86", "85.71", "4.14", "35 คน", "มาก", "คำนวณจากจำนวนผู้ตอบแต่ละระดับ"):
        assert figure in tables
    assert "## 82.86%" in _texts(app)
    # below the EIT minimum of a middle-size อบต. (40): warned
    warnings = [w.value for w in app.warning]
    assert "ทั้งปี: จำนวนผู้ตอบ 35 คน น้อยกว่าขั้นต่ำ 40 คน ของอบต. ขนาดกลาง (เกณฑ์ EIT ปี 2568)" in warnings
    app.selectbox(key="satis_method").select("top2").run()
    assert "## 85.71%" in _texts(app)
    app.selectbox(key="org_size").select(("sao", "S")).run()
    assert not any("น้อยกว่าขั้นต่ำ" in w.value for w in app.warning)
    chart = app.get("plotly_chart")
    assert len(chart) == 1
    spec = json.loads(chart[0].proto.spec)
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["ไม่มีข้อมูล"] * 3 + ["เป้าหมาย<br>80"]
    assert spec["layout"]["shapes"][0]["y0"] == 80
    assert spec["data"][0]["text"][0] == "85.71<br>35 คน"


def test_complaints_public_view_by_default_then_internal(app: AppTest) -> None:
    app.switch_page("views/complaints.py").run()
    assert app.toggle(key="complaints_public").value is True
    texts = _texts(app)
    assert "มุมมองสำหรับเผยแพร่: ตัวเลข 1–2 และตัวเลขที่อาจใช้คำนวณย้อนกลับได้ถูกซ่อน (–)" in texts
    assert "– = ตัวเลข 1–2 และตัวเลขที่อาจใช้คำนวณย้อนกลับได้ ถูกซ่อนเพื่อคุ้มครองผู้ร้องเรียน" in texts
    public = _tables(app)
    assert "ไม่มีเรื่องร้องเรียน" in public and "'–'" in public
    assert "ปีก่อน" not in public
    app.toggle(key="complaints_public").set_value(False).run()
    assert not app.exception
    assert "มุมมองภายใน: แสดงตัวเลขจริงทั้งหมด" in _texts(app)
    internal = _tables(app)
    assert "ไม่มีเรื่องร้องเรียน (ปีก่อน 1 เรื่อง)" in internal
    assert "3 เรื่อง (ปีก่อน 5 เรื่อง)" in internal
    assert "รอบ 6 เดือน" in internal and "รอบ 12 เดือน" in internal
    assert len(app.get("plotly_chart")) == 2


IDENTITY_FILES = {
    "name_column.xlsx": make_workbook(
        {"เรื่องร้องเรียน": [[*COMPLAINT_HEADER, "ชื่อผู้ร้องเรียน"], [2568, 1, "ทุจริต", 1, 1, 0, 1, "นายสมชาย ใจดี"]]}
    ),
    "id_number.xlsx": make_workbook(
        {"เรื่องร้องเรียน": [[*COMPLAINT_HEADER, "หมายเหตุ"], [2568, 1, "ทุจริต", 1, 1, 0, 1, "3409900123456"]]}
    ),
}


@pytest.mark.parametrize("name", sorted(IDENTITY_FILES))
def test_complaints_with_an_identity_are_refused_and_nothing_is_stored(app: AppTest, tmp_path: Path, name: str) -> None:
    before = _db(tmp_path)
    assert before == (1,)
    _upload(app, name, IDENTITY_FILES[name])
    assert not app.exception
    shown = _tables(app) + _texts(app)
    assert "ระบบยังไม่บันทึกข้อมูลใด ๆ" in shown
    assert "ข้อมูลระบุตัวบุคคล" in shown or "อาจระบุตัวบุคคลได้ (เลขบัตรประชาชน 13 หลัก)" in shown
    assert "สมชาย" not in shown and "3409900123456" not in shown
    assert all(b.key != "upload_confirm" for b in app.button)
    assert _db(tmp_path) == before


def test_oit_edit_commit_new_version(app: AppTest, tmp_path: Path) -> None:
    app.switch_page("views/oit.py").run()
    assert "ยังไม่มีการแก้ไข" in _texts(app)
    assert "ต้องตรวจสอบกับคู่มือ ป.ป.ช." in _texts(app)
    editor = app.data_editor[0]
    assert editor.value.loc[0, "code"] == "O1" and editor.value.loc[0, "status"] == "มี"
    ready = [m.value for m in app.markdown if m.value.startswith("## ")][0]
    assert ready == "## 63.6%"  # 21 of 33 items in the sample are มี
    before = _db(tmp_path)
    app.session_state["oit_editor_2568_1"] = {
        "edited_rows": {0: {"status": "กำลังจัดทำ"}, 14: {"evidence_url": "https://example.go.th/o15"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    texts = _texts(app)
    assert "O1 สถานะ: มี → กำลังจัดทำ" in texts
    assert "O15 ลิงก์หลักฐาน: (ว่าง) → https://example.go.th/o15" in texts
    assert _db(tmp_path) == before  # nothing written before the confirm
    app.button(key="oit_confirm").click().run()
    assert not app.exception
    assert "บันทึกหลักฐาน OIT แล้ว เป็นข้อมูลฉบับที่ 2" in _texts(app)
    assert _db(tmp_path) == (2, 1)
    assert any(c.value.startswith("ข้อมูลฉบับที่ 2 · อัปโหลดเมื่อ") for c in app.caption)
    assert app.data_editor[0].value.loc[0, "status"] == "กำลังจัดทำ"
    assert [m.value for m in app.markdown if m.value.startswith("## ")][0] == "## 60.6%"
    app.switch_page("views/history.py").run()
    assert "แก้ไขหลักฐาน OIT ปี 2568 (2 รายการ)" in _tables(app)


def test_oit_edit_with_a_bad_link_shows_thai_problems_and_no_confirm(app: AppTest) -> None:
    app.switch_page("views/oit.py").run()
    app.session_state["oit_editor_2568_1"] = {
        "edited_rows": {2: {"evidence_url": "example.go.th"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert "พบปัญหา 1 รายการในตาราง ยังไม่บันทึก" in _texts(app)
    assert "ลิงก์หลักฐานต้องขึ้นต้นด้วย http:// หรือ https://" in _tables(app)
    assert all(b.key != "oit_confirm" for b in app.button)


def test_calendar_lists_deadlines_with_days_and_missing(app: AppTest) -> None:
    app.switch_page("views/calendar.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table.columns) == ["รายการ", "กำหนด", "เหลือ", "สถานะ", "สิ่งที่ยังขาด", "หมายเหตุ"]
    items = table["รายการ"].tolist()
    assert "รายงานผลรอบ 6 เดือน" in items and "รายงานผลรอบ 12 เดือน" in items
    assert "ช่วงเก็บข้อมูลการประเมิน ITA" in items
    window = table[table["รายการ"] == "ช่วงเก็บข้อมูลการประเมิน ITA"].iloc[0]
    assert window["กำหนด"] == "1 พฤษภาคม 2568 – 31 กรกฎาคม 2568"
    assert window["สิ่งที่ยังขาด"].startswith("หลักฐาน OIT ที่ยังไม่ “มี” 12 จาก 33 ข้อ")
    assert len(app.get("plotly_chart")) == 1


@pytest.mark.parametrize("page", ["views/satisfaction.py", "views/complaints.py", "views/oit.py", "views/calendar.py"])
def test_thai_digits_option_is_honoured(app: AppTest, page: str) -> None:
    app.session_state["thai_digits"] = True
    app.switch_page(page).run()
    assert not app.exception
    assert "๒๕๖๘" in app.title[0].value
    shown = _tables(app)
    assert "๑" in shown or "๐" in shown
