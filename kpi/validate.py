"""Read an uploaded workbook and validate every sheet, collecting all problems at once.

The path is: safety check of the raw bytes (kpi.xlsx_safety) → fast read with calamine (only
after the check, which rules out the files calamine cannot survive) → header matching → a typed
value for every cell, or a Problem naming sheet, Excel row and column → checks across rows and
sheets. Nothing here writes anything.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from kpi import privacy
from kpi.dataset import Record
from kpi.messages import problem_message
from kpi.problems import WARNING, Problem, has_errors, problem
from kpi.schema import (
    INSTRUCTIONS_TITLE,
    SHEETS,
    SHEETS_BY_TITLE,
    YEAR_RANGE,
    Column,
    SheetSpec,
)
from kpi.settings import LIMITS, Limits
from kpi.thai import BE_YEAR_THRESHOLD, normalize_space, parse_int, parse_number, to_arabic_digits
from kpi.xlsx_safety import column_letters, hidden_sheet_problems, inspect_xlsx

_QUARTER_TOKEN = re.compile(r"(\d+)\s*(?:[-–—~]|ถึง)\s*(\d+)|(\d+)")
_WHOLE_YEAR = ("ทั้งปี", "ตลอดปี", "ทุกไตรมาส")
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
    """Header comparison key: no spaces, no marks users add, lower case."""
    return re.sub(r"[\s*:：]+", "", normalize_space(str(text))).lower()


def _match_sheet(name: str) -> SheetSpec | None:
    wanted = _loose(name)
    return next((s for s in SHEETS if _loose(s.title) == wanted), None)


def read_upload(data: bytes, filename: str | None = None, limits: Limits = LIMITS) -> ParsedUpload:
    """Safety-check, read and validate a workbook; never raises on any input."""
    inspection = inspect_xlsx(data, filename, limits)
    result = ParsedUpload(problems=list(inspection.problems))
    if not inspection.safe:
        return result
    known_titles = {s.title for s in SHEETS}
    result.problems.extend(hidden_sheet_problems(inspection, known_titles))
    if has_errors(result.problems):
        return result
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        result.problems.append(problem("corrupt_file"))
        return result

    matched: list[tuple[SheetSpec, str, frozenset[str]]] = []
    seen: dict[str, str] = {}
    for info in inspection.sheets:
        spec = _match_sheet(info.name)
        if info.state != "visible":
            continue
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
            matched.append((spec, info.name, info.formulas_without_value))
    if not matched:
        expected = ", ".join(s.title for s in SHEETS)
        result.problems.append(problem("no_known_sheet", expected=expected))
        return result

    for spec, name, formulas in matched:
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            result.problems.append(problem("sheet_unreadable", sheet=name))
            continue
        records, excel_rows, problems = validate_sheet(spec, name, rows, formulas, limits)
        result.problems.extend(problems)
        if records:
            result.records[spec.key] = records
            result.rows[spec.key] = excel_rows
    if not result.records and result.ok:
        result.problems.append(problem("no_data_rows"))
    return result


def validate_sheet(
    spec: SheetSpec,
    sheet_name: str,
    rows: list[list[Any]],
    formulas_without_value: frozenset[str] = frozenset(),
    limits: Limits = LIMITS,
) -> tuple[list[Record], list[int], list[Problem]]:
    """Turn one sheet's raw rows into typed records; every bad cell becomes a Problem."""
    problems: list[Problem] = []
    if not rows:
        problems.append(problem("sheet_no_rows", sheet=sheet_name, severity=WARNING))
        return [], [], problems
    header = rows[0]
    position: dict[str, int] = {}
    extra_columns: list[tuple[int, str]] = []
    by_title = {_loose(c.title): c for c in spec.columns}
    for index, cell in enumerate(header):
        title = normalize_space(str(cell)) if cell not in (None, "") else ""
        if not title:
            continue
        column = by_title.get(_loose(title))
        if column is None:
            extra_columns.append((index, title))
        elif column.key in position:
            problems.append(problem("duplicate_column", sheet=sheet_name, row=1, column=column.title))
        else:
            position[column.key] = index
    for column in spec.columns:
        if column.required and column.key not in position:
            problems.append(problem("missing_column", sheet=sheet_name, row=1, column=column.title))

    # Complaints are aggregates only: any column beyond the template's is refused if it names a person
    # or holds text. Elsewhere a 13-digit ID is refused in any cell, and notes are checked in full.
    aggregate_only = spec.key == "complaints"
    text_columns_flagged: set[int] = set()
    if aggregate_only:
        for index, title in extra_columns:
            if privacy.identity_column(title):
                problems.append(problem("identity_column", sheet=sheet_name, row=1, column=title))
                text_columns_flagged.add(index)
    extra_positions = {index for index, _ in extra_columns}
    full_check = {position[k] for k in _FREE_TEXT_KEYS if k in position}

    records: list[Record] = []
    excel_rows: list[int] = []
    for offset, raw in enumerate(rows[1:], start=2):
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        record: Record = {}
        for column in spec.columns:
            at = position.get(column.key)
            value = raw[at] if at is not None and at < len(raw) else None
            ref = f"{column_letters(at + 1)}{offset}" if at is not None else ""
            typed, issue = _convert(column, value, limits)
            if issue is None and typed is None and column.required and column.key in position:
                code = "formula_no_value" if ref in formulas_without_value else "required"
                issue = (code, {})
            if issue is not None:
                code, details = issue
                problems.append(problem(code, sheet=sheet_name, row=offset, column=column.title, **details))
            record[column.key] = typed
        for index, cell in enumerate(raw):
            if not isinstance(cell, str | int | float) or isinstance(cell, bool):
                continue
            title = (
                normalize_space(str(header[index]))
                if index < len(header) and header[index]
                else column_letters(index + 1)
            )
            kind = privacy.identity_value(cell)
            if kind and (aggregate_only or index in full_check or kind == privacy.KIND_ID_CARD):
                problems.append(problem("identity_value", sheet=sheet_name, row=offset, column=title, kind=kind))
            elif (
                aggregate_only and index in extra_positions and index not in text_columns_flagged
                and isinstance(cell, str) and cell.strip() and not _looks_numeric(cell)
            ):  # fmt: skip
                text_columns_flagged.add(index)
                problems.append(problem("complaint_text", sheet=sheet_name, row=offset, column=title))
        records.append(record)
        excel_rows.append(offset)
    problems.extend(_row_checks(spec, sheet_name, records, excel_rows))
    return records, excel_rows, problems


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
        return ("out_of_range", {"low": column.low, "high": column.high})
    return None


def _convert_number(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    try:
        number = parse_number(value)
    except ValueError:
        return None, ("bad_number", {})
    if number is None:
        return None, None
    return number, _in_range(column, number)


def _convert_int(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    try:
        number = parse_int(value)
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
        hint = problem_message("bad_year_hint", ce=year, be=year + 543) if year and 1900 <= year <= 2200 else ""
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


def parse_quarters(value: Any) -> list[int] | None:
    """'1-4', '๑ - ๔', '1,3', 'ไตรมาสที่ 2', 'ทั้งปี' → sorted quarters; None when not understood."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_space(to_arabic_digits(str(value)))
    if any(word in text for word in _WHOLE_YEAR):
        return [1, 2, 3, 4]
    text = re.sub(r"ไตรมาสที่|ไตรมาส|และ|[qQ]", " ", text)
    if re.search(r"[^\d\s,;/\-–—~ถึง]", text):
        return None
    found: set[int] = set()
    for start, end, single in _QUARTER_TOKEN.findall(text):
        if single:
            found.add(int(single))
        else:
            low, high = int(start), int(end)
            if low > high:
                return None
            found.update(range(low, high + 1))
    if not found or not found <= {1, 2, 3, 4}:
        return None
    return sorted(found)


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


def _be_to_ce(year: int) -> int:
    return year - 543 if year > BE_YEAR_THRESHOLD else year


def _convert_date(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    """Dates as typed in Thailand: a year above 2400 is BE (Excel keeps 15/10/2567 as year 2567 CE)."""
    try:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.replace(year=_be_to_ce(value.year)).isoformat(), None
        match = _DATE_TEXT.match(normalize_space(to_arabic_digits(str(value))))
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:  # '15/10/67' is BE 2567 in Thai offices
                year += 2500
            return dt.date(_be_to_ce(year), month, day).isoformat(), None
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
                f"{spec.column(k).title} {v}" for k, v in zip(spec.key_columns, key, strict=True) if v is not None
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
    from kpi.ita import check_total

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


__all__ = ["ParsedUpload", "SHEETS_BY_TITLE", "parse_quarters", "read_upload", "validate_sheet"]
