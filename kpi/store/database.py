"""The one module that owns persistence: versioned data in SQL (SQLite by default, PostgreSQL too).

The tables are in kpi/store/tables.py. A commit writes everything in one transaction, the version's
audit entry (kpi/store/audit.py) and who saved it included: a crash half-way leaves the previous
version as it was. Rollback writes a new version that points at an old version's blocks. Each save
names its Actor, whose role must allow it (kpi/access/roles.py); a refusal is audited.

Faults of the store itself (read-only file, missing folder, full disk, damaged file, a block whose
bytes no longer match its digest) become a StoreFault (kpi/store/faults.py) whose Problem says what to do;
no caller ever sees a driver's English error. Before each commit an automatic backup is taken
(kpi/store/backup.py) so that nothing is lost even to a dying disk.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, event, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, NoSuchModuleError, SQLAlchemyError

from kpi.access.actor import Actor
from kpi.access.roles import KIND_ACTION, action_label, may
from kpi.core.dataset import Block, Dataset, VersionInfo, dataset_from_blocks
from kpi.core.messages import t
from kpi.core.schema import HOME_AGENCY, SHARED_AGENCY
from kpi.core.settings import STORE_DIR, database_url
from kpi.core.text_safety import clean_text
from kpi.privacy.redaction import redact
from kpi.store import audit, rollup_tables
from kpi.store.codec import block_of_row as _block
from kpi.store.codec import version_blocks_query
from kpi.store.faults import StoreConflict, StoreError, StoreFault, fault_from, sqlite_path
from kpi.store.migrate import create_tables, upgrade, write_lock
from kpi.store.tables import blocks, version_blocks, versions

# The tables (and the metadata every backup and restore copies from) live in kpi/store/tables.py.


def _ensure_folder(path: Path) -> None:
    """Create only the default data/store/ folder; a folder named in KPI_DATABASE_URL must exist.

    Creating a folder from a mistyped URL would silently start an empty store somewhere else and
    make the real data look lost.
    """
    folder = path.parent
    if folder.is_dir():
        return
    if folder.resolve() != STORE_DIR.resolve():
        raise StoreFault("store_folder_missing", folder=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreFault("store_folder_uncreatable", folder=folder) from exc


def _engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        _ensure_folder(path)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            _switch_to_wal(cursor)
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            # Serialise writers: the second one waits. A read (Store._reading) begins deferred, so in WAL
            # mode it never waits behind a long save (a province's results take seconds to commit).
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("kpi_read") else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


WAL_SWITCH_WAIT_S = 30  # the same patience as the connection's busy timeout


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode (it stays so); two processes opening a new file at once may both try.

    The switch needs the file to itself, and when two connections race for it SQLite answers "busy" at
    once rather than through the busy timeout (waiting could deadlock), so the loser tries again until
    the winner's switch has landed, when the pragma is a no-op. A read-only file that is not yet in WAL
    mode can still be read.
    """
    deadline = time.monotonic() + WAL_SWITCH_WAIT_S
    pause = 0.02
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            name = getattr(exc, "sqlite_errorname", "")
            if name == "SQLITE_READONLY":
                return
            if name not in ("SQLITE_BUSY", "SQLITE_LOCKED") or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


class Store:
    """Versioned storage of the dashboard's data."""

    def __init__(self, url: str | None = None, auto_backup: bool = True):
        self.url = url or database_url()
        # Automatic backups before each commit (kpi/store/backup.py); off for the backup module's own copies.
        self.auto_backup = auto_backup
        try:
            self.engine = _engine(self.url)
            create_tables(self.engine)
            upgrade(self.engine)
        except StoreFault:
            raise
        except (NoSuchModuleError, ImportError) as exc:  # mysql://… and other databases without a driver here
            raise StoreFault("store_bad_url") from exc
        except (SQLAlchemyError, OSError) as exc:
            raise fault_from(exc, self.url) from exc

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A read connection whose driver errors become Thai StoreFaults."""
        try:
            with self.engine.connect().execution_options(kpi_read=True) as conn:
                yield conn
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise fault_from(exc, self.url) from exc

    # reading -------------------------------------------------------------------------------
    def head(self) -> VersionInfo | None:
        """The current version, or None for an empty store."""
        with self._reading() as conn:
            row = conn.execute(select(versions).order_by(versions.c.number.desc()).limit(1)).first()
        return _version(row) if row else None

    def versions(self) -> list[VersionInfo]:
        """Every version, newest first."""
        with self._reading() as conn:
            rows = conn.execute(select(versions).order_by(versions.c.number.desc())).all()
        return [_version(r) for r in rows]

    def version(self, number: int) -> VersionInfo | None:
        with self._reading() as conn:
            row = conn.execute(select(versions).where(versions.c.number == number)).first()
        return _version(row) if row else None

    def blocks(self, number: int, agency: str | None = None, shared: bool = True) -> list[Block]:
        """The blocks a version is made of (of one agency, with the shared sheets unless `shared` is False),
        each verified against its digest."""
        query = version_blocks_query(number)
        if agency is not None:
            query = query.where(version_blocks.c.agency.in_((agency, SHARED_AGENCY) if shared else (agency,)))
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [_block(r) for r in rows]

    def dataset(self, number: int | None = None, agency: str = HOME_AGENCY, shared: bool = True) -> Dataset:
        """One agency's data at a version (default: the current one, the install's own agency), with the
        shared sheets (ผล ITA หลายหน่วยงาน) unless `shared` is False: the dashboards read those through the
        roll-up tables, so theirs leave the 80,000 rows out; an upload's review compares with them.
        Empty frames for an empty store or an agency without data."""
        info = self.head() if number is None else self.version(number)
        if info is None:
            return dataset_from_blocks([], None)
        return dataset_from_blocks(self.blocks(info.number, agency, shared), info)

    def agencies_with_data(self, number: int | None = None) -> list[str]:
        """Codes of the agencies with their own sheets at a version (the install's own is "")."""
        info = self.head() if number is None else self.version(number)
        if info is None:
            return []
        query = (
            select(version_blocks.c.agency)
            .where(version_blocks.c.version == info.number, version_blocks.c.agency != SHARED_AGENCY)
            .distinct()
        )
        with self._reading() as conn:
            return sorted(r.agency for r in conn.execute(query))

    def agency_results(self) -> pd.DataFrame:
        """The head's results of many agencies, one row per agency and year (kpi.store.rollup_tables)."""
        with self._reading() as conn:
            return rollup_tables.read_agency_results(conn)

    def agency_register(self) -> pd.DataFrame:
        """Each agency's latest name, type, district and province."""
        with self._reading() as conn:
            return rollup_tables.read_agencies(conn)

    def agency_progress(self) -> pd.DataFrame:
        """Whole-year measure counts and satisfaction of each agency with its own workbook, per year."""
        with self._reading() as conn:
            return rollup_tables.read_agency_progress(conn)

    # writing -------------------------------------------------------------------------------
    def commit(
        self,
        changes: Iterable[Block],
        *,
        expected_head: int | None,
        kind: str,
        filename: str,
        sha256: str,
        summary: str,
        actor: Actor,
    ) -> VersionInfo:
        """Save a new version: the expected head's blocks with `changes` replacing theirs.

        The actor's role must allow the kind (kpi.access.roles.KIND_ACTION): a refusal is audited and
        raised as a StoreError, and nothing is saved.
        """
        self._allow(actor, kind)
        changed = list(changes)
        return self._write(expected_head, kind, filename, sha256, summary, None, lambda conn, head: changed, actor)

    def rollback(self, number: int, expected_head: int | None = None, *, actor: Actor) -> VersionInfo:
        """Save a new version whose content equals version `number` (an admin's action)."""
        self._allow(actor, "rollback")
        target = self.version(number)
        if target is None:
            raise StoreError("version_not_found", version=number)
        head = self.head()
        expected = head.number if expected_head is None and head else expected_head
        summary = t("kind_rollback", version=number)
        return self._write(
            expected, "rollback", target.filename, target.sha256, summary, number,
            lambda conn, head: None, actor, base=number,
        )  # fmt: skip

    def _allow(self, actor: Actor, kind: str) -> None:
        """Refuse (and audit) a save the actor's role does not allow."""
        action = KIND_ACTION.get(kind, "upload")
        if may(actor.role, action):
            return
        audit.record(self, actor, "access_denied", action_label(action))
        raise StoreError("access_denied")

    def _write(
        self,
        expected_head: int | None,
        kind: str,
        filename: str,
        sha256: str,
        summary: str,
        source_version: int | None,
        make_changes: Callable[[Connection, int], list[Block] | None],
        actor: Actor,
        base: int | None = None,
    ) -> VersionInfo:
        if self.auto_backup:
            from kpi.store.backup import automatic_backup

            automatic_backup(self, expected_head)  # before the write: the state it replaces can always be restored
        try:
            with self.engine.begin() as conn:
                write_lock(conn)  # one writer at a time, so the head read next is the one this save builds on
                current = conn.execute(select(func.max(versions.c.number))).scalar()
                current = int(current) if current is not None else 0
                new_number = current + 1
                keep = _version_block_rows(conn, base if base is not None else current)
                before = dict(keep) if base is None else _version_block_rows(conn, current)
                changes = make_changes(conn, current)
                if (expected_head or 0) != current:
                    _rebase_or_refuse(conn, expected_head or 0, current, base, changes)
                if changes:
                    for block in changes:
                        _put_block(conn, block)
                        keep[block.key] = (block.digest, block.sample)
                created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                conn.execute(
                    insert(versions).values(
                        number=new_number,
                        parent=current,
                        created_at=created,
                        kind=kind,
                        filename=filename[:300],
                        sha256=sha256,
                        summary=summary,
                        source_version=source_version,
                        saved_by=" ".join(clean_text(actor.name).split())[:120] or "-",
                        saved_via=actor.via,
                    )  # fmt: skip
                )
                audit.append(conn, actor, kind, f"{filename[:200]} · {summary[:600]}", new_number)
                _insert_version_blocks(conn, new_number, keep)
                rollup_tables.refresh(conn, new_number, rollup_tables.changed_keys(before, keep))
        except StoreError:
            raise
        except IntegrityError as exc:
            head = self.head()
            raise StoreConflict("store_conflict", head=head.number if head else 0) from exc
        except (SQLAlchemyError, OSError) as exc:
            raise fault_from(exc, self.url, writing=True) from exc
        info = self.version(new_number)
        assert info is not None
        return info


def _one_line(text: str | None) -> str:
    """A stored name or summary as it may be shown: one line, no control or bidi characters, no identity.

    New versions are cleaned before they are written; versions saved by older releases may hold a
    file name with a newline, an escape sequence or a phone number, and must not forge a line of
    `history` or repeat it (a rollback copies the name into its new version)."""
    return redact(" ".join(clean_text(text or "").split()))


def _version(row) -> VersionInfo:  # type: ignore[no-untyped-def]
    return VersionInfo(
        number=row.number,
        created_at=row.created_at,
        kind=row.kind,
        filename=_one_line(row.filename),
        sha256=row.sha256,
        summary=_one_line(row.summary),
        source_version=row.source_version,
        saved_by=" ".join(clean_text(row.saved_by).split()) or None
        if row.saved_by
        else None,  # a staff name: not redacted
        saved_via=row.saved_via,
    )


BlockMap = dict[tuple[str, str, int], tuple[str, bool]]
# Sheets whose rows point at each other (indicators and results at measures): a commit of one of them is
# checked against the others as they were, so it cannot be rebased past a change of another one.
_LINKED = frozenset({"measures", "indicators", "results"})


def _version_block_rows(conn: Connection, number: int) -> BlockMap:
    rows = conn.execute(select(version_blocks).where(version_blocks.c.version == number)).all()
    return {(r.agency, r.sheet, r.fiscal_year): (r.digest, bool(r.sample)) for r in rows}


def _insert_version_blocks(conn: Connection, number: int, keep: BlockMap) -> None:
    if keep:
        conn.execute(
            insert(version_blocks),
            [
                {"version": number, "agency": a, "sheet": s, "fiscal_year": y, "digest": d, "sample": smp}
                for (a, s, y), (d, smp) in keep.items()
            ],
        )


def _rebase_or_refuse(
    conn: Connection, expected: int, current: int, base: int | None, changes: list[Block] | None
) -> None:
    """Another save landed since the caller read version `expected`. Its commit still lands (on top of the
    newer version) when nothing it changes was changed since: another agency's workbook, another sheet, or
    another year. A rollback, or a commit touching what changed, raises StoreConflict: the caller reviews again.
    """
    if base is not None or not changes or expected > current:
        raise StoreConflict("store_conflict", head=current)
    since = rollup_tables.changed_keys(_version_block_rows(conn, expected), _version_block_rows(conn, current))
    mine = {block.key for block in changes}
    linked_since = {(agency, sheet in _LINKED) for agency, sheet, _ in since}
    if since & mine or any((agency, True) in linked_since for agency, sheet, _ in mine if sheet in _LINKED):
        raise StoreConflict("store_conflict", head=current)


def _put_block(conn: Connection, block: Block) -> None:
    digest = block.digest
    exists = conn.execute(select(blocks.c.digest).where(blocks.c.digest == digest)).first()
    if exists is None:
        conn.execute(
            insert(blocks).values(
                digest=digest,
                sheet=block.sheet,
                fiscal_year=block.fiscal_year,
                row_count=len(block.records),
                payload=zlib.compress(block.payload, 6),
            )
        )
