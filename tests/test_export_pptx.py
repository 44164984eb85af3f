"""The PowerPoint pack opens in python-pptx, has native charts, Thai in the cs slot, and the deck's figures."""

from __future__ import annotations

import io

import pytest
from export_fixtures import TODAY, council_dataset
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Deck
from kpi.exports.pptx_table import row_heights
from kpi.exports.to_pptx import FONT, deck_to_pptx

THAI = range(0x0E00, 0x0E80)


@pytest.fixture(scope="module")
def deck() -> Deck:
    return build_deck(council_dataset(), 2568, 2, today=TODAY)


@pytest.fixture(scope="module")
def prs(deck: Deck) -> Presentation:
    return Presentation(io.BytesIO(deck_to_pptx(deck)))


def _texts(slide) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def test_one_slide_per_deck_slide_with_its_title_and_figures(deck: Deck, prs: Presentation) -> None:
    assert len(prs.slides) == len(deck.slides)
    for data, slide in zip(deck.slides, prs.slides, strict=True):
        text = _texts(slide)
        assert data.title in text
        for figure in data.figures:
            assert figure.label in text and figure.text in text
        if data.table is not None:
            for row in data.table.rows:
                assert all(cell in text for cell in row)


def test_charts_are_native_with_the_deck_values(deck: Deck, prs: Presentation) -> None:
    charted = [(d, s) for d, s in zip(deck.slides, prs.slides, strict=True) if d.chart is not None]
    assert len(charted) == 5  # measures, targets, ITA, satisfaction, complaints
    for data, slide in charted:
        frames = [shape for shape in slide.shapes if shape.has_chart]
        assert len(frames) == 1
        chart = frames[0].chart
        assert chart.chart_title.text_frame.text == data.chart.title  # type: ignore[union-attr]
        plot = chart.plots[0]
        assert tuple(plot.categories) == data.chart.categories  # type: ignore[union-attr]
        for series, expected in zip(plot.series, data.chart.series, strict=True):  # type: ignore[union-attr]
            assert series.name == expected.name
            assert tuple(series.values) == expected.values
    ita = next(s for d, s in charted if d.key == "ita")
    values = next(shape for shape in ita.shapes if shape.has_chart).chart.plots[0].series[0].values
    assert values == (79.8, 91.4, 91.38)  # the dashboard's ITA totals, as numbers staff can edit


def test_every_thai_run_sets_the_complex_script_font(prs: Presentation) -> None:
    checked = 0
    for slide in prs.slides:
        parts = [slide.shapes._spTree, slide.notes_slide.notes_text_frame._txBody]
        parts += [shape.chart._chartSpace for shape in slide.shapes if shape.has_chart]
        for part in parts:
            for run in part.iter(qn("a:r")):
                text = run.findtext(qn("a:t")) or ""
                if not any(ord(c) in THAI for c in text):
                    continue
                rpr = run.find(qn("a:rPr"))
                assert rpr is not None, text
                assert rpr.find(qn("a:cs")).get("typeface") == FONT
                assert rpr.find(qn("a:ea")).get("typeface") == FONT
                assert rpr.find(qn("a:latin")).get("typeface") == FONT
                assert rpr.find(qn("a:cs")).get("charset") == "-34"  # Thai: PowerPoint's fallback hint
                checked += 1
    assert checked > 100


def test_notes_carry_the_figures_and_the_data_version(deck: Deck, prs: Presentation) -> None:
    for data, slide in zip(deck.slides, prs.slides, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        assert "ข้อมูลฉบับที่ 7" in notes
        for figure in data.figures:
            assert figure.text in notes


def test_thai_digit_labels_are_written_on_the_points() -> None:
    deck = build_deck(council_dataset(), 2568, 2, thai_digits=True, today=TODAY)
    prs = Presentation(io.BytesIO(deck_to_pptx(deck)))
    ita = prs.slides[[s.key for s in deck.slides].index("ita")]
    chart = next(shape for shape in ita.shapes if shape.has_chart).chart
    labels = [p.data_label.text_frame.text for p in chart.plots[0].series[0].points]
    assert labels == ["๗๙.๘๐", "๙๑.๔๐", "๙๑.๓๘"]
    assert tuple(chart.plots[0].series[0].values) == (79.8, 91.4, 91.38)


def test_a_wrapped_cell_gets_a_row_tall_enough_and_tables_stay_on_the_slide(prs: Presentation) -> None:
    """A row sized for one line clips a three-line cell when shown: rows follow their longest cell."""
    one, three = row_heights([("สั้น",), ("มาตรการที่ 5: เรื่องร้องเรียน: จำนวนข้อร้องเรียน " * 3,)], [Inches(3)], 16)
    assert three >= 2.5 * one
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows = shape.table.rows
                bottom = shape.top + sum(row.height for row in rows)
                assert bottom <= prs.slide_height, f"a table runs off slide {slide.slide_id}"
                for row in rows:  # every row at least as tall as its most wrapped cell needs at 12 pt
                    texts = tuple(cell.text for cell in row.cells)
                    widths = [column.width for column in shape.table.columns]
                    assert row.height >= row_heights([texts], widths, 12)[0]


def test_every_content_slide_is_numbered_like_the_pdf_page(deck: Deck, prs: Presentation) -> None:
    """A council member says "slide 5": the footer carries n/N, the date prepared and the data version."""
    total = len(deck.slides)
    for number, slide in enumerate(prs.slides, start=1):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if number == 1:
            continue  # the cover
        footer = next(text for text in texts if text.startswith("หน้า "))
        assert footer.startswith(f"หน้า {number}/{total} · ") and deck.version_text in footer
