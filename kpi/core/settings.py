"""Every limit and setting in one place, each with one line of help (a test checks the help)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
STORE_DIR = DATA_DIR / "store"
SAMPLE_WORKBOOK = DATA_DIR / "sample_banphue_2568.xlsx"


@dataclass(frozen=True)
class Limits:
    """Upload limits: what a workbook may be before the server refuses to open it."""

    max_upload_bytes: int = 10 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 200
    max_zip_members: int = 500
    max_rows: int = 100_000
    max_columns: int = 60
    max_cells_per_sheet: int = 1_500_000
    max_text_length: int = 5_000
    max_cells_total: int = 1_500_000
    max_rows_total: int = 100_000
    max_text_bytes: int = 40 * 1024 * 1024
    # The report importer (kpi/ingest/report/importer.py): a real report is a few hundred rows of six cells.
    report_max_rows: int = 20_000
    report_max_cells: int = 100_000
    report_max_chars: int = 3_000_000
    report_max_line_chars: int = 100_000
    report_max_xml_bytes: int = 8 * 1024 * 1024


HELP = {
    "max_upload_bytes": "largest upload accepted, in bytes (Streamlit's own limit is set in .streamlit/config.toml)",
    "max_unzipped_bytes": "largest total size of the workbook's parts once unzipped (zip-bomb guard)",
    "max_compression_ratio": "largest unzipped/zipped ratio of one part of the workbook (zip-bomb guard)",
    "max_zip_members": "most parts a workbook zip may hold",
    "max_rows": "last Excel row number a data cell may use",
    "max_columns": "last Excel column number a data cell may use",
    "max_cells_per_sheet": "most cells one sheet may hold (cell-bomb guard)",
    "max_text_length": "longest text accepted in one cell",
    "max_cells_total": "most cells all sheets of a workbook may hold together (memory guard)",
    "max_rows_total": "most rows all sheets of a workbook may use together, by their last row (memory guard)",
    "max_text_bytes": (
        "largest UTF-8 size of the text a reader holds: shared strings, a copy for each cell that points at one,"
        " and sheets with inline text (memory guard)"
    ),
    "report_max_rows": "most rows (text lines, table rows) one report file or sheet may hold",
    "report_max_cells": "most cells one worksheet of a report workbook may hold (cell-bomb guard)",
    "report_max_chars": "most characters of text a report may hold in all (bounds the importer's work)",
    "report_max_xml_bytes": "largest total size of a report .docx's XML parts (python-docx holds them as a tree ~20x larger)",
    "report_max_line_chars": "longest line or cell of a report, in characters, checked before any pattern runs",
}

LIMITS = Limits()


@dataclass(frozen=True)
class Targets:
    """Default targets and thresholds shown on the dashboards."""

    satisfaction_target: float = 80.0
    satisfaction_method: str = "mean_pct"
    suppression_k: int = 3


TARGETS = Targets()

# The organisation named on the title slide and the results report (env KPI_ORG_NAME); the
# default is the organisation of the bundled sample report.
SAMPLE_ORG_NAME = "องค์การบริหารส่วนตำบลบ้านผือ"
ORG_NAME = os.environ.get("KPI_ORG_NAME", "").strip() or SAMPLE_ORG_NAME


def database_url() -> str:
    """The store's SQLAlchemy URL: KPI_DATABASE_URL, or SQLite under data/store/."""
    url = os.environ.get("KPI_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{STORE_DIR / 'ita.sqlite3'}"


def undocumented_limits() -> list[str]:
    """Names of limits without a line of help (a test keeps this empty)."""
    return [f.name for f in fields(Limits) if not HELP.get(f.name)]


# issue 9 (store) -------------------------------------------------------------------------------
# Automatic backups: one is taken before each save (upload, rollback, OIT edit, report import).
STORE_HELP = {
    "KPI_AUTO_BACKUPS": "how many automatic backups to keep (one is taken before each save; 0 turns them off)",
    "KPI_BACKUP_DIR": "folder for automatic backups (default: backups/ beside the SQLite store, else data/store/backups)",
}
DEFAULT_AUTO_BACKUPS = 10


def auto_backups_kept() -> int:
    """How many automatic backups to keep (env KPI_AUTO_BACKUPS, default 10; 0 turns them off)."""
    value = os.environ.get("KPI_AUTO_BACKUPS", "").strip()
    try:
        return max(0, int(value)) if value else DEFAULT_AUTO_BACKUPS
    except ValueError:
        return DEFAULT_AUTO_BACKUPS


def backup_dir_setting() -> str:
    """The folder named in KPI_BACKUP_DIR, or '' for the default."""
    return os.environ.get("KPI_BACKUP_DIR", "").strip()
