"""Every table of the store, in one metadata.

Data (versioned, copied by backups and replaced by a restore):
  versions        one row per saved version: number, parent (unique, so history stays a line and
                  two commits on the same parent cannot both win), when, kind, file name, sha256,
                  summary, and who saved it (saved_by, saved_via; NULL for versions saved before
                  issue 13)
  blocks          content-addressed rows of one sheet for one fiscal year (zlib-compressed JSON)
  version_blocks  which block each version uses for each (sheet, fiscal year)
Accountability (never replaced by a restore: a restore brings old data back, not old accounts or an
older audit trail):
  users           local accounts: name, role, argon2id hash, disabled, failures in a row, locked until
  sessions        signed-in sessions: sha256 of the token, user, expiry, when it ended
  audit           the append-only, hash-chained trail (kpi/store/audit.py)
  audit_head      one row: the trail's last sequence number and hash (a deleted last entry shows)
  app_settings    what the admin page sets (the public view, the session length) and the signing key
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, LargeBinary, MetaData, String, Table, Text

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
    Column("saved_by", String(120), nullable=True),
    Column("saved_via", String(10), nullable=True),
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

users = Table(
    "users",
    metadata,
    Column("name_key", String(80), primary_key=True),  # the name case-folded: one account per name
    Column("name", String(80), nullable=False),
    Column("role", String(10), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", String(40), nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("changed_at", String(40), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("name_key", String(80), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("ended_at", String(40), nullable=True),
)

audit = Table(
    "audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),  # Asia/Bangkok, ISO 8601 with +07:00
    Column("actor", String(120), nullable=False),
    Column("via", String(10), nullable=False),
    Column("role", String(10), nullable=False),
    Column("action", String(30), nullable=False, index=True),
    Column("detail", Text, nullable=False),
    Column("version", Integer, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

app_settings = Table(
    "app_settings",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

DATA_TABLES = (versions, blocks, version_blocks)
