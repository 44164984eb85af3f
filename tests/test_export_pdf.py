"""The PDF pack: A4 landscape, fonts embedded, Thai text extracts as written, lines break between words."""

from __future__ import annotations

import io

import pytest
from export_fixtures import TODAY, council_dataset
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from kpi.core.thai import to_thai_digits
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Deck
from kpi.exports.pdf_lines import thai_words, wrap_lines
from kpi.exports.to_pdf import deck_to_pdf


@pytest.fixture(scope="module")
def deck() -> Deck:
    return build_deck(council_dataset(), 2568, 2, today=TODAY)


@pytest.fixture(scope="module")
def reader(deck: Deck) -> PdfReader:
    return PdfReader(io.BytesIO(deck_to_pdf(deck)))


def _page_text(reader: PdfReader, index: int) -> str:
    # The second glyph of a split SARA AM maps to U+200B (zero width): drop it like a reader's search does.
    return reader.pages[index].extract_text().replace("\u200b", "")


def test_a4_landscape_one_page_per_slide(deck: Deck, reader: PdfReader) -> None:
    assert len(reader.pages) == len(deck.slides)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)


def test_text_extracts_as_correct_thai(deck: Deck, reader: PdfReader) -> None:
    first = _page_text(reader, 0)
    assert "ผลการดำเนินงานด้านคุณธรรมและความโปร่งใส" in first
    assert "องค์การบริหารส่วนตำบลบ้านผือ" in first
    assert "\t" not in first
    for index, slide in enumerate(deck.slides[1:], start=1):
        text = _page_text(reader, index)
        assert slide.title in text
        for figure in slide.figures:
            assert figure.text in text, (slide.key, figure.text)
        assert f"หน้า {index + 1}/{len(deck.slides)} · จัดทำเมื่อ 3 กุมภาพันธ์ 2568" in text


def test_the_figures_are_the_dashboards(reader: PdfReader) -> None:
    overview = _page_text(reader, 2)  # after the title and the agenda
    for expected in ("75%", "2/3", "91.38", "85.11%", "10 เรื่อง"):  # 75%: 3 of 4 measures on schedule
        assert expected in overview


def test_fonts_are_embedded(reader: PdfReader) -> None:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
            names.add(str(font["/BaseFont"]).split("+")[-1])
    assert names == {"Sarabun", "SarabunBold"}  # the bundled static/fonts TTFs, subset and embedded


def test_thai_digits_and_page_numbers() -> None:
    deck = build_deck(council_dataset(), 2568, 2, thai_digits=True, today=TODAY)
    reader = PdfReader(io.BytesIO(deck_to_pdf(deck)))
    index = [s.key for s in deck.slides].index("ita")
    text = reader.pages[index].extract_text().replace("\u200b", "")
    page = f"{to_thai_digits(str(index + 1))}/{to_thai_digits(str(len(deck.slides)))}"
    assert f"หน้า {page} · จัดทำเมื่อ ๓ กุมภาพันธ์ ๒๕๖๘" in text
    assert "๙๑.๓๘" in text


def _width(text: str) -> float:
    return float(len(text))


def test_wrap_breaks_between_words_only() -> None:
    text = "ตามที่องค์การบริหารส่วนตำบลบ้านผือได้เข้าร่วมการประเมินคุณธรรมและความโปร่งใส"
    lines = wrap_lines(text, 24, _width)
    assert "".join(lines) == text
    assert all(len(line) <= 24 for line in lines)
    words = thai_words(text)
    boundaries = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    ends = [sum(len(line) for line in lines[: i + 1]) for i in range(len(lines))]
    assert set(ends) <= boundaries  # every line ends between two words


THAI_TEXT = st.text(alphabet="กขคงจฉชซดตถทนบปผพฟมยรลวสหอะาิีึืุูเแโใไ่้๊๋ำ ", min_size=1, max_size=80)


@given(THAI_TEXT, st.integers(min_value=3, max_value=30))
@settings(max_examples=60, deadline=None)
def test_wrap_never_loses_text_or_overflows(text: str, width: int) -> None:
    lines = wrap_lines(text, width, _width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # only a single grapheme wider than the line may overflow it
    assert all(len(line) <= width or len(line.strip()) <= 3 for line in lines)
