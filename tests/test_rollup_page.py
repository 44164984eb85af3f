"""The roll-up page (ภาพรวมหลายหน่วยงาน), opening another agency's dashboards, and the ITA page's peers (AppTest).

A small results set is built in code: 37 agencies of two provinces over two years (two without a
result in the latest year), the organisation itself among them, and one agency with its own workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from actors import ADMIN
from conftest import ITA_HEADER, make_workbook, small_measures
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from kpi.core.schema import AGENCY_ITA
from kpi.core.settings import ORG_NAME
from kpi.core.thai import format_number
from kpi.domain.rollup import Scope, peer_position, rollup
from kpi.ingest.upload import commit_upload, ensure_seeded, prepare_upload
from kpi.store import accounts, app_settings
from kpi.store.database import Store

HEADER = [c.title for c in AGENCY_ITA.columns]
HOME = "H0001"
OWN = "A0005"  # an agency with its own workbook
DISTRICTS = ("โพนพิสัย", "เมืองหนองคาย", "ท่าบ่อ")


def agency_rows(count: int = 30) -> list[list[Any]]:
    """`count` agencies in หนองคาย (three districts, two types), six in อุดรธานี and the organisation, two years."""
    agencies = [(HOME, ORG_NAME, "อบต.", "โพนพิสัย", "หนองคาย")]
    for n in range(1, count + 1):
        kind = "อบต." if n % 3 else "เทศบาลตำบล"
        agencies.append((f"A{n:04d}", f"{kind}ทดสอบ{n}", kind, DISTRICTS[n % 3], "หนองคาย"))
    for n in range(1, 7):
        agencies.append((f"U{n:04d}", f"อบต.อุดร{n}", "อบต.", "เมืองอุดรธานี", "อุดรธานี"))
    rows: list[list[Any]] = [HEADER]
    for index, (code, name, kind, district, province) in enumerate(agencies):
        for year in (2567, 2568):
            if year == 2568 and code in ("A0029", "A0030"):
                continue  # no result this year
            total = 70 + (index * 7 + (year - 2567) * 5 * (1 if index % 2 else -1)) % 30
            rows.append([code, name, kind, district, province, year, None, None, None, float(total), None])
    return rows


def load(store: Store, sheets: dict[str, list[list[Any]]], agency: str = "") -> None:
    data = make_workbook(sheets)
    plan = prepare_upload(data, "agencies.xlsx", store.dataset(agency=agency), agency)
    assert plan.ok, [p.message for p in plan.errors]
    commit_upload(store, plan, actor=ADMIN)


@pytest.fixture()
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The sample (the organisation's own), many agencies' results, and one agency's own workbook."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    store = Store(url)
    ensure_seeded(store)
    load(store, {AGENCY_ITA.title: agency_rows()})
    own = {"มาตรการ": small_measures(2568, 2), "คะแนน ITA": [ITA_HEADER, [2568, 91.5, 90, 92, None]]}
    load(store, own, OWN)
    return store


def _open(at: AppTest, address: str) -> AppTest:
    at._page_hash = calc_hash(address)  # st.Page keys a page by the hash of its url_path
    return at.run()


def _app(address: str = "rollup") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    return _open(at, address)


def _texts(at: AppTest) -> str:
    """Every text on screen as a reader sees it (markdown's escapes of names removed)."""
    kinds = ("markdown", "caption", "title", "info", "warning", "error", "success", "subheader")
    return "\n".join(str(e.value).replace("\\", "") for kind in kinds for e in getattr(at, kind))


def _card(at: AppTest, title: str) -> str:
    """The big value under a card's title (the markdown after the title's)."""
    values = [str(e.value) for e in at.markdown]
    return values[values.index(f"**{title}**") + 1].removeprefix("## ")


def test_the_cards_show_the_roll_up_of_the_organisations_province(many: Store) -> None:
    at = _app()
    assert not at.exception
    assert at.selectbox(key="rollup_province").value == "หนองคาย"  # the organisation's province by default
    assert at.selectbox(key="rollup_year").value == 2568  # the latest year with results
    expected = rollup(many.agency_results(), many.agency_register(), Scope(2568, "หนองคาย"))
    assert expected.agencies == 31 and expected.with_results == 29
    assert _card(at, "อัตราการผ่าน") == f"{format_number(expected.pass_rate, 2)}%"
    assert _card(at, "หน่วยงานในขอบเขต") == "31"
    assert _card(at, "ผ่านเกณฑ์") == str(expected.passed)
    assert "คะแนนรวมตั้งแต่ 85 ขึ้นไป" in _texts(at)  # the mark as the results carry it
    assert len(at.get("plotly_chart")) >= 3
    tables = [d.value for d in at.dataframe]
    assert sorted(tables[0]["รหัสหน่วยงาน"]) == sorted(
        r[0] for r in agency_rows()[1:] if r[4] == "หนองคาย" and r[5] == 2568
    )
    assert any(set(t.get("รหัสหน่วยงาน", [])) == {"A0029", "A0030"} for t in tables)  # no result this year


def test_the_search_filters_the_ranking(many: Store) -> None:
    at = _app()
    at.text_input(key="rollup_search").input("a0012").run()
    assert not at.exception
    assert list(at.dataframe[0].value["รหัสหน่วยงาน"]) == ["A0012"]
    at.text_input(key="rollup_search").input("ทดสอบ2").run()  # by name: ทดสอบ2 and ทดสอบ20 … ทดสอบ28
    assert len(at.dataframe[0].value) == 10
    assert "แสดง 10 จาก 29 หน่วยงาน" in _texts(at)


def test_the_scope_selectors_change_the_figures(many: Store) -> None:
    at = _app()
    at.selectbox(key="rollup_province").select("").run()  # every province
    assert _card(at, "หน่วยงานในขอบเขต") == "37"
    assert len(at.dataframe[0].value) == 35
    at.selectbox(key="rollup_province").select("หนองคาย").run()
    at.selectbox(key="rollup_district").select("ท่าบ่อ").run()
    expected = rollup(many.agency_results(), many.agency_register(), Scope(2568, "หนองคาย", "ท่าบ่อ"))
    assert _card(at, "หน่วยงานในขอบเขต") == str(expected.agencies) == "10"
    table = at.dataframe[0].value
    assert set(table["รหัสหน่วยงาน"]) == {f"A{n:04d}" for n in range(2, 29, 3)}  # ท่าบ่อ's with a result
    assert "อำเภอ" not in table.columns and "จังหวัด" not in table.columns  # one word on every row: not shown
    at.selectbox(key="rollup_district").select("โพนพิสัย").run()
    at.selectbox(key="rollup_type").select("เทศบาลตำบล").run()
    table = at.dataframe[0].value
    assert set(table["รหัสหน่วยงาน"]) == {f"A{n:04d}" for n in range(3, 30, 3)}  # A0030: no result this year
    assert "ประเภท" not in table.columns
    at.selectbox(key="rollup_year").select(2567).run()
    assert "ปีงบประมาณ 2567" in _texts(at)
    assert not at.exception


def test_thai_digits_reach_the_cards_and_the_ranking(many: Store) -> None:
    at = _app()
    at.toggle(key="thai_digits").set_value(True).run()
    assert not at.exception
    assert _card(at, "หน่วยงานในขอบเขต") == "๓๑"
    assert "A๐๐๑๒" in set(at.dataframe[0].value["รหัสหน่วยงาน"])


def test_opening_an_agency_shows_its_own_figures_with_the_banner(many: Store) -> None:
    at = _app()
    assert at.selectbox(key="rollup_open_choice").options == ["อบต.ทดสอบ5 (รหัส A0005)"]  # with its own workbook
    at.selectbox(key="rollup_open_choice").select(OWN)
    at.button(key="rollup_open").click().run()
    assert not at.exception
    texts = _texts(at)
    assert "กำลังแสดงข้อมูลของ อบต.ทดสอบ5 (รหัส A0005)" in texts
    assert "ตามแผน 0 จาก 2 มาตรการ" in texts  # its two measures, not the organisation's sample
    at.switch_page("views/ita.py").run()  # the agency stays chosen on every dashboard page
    assert (
        _card(at, "คะแนนรวม 2568") == "91.25"
    )  # its own ITA sheet (IIT 91.5, EIT 90, OIT 92 weighed), not the sample's
    at.button(key="agency_back_home").click().run()
    assert "กำลังแสดงข้อมูลของ" not in _texts(at)


def test_an_agency_without_its_own_workbook_is_said_so(many: Store) -> None:
    at = _app()
    at.query_params["agency"] = "A0012"  # a link to an agency with results only
    at.run()
    assert "ไม่พบข้อมูลของหน่วยงานรหัส “A0012”" in _texts(at)
    assert "กำลังแสดงข้อมูลของ" not in _texts(at)


def test_the_ita_page_shows_the_percentile_and_the_gaps(many: Store) -> None:
    at = _app("ita")
    assert not at.exception
    peer = peer_position(many.agency_results(), HOME, 2568)
    assert peer is not None and peer.peers > 2
    texts = _texts(at)
    assert "เทียบกับหน่วยงานประเภทเดียวกันในจังหวัด" in texts
    assert _card(at, "เปอร์เซ็นไทล์ในกลุ่ม") == format_number(peer.percentile, 0)
    gap = peer.gap_to_median
    assert _card(at, "ห่างจากค่ากลาง") == ("+" if gap >= 0 else "−") + format_number(abs(gap), 2)
    assert "ห่างจากอันดับหนึ่ง" in texts
    assert f"อันดับหนึ่ง {format_number(peer.best, 2)} ({peer.best_name})" in texts


def test_the_upload_page_says_whose_data_it_saves(many: Store) -> None:
    at = _app()
    at.selectbox(key="rollup_open_choice").select(OWN)
    at.button(key="rollup_open").click().run()
    _open(at, "upload")
    assert "จะบันทึกเป็นข้อมูลของ อบต.ทดสอบ5 (รหัส A0005)" in _texts(at)


def test_the_public_view_shows_only_the_organisations_own_figures(many: Store) -> None:
    """A link naming another agency opens the organisation's own overview for an anonymous visitor; the
    roll-up page is not theirs."""
    accounts.add_account(many, ADMIN, "malee", "viewer", "viewer-pass-1")
    app_settings.set_public_view(many, ADMIN, True)
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["agency"] = OWN
    at.run()
    assert not at.exception
    texts = _texts(at)
    assert "กำลังแสดงข้อมูลของ" not in texts and "ตามแผน 0 จาก 2 มาตรการ" not in texts
    assert "ภาพรวมปีงบประมาณ 2568" in texts  # the organisation's sample
    _open(at, "rollup")
    assert "ไม่มีสิทธิ์เปิดหน้านี้" in _texts(at) and not at.dataframe


def test_an_empty_store_explains_how_to_load_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    at = _app()
    assert not at.exception
    assert "ยังไม่มีผล ITA ของหลายหน่วยงานในระบบ" in _texts(at)
    assert "python -m kpi load" in _texts(at)
    ita = _app("ita")
    assert "เทียบกับหน่วยงานประเภทเดียวกันในจังหวัด" not in _texts(ita)  # no peers: nothing shown, no error
    assert not ita.exception
