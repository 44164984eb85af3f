"""Every limit, threshold, default and deadline in one place, each with one line of help.

The typed access points are LIMITS, TARGETS and DEADLINES_SETTINGS (frozen dataclasses) and the
functions that read the environment (the only place in kpi/ that reads os.environ). `SETTINGS`
lists them all as `Setting` entries; tests check that each has help, is used, and is in README.md's
table (`python -m kpi.core.settings` prints that table).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import quote

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
    # issue 10 (house): limits that were module constants of their readers
    report_max_unzipped_bytes: int = 100 * 1024 * 1024
    report_max_zip_members: int = 2_000
    report_max_warnings: int = 100
    report_max_sheet_columns: int = 60
    report_max_targets_per_text: int = 50
    report_max_target_text_chars: int = 20_000
    report_max_period_chars: int = 1_000
    max_filename_length: int = 120
    max_name_length: int = 200
    max_listed_problems: int = 50


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
    # issue 10 (house)
    "report_max_unzipped_bytes": "largest declared total size of a report .docx/.xlsx's parts once unzipped (zip-bomb guard)",
    "report_max_zip_members": "most parts a report .docx/.xlsx zip may hold",
    "report_max_warnings": "report-import warnings listed before the rest are summed up in one line",
    "report_max_sheet_columns": "columns read from one worksheet of a report workbook",
    "report_max_targets_per_text": "most targets read out of one output/outcome text (more is noise, not a plan)",
    "report_max_target_text_chars": "characters of one output/outcome text read for targets (bounded work on untrusted text)",
    "report_max_period_chars": "longest period cell read as a period (a longer text is not one and is not read)",
    "max_filename_length": "longest file name kept (shown and stored) for an upload, after cleaning",
    "max_name_length": "longest sheet name or column header accepted in a workbook",
    "max_listed_problems": "problems of one kind listed per sheet column before one 'and N more' line",
}

LIMITS = Limits()


@dataclass(frozen=True)
class Targets:
    """Default targets and thresholds shown on the dashboards."""

    satisfaction_target: float = 80.0
    satisfaction_method: str = "mean_pct"
    suppression_k: int = 3


TARGETS = Targets()

TARGET_HELP = {
    "satisfaction_target": "satisfaction target in percent: the default line on the satisfaction page, overview and deck",
    "satisfaction_method": "default satisfaction score: mean_pct (mean ÷ 5 × 100) or top2 (share answering 4 or 5)",
    "suppression_k": "public outputs hide complaint counts 1…k−1 (and any count that would give one away)",
}


@dataclass(frozen=True)
class DeadlineSettings:
    """When each report is due. Every value is [U]: set it to your province's or the NACC's dates."""

    quarter_update_days: int = 15  # progress of a quarter is due this many days after the quarter ends [U]
    half_report_days: int = 30  # the 6-month report is due this many days after Q2 ends (30 เม.ย.) [U]
    year_report_days: int = 30  # the 12-month report is due this many days after the fiscal year ends [U]
    ita_window_start: tuple[int, int] = (5, 1)  # (month, day) ITA collection opens, within the fiscal year [U]
    ita_window_end: tuple[int, int] = (7, 31)  # (month, day) ITA collection closes [U]
    ita_results: tuple[int, int] = (8, 31)  # (month, day) ITA results expected (July–August per domain.md) [U]
    due_soon_days: int = 14  # a deadline this close is flagged as near


DEADLINE_HELP = {
    "quarter_update_days": "days after a quarter ends by which its progress must be entered [U]",
    "half_report_days": "days after Q2 (31 March) by which the 6-month report is due [U]",
    "year_report_days": "days after the fiscal year ends (30 September) by which the 12-month report is due [U]",
    "ita_window_start": "(month, day) the ITA data collection opens, in the fiscal year's second calendar year [U]",
    "ita_window_end": "(month, day) the ITA data collection closes [U]",
    "ita_results": "(month, day) the ITA results are expected [U]",
    "due_soon_days": "a deadline within this many days is shown as near",
}
DEADLINES_SETTINGS = DeadlineSettings()


@dataclass(frozen=True)
class AuthSettings:
    """Sign-in: accounts, lockout and sessions (issue 13)."""

    min_password_length: int = 8
    max_password_length: int = 1_024
    max_account_name_length: int = 64
    max_failures: int = 5
    lockout_minutes: int = 15
    session_hours: int = 12
    max_audit_shown: int = 2_000


AUTH_HELP = {
    "min_password_length": "shortest password an account may be given",
    "max_password_length": "longest password read at sign-in or when set (a longer one is refused before hashing)",
    "max_account_name_length": "longest account name",
    "max_failures": "failed sign-ins in a row that lock an account",
    "lockout_minutes": "how long a locked account stays locked",
    "session_hours": "default length of a signed-in session (it survives a reload; the admin page can change it)",
    "max_audit_shown": "most audit entries the admin page lists at once (the newest, after its filters)",
}
AUTH = AuthSettings()

# The organisation named on the title slide and the results report (env KPI_ORG_NAME); the
# default is the organisation of the bundled sample report.
SAMPLE_ORG_NAME = "องค์การบริหารส่วนตำบลบ้านผือ"
ORG_NAME = os.environ.get("KPI_ORG_NAME", "").strip() or SAMPLE_ORG_NAME
# The organisation's own code among many agencies (issue 14): `kpi load --agency` with it is the install's
# own data, and the ITA page finds the organisation's peers by it. Empty: not among the loaded results.
ORG_CODE = " ".join(os.environ.get("KPI_ORG_CODE", "")[:20].split())
# Where it is, on the results report's organisation line (ตำบล… อำเภอ… จังหวัด…): names without
# the prefix. With KPI_ORG_NAME unset they are the sample's; set for another organisation, they
# default to nothing (no other organisation is in Ban Phue), and an empty one is left out.
SAMPLE_ORG_PLACE = ("บ้านผือ", "โพนพิสัย", "หนองคาย")


def _org_place(env: str, sample: str) -> str:
    value = " ".join(os.environ.get(env, "")[:200].split())
    return value or ("" if os.environ.get("KPI_ORG_NAME", "").strip() else sample)


ORG_SUBDISTRICT = _org_place("KPI_ORG_SUBDISTRICT", SAMPLE_ORG_PLACE[0])
ORG_DISTRICT = _org_place("KPI_ORG_DISTRICT", SAMPLE_ORG_PLACE[1])
ORG_PROVINCE = _org_place("KPI_ORG_PROVINCE", SAMPLE_ORG_PLACE[2])


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file; the path is percent-encoded, so ?, #, % and spaces in it are kept."""
    return "sqlite:///" + quote(str(path), safe="/")


def database_url() -> str:
    """The store's SQLAlchemy URL: KPI_DATABASE_URL, or SQLite under data/store/."""
    url = os.environ.get("KPI_DATABASE_URL", "").strip()
    if url:
        return url
    return sqlite_url(STORE_DIR / "ita.sqlite3")


# Automatic backups: one is taken before each save (upload, rollback, OIT edit, report import).
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


def ita_rules_path() -> str:
    """The ITA rules file named in KPI_ITA_RULES, or '' for the bundled kpi/domain/ita_rules.json."""
    return os.environ.get("KPI_ITA_RULES", "").strip()


# issue 11 (cmp): the complaint categories (ประเภท) and channels (ช่องทาง) an agency publishes.
DEFAULT_COMPLAINT_CATEGORIES = ("ทุจริตและประพฤติมิชอบ", "ร้องเรียนทั่วไป")
DEFAULT_COMPLAINT_CHANNELS = (
    "ร้องเรียนด้วยตนเอง", "โทรศัพท์", "เว็บไซต์", "Facebook", "LINE", "อีเมล", "ไปรษณีย์", "ศูนย์ดำรงธรรม",
)  # fmt: skip
_MAX_LISTED = 50  # an administrator's list, not data: a longer one is a mistake, cut before reading


def _listed(env: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """A comma- (or semicolon-, newline-) separated list from the environment, in order, without repeats."""
    value = os.environ.get(env, "")[:10_000]
    items = [" ".join(part.split()) for part in value.replace(";", ",").replace("\n", ",").split(",")]
    kept = tuple(dict.fromkeys(item[:100] for item in items if item))[:_MAX_LISTED]
    return kept or default


def complaint_categories() -> tuple[str, ...]:
    """The complaint categories (ประเภท) of the COMPLAINTS sheet (env KPI_COMPLAINT_CATEGORIES, comma-separated)."""
    return _listed("KPI_COMPLAINT_CATEGORIES", DEFAULT_COMPLAINT_CATEGORIES)


def complaint_channels() -> tuple[str, ...]:
    """The complaint channels (ช่องทาง) of the COMPLAINTS sheet (env KPI_COMPLAINT_CHANNELS, comma-separated)."""
    return _listed("KPI_COMPLAINT_CHANNELS", DEFAULT_COMPLAINT_CHANNELS)


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One setting: the name code uses it by, its default, one line of help, the env variable that sets it."""

    group: str
    name: str
    default: Any
    help: str
    env: str | None = None


# Settings read from the environment: (name in code, env variable, default, help).
ENVIRONMENT: tuple[tuple[str, str, Any, str], ...] = (
    ("ORG_NAME", "KPI_ORG_NAME", SAMPLE_ORG_NAME, "the organisation named on the title slide and the results report"),
    ("ORG_CODE", "KPI_ORG_CODE", "", "the organisation's code (รหัสหน่วยงาน) among many agencies' ITA results: the ITA page compares it with its peers, and `kpi load --agency` with it loads the install's own data"),
    ("ORG_SUBDISTRICT", "KPI_ORG_SUBDISTRICT", SAMPLE_ORG_PLACE[0], "the organisation's ตำบล on the results report's organisation line, without the word ตำบล (default: the sample's while KPI_ORG_NAME is unset, else none)"),
    ("ORG_DISTRICT", "KPI_ORG_DISTRICT", SAMPLE_ORG_PLACE[1], "the organisation's อำเภอ on that line, without the word อำเภอ (default as for KPI_ORG_SUBDISTRICT)"),
    ("ORG_PROVINCE", "KPI_ORG_PROVINCE", SAMPLE_ORG_PLACE[2], "the organisation's จังหวัด on that line, without the word จังหวัด (default as for KPI_ORG_SUBDISTRICT)"),
    ("database_url", "KPI_DATABASE_URL", "sqlite:///data/store/ita.sqlite3", "the store: any SQLAlchemy URL (SQLite or PostgreSQL)"),
    ("auto_backups_kept", "KPI_AUTO_BACKUPS", DEFAULT_AUTO_BACKUPS, "how many automatic backups to keep (one is taken before each save; 0 turns them off)"),
    ("backup_dir_setting", "KPI_BACKUP_DIR", "", "folder for automatic backups (default: backups/ beside the SQLite store, else data/store/backups)"),
    ("ita_rules_path", "KPI_ITA_RULES", "kpi/domain/ita_rules.json", "the ITA rules file: weights, bands and rating words per year"),
    ("complaint_categories", "KPI_COMPLAINT_CATEGORIES", ",".join(DEFAULT_COMPLAINT_CATEGORIES), "complaint categories (ประเภท) accepted in the complaints sheet, comma-separated; stored codes of earlier uploads keep showing"),
    ("complaint_channels", "KPI_COMPLAINT_CHANNELS", ",".join(DEFAULT_COMPLAINT_CHANNELS), "complaint channels (ช่องทาง) accepted in the complaints sheet's optional channel column, comma-separated"),
)  # fmt: skip

_GROUPS: tuple[tuple[str, type, object, dict[str, str]], ...] = (
    ("limits", Limits, LIMITS, HELP),
    ("targets", Targets, TARGETS, TARGET_HELP),
    ("deadlines", DeadlineSettings, DEADLINES_SETTINGS, DEADLINE_HELP),
    ("auth", AuthSettings, AUTH, AUTH_HELP),
)


def _registry() -> tuple[Setting, ...]:
    """Every setting, grouped: the dataclass fields with their help, then the environment."""
    out = [
        Setting(group, f.name, getattr(instance, f.name), help_lines.get(f.name, ""))
        for group, cls, instance, help_lines in _GROUPS
        for f in fields(cls)
    ]
    out += [Setting("environment", name, default, text, env) for name, env, default, text in ENVIRONMENT]
    return tuple(out)


SETTINGS: tuple[Setting, ...] = _registry()


def undocumented_settings() -> list[str]:
    """Names of settings without a line of help (a test keeps this empty)."""
    return [s.name for s in SETTINGS if not s.help.strip()]


def stale_help() -> list[str]:
    """Lines of help whose setting no longer exists (a test keeps this empty)."""
    return [
        f"{group}: {name}"
        for group, cls, _, help_lines in _GROUPS
        for name in help_lines
        if name not in {f.name for f in fields(cls)}
    ]


def _shown(value: Any) -> str:
    """A default as the README shows it: thousands separated, an empty text as a dash."""
    if value == "":
        return "–"
    return f"`{value:,}`" if isinstance(value, int) and not isinstance(value, bool) else f"`{value}`"


_ACCESS = {"limits": "LIMITS", "targets": "TARGETS", "deadlines": "DEADLINES_SETTINGS", "auth": "AUTH"}


def settings_table() -> str:
    """README.md's table of every setting, generated from SETTINGS (a test keeps the README in step)."""
    rows = ["| group | setting | default | what it is |", "|---|---|---|---|"]
    for s in SETTINGS:
        where = f"env `{s.env}`" if s.env else f"`{_ACCESS[s.group]}.{s.name}`"
        text = s.help.replace("|", "\\|")
        rows.append(f"| {s.group} | {where} | {_shown(s.default)} | {text} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_table())
