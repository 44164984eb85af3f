"""The Thai fiscal calendar and Buddhist-era dates, in one place.

A fiscal year runs 1 Oct – 30 Sep and is named by the later BE year (domain.md §3); its quarters
are Q1 ต.ค.–ธ.ค., Q2 ม.ค.–มี.ค., Q3 เม.ย.–มิ.ย., Q4 ก.ค.–ก.ย. Every BE/CE year conversion, every
month-to-quarter rule and the one parser of written quarter lists ("1-4", "ไตรมาสที่ 1 และ 3")
live here; Thai month names and dates come from pythainlp.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pythainlp.util import thai_strftime

from kpi.core.thai import normalize_space, to_arabic_digits

BE_OFFSET = 543
# A year written above this is a Buddhist-era year (domain.md §3).
BE_YEAR_THRESHOLD = 2400
QUARTERS = (1, 2, 3, 4)
THAI_MONTHS_SHORT = tuple(thai_strftime(dt.datetime(2000, month, 1), "%b") for month in range(1, 13))  # ม.ค. …
THAI_MONTHS_LONG = tuple(thai_strftime(dt.datetime(2000, month, 1), "%B") for month in range(1, 13))  # มกราคม …
# Thailand keeps UTC+7 all year (no daylight saving since 1920): a fixed offset is Asia/Bangkok and,
# unlike zoneinfo, needs no tz database (Windows has none without the tzdata package).
BANGKOK = dt.timezone(dt.timedelta(hours=7), "ICT")
# First calendar month of each fiscal quarter.
_QUARTER_START_MONTH = {1: 10, 2: 1, 3: 4, 4: 7}


def today_bangkok(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Asia/Bangkok, where the users are (servers run in UTC: 7 hours a night apart)."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BANGKOK).date()


# --- Buddhist-era years ----------------------------------------------------------------------


def be_year(ce_year: int) -> int:
    """Christian-era year to Buddhist-era year."""
    return ce_year + BE_OFFSET


def ce_year(year: int) -> int:
    """Any written year to the Christian era: a year above 2400 is Buddhist era."""
    return year - BE_OFFSET if year > BE_YEAR_THRESHOLD else year


def read_be_year(text: str | None) -> int | None:
    """A year as written in a report, as BE: '67' → 2567, '2567' → 2567, '2024' → 2567; None when implausible."""
    if not text:
        return None
    number = int(text)
    if len(text) == 2:
        return 2500 + number
    if number > BE_YEAR_THRESHOLD:
        return number
    if 1900 <= number <= 2200:
        return be_year(number)
    return None


# --- the fiscal calendar ---------------------------------------------------------------------


def fiscal_year_of_month(year_be: int, month: int) -> int:
    """The BE fiscal year of a calendar month of a BE year: October onwards counts to the next one."""
    return year_be + 1 if month >= 10 else year_be


def quarter_of_month(month: int) -> int:
    """The fiscal quarter (1–4) of a calendar month: October–December is quarter 1."""
    return ((month - 10) % 12) // 3 + 1


def fiscal_year_be(day: dt.date) -> int:
    """The BE fiscal year a date falls in: 1 Oct 2024 is in FY2568."""
    return fiscal_year_of_month(be_year(day.year), day.month)


def fiscal_quarter(day: dt.date) -> int:
    """The fiscal quarter (1–4) a date falls in."""
    return quarter_of_month(day.month)


def quarter_bounds(fiscal_year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day (CE dates) of a fiscal quarter of a BE fiscal year."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, got {quarter}")
    ce = ce_year(fiscal_year)
    month = _QUARTER_START_MONTH[quarter]
    year = ce - 1 if quarter == 1 else ce
    start = dt.date(year, month, 1)
    end_month = month + 2
    end = dt.date(year, end_month + 1, 1) - dt.timedelta(days=1) if end_month < 12 else dt.date(year, 12, 31)
    return start, end


def quarter_label(fiscal_year: int, quarter: int) -> str:
    """'ไตรมาส 1 (ต.ค.–ธ.ค. 67)': the quarter with its months and 2-digit BE year."""
    start, end = quarter_bounds(fiscal_year, quarter)
    yy = be_year(end.year) % 100
    return f"ไตรมาส {quarter} ({THAI_MONTHS_SHORT[start.month - 1]}–{THAI_MONTHS_SHORT[end.month - 1]} {yy:02d})"


def thai_date(day: dt.date) -> str:
    """'26 พฤศจิกายน 2569': a date in Thai with a BE year."""
    return thai_strftime(dt.datetime(day.year, day.month, day.day), "%-d %B %Y")


def thai_datetime(moment: dt.datetime) -> str:
    """'26 พ.ย. 2569 14:05 น.': a short timestamp in Thai."""
    return thai_strftime(moment, "%-d %b %Y %H:%M น.")


def thai_timestamp(iso_utc: str) -> str:
    """A stored ISO-8601 UTC timestamp shown in Thai, Bangkok time."""
    moment = dt.datetime.fromisoformat(iso_utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return thai_datetime(moment.astimezone(BANGKOK))


# --- written quarter lists -------------------------------------------------------------------

_WHOLE_YEAR = ("ทั้งปี", "ตลอดปี", "ทุกไตรมาส")
_QUARTER_TOKEN = re.compile(r"\d+|[-–—~]|ถึง|[,;/]")
_RANGE_TOKENS = frozenset("-–—~") | {"ถึง"}
_LIST_TOKENS = frozenset(",;/")


def parse_quarters(value: Any) -> list[int] | None:
    """'1-4', '๑ - ๔', '1,3', 'ไตรมาสที่ 1 และ 3', 'Q1-Q4', 'ทั้งปี' → sorted quarters; None when not understood.

    The one reader of a written list of quarters: the workbook's planned quarters and the quarters
    a measures report names. A range that goes backwards ('4-1', '2-4-3') is not understood.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_space(to_arabic_digits(str(value)))
    if any(word in text for word in _WHOLE_YEAR):
        return [1, 2, 3, 4]
    text = re.sub(r"ไตรมาส(?:\s*ที่)?|และ|หรือ|[qQ&+]", " ", text)
    if re.search(r"[^\d\s,;/\-–—~ถึง]", text):
        return None
    found: set[int] = set()
    previous: int | None = None
    pending_range = False
    for token in _QUARTER_TOKEN.findall(text):
        if token in _LIST_TOKENS or (token in _RANGE_TOKENS and pending_range):
            previous, pending_range = None, False  # '2, -4' and '2--4' name 2 and 4, not a range
            continue
        if token in _RANGE_TOKENS:
            pending_range = previous is not None
            continue
        if len(token) > 2:
            return None  # not a quarter (and int() refuses numbers of thousands of digits)
        number = int(token)
        if pending_range and previous is not None:
            if number < previous:
                return None
            found.update(range(previous, number + 1))
        else:
            found.add(number)
        previous, pending_range = number, False
    if not found or not found <= {1, 2, 3, 4}:
        return None
    return sorted(found)
