"""Bring a store made by an earlier release up to today's tables, in place, nothing lost.

create_all adds missing tables (users, sessions, audit, audit_head, app_settings); columns added to
an existing table since (versions.saved_by and saved_via, issue 13) are added here, nullable, so old
versions read as "saved before the product recorded who" (history: ไม่ทราบ (บันทึกก่อน…)) and the
next save records who. Two processes opening the same old store at once both succeed: the columns
are looked for again inside the write transaction (SQLite's BEGIN IMMEDIATE; PostgreSQL's
ADD COLUMN IF NOT EXISTS), and a head row made by the other process is taken as it is. Tables are
made in one transaction that, on PostgreSQL, first takes a transaction-scoped advisory lock: two
processes each finding "users" missing would otherwise both CREATE it and the second would fail on
PostgreSQL's catalogue (SQLite's BEGIN IMMEDIATE already serialises them).
"""

from __future__ import annotations

from sqlalchemy import Column, func, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from kpi.store.audit import ensure_head
from kpi.store.tables import metadata, versions

# Any fixed 64-bit number names the lock; this one spells "kpi-ddl" so it is recognisable in pg_locks.
_SCHEMA_LOCK = 0x6B70692D64646C


def create_tables(engine: Engine) -> None:
    """Create the tables a store lacks, one process at a time."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
        metadata.create_all(conn)


def _missing(bind: Engine | Connection) -> list[Column]:  # type: ignore[type-arg]
    present = {column["name"] for column in inspect(bind).get_columns(versions.name)}
    return [column for column in versions.columns if column.name not in present]


def upgrade(engine: Engine) -> None:
    """Add the columns an older store lacks, and the audit trail's head row."""
    missing = _missing(engine)
    exists = "IF NOT EXISTS " if engine.dialect.name == "postgresql" else ""
    for attempt in range(2):
        try:
            with engine.begin() as conn:
                if missing:
                    missing = _missing(conn)  # again, under the write lock: another process may have added them
                for column in missing:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.exec_driver_sql(f"ALTER TABLE {versions.name} ADD COLUMN {exists}{column.name} {kind}")
                ensure_head(conn)
            return
        except IntegrityError:
            if attempt:  # PostgreSQL: another process made the head row first; the second try finds it
                raise
        except (OperationalError, ProgrammingError):
            # A read-only store opened to be read (or restored from): it is read as it is; a write says why it fails.
            if missing:
                raise
            return
