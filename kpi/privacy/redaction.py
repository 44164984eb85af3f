"""Redaction: blank out personal data (e-mail, ID card and phone numbers, honorific + name) from text.

A safety net for messages and stored problem texts: they are built not to hold identities, and
`redact` makes sure. What counts as personal data is decided in kpi.privacy.identity.
"""

from __future__ import annotations

import unicodedata

from kpi.privacy.identity import (
    ANY_DIGITS,
    HONORIFICS,
    LATIN_HONORIFICS,
    NOT_NAMES,
    THAI_LETTER_HIGH,
    THAI_LETTER_LOW,
    digit_chains,
    email_spans,
    is_phone,
    person_name,
)

REDACTED = "•••"


def redact(text: str) -> str:
    """`text` with every e-mail address, ID card and phone number chain, and honorific + name replaced.

    A safety net for messages: they are built not to hold identities, and this makes sure.
    """
    if not text:
        return text
    prepared = text if text.isascii() else unicodedata.normalize("NFC", text).translate(ANY_DIGITS)
    if len(prepared) != len(text):
        text = prepared  # NFC changed the length: spans are found in, and applied to, the normalised text
    # Spans are found in the prepared form (any script's digits read as 0–9) and cut out of `text`.
    spans = list(email_spans(prepared)) if "@" in prepared else []
    spans += [(c.start, c.end) for c in digit_chains(prepared) if len(c.digits) == 13 or is_phone(prepared, c)]
    if not spans and not person_name(text):
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            out.append(text[last:start] + REDACTED)
            last = end
    out.append(text[last:])
    result = "".join(out)
    if person_name(result):
        for honorific in (*HONORIFICS, *LATIN_HONORIFICS):
            result = _redact_after(result, honorific)
    return result


def _redact_after(text: str, honorific: str) -> str:
    """Replace the word after each honorific (the name) with the mark, keeping job titles."""
    out, i, last = [], text.find(honorific), 0
    while i != -1:
        rest = i + len(honorific)
        if not any(text.startswith(word, i) for word in NOT_NAMES) and (
            i == 0 or not "\u0e01" <= text[i - 1] <= "\u0e4e"
        ):
            j = rest + 1 if rest < len(text) and text[rest] in " ." else rest
            j += 1 if j < len(text) and text[j] == " " and text[j - 1] == "." else 0
            k = _word_end(text, j)
            if k > j and k + 1 < len(text) and text[k] == " " and _is_name_char(text[k + 1]):
                k = _word_end(text, k + 1)  # the surname too: "นายสมชาย ใจดี"
            if k > j:
                out.append(text[last:i] + REDACTED)
                last = k
                i = text.find(honorific, k)
                continue
        i = text.find(honorific, rest)
    out.append(text[last:])
    return "".join(out)


def _is_name_char(ch: str) -> bool:
    return THAI_LETTER_LOW <= ch <= THAI_LETTER_HIGH or "\u0e40" <= ch <= "\u0e44" or ch.isalpha()


def _word_end(text: str, j: int) -> int:
    k = j
    while k < len(text) and not text[k].isspace() and text[k] not in "”\"'),":
        k += 1
    return k
