"""Read the "ช่วงระยะเวลาในการดำเนินการ" cell of a measures report into fiscal quarters.

Agencies write the period in many ways; all of these are understood:

    ไตรมาสที่ ๑ - ๔ · ไตรมาส 2 · ไตรมาสที่ 1, 3 · ไตรมาสที่ 1 และ 3 · Q1-Q4 · ทุกไตรมาส
    ต.ค. 67 – มี.ค. 68 · ตุลาคม 2567 - กันยายน 2568 · มกราคม – มิถุนายน 2568 · ธันวาคม 2567
    1 ต.ค. 67 - 30 ก.ย. 68 · 1/10/2567 - 30/9/2568
    ตลอดปีงบประมาณ · ตลอดปี · ทั้งปี · ปีงบประมาณ พ.ศ. 2568 · ครึ่งปีแรก · 6 เดือนหลัง

Fiscal quarters (domain.md §3): Q1 ต.ค.–ธ.ค., Q2 ม.ค.–มี.ค., Q3 เม.ย.–มิ.ย., Q4 ก.ค.–ก.ย.
Years may be BE ("2568", "68") or CE ("2025"). Given a fiscal_year, dated months outside it are
left out, and a period wholly outside it (or "ปีงบประมาณ" of another year) is not recognised.
Anything else is reported as not recognised (quarters=[]): the importer keeps the text and asks
the user, it never guesses. Text around a recognised part is ignored, so a page-break remnant
such as "ไตรมาสที่ ๑ - ๔ พ.ศ. ๒๕๖๖ - ๒๕๗๐" still reads as quarters 1–4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi.core.fiscal import (
    THAI_MONTHS_LONG,
    THAI_MONTHS_SHORT,
    fiscal_year_of_month,
    parse_quarters,
    quarter_of_month,
    read_be_year,
)
from kpi.core.settings import LIMITS
from kpi.core.thai import to_arabic_digits

ALL_QUARTERS = [1, 2, 3, 4]
# A month range longer than this is not a period of one measure's work.
_MAX_RANGE_MONTHS = 120
# A period cell is a phrase; a text longer than this is not one, and is not read (bounded work on
# untrusted text: no pattern below ever sees more than this many characters).
MAX_TEXT = LIMITS.report_max_period_chars


@dataclass(frozen=True)
class PeriodResult:
    """Fiscal quarters (sorted, 1–4) read from a period text; recognised=False when not understood."""

    quarters: list[int] = field(default_factory=list)
    recognised: bool = False


# --- quarters ------------------------------------------------------------------------------

_Q_WORD = r"(?:ไตรมาส(?:\s*ที่)?|(?<![A-Za-z])Q)"
_Q_SEP = r"\s*(?:[-–—~,/&+]|ถึง|และ|หรือ)?\s*"
_QUARTERS = re.compile(
    rf"{_Q_WORD}\s*(?P<body>[1-4](?!\d)(?:{_Q_SEP}(?:{_Q_WORD}\s*)?[1-4](?!\d))*)",
    re.IGNORECASE,
)
_EVERY_QUARTER = re.compile(r"ทุก\s*ไตรมาส")


# --- months ---------------------------------------------------------------------------------


def _short_month_pattern(abbreviation: str) -> str:
    """'ต.ค.' → a pattern that also accepts 'ต. ค.' and 'ต.ค' (no final dot)."""
    letters = [part for part in abbreviation.split(".") if part]
    # "ก.พ." must not match the start of the acronym "ก.พ.ร.".
    return r"\.\s*".join(re.escape(part) for part in letters) + r"(?:\.(?![ก-ฮ]\.)|(?![ก-๛.]))"


_MONTH_ALTERNATIVES: list[tuple[str, int]] = []
for _index, _name in enumerate(THAI_MONTHS_LONG, start=1):
    _MONTH_ALTERNATIVES.append((re.escape(_name), _index))
for _index, _abbr in enumerate(THAI_MONTHS_SHORT, start=1):
    _MONTH_ALTERNATIVES.append((_short_month_pattern(_abbr), _index))
# Longest first so "มีนาคม" wins over "มี.ค." style prefixes.
_MONTH_ALTERNATIVES.sort(key=lambda item: -len(item[0]))
_MONTH_GROUPS = "|".join(f"(?P<m{i}>{pattern})" for i, (pattern, _month) in enumerate(_MONTH_ALTERNATIVES))
_MONTH_MENTION = re.compile(
    rf"(?:(?<!\d)\d{{1,2}}\s*)?(?:เดือน\s*)?(?:{_MONTH_GROUPS})(?:\s*(?:พ\.\s*ศ\.\s*)?(?P<year>\d{{4}}|\d{{2}})(?!\d))?"
)
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}|\d{2})(?![\d/])")
_RANGE_CONNECTOR = re.compile(r"^\s*(?:[-–—~]|ถึง|จนถึง|ไปจนถึง|to)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    month: int
    year: int | None  # BE


def _month_mentions(text: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    for match in _MONTH_MENTION.finditer(text):
        month = next(
            _MONTH_ALTERNATIVES[int(name[1:])][1]
            for name, value in match.groupdict().items()
            if value and name.startswith("m")
        )
        mentions.append(_Mention(match.start(), match.end(), month, read_be_year(match.group("year"))))
    for match in _NUMERIC_DATE.finditer(text):
        month = int(match.group(2))
        if 1 <= month <= 12 and 1 <= int(match.group(1)) <= 31:
            mentions.append(_Mention(match.start(), match.end(), month, read_be_year(match.group(3))))
    return sorted(mentions, key=lambda mention: mention.start)


def _months_in_range(start: _Mention, end: _Mention) -> list[tuple[int | None, int]] | None:
    """Calendar months from start to end inclusive, as (BE year or None, month)."""
    start_year, end_year = start.year, end.year
    if start_year is None and end_year is not None:
        start_year = end_year if start.month <= end.month else end_year - 1
    if end_year is None and start_year is not None:
        end_year = start_year if end.month >= start.month else start_year + 1
    if start_year is None or end_year is None:
        # No years: walk forward through the calendar, wrapping after December.
        count = (end.month - start.month) % 12 + 1
        return [(None, (start.month - 1 + step) % 12 + 1) for step in range(count)]
    first = start_year * 12 + start.month - 1
    last = end_year * 12 + end.month - 1
    if last < first or last - first >= _MAX_RANGE_MONTHS:
        return None
    return [(index // 12, index % 12 + 1) for index in range(first, last + 1)]


def _quarters_from_months(text: str, fiscal_year: int | None) -> tuple[set[int], bool]:
    """Quarters named by months in the text, and whether the text names any month at all."""
    mentions = _month_mentions(text)
    months: list[tuple[int | None, int]] = []
    index = 0
    while index < len(mentions):
        mention = mentions[index]
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following and _RANGE_CONNECTOR.match(text[mention.end : following.start]):
            span = _months_in_range(mention, following)
            index += 2
            if span is None:
                continue
            months.extend(span)
        else:
            months.append((mention.year, mention.month))
            index += 1
    quarters: set[int] = set()
    for year, month in months:
        if fiscal_year is not None and year is not None and fiscal_year_of_month(year, month) != fiscal_year:
            continue
        quarters.add(quarter_of_month(month))
    return quarters, bool(mentions)


# --- whole or half year ---------------------------------------------------------------------

_WHOLE_YEAR = re.compile(r"ตลอด\s*(?:ทั้ง\s*)?ปี|ทั้ง\s*ปี|(?<!\d)12\s*เดือน|ปีงบประมาณ|ตลอดระยะเวลา(?:ของ)?(?:\s*ปี)?")
_STATED_FISCAL_YEAR = re.compile(r"ปีงบ(?:ประมาณ)?\s*(?:พ\.\s*ศ\.\s*)?(\d{4})(?!\s*[-–—]\s*\d)")
_FIRST_HALF = re.compile(r"ครึ่ง\s*ปี\s*แรก|(?<!\d)6\s*เดือน\s*แรก|รอบ\s*6\s*เดือน(?!\s*หลัง)")
_SECOND_HALF = re.compile(r"ครึ่ง\s*ปี\s*หลัง|(?<!\d)6\s*เดือน\s*หลัง")


def _whole_year(text: str, fiscal_year: int | None) -> bool:
    if not _WHOLE_YEAR.search(text):
        return False
    stated = _STATED_FISCAL_YEAR.search(text)
    if stated and fiscal_year is not None:
        return read_be_year(stated.group(1)) == fiscal_year
    return True


def parse_period(text: str, fiscal_year: int | None = None) -> PeriodResult:
    """Fiscal quarters named by a period text (Thai or Arabic digits); recognised=False if unsure."""
    if len(text or "") > MAX_TEXT:
        return PeriodResult([], False)
    norm = to_arabic_digits(text or "")
    quarters: set[int] = set()
    understood = False
    if _EVERY_QUARTER.search(norm):
        quarters.update(ALL_QUARTERS)
        understood = True
    for match in _QUARTERS.finditer(norm):
        found = parse_quarters(match.group("body"))
        if found is None:
            return PeriodResult([], False)
        quarters.update(found)
        understood = True
    month_quarters, months_named = _quarters_from_months(norm, fiscal_year)
    if months_named:
        # Months that are all outside the fiscal year (or a backwards range) leave this empty.
        if not month_quarters and not understood:
            return PeriodResult([], False)
        quarters |= month_quarters
        understood = True
    if not understood:
        if _FIRST_HALF.search(norm):
            quarters, understood = {1, 2}, True
        elif _SECOND_HALF.search(norm):
            quarters, understood = {3, 4}, True
        elif _whole_year(norm, fiscal_year):
            quarters, understood = set(ALL_QUARTERS), True
    if not understood or not quarters:
        return PeriodResult([], False)
    return PeriodResult(sorted(quarters), True)
