"""The PDF's text layer: copying or searching the PDF finds the Thai exactly as written.

HarfBuzz's Thai shaper splits SARA AM (ำ) into two glyphs, NIKHAHIT and SARA AA, that form one
cluster. fpdf2 gives a cluster's text to its first glyph (the zero-width NIKHAHIT) and leaves the
second without any Unicode, so readers extracted a stray control character after every ำ (an
earlier workaround mapped it to U+200B, which broke every search for "จำนวน"). Two hooks fix it:

- `ThaiTextFont`: a cluster's text goes to its first glyph that advances the pen (SARA AA), so
  layout-aware readers (poppler, browsers) see no gap inside a word; the marks before it carry none;
- `TextLayerProducer`: a glyph that carries no text maps to the empty string in the font's
  ToUnicode CMap instead of being left out (a left-out glyph is extracted as its raw code).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.output import OutputProducer


@dataclass(frozen=True)
class _GlyphInfo:
    """What fpdf2 reads of a HarfBuzz glyph info: the glyph and its cluster."""

    codepoint: int
    cluster: int


class ThaiTextFont(TTFFont):
    """A TTF font whose multi-glyph clusters carry their text on the glyph that advances the pen."""

    __slots__ = ()

    def perform_harfbuzz_shaping(self, text: str, font_size_pt: float, text_shaping_params: Any) -> Any:  # noqa: ANN401
        infos, positions = super().perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
        if not infos:
            return infos, positions
        return _text_on_advancing_glyph(infos, positions, len(text)), positions


def _text_on_advancing_glyph(infos: Sequence[Any], positions: Sequence[Any], length: int) -> list[_GlyphInfo]:
    """The glyph infos with each leading zero-advance glyph of a cluster moved to a cluster of its own
    that no character belongs to (fpdf2 then gives it no text, and the cluster's text to the next)."""
    out: list[_GlyphInfo] = []
    spare = length + 1  # a cluster number past the text: no character maps to it
    seen: set[int] = set()
    for index, (info, position) in enumerate(zip(infos, positions, strict=True)):
        cluster = int(info.cluster)
        first = cluster not in seen
        seen.add(cluster)
        later_advance = False
        for j in range(index + 1, len(infos)):  # a cluster's glyphs are adjacent
            if int(infos[j].cluster) != cluster:
                break
            later_advance = later_advance or bool(positions[j].x_advance)
        if first and position.x_advance == 0 and later_advance:
            seen.discard(cluster)  # the next glyph of this cluster is now its first
            out.append(_GlyphInfo(int(info.codepoint), spare))
            spare += 1
        else:
            out.append(_GlyphInfo(int(info.codepoint), cluster))
    return out


class TextLayerProducer(OutputProducer):
    """fpdf2's PDF writer, with an empty ToUnicode mapping for every glyph that carries no text."""

    def _add_fonts(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        objects = super()._add_fonts(*args, **kwargs)
        for font in self.fpdf.fonts.values():
            if not isinstance(font, TTFFont):
                continue
            silent = sorted(
                code
                for glyph, code in font.subset.items()
                if glyph is not None and isinstance(glyph.unicode, tuple) and not glyph.unicode
            )
            stream = getattr(objects.get(font.i), "to_unicode", None)
            if not silent or stream is None:
                continue
            entries = "".join(f"<{code:04X}> <>\n" for code in silent)
            block = f"{len(silent)} beginbfchar\n{entries}endbfchar\nendcmap".encode("latin-1")
            stream._contents = stream._contents.replace(b"endcmap", block, 1)
            stream.length = len(stream._contents)
        return objects


def use_thai_text_layer(pdf: FPDF) -> None:
    """Switch the PDF's added TTF fonts to ThaiTextFont (call after add_font)."""
    for font in pdf.fonts.values():
        if type(font) is TTFFont:
            font.__class__ = ThaiTextFont


def output(pdf: FPDF) -> bytes:
    """The PDF's bytes, written with the text-layer fix."""
    return bytes(pdf.output(output_producer_class=TextLayerProducer))
