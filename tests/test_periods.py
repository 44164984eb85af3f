"""Period texts of measures reports → fiscal quarters (Q1 ต.ค.–ธ.ค. … Q4 ก.ค.–ก.ย.)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.core.fiscal import THAI_MONTHS_LONG, THAI_MONTHS_SHORT
from kpi.core.thai import to_thai_digits
from kpi.ingest.report.periods import PeriodResult, parse_period


@pytest.mark.parametrize(
    ("text", "quarters"),
    [
        # quarters, as in the sample and as other agencies write them
        ("ไตรมาสที่ ๑ - ๔", [1, 2, 3, 4]),
        ("ไตรมาสที่ ๒", [2]),
        ("ไตรมาสที่ ๑", [1]),
        ("ไตรมาส 2", [2]),
        ("ไตรมาส 1-4", [1, 2, 3, 4]),
        ("ไตรมาส ๑-๒", [1, 2]),
        ("ไตรมาสที่ 1, 3", [1, 3]),
        ("ไตรมาสที่ 1 และ 3", [1, 3]),
        ("ไตรมาสที่ 2 ถึง 3", [2, 3]),
        ("ไตรมาสที่ 1 - ไตรมาสที่ 3", [1, 2, 3]),
        ("Q1-Q4", [1, 2, 3, 4]),
        ("q2, q4", [2, 4]),
        ("ทุกไตรมาส", [1, 2, 3, 4]),
        # months: ranges wrap across the calendar year into the fiscal year
        ("ต.ค. 67 – มี.ค. 68", [1, 2]),
        ("ต.ค. 67 - ก.ย. 68", [1, 2, 3, 4]),
        ("ต.ค.67-ธ.ค.67", [1]),
        ("ต. ค. 67 - มี. ค. 68", [1, 2]),
        ("ตุลาคม 2567 - กันยายน 2568", [1, 2, 3, 4]),
        ("มกราคม – มิถุนายน 2568", [2, 3]),
        ("เดือนเมษายน ถึง เดือนกันยายน 2568", [3, 4]),
        ("ธันวาคม 2567", [1]),
        ("ส.ค. 68", [4]),
        ("มีนาคม", [2]),
        ("1 ต.ค. 67 - 30 ก.ย. 68", [1, 2, 3, 4]),
        ("1/10/2567 - 31/3/2568", [1, 2]),
        ("ต.ค. - ธ.ค. 67 และ เม.ย. - มิ.ย. 68", [1, 3]),
        # the whole year
        ("ตลอดปีงบประมาณ", [1, 2, 3, 4]),
        ("ตลอดปี", [1, 2, 3, 4]),
        ("ตลอดทั้งปี", [1, 2, 3, 4]),
        ("ปีงบประมาณ พ.ศ. 2568", [1, 2, 3, 4]),
        ("ปีงบประมาณ ๒๕๖๘", [1, 2, 3, 4]),
        ("ครึ่งปีแรก", [1, 2]),
        ("6 เดือนหลัง", [3, 4]),
        # a page-break remnant appended to the period does not hide the quarters
        ("ไตรมาสที่ ๑ - ๔ พ.ศ. ๒๕๖๖ - ๒๕๗๐", [1, 2, 3, 4]),
    ],
)
def test_recognised_periods(text: str, quarters: list[int]) -> None:
    assert parse_period(text) == PeriodResult(quarters, True)
    assert parse_period(text, 2568) == PeriodResult(quarters, True)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "พ.ศ. ๒๕๖๖ - ๒๕๗๐",  # plan years, not a period of this measure
        "ไตรมาส 5",
        "ไตรมาส 4 - 1",  # backwards: do not guess
        "ดำเนินการต่อเนื่อง",
        "ตามความเหมาะสม",
        "สำนักงาน ก.พ.ร.",  # an acronym, not February
        "2568",
    ],
)
def test_unrecognised_periods_are_not_guessed(text: str) -> None:
    assert parse_period(text) == PeriodResult([], False)


def test_fiscal_year_limits_dated_months() -> None:
    # Oct 2567 – Sep 2568 is all of FY2568 but none of FY2569.
    assert parse_period("ต.ค. 67 - ก.ย. 68", 2568).quarters == [1, 2, 3, 4]
    assert parse_period("ต.ค. 67 - ก.ย. 68", 2569) == PeriodResult([], False)
    # A two-year range keeps only the months of the fiscal year asked for.
    assert parse_period("ก.ค. 67 - ธ.ค. 68", 2568).quarters == [1, 2, 3, 4]
    assert parse_period("ก.ค. 67 - มี.ค. 68", 2567).quarters == [4]
    # Another fiscal year stated outright is not this one.
    assert parse_period("ปีงบประมาณ พ.ศ. 2567", 2568) == PeriodResult([], False)


def test_months_without_years_wrap_across_december() -> None:
    assert parse_period("ก.ค. - ธ.ค.").quarters == [1, 4]
    assert parse_period("พฤศจิกายน - กุมภาพันธ์").quarters == [1, 2]


def test_christian_era_years_are_read_as_buddhist_era() -> None:
    assert parse_period("October 2024", 2568) == PeriodResult([], False)  # English month names: not supported
    assert parse_period("ตุลาคม 2024 - มีนาคม 2025", 2568).quarters == [1, 2]


_QUARTER_TEXTS = st.lists(st.integers(1, 4), min_size=1, max_size=4, unique=True).map(
    lambda qs: "ไตรมาสที่ " + ", ".join(str(q) for q in sorted(qs))
)
_RANGE_TEXTS = st.tuples(
    st.integers(0, 11), st.integers(0, 11), st.sampled_from([THAI_MONTHS_SHORT, THAI_MONTHS_LONG]), st.integers(60, 75)
).map(lambda t: f"{t[2][t[0]]} {t[3]} - {t[2][t[1]]} {t[3] + 1}")


@given(st.one_of(_QUARTER_TEXTS, _RANGE_TEXTS, st.sampled_from(["ไตรมาส 1-4", "1 ต.ค. 67 - 30 ก.ย. 68"])))
def test_thai_and_arabic_digits_read_the_same(text: str) -> None:
    assert parse_period(to_thai_digits(text)) == parse_period(text)
    assert parse_period(to_thai_digits(text), 2568) == parse_period(text, 2568)


@given(st.text(max_size=80))
def test_any_text_gives_sorted_quarters_or_nothing(text: str) -> None:
    result = parse_period(text)
    assert result.quarters == sorted(set(result.quarters))
    assert set(result.quarters) <= {1, 2, 3, 4}
    assert result.recognised == bool(result.quarters)


@given(st.integers(0, 11), st.integers(0, 11))
def test_month_range_covers_the_quarters_of_its_months(start: int, end: int) -> None:
    text = f"{THAI_MONTHS_LONG[start]} - {THAI_MONTHS_LONG[end]}"
    months = [(start + step) % 12 + 1 for step in range((end - start) % 12 + 1)]
    expected = sorted({((month - 10) % 12) // 3 + 1 for month in months})
    assert parse_period(text) == PeriodResult(expected, True)
