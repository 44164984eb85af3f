"""Import a published "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน".

parse_report is the one entry point (the import page and `python -m kpi import-report` call it):
the file is read into rows (reading), its cells cleaned (cleaning), the measures table found and
its measures assembled (table), giving an ImportedReport whose warnings, like the refusal in a
ReportImportError, are Problems (model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath

from kpi.ingest.report import limits
from kpi.ingest.report.kinds import is_action_plan, kind_refusal, plain_text
from kpi.ingest.report.model import ImportedReport, ReportImportError, SourceRow, refusal
from kpi.ingest.report.reading import decode_text, file_format, rows_from_docx, sheets_from_xlsx, text_candidates
from kpi.ingest.report.table import assemble_report


def _first_report(candidates: Iterable[list[SourceRow]]) -> ImportedReport:
    """The report from the first sheet / way of splitting that holds a measures table."""
    failure: ReportImportError | None = None
    for rows in candidates:
        try:
            return assemble_report(rows)
        except ReportImportError as exc:
            # "No measures under a header" says more than "no header" from a wrong split.
            if failure is None or exc.code == "no_measures":
                failure = exc
    raise failure or refusal("no_table")


# Refusals after which the file was read but held no measures table: it may be another table
# agencies publish, and the refusal then says which and where that data goes (kpi.ingest.report.kinds).
_NOT_A_TABLE = frozenset({"no_table", "no_measures"})


def parse_report(data: bytes, filename: str) -> ImportedReport:
    """Read a measures report (.txt/.tsv/.csv/.docx/.xlsx); raises ReportImportError carrying Problems."""
    if len(data) > limits.MAX_FILE_BYTES:
        raise refusal("too_large", size_mb=len(data) / 1024 / 1024, limit_mb=limits.MAX_FILE_BYTES / 1024 / 1024)
    if not data.strip():
        raise refusal("empty")
    try:
        kind, archive = file_format(data, filename)
        lines: list[list[str]]
        if kind == "docx":
            rows = rows_from_docx(data)
            lines = [row.cells for row in rows]
            return _checked(lambda: assemble_report(rows), lines)
        candidates: Iterable[list[SourceRow]]
        if archive is not None:
            sheets = sheets_from_xlsx(data, archive)
            candidates = [rows for _title, rows in sheets]
            lines = [row.cells for _title, rows in sheets for row in rows]
        else:
            extension = PurePath(filename or "").suffix.lower()
            text = decode_text(data)
            candidates = text_candidates(text, extension)
            lines = [[line] for line in text.splitlines()]
        return _checked(lambda: _first_report(candidates), lines)
    except ReportImportError:
        raise
    except RecursionError as exc:
        raise refusal("unreadable") from exc
    except Exception as exc:  # any parser failure on untrusted input is "not a readable report"
        raise refusal("unreadable") from exc


def _checked(read: Callable[[], ImportedReport], lines: list[list[str]]) -> ImportedReport:
    """The report `read` finds; a file that is another kind of table is refused naming that kind."""
    try:
        report = read()
    except ReportImportError as exc:
        if exc.code not in _NOT_A_TABLE:
            raise
        other = kind_refusal(plain_text(lines))  # only after the limits the reading enforced
        if other is None:
            raise
        raise other from exc
    if is_action_plan(plain_text(lines)):  # its project table reads like the measures table
        raise refusal("looks_like_action_plan")
    return report
