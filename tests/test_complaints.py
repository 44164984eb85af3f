"""Complaint statistics: quarters, 6/12-month rounds, previous-year comparison, 'no data' versus 0."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpi.core.thai import in_thai_digits
from kpi.domain import complaints
from kpi.domain.complaints import (
    NO_DATA_TEXT,
    NONE_TEXT,
    compare_decrease,
    complaint_periods,
    complaint_quarters,
    describe_count,
    year_totals,
)

COLUMNS = ["fiscal_year", "quarter", "type", "received", "completed", "in_progress", "within_15_days"]


def frame(rows: list[tuple]) -> pd.DataFrame:
    """A COMPLAINTS frame typed as the app hands it over (Int64 with NA)."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    for key in COLUMNS:
        if key != "type":
            df[key] = df[key].astype("Int64")
    df["type"] = df["type"].astype("str")
    return df


# 2567: every quarter of both types. 2568: general Q1–Q2 only, corruption Q1 = 0 (a row), Q2 none.
DATA = frame(
    [
        (2567, 1, "corruption", 1, 1, 0, 1),
        (2567, 2, "corruption", 0, 0, 0, 0),
        (2567, 3, "corruption", 0, 0, 0, 0),
        (2567, 4, "corruption", 2, 1, 1, 2),
        (2567, 1, "general", 4, 4, 0, 3),
        (2567, 2, "general", 3, 3, 0, 3),
        (2567, 3, "general", 5, 4, 1, 5),
        (2567, 4, "general", 2, 2, 0, 2),
        (2568, 1, "corruption", 0, 0, 0, 0),
        (2568, 1, "general", 4, 3, 1, 3),
        (2568, 2, "general", 1, 1, 0, None),
    ]
)


def by_key(items: list) -> dict:
    return {(i.quarter, i.type): i for i in items}


def test_quarters_are_quarter_major_and_types_apart() -> None:
    quarters = complaint_quarters(DATA, 2568)
    assert [(q.quarter, q.type) for q in quarters] == [(q, t) for q in (1, 2, 3, 4) for t in ("corruption", "general")]
    assert quarters[0].type_label == "ทุจริตและประพฤติมิชอบ"
    assert quarters[1].type_label == "ร้องเรียนทั่วไป"
    assert quarters[0].label == "ไตรมาส 1 (ต.ค.–ธ.ค. 67)"


def test_quarter_values_and_previous_year() -> None:
    q = by_key(complaint_quarters(DATA, 2568))
    general_q1 = q[(1, "general")]
    assert (general_q1.received, general_q1.completed, general_q1.in_progress) == (4, 3, 1)
    assert general_q1.pct_within_15 == pytest.approx(75.0)
    assert (general_q1.prev_received, general_q1.prev_completed, general_q1.prev_in_progress) == (4, 4, 0)
    assert general_q1.prev_pct_within_15 == pytest.approx(75.0)
    assert general_q1.decrease == "missed"  # 4 vs 4: not decreased

    general_q2 = q[(2, "general")]
    assert general_q2.received == 1 and general_q2.prev_received == 3
    assert general_q2.pct_within_15 is None  # within-15 left blank
    assert general_q2.decrease == "met"


def test_zero_is_not_missing() -> None:
    q = by_key(complaint_quarters(DATA, 2568))
    zero = q[(1, "corruption")]
    assert zero.received == 0 and zero.has_data
    assert zero.received_text == NONE_TEXT == "ไม่มีเรื่องร้องเรียน"
    assert zero.pct_within_15 is None  # nothing received
    assert zero.prev_received == 1 and zero.decrease == "met"

    missing = q[(2, "corruption")]
    assert missing.received is None and not missing.has_data
    assert missing.received_text == NO_DATA_TEXT
    assert missing.prev_received == 0 and missing.prev_has_data  # last year: a row with 0
    assert missing.decrease == "no_data"


def test_previous_year_without_data_is_none_not_zero() -> None:
    q = by_key(complaint_quarters(DATA, 2567))
    first = q[(1, "corruption")]
    assert first.received == 1
    assert first.prev_received is None and first.prev_completed is None and first.prev_pct_within_15 is None
    assert not first.prev_has_data
    assert first.decrease == "no_data"
    # A previous year of zeros is data: 0 → 0 meets "ลดลง".
    zeros = frame([(2566, 2, "corruption", 0, 0, 0, 0), (2567, 2, "corruption", 0, 0, 0, 0)])
    second = by_key(complaint_quarters(zeros, 2567))[(2, "corruption")]
    assert second.prev_received == 0 and second.decrease == "met"


def test_six_and_twelve_month_rounds() -> None:
    periods = {(p.period, p.type): p for p in complaint_periods(DATA, 2568)}
    assert list(periods) == [("half", "corruption"), ("half", "general"), ("year", "corruption"), ("year", "general")]

    half_general = periods[("half", "general")]
    assert half_general.label == "รอบ 6 เดือน"
    assert half_general.quarters == (1, 2)
    assert half_general.current.received == 5 and half_general.current.completed == 4
    assert half_general.current.in_progress == 1
    assert half_general.current.within_15_days is None  # Q2 left it blank: the sum is unknown
    assert half_general.previous.received == 7 and half_general.previous.pct_within_15 == pytest.approx(6 / 7 * 100)
    assert half_general.complete and half_general.decrease == "met"

    half_corruption = periods[("half", "corruption")]
    assert half_corruption.received == 0 and half_corruption.missing_quarters == (2,)
    assert half_corruption.decrease == "no_data"  # Q2 has no row: not judged on part of the round

    year_general = periods[("year", "general")]
    assert year_general.label == "รอบ 12 เดือน"
    assert year_general.received == 5 and year_general.prev_received == 14
    assert year_general.missing_quarters == (3, 4) and year_general.prev_missing_quarters == ()
    assert year_general.decrease == "no_data"


def test_year_totals_of_a_complete_year() -> None:
    totals = year_totals(DATA, 2567)
    assert totals.corruption.received == 3 and totals.corruption.current.completed == 2
    assert totals.general.received == 14 and totals.general.current.within_15_days == 13
    assert totals.total.received == 17 and totals.total.current.in_progress == 2
    assert totals.total.type_label == "รวมทุกประเภท"
    assert totals.total.prev_received is None and totals.total.decrease == "no_data"
    assert totals.total.complete


def test_year_totals_with_no_rows_at_all() -> None:
    totals = year_totals(DATA, 2570)
    assert totals.total.received is None
    assert totals.total.received_text == NO_DATA_TEXT
    assert totals.total.missing_quarters == (1, 2, 3, 4)
    empty = year_totals(frame([]), 2568)
    assert empty.general.received is None


def test_thai_type_labels_are_tolerated() -> None:
    df = frame([(2568, 1, "ทุจริตและประพฤติมิชอบ", 2, 2, 0, 2)])
    assert by_key(complaint_quarters(df, 2568))[(1, "corruption")].received == 2


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (1, 2, "met"), (0, 1, "met"), (0, 0, "met"), (2, 2, "missed"), (3, 2, "missed"), (1, 0, "missed"),
        (None, 1, "no_data"), (0, None, "no_data"), (None, None, "no_data"),
    ],
)  # fmt: skip
def test_compare_decrease(current: int | None, previous: int | None, expected: str) -> None:
    assert compare_decrease(current, previous) == expected


def test_describe_count() -> None:
    assert describe_count(0) == "ไม่มีเรื่องร้องเรียน"
    assert describe_count(None) == "ไม่มีข้อมูล"
    assert describe_count(1234) == "1,234 เรื่อง"
    assert in_thai_digits(describe_count(12)) == "๑๒ เรื่อง"  # digits turn Thai once, where text is rendered


def test_module_has_no_streamlit() -> None:
    assert "streamlit" not in Path(complaints.__file__).read_text(encoding="utf-8")
