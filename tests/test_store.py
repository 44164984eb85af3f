"""The store: versions, atomic commits, serialised writers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import make_workbook, small_measures

from kpi.core.dataset import Block
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.store.database import Store
from kpi.store.faults import StoreConflict, StoreError


def _block(year: int, name: str) -> Block:
    record = {"fiscal_year": year, "no": 1, "name": name, "kind": "measure", "quarters": "1,2,3,4"}
    return Block("measures", year, (record,))


def test_a_crash_mid_commit_leaves_the_previous_version(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.commit(
        [_block(2568, "ก")], expected_head=None, kind="upload", filename="a", sha256="0" * 64, summary="s", actor=ADMIN
    )
    import kpi.store.database as store_module

    def boom(conn, block):  # the process dies after the version row is written, before blocks
        raise RuntimeError("power cut")

    monkeypatch.setattr(store_module, "_put_block", boom)
    with pytest.raises(RuntimeError):
        store.commit(
            [_block(2568, "ข")], expected_head=1, kind="upload", filename="b", sha256="1" * 64, summary="s", actor=ADMIN
        )
    assert store.head().number == 1
    assert store.dataset().frame("measures")["name"].tolist() == ["ก"]


def test_two_simultaneous_commits_never_lose_an_update(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    Store(url)
    outcomes: list[str] = []

    def writer(name: str) -> None:
        own = Store(url)
        try:
            own.commit(
                [_block(2568, name)],
                expected_head=None,
                kind="upload",
                filename=name,
                sha256="0" * 64,
                summary=name,
                actor=ADMIN,
            )
            outcomes.append("ok")
        except StoreConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("ก", "ข", "ค", "ง")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
    final = Store(url)
    assert [v.number for v in final.versions()] == [1]
    assert final.dataset().frame("measures")["name"].tolist() == [final.head().filename]


def test_rollback_to_unknown_version_is_a_thai_message(store: Store) -> None:
    with pytest.raises(StoreError) as caught:
        store.rollback(42, actor=ADMIN)
    assert "ไม่พบข้อมูลฉบับที่ 42" in caught.value.message


def test_identical_content_is_stored_once(store: Store) -> None:
    wb = make_workbook({"มาตรการ": small_measures()})
    commit_upload(store, prepare_upload(wb, "a.xlsx", store.dataset()), actor=ADMIN)
    store.rollback(1, actor=ADMIN)
    with store.engine.connect() as conn:
        count = conn.exec_driver_sql("select count(*) from blocks").scalar()
    assert count == 1
