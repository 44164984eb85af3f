"""A pack "as of quarter Q" shows nothing after Q (issue 12): checked against `python -m kpi figures`.

The bundled sample (data/sample_banphue_2568.xlsx) has all four quarters of FY2568. The test
workbook adds what only quarters 3–4 have and no other figure can print by chance: a service
surveyed in quarter 3 only, and a note reported in quarter 3 only. A quarter-2 council pack loaded
from it into a store must show none of it, nor any figure that pools quarters 3–4 (the year's
satisfaction, the quarter-3/4 bars), and its satisfaction and complaint numbers must be the ones
`kpi figures --quarter 2` prints. As of quarter 4 the year's figures are the whole year, as before.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi.cli.main import main
from kpi.core.dataset import Dataset
from kpi.core.fiscal import quarter_label
from kpi.core.thai import format_number
from kpi.domain.figures import figures
from kpi.domain.targets import target_tracker
from kpi.exports.deck_model import Deck
from kpi.exports.pack import CouncilPack
from kpi.screens.complaints import build_complaints_view, public_complaint_tables
from kpi.screens.overview import build_overview
from kpi.screens.satisfaction import build_satisfaction_view
from kpi.screens.targets import tracker_frame
from kpi.store.database import Store
from tests.export_fixtures import TODAY
from tests.test_figures import expect_complaints, expect_satisfaction

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_banphue_2568.xlsx"
YEAR = 2568
Q3_SERVICE = "งานสำรวจเฉพาะไตรมาสสาม"
Q3_NOTE = "บันทึกที่รายงานเฉพาะไตรมาสสาม"
SHOWN = ("ไตรมาส 1", "ไตรมาส 2")
LATER = ("ไตรมาส 3", "ไตรมาส 4")


def _workbook(path: Path) -> Path:
    """The sample with a quarter-3-only service and a quarter-3-only note added."""
    book = openpyxl.load_workbook(SAMPLE)
    survey = book["ความพึงพอใจ"]
    survey.append([YEAR, 3, Q3_SERVICE, 30, 0, 0, 0, 0, None, None, 30, None, None])
    results = book["ผลรายไตรมาส"]
    row = next(r for r in results.iter_rows(min_row=2) if (r[0].value, r[1].value) == (YEAR, 3))
    row[9].value = Q3_NOTE
    out = path / "as_of_quarter.xlsx"
    book.save(out)
    return out


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dataset]:
    """The test workbook loaded into a store, as `python -m kpi load` does; KPI_DATABASE_URL points at it."""
    path = tmp_path_factory.mktemp("as_of")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KPI_DATABASE_URL", f"sqlite:///{path / 'store.sqlite3'}")
        assert main(["load", str(_workbook(path))]) == 0
        yield Store().dataset()


@pytest.fixture(scope="module")
def pack(dataset: Dataset) -> CouncilPack:
    return CouncilPack(dataset, YEAR, 2, today=TODAY)


def _kpi_figures(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["figures", "--year", str(YEAR), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _deck_text(deck: Deck) -> str:
    parts: list[str] = []
    for s in deck.slides:
        parts += [s.title, s.subtitle, s.notes, *s.bullets]
        parts += [x for f in s.figures for x in (f.label, f.text, f.detail)]
        if s.chart is not None:
            parts += [s.chart.title, s.chart.footnote, *s.chart.categories]
            parts += [x for series in s.chart.series for x in (series.name, *series.labels)]
        if s.table is not None:
            parts += [*s.table.header, *(c for row in s.table.rows for c in row), s.table.footnote]
    return "\n".join(parts)


def _pptx_text(data: bytes) -> str:
    from pptx import Presentation

    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                plot = shape.chart.plots[0]
                texts += [str(c) for c in plot.categories]
                texts += [format_number(v) for s in plot.series for v in s.values if v is not None]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


def _report_text(pack: CouncilPack) -> str:
    from docx import Document

    document = Document(io.BytesIO(pack.file("docx")))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    book = openpyxl.load_workbook(io.BytesIO(pack.file("xlsx")))
    texts += [str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    return "\n".join(texts)


def _later_only(dataset: Dataset) -> list[str]:
    """Texts only quarters 3–4 can produce: the Q3 service and note, the Q3/Q4 and whole-year percents."""
    year = figures(dataset, YEAR, 4).satisfaction
    percents = [year["quarters"]["3"]["percent"], year["quarters"]["4"]["percent"], year["year"]["percent"]]
    shown = {p["percent"] for p in figures(dataset, YEAR, 2).satisfaction["quarters"].values()}
    assert not shown & set(percents)  # the sample's later quarters are distinct from quarters 1–2
    return [Q3_SERVICE, Q3_NOTE, *(format_number(p) for p in percents)]


def _quarter_charts(deck: Deck) -> dict[str, tuple[str, ...]]:
    return {
        s.key: s.chart.categories
        for s in deck.slides
        if s.chart is not None and any(c.startswith("ไตรมาส") for c in s.chart.categories)
    }


def test_deck_charts_of_quarters_stop_at_quarter_2(pack: CouncilPack) -> None:
    charts = _quarter_charts(pack.deck)
    assert {"measures", "satisfaction"} <= set(charts)
    for key, categories in charts.items():
        if key != "complaints":  # see the next test
            assert categories == SHOWN, key


def test_deck_complaints_chart_stops_at_quarter_2(pack: CouncilPack) -> None:
    slide = pack.deck.slide("complaints")
    assert slide.chart is not None and slide.chart.categories == SHOWN
    assert not any(q in b for b in slide.bullets for q in LATER)  # no "ไตรมาส 3, 4 missing" either


def test_deck_satisfaction_and_complaints_are_kpi_figures_quarter_2(
    pack: CouncilPack, capsys: pytest.CaptureFixture[str]
) -> None:
    public = _kpi_figures(capsys, "--quarter", "2", "--public")
    internal = _kpi_figures(capsys, "--quarter", "2")
    for payload in (public, internal):
        assert list(payload["satisfaction"]["quarters"]) == list(payload["complaints"]["quarters"]) == ["1", "2"]
    sat = public["satisfaction"]
    deck = pack.deck
    slide = deck.slide("satisfaction")
    assert slide.figure("satisfaction").value is not None
    assert round(slide.figure("satisfaction").value, 2) == sat["year"]["percent"]
    assert slide.figure("satisfaction_n").value == sat["year"]["n"]
    assert deck.slide("overview").figure("satisfaction").text == f"{format_number(sat['year']['percent'])}%"
    assert slide.chart is not None
    assert list(slide.chart.series[0].values) == [sat["quarters"][q]["percent"] for q in ("1", "2")]
    # The year to date pools quarters 1–2 only, computed here from the raw sheet.
    assert sat["year"]["percent"] == expect_satisfaction(_only_quarters(pack.dataset, 2), YEAR, None)[0]
    # Complaints: the published (public-safe) counts of quarters 1–2.
    comp = public["complaints"]
    complaints = deck.slide("complaints")
    assert complaints.figure("complaints_total").value == comp["year"]["received"]
    assert deck.slide("overview").figure("complaints_total").value == comp["year"]["received"]
    assert internal["complaints"]["year"] == expect_complaints(_only_quarters(pack.dataset, 2), YEAR, None)
    assert complaints.chart is not None
    this_year = complaints.chart.series[-1]
    by_quarter = dict(zip(complaints.chart.categories, this_year.values, strict=True))
    assert [by_quarter[q] for q in SHOWN] == [comp["quarters"][q]["received"] for q in ("1", "2")]


def _only_quarters(dataset: Dataset, last: int) -> Dataset:
    frames = {key: dataset.frame(key) for key in ("satisfaction", "complaints")}
    return Dataset(frames={k: f[f["quarter"].fillna(0) <= last] for k, f in frames.items()}, version=None)


def test_no_quarter_3_or_4_value_in_the_quarter_2_deck_or_report(pack: CouncilPack) -> None:
    later = _later_only(pack.dataset)
    deck_text = _deck_text(pack.deck)
    pptx_text = _pptx_text(pack.file("pptx"))
    report_text = _report_text(pack)
    for text in later:
        assert text not in deck_text, text
        assert text not in pptx_text, text
        assert text not in report_text, text
    # The same checks find them in the quarter-4 pack: they can fail.
    year_pack = CouncilPack(pack.dataset, YEAR, 4, today=TODAY)
    year_text = _deck_text(year_pack.deck) + _report_text(year_pack)
    for text in later:
        assert text in year_text, text


def test_quarter_4_keeps_the_whole_year(dataset: Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    """As of quarter 4 the year figures are the whole year's, as `kpi figures` without a quarter prints them."""
    whole = _kpi_figures(capsys)
    q4 = _kpi_figures(capsys, "--quarter", "4")
    for key in ("satisfaction", "complaints", "measures"):  # indicators: a quarter-4 value is labelled ไตรมาส 4
        assert q4[key] == whole[key], key
    assert whole["satisfaction"]["year"]["percent"] == expect_satisfaction(dataset, YEAR, None)[0]
    assert whole["complaints"]["year"] == expect_complaints(dataset, YEAR, None)
    assert list(q4["satisfaction"]["quarters"]) == ["1", "2", "3", "4"]
    deck = CouncilPack(dataset, YEAR, 4, today=TODAY).deck
    slide = deck.slide("satisfaction")
    assert slide.figure("satisfaction").value is not None
    assert round(slide.figure("satisfaction").value, 2) == whole["satisfaction"]["year"]["percent"]
    assert slide.chart is not None and slide.chart.categories == (*SHOWN, *LATER)
    assert build_overview(dataset, YEAR, 4).complaints.total.label == "รอบ 12 เดือน"


def test_dashboard_pages_follow_the_quarter(dataset: Dataset) -> None:
    """The overview, satisfaction, targets and complaints pages as of quarter 2 read the same quarters 1–2."""
    fig = figures(dataset, YEAR, 2)
    ov = build_overview(dataset, YEAR, 2)
    assert [p.quarter for p in ov.satisfaction_quarters] == [1, 2]
    assert ov.complaints_quarters.quarters == (1, 2)
    assert ov.complaints.total.received == fig.complaints["year"]["received"]
    assert ov.complaints.total.label == "ไตรมาส 1–2"
    sat = build_satisfaction_view(dataset, YEAR, "mean_pct", 80.0, quarter=2)
    assert [p.quarter for p in sat.points] == [1, 2]
    assert (
        sat.summary.overall is not None
        and round(sat.summary.overall.value or 0, 2) == fig.satisfaction["year"]["percent"]
    )
    assert Q3_SERVICE not in sat.quarter_table.to_string() + sat.year_table.to_string()
    assert "ไตรมาส 1–2" in sat.headline.detail
    comp = build_complaints_view(dataset.frame("complaints"), YEAR, 2)
    assert {c.quarter for c in comp.quarters} == {1, 2}
    tracker = target_tracker(dataset, YEAR, 2)
    assert len(tracker.quarter_counts) == 2 and {len(x.quarters) for x in tracker.targets} == {2}
    assert list(tracker_frame(tracker).columns[6:]) == [quarter_label(YEAR, 1), quarter_label(YEAR, 2)]
    public = public_complaint_tables(dataset.frame("complaints"), YEAR, "year", through=2)
    assert public.period_label == "ไตรมาส 1–2"
    assert all(not t.missing_quarters and set(t.quarters) <= {1, 2} for t in public.tables)
