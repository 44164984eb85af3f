"""Bring a store made by an earlier release up to today's tables, in place, nothing lost.

create_all adds missing tables (users, sessions, audit, audit_head, app_settings, and issue 14's
roll-up tables) and the roll-up view. Columns added to an existing table since are added here:
- versions.saved_by and saved_via (issue 13), nullable, so old versions read as "saved before the
  product recorded who" (history: ไม่ทราบ (บันทึกก่อน…)) and the next save records who;
- version_blocks.agency (issue 14), part of its key: every block stored before belongs to the
  install's own agency (""). The upgrade says so in the history: a version of kind "migrate" with the
  same data, saved by the system, and its audit entry; the roll-up tables are filled for it.
Two processes opening the same old store at once both succeed: everything is done in one
transaction that first takes the write lock (SQLite's BEGIN IMMEDIATE; on PostgreSQL a
transaction-scoped advisory lock), then looks again at what is missing. Two processes each finding
"users" missing would otherwise both CREATE it, and the second would fail on PostgreSQL's catalogue.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, func, insert, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from kpi.access.actor import Actor
from kpi.core.messages import t
from kpi.store import rollup_tables
from kpi.store.audit import append, ensure_head
from kpi.store.tables import metadata, version_blocks, versions

# Any fixed 64-bit number names the lock; this one spells "kpi-ddl" so it is recognisable in pg_locks.
_SCHEMA_LOCK = 0x6B70692D64646C
MIGRATION_ACTOR = Actor("ITA Dashboard", "admin", "system")


# Saves take this one: SQLite's BEGIN IMMEDIATE already lets one writer in at a time; on PostgreSQL two
# saves would otherwise both read version N as the head and the second fail on the unique parent.
_WRITE_LOCK = 0x6B70692D7772


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))


def write_lock(conn: Connection) -> None:
    """Wait, inside the caller's transaction, until no other save is being written (PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_WRITE_LOCK)))


def create_tables(engine: Engine) -> None:
    """Create the tables and the view a store lacks, one process at a time."""
    with engine.begin() as conn:
        _lock(conn)
        metadata.create_all(conn)
        if rollup_tables.VIEW_NAME not in inspect(conn).get_view_names():  # a read-only store already has it
            rollup_tables.create_view(conn)


def _missing(bind: Engine | Connection) -> list[Column]:  # type: ignore[type-arg]
    present = {column["name"] for column in inspect(bind).get_columns(versions.name)}
    return [column for column in versions.columns if column.name not in present]


def _lacks_agency(bind: Engine | Connection) -> bool:
    return "agency" not in {column["name"] for column in inspect(bind).get_columns(version_blocks.name)}


def upgrade(engine: Engine) -> None:
    """Add the columns an older store lacks, the audit trail's head row, and the agency dimension."""
    stale = bool(_missing(engine)) or _lacks_agency(engine)
    try:
        with engine.begin() as conn:
            _lock(conn)
            for column in _missing(conn):  # again, under the lock: another process may have added them
                kind = column.type.compile(dialect=engine.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {versions.name} ADD COLUMN {column.name} {kind}")
            ensure_head(conn)
            if _lacks_agency(conn):
                _add_agency(conn)
    except (OperationalError, ProgrammingError):
        # A read-only store opened to be read (or restored from): it is read as it is; a write says why it fails.
        if stale:
            raise


def _add_agency(conn: Connection) -> None:
    """version_blocks gains `agency` in its key; every block so far is the install's own."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE version_blocks ADD COLUMN agency VARCHAR(20) NOT NULL DEFAULT ''")
        conn.exec_driver_sql("ALTER TABLE version_blocks DROP CONSTRAINT version_blocks_pkey")
        conn.exec_driver_sql("ALTER TABLE version_blocks ADD PRIMARY KEY (version, agency, sheet, fiscal_year)")
    else:  # SQLite cannot change a key: copy into the new table
        conn.exec_driver_sql("ALTER TABLE version_blocks RENAME TO version_blocks_before_agencies")
        version_blocks.create(conn)
        conn.exec_driver_sql(
            "INSERT INTO version_blocks (version, agency, sheet, fiscal_year, digest, sample) "
            "SELECT version, '', sheet, fiscal_year, digest, sample FROM version_blocks_before_agencies"
        )
        conn.exec_driver_sql("DROP TABLE version_blocks_before_agencies")
    head = conn.execute(select(func.max(versions.c.number))).scalar()
    if head is None:
        return
    number = int(head) + 1
    summary = t("version_agencies_migrated")
    conn.execute(
        insert(versions).values(
            number=number,
            parent=int(head),
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            kind="migrate",
            filename="-",
            sha256="-",
            summary=summary,
            source_version=int(head),
            saved_by=MIGRATION_ACTOR.name,
            saved_via=MIGRATION_ACTOR.via,
        )
    )
    conn.exec_driver_sql(
        "INSERT INTO version_blocks (version, agency, sheet, fiscal_year, digest, sample) "
        f"SELECT {number}, agency, sheet, fiscal_year, digest, sample FROM version_blocks WHERE version = {int(head)}"
    )
    append(conn, MIGRATION_ACTOR, "migrate", summary, number)
    rollup_tables.refresh(conn, number, None)


def drop_tables(engine: Engine) -> None:
    """Every table of the store and the view on them, dropped (tests and benchmarks start from nothing)."""
    with engine.begin() as conn:
        _lock(conn)
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {rollup_tables.VIEW_NAME}")
        metadata.drop_all(conn)
