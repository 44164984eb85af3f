"""Bring a store made by an earlier release up to today's tables, in place, nothing lost.

create_all adds missing tables; columns added to an existing table since (versions.saved_by and
saved_via, issue 13) are added here, nullable, so old versions read as "saved before the product
recorded who".
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from kpi.store.audit import ensure_head
from kpi.store.tables import versions


def upgrade(engine: Engine) -> None:
    """Add the columns an older store lacks, and the audit trail's head row."""
    present = {column["name"] for column in inspect(engine).get_columns(versions.name)}
    missing = [column for column in versions.columns if column.name not in present]
    try:
        with engine.begin() as conn:
            for column in missing:
                kind = column.type.compile(dialect=engine.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {versions.name} ADD COLUMN {column.name} {kind}")
            ensure_head(conn)
    except (OperationalError, ProgrammingError):
        # A read-only store opened to be read (or restored from): it is read as it is; a write says why it fails.
        if missing:
            raise
