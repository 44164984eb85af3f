"""Identity refusal: spot personal data that must not be uploaded, and say what kind it is, never the value.

PDPA B.E. 2562 (domain.md §5): the dashboard keeps aggregate counts only. `identity_column`,
`identity_value` and `identity_text` spot names, ID card and phone numbers and e-mail addresses;
kpi.privacy.redaction blanks them out of messages; kpi.privacy.suppression hides small counts in
public outputs.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi.core.messages import UI
from kpi.core.schema import SHEETS
from kpi.core.thai import to_arabic_digits

# Thai text lives in kpi.core.messages; these names keep the module's public constants.
KIND_ID_CARD = UI["privacy_kind_id_card"]
KIND_PHONE = UI["privacy_kind_phone"]
KIND_EMAIL = UI["privacy_kind_email"]
KIND_NAME = UI["privacy_kind_name"]

# ---------------------------------------------------------------------------------------------
# Identity detection
# ---------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s_\-./()\[\]:]+")


def _normalize_header(header: str) -> str:
    text = unicodedata.normalize("NFC", to_arabic_digits(str(header))).lower()
    return _SEPARATORS.sub(" ", text).strip()


# The workbook's own headers (and sheet titles) are never identity columns, even "ชื่อมาตรการ".
_SCHEMA_HEADERS = frozenset(
    _normalize_header(text) for sheet in SHEETS for text in (sheet.title, *(c.title for c in sheet.columns))
)
# Headers that announce an aggregate count or share ("จำนวนผู้ร้องเรียน") hold numbers, not people.
_AGGREGATE_PREFIXES = ("จำนวน", "ร้อยละ", "number of", "count", "total")
_IDENTITY_HEADER = re.compile(
    "|".join(
        (
            # Thai: names, complainant/accused, ID card, phone, e-mail, address, free-text narrative
            r"ชื่อ", r"สกุล", r"ผู้ร้อง", r"ผู้แจ้ง", r"ผู้ถูกร้อง", r"ผู้ถูกกล่าวหา", r"เลขบัตร", r"บัตรประชาชน",
            r"เลขประจำตัว", r"โทร", r"เบอร์", r"มือถือ", r"อีเมล", r"ที่อยู่(?!ระหว่าง)", r"บ้านเลขที่", r"ไลน์",
            r"รายละเอียด", r"เนื้อหา", r"ข้อความ", r"ข้อเท็จจริง",
            # English
            r"name", r"phone", r"\btel\b", r"mobile", r"e ?mail", r"address", r"\bid ?card", r"citizen",
            r"national id", r"passport", r"\bline id\b", r"contact", r"complainant", r"\bdetails?\b",
            r"description", r"narrative", r"\bmessage\b", r"\bid (no|number)\b",
        )
    )
)  # fmt: skip


def identity_column(header: str) -> bool:
    """True when a column header announces personal data (name, ID, phone, e-mail, address, narrative)."""
    text = _normalize_header(header)
    if not text or text in _SCHEMA_HEADERS or text.startswith(_AGGREGATE_PREFIXES):
        return False
    return _IDENTITY_HEADER.search(text) is not None


# Every scan below is written by hand and runs in time linear in the text (issue 9): a backtracking
# pattern for e-mail addresses was quadratic on a long run of letters or digits.
#
# A "chain" is a run of digits in which neighbouring digits are separated by at most one space or
# dash (1-2345-67890-12-3, 081 234 5678); two separators, or any other character, end it. An ID card
# number is a chain of exactly 13 digits; a phone number a chain of 9–10 digits starting with 0, or
# a chain right after "+" or "+ " that starts with 66 and then has 8–9 digits (one 0 allowed after 66).
_CHAIN_SEPARATORS = frozenset(" -.")
_EMAIL_LOCAL = frozenset(".+-_")
_EMAIL_DOMAIN = frozenset("-_")


@dataclass(frozen=True)
class _Chain:
    start: int  # index of its first digit
    end: int  # index after its last digit
    digits: str
    gaps: tuple[bool, ...]  # whether a separator comes before each of its first four digits


# A run of decimal digits: no alternative and nothing after the repeat, so it cannot backtrack.
_DIGIT_RUN = re.compile(r"\d+")


def _separated(text: str, end: int, start: int) -> bool:
    """Whether text[end:start] joins two digit runs of one number: a space, a dash or a dot, or a dash
    or dot with a space on either side ("1-2345", "081 234", "081.234", "1 - 2345")."""
    gap = text[end:start]
    if len(gap) == 1:
        return gap in _CHAIN_SEPARATORS
    return len(gap) <= 3 and gap.strip(" ") in ("-", ".") and gap.count(" ") == len(gap) - 1


def digit_chains(text: str) -> Iterator[_Chain]:
    """Every maximal digit chain of `text`, left to right: runs of digits found by the C scanner,
    joined when one separator (space, dash or dot, a dash or dot possibly spaced) lies between them."""
    runs: list[str] = []
    start = end = -1
    for run in _DIGIT_RUN.finditer(text):
        if runs and end < run.start() <= end + 3 and _separated(text, end, run.start()):
            runs.append(run.group())
        else:
            if runs:
                yield _joined(start, end, runs)
            runs, start = [run.group()], run.start()
        end = run.end()
    if runs:
        yield _joined(start, end, runs)


def _joined(start: int, end: int, runs: list[str]) -> _Chain:
    gaps: list[bool] = []
    for run in runs:
        gaps.extend([True] + [False] * min(len(run) - 1, 3) if gaps else [False] * min(len(run), 4))
        if len(gaps) >= 4:
            break
    return _Chain(start, end, "".join(runs), tuple(gaps[:4]) + (False,) * (4 - min(len(gaps), 4)))


def is_phone(text: str, chain: _Chain) -> bool:
    """0 + 8–9 digits (no separator right after the 0), or +66 [sep] [0] + 8–9 digits."""
    count, digits, gaps = len(chain.digits), chain.digits, chain.gaps
    if digits[0] == "0":
        return count in (9, 10) and not gaps[1]
    if not digits.startswith("66") or gaps[1] or count < 10:
        return False
    before = text[max(0, chain.start - 2) : chain.start]
    if not (before.endswith("+") or before == "+ "):
        return False
    plus = chain.start - (1 if before.endswith("+") else 2)
    if plus > 0 and (
        text[plus - 1].isdecimal() or (plus > 1 and text[plus - 1] in _CHAIN_SEPARATORS and text[plus - 2].isdecimal())
    ):
        return False  # a "+" inside a longer number
    return count in (10, 11) or (count == 12 and digits[2] == "0" and not gaps[3])


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def email_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of e-mail addresses (local@domain.tld): each '@' is expanded both ways, every character
    visited a bounded number of times."""
    at = text.find("@")
    while at != -1:
        domain_end = at + 1
        n = len(text)
        while domain_end < n and (_word(text[domain_end]) or text[domain_end] in _EMAIL_DOMAIN):
            domain_end += 1
        # the first label ends at a dot that a further label character follows
        has_dot = domain_end > at + 1 and domain_end + 1 < n and text[domain_end] == "."
        if has_dot and at > 0 and (_word(text[at - 1]) or text[at - 1] in _EMAIL_LOCAL):
            end = domain_end
            while end + 1 < n and text[end] == "." and (_word(text[end + 1]) or text[end + 1] in _EMAIL_DOMAIN):
                end += 1
                while end < n and (_word(text[end]) or text[end] in _EMAIL_DOMAIN):
                    end += 1
            if end > domain_end:
                start = at
                while start > 0 and (_word(text[start - 1]) or text[start - 1] in _EMAIL_LOCAL) and at - start < 256:
                    start -= 1
                yield start, end
        at = text.find("@", domain_end if domain_end > at + 1 else at + 1)


# A person's name: a Thai honorific followed by a name (นายสมชาย, นาง สมศรี, น.ส.สมใจ, ด.ช.ก้อง).
# Words that start like an honorific but name a post or a thing are not names (นายก, นายอำเภอ, นางพยาบาล …).
HONORIFICS = ("นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "นาย", "นาง", "ดร.", "นพ.", "พญ.")
LATIN_HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr")
NOT_NAMES = (
    "นายก", "นายอำเภอ", "นายช่าง", "นายทะเบียน", "นายตรวจ", "นายสิบ", "นายร้อย", "นายพล", "นายหน้า", "นายจ้าง",
    "นายประกัน", "นายท้าย", "นายด่าน", "นายงาน", "นายทุน", "นายสถานี", "นายแพทย์", "นายเวร", "นายห้าง",
    "นางพยาบาล", "นางงาม", "นางแบบ", "นางฟ้า", "นางสนม", "นางกำนัล", "นางรำ", "นางเอก", "นางนวล",
)  # fmt: skip
THAI_LETTER_LOW, THAI_LETTER_HIGH = "\u0e01", "\u0e2e"


def _latin_name(text: str) -> bool:
    """Mr/Mrs/Ms/Miss/Dr, an optional dot, a space, then a capitalised word: "Mr. John"."""
    for honorific in LATIN_HONORIFICS:
        i = text.find(honorific)
        while i != -1:
            rest = i + len(honorific)
            rest += 1 if rest < len(text) and text[rest] == "." else 0
            if (
                (i == 0 or not text[i - 1].isalpha())
                and rest + 1 < len(text)
                and text[rest] == " "
                and "A" <= text[rest + 1] <= "Z"
            ):
                return True
            i = text.find(honorific, i + 1)
    return False


def person_name(text: str) -> bool:
    """True when `text` holds an honorific followed by a name (never the job titles above)."""
    if _latin_name(text):
        return True
    if "น" not in text and "ด" not in text and "พญ." not in text:
        return False
    n = len(text)
    for honorific in HONORIFICS:
        i = text.find(honorific)
        while i != -1:
            boundary = i == 0 or not ("\u0e01" <= text[i - 1] <= "\u0e4e")
            rest = i + len(honorific)
            j = rest + 1 if rest < n and text[rest] in " ." else rest
            starts_name = j < n and THAI_LETTER_LOW <= text[j] <= THAI_LETTER_HIGH
            if honorific in ("นาย", "นาง") and text.startswith("นางสาว", i):
                starts_name = False  # counted as นางสาว
            if boundary and starts_name and not any(text.startswith(word, i) for word in NOT_NAMES):
                return True
            i = text.find(honorific, rest)
    return False


# Decimal digits of every script in the Basic Multilingual Plane (full-width ０–９, Arabic-Indic …) as 0–9.
ANY_DIGITS = {c: str(unicodedata.decimal(chr(c))) for c in range(0x80, 0x10000) if unicodedata.category(chr(c)) == "Nd"}


def _prepare(text: str) -> str:
    """The form scanned: NFC, ASCII digits, whitespace runs as one space, parentheses dropped."""
    text = unicodedata.normalize("NFC", text).translate(ANY_DIGITS)
    return " ".join(text.split()).replace("(", "").replace(")", "")


def _text_kind(text: str) -> str | None:
    if "@" in text and next(email_spans(text), None) is not None:
        return KIND_EMAIL
    phone = False
    for chain in digit_chains(text):
        if len(chain.digits) == 13:
            return KIND_ID_CARD  # an ID card number anywhere outranks a phone number before it
        phone = phone or is_phone(text, chain)
    return KIND_PHONE if phone else None


def identity_value(value: Any) -> str | None:
    """The kind of personal data a cell looks like (Thai label), or None. Never returns the value."""
    if value is None or value is pd.NA or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        # Excel keeps a typed ID card number as a number; a 9–10 digit number is too often an amount to call a phone.
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value) or not value.is_integer()):
            return None
        return KIND_ID_CARD if len(str(abs(int(value)))) == 13 else None
    return _text_kind(_prepare(str(value)))


def identity_text(text: str) -> str | None:
    """Like identity_value for a name the user wrote (header, sheet, file): also a person's name."""
    prepared = _prepare(text)
    kind = _text_kind(prepared)
    if kind is None and person_name(prepared):
        kind = KIND_NAME
    return kind
