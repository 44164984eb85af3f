"""Cell converters: one raw workbook cell to a typed value, or the problem code with it.

Each converter takes the template column, the raw value calamine read and the limits, and returns
(value, None) or (None, (code, fields)); the sheet check (kpi.ingest.sheets) turns an issue into a
Problem that names the sheet, Excel row and column. Headers and sheet names compare by `loose_key`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from openpyxl.utils import get_column_letter

from kpi.core.fiscal import be_year, ce_year, parse_quarters
from kpi.core.messages import problem_message
from kpi.core.rounds import parse_round
from kpi.core.schema import CATEGORY_SETTINGS, YEAR_RANGE, Column, category_choices
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

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")


def loose_key(text: str) -> str:
    """Header comparison key: Thai normalised (ำ composed, invisible characters gone), no spaces or marks."""
    return re.sub(r"[\s*:：]+", "", normalize_space(normalize_thai(str(text)))).lower()


# Excel's own limit on a sheet name is 31 characters; a header longer than this is not a header.
MAX_NAME_LENGTH = LIMITS.max_name_length
# What calamine returns for an Excel error cell written as text (t="str") and how Excel shows them.
FORMULA_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"})  # fmt: skip


def char_label(ch: str) -> str:
    """A control character named by its code point (U+001B), never shown raw."""
    return f"U+{ord(ch):04X}"


def formula_error(cell: Any, index: int, row: int, error_cells: dict[str, str]) -> str | None:
    """The Excel error a cell holds ('#DIV/0!', 'NaN'), or None."""
    if isinstance(cell, float) and math.isnan(cell):
        return "NaN"
    if isinstance(cell, str) and len(cell) <= 16 and cell.strip().upper() in FORMULA_ERRORS:
        return cell.strip().upper()
    if error_cells and (cell is None or cell == ""):
        error = error_cells.get(f"{get_column_letter(index + 1)}{row}")
        if error is not None:
            return error if error in FORMULA_ERRORS else "#ERROR"
    return None


Issue = tuple[str, dict[str, Any]] | None


def looks_numeric(text: str) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def is_percent_column(column: Column) -> bool:
    """A number column whose header says it holds a percentage (ร้อยละ…): 0–100, never a fraction."""
    return column.kind == "number" and column.title.startswith("ร้อยละ")


def convert_cell(column: Column, value: Any, limits: Limits, percent_format: bool = False) -> tuple[Any, Issue]:
    """A cell's typed value, or the problem with it; `percent_format` says Excel shows the cell as a percent."""
    if value is None or (isinstance(value, str) and not normalize_space(value)):
        return None, None
    if is_percent_column(column):
        return _convert_percent(column, value, limits, percent_format)
    converter = _CONVERTERS[column.kind]
    return converter(column, value, limits)


def _convert_percent(column: Column, value: Any, limits: Limits, percent_format: bool) -> tuple[Any, Issue]:
    """76.67, "76.67%" and a percent-formatted 0.7667 are all 76.67; a bare 0.8 is asked about, never guessed."""
    if percent_format and isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        # Excel keeps 76.67% as 0.7667; ×100 carries binary noise (76.67000000000002), so round it off.
        return _convert_number(column, round(value * 100, 10), limits)
    number, issue = _convert_number(column, value, limits)
    explicit = isinstance(value, str) and ("%" in value or "ร้อยละ" in value)
    if issue is None and number is not None and not explicit and 0 < number <= 1:
        return None, ("percent_fraction", {"value": f"{number:g}", "percent": f"{number * 100:g}"})
    return number, issue


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


def _convert_period(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    """A quarter (1–4) as an int; a published round ('1-2', 'รอบ 6 เดือน', 'ทั้งปี') as (first, last)."""
    span = parse_round(value)
    if span is None:
        return None, ("bad_period", {})
    return span[0] if span[0] == span[1] else span, None


def _convert_category(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    """A choice whose list comes from a setting (read now), refused with the list and the setting's name."""
    choices, aliases = category_choices(column.key)
    code, issue = _convert_choice(
        Column(column.key, column.title, "choice", choices=choices, aliases=aliases), value, limits
    )
    if issue is None:
        return code, None
    return None, ("bad_category", {"choices": " / ".join(choices), "setting": CATEGORY_SETTINGS.get(column.key, "")})


def _convert_choice(column: Column, value: Any, limits: Limits) -> tuple[Any, Issue]:
    text = normalize_space(str(value))
    codes = set(column.choices.values())
    if text in column.choices:
        return column.choices[text], None
    if text in column.aliases:
        return column.aliases[text], None
    if text in codes:
        return text, None
    loose = loose_key(text)
    for label, code in {**column.choices, **column.aliases}.items():
        if loose_key(label) == loose:
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
    "period": _convert_period,
    "category": _convert_category,
    "url": _convert_url,
    "date": _convert_date,
}
