"""Thai fiscal year (1 Oct – 30 Sep, named by the later BE year) and its quarters."""

from __future__ import annotations

import datetime as dt

from kpi.core.thai import BE_OFFSET, to_thai_digits

QUARTERS = (1, 2, 3, 4)
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
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


def fiscal_year_be(day: dt.date) -> int:
    """The BE fiscal year a date falls in: 1 Oct 2024 is in FY2568."""
    year = day.year + 1 if day.month >= 10 else day.year
    return year + BE_OFFSET


def fiscal_quarter(day: dt.date) -> int:
    """The fiscal quarter (1–4) a date falls in."""
    return ((day.month - 10) % 12) // 3 + 1


def quarter_bounds(fiscal_year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day (CE dates) of a fiscal quarter of a BE fiscal year."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, got {quarter}")
    ce = fiscal_year - BE_OFFSET
    month = _QUARTER_START_MONTH[quarter]
    year = ce - 1 if quarter == 1 else ce
    start = dt.date(year, month, 1)
    end_month = month + 2
    end = dt.date(year, end_month + 1, 1) - dt.timedelta(days=1) if end_month < 12 else dt.date(year, 12, 31)
    return start, end


def quarter_label(fiscal_year: int, quarter: int, thai_digits: bool = False) -> str:
    """'ไตรมาส 1 (ต.ค.–ธ.ค. 67)': the quarter with its months and 2-digit BE year."""
    start, end = quarter_bounds(fiscal_year, quarter)
    yy = (end.year + BE_OFFSET) % 100
    text = f"ไตรมาส {quarter} ({THAI_MONTHS_SHORT[start.month - 1]}–{THAI_MONTHS_SHORT[end.month - 1]} {yy:02d})"
    return to_thai_digits(text) if thai_digits else text


def thai_date(day: dt.date, thai_digits: bool = False) -> str:
    """'26 พฤศจิกายน 2569': a date in Thai with a BE year."""
    text = f"{day.day} {THAI_MONTHS_LONG[day.month - 1]} {day.year + BE_OFFSET}"
    return to_thai_digits(text) if thai_digits else text


def thai_datetime(moment: dt.datetime, thai_digits: bool = False) -> str:
    """'26 พ.ย. 2569 14:05 น.': a short timestamp in Thai."""
    text = f"{moment.day} {THAI_MONTHS_SHORT[moment.month - 1]} {moment.year + BE_OFFSET} {moment:%H:%M} น."
    return to_thai_digits(text) if thai_digits else text


def thai_timestamp(iso_utc: str, thai_digits: bool = False) -> str:
    """A stored ISO-8601 UTC timestamp shown in Thai, Bangkok time."""
    moment = dt.datetime.fromisoformat(iso_utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return thai_datetime(moment.astimezone(BANGKOK), thai_digits)
