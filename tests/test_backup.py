"""`kpi check`, `kpi backup`, `kpi restore` and the automatic backups before each commit.

SQLite always; PostgreSQL when KPI_TEST_POSTGRES_URL is set (required when CI=true, as in
tests/test_store_postgres.py).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import make_workbook, small_measures
from streamlit.testing.v1 import AppTest

import kpi.store.backup
from kpi.cli.main import main
from kpi.core.fiscal import BANGKOK
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.core.thai import escape_markdown
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.screens.history import backup_note
from kpi.store.backup import backup_store, bangkok_now, list_backups, verify_backup
from kpi.store.check import check_store
from kpi.store.database import Store
from kpi.store.faults import StoreFault
from kpi.store.restore import restore_store


def _load(store: Store, year: int, count: int) -> int | None:
    data = make_workbook({"มาตรการ": small_measures(year, count)})
    return commit_upload(store, prepare_upload(data, f"y{year}-{count}.xlsx", store.dataset()), actor=ADMIN)


def _names(store: Store) -> list[str]:
    return sorted(store.dataset().frame("measures")["name"].tolist())


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Store:
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


def test_backup_then_restore_brings_back_exactly_that_state(any_store: Store, tmp_path: Path, capsys) -> None:
    _load(any_store, 2568, 3)
    _load(any_store, 2569, 2)
    kept = _names(any_store)
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("สำรองข้อมูลแล้ว: ") and "ข้อมูลถึงฉบับที่ 2" in out
    assert verify_backup(tmp_path / "copy.sqlite3") == []
    _load(any_store, 2570, 4)
    any_store.rollback(1, actor=ADMIN)
    assert any_store.head().number == 4
    assert main(["restore", str(tmp_path / "copy.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "กู้คืนแล้ว" in out and "ข้อมูลถึงฉบับที่ 2" in out
    assert [v.number for v in any_store.versions()] == [2, 1]
    assert _names(any_store) == kept
    assert check_store(any_store).ok
    # the store as it was before the restore is kept, and itself restorable
    saved = re.search(r"เก็บไว้ที่ (\S+)", out)
    assert saved and verify_backup(Path(saved.group(1))) == []
    assert "before-restore-" in saved.group(1)


def test_check_reports_a_sound_store_and_exits_0(any_store: Store, capsys) -> None:
    _load(any_store, 2568, 3)
    any_store.rollback(1, actor=ADMIN)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.strip().startswith("ตรวจที่เก็บข้อมูลแล้ว ไม่พบปัญหา: 2 ฉบับ")


def test_check_finds_a_damaged_block_a_missing_block_and_a_gap(store: Store, tmp_path: Path, capsys) -> None:
    _load(store, 2568, 3)
    _load(store, 2569, 2)
    _load(store, 2570, 2)
    with sqlite3.connect(tmp_path / "store.sqlite3") as conn:
        conn.execute("UPDATE blocks SET payload = x'00' WHERE fiscal_year = 2568")
        conn.execute("DELETE FROM blocks WHERE fiscal_year = 2569")
        conn.execute("DELETE FROM versions WHERE number = 2")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "ข้อมูลชีต “มาตรการ” ปี 2568 เสียหาย" in out
    assert "ฉบับที่ 2 ต้องใช้ข้อมูลชีต “มาตรการ” ปี 2569 แต่ไม่พบ" in out
    assert "ลำดับฉบับขาดตอน: ฉบับที่ 3 ต่อจากฉบับที่ 2" in out
    assert "python -m kpi restore" in out


def test_check_on_a_damaged_sqlite_file_reports_the_integrity_check(store: Store, tmp_path: Path, capsys) -> None:
    _load(store, 2568, 3)
    store.engine.dispose()
    path = tmp_path / "store.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_blocks_1'").fetchone()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\x0d" + b"\x00" * (page_size - 1)  # the index page emptied: a dying disk
    path.write_bytes(bytes(data))
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "SQLite ตรวจพบความเสียหายในไฟล์ที่เก็บข้อมูล" in out
    assert "Traceback" not in out


def test_restore_refuses_a_damaged_backup_and_changes_nothing(store: Store, tmp_path: Path, capsys) -> None:
    _load(store, 2568, 3)
    backup_store(store, tmp_path / "copy.sqlite3")
    with sqlite3.connect(tmp_path / "copy.sqlite3") as conn:
        conn.execute("UPDATE blocks SET payload = x'00'")
    (tmp_path / "garbage.sqlite3").write_bytes(b"not a backup" * 100)
    store.engine.dispose()
    before = (tmp_path / "store.sqlite3").read_bytes()
    for name in ("copy.sqlite3", "garbage.sqlite3", "missing.sqlite3"):
        assert main(["restore", str(tmp_path / name)]) == 1
        err = capsys.readouterr().err
        assert "ไม่ผ่านการตรวจ จึงไม่กู้คืน ที่เก็บข้อมูลปัจจุบันไม่เปลี่ยนแปลง" in err
        assert "Traceback" not in err
    assert (tmp_path / "store.sqlite3").read_bytes() == before
    assert not list((tmp_path / "backups").glob("before-restore-*"))


def test_automatic_backups_before_each_commit_keep_the_newest_n(
    any_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPI_AUTO_BACKUPS", "3")
    _load(any_store, 2568, 1)  # the first commit has nothing to back up
    assert list_backups(any_store.url) == []
    heads = []
    for count in range(2, 7):
        heads.append(any_store.head().number)
        _load(any_store, 2568, count)
    any_store.rollback(2, actor=ADMIN)  # a rollback is a commit too
    heads.append(6)
    found = list_backups(any_store.url)
    assert len(found) == 3
    # each holds the state just before a commit: the newest three heads, newest first
    assert [kpi.store.backup.backup_head(b.path) for b in found] == [6, 5, 4]
    restore_store(any_store.url, found[-1].path)
    assert any_store.head().number == 4 and len(_names(any_store)) == 4


def test_automatic_backups_can_be_turned_off(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_AUTO_BACKUPS", "0")
    _load(store, 2568, 1)
    _load(store, 2568, 2)
    assert list_backups(store.url) == []
    assert "ปิดการสำรองข้อมูลอัตโนมัติ" in backup_note(store.url)


def test_backup_names_and_times_are_bangkok_time(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert bangkok_now().utcoffset() == dt.timedelta(hours=7)
    # 23:30 UTC on 29 Nov is already 06:30 on 30 Nov in Bangkok
    late = dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(kpi.store.backup, "bangkok_now", lambda: late.astimezone(BANGKOK))
    _load(store, 2568, 1)
    _load(store, 2568, 2)
    (found,) = list_backups(store.url)
    assert found.path.name == "auto-20261130-063000-v1.sqlite3"
    assert found.taken_at.utcoffset() == dt.timedelta(hours=7)


def test_a_failed_automatic_backup_refuses_the_commit(store: Store, tmp_path: Path, monkeypatch) -> None:
    _load(store, 2568, 1)
    blocker = tmp_path / "blocked"
    blocker.write_bytes(b"a file, not a folder")
    monkeypatch.setenv("KPI_BACKUP_DIR", str(blocker / "backups"))
    with pytest.raises(StoreFault) as caught:
        _load(store, 2568, 2)
    assert caught.value.code == "store_backup_failed"
    assert "สำรองข้อมูลก่อนบันทึกไม่สำเร็จ จึงยังไม่บันทึก" in caught.value.message
    assert store.head().number == 1


def test_the_history_page_says_where_the_backups_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    store = Store(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    _load(store, 2569, 2)  # a commit after the seed: one automatic backup
    at.switch_page("views/history.py").run()
    assert not at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert escape_markdown(str(tmp_path / "backups")) in captions  # shown as written, not as markdown
    assert "เก็บไว้ 10 ชุดล่าสุด" in captions and "ตอนนี้มี 1 ชุด" in captions


def test_the_sample_store_survives_a_round_trip(store: Store, tmp_path: Path) -> None:
    commit_upload(store, prepare_upload(SAMPLE_WORKBOOK.read_bytes(), "s.xlsx", store.dataset()), actor=ADMIN)
    before = store.dataset().frame("results")
    result = backup_store(store, tmp_path / "copy.sqlite3")
    assert result.head == 1
    _load(store, 2570, 1)
    restore_store(store.url, tmp_path / "copy.sqlite3")
    assert store.dataset().frame("results").equals(before)
