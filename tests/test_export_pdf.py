"""The PDF pack: A4 landscape, fonts embedded, Thai text extracts as written, lines break between words,
and the pages are laid out as a document: text inside the margins, nothing over anything, no small
print, no page left mostly empty, no page for a chart with nothing to show."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace

import pytest
from export_fixtures import TODAY, council_dataset
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from kpi.core.messages import t
from kpi.core.palette import contrast
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Chart, Deck, Figure, Series, Slide, Table
from kpi.exports.pdf_chart import CAPTION
from kpi.exports.pdf_lines import thai_words, wrap_lines
from kpi.exports.to_pdf import BOTTOM, EDGE, MARGIN, PAGE_H, PAGE_W, TOP, deck_to_pdf

MM = 72 / 25.4


@pytest.fixture(scope="module")
def deck() -> Deck:
    return build_deck(council_dataset(), 2568, 2, today=TODAY)


@pytest.fixture(scope="module")
def thai_deck() -> Deck:
    return build_deck(council_dataset(), 2568, 2, thai_digits=True, today=TODAY)


@pytest.fixture(scope="module")
def pdf(deck: Deck) -> bytes:
    return deck_to_pdf(deck)


@pytest.fixture(scope="module")
def thai_pdf(thai_deck: Deck) -> bytes:
    return deck_to_pdf(thai_deck)


@pytest.fixture(scope="module")
def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a4_landscape_and_fewer_pages_than_slides(deck: Deck, reader: PdfReader) -> None:
    assert 1 < len(reader.pages) < len(deck.slides)  # sections flow: no page for a lone card row or table
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)


@pytest.mark.parametrize("thai", [False, True])
def test_text_layer_is_the_thai_as_written(thai: bool, pdf: bytes, thai_pdf: bytes) -> None:
    text = "\n".join(_texts(thai_pdf if thai else pdf))
    assert "จำนวน" in text  # a search for it finds it: no zero-width space or stray code after ำ
    assert "\u200b" not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\u200c\u200d\ufeff]", text)
    assert "ผลการดำเนินงานด้านคุณธรรมและความโปร่งใส" in text
    assert "องค์การบริหารส่วนตำบลบ้านผือ" in text


def test_every_slide_title_and_figure_is_in_the_text(deck: Deck, pdf: bytes) -> None:
    text = "\n".join(_texts(pdf))
    for slide in deck.slides:
        assert slide.title in text, slide.key
        for figure in slide.figures:
            assert figure.text in text, (slide.key, figure.text)


def test_every_page_has_its_number_date_and_organisation(pdf: bytes) -> None:
    pages = _texts(pdf)
    for number, text in enumerate(pages, start=1):
        assert f"หน้า {number}/{len(pages)} · จัดทำเมื่อ 3 กุมภาพันธ์ 2568" in text
        assert "ข้อมูลฉบับที่ 7" in text
        if number > 1:
            assert "องค์การบริหารส่วนตำบลบ้านผือ · ไตรมาส 2" in text


def test_the_figures_are_the_dashboards(pdf: bytes) -> None:
    overview = "\n".join(_texts(pdf)[1:3])  # after the title and the agenda
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


def test_thai_digits_everywhere_including_ticks_and_page_numbers(thai_pdf: bytes) -> None:
    pages = _texts(thai_pdf)
    total = "๐๑๒๓๔๕๖๗๘๙"[len(pages)] if len(pages) < 10 else ""
    assert f"หน้า ๑/{total}" in pages[0]
    text = "\n".join(pages)
    assert "๙๑.๓๘" in text
    assert not re.search(r"[0-9]", text), re.findall(r".{8}[0-9].{8}", text)[:5]  # one digit style per output


def test_captions_reach_aa_contrast() -> None:
    assert contrast(CAPTION, "#FFFFFF") >= 4.5


# -- geometry, read back from the PDF ------------------------------------------------------------------


@dataclass
class _Run:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


def _widths(font: object) -> tuple[dict[int, float], float, float]:
    """A Type0 font's glyph widths by code (from /W), and its ascent and descent, per 1000 units."""
    descendant = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
    widths: dict[int, float] = {}
    entries = list(descendant.get("/W", []))
    i = 0
    while i < len(entries):
        first = int(entries[i])
        if isinstance(entries[i + 1], list):
            widths.update({first + k: float(w) for k, w in enumerate(entries[i + 1])})
            i += 2
        else:
            widths.update({code: float(entries[i + 2]) for code in range(first, int(entries[i + 1]) + 1)})
            i += 3
    descriptor = descendant["/FontDescriptor"].get_object()
    return widths, float(descriptor["/Ascent"]), float(descriptor["/Descent"])


def _layout(pdf: bytes) -> list[tuple[list[_Run], list[tuple[float, float, float, float]]]]:
    """Per page: the text runs (one per text object: fpdf2 writes a line of a cell as one) with their
    boxes from the fonts' widths, and the boxes of the drawings, read from the content streams."""
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        fonts = {name: _widths(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()}
        runs: list[_Run] = []
        shapes: list[tuple[float, float, float, float]] = []
        state: tuple[str, float] = ("", 0.0)
        saved: list[tuple[str, float]] = []
        x = y = 0.0
        run: _Run | None = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                saved.append(state)
            elif op == b"Q":
                state = saved.pop()
            elif op == b"Tf":
                state = (str(operands[0]), float(operands[1]))
            elif op == b"BT":
                x = y = 0.0
                run = None
            elif op == b"Td":
                x, y = x + float(operands[0]), y + float(operands[1])
            elif op == b"Tm":
                x, y = float(operands[4]), float(operands[5])
            elif op == b"Tj":
                widths, ascent, descent = fonts[state[0]]
                raw = operands[0].original_bytes
                codes = [int.from_bytes(raw[k : k + 2], "big") for k in range(0, len(raw), 2)]
                width = sum(widths.get(code, 0.0) for code in codes) / 1000 * state[1]
                text = operands[0]
                if run is None:
                    run = _Run("", x, y + descent / 1000 * state[1], x, y + ascent / 1000 * state[1], state[1])
                    runs.append(run)
                run.text += text
                run.x0, run.x1 = min(run.x0, x), max(run.x1, x + width)
                x += width
            elif op == b"re":
                rx, ry, rw, rh = (float(v) for v in operands)
                shapes.append((min(rx, rx + rw), min(ry, ry + rh), max(rx, rx + rw), max(ry, ry + rh)))
            elif op in (b"m", b"l"):
                px, py = float(operands[0]), float(operands[1])
                shapes.append((px, py, px, py))
        pages.append((runs, shapes))
    return pages


@pytest.fixture(scope="module", params=[False, True], ids=["arabic", "thai"])
def layout(request: pytest.FixtureRequest, pdf: bytes, thai_pdf: bytes) -> list:  # type: ignore[type-arg]
    return _layout(thai_pdf if request.param else pdf)


def test_no_text_outside_the_margins(layout: list) -> None:  # type: ignore[type-arg]
    for number, (runs, _shapes) in enumerate(layout, start=1):
        for run in runs:
            assert run.x0 >= MARGIN * MM - 0.5 and run.x1 <= (PAGE_W - MARGIN) * MM + 0.5, (number, run)
            assert run.y0 >= EDGE * MM - 0.5 and run.y1 <= (PAGE_H - EDGE) * MM + 0.5, (number, run)


def test_no_two_text_runs_overlap(layout: list) -> None:  # type: ignore[type-arg]
    for number, (runs, _shapes) in enumerate(layout, start=1):
        for i, a in enumerate(runs):
            for b in runs[i + 1 :]:
                assert not _overlap(a, b), (number, a, b)


def _overlap(a: _Run, b: _Run) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5


def test_no_small_print(layout: list) -> None:  # type: ignore[type-arg]
    sizes = {round(run.size, 1) for runs, _ in layout for run in runs}
    assert min(sizes) >= 10, sorted(sizes)


def _filled(runs: list[_Run], shapes: list[tuple[float, float, float, float]]) -> float:
    """The share of the page's body height (between running header and footer) that content spans."""
    top, bottom = (PAGE_H - TOP + 1) * MM, (PAGE_H - BOTTOM - 1) * MM
    boxes = [(r.y0, r.y1) for r in runs] + [(s[1], s[3]) for s in shapes]
    inside = [(y0, y1) for y0, y1 in boxes if y0 >= bottom and y1 <= top]
    if not inside:
        return 0.0
    return (max(y1 for _, y1 in inside) - min(y0 for y0, _ in inside)) / (top - bottom)


def test_no_page_left_mostly_empty(layout: list) -> None:  # type: ignore[type-arg]
    fills = [_filled(runs, shapes) for runs, shapes in layout[1:-1]]  # the cover is a full band
    assert all(f >= 0.25 for f in fills), [round(f, 2) for f in fills]


def _small_deck(deck: Deck, *slides: Slide) -> Deck:
    return replace(deck, slides=(deck.slides[0], *slides))


def test_a_chart_of_zeros_is_a_line_not_a_page(deck: Deck) -> None:
    zeros = Chart(
        kind="column",
        title="เรื่องร้องเรียนรายไตรมาส",
        categories=("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3"),
        series=(Series("จำนวน", (0.0, 0.0, 0.0), ("0", "0", "0"), "#0072B2"),),
        axis_title="จำนวน",
    )
    slides = (deck.slide("overview"), Slide(key="zeros", title="สถิติเรื่องร้องเรียน", chart=zeros))
    pdf = deck_to_pdf(_small_deck(deck, *slides))
    texts = _texts(pdf)
    assert len(texts) == 2  # the cover, then the overview and the note on one page
    assert t("pdf_chart_note", title=zeros.title, note=t("pdf_chart_zero")) in texts[1]
    alone = deck_to_pdf(_small_deck(deck, slides[0]))  # the overview without the zero chart
    # the heading and the note add a few lines to the page, not a chart's height (at least 55 mm, ~0.4)
    assert _filled(*_layout(pdf)[1]) - _filled(*_layout(alone)[1]) < 0.2


def test_arabic_digits_everywhere_even_in_names_typed_with_thai_digits(deck: Deck) -> None:
    header = ("ตัวชี้วัด", "เป้าหมาย")
    table = Table(header, (("เอกสาร: อย่างน้อย จำนวน ๑ ฉบับ", "≥ 1 ฉบับ"),))  # as typed in the workbook
    pdf = deck_to_pdf(replace(deck, slides=(*deck.slides, Slide(key="t", title="ตัวชี้วัด", table=table))))
    text = "\n".join(_texts(pdf))
    assert "จำนวน 1 ฉบับ" in text
    assert not re.search("[๐-๙]", text), re.findall(".{8}[๐-๙].{8}", text)[:5]


def test_hidden_counts_are_labelled_not_drawn_as_zero(deck: Deck) -> None:
    hidden = Chart(  # how the deck marks a suppressed count (1..k-1): no value, label "–"
        kind="column",
        title="เรื่องร้องเรียนรายไตรมาส",
        categories=("ไตรมาส 1", "ไตรมาส 2"),
        series=(Series("ปีงบประมาณ 2568", (6.0, None), ("6", "–"), "#0072B2"),),
        axis_title="จำนวน",
    )
    text = _texts(deck_to_pdf(_small_deck(deck, Slide(key="c", title="สถิติเรื่องร้องเรียน", chart=hidden))))[1]
    assert t("pdf_hidden") in text and "–" not in text.replace("ม.ค.–มี.ค.", "")


def test_a_long_table_flows_with_its_header_repeated(deck: Deck) -> None:
    header = ("มาตรการ", "สถานะ", "ผู้รับผิดชอบ")
    rows = tuple((f"มาตรการที่ {n}: จัดทำแผนและรายงานผลการดำเนินงานต่อผู้บริหาร", "ล่าช้า", "สำนักปลัด") for n in range(1, 41))
    detail = "เทียบปีก่อน +2.56 คะแนน\nเทียบเป้าหมาย 85: สูงกว่า 8.59"  # two lines, as the scorecards carry
    cards = tuple(Figure(f"f{k}", "คะแนน ITA", "93.59", 93.59, detail, "good") for k in range(6))
    slides = tuple(Slide(key=f"s{k}", title=f"หัวข้อ {k}", figures=cards, bullets=("ข้อความ",) * 3) for k in range(6))
    long = Slide(key="late", title="มาตรการที่ยังไม่เสร็จ", table=Table(header, rows, widths=(0.6, 0.2, 0.2)))
    pdf = deck_to_pdf(_small_deck(deck, *slides, long))
    texts = _texts(pdf)
    body = "\n".join(texts)
    for n in range(1, 41):
        assert f"มาตรการที่ {n}:" in body
    continued = [text for text in texts if "มาตรการที่ 40:" in text or "มาตรการที่ 25:" in text]
    assert all("ผู้รับผิดชอบ" in text for text in continued)  # the header row on every page of the table
    assert "เทียบปีก่อน +2.56 คะแนน" in body and "เทียบเป้าหมาย 85: สูงกว่า 8.59" in body
    for number, (runs, _shapes) in enumerate(_layout(pdf), start=1):
        assert all(run.y0 >= EDGE * MM - 0.5 for run in runs), number
        for i, a in enumerate(runs):  # six cards in two rows, and the table rows, overlap nothing
            assert not any(_overlap(a, b) for b in runs[i + 1 :]), (number, a)


def test_a_sliver_of_a_stack_keeps_its_label(deck: Deck) -> None:
    stack = Chart(
        kind="stacked_column",
        title="สถานะมาตรการ",
        categories=("ไตรมาส 1", "ไตรมาส 2"),
        series=(
            Series("เสร็จสิ้น", (3.0, 3.0), ("3", "3"), "#009E73"),
            Series("กำลังดำเนินการ", (47.0, 47.0), ("47", "47"), "#E69F00"),
        ),
        axis_title="จำนวน",
    )
    text = _texts(deck_to_pdf(_small_deck(deck, Slide(key="m", title="ความคืบหน้ามาตรการ", chart=stack))))[1]
    words = text.split("หน้า 2/2")[0].split()  # the chart's words, before the footer
    assert words.count("3") == 2 and words.count("47") == 2  # the thin segments are labelled too


# -- line breaking ------------------------------------------------------------------------------------


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


@pytest.mark.parametrize("width", range(8, 30))
def test_a_number_keeps_its_unit_and_brackets_their_content(width: int) -> None:
    text = "ลดลงจาก 4 เรื่อง (ไตรมาส 2 ปีงบประมาณ 2567) และไม่น้อยกว่า ≥ 85 คะแนน (−40 %)"
    lines = wrap_lines(text, width, _width)
    for line in lines:
        assert not line.endswith("(") and not line.startswith((")", "%")), lines
        assert not re.search(r"\d$", line), lines  # a number never ends a line: its unit follows it
    joined = "\n".join(lines)
    for whole in ("4 เรื่อง", "≥ 85 คะแนน", "(−40 %)"):
        assert whole in joined or len(whole) > width


THAI_TEXT = st.text(alphabet="กขคงจฉชซดตถทนบปผพฟมยรลวสหอะาิีึืุูเแโใไ่้๊๋ำ ", min_size=1, max_size=80)


@given(THAI_TEXT, st.integers(min_value=3, max_value=30))
@settings(max_examples=60, deadline=None)
def test_wrap_never_loses_text_or_overflows(text: str, width: int) -> None:
    lines = wrap_lines(text, width, _width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # only a single grapheme wider than the line may overflow it
    assert all(len(line) <= width or len(line.strip()) <= 3 for line in lines)
