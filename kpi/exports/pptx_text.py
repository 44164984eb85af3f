"""Text on PPTX slides: the Thai font in every script slot, boxes sized for their wrapped text.

python-pptx's `font.name` sets only the Latin slot; PowerPoint draws Thai from the complex-script
slot, so every run (and every chart text) gets <a:latin>, <a:ea> and <a:cs> set to TH Sarabun New
with the Thai charset: on a PC without that font PowerPoint substitutes a Thai font rather than
showing boxes. A text box does not grow in LibreOffice or PowerPoint when its text wraps, so every
box here is made as tall as its text needs (`text_height`), and the layout places what follows below.
"""

from __future__ import annotations

import math
import re
import unicodedata

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from kpi.core.palette import BLACK

FONT = "TH Sarabun New"
# TH Sarabun New's PANOSE and the Windows Thai charset (222 = -34 as a signed byte): the hints
# PowerPoint uses to pick a Thai substitute when the font is not installed.
_FONT_ATTRS = {"typeface": FONT, "panose": "020B0500040200020003", "pitchFamily": "34", "charset": "-34"}
# Projector-readable sizes: nothing on a slide under MIN_PT, running text (bullets) at least BODY_PT.
MIN_PT = 16
BODY_PT = 18
MUTED = "#4D4D4D"  # secondary text: 8.4:1 on white (the theme's 7F7F7F grey is 4.0:1, under AA)
PT = 12700  # EMU per point
# Advance widths in em, measured on Laksaman (TH Sarabun New's metric twin): a Thai letter or Arabic
# digit ≈ 0.51–0.55, a Thai digit 0.68, a space 0.33 (bold about 5 % wider); marks above and below a
# consonant take none.
_EM_LETTER, _EM_DIGIT, _EM_THAI_DIGIT, _EM_SPACE = 0.52, 0.55, 0.68, 0.33
_THAI_BREAK_WASTE = 1.5  # a Thai run breaks at a dictionary word: about half a word is left unused
LINE_EM = 1.7  # a line is ascent + descent ≈ 1.66 em apart (room for the marks above and below)
INSET = Inches(0.1)  # the default left/right inset of a text frame
INSET_Y = Inches(0.05)  # the default top/bottom inset of a text frame


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def em_width(text: str, bold: bool = False) -> float:
    """The advance width of `text` in em (Thai vowel and tone marks sit above or below their consonant)."""
    total = 0.0
    for ch in text:
        if ch == " ":
            total += _EM_SPACE
        elif "\u0e50" <= ch <= "\u0e59":
            total += _EM_THAI_DIGIT
        elif ch.isdigit():
            total += _EM_DIGIT
        elif unicodedata.category(ch) not in ("Mn", "Me", "Cf"):
            total += _EM_LETTER
    return total * (1.05 if bold else 1.0)


def line_count(text: str, width: int, size: float, bold: bool = False) -> int:
    """How many lines `text` wraps to in a box `width` EMU wide (insets taken off) at `size` pt.

    Wraps word by word at spaces, the way LibreOffice and PowerPoint do; a Thai run (written without
    spaces) longer than a couple of words that does not fit is broken at a dictionary word, counted
    as the line's room less half a word; any other word that does not fit goes whole to the next line."""
    capacity = width / (size * PT) * 0.97
    count = 0
    for part in text.split("\n"):
        lines, used = 1, 0.0
        for word in re.findall(r"\S+\s*|\s+", part):
            needed = em_width(word.rstrip(), bold)
            if used + needed <= capacity:
                used += em_width(word, bold)
                continue
            # a Thai run longer than a word or two can break inside; a shorter one goes whole
            thai = needed > 4.0 and any("\u0e01" <= ch <= "\u0e4f" for ch in word)
            if not thai and needed <= capacity:
                lines, used = lines + 1, em_width(word, bold)
                continue
            rest = needed - max(0.0, capacity - used - _THAI_BREAK_WASTE) if thai else needed
            step = capacity - _THAI_BREAK_WASTE if thai else capacity
            extra = max(1, math.ceil(rest / step))
            lines += extra
            used = rest - (extra - 1) * step + (em_width(word, bold) - needed)
        count += lines
    return count


def text_height(
    lines: list[tuple[str, float]], width: int, inset_x: int = INSET, inset_y: int = INSET_Y, bold: bool = False
) -> int:
    """The height (EMU) of a text frame `width` wide holding paragraphs of (text, size pt)."""
    inner = width - 2 * inset_x
    return int(sum(line_count(text, inner, size, bold) * size * PT * LINE_EM for text, size in lines) + 2 * inset_y)


def set_thai_font(rpr: etree._Element) -> None:
    """Put TH Sarabun New in the latin, ea and cs slots of a run or default run property element."""
    for tag in ("a:latin", "a:ea", "a:cs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    # Schema order inside rPr: ln, fills, effects, highlight, uLnTx/uLn, uFillTx/uFill, latin, ea, cs, sym, hlink…
    anchor = None
    for tag in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"):
        anchor = rpr.find(qn(tag))
        if anchor is not None:
            break
    for tag in ("a:latin", "a:ea", "a:cs"):
        element = etree.Element(qn(tag), **_FONT_ATTRS)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            rpr.append(element)
    rpr.set("lang", "th-TH")


def fill(frame, lines: list[str] | str, size: float, bold: bool = False, colour: str = BLACK, align=None) -> None:  # type: ignore[no-untyped-def]
    """Fill a text frame with one paragraph per line, every run in the Thai font."""
    frame.word_wrap = True
    items = [lines] if isinstance(lines, str) else lines
    for index, line in enumerate(items):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        append_run(paragraph, line, size, bold, colour, align)


def append(frame, line: str, size: float, bold: bool = False, colour: str = BLACK, align=None) -> None:  # type: ignore[no-untyped-def]
    """One more paragraph at the end of a text frame."""
    append_run(frame.add_paragraph(), line, size, bold, colour, align)


def append_run(paragraph, line: str, size: float, bold: bool, colour: str, align) -> None:  # type: ignore[no-untyped-def]
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run()
    run.text = line
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = rgb(colour)
    set_thai_font(run._r.get_or_add_rPr())


def box(slide, left, top, width, lines, size, bold=False, colour=BLACK, align=None, height=None):  # type: ignore[no-untyped-def]
    """A text box `width` wide, as tall as its wrapped text needs (or `height` when given and taller)."""
    items = [lines] if isinstance(lines, str) else list(lines)
    needed = text_height([(line, size) for line in items], int(width))
    shape = slide.shapes.add_textbox(int(left), int(top), int(width), max(needed, int(height or 0)))
    fill(shape.text_frame, items, size, bold, colour, align)
    return shape
