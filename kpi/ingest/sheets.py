"""Sheet checks: one sheet's raw rows to typed records, every bad header, cell and row a Problem.

The header row is matched to the template's columns by `loose_key`; every later row is scanned for
identities and control characters, converted cell by cell (kpi.ingest.cells), then checked across
rows (duplicate keys) and by the sheet's own rules (a target for every condition, status against
percent, the ITA total, survey counts, complaint sums).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from openpyxl.utils import get_column_letter

from kpi.core import text_safety
from kpi.core.dataset import Record
from kpi.core.problems import WARNING, BoundedProblems, Problem, problem
from kpi.core.schema import SheetSpec
from kpi.core.settings import LIMITS, Limits
from kpi.core.thai import normalize_space, normalize_thai
from kpi.ingest.cells import (
    MAX_NAME_LENGTH,
    char_label,
    convert_cell,
    formula_error,
    is_percent_column,
    looks_numeric,
    loose_key,
)
from kpi.ingest.fast_cells import column_pass
from kpi.ingest.row_checks import row_checks
from kpi.privacy import identity as privacy

_FREE_TEXT_KEYS = ("note",)  # where a case note (and with it a name or phone) could slip in


def validate_sheet(
    spec: SheetSpec,
    sheet_name: str,
    rows: list[list[Any]],
    formulas_without_value: frozenset[str] = frozenset(),
    limits: Limits = LIMITS,
    error_cells: dict[str, str] | None = None,
    memo: dict[str, str | None] | None = None,
    first_row: int = 2,
    percent_cells: frozenset[str] = frozenset(),
) -> tuple[list[Record], list[int], list[Problem]]:
    """Turn one sheet's raw rows into typed records; every bad cell becomes a Problem.

    Rows are numbered from `first_row` (Excel's row 2 under the header; the OIT editor's row 1).
    `percent_cells` names the cells ('D2') Excel shows as a percent (kpi.ingest.xlsx_scan.percent_cells).
    """
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
    by_title = {loose_key(c.title): c for c in spec.columns}
    aggregate_only = spec.key == "complaints"
    text_columns_flagged: set[int] = set()
    unnamed: set[int] = set()  # columns without a header: their data is not read, so it is named once
    for index, cell in enumerate(header):
        letter = get_column_letter(index + 1)
        if cell in (None, "") or (isinstance(cell, float) and math.isnan(cell)):
            unnamed.add(index)
            continue
        raw_title = str(cell)
        # Limits before any scan: a header this long is refused without looking into it.
        if len(raw_title) > MAX_NAME_LENGTH:
            found.add("header_too_long", sheet=sheet_name, row=1, column=letter, limit=MAX_NAME_LENGTH)
            labels[index] = letter
            continue
        bad = text_safety.control_character(raw_title) or text_safety.bidi_control(raw_title)
        if bad:
            found.add("header_control_character", sheet=sheet_name, row=1, column=letter, char=char_label(bad))
            labels[index] = letter
            continue
        title = normalize_space(normalize_thai(raw_title))
        if not title:
            unnamed.add(index)
            continue
        column = by_title.get(loose_key(title))
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
            else:  # listed before the user confirms, with its letter as data (kpi.ingest.upload.ignored_parts)
                unused = problem("unknown_column", sheet_name, 1, title, WARNING, letter=letter)
                found.extend([_with_letter(unused, letter)])
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

    unnamed.update(range(len(header), max(len(raw) for raw in rows)))  # a row longer than its header
    records: list[Record] = []
    excel_rows: list[int] = []
    # Column-wise first (kpi.ingest.fast_cells): rows whose every cell passes are built from the
    # column's typed values; any other row goes through the cell-by-cell checks below, in row order.
    fast = None
    if not aggregate_only:
        fast = column_pass(
            spec, rows, first_row, position, checked, full_check, unnamed, limits, error_cells, memo, percent_cells
        )
    keys = spec.keys
    split = "quarter_to" in keys
    for offset, raw in enumerate(rows[1:], start=first_row):
        if fast is not None and not fast.slow[offset - first_row]:
            values = fast.values[offset - first_row]
            if values is not None:  # None: a blank row
                built: Record = dict(zip(keys, values, strict=True))
                if split:
                    _split_round(spec, sheet_name, offset, built, found)
                records.append(built)
                excel_rows.append(offset)
            continue
        blank = all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in raw)
        if blank and not (error_cells and any(f"{get_column_letter(i + 1)}{offset}" in error_cells for i in checked)):
            continue
        refused: set[int] = set()  # cells already reported: not converted, not scanned again
        for index, cell in enumerate(raw):
            if index in unnamed and _has_value(cell):
                unnamed.discard(index)  # named at its first value only
                letter = get_column_letter(index + 1)
                unused = problem("unnamed_column", sheet_name, offset, letter, WARNING, letter=letter)
                found.extend([_with_letter(unused, letter)])
            stored = index in checked  # other columns are dropped: only an ID card number is looked for
            label = labels.get(index) or get_column_letter(index + 1)
            error = formula_error(cell, index, offset, error_cells) if stored else None
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
                    found.add(code, sheet=sheet_name, row=offset, column=label, char=char_label(control or bidi or ""))
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
                and isinstance(cell, str) and cell.strip() and not looks_numeric(cell)
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
            shown_as_percent = (
                bool(percent_cells) and at is not None and f"{get_column_letter(at + 1)}{offset}" in percent_cells
            )
            typed, issue = convert_cell(column, value, limits, percent_format=shown_as_percent)
            if issue is None and typed is None and column.required and at is not None:
                ref = f"{get_column_letter(at + 1)}{offset}"
                code = "formula_no_value" if ref in formulas_without_value else "required"
                issue = (code, {})
            if issue is not None:
                code, details = issue
                found.add(code, sheet=sheet_name, row=offset, column=column.title, **details)
            record[column.key] = typed
        _split_round(spec, sheet_name, offset, record, found)
        records.append(record)
        excel_rows.append(offset)
    found.extend(row_checks(spec, sheet_name, records, excel_rows))
    return records, excel_rows, found.result()


def _split_round(spec: SheetSpec, sheet: str, row: int, record: Record, found: BoundedProblems) -> None:
    """A round typed in one cell ('1-2') is stored as quarter 1 to quarter_to 2; a single quarter leaves quarter_to blank."""
    span = record.get("quarter")
    if not isinstance(span, tuple) or "quarter_to" not in spec.keys:
        if "quarter_to" in spec.keys and record.get("quarter_to") == span:
            record["quarter_to"] = None  # 'ไตรมาส 2 ถึงไตรมาส 2' is quarter 2
        return
    typed_to = record.get("quarter_to")
    record["quarter"], record["quarter_to"] = span
    if typed_to is not None and typed_to != span[1]:
        found.add("complaint_round_conflict", sheet=sheet, row=row, column=spec.column("quarter_to").title)


def _has_value(cell: Any) -> bool:
    """A cell holding something a user typed (not blank, not whitespace, not NaN)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return False
    return not isinstance(cell, str) or bool(cell.strip())


def _with_letter(found: Problem, letter: str) -> Problem:
    """The problem with its Excel column letter as data, for the list of what an upload does not use."""
    return dataclasses.replace(found, details=(*found.details, ("letter", letter)))


def percent_columns(spec: SheetSpec, header: list[Any]) -> frozenset[int]:
    """The 1-based positions of the header cells that name one of the sheet's percent columns."""
    wanted = {loose_key(c.title) for c in spec.columns if is_percent_column(c)}
    return frozenset(
        index
        for index, cell in enumerate(header, start=1)
        if isinstance(cell, str) and len(cell) <= MAX_NAME_LENGTH and loose_key(cell) in wanted
    )
