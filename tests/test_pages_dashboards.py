"""AppTest of the มาตรการ, ตัวชี้วัด and คะแนน ITA pages, driven by the sidebar selectors and their own widgets."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from actors import ADMIN
from conftest import INDICATOR_HEADER, MEASURE_HEADER, RESULT_HEADER, make_workbook, unless_ci
from dash_data import dash_workbook
from streamlit.testing.v1 import AppTest

from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.store.database import Store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEASURES, TARGETS, ITA = "views/measures.py", "views/targets.py", "views/ita.py"


def _store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workbook: bytes | None) -> Store:
    url = f"sqlite:///{tmp_path / 'dash.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    store = Store(url)
    if workbook is not None:  # a store that already holds data is not seeded with the sample
        _upload(store, workbook)
    return store


def _upload(store: Store, workbook: bytes) -> None:
    """Upload through the same validated path the upload page uses."""
    plan = prepare_upload(workbook, "upload.xlsx", store.dataset())
    assert plan.ok, [p.message for p in plan.errors]
    commit_upload(store, plan, actor=ADMIN)


def _open(page: str, year: int = 2568, quarter: int = 2) -> AppTest:
    """The app on `page`, with the year and quarter chosen in the sidebar."""
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page(page).run()
    at.selectbox(key="year").select(year).run()
    at.selectbox(key="quarter").select(quarter).run()
    assert not at.exception
    return at


def _rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception
    return at


def _go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    return _rerun(at)


@pytest.fixture()
def dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    return _store(tmp_path, monkeypatch, dash_workbook())


def _texts(at: AppTest) -> str:
    """Every text on screen, as read: uploaded text is markdown-escaped, so the escapes are dropped."""
    kinds = ("markdown", "caption", "title", "subheader", "info", "warning", "error", "success")
    return "\n".join(str(e.value).replace("\\", "") for kind in kinds for e in getattr(at, kind))


def _figures(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _array(value: Any) -> list[Any]:
    """A plotly array from the figure JSON (numeric arrays may come base64-encoded)."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value)


# --- มาตรการ ---------------------------------------------------------------------------------


def test_measures_page_grid_and_shares(dash: Store) -> None:
    app = _open(MEASURES)
    assert app.title[0].value == "มาตรการ ปีงบประมาณ 2568"
    grid = app.table[0].value
    assert grid.columns[3] == "ไตรมาส 1 (ต.ค.–ธ.ค. 67)"
    assert grid["ไตรมาส 2 (ม.ค.–มี.ค. 68)"].tolist() == [
        "◐ กำลังดำเนินการ 50%",
        "✔ เสร็จสิ้น",
        "◐ กำลังดำเนินการ 50% (นอกแผน)",
        "–",
    ]
    assert grid["ร้อยละความคืบหน้า"].tolist() == ["50%", "100%", "50%", "ไม่มีข้อมูล"]
    share = _figures(app)[0]["data"][0]
    assert _array(share["y"]) == [50, 50, None, None]
    texts = _texts(app)
    assert "ไตรมาส 2 (ม.ค.–มี.ค. 68): เสร็จสิ้น 1 จาก 2 มาตรการที่วางแผน (ร้อยละ 50)" in texts
    assert "แสดง 4 จาก 4 มาตรการ" in texts
    assert "ข้อมูลฉบับที่ 1 · อัปโหลดเมื่อ" in texts


def test_measures_quarter_selector_drives_the_grid(dash: Store) -> None:
    app = _open(MEASURES)
    app.selectbox(key="quarter").select(4).run()
    assert app.caption[0].value.startswith("ไตรมาส 4 (ก.ค.–ก.ย. 68)")
    grid = app.table[0].value
    assert grid["ไตรมาส 4 (ก.ค.–ก.ย. 68)"].tolist() == ["⚠ ยังไม่รายงาน", "–", "–", "⚠ ยังไม่รายงาน"]
    assert _array(_figures(app)[0]["data"][0]["y"]) == [50, 50, 50, 0]  # Q4: 0 of 2 planned done, a real 0


def test_measures_filters_and_detail(dash: Store) -> None:
    app = _open(MEASURES)
    app.multiselect(key="measures_units").select("สำนักปลัด")
    _rerun(app)
    assert app.table[0].value["ลำดับ"].tolist() == ["1", "3"]
    assert _array(_figures(app)[0]["data"][0]["y"])[:2] == [50, 0]  # Q1: 3 of (1, 3) done; Q2: 1 not done
    app.multiselect(key="measures_units").unselect("สำนักปลัด")
    app.multiselect(key="measures_states").select("done")
    _rerun(app)
    assert app.table[0].value["ลำดับ"].tolist() == ["2"]
    app.multiselect(key="measures_states").unselect("done")
    _rerun(app)
    app.selectbox(key="measure_pick").select(1)
    _rerun(app)
    texts = _texts(app)
    assert "#### 1. ส่งเสริมประมวลจริยธรรม" in texts
    assert "- 1.1 ร้อยละความพึงพอใจ: ≥ 80 ร้อยละ · ✔ บรรลุ · 85 ร้อยละ (ไตรมาส 2)" in texts
    quarters = app.table[1].value
    assert quarters.iloc[0].tolist() == [
        "ไตรมาส 1 (ต.ค.–ธ.ค. 67)",
        "◐ กำลังดำเนินการ",
        "25%",
        "15 มกราคม 2568",
        "ประชุมครั้งที่ 1",
    ]
    assert app.dataframe[0].value["ลิงก์หลักฐาน"].tolist() == ["https://example.go.th/q1", "https://example.go.th/q2"]


def test_measures_filter_with_no_match_says_so(dash: Store) -> None:
    app = _open(MEASURES)
    app.multiselect(key="measures_units").select("กองช่าง")
    app.multiselect(key="measures_states").select("done")
    _rerun(app)
    assert "ไม่มีมาตรการที่ตรงกับตัวกรองที่เลือก" in [i.value for i in app.info]


# --- ตัวชี้วัด --------------------------------------------------------------------------------


def test_targets_page_states_and_baselines(dash: Store) -> None:
    app = _open(TARGETS)
    assert app.title[0].value == "ตัวชี้วัด ปีงบประมาณ 2568"
    texts = _texts(app)
    assert "**✔ บรรลุ 1 · ◐ ยังไม่บรรลุ 3 · ✖ ไม่บรรลุ 0 · ? ไม่มีข้อมูล 1 (ทั้งหมด 5 ตัวชี้วัด)**" in texts
    table = app.table[0].value.set_index("ลำดับ")
    assert table.loc["3.1", "เทียบกับ"] == "5 · ไตรมาส 2 ปีงบประมาณ 2567"
    assert table.loc["1.2", "เทียบกับ"] == "10 · ค่าฐานที่กำหนด"
    assert table.loc["4.1", "ค่าล่าสุด"] == "ไม่มีข้อมูล"
    states, progress = _figures(app)
    met = next(trace for trace in states["data"] if trace["name"] == "บรรลุ")
    assert _array(met["y"])[:2] == [1, 1]  # Q1: 3.1; Q2: 1.1 (3.1 rose above last year's Q2)
    assert _array(progress["data"][0]["y"])[:2] == [78, 85]
    app.selectbox(key="target_pick").select("3.1")
    _rerun(app)
    _, progress = _figures(app)
    assert [trace["name"] for trace in progress["data"]] == ["ค่าที่ใช้เทียบ", "ปีงบประมาณ 2568"]
    assert _array(progress["data"][0]["y"])[:2] == [3, 5]
    assert "- เทียบกับ: 5 · ไตรมาส 2 ปีงบประมาณ 2567" in _texts(app)


def test_targets_state_filter_and_quarter_selector(dash: Store) -> None:
    app = _open(TARGETS)
    app.selectbox(key="quarter").select(4).run()
    assert "**✔ บรรลุ 1 · ◐ ยังไม่บรรลุ 2 · ✖ ไม่บรรลุ 1 · ? ไม่มีข้อมูล 1 (ทั้งหมด 5 ตัวชี้วัด)**" in _texts(app)
    assert app.table[0].value.set_index("ลำดับ").loc["1.2", "สถานะทั้งปี"] == "✖ ไม่บรรลุ"
    app.multiselect(key="targets_states").select("no_data")
    _rerun(app)
    assert app.table[0].value["ลำดับ"].tolist() == ["4.1"]


# --- คะแนน ITA -------------------------------------------------------------------------------


def test_ita_page_headline_table_and_charts(dash: Store) -> None:
    app = _open(ITA)
    assert app.title[0].value == "คะแนน ITA"
    markdown = [m.value for m in app.markdown]
    assert "## 85.80" in markdown and "## ✔ ผ่าน" in markdown and "## +0.80" in markdown
    table = app.table[0].value
    assert table.iloc[0].tolist() == [
        "2568",
        "88.00",
        "86.00",
        "84.00",
        "26.40",
        "25.80",
        "33.60",
        "85.80",
        "–",  # no published rating in this workbook
        "✔ ผ่าน",
        "+0.80",
    ]
    assert table.iloc[-1]["ผลการประเมิน"] == "✖ B"
    parts, profile = _figures(app)
    assert [trace.get("name") for trace in parts["data"][:3]] == ["IIT (ถ่วงน้ำหนัก)", "EIT (ถ่วงน้ำหนัก)", "OIT (ถ่วงน้ำหนัก)"]
    assert sorted(shape["y0"] for shape in parts["layout"]["shapes"]) == [85, 95]
    assert _array(profile["data"][0]["x"])[1] == 80.5  # indicator 9, second from the bottom
    assert [s.value for s in app.success] == [
        "OIT ต้องได้อย่างน้อย 81.99 คะแนน จึงจะได้ผล “ผ่าน” (คะแนนรวม 85.00)",
        "OIT ต้องได้อย่างน้อย 85.00 คะแนน จึงจะได้ผล “ผ่านดี” (คะแนนรวม 86.20)",
    ]


def test_ita_what_if_inputs(dash: Store) -> None:
    app = _open(ITA)
    app.number_input(key="whatif_eit").set_value(80.0)
    _rerun(app)
    assert [s.value for s in app.success] == ["OIT ต้องได้อย่างน้อย 86.49 คะแนน จึงจะได้ผล “ผ่าน” (คะแนนรวม 85.00)"]
    assert [e.value for e in app.error] == [
        "ไม่สามารถได้ผล “ผ่านดี” เพราะ EIT ได้ 80.00 คะแนน ต่ำกว่า 85 คะแนนที่ทุกเครื่องมือต้องได้"
    ]
    app.radio(key="whatif_missing").set_value("eit")
    _rerun(app)
    assert app.number_input(key="whatif_eit").disabled
    # 26.4 + 0.3x + 33.6 ≥ 84.995 ⇔ x ≥ 83.3167; ผ่านดี needs OIT 84 ≥ 85: not reachable
    assert [s.value for s in app.success] == ["EIT ต้องได้อย่างน้อย 83.32 คะแนน จึงจะได้ผล “ผ่าน” (คะแนนรวม 85.00)"]
    assert "เพราะ OIT ได้ 84.00 คะแนน" in app.error[0].value


def test_ita_year_selector_changes_vocabulary(dash: Store) -> None:
    app = _open(ITA)
    app.selectbox(key="year").select(2567).run()
    assert "## ✔ ผ่านดีเยี่ยม" in [m.value for m in app.markdown]
    assert len(app.table[0].value) == 3  # 2565–2567 only
    _upload(
        dash, make_workbook({"มาตรการ": [MEASURE_HEADER, [2565, 1, "มาตรการปี 2565", "มาตรการ", "", "1-4", "", "", ""]]})
    )
    _rerun(app)  # the new version, and with it the year 2565, appears in the sidebar
    app.selectbox(key="year").select(2565).run()
    assert "## ✖ B" in [m.value for m in app.markdown]
    assert "AA / A / B / C / D / E / F" in _texts(app)


# --- the whole app -------------------------------------------------------------------------


def test_thai_digits_option_reaches_every_page(dash: Store) -> None:
    app = _open(MEASURES)
    app.toggle(key="thai_digits").set_value(True).run()
    assert app.title[0].value == "มาตรการ ปีงบประมาณ ๒๕๖๘"
    assert "แสดง ๔ จาก ๔ มาตรการ" in _texts(app)
    assert app.table[0].value.columns[3] == "ไตรมาส ๑ (ต.ค.–ธ.ค. ๖๗)"
    share = _figures(app)[0]
    assert share["data"][0]["text"][0] == "๕๐%<br>(๑/๒)"
    assert share["layout"]["yaxis"]["ticktext"] == ["๐", "๒๕", "๕๐", "๗๕", "๑๐๐"]
    _go(app, TARGETS)
    assert app.table[0].value.set_index("ลำดับ").loc["๓.๑", "เทียบกับ"] == "๕ · ไตรมาส ๒ ปีงบประมาณ ๒๕๖๗"
    assert "๒๕๖๘" in json.dumps(_figures(app)[1], ensure_ascii=False)
    assert app.title[0].value == "ตัวชี้วัด ปีงบประมาณ ๒๕๖๘"
    _go(app, ITA)
    assert "## ๘๕.๘๐" in [m.value for m in app.markdown]
    assert "สูงกว่าเกณฑ์ผ่าน ๘๕ คะแนน อยู่ ๐.๘๐" in _texts(app)
    assert "ห่างจากเกณฑ์ ๘๕" in app.table[0].value.columns
    assert [s.value for s in app.success][0] == "OIT ต้องได้อย่างน้อย ๘๑.๙๙ คะแนน จึงจะได้ผล “ผ่าน” (คะแนนรวม ๘๕.๐๐)"
    assert _figures(app)[0]["data"][0]["x"] == ["๒๕๖๕", "๒๕๖๖", "๒๕๖๗", "๒๕๖๘"]
    for figure in _figures(app):
        ticks = figure["layout"]["yaxis"].get("ticktext", []) + figure["layout"]["xaxis"].get("ticktext", [])
        assert ticks and not re.search(r"[0-9]", " ".join(ticks))


def test_a_small_workbook_uploaded_in_the_app_drives_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(
        tmp_path,
        monkeypatch,
        make_workbook({"มาตรการ": [MEASURE_HEADER, [2560, 9, "ม", "มาตรการ", "", "1", "", "", ""]]}),
    )
    workbook = make_workbook(
        {
            "มาตรการ": [
                MEASURE_HEADER,
                [2570, 1, "มาตรการหนึ่ง", "มาตรการ", "", "1-2", "กองคลัง", "", ""],
                [2570, 2, "มาตรการสอง", "กิจกรรม", "", "1", "กองช่าง", "", ""],
            ],
            "ตัวชี้วัด": [INDICATOR_HEADER, [2570, 1, 1, "ร้อยละผู้ผ่านการอบรม", "ร้อยละ", "≥", 90, None]],
            "ผลรายไตรมาส": [
                RESULT_HEADER,
                [2570, 1, 1, "เสร็จสิ้น", 100, 1, 92.5, None, None, None],
                [2570, 1, 2, "ไม่ได้ดำเนินการ", 0, None, None, None, None, "งบประมาณไม่พอ"],
            ],
        }
    )
    at = _open(MEASURES, year=2560, quarter=1)
    assert at.table[0].value["มาตรการ/โครงการ/กิจกรรม"].tolist() == ["ม"]
    _upload(store, workbook)
    _rerun(at)
    assert "ข้อมูลฉบับที่ 2" in " ".join(c.value for c in at.sidebar.caption)
    at.selectbox(key="year").select(2570).run()
    grid = at.table[0].value
    assert grid["ไตรมาส 1 (ต.ค.–ธ.ค. 69)"].tolist() == ["✔ เสร็จสิ้น", "✖ ไม่ได้ดำเนินการ"]
    assert _array(_figures(at)[0]["data"][0]["y"])[0] == 50  # 1 of the 2 planned measures done
    _go(at, TARGETS)
    assert at.table[0].value.iloc[0]["สถานะทั้งปี"] == "✔ บรรลุ"
    _go(at, ITA)
    assert "ยังไม่มีคะแนน ITA ของปีงบประมาณ 2570" in at.info[0].value


@pytest.mark.skipif(unless_ci(not SAMPLE_WORKBOOK.exists()), reason="the sample workbook is not bundled yet")
def test_every_page_on_the_sample_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _store(tmp_path, monkeypatch, None)  # the app seeds itself from data/sample_banphue_2568.xlsx
    at = _open(MEASURES, quarter=4)
    assert at.selectbox(key="year").value == 2568
    for page in (MEASURES, TARGETS, ITA):
        _go(at, page)
        assert "ข้อมูลตัวอย่าง" in _texts(at)
        assert at.get("plotly_chart")
    ita = at.table[0].value.set_index("ปีงบประมาณ")
    assert len(ita) >= 1
    for year in ita.index:
        row = ita.loc[year]
        if [row[tool] for tool in ("IIT", "EIT", "OIT")] == ["–"] * 3:  # a history year given as the total alone
            assert float(row["คะแนนรวม"]) > 0 and row["ระดับที่ประกาศ"] != ""
            continue
        raw = [float(row[tool]) for tool in ("IIT", "EIT", "OIT")]
        # 0.30·IIT + 0.30·EIT + 0.40·OIT, published to two decimals
        assert float(row["คะแนนรวม"]) == pytest.approx(0.3 * raw[0] + 0.3 * raw[1] + 0.4 * raw[2], abs=0.005)


def test_ui_messages_are_defined_once() -> None:
    source = (Path(__file__).resolve().parents[1] / "kpi" / "core" / "messages.py").read_text(encoding="utf-8")
    ui = source[source.index("UI: dict[str, str] = {") :]
    ui = ui[: ui.index("\n}\n")]
    keys = re.findall(r'^    "([a-z0-9_]+)":', ui, flags=re.MULTILINE)
    assert len(keys) > 100
    assert sorted({k for k in keys if keys.count(k) > 1}) == []
