"""The presentation and export pages in AppTest: slide navigation by key, export build and download."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'present.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.run()
    return at


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_present_prev_next_and_pick(app: AppTest) -> None:
    app.switch_page("views/present.py").run()
    assert not app.exception
    assert _titles(app) == ["ผลการดำเนินงานด้านคุณธรรมและความโปร่งใส"]
    assert app.button(key="present_prev").disabled
    assert "สไลด์ 1/" in " ".join(c.value for c in app.caption)
    app.button(key="present_next").click().run()
    assert _titles(app) == ["หัวข้อการนำเสนอ"]
    app.button(key="present_next").click().run()
    assert _titles(app) == ["ภาพรวมปีงบประมาณ 2568"]
    assert len(app.metric) == 5
    app.button(key="present_next").click().run()
    assert _titles(app) == ["ความคืบหน้ามาตรการ"]
    assert len(app.get("plotly_chart")) == 1
    assert any(c.value.startswith("ข้อมูลฉบับที่ 1 · อัปโหลดเมื่อ") for c in app.caption)  # the chart caption
    app.button(key="present_prev").click().run()
    assert _titles(app) == ["ภาพรวมปีงบประมาณ 2568"]
    picker = app.selectbox(key="present_pick")
    ita = next(i for i in picker.options if i.endswith("คะแนน ITA"))
    picker.select(picker.options.index(ita)).run()
    assert _titles(app) == ["คะแนน ITA"]
    last = len(picker.options) - 1
    app.selectbox(key="present_pick").select(last).run()
    assert _titles(app) == ["สถิติเรื่องร้องเรียน"]
    assert app.button(key="present_next").disabled
    assert "ตัวเลขสรุปสำหรับเผยแพร่ ไม่มีข้อมูลระบุตัวบุคคล" in " ".join(m.value for m in app.markdown)


def test_present_follows_the_digit_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'digits.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.session_state["thai_digits"] = True  # what the sidebar toggle sets
    at.run()
    at.switch_page("views/present.py").run()
    at.button(key="present_next").click().run()
    at.button(key="present_next").click().run()  # past the agenda
    assert _titles(at) == ["ภาพรวมปีงบประมาณ ๒๕๖๘"]


def test_export_builds_then_offers_the_download(app: AppTest) -> None:
    app.switch_page("views/export.py").run()
    assert not app.exception
    assert _titles(app) == ["ส่งออกเอกสาร"]
    assert not app.get("download_button")
    app.button(key="export_build_xlsx").click().run()
    assert not app.exception
    downloads = app.get("download_button")
    assert len(downloads) == 1
    assert downloads[0].proto.label == "ดาวน์โหลด Excel (.xlsx)"
    app.button(key="export_build_pdf").click().run()
    labels = sorted(d.proto.label for d in app.get("download_button"))
    assert labels == ["ดาวน์โหลด Excel (.xlsx)", "ดาวน์โหลด PDF"]
    # another quarter: the built files are for the old choice and are not offered
    app.session_state["quarter"] = 1  # what the sidebar selector sets
    app.run()
    assert not app.get("download_button")
