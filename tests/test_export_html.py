"""The web page for the agency's website: one self-contained, public-safe HTML file of the council deck."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from actors import ADMIN
from export_fixtures import TODAY, VERSION, council_dataset
from html_page import Page, read_page
from plotly.offline import get_plotlyjs
from test_figures import sample

from kpi.cli.export import export_filename
from kpi.cli.main import main
from kpi.core.dataset import Dataset
from kpi.core.palette import AA_TEXT, contrast
from kpi.core.thai import format_number, to_arabic_digits
from kpi.domain.figures import figures
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Deck
from kpi.exports.html_assets import FONT_DIR, TEXT_PAIRS
from kpi.exports.html_chart import web_figure
from kpi.exports.pack import FORMATS, CouncilPack
from kpi.exports.public_figures import count_text
from kpi.exports.to_html import deck_to_html
from kpi.screens.export import GROUPS, MIME

NAME = "นายสมชาย ใจดี"  # a complainant-like string: never published


def versioned_sample() -> Dataset:
    """data/sample_banphue_2568.xlsx as a stored version."""
    return replace(sample(), version=VERSION)


@pytest.fixture(scope="module")
def sample_deck() -> Deck:
    return build_deck(versioned_sample(), 2568, 2, today=TODAY)


@pytest.fixture(scope="module")
def sample_html(sample_deck: Deck) -> bytes:
    return deck_to_html(sample_deck)


@pytest.fixture(scope="module")
def page(sample_html: bytes) -> Page:
    return read_page(sample_html)


def test_one_document_that_requests_nothing(sample_html: bytes, page: Page) -> None:
    text = sample_html.decode("utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="th">')
    assert [tag for tag, _ in page.elements].count("html") == 1
    assert page.title.startswith("ผลการดำเนินงานด้านคุณธรรมและความโปร่งใส · องค์การบริหารส่วนตำบลบ้านผือ")
    for tag, attrs in page.elements:
        assert tag not in ("link", "iframe", "img", "object", "embed", "base", "form")
        assert "src" not in attrs, tag  # every script is inline
        assert attrs.get("href", "#").startswith("#"), attrs  # only links within the page
        assert not any("://" in value for value in attrs.values()), (tag, attrs)
    for css in page.styles:
        assert re.findall(r"url\((?!data:)", css) == []  # fonts as data: URIs, nothing else
    assert "://" not in page.text and "http" not in page.text
    csp = next(a["content"] for tag, a in page.elements if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp


def test_the_sarabun_font_is_embedded(page: Page) -> None:
    css = "".join(page.styles)
    faces = re.findall(r"font-weight:(\d+);.*?base64,([A-Za-z0-9+/=]+)\)", css)
    embedded = {int(weight): base64.b64decode(data) for weight, data in faces}
    assert embedded == {
        400: (FONT_DIR / "Sarabun-Regular.ttf").read_bytes(),
        700: (FONT_DIR / "Sarabun-Bold.ttf").read_bytes(),
    }


def test_plotly_is_inlined_and_every_chart_has_its_numbers_as_a_table(sample_deck: Deck, page: Page) -> None:
    bundle = get_plotlyjs()
    assert any(content == bundle for _, content in page.scripts)
    charts = [s.chart for s in sample_deck.slides if s.chart is not None]
    data = [json.loads(content) for attrs, content in page.scripts if attrs.get("type") == "application/json"]
    assert len(data) == len(charts) == 5
    for chart, figure in zip(charts, data, strict=True):
        # each series is a bar trace; a hidden count adds a hatched stub trace ("ปกปิด", never a gap)
        series = [trace for trace in figure["data"] if trace.get("legendgroup") != "hidden"]
        assert [trace["type"] for trace in series] == ["bar"] * len(chart.series)
    drawn = script_config(page)
    assert drawn["displayModeBar"] is False and drawn["staticPlot"] is True
    tables = [t for t in page.tables if t.caption == "ตัวเลขในแผนภูมิ"]
    assert len(tables) == len(charts)
    for chart, table in zip(charts, tables, strict=True):
        assert table.rows[0] == ["รายการ", *(s.name for s in chart.series)]
        assert [row[0] for row in table.rows[1:]] == list(chart.categories)
        for i, series in enumerate(chart.series, start=1):
            for row, label in zip(table.rows[1:], series.labels, strict=True):
                assert row[i] == (label or row[i]) and row[i] != ""


def script_config(page: Page) -> dict[str, object]:
    draw = next(content for _, content in page.scripts if "Plotly.newPlot" in content and len(content) < 5000)
    return json.loads(re.search(r"var config = (\{.*?\});", draw).group(1))  # type: ignore[union-attr]


def test_headings_in_order_and_the_header_says_what_and_when(page: Page) -> None:
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))  # no level skipped
    titles = [text for level, text in page.headings if level == 2]
    assert titles[0] == "สารบัญ"
    assert not any(re.search(r"\(\d+/\d+\)$", t) for t in titles)  # a table split over slides is one again
    assert len(titles) == len(set(titles))
    text = page.text
    for fact in ("องค์การบริหารส่วนตำบลบ้านผือ", "ปีงบประมาณ พ.ศ. 2568", "ข้อมูล ณ สิ้นไตรมาส 2 (ม.ค.–มี.ค. 68)",
                 "ข้อมูลฉบับที่ 7 · อัปโหลดเมื่อ 20 ม.ค. 2568 10:05 น.", "จัดทำเมื่อ 3 กุมภาพันธ์ 2568", "ข้อมูลตัวอย่าง ไม่ใช่ผลจริงของหน่วยงาน"):  # fmt: skip
        assert fact in text


def test_every_text_of_the_deck_is_on_the_page(sample_deck: Deck, page: Page) -> None:
    text = page.text
    cells = {cell for table in page.tables for row in table.rows for cell in row}
    for slide in sample_deck.slides[1:]:
        if slide.key == "agenda":
            assert "สารบัญ" in text  # the page's own contents list stands for the deck's agenda
            continue
        for figure in slide.figures:
            assert to_arabic_digits(figure.text) in text, (slide.key, figure.text)
            assert to_arabic_digits(figure.label) in text
        for bullet in slide.bullets:
            assert to_arabic_digits(bullet) in text
        if slide.table is not None:
            for row in slide.table.rows:
                assert {to_arabic_digits(c) for c in row} <= cells, row


def test_the_figures_are_kpi_figures_public(sample_deck: Deck, page: Page) -> None:
    fig = figures(sample(), 2568, 2, public=True).to_json()
    text = page.text
    ita = fig["ita"]
    for key in ("total", "iit", "eit", "oit"):
        assert format_number(ita[key], 2) in text, key
    assert ita["rating"] in text
    assert f"{format_number(fig['satisfaction']['year']['percent'], 2)}%" in text
    assert count_text(fig["complaints"]["year"]["received"]) in text  # "12 เรื่อง"
    quarters = next(
        t for t in page.tables if t.caption == "ตัวเลขในแผนภูมิ" and t.rows[0][1:] == ["ร้อยละ"]
    )  # the satisfaction chart's numbers
    shown = {row[0]: row[1] for row in quarters.rows[1:]}
    assert {"ไตรมาส 1", "ไตรมาส 2"} <= shown.keys()
    for q, point in fig["satisfaction"]["quarters"].items():
        if f"ไตรมาส {q}" in shown:
            assert shown[f"ไตรมาส {q}"] == format_number(point["percent"], 2)
    complaints = next(t for t in page.tables if t.caption.startswith("สถิติเรื่องร้องเรียน"))
    totals = {row[0]: row[-1] for row in complaints.rows[1:]}
    assert {"ไตรมาส 1", "ไตรมาส 2"} <= totals.keys()
    for q, point in fig["complaints"]["quarters"].items():
        if f"ไตรมาส {q}" in totals:
            assert totals[f"ไตรมาส {q}"] == format_number(point["received"], 0), q  # None (hidden) is "–"
    indicator_rows = [row for t in page.tables if t.rows[0][0] == "ตัวชี้วัด" for row in t.rows[1:]]
    for indicator in fig["indicators"]:
        label = to_arabic_digits(f"มาตรการที่ {indicator['measure']}: {indicator['name']}")
        row = next(r for r in indicator_rows if r[0] == label)
        assert row[2].startswith(format_number(indicator["value"], 2) + " ("), (label, row)


def _with_identity(name: str) -> Dataset:
    dataset = council_dataset()
    assert "note" in dataset.frames["results"].columns
    results = dataset.frames["results"].copy()
    results.loc[results.index[0], "note"] = f"{NAME} โทร 081-234-5678"
    indicators = dataset.frames["indicators"].copy()
    indicators.loc[indicators.index[1], "name"] = name
    return replace(dataset, frames={**dataset.frames, "results": results, "indicators": indicators})


def test_no_complainant_note_link_or_hidden_count_is_published() -> None:
    document = deck_to_html(build_deck(_with_identity("จำนวนเอกสารเผยแพร่"), 2568, 2, today=TODAY))
    text = document.decode("utf-8")
    assert NAME not in text and "081-234-5678" not in text
    assert "example.go.th" not in text  # evidence links are not published
    page = read_page(document)
    complaints = next(t for t in page.tables if t.caption.startswith("สถิติเรื่องร้องเรียน"))
    # Q2: 1 corruption complaint, hidden with its complement; the quarter's total of 6 is published.
    assert complaints.rows[1:] == [["ไตรมาส 1", "0", "4", "4"], ["ไตรมาส 2", "–", "–", "6"], ["รวม", "–", "–", "10"]]


def test_html_in_a_name_is_shown_never_run() -> None:
    name = '<script>alert("x")</script> <b>ตัวหนา</b> & <img src=x onerror=alert(1)>'
    deck = build_deck(_with_identity(name), 2568, 2, today=TODAY, organisation='อบต. "ทดสอบ" <i>')
    document = deck_to_html(deck)
    text = document.decode("utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;ตัวหนา&lt;/b&gt; &amp; &lt;img" in text
    page = read_page(document)
    assert not any(tag in ("b", "i", "img") for tag, _ in page.elements)
    assert len(page.scripts) == 2 + 5  # plotly, the drawing script, one JSON per chart: nothing else
    assert any(name in cell for table in page.tables for row in table.rows for cell in row)
    assert 'อบต. "ทดสอบ" <i>' in page.text


def test_text_colours_reach_aa_contrast(sample_deck: Deck) -> None:
    for foreground, background in TEXT_PAIRS:
        assert contrast(foreground, background) >= AA_TEXT, (foreground, background)
    for slide in sample_deck.slides:
        if slide.chart is None:
            continue
        figure = web_figure(slide.chart, thai_digits=False)
        bars = [trace for trace in figure.data if trace.legendgroup != "hidden"]  # stubs: black text on white
        for trace, series in zip(bars, slide.chart.series, strict=True):
            fills = list(series.point_colours) or [series.colour] * len(slide.chart.categories)
            inside = trace.textposition == "inside"
            for fill, colour in zip(fills, trace.textfont.color, strict=True):
                assert contrast(colour, fill if inside else "#FFFFFF") >= AA_TEXT, (slide.key, fill, colour)


def test_one_digit_style_as_chosen() -> None:
    dataset = versioned_sample()  # its indicator names are typed with Thai digits ("จำนวน ๑ ฉบับ")
    arabic = read_page(deck_to_html(build_deck(dataset, 2568, 2, today=TODAY)))
    assert not re.search("[๐-๙]", arabic.text + arabic.title)
    thai_deck = build_deck(dataset, 2568, 2, thai_digits=True, today=TODAY)
    thai = read_page(deck_to_html(thai_deck))
    assert not re.search("[0-9]", thai.text + thai.title)
    assert "๙๓.๕๙" in thai.text
    assert ("body", {"class": "thai-digits"}) in thai.elements  # the contents list is numbered ๑, ๒, …
    for attrs, content in thai.scripts:
        if attrs.get("type") != "application/json":
            continue
        layout = json.loads(content)["layout"]
        value_axis = layout.get("yaxis", {}) if "ticktext" in layout.get("yaxis", {}) else layout.get("xaxis", {})
        assert not re.search("[0-9]", "".join(value_axis.get("ticktext", [])))


def test_the_pack_the_command_line_and_the_export_page_offer_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "html" in FORMATS
    assert MIME["html"] == "text/html"
    assert ("export_web", "export_web_help", ("html",)) in GROUPS
    assert export_filename("html", 2568, 2) == "ita_public_2568_q2.html"
    pack = CouncilPack(council_dataset(), 2568, 2, today=TODAY)
    assert pack.file("html") == deck_to_html(pack.deck)
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'html.sqlite3'}")
    from kpi.store.database import Store

    store = Store()
    from kpi.ingest.upload import commit_upload, prepare_upload

    commit_upload(store, prepare_upload((Path(__file__).parents[1] / "data" / "sample_banphue_2568.xlsx").read_bytes(),
                                        "sample.xlsx", store.dataset()), actor=ADMIN)  # fmt: skip
    out = tmp_path / "site.html"
    assert main(["export", "--format", "html", "--year", "2568", "--quarter", "2", "--out", str(out)]) == 0
    page = read_page(out.read_bytes())
    assert page.headings[0] == (1, "ผลการดำเนินงานด้านคุณธรรมและความโปร่งใส")
    assert "ข้อมูล ณ สิ้นไตรมาส 2 (ม.ค.–มี.ค. 68)" in page.text


def test_the_export_page_builds_the_web_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'page.sqlite3'}")
    app = AppTest.from_file("../app.py", default_timeout=120)
    app.run()
    app.switch_page("views/export.py").run()
    assert any("เว็บไซต์ของหน่วยงาน" in c.value and "OIT" in c.value for c in app.caption)
    app.button(key="export_build_html").click().run()
    assert not app.exception
    download = next(d for d in app.get("download_button") if d.proto.label == "ดาวน์โหลด เว็บไซต์ (HTML)")
    assert download.proto.url.endswith(".html")  # served as text/html
