"""Bring a store made by an earlier release up to today's tables, in place, nothing lost.

create_all adds missing tables (users, sessions, audit, audit_head, app_settings); columns added to
an existing table since (versions.saved_by and saved_via, issue 13) are added here, nullable, so old
versions read as "saved before the product recorded who" (history: ไม่ทราบ (บันทึกก่อน…)) and the
next save records who. Two processes opening the same old store at once both succeed: the columns
are looked for again inside the write transaction (SQLite's BEGIN IMMEDIATE; PostgreSQL's
ADD COLUMN IF NOT EXISTS), and a head row made by the other process is taken as it is.
"""

from __future__ import annotations

from sqlalchemy import Column, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from kpi.store.audit import ensure_head
from kpi.store.tables import versions


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
