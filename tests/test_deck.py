"""The council deck: its figures are the hand-computed ones (as are the dashboard's), public-safe, in the chosen digits."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields, is_dataclass, replace
from typing import Any
from unittest import mock

import pytest
from export_fixtures import TODAY, VERSION, council_dataset

from kpi.core.dataset import Dataset, frame_from_records
from kpi.core.schema import SHEETS_BY_KEY
from kpi.domain.targets import TargetStatus, condition_text, target_statuses
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Deck
from kpi.exports.official_report import build_report
from kpi.exports.pack import FORMATS, CouncilPack
from kpi.screens.overview import build_overview, overview_cards


@pytest.fixture(scope="module")
def deck() -> Deck:
    return build_deck(council_dataset(), 2568, 2, today=TODAY)


def test_slides_in_order(deck: Deck) -> None:
    assert [s.key for s in deck.slides] == [
        "title", "agenda", "overview", "measures", "unfinished", "targets", "targets_met", "targets_pending", "targets_no_data",
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


# The overview figures of FY2568 as of Q2, worked out by hand from tests/export_fixtures.py (never
# from the code under test): (label, text shown, value, detail) per figure.
#
# measures planned in Q2: no. 1 (1,2,3,4), 2 (1,2,3,4), 3 (1,2), 4 (2) = 4; done in Q2: no. 1 and 3 = 2
#   → 2 / 4 = 50% (between 50 and 80: "ok")
# targets as of Q2: 1.1 85.5 ≥ 80 met · 2.1 3 < 4 pending · 3.1 "ลดลง" 2 < 5 (Q2 of 2567) met ·
#   4.1 and 5.1 have no results → met 2 of the 3 judged, 2 without data
# ITA 2568: 0.3·92.5 + 0.3·84.1 + 0.4·96 = 27.75 + 25.23 + 38.4 = 91.38 → 91.38 − 85 = 6.38 above the pass mark
# satisfaction 2568, counts pooled: Q1 รายได้ 20·5 + 15·4 + 5·3 = 175 (40 people), Q2 รายได้
#   10·5 + 10·4 + 8·3 + 2·2 = 118 (30), Q2 ทะเบียนพาณิชย์ 12·5 + 6·4 + 2·3 = 90 (20)
#   → 383 / 90 people / 5 × 100 = 85.11% (target 80%)
# complaints received 2568: Q1 0 + 4, Q2 1 + 5 = 10; 2567: 0+6 + 3+5 + 0+4 + 0+3 = 21 (the whole year);
#   2567 Q1–Q2 only: 6 + 3 + 5 = 14 (the dashboard card compares like with like)
# Q2: measures 1–4 are due; 1 and 3 done, 2 in progress with its plan running to Q4, 4 not started in its Q2:
# 3 of 4 on schedule (issue 11: progress counts work on schedule, not only finished work).
MEASURES = ("ความคืบหน้ามาตรการ", "75%", 75.0, "ตามแผน 3 จาก 4 มาตรการ (เสร็จสิ้น 2)")
TARGETS_MET = ("ตัวชี้วัดเป้าหมาย", "2/3", 2.0, "บรรลุ 2 จาก 3 ตัวชี้วัด · ไม่มีข้อมูล 2")
ITA = ("คะแนน ITA ล่าสุด (2568)", "91.38", 91.38, "ผ่าน · สูงกว่าเกณฑ์ผ่าน 85 คะแนน อยู่ 6.38")
# As of quarter 2 the year is the year to date, and the card says which quarters it pools.
SATISFACTION = (
    "ความพึงพอใจของผู้รับบริการ",
    "85.11%",
    383 / 90 / 5 * 100,
    "เป้าหมาย 80% · ผู้ตอบ 90 คน · ค่าเฉลี่ย ÷ 5 × 100 · ไตรมาส 1–2",
)
# As of quarter 2 both years are quarters 1–2: last year's 14, not its whole year's 21.
COMPLAINTS_DECK = ("รับเรื่องปีงบประมาณ 2568 (ไตรมาส 1–2)", "10 เรื่อง", 10.0, "ปีงบประมาณ 2567: 14 เรื่อง")
COMPLAINTS_CARD = ("เรื่องร้องเรียน", "10", "ไตรมาส 1–2 · ปีนี้ 10 เรื่อง · ปีก่อน 14 เรื่อง")


# The deck's detail lines: the change against last year (2567 has no measures, indicators or
# satisfaction in the fixture; ITA 2567 = 0.3·90 + 0.3·88 + 0.4·95 = 91.40 → 91.38 − 91.40 = −0.02;
# complaints Q1–Q2: 10 against 2567's 14 → −4, −4/14 = −28.6 % → −29 %), then the target.
DECK_DETAILS = {
    "measures_share": "ไม่มีข้อมูลปีก่อน · ตามแผน 3 จาก 4 มาตรการ (เสร็จสิ้น 2)",
    "targets_met": "ไม่มีข้อมูลปีก่อน · บรรลุ 2 จาก 3 ตัวชี้วัด · ไม่มีข้อมูล 2",
    "ita_total": "−0.02 จากปี 2567 · เกณฑ์ผ่าน 85: +6.38",
    "satisfaction": "ไม่มีข้อมูลปีก่อน · เป้าหมาย 80%: +5.11",
    "complaints_total": "−4 (−29 %) จากช่วงเดียวกันปี 2567 · เป้าหมายลดลง: ตัดสินเมื่อครบปี",
}


def test_overview_slide_shows_the_hand_computed_figures(deck: Deck) -> None:
    slide = deck.slide("overview")
    expected = {
        "measures_share": MEASURES, "targets_met": TARGETS_MET, "ita_total": ITA, "satisfaction": SATISFACTION,
        "complaints_total": COMPLAINTS_DECK,
    }  # fmt: skip
    assert [f.key for f in slide.figures] == list(expected)
    for key, (label, text, value, _) in expected.items():
        figure = slide.figure(key)
        assert (figure.label, figure.text, figure.detail) == (label, text, DECK_DETAILS[key])
        assert figure.value == pytest.approx(value)
    assert slide.figure("ita_total").value == 91.38  # 0.3·92.5 + 0.3·84.1 + 0.4·96
    assert slide.figure("satisfaction").value == pytest.approx(383 / 90 / 5 * 100)  # pooled counts, 85.11
    assert slide.figure("complaints_total").value == 10
    assert slide.figure("complaints_total").text == "10 เรื่อง"


def test_overview_cards_show_the_same_hand_computed_figures() -> None:
    """The dashboard's cards against the same numbers: deck and dashboard agree because both are right."""
    ov = build_overview(council_dataset(), 2568, 2)
    cards = overview_cards(ov)
    for card, (label, text, _, detail) in zip(cards, (MEASURES, TARGETS_MET, ITA, SATISFACTION), strict=False):
        assert (card.title, card.value, card.detail) == (label, text, detail)
    assert (cards[4].title, cards[4].value, cards[4].detail) == COMPLAINTS_CARD
    assert ov.ita_latest is not None and round(ov.ita_latest.total, 2) == 91.38
    assert ov.complaints.total.received == 10


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
    assert sat.chart is not None and sat.chart.series[0].values == (87.5, 83.2)  # as of quarter 2: no later bars
    assert sat.chart.series[0].labels == ("87.50", "83.20")


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
            assert f"{figure.label} อยู่ที่ {figure.text}" in slide.notes


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
        "import sys, kpi.exports.deck, kpi.exports.deck_model, kpi.exports.deck_slides, kpi.exports.public_figures,"
        " kpi.exports.provenance, kpi.exports.pack, kpi.exports.pdf_lines, kpi.exports.screen, kpi.exports.to_pptx,"
        " kpi.exports.to_pdf, kpi.exports.official_report, kpi.cli.export;"
        "sys.exit(1 if 'streamlit' in sys.modules else 0)"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", code], cwd=str(__import__("pathlib").Path(__file__).parents[1])
        ).returncode
        == 0
    )


def test_one_condition_text_for_screens_deck_and_report() -> None:
    """kpi.domain.targets.condition_text: the tracker's, the deck's and the report's condition."""
    status = TargetStatus(2568, 3, 1, "จำนวนข้อร้องเรียน", "เรื่อง", "decrease", None, 2.0, 2, 5.0, "ค่าฐานที่กำหนด", "met")
    assert condition_text(status) == "ลดลงจากปีก่อน"  # the tracker shows the baseline in its own column
    assert condition_text(status, "5", "ค่าฐานที่กำหนด") == "ลดลงจาก 5 (ค่าฐานที่กำหนด)"  # the deck
    assert condition_text(status, "–") == "ลดลงจากปีก่อน (–)"  # the report
    at_least = replace(status, op=">=", target=80.0, unit="ร้อยละ")
    assert condition_text(at_least) == condition_text(at_least, "5", "x") == "≥ 80 ร้อยละ"
    assert condition_text(replace(at_least, target=None)) == "ไม่ได้กำหนดค่าเป้าหมาย"


def test_a_council_pack_builds_its_deck_and_report_once() -> None:
    """Four files of one request: one deck for PPTX and PDF, one report for XLSX and DOCX, one target reading."""
    dataset = council_dataset()
    pack = CouncilPack(dataset, 2568, 2, today=TODAY)
    with (
        mock.patch("kpi.exports.pack.target_statuses", wraps=target_statuses) as statuses,
        mock.patch("kpi.exports.pack.build_deck", wraps=build_deck) as deck,
        mock.patch("kpi.exports.pack.build_report", wraps=build_report) as report,
    ):
        files = {kind: pack.file(kind) for kind in FORMATS}
    assert (statuses.call_count, deck.call_count, report.call_count) == (1, 1, 1)
    assert all(files.values())
    # Sharing the target states changes nothing: the same deck and report as built on their own.
    assert pack.deck == build_deck(dataset, 2568, 2, today=TODAY)
    assert pack.report == build_report(dataset, 2568, 2, today=TODAY)
