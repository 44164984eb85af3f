"""What a council asks first (issue 12): the agenda, the measures not finished and who owns them, every
scorecard against last year and its target, notes a presenter can read, one style of digits."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from typing import Any

import pytest
from export_fixtures import TODAY, VERSION, council_dataset, sample_dataset

from kpi.core.dataset import Dataset, frame_from_records
from kpi.core.schema import SHEETS_BY_KEY
from kpi.domain.figures import measure_figures
from kpi.exports.deck import build_deck
from kpi.exports.deck_council import MEASURE_ROWS_PER_SLIDE
from kpi.exports.deck_model import Deck


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return sample_dataset()


@pytest.fixture(scope="module")
def sample_deck(sample: Dataset) -> Deck:
    return build_deck(sample, 2568, 4, today=TODAY)


def _texts(value: Any) -> list[str]:
    """Every text of the deck a reader sees (codes such as keys and colours left out)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [s for v in value for s in _texts(v)]
    if is_dataclass(value) and not isinstance(value, type):
        skip = {"key", "kind", "tone", "colour", "point_colours"}
        return [s for f in fields(value) if f.name not in skip for s in _texts(getattr(value, f.name))]
    return []


# --- measures not finished ------------------------------------------------------------------------
# export_fixtures, FY2568 as of Q2: measures 1–4 are due (5 is planned for Q3–Q4). 1 and 3 are done;
# 4 (planned for Q2 only) has not started: late; 2 is in progress with its plan running to Q4: on plan.


def test_not_finished_lists_the_measures_not_done_late_first_with_owners() -> None:
    deck = build_deck(council_dataset(), 2568, 2, today=TODAY)
    slide = deck.slide("unfinished")
    assert slide.title == "มาตรการที่ยังไม่เสร็จ และผู้รับผิดชอบ"
    assert slide.table is not None
    assert slide.table.header == ("มาตรการ", "สถานะ ไตรมาส 2", "ผู้รับผิดชอบ", "เทียบกับแผน")
    assert slide.table.rows == (
        ("4. กิจกรรมประเมินคุณธรรมและความโปร่งใส", "ยังไม่เริ่ม", "สำนักปลัด", "ล่าช้ากว่าแผน (แผนไตรมาส 2)"),
        ("2. โครงการเผยแพร่ข้อมูลต่อสาธารณะ", "กำลังดำเนินการ", "กองคลัง", "ตามแผน (แผนไตรมาส 1–4)"),
    )
    assert "ยังไม่เสร็จ 2 มาตรการ · ล่าช้ากว่าแผน 1" in slide.subtitle
    # The same rule the dashboard counts: planned − done measures are listed, no more, no less.
    counts = measure_figures(council_dataset(), 2568, 2)
    assert len(slide.table.rows) == counts.planned - counts.done
    assert "4. กิจกรรมประเมินคุณธรรมและความโปร่งใส · ยังไม่เริ่ม · สำนักปลัด" in slide.notes


def _many_measures() -> Dataset:
    """14 measures of FY2568: odd ones planned for Q1 only (late when still open in Q2), even ones all year;
    no. 1 and 2 done, no. 13 without an owner, no. 14 without a report."""
    measures = [
        {"fiscal_year": 2568, "no": n, "name": f"มาตรการ {n}", "kind": "measure",
         "quarters": "1" if n % 2 else "1,2,3,4", "responsible": None if n == 13 else f"กอง {n}"}
        for n in range(1, 15)
    ]  # fmt: skip
    results = [
        {"fiscal_year": 2568, "quarter": 2, "measure_no": n, "status": "done" if n <= 2 else "in_progress",
         "percent": 50.0}
        for n in range(1, 14)
    ]  # fmt: skip
    frames = {key: frame_from_records(spec, []) for key, spec in SHEETS_BY_KEY.items()}
    frames["measures"] = frame_from_records(SHEETS_BY_KEY["measures"], measures)
    frames["results"] = frame_from_records(SHEETS_BY_KEY["results"], results)
    return Dataset(frames=frames, version=VERSION)


def test_a_long_list_continues_on_slides_titled_continued() -> None:
    deck = build_deck(_many_measures(), 2568, 2, today=TODAY)
    slides = [s for s in deck.slides if s.key == "unfinished"]
    assert MEASURE_ROWS_PER_SLIDE == 6 and len(slides) == 2  # 12 not done: 6 + 6
    assert [s.title for s in slides] == [
        "มาตรการที่ยังไม่เสร็จ และผู้รับผิดชอบ",
        "มาตรการที่ยังไม่เสร็จ และผู้รับผิดชอบ (ต่อ)",
    ]
    rows = [r for s in slides for r in s.table.rows]  # type: ignore[union-attr]
    # late first (odd, planned for Q1 only, still in progress; 14 with no report), then on plan, by number
    assert [r[0].split(".")[0] for r in rows] == ["3", "5", "7", "9", "11", "13", "14", "4", "6", "8", "10", "12"]
    assert rows[5][2] == "ไม่ได้ระบุ" and rows[6][1] == "ยังไม่รายงาน" and rows[6][3].startswith("ล่าช้า")
    assert rows[7][1:] == ("กำลังดำเนินการ", "กอง 4", "ตามแผน (แผนไตรมาส 1–4)")


def test_no_unfinished_measure_says_so() -> None:
    frames = dict(_many_measures().frames)
    rows = [
        {"fiscal_year": 2568, "quarter": 1, "measure_no": n, "status": "done", "percent": 100.0} for n in range(1, 15)
    ]
    frames["results"] = frame_from_records(SHEETS_BY_KEY["results"], rows)
    slide = build_deck(Dataset(frames=frames, version=VERSION), 2568, 1, today=TODAY).slide("unfinished")
    assert slide.table is None and slide.bullets == ("มาตรการที่ถึงกำหนดทุกมาตรการเสร็จสิ้นแล้ว",)


# --- better or worse than last year, and against the target -----------------------------------------
# The sample workbook, FY2568 as of Q4, by hand:
# ITA 2568 = 0.3·94.1 + 0.3·89.2 + 0.4·96.5 = 28.23 + 26.76 + 38.60 = 93.59; 2567 = 0.3·91.3 + 0.3·87.6
#   + 0.4·93.4 = 27.39 + 26.28 + 37.36 = 91.03 → +2.56; pass mark 85 → +8.59
# satisfaction 2568 (counts pooled): n5 264, n4 252, n3 66, n2 28, n1 3 = 613 people, 2585 points
#   → 2585 / 613 / 5 × 100 = 84.34%; 2567 (means of 120 each) (4.05 + 4.15 + 4.25) / 3 / 5 × 100 = 83.00%
#   → +1.34; target 80 → +4.34
# complaints received 2568: 3 + 3 + 4 + 2 = 12; 2567: 6 + 4 + 6 + 4 = 20 → −8, −8 / 20 = −40 %: decreased


def test_scorecards_show_the_change_and_the_target_by_hand(sample_deck: Deck) -> None:
    overview = sample_deck.slide("overview")
    assert overview.figure("ita_total").detail == "+2.56 จากปี 2567 · เกณฑ์ผ่าน 85: +8.59"
    assert overview.figure("satisfaction").detail == "+1.34 จากปี 2567 · เป้าหมาย 80%: +4.34"
    assert overview.figure("complaints_total").detail == "−8 (−40 %) จากปี 2567 · เป้าหมายลดลง: บรรลุ"
    assert sample_deck.slide("ita").figure("ita_total").detail == overview.figure("ita_total").detail
    assert sample_deck.slide("satisfaction").figure("satisfaction").detail == overview.figure("satisfaction").detail
    assert (
        sample_deck.slide("complaints").figure("complaints_total").detail == "−8 (−40 %) จากปี 2567 · เป้าหมายลดลง: บรรลุ"
    )
    table = overview.table
    assert table is not None and table.header == ("ตัวเลขสำคัญ", "ปี 2568", "ปี 2567", "เทียบปีก่อน", "เทียบเป้าหมาย")
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["คะแนน ITA ล่าสุด (2568)"] == ("93.59", "91.03", "+2.56 จากปี 2567", "สูงกว่าเกณฑ์ผ่าน 85 คะแนน อยู่ 8.59")
    assert rows["ความพึงพอใจของผู้รับบริการ"] == ("84.34%", "83.00%", "+1.34 จากปี 2567", "สูงกว่าเป้าหมาย 80% อยู่ 4.34")
    assert rows["รับเรื่องปีงบประมาณ 2568"] == ("12 เรื่อง", "20 เรื่อง", "−8 (−40 %) จากปี 2567", "เป้าหมายลดลงจากปีก่อน: บรรลุ")
    assert "-" not in " ".join(r[3] for r in table.rows)  # a real minus sign, never a hyphen


def test_a_part_year_is_compared_with_the_same_quarters_of_last_year() -> None:
    """export_fixtures as of Q2: 2568 has Q1–Q2 (4 + 6 = 10), 2567 Q1–Q2 = 6 + 8 = 14 → −4, −4/14 = −29 %."""
    deck = build_deck(council_dataset(), 2568, 2, today=TODAY)
    figure = deck.slide("overview").figure("complaints_total")
    assert figure.detail == "−4 (−29 %) จากช่วงเดียวกันปี 2567 · เป้าหมายลดลง: ตัดสินเมื่อครบปี"
    row = next(r for r in deck.slide("overview").table.rows if r[0].startswith("รับเรื่อง"))  # type: ignore[union-attr]
    assert row[2] == "14 เรื่อง (ไตรมาส 1–2)"
    # ITA 2567 = 0.3·90 + 0.3·88 + 0.4·95 = 91.40 against 91.38: −0.02; no satisfaction in 2567
    assert deck.slide("overview").figure("ita_total").detail.startswith("−0.02 จากปี 2567")
    assert deck.slide("overview").figure("satisfaction").detail == "ไม่มีข้อมูลปีก่อน · เป้าหมาย 80%: +5.11"


def _complaints(last_general: int | None) -> Dataset:
    rows = [
        {"fiscal_year": 2568, "quarter": 1, "type": kind, "received": n, "completed": n, "in_progress": 0}
        for kind, n in (("corruption", 0), ("general", 7))
    ]
    if last_general is not None:
        rows += [
            {"fiscal_year": 2567, "quarter": 1, "type": kind, "received": n, "completed": n, "in_progress": 0}
            for kind, n in (("corruption", 0), ("general", last_general))
        ]
    frames = {key: frame_from_records(spec, []) for key, spec in SHEETS_BY_KEY.items()}
    frames["complaints"] = frame_from_records(SHEETS_BY_KEY["complaints"], rows)
    return Dataset(frames=frames, version=VERSION)


def test_a_hidden_last_year_total_hides_the_change() -> None:
    """2567 received 2 (< k = 3): hidden, and 7 − 2 = +5 would give it back, so no change is shown."""
    deck = build_deck(_complaints(2), 2568, 1, today=TODAY)
    overview = deck.slide("overview")
    assert overview.figure("complaints_total").detail.startswith("ไม่แสดงการเปลี่ยนแปลง (ตัวเลขถูกซ่อน)")
    texts = " ".join(_texts(overview))
    assert "+5" not in texts and "5 (" not in texts and "2 เรื่อง" not in texts
    assert "ลดลง 5" not in overview.notes and "เพิ่มขึ้น 5" not in overview.notes
    shown = build_deck(_complaints(9), 2568, 1, today=TODAY).slide("overview").figure("complaints_total")
    assert shown.detail.startswith("−2 (−22 %) จากช่วงเดียวกันปี 2567")  # as of quarter 1: 7 − 9 = −2, −22 %
    none = build_deck(_complaints(None), 2568, 1, today=TODAY).slide("overview").figure("complaints_total")
    assert none.detail.startswith("ไม่มีข้อมูลปีก่อน")


def test_notes_read_every_figure_with_its_change_and_target(sample_deck: Deck) -> None:
    notes = sample_deck.slide("overview").notes
    assert "คะแนน ITA ล่าสุด (2568) อยู่ที่ 93.59 เพิ่มขึ้น 2.56 จากปี 2567 และสูงกว่าเกณฑ์ผ่าน 85 คะแนน อยู่ 8.59" in notes
    assert "ความพึงพอใจของผู้รับบริการ อยู่ที่ 84.34% เพิ่มขึ้น 1.34 จากปี 2567 และสูงกว่าเป้าหมาย 80% อยู่ 4.34" in notes
    assert "รับเรื่องปีงบประมาณ 2568 อยู่ที่ 12 เรื่อง ลดลง 8 (ร้อยละ 40) จากปี 2567 และเป้าหมายลดลงจากปีก่อน: บรรลุ" in notes
    for slide in sample_deck.slides[1:]:
        for figure in slide.figures:
            assert f"{figure.label} อยู่ที่ {figure.text}" in slide.notes, (slide.key, figure.key)


# --- agenda and digits ---------------------------------------------------------------------------------


def test_the_agenda_lists_the_following_slides(sample_deck: Deck) -> None:
    slides = sample_deck.slides
    assert [s.key for s in slides[:3]] == ["title", "agenda", "overview"]
    agenda = slides[1]
    assert agenda.title == "หัวข้อการนำเสนอ" and agenda.table is not None
    topics = [row[0] for row in agenda.table.rows]
    firsts = [
        s.title for i, s in enumerate(slides[2:], start=2) if slides[i - 1].key.split("_")[0] != s.key.split("_")[0]
    ]
    assert topics == firsts
    assert topics[:3] == ["ภาพรวมปีงบประมาณ 2568", "ความคืบหน้ามาตรการ", "มาตรการที่ยังไม่เสร็จ และผู้รับผิดชอบ"]
    for title, pages in agenda.table.rows:  # each topic's first slide number is that slide
        assert slides[int(pages.split("–")[0]) - 1].title == title
    last = agenda.table.rows[-1]
    assert last == ("สถิติเรื่องร้องเรียน", str(len(slides)))


def test_one_style_of_digits_per_deck(sample: Dataset) -> None:
    """The sample's indicator names carry Thai digits ('จำนวน ๑ ฉบับ'): Arabic in the default deck."""
    default = build_deck(sample, 2568, 2, today=TODAY)
    texts = _texts(default)
    assert any("จำนวน 1 ฉบับ" in s for s in texts)
    assert [s for s in texts if re.search("[๐-๙]", s)] == []
    thai = build_deck(sample, 2568, 2, thai_digits=True, today=TODAY)
    assert [s for s in _texts(thai) if re.search("[0-9]", s)] == []
    assert thai.slide("overview").figure("ita_total").detail.startswith("+๒.๕๖ จากปี ๒๕๖๗")
