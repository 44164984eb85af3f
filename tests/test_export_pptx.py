"""The PowerPoint pack opens in python-pptx, has native charts, Thai in the cs slot, and the deck's figures."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from export_fixtures import TODAY, council_dataset, sample_dataset
from office_render import office_to_pdf, pdf_page_count
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from kpi.core.messages import t
from kpi.core.palette import contrast
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Chart, Deck, Figure, Series, Slide, Table
from kpi.exports.pptx_chart import THAI_DIGITS, number_format
from kpi.exports.pptx_table import row_heights
from kpi.exports.pptx_text import BODY_PT, MIN_PT, text_height
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


def test_every_deck_slide_is_drawn_with_its_title_figures_and_rows(deck: Deck, prs: Presentation) -> None:
    everything = "\n".join(_texts(slide) for slide in prs.slides)
    assert len(prs.slides) >= len(deck.slides)
    for data in deck.slides:
        assert data.title in everything
        for figure in data.figures:
            assert figure.label in everything and figure.text in everything
        if data.table is not None:
            for row in data.table.rows:
                assert all(cell in everything for cell in row)


def _charts(prs: Presentation) -> list:  # type: ignore[type-arg]
    return [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def test_charts_are_native_with_the_deck_values(deck: Deck, prs: Presentation) -> None:
    charts = [d.chart for d in deck.slides if d.chart is not None]
    natives = _charts(prs)
    assert len(natives) == len(charts) == 5  # measures, targets, ITA, satisfaction, complaints
    for data, chart in zip(charts, natives, strict=True):
        assert chart.chart_title.text_frame.text == data.title
        bars = chart.plots[0]
        assert tuple(bars.categories) == data.categories
        for series, expected in zip(bars.series, data.series, strict=True):
            assert series.name == expected.name
            assert tuple(series.values) == expected.values
    ita = natives[[d.title for d in charts].index(deck.slide("ita").chart.title)]  # type: ignore[union-attr]
    assert ita.plots[0].series[0].values == (79.8, 91.4, 91.38)  # the dashboard's ITA totals, as numbers staff can edit


def test_reference_lines_are_series_of_their_chart_not_shapes_over_it(deck: Deck, prs: Presentation) -> None:
    """The pass mark and the target move with the chart when it is edited: a dashed line series."""
    for slide in prs.slides:
        assert not slide.shapes._spTree.findall(".//" + qn("p:cxnSp")), "a loose line shape on a slide"
    with_reference = [d.chart for d in deck.slides if d.chart is not None and d.chart.reference is not None]
    assert len(with_reference) == 2  # ITA 85, satisfaction 80
    for data in with_reference:
        native = next(c for c in _charts(prs) if c.chart_title.text_frame.text == data.title)
        assert [type(p).__name__ for p in native.plots] == ["BarPlot", "LinePlot"]
        line = native.plots[1].series[0]
        assert line.name == data.reference_label  # named in the legend: "เกณฑ์ผ่าน 85"
        assert set(line.values) == {data.reference}
        assert line._element.find(".//" + qn("a:prstDash")).get("val") == "dash"
        assert native.has_legend


def test_a_hidden_count_is_marked_not_drawn_as_zero(deck: Deck) -> None:
    """A suppressed complaint count is not an empty slot that reads as 0: "ปกปิด" stands on its baseline."""
    series = Series("ปีงบประมาณ 2568", (4.0, None, 5.0, None), ("4", "–", "5", ""), "#0072B2")
    chart = Chart("column", "เรื่องร้องเรียนรายไตรมาส", ("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"), (series,), "เรื่อง")
    one = replace(deck, slides=(deck.slides[0], Slide(key="c", title="สถิติเรื่องร้องเรียน", chart=chart)))
    native = _charts(Presentation(io.BytesIO(deck_to_pptx(one))))[0]
    mark = native.plots[1].series[0]
    assert mark.name == t("pptx_hidden") == "ปกปิด"
    assert mark.values == (None, 0.0, None, None)  # on quarter 2 only; quarter 4 (not reported) has no mark
    labels = mark._element.find(qn("c:dLbls"))
    assert labels.find(qn("c:showSerName")).get("val") == "1" and labels.find(qn("c:showVal")).get("val") == "0"
    assert mark._element.find(".//" + qn("a:ln")).find(qn("a:noFill")) is not None  # no line, only the word


def test_text_on_bars_reaches_aa_contrast(deck: Deck, prs: Presentation) -> None:
    stacked = next(c for c in _charts(prs) if c.chart_title.text_frame.text == deck.slide("measures").chart.title)  # type: ignore[union-attr]
    for series in stacked.plots[0].series:
        fill = str(series.format.fill.fore_color.rgb)
        text = str(series.data_labels.font.color.rgb)
        assert contrast(f"#{text}", f"#{fill}") >= 4.5, (fill, text)


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
    notes = [slide.notes_slide.notes_text_frame.text for slide in prs.slides]
    assert all("ข้อมูลฉบับที่ 7" in n for n in notes[1:])
    for data in deck.slides:
        mine = [n for n, slide in zip(notes, prs.slides, strict=True) if data.title in _texts(slide)]
        for figure in data.figures:
            assert any(figure.text in n for n in mine)


def test_thai_digit_deck_keeps_labels_linked_and_the_value_axis(deck: Deck) -> None:
    """Thai digits come from the number format: labels stay the values, the scale stays on the chart."""
    thai = build_deck(council_dataset(), 2568, 2, thai_digits=True, today=TODAY)
    prs = Presentation(io.BytesIO(deck_to_pptx(thai)))
    natives = _charts(prs)
    assert len(natives) == 5
    for native in natives:
        space = native._chartSpace
        assert not space.findall(".//" + qn("c:dLbl") + "/" + qn("c:tx")), "a data label with fixed text"
        assert native.value_axis.visible
        assert native.value_axis.tick_labels.number_format.startswith(THAI_DIGITS)
        for series in native.plots[0].series:
            assert series.data_labels.number_format.startswith(THAI_DIGITS)
            assert series.data_labels.show_value
    ita = natives[[s.chart.title for s in thai.slides if s.chart is not None].index(thai.slide("ita").chart.title)]  # type: ignore[union-attr]
    assert tuple(ita.plots[0].series[0].values) == (79.8, 91.4, 91.38)
    assert ita.plots[0].series[0].data_labels.number_format == THAI_DIGITS + "#,##0.00"
    assert number_format((1.0, 2.0), False, thai=False) == "#,##0"  # the Arabic deck: the same, no prefix


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
    total = len(prs.slides)
    for number, slide in enumerate(prs.slides, start=1):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if number == 1:
            continue  # the cover
        footer = next(text for text in texts if text.startswith("หน้า "))
        assert footer.startswith(f"หน้า {number}/{total} · ") and deck.version_text in footer


def _text_shapes(slide) -> list:  # type: ignore[no-untyped-def, type-arg]
    return [s for s in slide.shapes if s.has_table or (s.has_text_frame and s.text_frame.text.strip())]


def _overlap(a, b) -> bool:  # type: ignore[no-untyped-def]
    return (
        a.left < b.left + b.width
        and b.left < a.left + a.width
        and a.top < b.top + b.height
        and b.top < a.top + a.height
    )


def _check_geometry(prs: Presentation) -> None:
    """What a reader would see go wrong, read from the file: boxes off the slide, text over text,
    text taller than its box, a table running into the footer, type too small for a projector."""
    width, height = prs.slide_width, prs.slide_height
    for number, slide in enumerate(prs.slides, start=1):
        where = f"slide {number}"
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, where
            assert shape.left + shape.width <= width and shape.top + shape.height <= height, (where, shape.name)
        texts = _text_shapes(slide)
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                assert not _overlap(a, b), (where, a.text_frame.text if a.has_text_frame else a.name, b.name)
        footer = next((s for s in texts if s.has_text_frame and s.text_frame.text.startswith("หน้า ")), None)
        assert footer is not None or number == 1, where
        for shape in texts:
            if shape.has_table:  # the rows' heights for their wrapped text, at the table's size, end above the footer
                rows = [tuple(c.text for c in row.cells) for row in shape.table.rows]
                widths = [c.width for c in shape.table.columns]
                size = shape.table.cell(0, 0).text_frame.paragraphs[0].runs[0].font.size.pt
                needed = row_heights(rows, widths, size, header=True)
                assert all(r.height >= n for r, n in zip(shape.table.rows, needed, strict=True)), where
                assert shape.top + sum(needed) <= footer.top, f"{where}: the table runs under the footer"  # type: ignore[union-attr]
                continue
            frame = shape.text_frame
            lines = [(p.text, p.runs[0].font.size.pt) for p in frame.paragraphs if p.runs]
            inset_x = frame.margin_left if frame.margin_left is not None else Inches(0.1)
            inset_y = frame.margin_top if frame.margin_top is not None else Inches(0.05)
            need = text_height(lines, shape.width, inset_x, inset_y)
            assert need <= shape.height + Inches(0.02), f"{where}: text taller than its box: {frame.text[:40]}"
        parts = [slide.shapes._spTree] + [s.chart._chartSpace for s in slide.shapes if s.has_chart]
        for part in parts:
            for props in part.iter(qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")):
                if props.get("sz") is not None:
                    assert int(props.get("sz")) >= MIN_PT * 100, f"{where}: {int(props.get('sz')) / 100} pt"
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    if p.text.startswith("• "):
                        assert p.runs[0].font.size.pt >= BODY_PT, where


def test_nothing_leaves_its_box_or_covers_another_and_type_is_projector_size(deck: Deck, prs: Presentation) -> None:
    _check_geometry(prs)
    thai = build_deck(council_dataset(), 2568, 2, thai_digits=True, today=TODAY)
    _check_geometry(Presentation(io.BytesIO(deck_to_pptx(thai))))


def test_a_long_table_continues_on_the_next_slide_and_long_details_fit(deck: Deck) -> None:
    """Any number of slides, a 2-line figure detail and a table of any length stay on their slides."""
    long_row = ("มาตรการที่ 12: เรื่องร้องเรียน: จำนวนข้อร้องเรียนเกี่ยวกับการทุจริต/การปฏิบัติงาน ของหน่วยงานลดลง",
                "ลดลงจาก 4 (ไตรมาส 2 ปีงบประมาณ 2567)", "3 (ไตรมาส 2)", "บรรลุ")  # fmt: skip
    table = Table(("ตัวชี้วัด", "เป้าหมาย", "ผลล่าสุด", "สถานะ"), (long_row,) * 25, "หมายเหตุ " * 30, (0.46, 0.2, 0.18, 0.16))
    detail = "เทียบกับปีก่อน +2.56 คะแนน (ปีงบประมาณ 2567: 91.03) · เทียบกับเกณฑ์ผ่าน 85: สูงกว่า 8.59 คะแนน"
    figures = tuple(Figure(f"f{i}", "ความพึงพอใจของผู้รับบริการ", "84.34%", 84.34, detail, "good") for i in range(5))
    agenda = tuple(f"วาระที่ {i}: รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส" for i in range(1, 21))
    ita = deck.slide("ita")
    slides = (deck.slides[0], Slide(key="long", title="ตัวชี้วัดที่บรรลุ", subtitle="ไตรมาส 2", table=table),
              Slide(key="figs", title="ภาพรวม", figures=figures), Slide(key="agenda", title="วาระการประชุม", bullets=agenda),
              replace(ita, bullets=ita.bullets + agenda[:10]), *deck.slides[1:])  # fmt: skip
    prs = Presentation(io.BytesIO(deck_to_pptx(replace(deck, slides=slides))))
    _check_geometry(prs)
    drawn = sum(1 for s in prs.slides for r in s.shapes if r.has_table for row in r.table.rows
                if row.cells[0].text == long_row[0])  # fmt: skip
    continued = [s for s in prs.slides if t("slide_continued", title="ตัวชี้วัดที่บรรลุ") in _texts(s)]
    assert len(continued) >= 2 and drawn == 25  # every row, over several slides
    assert "หมายเหตุ" in _texts(continued[-1])  # the footnote under the last rows
    everything = "\n".join(_texts(slide) for slide in prs.slides)
    assert all(everything.count(a) == (2 if i < 10 else 1) for i, a in enumerate(agenda))  # every bullet, once per list
    assert t("slide_continued", title="วาระการประชุม") in everything


def test_libreoffice_prints_one_page_per_slide(deck: Deck, prs: Presentation) -> None:
    """Nothing spills onto an extra page when the deck is printed (LibreOffice runs in CI)."""
    data = deck_to_pptx(deck)
    pdf = office_to_pdf(data, ".pptx")
    assert pdf_page_count(pdf) == len(prs.slides)


def _all_text(prs: Presentation) -> str:
    parts = [_texts(slide) + "\n" + slide.notes_slide.notes_text_frame.text for slide in prs.slides]
    for native in _charts(prs):
        parts.extend(t.text or "" for t in native._chartSpace.iter(qn("a:t"), qn("c:v")) if not _is_number(t.text))
    return "\n".join(parts)


def _is_number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True


def test_one_digit_style_per_file(deck: Deck, prs: Presentation) -> None:
    """The Arabic deck shows no Thai digit (not even in names typed "๘๕ คะแนน"), the Thai deck no Arabic one."""
    typed = Slide(key="typed", title="คะแนน ITA ๘๕ ขึ้นไป", table=Table(("ตัวชี้วัด",), (("เอกสาร: จำนวน ๑ ฉบับ",),)))
    mixed = Presentation(io.BytesIO(deck_to_pptx(replace(deck, slides=(*deck.slides, typed)))))
    text = _all_text(mixed)
    assert "จำนวน 1 ฉบับ" in text and not any("\u0e50" <= ch <= "\u0e59" for ch in text)
    thai = Presentation(io.BytesIO(deck_to_pptx(build_deck(council_dataset(), 2568, 2, thai_digits=True, today=TODAY))))
    text = _all_text(thai)
    assert not any(ch.isascii() and ch.isdigit() for ch in text), [
        w for w in text.split() if any(c.isascii() and c.isdigit() for c in w)
    ][:5]


def test_a_continued_slide_is_titled_continued_once() -> None:
    """The deck continues a long list itself ("… (ต่อ)"); when the PPTX continues such a slide again
    the title says "(ต่อ)" once, not "(ต่อ) (ต่อ)"."""
    from kpi.exports.to_pptx import continued_title

    assert continued_title("มาตรการที่ยังไม่เสร็จ") == "มาตรการที่ยังไม่เสร็จ (ต่อ)"
    assert continued_title("มาตรการที่ยังไม่เสร็จ (ต่อ)") == "มาตรการที่ยังไม่เสร็จ (ต่อ)"
    deck = build_deck(sample_dataset(), 2568, 2)
    titles = [_texts(s) for s in Presentation(io.BytesIO(deck_to_pptx(deck))).slides]
    assert any("(ต่อ)" in text for text in titles)
    assert not any("(ต่อ) (ต่อ)" in text for text in titles)
