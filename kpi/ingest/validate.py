"""Read an uploaded workbook and validate every sheet, collecting all problems at once.

The path is: safety check of the raw bytes (kpi.ingest.safety) → fast read with calamine (only
after the check, which rules out the files calamine cannot survive) → header matching → a typed
value for every cell, or a Problem naming sheet, Excel row and column → checks across rows and
sheets. Nothing here writes anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from kpi.core import text_safety
from kpi.core.dataset import Record
from kpi.core.fiscal import be_year, ce_year, parse_quarters
from kpi.core.messages import problem_message, t
from kpi.core.problems import WARNING, BoundedProblems, Problem, has_errors, problem
from kpi.core.schema import (
    INSTRUCTIONS_TITLE,
    SHEETS,
    SHEETS_BY_TITLE,
    YEAR_RANGE,
    Column,
    SheetSpec,
)
from kpi.core.settings import LIMITS, Limits
from kpi.core.thai import (
    AmbiguousNumber,
    format_number,
    normalize_space,
    normalize_thai,
    parse_int,
    parse_number,
    to_arabic_digits,
)
from kpi.ingest.safety import SheetInfo, column_letters, hidden_sheet_problems, inspect_xlsx
from kpi.privacy import identity as privacy
from kpi.privacy.redaction import redact

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")


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


def _loose(text: str) -> str:
    """Header comparison key: Thai normalised (ำ composed, invisible characters gone), no spaces or marks."""
    return re.sub(r"[\s*:：]+", "", normalize_space(normalize_thai(str(text)))).lower()


def _match_sheet(name: str) -> SheetSpec | None:
    wanted = _loose(name)
    return next((s for s in SHEETS if _loose(s.title) == wanted), None)


# Excel's own limit on a sheet name is 31 characters; a header longer than this is not a header.
MAX_NAME_LENGTH = LIMITS.max_name_length
# What calamine returns for an Excel error cell written as text (t="str") and how Excel shows them.
FORMULA_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"})  # fmt: skip


def _char_label(ch: str) -> str:
    """A control character named by its code point (U+001B), never shown raw."""
    return f"U+{ord(ch):04X}"


def _name_problem(name: str, label: str) -> Problem | None:
    """A sheet name refused (too long, control characters, an identity); limits before any scan."""
    if len(name) > MAX_NAME_LENGTH:
        return problem("sheet_name_too_long", sheet=label, limit=MAX_NAME_LENGTH)
    bad = text_safety.control_character(name) or text_safety.bidi_control(name)
    if bad:
        return problem("sheet_name_control_character", sheet=label, char=_char_label(bad))
    kind = privacy.identity_text(name)
    if kind:
        return problem("identity_sheet", sheet=label, kind=kind)
    return None


def read_upload(data: bytes, filename: str | None = None, limits: Limits = LIMITS) -> ParsedUpload:
    """Safety-check, read and validate a workbook; never raises on any input."""
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
            if _loose(info.name) != _loose(INSTRUCTIONS_TITLE):
                result.problems.append(problem("unknown_sheet", sheet=info.name, severity=WARNING))
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
    for spec, name, info in matched:
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            errors = _error_cells(data, info.part) if info.part else {}
        except Exception:
            result.problems.append(problem("sheet_unreadable", sheet=name))
            continue
        records, excel_rows, problems = validate_sheet(
            spec, name, rows, info.formulas_without_value, limits, error_cells=errors, memo=memo
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
    if not labels:
        return list(problems)
    out = []
    for p in problems:
        if p.sheet in labels:
            message = p.message
            for name, label in labels.items():
                message = message.replace(name, label)
            p = dataclasses.replace(p, sheet=labels[p.sheet], message=message)
        out.append(p)
    return out


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


def validate_sheet(
    spec: SheetSpec,
    sheet_name: str,
    rows: list[list[Any]],
    formulas_without_value: frozenset[str] = frozenset(),
    limits: Limits = LIMITS,
    error_cells: dict[str, str] | None = None,
    memo: dict[str, str | None] | None = None,
) -> tuple[list[Record], list[int], list[Problem]]:
    """Turn one sheet's raw rows into typed records; every bad cell becomes a Problem."""
    found = BoundedProblems()
    memo = {} if memo is None else memo
    error_cells = error_cells or {}
    if not rows:
        found.add("sheet_no_rows", sheet=sheet_name, severity=WARNING)
        return [], [], found.result()
    header = rows[0]
    position: dict[str, int] = {}
    extra_columns: list[tuple[int, str]] = []
    labels: dict[int, str] = {}  # what a problem calls each column: its header, or its letter if refused
    by_title = {_loose(c.title): c for c in spec.columns}
    aggregate_only = spec.key == "complaints"
    text_columns_flagged: set[int] = set()
    for index, cell in enumerate(header):
        letter = column_letters(index + 1)
        if cell in (None, "") or (isinstance(cell, float) and math.isnan(cell)):
            continue
        raw_title = str(cell)
        # Limits before any scan: a header this long is refused without looking into it.
        if len(raw_title) > MAX_NAME_LENGTH:
            found.add("header_too_long", sheet=sheet_name, row=1, column=letter, limit=MAX_NAME_LENGTH)
            labels[index] = letter
            continue
        bad = text_safety.control_character(raw_title) or text_safety.bidi_control(raw_title)
        if bad:
            found.add("header_control_character", sheet=sheet_name, row=1, column=letter, char=_char_label(bad))
            labels[index] = letter
            continue
        title = normalize_space(normalize_thai(raw_title))
        if not title:
            continue
        column = by_title.get(_loose(title))
        if column is None:
            kind = privacy.identity_text(title) if isinstance(cell, str) else privacy.identity_value(cell)
            if kind:
                found.add("identity_header", sheet=sheet_name, row=1, column=letter, kind=kind)
                labels[index] = letter
                text_columns_flagged.add(index)
                continue
            labels[index] = title
            extra_columns.append((index, title))
            if aggregate_only and privacy.identity_column(title):
                found.add("identity_column", sheet=sheet_name, row=1, column=title)
                text_columns_flagged.add(index)
            else:
                found.add("unknown_column", sheet=sheet_name, row=1, column=title, severity=WARNING)
        elif column.key in position:
            found.add("duplicate_column", sheet=sheet_name, row=1, column=column.title)
        else:
            position[column.key] = index
            labels[index] = column.title
    for column in spec.columns:
        if column.required and column.key not in position:
            found.add("missing_column", sheet=sheet_name, row=1, column=column.title)

    # Complaints are aggregates only: any column beyond the template's is refused if it names a person
    # or holds text. Elsewhere a 13-digit ID is refused in any cell, and notes are checked in full.
    extra_positions = {index for index, _ in extra_columns}
    template_positions = set(position.values())
    checked = template_positions | (extra_positions if aggregate_only else set())
    full_check = {position[k] for k in _FREE_TEXT_KEYS if k in position}

    records: list[Record] = []
    excel_rows: list[int] = []
    for offset, raw in enumerate(rows[1:], start=2):
        blank = all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in raw)
        if blank and not (error_cells and any(f"{column_letters(i + 1)}{offset}" in error_cells for i in checked)):
            continue
        refused: set[int] = set()  # cells already reported: not converted, not scanned again
        for index, cell in enumerate(raw):
            stored = index in checked  # other columns are dropped: only an ID card number is looked for
            label = labels.get(index) or column_letters(index + 1)
            error = _formula_error(cell, index, offset, error_cells) if stored else None
            if error is not None:
                found.add("formula_error", sheet=sheet_name, row=offset, column=label, error=error)
                refused.add(index)
                continue
            if not isinstance(cell, str | int | float) or isinstance(cell, bool):
                continue
            if isinstance(cell, str):
                if len(cell) > limits.max_text_length and not stored:
                    continue  # dropped unread: never scanned
                if len(cell) > limits.max_text_length:
                    found.add("text_too_long", sheet=sheet_name, row=offset, column=label, limit=limits.max_text_length)
                    refused.add(index)
                    continue
                control = text_safety.control_character(cell) if stored else None
                bidi = None if control or not stored else text_safety.bidi_control(cell)
                if control or bidi:
                    code = "control_character" if control else "bidi_character"
                    found.add(code, sheet=sheet_name, row=offset, column=label, char=_char_label(control or bidi or ""))
                    refused.add(index)
                    continue
                if cell not in memo:  # one long string shared by many cells is scanned once
                    memo[cell] = privacy.identity_value(cell)
                kind = memo[cell]
            else:
                kind = privacy.identity_value(cell)
            if kind and (aggregate_only or index in full_check or kind == privacy.KIND_ID_CARD):
                found.add("identity_value", sheet=sheet_name, row=offset, column=label, kind=kind)
                refused.add(index)
            elif (
                aggregate_only and index in extra_positions and index not in text_columns_flagged
                and isinstance(cell, str) and cell.strip() and not _looks_numeric(cell)
            ):  # fmt: skip
                text_columns_flagged.add(index)
                found.add("complaint_text", sheet=sheet_name, row=offset, column=label)
        record: Record = {}
        for column in spec.columns:
            at = position.get(column.key)
            if at is not None and at in refused:
                record[column.key] = None
                continue
            value = raw[at] if at is not None and at < len(raw) else None
            typed, issue = _convert(column, value, limits)
            if issue is None and typed is None and column.required and at is not None:
                ref = f"{column_letters(at + 1)}{offset}"
                code = "formula_no_value" if ref in formulas_without_value else "required"
                issue = (code, {})
            if issue is not None:
                code, details = issue
                found.add(code, sheet=sheet_name, row=offset, column=column.title, **details)
            record[column.key] = typed
        records.append(record)
        excel_rows.append(offset)
    found.extend(_row_checks(spec, sheet_name, records, excel_rows))
    return records, excel_rows, found.result()


def _formula_error(cell: Any, index: int, row: int, error_cells: dict[str, str]) -> str | None:
    """The Excel error a cell holds ('#DIV/0!', 'NaN'), or None."""
    if isinstance(cell, float) and math.isnan(cell):
        return "NaN"
    if isinstance(cell, str) and len(cell) <= 16 and cell.strip().upper() in FORMULA_ERRORS:
        return cell.strip().upper()
    if error_cells and (cell is None or cell == ""):
        error = error_cells.get(f"{column_letters(index + 1)}{row}")
        if error is not None:
            return error if error in FORMULA_ERRORS else "#ERROR"
    return None


Issue = tuple[str, dict[str, Any]] | None
_FREE_TEXT_KEYS = ("note",)  # where a case note (and with it a name or phone) could slip in


def _looks_numeric(text: str) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def _convert(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    """A cell's typed value, or the problem with it."""
    if value is None or (isinstance(value, str) and not normalize_space(value)):
        return None, None
    converter = _CONVERTERS[column.kind]
    return converter(column, value, limits)


def _convert_text(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    lines = [normalize_space(line) for line in str(value).splitlines()]
    text = "\n".join(line for line in lines if line)
    if len(text) > limits.max_text_length:
        return None, ("text_too_long", {"limit": limits.max_text_length})
    return text, None


def _in_range(column: Column, number: float) -> Issue:
    if column.low is not None and column.high is not None and not column.low <= number <= column.high:
        return ("out_of_range", {"low": format_number(column.low), "high": format_number(column.high)})
    return None


def _convert_number(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    try:
        number = parse_number(value)
    except AmbiguousNumber:
        return None, ("ambiguous_number", {})
    except ValueError:
        return None, ("bad_number", {})
    if number is None:
        return None, None
    return number, _in_range(column, number)


def _convert_int(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    try:
        number = parse_int(value)
    except AmbiguousNumber:
        return None, ("ambiguous_number", {})
    except ValueError:
        try:
            parse_number(value)
        except ValueError:
            return None, ("bad_number", {})
        return None, ("bad_integer", {})
    if number is None:
        return None, None
    return number, _in_range(column, number)


def _convert_year(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    if isinstance(value, str):
        value = re.sub(r"^(ปีงบประมาณ|ปี|พ\.ศ\.)\s*", "", normalize_space(value)).strip()
        value = re.sub(r"^พ\.ศ\.\s*", "", value)
    try:
        year = parse_int(value)
    except ValueError:
        year = None
    low, high = YEAR_RANGE
    if year is None or not low <= year <= high:
        hint = problem_message("bad_year_hint", ce=year, be=be_year(year)) if year and 1900 <= year <= 2200 else ""
        return None, ("bad_year", {"low": low, "high": high, "hint": hint})
    return year, None


def _convert_quarter(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    if isinstance(value, str):
        value = re.sub(r"^(ไตรมาสที่|ไตรมาส|q)\s*", "", normalize_space(value), flags=re.IGNORECASE)
    try:
        quarter = parse_int(value)
    except ValueError:
        quarter = None
    if quarter not in (1, 2, 3, 4):
        return None, ("bad_quarter", {})
    return quarter, None


def _convert_quarters(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    quarters = parse_quarters(value)
    if quarters is None:
        return None, ("bad_quarters", {})
    return ",".join(str(q) for q in quarters), None


def _convert_choice(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    text = normalize_space(str(value))
    codes = set(column.choices.values())
    if text in column.choices:
        return column.choices[text], None
    if text in column.aliases:
        return column.aliases[text], None
    if text in codes:
        return text, None
    loose = _loose(text)
    for label, code in {**column.choices, **column.aliases}.items():
        if _loose(label) == loose:
            return code, None
    return None, ("bad_choice", {"choices": " / ".join(column.choices)})


def _convert_url(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    text = normalize_space(str(value))
    if not re.match(r"^https?://\S+$", text, flags=re.IGNORECASE) or len(text) > 2000:
        return None, ("bad_url", {})
    return text, None


def _convert_date(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    """Dates as typed in Thailand: a year above 2400 is BE (Excel keeps 15/10/2567 as year 2567 CE)."""
    try:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.replace(year=ce_year(value.year)).isoformat(), None
        match = _DATE_TEXT.match(normalize_space(to_arabic_digits(str(value))))
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:  # '15/10/67' is BE 2567 in Thai offices
                year += 2500
            return dt.date(ce_year(year), month, day).isoformat(), None
    except (ValueError, OverflowError):
        pass
    return None, ("bad_date", {})


_CONVERTERS: dict[str, Callable[[Column, Any, Limits], tuple[Any, Issue]]] = {
    "text": _convert_text,
    "number": _convert_number,
    "int": _convert_int,
    "year": _convert_year,
    "quarter": _convert_quarter,
    "quarters": _convert_quarters,
    "choice": _convert_choice,
    "url": _convert_url,
    "date": _convert_date,
}


def _row_checks(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    """Checks within one sheet that need more than one cell."""
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    for record, row in zip(records, rows, strict=True):
        key = tuple(record.get(k) for k in spec.key_columns)
        if any(record.get(k) is None for k in spec.key_columns if spec.column(k).required):
            continue
        if key in seen:
            shown = ", ".join(
                f"{spec.column(k).title} {v}"
                for k, v in zip(spec.key_columns, key, strict=True)
                # a key that holds an ID, phone, e-mail or a person's name is not shown
                if v is not None and privacy.identity_value(v) is None and privacy.identity_text(str(v)) is None
            )
            problems.append(problem("duplicate_key", sheet=sheet, row=row, other_row=seen[key], key=shown))
        else:
            seen[key] = row
    check = _SHEET_CHECKS.get(spec.key)
    if check:
        problems.extend(check(spec, sheet, records, rows))
    return problems


def _check_indicators(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    for record, row in zip(records, rows, strict=True):
        if record.get("op") in (">=", "<=", "=") and record.get("target") is None:
            op_label = next((k for k, v in spec.column("op").choices.items() if v == record["op"]), record["op"])
            problems.append(
                problem("target_required", sheet=sheet, row=row, column=spec.column("target").title, op=op_label)
            )
    return problems


def _check_results(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    first: dict[tuple, tuple[Record, int]] = {}
    for record, row in zip(records, rows, strict=True):
        status, percent = record.get("status"), record.get("percent")
        if (
            status
            and percent is not None
            and ((status == "done" and percent < 100) or (status == "not_started" and percent > 0))
        ):
            label = next(k for k, v in spec.column("status").choices.items() if v == status)
            problems.append(
                problem(
                    "status_percent_mismatch",
                    sheet=sheet,
                    row=row,
                    column=spec.column("status").title,
                    severity=WARNING,
                    status=label,
                    percent=percent,
                )  # fmt: skip
            )
        key = (record.get("fiscal_year"), record.get("quarter"), record.get("measure_no"))
        if key in first:
            other, other_row = first[key]
            if (other.get("status"), other.get("percent")) != (status, percent):
                problems.append(
                    problem(
                        "inconsistent_status",
                        sheet=sheet,
                        row=row,
                        column=spec.column("status").title,
                        other_row=other_row,
                    )
                )
        else:
            first[key] = (record, row)
    return problems


def _check_ita(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    from kpi.domain.ita import check_total

    problems = []
    for record, row in zip(records, rows, strict=True):
        parts = [record.get(k) for k in ("fiscal_year", "iit", "eit", "oit", "total")]
        if any(p is None for p in parts):
            continue
        year, iit, eit, oit, total = (float(p) for p in parts)  # type: ignore[arg-type]
        computed = check_total(int(year), iit, eit, oit, total)
        if computed is not None:
            problems.append(
                problem(
                    "ita_total_mismatch",
                    sheet=sheet,
                    row=row,
                    column=spec.column("total").title,
                    given=total,
                    computed=computed,
                    tolerance=0.05,
                )  # fmt: skip
            )
    return problems


def _check_satisfaction(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    levels = ("n5", "n4", "n3", "n2", "n1")
    for record, row in zip(records, rows, strict=True):
        counts = [record.get(k) for k in levels]
        has_counts = any(c is not None for c in counts)
        if not has_counts and record.get("mean") is None and record.get("percent") is None:
            problems.append(problem("survey_no_figure", sheet=sheet, row=row, column=spec.column("n5").title))
        counted = sum(c or 0 for c in counts)
        given = record.get("sample_size")
        if has_counts and given is not None and counted != given:
            problems.append(
                problem(
                    "survey_sample_mismatch",
                    sheet=sheet,
                    row=row,
                    column=spec.column("sample_size").title,
                    counted=counted,
                    given=given,
                )
            )
    return problems


def _check_complaints(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    for record, row in zip(records, rows, strict=True):
        received = record.get("received")
        if received is None:
            continue
        done, open_ = record.get("completed") or 0, record.get("in_progress") or 0
        if done + open_ > received:
            problems.append(
                problem(
                    "complaint_sum",
                    sheet=sheet,
                    row=row,
                    column=spec.column("completed").title,
                    total=done + open_,
                    received=received,
                )
            )
        within = record.get("within_15_days")
        if within is not None and within > received:
            problems.append(
                problem(
                    "complaint_within15",
                    sheet=sheet,
                    row=row,
                    column=spec.column("within_15_days").title,
                    within=within,
                    received=received,
                )
            )
    return problems


_SHEET_CHECKS: dict[str, Callable[[SheetSpec, str, list[Record], list[int]], list[Problem]]] = {
    "indicators": _check_indicators,
    "results": _check_results,
    "ita": _check_ita,
    "satisfaction": _check_satisfaction,
    "complaints": _check_complaints,
}


def sheet_title(key: str) -> str:
    """The Thai sheet name of a sheet key."""
    return next(s.title for s in SHEETS if s.key == key)


__all__ = ["ParsedUpload", "SHEETS_BY_TITLE", "read_upload", "validate_sheet"]
