"""Import a published "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน".

parse_report is the one entry point (the import page and `python -m kpi import-report` call it):
the file is read into rows (reading), its cells cleaned (cleaning), the measures table found and
its measures assembled (table), giving an ImportedReport whose warnings, like the refusal in a
ReportImportError, are Problems (model).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from kpi.ingest.report import limits
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


def parse_report(data: bytes, filename: str) -> ImportedReport:
    """Read a measures report (.txt/.tsv/.csv/.docx/.xlsx); raises ReportImportError carrying Problems."""
    if len(data) > limits.MAX_FILE_BYTES:
        raise refusal("too_large", size_mb=len(data) / 1024 / 1024, limit_mb=limits.MAX_FILE_BYTES / 1024 / 1024)
    if not data.strip():
        raise refusal("empty")
    try:
        kind, archive = file_format(data, filename)
        if kind == "docx":
            return assemble_report(rows_from_docx(data))
        candidates: Iterable[list[SourceRow]]
        if archive is not None:
            candidates = [rows for _title, rows in sheets_from_xlsx(data, archive)]
        else:
            extension = PurePath(filename or "").suffix.lower()
            candidates = text_candidates(decode_text(data), extension)
        return _first_report(candidates)
    except ReportImportError:
        raise
    except RecursionError as exc:
        raise refusal("unreadable") from exc
    except Exception as exc:  # any parser failure on untrusted input is "not a readable report"
        raise refusal("unreadable") from exc
