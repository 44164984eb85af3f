"""The one module that owns persistence: versioned data in SQL (SQLite by default, PostgreSQL too).

Layout:
  versions        one row per saved version: number, parent (unique, so history stays a line and
                  two commits on the same parent cannot both win), when, kind, file name, sha256,
                  summary
  blocks          content-addressed rows of one sheet for one fiscal year (zlib-compressed JSON)
  version_blocks  which block each version uses for each (sheet, fiscal year)
A commit writes everything in one transaction: a crash half-way leaves the previous version as it
was. Rollback writes a new version that points at an old version's blocks.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from kpi.dataset import Block, Dataset, VersionInfo, dataset_from_blocks
from kpi.messages import problem_message, t
from kpi.settings import database_url

metadata = MetaData()

versions = Table(
    "versions",
    metadata,
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("parent", Integer, nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("source_version", Integer, nullable=True),
)

blocks = Table(
    "blocks",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("sheet", String(40), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

version_blocks = Table(
    "version_blocks",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("sheet", String(40), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
)


class StoreError(Exception):
    """A commit that did not happen; `message` is Thai and safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StoreConflict(StoreError):
    """Someone else saved a version first."""


def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # serialise writers: the second one waits

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    """Versioned storage of the dashboard's data."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self.engine = _engine(self.url)
        metadata.create_all(self.engine)

    # reading -------------------------------------------------------------------------------
    def head(self) -> VersionInfo | None:
        """The current version, or None for an empty store."""
        with self.engine.connect() as conn:
            row = conn.execute(select(versions).order_by(versions.c.number.desc()).limit(1)).first()
        return _version(row) if row else None

    def versions(self) -> list[VersionInfo]:
        """Every version, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(versions).order_by(versions.c.number.desc())).all()
        return [_version(r) for r in rows]

    def version(self, number: int) -> VersionInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(versions).where(versions.c.number == number)).first()
        return _version(row) if row else None

    def blocks(self, number: int) -> list[Block]:
        """The blocks a version is made of."""
        query = (
            select(version_blocks.c.sheet, version_blocks.c.fiscal_year, version_blocks.c.sample, blocks.c.payload)
            .join(blocks, blocks.c.digest == version_blocks.c.digest)
            .where(version_blocks.c.version == number)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            Block(r.sheet, r.fiscal_year, tuple(json.loads(zlib.decompress(r.payload))), bool(r.sample)) for r in rows
        ]

    def dataset(self, number: int | None = None) -> Dataset:
        """The data of a version (default: the current one); empty frames for an empty store."""
        info = self.head() if number is None else self.version(number)
        if info is None:
            return dataset_from_blocks([], None)
        return dataset_from_blocks(self.blocks(info.number), info)

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
    ) -> VersionInfo:
        """Save a new version: the expected head's blocks with `changes` replacing theirs."""
        changed = list(changes)
        return self._write(expected_head, kind, filename, sha256, summary, None, lambda conn, head: changed)

    def rollback(self, number: int, expected_head: int | None = None) -> VersionInfo:
        """Save a new version whose content equals version `number`."""
        target = self.version(number)
        if target is None:
            raise StoreError(problem_message("version_not_found", version=number))
        head = self.head()
        expected = head.number if expected_head is None and head else expected_head
        summary = t("kind_rollback", version=number)
        return self._write(
            expected, "rollback", target.filename, target.sha256, summary, number,
            lambda conn, head: None, base=number,
        )  # fmt: skip

    def _write(
        self,
        expected_head: int | None,
        kind: str,
        filename: str,
        sha256: str,
        summary: str,
        source_version: int | None,
        make_changes,  # type: ignore[no-untyped-def]
        base: int | None = None,
    ) -> VersionInfo:
        try:
            with self.engine.begin() as conn:
                current = conn.execute(select(func.max(versions.c.number))).scalar()
                current = int(current) if current is not None else 0
                if (expected_head or 0) != current:
                    raise StoreConflict(problem_message("store_conflict", head=current))
                new_number = current + 1
                keep = _version_block_rows(conn, base if base is not None else current)
                changes: list[Block] | None = make_changes(conn, current)
                if changes:
                    for block in changes:
                        _put_block(conn, block)
                        keep[(block.sheet, block.fiscal_year)] = (block.digest, block.sample)
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
                    )  # fmt: skip
                )
                if keep:
                    conn.execute(
                        insert(version_blocks),
                        [
                            {"version": new_number, "sheet": s, "fiscal_year": y, "digest": d, "sample": smp}
                            for (s, y), (d, smp) in keep.items()
                        ],
                    )
        except StoreError:
            raise
        except IntegrityError as exc:
            head = self.head()
            raise StoreConflict(problem_message("store_conflict", head=head.number if head else 0)) from exc
        except OperationalError as exc:
            raise StoreError(problem_message("store_unavailable", reason=type(exc.orig).__name__)) from exc
        except SQLAlchemyError as exc:
            raise StoreError(problem_message("store_unavailable", reason=type(exc).__name__)) from exc
        info = self.version(new_number)
        assert info is not None
        return info


def _version(row) -> VersionInfo:  # type: ignore[no-untyped-def]
    return VersionInfo(
        number=row.number,
        created_at=row.created_at,
        kind=row.kind,
        filename=row.filename,
        sha256=row.sha256,
        summary=row.summary,
        source_version=row.source_version,
    )


def _version_block_rows(conn: Connection, number: int) -> dict[tuple[str, int], tuple[str, bool]]:
    rows = conn.execute(select(version_blocks).where(version_blocks.c.version == number)).all()
    return {(r.sheet, r.fiscal_year): (r.digest, bool(r.sample)) for r in rows}


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
