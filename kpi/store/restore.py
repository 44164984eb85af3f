"""`kpi restore`: replace the store's content by a verified backup, after backing up the current store.

The backup file is verified first (kpi/store/backup.py, verify_backup); a file that fails is refused
with its problems and nothing changes. The store as it was is kept beside the automatic backups:
as a backup, or, for a SQLite file too damaged to open, as a raw copy of its bytes.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError

from kpi.core.problems import Problem
from kpi.store import backup as backups
from kpi.store.database import Store
from kpi.store.faults import StoreError, StoreFault, fault_from, sqlite_path

# The faults that restore is for: the current store cannot be read, so it is copied aside as bytes.
_DAMAGED = ("store_corrupt", "store_block_corrupt", "store_io")


@dataclass(frozen=True)
class RestoreResult:
    head: int | None
    saved_current: Path  # where the store as it was before the restore now lies


class RestoreRefused(StoreError):
    """The backup file did not pass verification; nothing was changed. `reasons` say why."""

    def __init__(self, path: Path, reasons: list[Problem]):
        super().__init__("backup_refused", path=path)
        self.reasons = reasons

    @property
    def problems(self) -> list[Problem]:
        return [*self.reasons, self.problem]


def restore_store(url: str, backup: Path) -> RestoreResult:
    """Replace the store's content by a verified backup, after backing up the current store.

    Takes the URL, not a Store: a SQLite file too damaged to open is exactly what restore is for.
    """
    backup = Path(backup)
    problems = backups.verify_backup(backup)
    if problems:
        raise RestoreRefused(backup, problems)
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
    return RestoreResult(backups.backup_head(backup), saved)


def _save_current(store: Store | None, url: str) -> Path:
    """Keep the store as it is now: a backup, or (a damaged SQLite file) a raw copy of its files."""
    folder = backups.backup_folder(url)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreFault("store_backup_failed", folder=folder) from exc
    path = sqlite_path(url)
    now = backups.bangkok_now()
    if store is not None:
        try:
            return backups.backup_store(store, backups.free_name(folder, f"before-restore-{now:%Y%m%d-%H%M%S}")).path
        except StoreFault as exc:
            if path is None or exc.code not in _DAMAGED:
                raise
    assert path is not None
    # A damaged file cannot be read through SQLite: keep its bytes (and its -wal) as they are.
    damaged = backups.free_name(folder, f"damaged-{now:%Y%m%d-%H%M%S}")
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
    source_engine = backups.backup_engine(backup)
    try:
        with source_engine.connect() as source, store.engine.begin() as sink:
            for table in reversed(backups.TABLES):
                sink.execute(delete(table))
            backups.copy_tables(source, sink)  # one transaction: readers see all of the backup or none of it
    finally:
        source_engine.dispose()
