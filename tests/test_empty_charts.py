"""A chart without data says "ไม่มีข้อมูล" on the presentation page, in the PPTX and in the PDF; a series
without bars has no legend entry; value axes of scores start at 0."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from export_fixtures import TODAY, council_dataset
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from kpi.core.messages import t
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Chart, Deck, Series, Slide
from kpi.exports.screen import chart_figure
from kpi.exports.to_pdf import deck_to_pdf
from kpi.exports.to_pptx import deck_to_pptx

NO_DATA = t("chart_no_data")
QUARTERS = ("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4")


@pytest.fixture(scope="module")
def deck() -> Deck:
    return build_deck(council_dataset(), 2568, 2, today=TODAY)


def _series(name: str, values: tuple[float | None, ...], colour: str = "#0072B2") -> Series:
    return Series(name, values, tuple("" if v is None else str(v) for v in values), colour)


def _chart(kind: str, *series: Series, reference: float | None = None) -> Chart:
    return Chart(kind=kind, title="แผนภูมิทดสอบ", categories=QUARTERS, series=series, axis_title="หน่วยวัด",
                 reference=reference, reference_label="เกณฑ์ผ่าน" if reference is not None else "")  # fmt: skip


EMPTY_CHARTS = {
    "column": _chart("column", _series("คะแนนรวมทดสอบ", (None,) * 4), reference=85.0),
    "grouped": _chart("column", _series("รับเรื่องทดสอบ", (None,) * 4), _series("เสร็จแล้วทดสอบ", (None,) * 4, "#E69F00")),
    "stacked_zeros": _chart(
        "stacked_column", _series("เสร็จสิ้นทดสอบ", (0, 0, 0, 0)), _series("ค้างอยู่ทดสอบ", (None, 0, 0, None))
    ),
    "bar": _chart("bar", _series("ร้อยละทดสอบ", (None,) * 4)),
}
HALF = _chart("column", _series("มีข้อมูล", (3, 4, None, None)), _series("ชุดว่างเปล่า", (None,) * 4, "#E69F00"))


def _one_chart_deck(deck: Deck, chart: Chart) -> Deck:
    return replace(deck, slides=(deck.slides[0], Slide(key="test", title="สไลด์ทดสอบ", chart=chart)))


def _pptx_slide(deck: Deck, index: int = 1):  # type: ignore[no-untyped-def]
    return Presentation(io.BytesIO(deck_to_pptx(deck))).slides[index]


def _pptx_text(slide) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _pdf_text(deck: Deck, index: int = 1) -> str:
    return PdfReader(io.BytesIO(deck_to_pdf(deck))).pages[index].extract_text().replace("\u200b", "")


def _screen_notes(chart: Chart) -> list[str]:
    return [a.text for a in chart_figure(chart).layout.annotations]


@pytest.mark.parametrize("name", EMPTY_CHARTS)
def test_an_empty_chart_says_no_data_in_every_renderer(deck: Deck, name: str) -> None:
    chart = EMPTY_CHARTS[name]
    assert chart.empty
    one = _one_chart_deck(deck, chart)
    assert NO_DATA in _screen_notes(chart)
    assert NO_DATA in _pptx_text(_pptx_slide(one))
    assert NO_DATA in _pdf_text(one)
    # and no legend lists a series that draws nothing
    figure = chart_figure(chart)
    assert all(trace.showlegend is False for trace in figure.data)
    assert _pptx_slide(one).shapes[-1].has_chart is False  # the note is drawn over the chart
    native = next(shape.chart for shape in _pptx_slide(one).shapes if shape.has_chart)
    assert native.has_legend is False
    assert not any(s.name in _pdf_text(one) for s in chart.series)


def test_a_chart_with_data_has_no_note_and_keeps_its_numbers(deck: Deck) -> None:
    one = _one_chart_deck(deck, HALF)
    assert not HALF.empty
    assert NO_DATA not in _screen_notes(HALF)
    assert NO_DATA not in _pptx_text(_pptx_slide(one))
    assert NO_DATA not in _pdf_text(one)
    for slide in deck.slides:  # the sample deck's charts all have data: none carries the note
        if slide.chart is not None:
            assert NO_DATA not in _screen_notes(slide.chart), slide.key


def test_a_series_without_bars_has_no_legend_entry(deck: Deck) -> None:
    one = _one_chart_deck(deck, HALF)
    shown = {trace.name: trace.showlegend for trace in chart_figure(HALF).data}
    assert shown["มีข้อมูล"] is not False and shown["ชุดว่างเปล่า"] is False
    native = next(shape.chart for shape in _pptx_slide(one).shapes if shape.has_chart)
    assert native.has_legend
    legend = native._chartSpace.find(qn("c:chart")).find(qn("c:legend"))
    deleted = [
        entry.find(qn("c:idx")).get("val")
        for entry in legend.findall(qn("c:legendEntry"))
        if entry.find(qn("c:delete")) is not None and entry.find(qn("c:delete")).get("val") == "1"
    ]
    assert deleted == ["1"]  # the second series, the empty one
    text = _pdf_text(one)
    assert "มีข้อมูล" in text and "ชุดว่างเปล่า" not in text


def test_value_axes_start_at_zero(deck: Deck) -> None:
    charts = [slide.chart for slide in deck.slides if slide.chart is not None]
    assert charts
    prs = Presentation(io.BytesIO(deck_to_pptx(deck)))
    natives = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    assert len(natives) == len(charts)
    for chart, native in zip(charts, natives, strict=True):
        assert chart.minimum == 0, chart.title
        assert native.value_axis.minimum_scale == 0, chart.title
        figure = chart_figure(chart)
        axis = figure.layout.xaxis if chart.kind == "bar" else figure.layout.yaxis
        assert axis.range[0] == 0, chart.title
