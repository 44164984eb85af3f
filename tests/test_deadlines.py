"""The reporting calendar: dates from the settings, days left from a given today, and what is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from kpi.core.dataset import Block, Dataset, dataset_from_blocks
from kpi.core.settings import DeadlineSettings, undocumented_settings
from kpi.core.thai import thai_digits_text
from kpi.domain.deadlines import (
    build_calendar,
    calendar_frame,
    days_text,
    missing_complaint_types,
    missing_measure_reports,
)

YEAR = 2568


def _dataset(reported: dict[int, list[int]], complaints: dict[int, list[str]], ita: bool = False) -> Dataset:
    measures = Block(
        "measures",
        YEAR,
        (
            {"fiscal_year": YEAR, "no": 1, "name": "ม1", "quarters": "1,2,3,4"},
            {"fiscal_year": YEAR, "no": 2, "name": "ม2", "quarters": "2"},
            {"fiscal_year": YEAR, "no": 3, "name": "ม3", "quarters": "1,3"},
        ),
    )
    results = Block(
        "results",
        YEAR,
        tuple(
            {"fiscal_year": YEAR, "quarter": q, "measure_no": n, "status": "done"}
            for q, numbers in reported.items()
            for n in numbers
        ),
    )
    rows = tuple(
        {"fiscal_year": YEAR, "quarter": q, "type": kind, "received": 0, "completed": 0, "in_progress": 0}
        for q, kinds in complaints.items()
        for kind in kinds
    )
    blocks = [measures, results, Block("complaints", YEAR, rows)]
    if ita:
        blocks.append(Block("ita", YEAR, ({"fiscal_year": YEAR, "iit": 90.0, "eit": 90.0, "oit": 90.0},)))
    return dataset_from_blocks([b for b in blocks if b.records])


def _by_key(calendar):  # type: ignore[no-untyped-def]
    return {d.key: d for d in calendar.deadlines}


def test_default_dates_of_fy2568() -> None:
    calendar = build_calendar(_dataset({}, {}), YEAR, dt.date(2024, 10, 1))
    d = _by_key(calendar)
    assert d["q1"].due == dt.date(2025, 1, 15)
    assert d["q2"].due == dt.date(2025, 4, 15)
    assert d["q4"].due == dt.date(2025, 10, 15)
    assert d["half"].due == dt.date(2025, 4, 30)
    assert d["year"].due == dt.date(2025, 10, 30)
    assert (d["ita_window"].start, d["ita_window"].due) == (dt.date(2025, 5, 1), dt.date(2025, 7, 31))
    assert d["ita_results"].due == dt.date(2025, 8, 31)
    assert [x.due for x in calendar.deadlines] == sorted(x.due for x in calendar.deadlines)


def test_settings_move_the_dates() -> None:
    settings = DeadlineSettings(quarter_update_days=7, half_report_days=10, ita_window_start=(4, 1))
    d = _by_key(build_calendar(_dataset({}, {}), YEAR, dt.date(2024, 10, 1), settings))
    assert d["q1"].due == dt.date(2025, 1, 7)
    assert d["half"].due == dt.date(2025, 4, 10)
    assert d["ita_window"].start == dt.date(2025, 4, 1)


def test_missing_measures_and_complaints_per_quarter() -> None:
    dataset = _dataset({1: [1], 2: [1, 2]}, {1: ["general"], 2: ["general", "corruption"]})
    assert missing_measure_reports(dataset, YEAR, 1) == [3]
    assert missing_measure_reports(dataset, YEAR, 2) == []
    assert missing_complaint_types(dataset, YEAR, 1) == ["corruption"]
    assert missing_complaint_types(dataset, YEAR, 2) == []
    d = _by_key(build_calendar(dataset, YEAR, dt.date(2025, 1, 10)))
    assert d["q1"].missing == (
        "ไตรมาส 1: มาตรการที่ยังไม่รายงานสถานะ ลำดับ 3",
        "ไตรมาส 1: ยังไม่มีสถิติเรื่องร้องเรียน (ทุจริตและประพฤติมิชอบ)",
    )
    assert d["q1"].days_left == 5 and d["q1"].state == "due_soon"
    assert d["q2"].state == "done" and d["q2"].missing == ()
    assert "ยังไม่มีผลสำรวจความพึงพอใจของช่วงนี้" in d["half"].missing
    assert d["half"].state == "upcoming"


def test_states_overdue_window_and_results() -> None:
    dataset = _dataset({}, {})
    d = _by_key(build_calendar(dataset, YEAR, dt.date(2025, 6, 1)))
    assert d["q1"].state == "overdue" and d["q1"].days_left < 0
    assert d["ita_window"].state == "open"
    assert d["ita_window"].missing[0].startswith("หลักฐาน OIT ที่ยังไม่ “มี” 33 จาก 33 ข้อ: O1, O2,")
    assert d["ita_window"].missing[0].endswith("และอีก 23 รายการ")
    assert d["ita_results"].missing == ("ยังไม่ได้บันทึกคะแนน ITA ปี 2568",)
    later = _by_key(build_calendar(_dataset({}, {}, ita=True), YEAR, dt.date(2025, 9, 1)))
    assert later["ita_window"].state == "overdue"
    assert later["ita_results"].state == "done"


@pytest.mark.parametrize(("today", "text"), [(dt.date(2025, 1, 15), "วันนี้"), (dt.date(2025, 1, 3), "อีก 12 วัน"),
                                             (dt.date(2025, 1, 18), "เลยมา 3 วัน")])  # fmt: skip
def test_days_text(today: dt.date, text: str) -> None:
    q1 = _by_key(build_calendar(_dataset({}, {}), YEAR, today))["q1"]
    assert days_text(q1) == text


def test_frame_rows_and_thai_digits() -> None:
    calendar = build_calendar(_dataset({}, {}), YEAR, dt.date(2025, 1, 3))
    assert calendar_frame(calendar).iloc[0]["เหลือ"] == "อีก 12 วัน"  # Arabic digits until the page renders them
    frame = calendar_frame(calendar).map(thai_digits_text)  # digits turn Thai once, at the edge
    assert list(frame.columns) == ["รายการ", "กำหนด", "เหลือ", "สถานะ", "สิ่งที่ยังขาด", "หมายเหตุ"]
    first = frame.iloc[0].to_dict()
    assert first["รายการ"] == "รายงานความก้าวหน้า ไตรมาส ๑ (ต.ค.–ธ.ค. ๖๗)"
    assert first["กำหนด"] == "๑๕ มกราคม ๒๕๖๘"
    assert first["เหลือ"] == "อีก ๑๒ วัน"
    assert first["สถานะ"] == "ใกล้ถึงกำหนด"


def test_every_deadline_setting_is_documented() -> None:
    assert undocumented_settings() == []
