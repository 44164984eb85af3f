"""Stored blocks as rows: decode a block's bytes (checked against its digest) and name its sheet."""

from __future__ import annotations

import hashlib
import json
import zlib

from sqlalchemy import Select, select

from kpi.core.dataset import Block
from kpi.core.schema import SHEETS_BY_KEY
from kpi.store.faults import StoreFault
from kpi.store.tables import blocks, version_blocks


def version_blocks_query(version: int) -> Select:  # type: ignore[type-arg]
    """A version's rows of version_blocks with their payloads, as block_of_row reads them (narrow it with .where)."""
    return (
        select(
            version_blocks.c.agency,
            version_blocks.c.sheet,
            version_blocks.c.fiscal_year,
            version_blocks.c.sample,
            version_blocks.c.digest,
            blocks.c.payload,
        )
        .outerjoin(blocks, blocks.c.digest == version_blocks.c.digest)
        .where(version_blocks.c.version == version)
    )


def sheet_title(sheet: str) -> str:
    """The Thai name of a sheet key, as the workbook shows it."""
    spec = SHEETS_BY_KEY.get(sheet)
    return spec.title if spec else sheet


def decode_block(sheet: str, fiscal_year: int, digest: str, payload: bytes | None) -> list:  # type: ignore[type-arg]
    """A stored block's rows, after checking its bytes still hash to its digest (else a StoreFault naming it)."""
    try:
        if payload is None:
            raise ValueError("missing block")
        raw = zlib.decompress(payload)
        if hashlib.sha256(raw).hexdigest() != digest:
            raise ValueError("digest mismatch")
        rows = json.loads(raw)
        if not isinstance(rows, list):
            raise ValueError("not a list of rows")
    except (zlib.error, ValueError) as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise StoreFault("store_block_corrupt", sheet=sheet_title(sheet), year=fiscal_year) from exc
    return rows


def block_of_row(row) -> Block:  # type: ignore[no-untyped-def]
    """A Block from a row of version_blocks joined with its payload (agency, sheet, fiscal_year, sample, digest)."""
    records = tuple(decode_block(row.sheet, row.fiscal_year, row.digest, row.payload))
    return Block(row.sheet, row.fiscal_year, records, bool(row.sample), row.agency)
