"""Read an uploaded workbook and validate every sheet, collecting all problems at once.

The path is: safety check of the raw bytes (kpi.ingest.safety) → fast read with calamine (only
after the check, which rules out the files calamine cannot survive) → sheet names matched to the
template → each sheet's cells and rows checked (kpi.ingest.sheets, kpi.ingest.cells). Nothing here
writes anything.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from python_calamine import CalamineWorkbook

from kpi.core import text_safety
from kpi.core.dataset import Record
from kpi.core.messages import t
from kpi.core.problems import WARNING, Problem, has_errors, problem
from kpi.core.schema import INSTRUCTIONS_TITLE, SHEETS, SheetSpec
from kpi.core.settings import LIMITS, Limits
from kpi.ingest.cells import MAX_NAME_LENGTH, char_label, loose_key
from kpi.ingest.safety import hidden_sheet_problems, inspect_xlsx
from kpi.ingest.sheets import percent_columns, validate_sheet
from kpi.ingest.xlsx_scan import SheetInfo, percent_cells, percent_styles
from kpi.privacy import identity as privacy
from kpi.privacy.redaction import redact


@dataclass
class ParsedUpload:
    """What an upload contains once read: records per sheet key, and every problem found."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)  # Excel row of each record
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    def years(self, sheet: str) -> list[int]:
        return sorted({int(r["fiscal_year"]) for r in self.records.get(sheet, [])})


def _match_sheet(name: str) -> SheetSpec | None:
    wanted = loose_key(name)
    return next((s for s in SHEETS if loose_key(s.title) == wanted), None)


def _name_problem(name: str, label: str) -> Problem | None:
    """A sheet name refused (too long, control characters, an identity); limits before any scan."""
    if len(name) > MAX_NAME_LENGTH:
        return problem("sheet_name_too_long", sheet=label, limit=MAX_NAME_LENGTH)
    bad = text_safety.control_character(name) or text_safety.bidi_control(name)
    if bad:
        return problem("sheet_name_control_character", sheet=label, char=char_label(bad))
    kind = privacy.identity_text(name)
    if kind:
        return problem("identity_sheet", sheet=label, kind=kind)
    return None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a sheet's hundreds of thousands of cells and records are
    built (nothing here makes cycles): each pass would walk them all again. Whoever paused it resumes it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_upload(data: bytes, filename: str | None = None, limits: Limits = LIMITS) -> ParsedUpload:
    """Safety-check, read and validate a workbook; never raises on any input."""
    with _collector_paused():
        return _read_upload(data, filename, limits)


def _read_upload(data: bytes, filename: str | None, limits: Limits) -> ParsedUpload:
    inspection = inspect_xlsx(data, filename, limits)
    # Sheet names are checked first: one that is refused is named by its position from here on.
    labels: dict[str, str] = {}
    name_problems: list[Problem] = []
    for position, info in enumerate(inspection.sheets, start=1):
        label = t("identity_sheet_label", position=position)
        refused = _name_problem(info.name, label)
        if refused is not None:
            labels[info.name] = label
            name_problems.append(refused)
    result = ParsedUpload(problems=[*name_problems, *_relabel(inspection.problems, labels)])
    if not inspection.safe:
        return _finish(result)
    known_titles = {s.title for s in SHEETS}
    hidden = _relabel(hidden_sheet_problems(inspection, known_titles), labels)
    result.problems.extend(hidden)
    if has_errors(hidden):  # a refused sheet name does not stop the other sheets being checked: all problems at once
        return _finish(result)
    matched: list[tuple[SheetSpec, str, SheetInfo]] = []
    seen: dict[str, str] = {}
    for info in inspection.sheets:
        if info.state != "visible" or info.name in labels:
            continue  # a refused name is already reported (by position) and never matched or shown
        spec = _match_sheet(info.name)
        if spec is not None and spec.key in seen:
            result.problems.append(problem("duplicate_sheet", sheet=info.name, other=seen[spec.key]))
            continue
        if spec is not None:
            seen[spec.key] = info.name
        if spec is None:
            if loose_key(info.name) != loose_key(INSTRUCTIONS_TITLE):
                read = ", ".join(t("sheet_quoted", sheet=s.title) for s in SHEETS)
                result.problems.append(problem("unknown_sheet", sheet=info.name, severity=WARNING, sheets=read))
            continue
        if info.part is not None:
            matched.append((spec, info.name, info))
    if not matched:
        expected = ", ".join(s.title for s in SHEETS)
        result.problems.append(problem("no_known_sheet", expected=expected))
        return _finish(result)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        result.problems.append(problem("corrupt_file"))
        return _finish(result)

    memo: dict[str, str | None] = {}
    styles: list[frozenset[int]] = []  # read once, and only for a sheet with a percent column
    for spec, name, info in matched:
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            errors = _error_cells(data, info.part) if info.part else {}
            percents = _percent_cells(
                data, info.part, percent_columns(spec, rows[0]) if rows else frozenset(), styles, limits
            )
        except Exception:
            result.problems.append(problem("sheet_unreadable", sheet=name))
            continue
        records, excel_rows, problems = validate_sheet(
            spec, name, rows, info.formulas_without_value, limits, error_cells=errors, memo=memo, percent_cells=percents
        )
        result.problems.extend(problems)
        if records:
            result.records[spec.key] = records
            result.rows[spec.key] = excel_rows
    if not result.records and result.ok:
        result.problems.append(problem("no_data_rows"))
    return _finish(result)


def _relabel(problems: list[Problem], labels: dict[str, str]) -> list[Problem]:
    """Problems about a refused sheet name, named by the sheet's position instead."""
    # The gate's messages never quote a sheet name (the sheet is a field): only that field changes.
    return [dataclasses.replace(p, sheet=labels[p.sheet]) if p.sheet in labels else p for p in problems]


def _finish(result: ParsedUpload) -> ParsedUpload:
    """The safety net: no message, sheet or column shown may hold an identity (they are built not to)."""
    result.problems = [redact_problem(p) for p in result.problems]
    return result


def redact_problem(p: Problem) -> Problem:
    """`p` with any identity in its message, sheet or column replaced by a mark."""
    message = redact(p.message)
    sheet = redact(p.sheet) if p.sheet else p.sheet
    column = redact(p.column) if p.column else p.column
    if (message, sheet, column) == (p.message, p.sheet, p.column):
        return p
    return dataclasses.replace(p, message=message, sheet=sheet, column=column)


_CHUNK = 1 << 20


def _chunks(archive: zipfile.ZipFile, part: str, overlap: int) -> Iterator[tuple[bytes, int]]:
    """The part's bytes in chunks with a limit: matches starting before the limit belong to this chunk;
    the last `overlap` bytes come again at the start of the next (a match is never longer than that)."""
    carry = b""
    with archive.open(part) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer = carry + chunk
            if not chunk:
                yield buffer, len(buffer)
                return
            limit = max(0, len(buffer) - overlap)
            yield buffer, limit
            carry = buffer[limit:]


_MAX_ERROR_CELLS = 100_000


def _percent_cells(
    data: bytes, part: str | None, columns: frozenset[int], styles: list[frozenset[int]], limits: Limits
) -> frozenset[str]:
    """The cells of a sheet's percent columns that Excel shows as a percent (calamine reads values only)."""
    if part is None or not columns:
        return frozenset()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not styles:
            styles.append(percent_styles(archive))
        return percent_cells(archive, part, columns, styles[0], limits)


def _error_cells(data: bytes, part: str) -> dict[str, str]:
    """Cells Excel stored as an error value (t="e"): reference → '#DIV/0!' …; calamine reads them as ''."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for chunk, limit in _chunks(archive, part, 4096):
            for quote in (b'"', b"'"):
                marker = b"t=" + quote + b"e" + quote
                at = chunk.find(marker, 0, limit + len(marker) - 1)
                while at != -1 and at < limit and len(found) < _MAX_ERROR_CELLS:
                    start = chunk.rfind(b"<", max(0, at - 300), at)
                    end = chunk.find(b">", at, at + 300)
                    if start != -1 and end != -1:
                        tag = chunk[start:end]
                        ref = _attribute(tag, b"r")
                        value_at = chunk.find(b"<v>", end, end + 2000)
                        close = chunk.find(b"</v>", value_at, value_at + 40) if value_at != -1 else -1
                        if ref and close != -1:
                            found[ref] = chunk[value_at + 3 : close].decode("utf-8", "replace").strip()[:12]
                    at = chunk.find(marker, at + 1)
    return found


def _attribute(tag: bytes, name: bytes) -> str | None:
    for quote in (b'"', b"'"):
        key = b" " + name + b"=" + quote
        at = tag.find(key)
        if at != -1:
            end = tag.find(quote, at + len(key))
            value = tag[at + len(key) : end].decode("ascii", "replace")
            return value if value.isalnum() else None
    return None
