"""The presentation and export pages in AppTest (slide navigation, export build and download), and the
presentation page's charts (hidden counts, ticks in the chosen digits)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kpi.exports.deck_model import Chart, Series
from kpi.exports.screen import chart_figure


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


# The complaints chart as the deck builds it: this year's quarters 2 and 4 hidden (1..k−1 complaints),
# quarter 3 with no data at all.
HIDDEN_CHART = Chart(
    kind="column",
    title="เรื่องร้องเรียนที่รับรายไตรมาส",
    categories=("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"),
    series=(
        Series("ปีงบประมาณ 2567", (6.0, 0.0, 12.0, 5.0), ("6", "0", "12", "5"), "#C8C8C8"),
        Series("ปีงบประมาณ 2568", (3.0, None, None, None), ("3", "–", "", "–"), "#0072B2"),
    ),
    axis_title="จำนวน",
)


def test_a_hidden_count_is_a_labelled_stub_not_a_missing_bar() -> None:
    figure = chart_figure(HIDDEN_CHART)
    stubs = [trace for trace in figure.data if trace.name == "ปกปิด"]
    assert len(stubs) == 1
    stub = stubs[0]
    # drawn at the hidden quarters only (the quarter without data stays empty), in this year's slot
    assert [v is not None for v in stub.y] == [False, True, False, True]
    assert list(stub.text) == ["", "ปกปิด", "", "ปกปิด"]
    assert all(0 < v < 12 * 0.2 for v in stub.y if v is not None)  # a stub, not a figure
    assert stub.offsetgroup == figure.data[1].offsetgroup != figure.data[0].offsetgroup
    assert stub.marker.pattern.shape == "/" and stub.marker.color != figure.data[1].marker.color
    assert stub.showlegend and figure.layout.showlegend


def test_a_chart_without_hidden_counts_has_no_stub() -> None:
    shown_only = replace(HIDDEN_CHART, series=HIDDEN_CHART.series[:1])
    assert [trace.name for trace in chart_figure(shown_only).data] == ["ปีงบประมาณ 2567"]


def test_value_ticks_follow_the_digit_choice() -> None:
    arabic = chart_figure(HIDDEN_CHART).layout.yaxis
    thai = chart_figure(HIDDEN_CHART, thai_digits=True).layout.yaxis
    assert list(arabic.ticktext) == ["0", "5", "10", "15"]  # whole-number steps for counts
    assert list(thai.ticktext) == ["๐", "๕", "๑๐", "๑๕"]
    assert list(thai.tickvals) == list(arabic.tickvals) == [0, 5, 10, 15]
    assert thai.range[1] >= 15
