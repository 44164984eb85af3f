"""Thai digits, numbers as typed, and the fiscal calendar: properties over all inputs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.core.fiscal import fiscal_quarter, fiscal_year_be, quarter_bounds, quarter_label, thai_timestamp
from kpi.core.thai import format_number, parse_int, parse_number, to_arabic_digits, to_thai_digits


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)))
def test_every_date_falls_inside_its_fiscal_quarter(day: dt.date) -> None:
    year, quarter = fiscal_year_be(day), fiscal_quarter(day)
    start, end = quarter_bounds(year, quarter)
    assert start <= day <= end


@given(st.integers(min_value=2500, max_value=2700))
def test_the_four_quarters_tile_the_fiscal_year(year: int) -> None:
    bounds = [quarter_bounds(year, q) for q in (1, 2, 3, 4)]
    assert bounds[0][0] == dt.date(year - 544, 10, 1) and bounds[3][1] == dt.date(year - 543, 9, 30)
    for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
        assert start - end == dt.timedelta(days=1)


def test_fiscal_year_edges() -> None:
    assert fiscal_year_be(dt.date(2024, 9, 30)) == 2567
    assert fiscal_year_be(dt.date(2024, 10, 1)) == 2568
    assert quarter_label(2568, 1) == "ไตรมาส 1 (ต.ค.–ธ.ค. 67)"
    assert quarter_label(2568, 2, thai_digits=True) == "ไตรมาส ๒ (ม.ค.–มี.ค. ๖๘)"


@given(st.text(alphabet="0123456789.,- abc", max_size=20))
def test_thai_digits_round_trip(text: str) -> None:
    assert to_arabic_digits(to_thai_digits(text)) == text


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_a_number_reads_the_same_in_thai_digits(number) -> None:  # type: ignore[no-untyped-def]
    text = f"{number}"
    assert parse_number(to_thai_digits(text)) == parse_number(text) == float(text)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("80%", 80.0), ("๘๐", 80.0), (" 1,234.5 ", 1234.5), ("ร้อยละ 80", 80.0), ("", None), (85, 85.0)],
)
def test_numbers_as_thai_users_type_them(typed: object, value: float | None) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["ห้าสิบ", "80 คน", "1.2.3", True])
def test_text_that_is_not_a_number(typed: object) -> None:
    with pytest.raises(ValueError):
        parse_number(typed)


def test_whole_numbers() -> None:
    assert parse_int("๑๗") == 17
    with pytest.raises(ValueError):
        parse_int("2.5")


def test_display() -> None:
    assert format_number(93.589, 2) == "93.59"
    assert format_number(1200.0, 2, thai_digits=True) == "๑,๒๐๐"
    assert format_number(None) == "–"
    assert thai_timestamp("2026-11-26T07:05:00+00:00") == "26 พ.ย. 2569 14:05 น."


def test_the_app_opens_on_the_latest_reported_period() -> None:
    from kpi.core.dataset import Block, dataset_from_blocks, default_period

    today = dt.date(2026, 11, 26)  # FY2570 Q1
    assert default_period(dataset_from_blocks([]), today) == (2570, 1)
    measure = {"fiscal_year": 2568, "no": 1, "name": "ม", "kind": "measure", "quarters": "1,2,3,4"}
    result = {"fiscal_year": 2568, "quarter": 2, "measure_no": 1, "status": "in_progress"}
    stray_ita = {"fiscal_year": 2571, "iit": 90.0, "eit": 90.0, "oit": 90.0}
    data = dataset_from_blocks(
        [Block("measures", 2568, (measure,)), Block("results", 2568, (result,)), Block("ita", 2571, (stray_ita,))]
    )
    assert default_period(data, today) == (2568, 2)  # not the stray future ITA year, not Q4
