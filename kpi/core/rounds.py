"""Reporting rounds as agencies write them: a single quarter, the 6-month round, the 12-month round.

A round is a span of fiscal quarters (first, last). Agencies publish complaint statistics per
quarter or per round ("รอบ 6 เดือน" = Q1–Q2, "รอบ 12 เดือน" = Q1–Q4, domain.md §3), in words
("ทั้งปี"), as quarters ("1-2", "ไตรมาส 1-4") or as months ("ต.ค.–มี.ค.", "ต.ค. 67 - ก.ย. 68").
"""

from __future__ import annotations

import re
from typing import Any

from kpi.core.fiscal import THAI_MONTHS_LONG, THAI_MONTHS_SHORT, parse_quarters
from kpi.core.thai import normalize_space, to_arabic_digits

Span = tuple[int, int]
# The spans a published round may cover besides a single quarter.
ROUNDS: dict[Span, str] = {(1, 2): "half", (1, 4): "year"}
MAX_ROUND_CHARS = 60  # a longer cell is not a period: refused before any pattern runs
_HALF_WORDS = ("6 เดือน", "หกเดือน", "ครึ่งปี", "ครึ่งปีแรก")
_YEAR_WORDS = ("12 เดือน", "สิบสองเดือน", "ทั้งปี", "ตลอดปี", "ทุกไตรมาส")
# Month (1–12) → the fiscal quarter it starts or ends.
_STARTS = {10: 1, 1: 2, 4: 3, 7: 4}
_ENDS = {12: 1, 3: 2, 6: 3, 9: 4}
_MONTH_NAMES = sorted(
    (
        (name.replace(" ", ""), month)
        for names in (THAI_MONTHS_SHORT, THAI_MONTHS_LONG)
        for month, name in enumerate(names, 1)
    ),
    key=lambda item: -len(item[0]),
)  # longest first: 'มีนาคม' before 'มี.ค.'


def _months(text: str) -> list[int]:
    """The months named in a text, in order (one left-to-right scan: linear time)."""
    compact = text.replace(" ", "")
    found, i = [], 0
    while i < len(compact):
        for name, month in _MONTH_NAMES:
            if compact.startswith(name, i):
                found.append(month)
                i += len(name)
                break
        else:
            i += 1
    return found


def parse_round(value: Any) -> Span | None:
    """'2' → (2, 2); '1-2', 'รอบ 6 เดือน', 'ต.ค.–มี.ค.' → (1, 2); '1-4', 'ทั้งปี', 'รอบ 12 เดือน' → (1, 4); else None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value, value) if 1 <= value <= 4 else None
    text = normalize_space(to_arabic_digits(str(value)))
    if len(text) > MAX_ROUND_CHARS:
        return None
    if any(word in text for word in _YEAR_WORDS):
        return (1, 4)
    if any(word in text for word in _HALF_WORDS):
        return (1, 2)
    months = _months(text)
    if months:
        if len(months) != 2 or months[0] not in _STARTS or months[1] not in _ENDS:
            return None
        first, last = _STARTS[months[0]], _ENDS[months[1]]
        return (first, last) if first == last or (first, last) in ROUNDS else None
    quarters = parse_quarters(re.sub(r"^รอบ", "", text))
    if not quarters or quarters != list(range(quarters[0], quarters[-1] + 1)):
        return None  # '1,3' is two quarters, not a round
    span = (quarters[0], quarters[-1])
    return span if span[0] == span[1] or span in ROUNDS else None


def round_quarters(span: Span) -> tuple[int, ...]:
    """The quarters a span covers."""
    return tuple(range(span[0], span[1] + 1))
