"""Back up the store, verify a backup, and keep the automatic backups taken before each commit.

Part of the store layer (with database.py, check.py and restore.py, the only code that writes data).

A backup is always one self-contained SQLite file, whatever the store runs on:
  SQLite      SQLite's online backup API copies every page under one read lock, so the copy is
              consistent even while the app is saving.
  PostgreSQL  every table (the data, and the accounts and audit trail too, so a lost server can
              be rebuilt from the file) is read in one REPEATABLE READ transaction (one snapshot)
              and written into a new SQLite file.
Restore copies back only the data tables (tables.DATA_TABLES), in one transaction: old data, never
old accounts or an older audit trail. Only the columns both sides have are copied, so a backup made
by an earlier release (no versions.saved_by, no users or audit tables) still verifies and restores.
A backup is written beside its final name and renamed into place only once it has been verified,
so a half-written file never looks like a backup. Restore (kpi/store/restore.py) verifies the file
first and takes a backup of the current store before it changes anything.

Automatic backups are taken before each commit (Store._write) and only the newest N are kept
(settings.auto_backups_kept); their names and every time shown are Asia/Bangkok time.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from collections.abc import Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Table, create_engine, func, insert, inspect, select
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kpi.core.fiscal import BANGKOK
from kpi.core.problems import Problem
from kpi.core.settings import STORE_DIR, auto_backups_kept, backup_dir_setting, sqlite_url
from kpi.store.check import check_engine, is_source_fault
from kpi.store.database import Store
from kpi.store.faults import StoreError, StoreFault, fault_from, sqlite_path, store_problem
from kpi.store.tables import DATA_TABLES, metadata, versions

AUTO_PREFIX = "auto-"
SUFFIX = ".sqlite3"
TABLES = DATA_TABLES  # what every backup must hold and what a restore replaces


def bangkok_now() -> dt.datetime:
    """Now in Asia/Bangkok (the users' time; servers run in UTC)."""
    return dt.datetime.now(BANGKOK)


def backup_folder(url: str) -> Path:
    """Where automatic backups go: KPI_BACKUP_DIR, else `backups/` beside a SQLite store, else data/store/backups."""
    configured = backup_dir_setting()
    if configured:
        return Path(configured)
    path = sqlite_path(url)
    return (path.parent if path is not None else STORE_DIR) / "backups"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime  # Asia/Bangkok


def list_backups(url: str) -> list[BackupFile]:
    """The automatic backups of a store, newest first."""
    folder = backup_folder(url)
    try:
        paths = sorted(folder.glob(f"{AUTO_PREFIX}*{SUFFIX}"), reverse=True)
        return [BackupFile(p, dt.datetime.fromtimestamp(p.stat().st_mtime, BANGKOK)) for p in paths]
    except OSError:
        return []


# backup --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupResult:
    path: Path
    head: int | None  # the newest version the copy holds
    taken_at: dt.datetime  # Asia/Bangkok


def backup_store(store: Store, out: Path) -> BackupResult:
    """Write a consistent, verified copy of the store to `out` (a SQLite file)."""
    taken_at = bangkok_now()
    out = Path(out)
    if not out.parent.is_dir():
        raise StoreFault("backup_folder_missing", folder=out.parent)
    # Unique per writer: two processes saving at the same second must not share a half-written file.
    partial = out.with_name(f".{out.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        partial.unlink(missing_ok=True)
        if sqlite_path(store.url) is not None:
            _sqlite_copy(store, partial)
        else:
            _table_copy(store, partial)
        # The copy must be a sound file; blocks already damaged in the store are copied as they are
        # (a backup of a failing store keeps everything it still has; restore refuses such a copy).
        if not _file_is_sound(partial):
            raise StoreFault("backup_write_failed", path=out)
        os.replace(partial, out)
    except StoreError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.Error) and not is_source_fault(exc):
            raise StoreFault("backup_write_failed", path=out) from exc
        raise fault_from(exc, store.url) from exc
    return BackupResult(out, backup_head(out), taken_at)


def _sqlite_copy(store: Store, partial: Path) -> None:
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with closing(sqlite3.connect(partial)) as target:
            source.backup(target)  # one consistent snapshot, even while another process writes
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        raw.close()


def _table_copy(store: Store, partial: Path) -> None:
    """PostgreSQL (or any other server): every table read from one snapshot into a SQLite file."""
    target = create_engine(sqlite_url(partial))
    try:
        metadata.create_all(target)
        with (
            store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as source,
            source.begin(),
            target.begin() as sink,
        ):
            copy_tables(source, sink, metadata.sorted_tables)
    finally:
        target.dispose()


def copy_tables(source: Connection, sink: Connection, tables: Sequence[Table] = TABLES) -> None:
    """Every row of `tables` from one connection into another (backup and restore alike).

    Only the columns both sides have are copied: a backup made before a column was added (versions
    saved before issue 13 have no saved_by) restores with that column NULL. A table the source does
    not have at all (the audit trail in an older backup) is left empty.
    """
    for table in tables:
        common = _columns(source, table) & _columns(sink, table)
        if not common:
            continue
        columns = [column for column in table.columns if column.name in common]
        result = source.execution_options(yield_per=200).execute(select(*columns))
        for chunk in result.partitions():
            sink.execute(insert(table), [dict(row._mapping) for row in chunk])


def _columns(conn: Connection, table: Table) -> set[str]:
    inspector = inspect(conn)
    if not inspector.has_table(table.name):
        return set()
    return {column["name"] for column in inspector.get_columns(table.name)}


def backup_engine(path: Path) -> Engine:
    """A read-only engine on a backup file: verifying or restoring never changes it."""
    # A URL object, not a string: SQLAlchemy would decode the %-escapes SQLite's own URI needs.
    uri = f"file:{quote(str(Path(path).resolve()))}"
    return create_engine(URL.create("sqlite", database=uri, query={"mode": "ro", "uri": "true"}))


def backup_head(path: Path) -> int | None:
    """The newest version a backup file holds (None for a backup of an empty store)."""
    engine = backup_engine(path)
    try:
        with engine.connect() as conn:
            head = conn.execute(select(func.max(versions.c.number))).scalar()
        return int(head) if head is not None else None
    finally:
        engine.dispose()


def _file_is_sound(path: Path) -> bool:
    engine = backup_engine(path)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql("PRAGMA integrity_check").all()] == [("ok",)]
    finally:
        engine.dispose()


def verify_backup(path: Path) -> list[Problem]:
    """The problems of a backup file (empty when it is sound and complete)."""
    path = Path(path)
    if not path.is_file():
        return [store_problem("backup_not_found", path=path)]
    engine = backup_engine(path)
    try:
        with engine.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {t.name for t in TABLES} <= names:
            return [store_problem("backup_not_ours", path=path)]
        return check_engine(engine, is_sqlite=True).problems
    except (SQLAlchemyError, sqlite3.Error, OSError):
        return [store_problem("backup_not_ours", path=path)]
    finally:
        engine.dispose()


# automatic backups ---------------------------------------------------------------------------
def automatic_backup(store: Store, expected_head: int | None = None) -> BackupResult | None:
    """A backup before a commit, keeping only the newest N.

    None when turned off, when the store is empty, or when the commit is bound to be refused
    because someone else saved first (its own backup covers that state).
    """
    keep = auto_backups_kept()
    if keep <= 0:
        return None
    head = store.head()
    if head is None or head.number != (expected_head or 0):
        return None
    folder = backup_folder(store.url)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreFault("store_backup_failed", folder=folder) from exc
    out = free_name(folder, f"{AUTO_PREFIX}{bangkok_now():%Y%m%d-%H%M%S}-v{head.number}")
    try:
        result = backup_store(store, out)
    except StoreFault as exc:
        if exc.code in ("backup_write_failed", "backup_folder_missing"):
            raise StoreFault("store_backup_failed", folder=folder) from exc
        raise
    _prune(folder, keep)
    return result


def free_name(folder: Path, stem: str) -> Path:
    """`folder/stem.sqlite3`, or `stem-2`, `stem-3`… when that name is taken."""
    candidate = folder / f"{stem}{SUFFIX}"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}{SUFFIX}"
        counter += 1
    return candidate


def _prune(folder: Path, keep: int) -> None:
    for old in sorted(folder.glob(f"{AUTO_PREFIX}*{SUFFIX}"), reverse=True)[keep:]:
        with suppress(OSError):  # an old copy that cannot be removed now is removed next time
            old.unlink()
