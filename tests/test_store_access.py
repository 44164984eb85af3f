"""Issue 13's accountability through the store's backup, restore and upgrade paths, and under concurrency.

A restore brings back old data, never old accounts, sessions, settings or an older audit trail; a
store or backup made by the previous release still opens, verifies and restores; two processes
writing at once leave one unbroken audit chain. SQLite always; PostgreSQL when KPI_TEST_POSTGRES_URL
is set (required when CI=true, as in tests/test_store_postgres.py).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import sqlite3
import sys
import types
from pathlib import Path

import pytest
from actors import ADMIN, VIEWER
from conftest import drop_store_tables, make_workbook, small_measures
from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from kpi.access.actor import Actor
from kpi.cli.main import main
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.screens.history import history_rows
from kpi.store import app_settings, audit
from kpi.store.accounts import add_account, list_accounts, sign_in
from kpi.store.backup import backup_store, copy_tables, verify_backup
from kpi.store.database import Store
from kpi.store.faults import StoreConflict, StoreError
from kpi.store.restore import restore_store
from kpi.store.tables import DATA_TABLES, metadata, sessions

UNKNOWN = "ไม่ทราบ (บันทึกก่อนระบบบันทึกชื่อผู้บันทึก)"
PASSWORD = "correct horse battery"


def _load(store: Store, year: int, count: int) -> int | None:
    data = make_workbook({"มาตรการ": small_measures(year, count)})
    return commit_upload(store, prepare_upload(data, f"y{year}-{count}.xlsx", store.dataset()), actor=ADMIN)


def _names(store: Store) -> list[str]:
    return sorted(store.dataset().frame("measures")["name"].tolist())


def _accounts(store: Store) -> list[str]:
    return sorted(a.name for a in list_accounts(store))


def _assert_whole(store: Store) -> int:
    """The trail is one unbroken chain numbered 1..N; returns N."""
    count, _head, breaks = audit.verify(store)
    assert breaks == []
    seqs = sorted(e.seq for e in audit.entries(store))
    assert seqs == list(range(1, count + 1))
    return count


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Store:
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


# restore: old data, never old accounts or an older audit trail ---------------------------------
def test_a_restore_brings_back_data_and_keeps_accounts_sessions_settings_and_the_trail(
    any_store: Store, tmp_path: Path
) -> None:
    _load(any_store, 2568, 3)
    _load(any_store, 2569, 2)
    kept = _names(any_store)
    add_account(any_store, ADMIN, "somchai", "editor", PASSWORD)
    backup_store(any_store, tmp_path / "copy.sqlite3")
    # after the backup: a new account, a session, a setting, more data and more of the trail
    add_account(any_store, ADMIN, "somsri", "viewer", PASSWORD)
    session = sign_in(any_store, "somsri", PASSWORD, session_hours=8)
    assert session.ok
    app_settings.set_public_view(any_store, ADMIN, True)
    _load(any_store, 2570, 4)
    before = {e.seq: e.hash for e in audit.entries(any_store)}

    restored = restore_store(any_store.url, tmp_path / "copy.sqlite3", actor=ADMIN)

    assert restored.head == 2
    assert [v.number for v in any_store.versions()] == [2, 1]
    assert _names(any_store) == kept
    assert _accounts(any_store) == ["somchai", "somsri"]  # the account made after the backup stays
    with any_store.engine.connect() as conn:
        assert conn.execute(select(sessions)).all() != []  # somsri is still signed in
    assert app_settings.public_view(any_store) is True
    after = audit.entries(any_store)
    assert {e.seq: e.hash for e in after[1:]} == before  # the trail is the same, one entry longer
    assert (after[0].action, after[0].actor, after[0].version) == ("restore", "tester", 2)
    assert "copy.sqlite3" in after[0].detail
    _assert_whole(any_store)
    # the next save follows the restored head and records who
    assert _load(any_store, 2571, 1) == 3
    assert any_store.head().saved_by == "tester"
    _assert_whole(any_store)


def test_a_restore_from_another_store_is_accounted_for_by_its_entry(store: Store, tmp_path: Path) -> None:
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite3'}", auto_backup=False)
    for count in (1, 2, 3):
        commit_upload(
            other,
            prepare_upload(make_workbook({"มาตรการ": small_measures(2568, count)}), "o.xlsx", other.dataset()),
            actor=Actor("somchai", "editor", "app"),
        )
    backup_store(other, tmp_path / "other-copy.sqlite3")
    _load(store, 2569, 1)
    restore_store(store.url, tmp_path / "other-copy.sqlite3", actor=ADMIN)
    assert [v.saved_by for v in store.versions()] == ["somchai"] * 3  # who saved them, as the backup says
    _assert_whole(store)  # their entries are in the other store's trail; this one's restore entry covers them


def test_a_viewer_cannot_restore_and_the_attempt_is_audited(store: Store, tmp_path: Path) -> None:
    _load(store, 2568, 2)
    backup_store(store, tmp_path / "copy.sqlite3")
    _load(store, 2569, 1)
    with pytest.raises(StoreError) as caught:
        restore_store(store.url, tmp_path / "copy.sqlite3", actor=VIEWER)
    assert caught.value.code == "access_denied"
    assert store.head().number == 2
    newest = audit.entries(store, limit=1)[0]
    assert (newest.action, newest.actor, newest.detail) == ("access_denied", "viewer1", "restore")


def test_a_damaged_sqlite_file_gets_the_whole_backup_back_its_trail_and_accounts_included(
    store: Store, tmp_path: Path
) -> None:
    _load(store, 2568, 2)
    add_account(store, ADMIN, "somchai", "editor", PASSWORD)
    backup_store(store, tmp_path / "copy.sqlite3")
    entries_in_backup = len(audit.entries(store))
    store.engine.dispose()
    path = tmp_path / "store.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"\x00not a database" * 512)
    restored = restore_store(store.url, tmp_path / "copy.sqlite3", actor=ADMIN)
    assert restored.saved_current.read_bytes() == b"\x00not a database" * 512
    again = Store(store.url)
    assert again.head().number == 1 and _accounts(again) == ["somchai"]
    trail = audit.entries(again)
    assert len(trail) == entries_in_backup + 1 and trail[0].action == "restore"
    _assert_whole(again)


# backups: every table from PostgreSQL, older backups still restore ---------------------------
def test_a_postgres_backup_holds_every_table_but_a_restore_replaces_only_the_data(
    pg_store: Store, tmp_path: Path
) -> None:
    _load(pg_store, 2568, 2)
    add_account(pg_store, ADMIN, "somchai", "editor", PASSWORD)
    trail = audit.entries(pg_store)
    backup_store(pg_store, tmp_path / "copy.sqlite3")
    assert verify_backup(tmp_path / "copy.sqlite3") == []
    with sqlite3.connect(tmp_path / "copy.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {table.name for table in metadata.sorted_tables}
        assert [row[0] for row in db.execute("SELECT name FROM users")] == ["somchai"]
        copied = [row[0] for row in db.execute("SELECT hash FROM audit ORDER BY seq DESC")]
    assert copied == [e.hash for e in trail]  # a lost server can be rebuilt from the file
    add_account(pg_store, ADMIN, "somsri", "viewer", PASSWORD)
    _load(pg_store, 2569, 1)
    restore_store(pg_store.url, tmp_path / "copy.sqlite3", actor=ADMIN)
    assert pg_store.head().number == 1
    assert _accounts(pg_store) == ["somchai", "somsri"]
    assert audit.entries(pg_store, limit=1)[0].action == "restore"
    _assert_whole(pg_store)


def _as_previous_release(path: Path) -> None:
    """A backup as the release before issue 13 wrote it: no saved_by/saved_via, no accountability tables."""
    with sqlite3.connect(path) as db:
        for name in ("users", "sessions", "audit", "audit_head", "app_settings"):
            db.execute(f"DROP TABLE {name}")
        db.execute("ALTER TABLE versions DROP COLUMN saved_by")
        db.execute("ALTER TABLE versions DROP COLUMN saved_via")


def test_a_backup_made_by_the_previous_release_verifies_and_restores(any_store: Store, tmp_path: Path) -> None:
    _load(any_store, 2568, 3)
    _load(any_store, 2569, 2)
    kept = _names(any_store)
    source = Store(f"sqlite:///{tmp_path / 'source.sqlite3'}", auto_backup=False)
    with any_store.engine.connect() as read, source.engine.begin() as write:
        copy_tables(read, write, DATA_TABLES)
    backup_store(source, tmp_path / "old.sqlite3")
    _as_previous_release(tmp_path / "old.sqlite3")
    assert verify_backup(tmp_path / "old.sqlite3") == []
    add_account(any_store, ADMIN, "somchai", "editor", PASSWORD)
    _load(any_store, 2570, 1)
    restore_store(any_store.url, tmp_path / "old.sqlite3", actor=ADMIN)
    assert _names(any_store) == kept
    assert [(v.number, v.saved_by, v.saved_via) for v in any_store.versions()] == [(2, None, None), (1, None, None)]
    assert _accounts(any_store) == ["somchai"]
    _assert_whole(any_store)


# upgrade: a store made by the previous release opens with nothing lost ------------------------
OLD = MetaData()  # the tables as release af10030 made them (kpi/store/database.py there)
Table(
    "versions",
    OLD,
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("parent", Integer, nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("source_version", Integer, nullable=True),
)
Table(
    "blocks",
    OLD,
    Column("digest", String(64), primary_key=True),
    Column("sheet", String(40), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)
Table(
    "version_blocks",
    OLD,
    Column("version", Integer, primary_key=True),
    Column("sheet", String(40), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
)


def _make_old_store(target: Engine, tmp_path: Path) -> list[str]:
    """Two versions of real data in the previous release's tables; returns the measures' names."""
    donor = Store(f"sqlite:///{tmp_path / 'donor.sqlite3'}", auto_backup=False)
    _load(donor, 2568, 3)
    _load(donor, 2569, 2)
    drop_store_tables(target)
    OLD.create_all(target)
    with donor.engine.connect() as read, target.begin() as write:
        copy_tables(read, write, DATA_TABLES)  # only the columns the old tables have
    return _names(donor)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_store_made_by_the_previous_release_opens_with_nothing_lost(
    kind: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
        monkeypatch.setenv("KPI_DATABASE_URL", url)
    else:
        url = request.getfixturevalue("pg_store").url  # sets KPI_DATABASE_URL too
    engine = create_engine(url)
    names = _make_old_store(engine, tmp_path)
    engine.dispose()
    store = Store(url)
    # issue 14: the upgrade says in the history that everything so far is the install's own agency's
    assert [(v.number, v.saved_by) for v in store.versions()] == [(3, "ITA Dashboard"), (2, None), (1, None)]
    migrated = store.head()
    assert migrated is not None and migrated.kind == "migrate" and "ข้อมูลเดิมทั้งหมดเป็นของหน่วยงานนี้" in migrated.summary
    assert store.blocks(3) == store.blocks(2) and all(b.agency == "" for b in store.blocks(3))
    assert _names(store) == names
    rows = history_rows(store.versions())
    assert [row["ผู้บันทึก"] for row in rows][1:] == [UNKNOWN, UNKNOWN]
    assert main(["history"]) == 0  # the command line reads the old versions too
    out = capsys.readouterr().out
    assert "y2568-3.xlsx" in out and "ปรับโครงสร้างที่เก็บข้อมูล" in out
    assert _assert_whole(store) == 1  # the migration's own entry; old versions are not counted as missing entries
    assert _load(store, 2570, 1) == 4
    assert (store.head().saved_by, store.head().saved_via) == ("tester", "cli")
    assert _assert_whole(store) == 2
    again = Store(url).versions()  # opening again changes nothing
    assert len(again) == 4 and again[2].saved_by is None


def test_the_history_page_on_a_store_made_by_the_previous_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    _make_old_store(engine, tmp_path)
    engine.dispose()
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("views/history.py").run()
    assert not at.exception
    (table,) = [frame.value for frame in at.dataframe if "ผู้บันทึก" in frame.value.columns]
    # two old versions and the upgrade's note, no sample seeded over them
    assert table["ผู้บันทึก"].tolist()[1:] == [UNKNOWN, UNKNOWN] and len(table) == 3


def _spawn(monkeypatch: pytest.MonkeyPatch) -> multiprocessing.context.SpawnContext:
    """Fresh processes that import only this module: an AppTest earlier in the session leaves app.py as
    __main__, which a spawned child would run again (seeding the store from the sample workbook)."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    return multiprocessing.get_context("spawn")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_processes_opening_an_old_store_at_once_both_upgrade_it(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}" if kind == "sqlite" else request.getfixturevalue("pg_store").url
    engine = create_engine(url)
    _make_old_store(engine, tmp_path)
    engine.dispose()
    with _spawn(monkeypatch).Pool(2) as pool:
        heads = pool.map_async(_open_head, [url, url]).get(timeout=300)  # a lost worker fails, never hangs
    assert heads == [3, 3]  # one upgrade note, not two
    assert _assert_whole(Store(url)) == 1


def _open_head(url: str) -> int:
    head = Store(url, auto_backup=False).head()
    assert head is not None
    return head.number


# concurrency: two processes, one unbroken chain -----------------------------------------------
ENTRIES = 50
COMMITS = 5


def _worker(url: str, name: str) -> int:
    """50 audit entries and 5 versions, as fast as it can; returns the commits it made."""
    store = Store(url)
    actor = Actor(name, "admin", "cli")
    made = 0
    for index in range(ENTRIES):
        audit.record(store, actor, "export", f"{name}-{index}")
        if index % (ENTRIES // COMMITS) == 0:
            while True:
                head = store.head()
                try:
                    store.commit(
                        [], expected_head=head.number if head else None, kind="upload",
                        filename=f"{name}-{index}.xlsx", sha256="0" * 64, summary=name, actor=actor,
                    )  # fmt: skip
                    made += 1
                    break
                except StoreConflict:
                    continue  # the other process saved first: retry on its head
    store.engine.dispose()
    return made


def test_two_processes_writing_at_once_leave_one_unbroken_trail(
    any_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _spawn(monkeypatch).Pool(2) as pool:
        made = pool.starmap_async(_worker, [(any_store.url, "alpha"), (any_store.url, "beta")]).get(timeout=600)
    assert made == [COMMITS, COMMITS]
    count = _assert_whole(any_store)
    assert count == 2 * (ENTRIES + COMMITS)
    trail = audit.entries(any_store)
    for name in ("alpha", "beta"):
        exports = {e.detail for e in trail if e.actor == name and e.action == "export"}
        assert exports == {f"{name}-{index}" for index in range(ENTRIES)}
    versions = any_store.versions()
    assert [v.number for v in versions] == list(range(2 * COMMITS, 0, -1))
    assert {v.number for v in versions} == {e.version for e in trail if e.action == "upload"}


def test_a_trail_entry_of_its_own_takes_sqlite_s_write_lock_first(store: Store) -> None:
    statements: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()[:2]))

    audit.record(store, ADMIN, "export", "x")
    assert statements[0] == "BEGIN IMMEDIATE"  # before the head row is read: two writers cannot both read it
    assert "INSERT INTO" in statements
