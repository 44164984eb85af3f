"""Issue 14's store: every sheet belongs to one agency, the NACC's results of many agencies are shared,
the roll-up tables other tools query follow every commit, rollback and restore, and saves on different
blocks made at the same moment both land. SQLite always; PostgreSQL where the pg_store fixture runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from actors import ADMIN, EDITOR
from conftest import make_workbook, small_measures
from sqlalchemy import text

from kpi.cli.main import main
from kpi.core.schema import AGENCY_ITA, COMPLAINTS, RESULTS, SATISFACTION
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.store.backup import backup_store
from kpi.store.database import Store
from kpi.store.faults import StoreConflict
from kpi.store.restore import restore_store

HEADER = [c.title for c in AGENCY_ITA.columns]
# code, name, type, district, province, year, IIT, EIT, OIT, total, published rating
ROWS: list[list[Any]] = [
    ["6340101", "อบต.หนึ่ง", "อบต.", "โพนพิสัย", "หนองคาย", 2568, None, None, None, 91.5, "ผ่านดี"],
    ["6340102", "ทต.สอง", "ทต.", "โพนพิสัย", "หนองคาย", 2568, None, None, None, 84.99, "ไม่ผ่าน"],
    ["๖๓๔๐๑๐๓", "อบต.สาม", "องค์การบริหารส่วนตำบล", "โพนพิสัย", "หนองคาย", 2568, None, None, None, 85, "ผ่าน"],
    ["6340201", "อบต.สี่", "อบต.", "เมืองหนองคาย", "หนองคาย", 2568, 90, 80, 95, None, None],
]


def _results(rows: list[list[Any]] = ROWS) -> bytes:
    return make_workbook({AGENCY_ITA.title: [HEADER, *rows]})


def _load(store: Store, data: bytes, agency: str = "", name: str = "file.xlsx") -> int | None:
    plan = prepare_upload(data, name, store.dataset(agency=agency), agency)
    assert plan.ok, [p.message for p in plan.errors]
    return commit_upload(store, plan, actor=EDITOR)


def _table(store: Store) -> list[tuple[str, int, float, bool]]:
    frame = store.agency_results()
    return list(zip(frame["code"], frame["fiscal_year"], frame["total"], frame["passed"], strict=True))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, store: Store) -> Store:
    return store if request.param == "sqlite" else request.getfixturevalue("pg_store")


def test_shared_results_land_in_the_roll_up_tables_with_one_total_and_one_verdict(any_store: Store) -> None:
    assert _load(any_store, _results()) == 1
    assert _table(any_store) == [
        ("6340101", 2568, 91.5, True),
        ("6340102", 2568, 84.99, False),  # 0.01 short of the mark
        ("6340103", 2568, 85.0, True),  # Thai digits read as a code; exactly the mark passes
        ("6340201", 2568, 89.0, True),  # no total given: the 2568 weights (IIT 30, EIT 30, OIT 40)
    ]
    register = any_store.agency_register()
    assert register.loc[register["code"] == "6340102", "type"].item() == "เทศบาลตำบล"  # the Thai word, for SQL readers
    assert register.loc[register["code"] == "6340103", "type"].item() == "อบต."
    with any_store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT district, with_results, passed, pass_rate FROM ita_pass_by_district"
                 " WHERE fiscal_year = 2568 ORDER BY district")
        ).all()  # fmt: skip
    assert [(r[0], r[1], r[2], float(r[3])) for r in rows] == [("เมืองหนองคาย", 1, 1, 100.0), ("โพนพิสัย", 3, 2, 66.67)]
    # The shared sheet is in every agency's data, the install's own and another's alike.
    assert len(any_store.dataset().frame("agency_ita")) == 4
    assert len(any_store.dataset(agency="6340101").frame("agency_ita")) == 4


def test_a_bad_code_is_refused_naming_sheet_row_and_column_and_nothing_is_stored(store: Store) -> None:
    rows = [*ROWS, ["63 40", "อบต.ห้า", "อบต.", "โพนพิสัย", "หนองคาย", 2568, None, None, None, 80, None]]
    rows.append(["x" * 21, "อบต.หก", "อบต.", "โพนพิสัย", "หนองคาย", 2568, None, None, None, 80, None])
    plan = prepare_upload(_results(rows), "nacc.xlsx", store.dataset())
    assert not plan.ok
    assert [(p.sheet, p.row, p.column) for p in plan.errors] == [
        (AGENCY_ITA.title, 6, "รหัสหน่วยงาน"),
        (AGENCY_ITA.title, 7, "รหัสหน่วยงาน"),
    ]
    assert "ไม่เกิน 20 ตัว" in plan.errors[0].message
    assert store.head() is None and store.agency_results().empty


def test_an_agencys_own_workbook_never_touches_the_install_own_data(store: Store) -> None:
    _load(store, make_workbook({"มาตรการ": small_measures(2568, 3)}))
    own = store.dataset().frame("measures")["name"].tolist()
    other = make_workbook({"มาตรการ": small_measures(2568, 5)})
    plan = prepare_upload(other, "other.xlsx", store.dataset(agency="6340101"), "6340101")
    assert plan.summary.startswith("หน่วยงานรหัส 6340101")  # the review says whose data it is
    assert "เพิ่ม 5 มาตรการ ปี 2568" in plan.summary  # compared with that agency's (empty) data, not ours
    commit_upload(store, plan, actor=EDITOR)
    assert store.dataset().frame("measures")["name"].tolist() == own
    assert len(store.dataset(agency="6340101").frame("measures")) == 5
    assert store.agencies_with_data() == ["", "6340101"]
    progress = store.agency_progress()
    assert sorted(zip(progress["code"], progress["planned"], strict=True)) == [("", 3), ("6340101", 5)]


def test_the_roll_up_tables_follow_a_rollback_and_a_restore(store: Store, tmp_path: Path) -> None:
    _load(store, _results())
    changed = [[*ROWS[1][:9], 86.0, "ผ่าน"]]  # ทต.สอง's score corrected
    _load(store, _results([ROWS[0], *changed, *ROWS[2:]]))
    assert ("6340102", 2568, 86.0, True) in _table(store)
    backup = backup_store(store, tmp_path / "after.sqlite3").path
    store.rollback(1, actor=ADMIN)
    assert ("6340102", 2568, 84.99, False) in _table(store)
    restore_store(store.url, backup, actor=ADMIN)
    assert ("6340102", 2568, 86.0, True) in _table(Store(store.url))


def _plan(store: Store, sheets: dict[str, list[list[Any]]], agency: str = "") -> Any:
    plan = prepare_upload(make_workbook(sheets), "f.xlsx", store.dataset(agency=agency), agency)
    assert plan.ok, [p.message for p in plan.errors]
    return plan


SATISFACTION_SHEET = {
    SATISFACTION.title: [[c.title for c in SATISFACTION.columns], [2568, 1, "งานทะเบียน", 10, 5, 1, 0, 0]]
}
COMPLAINTS_SHEET = {
    COMPLAINTS.title: [[c.title for c in COMPLAINTS.columns], [2568, 1, None, "ร้องเรียนทั่วไป", None, 4, 4, 0, 4]]
}


def test_two_saves_of_different_sheets_read_at_the_same_moment_both_land(any_store: Store) -> None:
    _load(any_store, make_workbook({"มาตรการ": small_measures(2568, 3)}))
    first, second = _plan(any_store, SATISFACTION_SHEET), _plan(any_store, COMPLAINTS_SHEET)
    assert first.base_version == second.base_version == 1
    assert commit_upload(any_store, first, actor=EDITOR) == 2
    assert commit_upload(any_store, second, actor=EDITOR) == 3  # rebased on version 2, nothing lost
    data = any_store.dataset()
    assert len(data.frame("satisfaction")) == 1 and len(data.frame("complaints")) == 1
    assert len(data.frame("measures")) == 3


def test_two_agencies_saving_the_same_sheet_at_once_both_land(store: Store) -> None:
    _load(store, make_workbook({"มาตรการ": small_measures(2568, 3)}))
    mine = _plan(store, {"มาตรการ": small_measures(2568, 4)})
    theirs = _plan(store, {"มาตรการ": small_measures(2568, 6)}, "6340101")
    commit_upload(store, mine, actor=EDITOR)
    commit_upload(store, theirs, actor=EDITOR)
    assert len(store.dataset().frame("measures")) == 4
    assert len(store.dataset(agency="6340101").frame("measures")) == 6


def test_an_overlapping_save_is_refused_and_the_first_is_kept(any_store: Store) -> None:
    _load(any_store, make_workbook({"มาตรการ": small_measures(2568, 3)}))
    first = _plan(any_store, {"มาตรการ": small_measures(2568, 4)})
    second = _plan(any_store, {"มาตรการ": small_measures(2568, 5)})
    commit_upload(any_store, first, actor=EDITOR)
    with pytest.raises(StoreConflict):
        commit_upload(any_store, second, actor=EDITOR)
    assert len(any_store.dataset().frame("measures")) == 4


def test_linked_sheets_of_one_agency_are_not_rebased_past_each_other(store: Store) -> None:
    # Results are checked against the measures as they were read: a change to the measures since then
    # could strand them, so the second save is refused and reviewed again.
    _load(store, make_workbook({"มาตรการ": small_measures(2568, 3)}))
    measures = _plan(store, {"มาตรการ": small_measures(2568, 2)})
    header = [c.title for c in RESULTS.columns]
    results = _plan(store, {"ผลรายไตรมาส": [header, [2568, 1, 3, "เสร็จสิ้น", 100]]})
    commit_upload(store, measures, actor=EDITOR)
    with pytest.raises(StoreConflict):
        commit_upload(store, results, actor=EDITOR)


def test_kpi_load_with_agency(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = tmp_path / "other.xlsx"
    path.write_bytes(make_workbook({"มาตรการ": small_measures(2568, 2)}))
    assert main(["load", str(path), "--agency", "63 40"]) == 1
    assert "รหัสหน่วยงานต้องเป็นตัวอักษรหรือตัวเลข" in capsys.readouterr().err
    assert store.head() is None
    assert main(["load", str(path), "--agency", "๖๓๔๐๑๐๑"]) == 0
    assert Store(store.url).agencies_with_data() == ["6340101"]
    assert Store(store.url).dataset().frame("measures").empty
