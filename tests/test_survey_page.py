"""The นำเข้าผลสำรวจ page: choose a file, year, quarter and service, preview the row, confirm to save."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_survey_import import EMAILS, PHONE, google_forms_csv, hand_count

from kpi.store.database import Store

CSV = "text/csv"


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=60)
    return at.run()


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "title", "subheader", "info", "warning", "error", "success")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def _tables(at: AppTest) -> str:
    return "\n".join(df.value.to_csv(index=False) for df in at.dataframe)


def test_survey_page_previews_then_saves(app: AppTest, tmp_path: Path) -> None:
    app.switch_page("views/import_survey.py").run()
    assert not app.exception
    assert "นำเข้าผลสำรวจความพึงพอใจจากแบบฟอร์มออนไลน์" in _texts(app)
    app.file_uploader(key="survey_file").upload("responses.csv", google_forms_csv(), CSV).run()
    assert "กรุณากรอกชื่อบริการหรือหน่วยงานที่สำรวจ" in _texts(app)
    app.selectbox(key="survey_quarter").select(3).run()
    app.text_input(key="survey_service").input("งานทะเบียนราษฎร").run()
    assert not app.exception
    counts, _, mean, percent = hand_count()
    tables = _tables(app)
    assert f"{percent:,.2f}" in tables and f"{mean:,.2f}" in tables
    assert "ค่าเฉลี่ย ÷ 5 × 100" in tables
    assert "ที่อยู่อีเมล" in tables and "ข้อมูลระบุตัวบุคคล (ไม่เก็บ)" in tables
    shown = _texts(app) + tables
    assert not any(email in shown for email in EMAILS) and PHONE not in shown
    assert "ผู้ตอบ 200 คน" in _texts(app)
    assert Store().head() is not None
    before = Store().head()
    app.button(key="survey_confirm").click().run()
    assert not app.exception
    assert "บันทึกผลสำรวจแล้ว เป็นข้อมูลฉบับที่" in _texts(app)
    head = Store().head()
    assert head is not None and before is not None and head.number == before.number + 1
    frame = Store().dataset().frames["satisfaction"]
    mine = frame[(frame["service"] == "งานทะเบียนราษฎร") & (frame["quarter"] == 3)]
    assert [int(mine[k].iloc[0]) for k in ("n5", "n4", "n3", "n2", "n1")] == counts


def test_survey_page_refuses_a_file_without_likert_answers(app: AppTest) -> None:
    app.switch_page("views/import_survey.py").run()
    before = Store().head()
    data = "ประทับเวลา,ข้อเสนอแนะ\n2025/01/01,ดี\n".encode()
    app.text_input(key="survey_service").input("งานคลัง").run()
    app.file_uploader(key="survey_file").upload("r.csv", data, CSV).run()
    assert not app.exception
    texts = _texts(app)
    assert "นำเข้าไม่ได้ พบปัญหา 1 รายการ" in texts
    assert "ไม่พบคำถามแบบมาตราส่วนในไฟล์" in _tables(app)
    assert not app.button  # no confirm button
    assert Store().head() == before
