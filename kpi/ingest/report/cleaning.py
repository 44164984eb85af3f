"""Cleaning a report's cell text, the same for every file format.

- Markup is removed and entities unescaped. Block boundaries (<p>, <li>, <div>, <tr>…, and Word
  paragraphs) become a newline "\\n": the source marked them as separate paragraphs or list items.
- A raw line break inside a cell (a newline in a text/CSV/Excel cell, <br>, a manual line break
  in Word, and the seam where a page-break continuation row is appended) is a line-wrap artefact:
  between two Thai letters it is removed (Thai lines wrap inside words), before a list marker
  ("๑)", "-", "•") it stays a newline, otherwise it becomes a space. An abbreviation such as
  "พ.ศ." after the break keeps a space. Spaces that exist in the source are kept: Thai uses them
  to separate phrases, and we cannot tell a phrase space from a wrap there.
- A cell that starts with "- " and runs several "- " items together is split into lines.
- Runs of spaces collapse to one; NBSP and zero-width characters go; each line is trimmed.
"""

from __future__ import annotations

import html
import re
import unicodedata

from kpi.core.text_safety import clean_text

_BLOCK = "\ue000"  # private-use marker for a hard paragraph boundary while cleaning
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|div|tr|td|th|table|tbody|thead|tfoot|h[1-6]|blockquote|section|article)\b[^<>]*>",
    re.IGNORECASE,
)
_BR_TAG = re.compile(r"<br\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[^\S\n]+")
_SPACE_CONTROLS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x1f\x85"), " ")
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # nikhahit + aa from PDF text → sara am
# A Thai letter that can end a syllable (consonant, vowel or tone mark; not ฯ ๆ or a digit)…
_THAI_END = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]$")
# …and one that can start a word (consonant or leading vowel), unless it opens an abbreviation
# like "พ.ศ." or "ต.ค." that is written after a space.
_THAI_START = re.compile("^[\u0e01-\u0e2e\u0e40-\u0e44]")
_ABBREVIATION_START = re.compile("^[\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e31-\u0e3a\u0e47-\u0e4e]*\\.")
_THAI_END_CLASS = "[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]"
_LIST_MARKER_PATTERN = r"(?:[-–•*·▪●○◦]|\(?\d{1,3}(?:\.\d{1,3})*[.)])(?:\s|$)"
_AROUND_BREAK = re.compile(r" *\n[\n ]*")
_WRAP_IN_WORD = re.compile(
    f"(?<={_THAI_END_CLASS})\n(?=[\u0e01-\u0e2e\u0e40-\u0e44])"
    "(?![\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e31-\u0e3a\u0e47-\u0e4e]*\\.)"
)
_WRAP_NOT_LIST = re.compile(f"\n(?!{_LIST_MARKER_PATTERN})")
_BULLETED = re.compile(r"^[-•] ")
_BULLET_SEAM = re.compile(r" (?=[-•] [^\d\s])")
_LIST_MARKER = re.compile("^" + _LIST_MARKER_PATTERN)


def _seam(left: str, right: str) -> str:
    """What goes between two pieces of one cell split by a line wrap or a page break."""
    if _LIST_MARKER.match(right):
        return "\n"
    if _THAI_END.search(left[-1:]) and _THAI_START.match(right) and not _ABBREVIATION_START.match(right):
        return ""
    return " "


def join_fragments(left: str, right: str) -> str:
    """Join two pieces of one cell split by a line wrap or a page break (see module docstring)."""
    if not left:
        return right
    if not right:
        return left
    return left + _seam(left, right) + right


def _strip_comments(text: str) -> str:
    """Remove <!-- … --> (an unclosed comment runs to the end), in one linear pass."""
    pieces = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        pieces.append(text[position:start])
        end = text.find("-->", start + 4)
        position = len(text) if end < 0 else end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def clean_cell(raw: str) -> str:
    """One cell's text without markup, with normalised whitespace and line wraps joined.

    Control, bidi-override and XML-illegal characters (ESC, NUL, U+FFFF …, raw or as entities) are
    removed: whatever is read here is shown, printed and written to the review workbook, and an
    Excel/XML writer refuses them outright.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", _BLOCK)
    if "<" in text:
        text = _strip_comments(text)
        text = _BLOCK_TAG.sub(_BLOCK, text)
        text = _BR_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    # Form feed, NEL and the other separator controls are whitespace in the source: a space, not glue.
    text = clean_text(text.translate(_SPACE_CONTROLS))
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = _SARA_AM.sub("\\1\u0e33", text)
    text = _SPACES.sub(" ", text.replace(_BLOCK, "\n\n"))
    paragraphs: list[str] = []
    for block in text.split("\n\n"):
        # The same decisions as _seam, for every line break of the block at once.
        joined = _AROUND_BREAK.sub("\n", block).strip("\n ")
        joined = _WRAP_IN_WORD.sub("", joined)
        joined = _WRAP_NOT_LIST.sub(" ", joined)
        if _BULLETED.match(joined):
            # "- ก - ข": a list whose items the export ran together on one line.
            joined = _BULLET_SEAM.sub("\n", joined)
        if joined:
            paragraphs.append(joined)
    return "\n".join(paragraphs)
