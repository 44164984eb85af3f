"""Thai text helpers: digits and numbers as Thai users type them (Buddhist-era years: kpi.core.fiscal)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

_T = TypeVar("_T")

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$])")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Commas only as thousands separators: 1,234 and 12,345.5, never 1,5 (a decimal comma or a slip).
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
# Invisible characters people paste into headers (zero-width space/joiners, word joiner, BOM, soft hyphen).
_INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
_NIKHAHIT, _SARA_AA, _SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"


class AmbiguousNumber(ValueError):
    """A number whose commas are not thousands separators (' 1,5 '): refused rather than guessed."""


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """Replace 0–9 with Thai digits ๐–๙."""
    return text.translate(_TO_THAI)


# Kept as written when digits turn Thai: links and plotly's %{...} placeholders.
_KEEP = re.compile(r"https?://[^\s<>\"']*+|%\{[^}]*+\}")


def thai_digits_text(text: str) -> str:
    """Thai digits everywhere in the text except inside http(s) links and %{…} placeholders."""
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append(to_thai_digits(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(to_thai_digits(text[last:]))
    return "".join(out)


CODE_FIELDS = frozenset({"key", "kind", "tone", "colour", "colours", "point_colours", "code", "state", "url"})


def in_thai_digits(value: _T) -> _T:
    """The value with Thai digits in every text it holds: applied once, where text is rendered.

    Walks str, tuple, list, dict values and dataclass fields (fields named in CODE_FIELDS are codes,
    not text, and stay as they are); numbers stay numbers.
    """
    return map_texts(value, thai_digits_text)


def in_arabic_digits(value: _T) -> _T:
    """The value with Arabic digits in every text it holds (Thai digits typed in the data included)."""
    return map_texts(value, to_arabic_digits)


def map_texts(value: _T, change: Callable[[str], str]) -> _T:
    """`change` applied to every text the value holds (see in_thai_digits for what is walked)."""
    if isinstance(value, str):
        return change(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(map_texts(v, change) for v in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [map_texts(v, change) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: map_texts(v, change) for k, v in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {
            f.name: map_texts(getattr(value, f.name), change)
            for f in fields(value)
            if f.name not in CODE_FIELDS and f.init
        }
        return replace(value, **changes)  # type: ignore[type-var]
    return value


def normalize_thai(text: str) -> str:
    """NFC with sara am composed (ํ + า, also with a tone mark between, as ำ) and invisible characters removed.

    Unicode has no canonical composition for ำ, so NFC leaves a decomposed ำ as two characters that
    look the same on screen: a header typed that way would never match the template otherwise.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    if _NIKHAHIT not in text:
        return text
    text = text.replace(_NIKHAHIT + _SARA_AA, _SARA_AM)
    for tone in _TONE_MARKS:
        text = text.replace(_NIKHAHIT + tone + _SARA_AA, tone + _SARA_AM)
    return text


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (including NBSP, zero-width space, BOM) into one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def parse_number(value: object) -> float | None:
    """Read a number as Thai users type it: '80%', '๘๐', ' 1,234.5 ', 'ร้อยละ 80'.

    Returns None for blanks; raises ValueError for text that is not a number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("boolean is not a number")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value)):
            return None
        if isinstance(value, float) and math.isinf(value):
            raise ValueError("infinite")
        return float(value)
    text = normalize_space(to_arabic_digits(str(value)))
    if not text:
        return None
    for prefix in ("ร้อยละ",):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    text = text.rstrip("%").strip()
    if "," in text:
        if not _GROUPED.match(text):
            raise AmbiguousNumber(f"ambiguous commas: {value!r}")
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError(f"not a number: {value!r}")
    number = float(text)
    if math.isinf(number):  # hundreds of digits: not a figure anyone typed, and int() of it would raise
        raise ValueError("too large")
    return number


def parse_int(value: object) -> int | None:
    """Like parse_number but the value must be a whole number."""
    number = parse_number(value)
    if number is None:
        return None
    if number != int(number):
        raise ValueError(f"not a whole number: {value!r}")
    return int(number)


def format_number(value: float | None, decimals: int = 2) -> str:
    """Format a number for display, dropping a useless '.00'; '–' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.{decimals}f}"


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string (`content:"…"`): it cannot close the string, the
    rule or the <style> element, whatever it holds (each risky character becomes a CSS escape)."""
    return "".join(ch if unicodedata.category(ch)[0] in "LMN" or ch in " .,-_()–" else f"\\{ord(ch):x} " for ch in text)


def escape_markdown(text: str) -> str:
    """Text shown through st.markdown exactly as written (no formatting, no links)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")
