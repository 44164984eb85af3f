"""`kpi check`: verify every block's digest, the version line and (SQLite) the file's integrity.

Each part is checked even when another cannot be read, so one report lists all that is wrong; each
finding is a Problem with a catalogue code. A backup file is verified with the same checks
(kpi/store/backup.py, verify_backup).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kpi.core.messages import t
from kpi.core.problems import Problem
from kpi.store.codec import decode_block, sheet_title
from kpi.store.database import Store, blocks, version_blocks, versions
from kpi.store.faults import StoreError, StoreFault, fault_from, sqlite_path, store_problem


@dataclass
class CheckReport:
    """What `kpi check` found: counts and problems (empty when the store is sound)."""

    versions: int = 0
    blocks: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store) -> CheckReport:
    """Verify every block's digest, the version line, and (SQLite) the file's integrity."""
    try:
        return check_engine(store.engine, sqlite_path(store.url) is not None)
    except StoreError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise fault_from(exc, store.url) from exc


def check_engine(engine: Engine, is_sqlite: bool) -> CheckReport:
    """The checks of check_store on any engine (a store's, or a backup file's opened read-only)."""
    report = CheckReport()
    with engine.connect() as conn:
        if is_sqlite:
            with _unreadable(report, "check_part_structure"):
                rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
                if [tuple(r) for r in rows] != [("ok",)]:
                    report.problems.append(store_problem("check_integrity", count=len(rows)))
        present: set[str] = set()
        with _unreadable(report, "check_part_blocks"):
            _check_blocks(conn, report, present)
        with _unreadable(report, "check_part_versions"):
            _check_versions(conn, report, present)
    return report


def is_source_fault(exc: BaseException) -> bool:
    """Whether a driver error means the SQLite file being read is damaged (not the one being written)."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


@contextmanager
def _unreadable(report: CheckReport, part: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        if not is_source_fault(getattr(exc, "orig", None) or exc):
            raise
        report.problems.append(store_problem("check_unreadable", part=t(part)))


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
                store_problem("check_block_corrupt", sheet=sheet_title(row.sheet), year=row.fiscal_year)
            )


def _check_versions(conn: Connection, report: CheckReport, present: set[str]) -> None:
    numbers = conn.execute(select(versions.c.number, versions.c.parent).order_by(versions.c.number)).all()
    report.versions = len(numbers)
    for expected, line in enumerate(numbers, start=1):
        if line.number != expected or line.parent != expected - 1:
            report.problems.append(
                store_problem(
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
                store_problem(
                    "check_block_missing", version=row.version, sheet=sheet_title(row.sheet), year=row.fiscal_year
                )
            )
        elif row.version not in known:
            report.problems.append(store_problem("check_orphan_blocks", version=row.version))
