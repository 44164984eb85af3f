"""Every table of the store, in one metadata.

Data (versioned, copied by backups and replaced by a restore):
  versions        one row per saved version: number, parent (unique, so history stays a line and
                  two commits on the same parent cannot both win), when, kind, file name, sha256,
                  summary, and who saved it (saved_by, saved_via; NULL for versions saved before
                  issue 13)
  blocks          content-addressed rows of one sheet for one fiscal year (zlib-compressed JSON)
  version_blocks  which block each version uses for each (agency, sheet, fiscal year); agency "" is
                  the install's own, "*" the shared sheets (ผล ITA หลายหน่วยงาน), else an agency's code
Roll-up (issue 14; the head version's shared results as plain rows, rebuilt by the store in the same
transaction as every commit, rollback and restore, so other tools can read them; never the source):
  agencies        one row per agency code: its latest name, type, district and province
  agency_results  one row per agency and fiscal year: the published scores, the total every screen
                  uses (given, or computed from the tools by the year's weights), the year's pass mark
                  and whether the total reaches it
  agency_progress per agency with its own workbook ("" is the install's own) and fiscal year: the
                  measures' whole-year counts and the year's satisfaction, as the overview computes them
  (view) ita_pass_by_district  pass rate per fiscal year, province and district
Accountability (never replaced by a restore: a restore brings old data back, not old accounts or an
older audit trail):
  users           local accounts: name, role, argon2id hash, disabled, failures in a row, locked until
  sessions        signed-in sessions: sha256 of the token, user, expiry, when it ended
  audit           the append-only, hash-chained trail (kpi/store/audit.py)
  audit_head      one row: the trail's last sequence number and hash (a deleted last entry shows)
  app_settings    what the admin page sets (the public view, the session length) and the signing key
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, LargeBinary, MetaData, String, Table, Text

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
    # issue 14: whose block: "" the install's own agency, "*" the shared sheets, else an agency's code.
    Column("agency", String(20), primary_key=True, server_default=""),
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

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("type", String(30), nullable=False),
    Column("district", String(120), nullable=False),
    Column("province", String(120), nullable=False),
    Column("latest_year", Integer, nullable=False),
)

agency_results = Table(
    "agency_results",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True, index=True),  # a year's rows without a scan
    Column("name", String(300), nullable=False),
    Column("type", String(30), nullable=False, index=True),
    Column("district", String(120), nullable=False, index=True),
    Column("province", String(120), nullable=False, index=True),
    Column("iit", Float, nullable=True),
    Column("eit", Float, nullable=True),
    Column("oit", Float, nullable=True),
    Column("total", Float, nullable=False),
    Column("published_rating", String(40), nullable=True),
    Column("pass_mark", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
)

agency_progress = Table(
    "agency_progress",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True),
    Column("planned", Integer, nullable=False),
    Column("done", Integer, nullable=False),
    Column("in_progress", Integer, nullable=False),
    Column("not_started", Integer, nullable=False),
    Column("not_reported", Integer, nullable=False),
    Column("on_plan", Integer, nullable=False),
    Column("satisfaction_percent", Float, nullable=True),
    Column("satisfaction_n", Integer, nullable=True),
)

DATA_TABLES = (versions, blocks, version_blocks)
ROLLUP_TABLES = (agencies, agency_results, agency_progress)
