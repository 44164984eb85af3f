"""The council deck: its figures are the dashboard's figures, public-safe, in the chosen digits."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields, is_dataclass
from typing import Any

import pytest
from export_fixtures import TODAY, VERSION, council_dataset

from kpi.core.dataset import Dataset, frame_from_records
from kpi.core.schema import SHEETS_BY_KEY
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Deck
from kpi.screens.overview import build_overview, overview_cards


@pytest.fixture(scope="module")
def deck() -> Deck:
    return build_deck(council_dataset(), 2568, 2, today=TODAY)


def test_slides_in_order(deck: Deck) -> None:
    assert [s.key for s in deck.slides] == [
        "title", "overview", "measures", "targets", "targets_met", "targets_pending", "targets_no_data",
        "ita", "satisfaction", "complaints",
    ]  # fmt: skip
    title = deck.slide("title")
    assert title.title == "ผลการดำเนินงานด้านคุณธรรมและความโปร่งใส"
    assert title.subtitle == "องค์การบริหารส่วนตำบลบ้านผือ"
    assert title.bullets == (
        "ปีงบประมาณ พ.ศ. 2568",
        "ไตรมาส 2 (ม.ค.–มี.ค. 68)",
        "ข้อมูลฉบับที่ 7 · อัปโหลดเมื่อ 20 ม.ค. 2568 10:05 น.",
        "จัดทำเมื่อ 3 กุมภาพันธ์ 2568",
    )


def test_overview_figures_equal_the_dashboard(deck: Deck) -> None:
    dataset = council_dataset()
    ov = build_overview(dataset, 2568, 2)
    cards = overview_cards(ov)
    slide = deck.slide("overview")
    for key, card in zip(("measures_share", "targets_met", "ita_total", "satisfaction"), cards, strict=False):
        figure = slide.figure(key)
        assert (figure.label, figure.text, figure.detail) == (card.title, card.value, card.detail)
    assert slide.figure("ita_total").value == round(ov.ita_latest.total, 2) == 91.38  # 0.3·92.5 + 0.3·84.1 + 0.4·96
    assert slide.figure("satisfaction").value == pytest.approx(383 / 90 / 5 * 100)  # pooled counts, 85.11
    assert slide.figure("complaints_total").value == ov.complaints.total.received == 10
    assert slide.figure("complaints_total").text == "10 เรื่อง"


def test_measures_targets_ita_satisfaction_slides(deck: Deck) -> None:
    measures = deck.slide("measures")
    assert measures.figure("measures_planned").text == "4"
    assert measures.figure("measures_share").text == "50%"
    assert measures.chart is not None and measures.chart.categories == ("ไตรมาส 1", "ไตรมาส 2")
    done = next(s for s in measures.chart.series if s.name == "เสร็จสิ้น")
    assert done.values == (1.0, 2.0)
    targets = deck.slide("targets")
    assert [f.text for f in targets.figures] == ["2", "1", "0", "2"]
    rows = deck.slide("targets_met").table.rows  # type: ignore[union-attr]
    assert rows[0] == ("มาตรการที่ 1: ร้อยละความพึงพอใจของผู้รับบริการ", "≥ 80 ร้อยละ", "85.50 (ไตรมาส 2)", "บรรลุ")
    assert rows[1][1] == "ลดลงจาก 5 (ไตรมาส 2 ปีงบประมาณ 2567)"
    # the complaints indicator's actual is 2: a public deck hides 1..k-1, and "met" would not narrow it (2 < 5 either way)
    assert rows[1][2] == "– (ไตรมาส 2)" and rows[1][3] == "บรรลุ"
    no_data = deck.slide("targets_no_data").table.rows  # type: ignore[union-attr]
    assert {r[2] for r in no_data} == {"ไม่มีข้อมูล"}  # never shown as 0
    ita = deck.slide("ita")
    assert [f.text for f in ita.figures] == ["91.38", "ผ่าน", "92.50", "84.10", "96"]
    assert ita.figure("ita_eit").detail == "น้ำหนักร้อยละ 30 = 25.23 คะแนน"
    assert ita.chart is not None and ita.chart.series[0].values == (79.8, 91.4, 91.38)
    assert ita.chart.reference == 85
    sat = deck.slide("satisfaction")
    assert sat.chart is not None and sat.chart.series[0].values == (87.5, 83.2, None, None)
    assert sat.chart.series[0].labels[2] == "ไม่มีข้อมูล"


def test_complaints_are_public_safe(deck: Deck) -> None:
    slide = deck.slide("complaints")
    assert slide.table is not None
    # Q2 has 1 corruption complaint: hidden, with its complement so it cannot be worked back (the
    # general Q2 count too: the quarter total is shown; the complaints page shares this suppression).
    assert slide.table.rows == (("ไตรมาส 1", "0", "4", "4"), ("ไตรมาส 2", "–", "–", "6"), ("รวม", "–", "–", "10"))
    assert slide.table.footnote.startswith("– = ตัวเลข 1–2")
    assert "1" not in [label for s in slide.chart.series for label in s.labels]  # type: ignore[union-attr]


def _complaint_dataset(received: int) -> Dataset:
    rows = [
        {"fiscal_year": 2568, "quarter": 1, "type": t, "received": n, "completed": n, "in_progress": 0}
        for t, n in (("corruption", 0), ("general", received))
    ]
    frames = {key: frame_from_records(spec, []) for key, spec in SHEETS_BY_KEY.items()}
    frames["complaints"] = frame_from_records(SHEETS_BY_KEY["complaints"], rows)
    return Dataset(frames=frames, version=VERSION)


def test_a_small_total_is_hidden_and_zero_is_published_as_none() -> None:
    small = build_deck(_complaint_dataset(2), 2568, 1, today=TODAY).slide("overview").figure("complaints_total")
    assert (small.text, small.value) == ("–", None)
    zero = build_deck(_complaint_dataset(0), 2568, 1, today=TODAY).slide("overview").figure("complaints_total")
    assert zero.text == "ไม่มีเรื่องร้องเรียน"


def test_notes_state_the_figures_and_the_data_version(deck: Deck) -> None:
    for slide in deck.slides[1:]:
        assert slide.notes.startswith("ตัวเลขในสไลด์นี้มาจากข้อมูลฉบับที่ 7 · อัปโหลดเมื่อ 20 ม.ค. 2568 10:05 น.")
        for figure in slide.figures:
            assert f"{figure.label}: {figure.text}" in slide.notes


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [s for v in value for s in _strings(v)]
    if is_dataclass(value) and not isinstance(value, type):
        skip = {"key", "kind", "tone", "colour", "point_colours"}
        return [s for f in fields(value) if f.name not in skip for s in _strings(getattr(value, f.name))]
    return []


def test_thai_digits_reach_every_text() -> None:
    deck = build_deck(council_dataset(), 2568, 2, thai_digits=True, today=TODAY)
    texts = _strings(deck)
    offenders = [s for s in texts if re.search(r"[0-9]", s)]
    assert offenders == []
    assert deck.slide("ita").figure("ita_total").text == "๙๑.๓๘"
    assert deck.slide("ita").chart.reference_label == "เกณฑ์ผ่าน ๘๕"  # type: ignore[union-attr]
    assert deck.slide("ita").chart.series[0].colour == "#0072B2"  # type: ignore[union-attr]


def test_kpi_export_modules_never_import_streamlit() -> None:
    code = (
        "import sys, kpi.exports.deck, kpi.exports.screen, kpi.exports.to_pptx, kpi.exports.to_pdf, kpi.exports.official_report, kpi.cli.export;"
        "sys.exit(1 if 'streamlit' in sys.modules else 0)"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", code], cwd=str(__import__("pathlib").Path(__file__).parents[1])
        ).returncode
        == 0
    )
