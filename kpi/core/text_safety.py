"""Characters that must never reach the store or an export, found in linear time.

C0 controls other than tab and newline (NUL, backspace, ESC …), DEL and the C1 controls break the
XML inside .xlsx/.docx/.pptx files and forge lines in plain-text output. Bidirectional overrides and
isolates (U+202A–U+202E, U+2066–U+2069) make a name display differently from what it is. Input is
refused when it holds them (kpi.ingest.sheets); every writer passes its text through `clean_text`, so
text stored before these checks existed cannot break an export either.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

T = TypeVar("T")

# Allowed whitespace controls: tab, newline (carriage returns are normalised to newlines by readers).
_ALLOWED = {"\t", "\n", "\r"}
CONTROL_CHARS = frozenset(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)) if chr(c) not in _ALLOWED)
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Code points XML 1.0 cannot hold at all (a writer would raise on them): C0 controls, surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = frozenset(chr(c) for c in range(0x00, 0x20) if chr(c) not in _ALLOWED) | {"\ufffe", "\uffff"}

_CLEAN_TABLE = {ord(ch): None for ch in CONTROL_CHARS | BIDI_CONTROLS | _XML_ILLEGAL}


def control_character(text: str) -> str | None:
    """The first control character in `text` (other than tab/newline), or None."""
    if text.isprintable():  # fast path: C-level scan; printable text has no controls at all
        return None
    return next((ch for ch in text if ch in CONTROL_CHARS), None)


def bidi_control(text: str) -> str | None:
    """The first bidirectional override/isolate character in `text`, or None."""
    if text.isascii():
        return None
    return next((ch for ch in text if ch in BIDI_CONTROLS), None)


def clean_text(text: str) -> str:
    """`text` without control, bidi-override and XML-illegal characters (surrogates too)."""
    cleaned = text.translate(_CLEAN_TABLE)
    if not cleaned.isascii() and _has_surrogate(cleaned):
        cleaned = "".join(ch for ch in cleaned if not "\ud800" <= ch <= "\udfff")
    return cleaned


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_value(value: object) -> object:
    """A cell value safe for any writer: strings cleaned, everything else unchanged."""
    return clean_text(value) if isinstance(value, str) else value


def clean_tree(value: T) -> T:
    """`value` with every string inside it cleaned: strings, tuples, lists, dicts and dataclasses.

    A writer calls this once on the model it renders (a deck, a report), so no stored text, however
    old, reaches a file format that cannot hold it.
    """
    if isinstance(value, str):
        return clean_text(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(clean_tree(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [clean_tree(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {clean_tree(k): clean_tree(v) for k, v in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: clean_tree(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changes)  # type: ignore[return-value]
    return value


FORMULA_START = ("=", "+", "-", "@")  # what makes Excel read typed text as a formula


def keep_as_text(cell: Any) -> Any:
    """An Excel cell whose text starts like a formula (= + - @) stays text: a string with Excel's quote
    prefix, so opening it, editing it or pressing F2 + Enter in Excel never turns it into a live formula."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
