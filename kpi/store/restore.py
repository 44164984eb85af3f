"""`kpi restore`: bring back a verified backup's data, after backing up the current store.

A restore brings back old DATA (the tables versions, blocks and version_blocks: tables.DATA_TABLES),
never old accounts, sessions, settings or an older audit trail: those stay as they are. Given the
actor who asked for it (restore_store(..., actor=)), the restore's own "restore" entry is appended
to the trail in the same transaction (audit.verify then counts the versions it brought back, up to
the restored head, as accounted for).
This holds for SQLite and PostgreSQL alike: the data tables are replaced in one transaction, so
readers see the old data or the backup's, never half.

The one exception is a SQLite file too damaged to be opened or written through SQLite: it is
replaced as a whole by the backup file, so the backup's own accounts, settings and audit trail come
back with its data (the damaged file's trail could not be read anyway; its bytes are kept).

The backup file is verified first (kpi/store/backup.py, verify_backup); a file that fails is refused
with its problems and nothing changes. The store as it was is kept beside the automatic backups:
as a backup, or, for a SQLite file too damaged to read, as a raw copy of its bytes.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from kpi.access.actor import Actor
from kpi.access.roles import may
from kpi.core.messages import t
from kpi.core.problems import Problem
from kpi.store import audit, rollup_tables
from kpi.store import backup as backups
from kpi.store.database import Store
from kpi.store.faults import StoreError, StoreFault, fault_from, sqlite_path
from kpi.store.tables import DATA_TABLES, versions

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

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (RestoreRefused, (self._fields["path"], self.reasons))

    @property
    def problems(self) -> list[Problem]:
        return [*self.reasons, self.problem]


def restore_store(url: str, backup: Path, actor: Actor | None = None) -> RestoreResult:
    """Bring back a verified backup's data (DATA_TABLES only), after backing up the current store.

    Takes the URL, not a Store: a SQLite file too damaged to open is exactly what restore is for
    (then, and only then, the whole file is replaced: see the module docstring). With an `actor`,
    whose role must allow "restore", the restore is recorded in the audit trail.
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
    if store is not None and actor is not None and not may(actor.role, "restore"):
        audit.record(store, actor, "access_denied", "restore")
        raise StoreError("access_denied")
    saved = _save_current(store, url)
    head = backups.backup_head(backup)
    detail = t("audit_restore_detail", file=backup.name, version=head or 0)
    try:
        if store is not None:
            try:
                _restore_tables(store, backup, actor, detail, head)
                return RestoreResult(head, saved)
            except StoreFault as exc:
                # Opened, but its pages fail on writing: as damaged as a file that does not open.
                if path is None or exc.code not in _DAMAGED:
                    raise
            store.engine.dispose()
        assert path is not None
        _restore_whole_file(backup, path)
        if actor is not None:
            audit.record(Store(url, auto_backup=False), actor, "restore", detail, head)
    except StoreError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise fault_from(exc, url, writing=True) from exc
    return RestoreResult(head, saved)


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


def _restore_whole_file(backup: Path, path: Path) -> None:
    """A SQLite file too damaged to use, already kept aside by _save_current: the backup file replaces it."""
    with closing(sqlite3.connect(_uri(backup), uri=True)) as source:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        with closing(sqlite3.connect(path, timeout=30)) as target:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")


def _uri(path: Path) -> str:
    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


def _restore_tables(store: Store, backup: Path, actor: Actor | None, detail: str, head: int | None) -> None:
    """The data tables replaced by the backup's, and the restore audited, in one transaction."""
    source_engine = backups.backup_engine(backup)
    try:
        with source_engine.connect() as source, store.engine.begin() as sink:
            for table in reversed(DATA_TABLES):
                sink.execute(delete(table))
            backups.copy_tables(source, sink, DATA_TABLES)  # readers see all of the backup or none of it
            restored = sink.execute(select(func.max(versions.c.number))).scalar()
            if restored is not None:  # the roll-up tables follow the data brought back (issue 14)
                rollup_tables.refresh(sink, int(restored), None)
            if actor is not None:
                audit.append(sink, actor, "restore", detail, head)
    except StoreError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise fault_from(exc, store.url, writing=True) from exc
    finally:
        source_engine.dispose()
