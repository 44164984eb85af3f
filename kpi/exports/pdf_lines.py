"""Line breaking for the PDF: Thai has no spaces between words, so lines end at pythainlp word boundaries.

fpdf2 only breaks at spaces or U+200B; breaking here, measuring each candidate line with the
PDF's own string width, keeps every invisible character out of the PDF's text. A line never ends
after an opening bracket or before a closing one, and never between a number and its unit
("12 ฉบับ", "≥ 85 คะแนน", "(−40 %)" stay whole).
"""

from __future__ import annotations

import functools
import re

_SPACE = re.compile(r"(\s+)")
_OPENERS = "([{“‘"
_CLOSERS = ")]}”’%,.:;!?"
_SIGNS = "-−+±"
_OPERATORS = "≥≤<>=≈"


def split_words(text: str) -> list[str]:
    """Thai words (pythainlp newmm) and other runs of text, each run of spaces as one " "."""
    from pythainlp.tokenize import word_tokenize

    pieces: list[str] = []
    for chunk in _SPACE.split(text):
        if not chunk:
            continue
        if chunk.isspace():
            pieces.append(" ")
        else:
            pieces.extend(word_tokenize(chunk, engine="newmm", keep_whitespace=False))
    return pieces


@functools.lru_cache(maxsize=4096)
def thai_words(text: str) -> tuple[str, ...]:
    """Break text into pieces a line may end after: pythainlp words for Thai, spaces kept as pieces."""
    return tuple(_glue(split_words(text)))


def _glue(pieces: list[str]) -> list[str]:
    """Join the pieces no line may break between: brackets to their content, a number to its unit."""
    out: list[str] = []
    for piece in pieces:
        last = out[-1] if out else ""
        before = out[-2] if len(out) > 1 else ""
        if piece == " " or not out:
            out.append(piece)
        elif last == " " and before and (_closes(piece) or _is_unit(before, piece) or before[-1] in _OPERATORS):
            out[-2:] = [before + " " + piece]
        elif last != " " and (last[-1] in _OPENERS or _closes(piece) or (last in _SIGNS and piece[0].isdigit())):
            out[-1] = last + piece
        else:
            out.append(piece)
    return out


def _closes(piece: str) -> bool:
    return piece[0] in _CLOSERS


def _is_unit(number: str, word: str) -> bool:
    """A word right after a number, separated by one space: the number's unit ("12 ฉบับ", "85 %")."""
    return number[-1].isdigit() and (word[0].isalpha() or word[0] in "%฿")


def wrap_lines(text: str, width: float, measure) -> list[str]:  # type: ignore[no-untyped-def]
    """Greedy line breaking at word boundaries; a word wider than the line is split by character."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if measure(paragraph.strip()) <= width:  # most texts fit on one line: no need to break them
            lines.append(paragraph.strip())
            continue
        line = ""
        for piece in thai_words(paragraph):
            candidate = line + piece
            if not line or measure(candidate.rstrip()) <= width:
                line = candidate if line or piece != " " else ""
                while measure(line.rstrip()) > width and len(line) > 1:
                    cut = _fit(line, width, measure)
                    lines.append(line[:cut])
                    line = line[cut:]
                continue
            lines.append(line.rstrip())
            line = "" if piece == " " else piece
            while measure(line) > width and len(line) > 1:
                cut = _fit(line, width, measure)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def _fit(text: str, width: float, measure) -> int:  # type: ignore[no-untyped-def]
    """The longest prefix that fits, never splitting a base letter from its marks."""
    cut = 1
    for end in range(1, len(text) + 1):
        if end < len(text) and _is_mark(text[end]):
            continue
        if measure(text[:end]) > width:
            break
        cut = end
    return max(cut, 1)


def _is_mark(char: str) -> bool:
    return (
        char in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e33"
    )
