"""The column-wise pass of the sheet check: each distinct value of a column is checked once.

A sheet of 50,000 rows holds few distinct values per column (years, quarters, statuses, the same
link and note again and again). `column_pass` decides for every cell, through a per-column cache
of its distinct values, whether the cell-by-cell checks of kpi.ingest.sheets would find anything
in it (identity, control character, formula error, bad or missing value); a row where nothing
would be found gets its typed values from here. Every other row (any cell with a problem, a
formula error cell, the first value of a column without a header) is marked slow and goes through
the cell-by-cell path, which alone builds problems: messages, their order and their bounds are
exactly what that path gives. The decision for a value repeats the cell path's rules, never
looser: a cell counted clean here is one the cell path passes without a word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, zip_longest
from operator import itemgetter, or_
from typing import Any

from openpyxl.utils import column_index_from_string

from kpi.core import text_safety
from kpi.core.schema import Column, SheetSpec
from kpi.core.settings import Limits
from kpi.ingest.cells import convert_cell, formula_error
from kpi.privacy import identity as privacy

_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
Outcome = tuple[bool, Any, bool]  # (something to report: the row goes cell by cell, typed value, not blank)


@dataclass(frozen=True)
class ColumnPass:
    """Per data row: whether it must go through the cell-by-cell path, and else its typed values
    in the template's column order (None for a blank row, which is skipped)."""

    slow: list[bool]
    values: list[tuple[Any, ...] | None]


def _blank(value: Any) -> bool:
    """What the row check counts as blank: None, '' or whitespace."""
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _has_value(cell: Any) -> bool:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return False
    return not isinstance(cell, str) or bool(cell.strip())


def _by_value(values: Sequence[Any], decide: Callable[[Any], Outcome]) -> tuple[list[Outcome], list[Outcome]]:
    """`decide` of every value, computed once per distinct value; and the distinct outcomes.

    1, 1.0 and True are equal keys, so a column of mixed types is keyed by type too; a float zero
    (-0.0 equals 0.0 but is stored apart) is decided each time.
    """
    types = set(map(type, values))
    distinct = set(values)
    if len(types - {type(None)}) <= 1 and not (float in types and 0.0 in distinct):
        seen = {value: decide(value) for value in distinct}  # NaN is its own key: decided per object
        return list(map(seen.__getitem__, values)), list(seen.values())
    out = []
    keyed: dict[Any, Outcome] = {}
    for value in values:
        if type(value) is float and value == 0.0:
            out.append(decide(value))
            continue
        key = (type(value), value)
        found = keyed.get(key)
        if found is None:
            found = keyed[key] = decide(value)
        out.append(found)
    return out, out


def column_pass(
    spec: SheetSpec,
    rows: list[list[Any]],
    first_row: int,
    position: dict[str, int],
    checked: set[int],
    full_check: set[int],
    unnamed: set[int],
    limits: Limits,
    error_cells: dict[str, str],
    memo: dict[str, str | None],
    percent_cells: frozenset[str],
) -> ColumnPass | None:
    """The column-wise decision for every data row of a sheet (not complaints: aggregates only,
    checked cell by cell); None when a value cannot be keyed (the cell path then takes every row)."""
    body = rows[1:]
    count = len(body)
    slow = [False] * count
    filled = [False] * count
    width = max(len(raw) for raw in rows)
    columns: list[Sequence[Any]] = list(zip_longest(*body, fillvalue=None)) if body else []
    columns += [(None,) * count] * (width - len(columns))
    by_index = {index: spec.column(key) for key, index in position.items()}
    percent = _percent_rows(percent_cells, first_row)
    typed: dict[int, list[Any]] = {}
    every_row_filled = False
    try:
        for index, values in enumerate(columns):
            if index in unnamed:  # its first value is named by the cell path
                first = next((row for row, v in enumerate(values) if _has_value(v)), None)
                if first is not None:
                    slow[first] = True
            column = by_index.get(index)
            stored, full = index in checked, index in full_check

            def decide(value: Any, column: Column | None = column, stored: bool = stored, full: bool = full) -> Outcome:
                return _decide(value, column, stored, full, limits, memo, False)

            outcomes, distinct = _by_value(values, decide)
            for row in percent.get(index + 1, ()):  # shown as a percent: decided with the mark, cell by cell
                if 0 <= row < count:
                    outcomes[row] = _decide(values[row], column, stored, full, limits, memo, True)
                    distinct = [*distinct, outcomes[row]]
            if any(map(_reported, distinct)):
                slow = list(map(or_, slow, map(_reported, outcomes)))
            if not every_row_filled and all(map(_filled, distinct)):
                every_row_filled = True  # a column without a blank: no row of the sheet is blank
            elif not every_row_filled and any(map(_filled, distinct)):
                filled = list(map(or_, filled, map(_filled, outcomes)))
            if column is not None:
                typed[index] = list(map(_typed, outcomes))
    except TypeError:  # an unhashable value (never from a workbook): every row cell by cell
        return None
    for ref in error_cells:  # an error value Excel stored: the cell path names it
        found = _REF.fullmatch(ref)
        if found is not None and 0 <= int(found.group(2)) - first_row < count:
            slow[int(found.group(2)) - first_row] = True
    absent = [None] * count
    per_column = [typed[position[c.key]] if c.key in position else absent for c in spec.columns]
    by_row: list[tuple[Any, ...] | None] = list(zip(*per_column, strict=True))
    for row in [] if every_row_filled else compress(range(count), [not f for f in filled]):
        by_row[row] = None
    return ColumnPass(slow, by_row)


_reported = itemgetter(0)
_typed = itemgetter(1)
_filled = itemgetter(2)


def _percent_rows(percent_cells: frozenset[str], first_row: int) -> dict[int, set[int]]:
    """The cells Excel shows as a percent, as {1-based column: data row indexes}."""
    found: dict[int, set[int]] = {}
    for ref in percent_cells:
        match = _REF.fullmatch(ref)
        if match is not None:
            found.setdefault(column_index_from_string(match.group(1)), set()).add(int(match.group(2)) - first_row)
    return found


def _decide(
    value: Any,
    column: Column | None,
    stored: bool,
    full: bool,
    limits: Limits,
    memo: dict[str, str | None],
    percent_format: bool,
) -> Outcome:
    """(something to report, typed value, not blank) of one cell as the cell path of kpi.ingest.sheets.validate_sheet sees it."""
    filled = not _blank(value)
    if stored and formula_error(value, 0, 0, {}) is not None:
        return True, None, filled
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        kind: str | None
        if isinstance(value, str):
            if len(value) > limits.max_text_length:
                # a template column refuses it; any other drops it unread, never scanned
                return (True, None, filled) if stored else (False, None, filled)
            if stored and (text_safety.control_character(value) or text_safety.bidi_control(value)):
                return True, None, filled
            if value not in memo:
                memo[value] = privacy.identity_value(value)
            kind = memo[value]
        else:
            kind = privacy.identity_value(value)
        if kind and (full or kind == privacy.KIND_ID_CARD):
            return True, None, filled
    if column is None:
        return False, None, filled
    typed, issue = convert_cell(column, value, limits, percent_format=percent_format)
    if issue is not None or (typed is None and column.required):
        return True, None, filled
    return False, typed, filled
