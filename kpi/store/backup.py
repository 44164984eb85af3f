"""Check, back up and restore the store (part of the store layer: only it and kpi/store/database.py write data).

A backup is always one self-contained SQLite file, whatever the store runs on:
  SQLite      SQLite's online backup API copies every page under one read lock, so the copy is
              consistent even while the app is saving.
  PostgreSQL  the three tables are read in one REPEATABLE READ transaction (one snapshot) and
              written into a new SQLite file; restore copies them back in one transaction.
A backup is written beside its final name and renamed into place only once it has been verified,
so a half-written file never looks like a backup. Restore verifies the file first and takes a
backup of the current store before it changes anything.

Automatic backups are taken before each commit (Store._write) and only the newest N are kept
(settings.auto_backups_kept); their names and every time shown are Asia/Bangkok time.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, delete, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kpi.core.messages import problem_message
from kpi.core.settings import STORE_DIR, auto_backups_kept, backup_dir_setting
from kpi.store.database import (
    Store,
    StoreError,
    StoreFault,
    blocks,
    decode_block,
    fault_from,
    metadata,
    sheet_title,
    sqlite_path,
    version_blocks,
    versions,
)

AUTO_PREFIX = "auto-"
SUFFIX = ".sqlite3"
_TABLES = (versions, blocks, version_blocks)


def bangkok_now() -> dt.datetime:
    """Now in Asia/Bangkok (the users' time; servers run in UTC)."""
    return dt.datetime.now(_bangkok())


def _bangkok() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Bangkok")
    except Exception:  # no tz database (a bare Windows Python without tzdata): Bangkok has no DST
        return dt.timezone(dt.timedelta(hours=7), "ICT")


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
        return [
            BackupFile(p, dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC).astimezone(_bangkok())) for p in paths
        ]
    except OSError:
        return []


# check ---------------------------------------------------------------------------------------
@dataclass
class CheckReport:
    """What `kpi check` found: counts and Thai problem lines (empty when the store is sound)."""

    versions: int = 0
    blocks: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store) -> CheckReport:
    """Verify every block's digest, the version line, and (SQLite) the file's integrity."""
    try:
        return _check(store.engine, sqlite_path(store.url) is not None)
    except StoreError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise fault_from(exc, store.url) from exc


def _check(engine: Engine, is_sqlite: bool) -> CheckReport:
    report = CheckReport()
    with engine.connect() as conn:
        # Each part is checked even when another cannot be read: the report lists all that is wrong.
        if is_sqlite:
            with _unreadable(report, "ส่วนโครงสร้างของไฟล์"):
                rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
                if [tuple(r) for r in rows] != [("ok",)]:
                    report.problems.append(problem_message("check_integrity", count=len(rows)))
        present: set[str] = set()
        with _unreadable(report, "ชุดข้อมูลบางชุด"):
            _check_blocks(conn, report, present)
        with _unreadable(report, "ประวัติฉบับข้อมูล"):
            _check_versions(conn, report, present)
    return report


@contextmanager
def _unreadable(report: CheckReport, part: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        if not _is_source_fault(getattr(exc, "orig", None) or exc):
            raise
        report.problems.append(problem_message("check_unreadable", part=part))


def _check_blocks(conn: Connection, report: CheckReport, present: set[str]) -> None:
    result = conn.execution_options(yield_per=200).execute(
        select(blocks.c.digest, blocks.c.sheet, blocks.c.fiscal_year, blocks.c.payload)
    )
    for row in result:
        report.blocks += 1
        present.add(row.digest)
        try:
            decode_block(row.sheet, row.fiscal_year, row.digest, row.payload)
        except StoreFault:
            report.problems.append(
                problem_message("check_block_corrupt", sheet=sheet_title(row.sheet), year=row.fiscal_year)
            )


def _check_versions(conn: Connection, report: CheckReport, present: set[str]) -> None:
    numbers = conn.execute(select(versions.c.number, versions.c.parent).order_by(versions.c.number)).all()
    report.versions = len(numbers)
    for expected, line in enumerate(numbers, start=1):
        if line.number != expected or line.parent != expected - 1:
            report.problems.append(
                problem_message(
                    "check_version_line",
                    version=line.number,
                    parent=line.parent,
                    expected=expected,
                    expected_parent=expected - 1,
                )
            )
            break  # one break in the line is enough to say what to do
    known = {line.number for line in numbers}
    for row in conn.execute(select(version_blocks).order_by(version_blocks.c.version)):
        if row.digest not in present:
            report.problems.append(
                problem_message(
                    "check_block_missing", version=row.version, sheet=sheet_title(row.sheet), year=row.fiscal_year
                )
            )
        elif row.version not in known:
            report.problems.append(problem_message("check_orphan_blocks", version=row.version))


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
        if isinstance(exc, OSError | sqlite3.Error) and not _is_source_fault(exc):
            raise StoreFault("backup_write_failed", path=out) from exc
        raise fault_from(exc, store.url) from exc
    return BackupResult(out, _backup_head(out), taken_at)


def _is_source_fault(exc: BaseException) -> bool:
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


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
    target = create_engine(f"sqlite:///{partial}")
    try:
        metadata.create_all(target)
        with (
            store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as source,
            source.begin(),
            target.begin() as sink,
        ):
            _copy_tables(source, sink)
    finally:
        target.dispose()


def _copy_tables(source: Connection, sink: Connection) -> None:
    for table in _TABLES:
        result = source.execution_options(yield_per=200).execute(select(table))
        for chunk in result.partitions():
            sink.execute(insert(table), [dict(row._mapping) for row in chunk])


def _backup_engine(path: Path) -> Engine:
    """A read-only engine on a backup file: verifying or restoring never changes it."""
    return create_engine(f"sqlite:///file:{quote(str(Path(path).resolve()))}?mode=ro&uri=true")


def _backup_head(path: Path) -> int | None:
    engine = _backup_engine(path)
    try:
        with engine.connect() as conn:
            head = conn.execute(select(func.max(versions.c.number))).scalar()
        return int(head) if head is not None else None
    finally:
        engine.dispose()


def _file_is_sound(path: Path) -> bool:
    engine = _backup_engine(path)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql("PRAGMA integrity_check").all()] == [("ok",)]
    finally:
        engine.dispose()


def verify_backup(path: Path) -> list[str]:
    """Thai problems of a backup file (empty when it is sound and complete)."""
    path = Path(path)
    if not path.is_file():
        return [problem_message("backup_not_found", path=path)]
    engine = _backup_engine(path)
    try:
        with engine.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {t.name for t in _TABLES} <= names:
            return [problem_message("backup_not_ours", path=path)]
        return _check(engine, is_sqlite=True).problems
    except (SQLAlchemyError, sqlite3.Error, OSError):
        return [problem_message("backup_not_ours", path=path)]
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
    out = _free_name(folder, f"{AUTO_PREFIX}{bangkok_now():%Y%m%d-%H%M%S}-v{head.number}")
    try:
        result = backup_store(store, out)
    except StoreFault as exc:
        if exc.code in ("backup_write_failed", "backup_folder_missing"):
            raise StoreFault("store_backup_failed", folder=folder) from exc
        raise
    _prune(folder, keep)
    return result


def _free_name(folder: Path, stem: str) -> Path:
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


# restore -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RestoreResult:
    head: int | None
    saved_current: Path  # where the store as it was before the restore now lies


def restore_store(url: str, backup: Path) -> RestoreResult:
    """Replace the store's content by a verified backup, after backing up the current store.

    Takes the URL, not a Store: a SQLite file too damaged to open is exactly what restore is for.
    """
    backup = Path(backup)
    problems = verify_backup(backup)
    if problems:
        raise RestoreRefused(problem_message("backup_refused", path=backup), problems)
    path = sqlite_path(url)
    try:
        store: Store | None = Store(url, auto_backup=False)
    except StoreFault as exc:
        if path is None or exc.code not in _DAMAGED:
            raise
        store = None
    saved = _save_current(store, url)
    try:
        if path is not None:
            _restore_sqlite(store, backup, path)
        else:
            assert store is not None
            _restore_tables(store, backup)
    except StoreError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise fault_from(exc, url, writing=True) from exc
    return RestoreResult(_backup_head(backup), saved)


_DAMAGED = ("store_corrupt", "store_block_corrupt", "store_io")


class RestoreRefused(StoreError):
    """The backup file did not pass verification; nothing was changed."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


def _save_current(store: Store | None, url: str) -> Path:
    """Keep the store as it is now: a backup, or (a damaged SQLite file) a raw copy of its files."""
    folder = backup_folder(url)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreFault("store_backup_failed", folder=folder) from exc
    path = sqlite_path(url)
    if store is not None:
        try:
            return backup_store(store, _free_name(folder, f"before-restore-{bangkok_now():%Y%m%d-%H%M%S}")).path
        except StoreFault as exc:
            if path is None or exc.code not in _DAMAGED:
                raise
    assert path is not None
    # A damaged file cannot be read through SQLite: keep its bytes (and its -wal) as they are.
    damaged = _free_name(folder, f"damaged-{bangkok_now():%Y%m%d-%H%M%S}")
    try:
        for suffix in ("", "-wal"):
            if Path(f"{path}{suffix}").exists():
                shutil.copyfile(f"{path}{suffix}", f"{damaged}{suffix}")
    except OSError as exc:
        raise StoreFault("store_backup_failed", folder=folder) from exc
    return damaged


def _restore_sqlite(store: Store | None, backup: Path, path: Path) -> None:
    with closing(sqlite3.connect(_uri(backup), uri=True)) as source:
        if store is not None:
            # Through the store's own connection, so its URL's options (a read-only mode) hold.
            raw = store.engine.raw_connection()
            try:
                target = raw.driver_connection
                assert isinstance(target, sqlite3.Connection)
                # Page by page under the target's write lock: readers see the old store or the new, never half.
                source.backup(target)
            finally:
                raw.close()
            store.engine.dispose()
            return
        # The file was too damaged to open and has been copied aside by _save_current: start afresh.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        with closing(sqlite3.connect(path, timeout=30)) as target:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")


def _uri(path: Path) -> str:
    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


def _restore_tables(store: Store, backup: Path) -> None:
    source_engine = _backup_engine(backup)
    try:
        with source_engine.connect() as source, store.engine.begin() as sink:
            for table in reversed(_TABLES):
                sink.execute(delete(table))
            _copy_tables(source, sink)  # one transaction: readers see all of the backup or none of it
    finally:
        source_engine.dispose()
