"""How tall each row of a PPTX table must be for its wrapped Thai text (PowerPoint and LibreOffice keep a
row at the height it is given, so a row sized for one line clips a cell that wraps to three)."""

from __future__ import annotations

import math
import unicodedata

from pptx.util import Inches

_PT = 12700  # EMU per point


def _visible(text: str) -> int:
    """Characters that take width: Thai vowel and tone marks sit above or below their consonant."""
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me"))


def row_heights(rows: list[tuple[str, ...]], widths: list[int], size: int) -> list[int]:
    """Each row's height (EMU) for its most wrapped cell at `size` pt."""
    heights = []
    for row in rows:
        lines = 1
        for text, width in zip(row, widths, strict=True):
            per_line = max(
                4, int((width - Inches(0.16)) / (size * _PT * 0.58))
            )  # a Thai glyph ≈ 0.5 em, plus word wrap
            lines = max(lines, sum(max(1, math.ceil(_visible(part) / per_line)) for part in text.split("\n")))
        heights.append(int(lines * size * _PT * 1.55 + Inches(0.12)))  # Thai lines are ≈ 1.5 em apart
    return heights
