"""Satisfaction figures: methods, given forms, pooling, bands and the EIT minimum sample."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from kpi.domain import satisfaction as survey
from kpi.domain.eit_sample import sample_warning
from kpi.domain.satisfaction import satisfaction_by_quarter, satisfaction_summary
from kpi.domain.satisfaction_rows import GIVEN_LABELS, METHOD_LABELS, band_of, figure_from_row

COLUMNS = ["fiscal_year", "quarter", "service", "n5", "n4", "n3", "n2", "n1", "mean", "percent", "sample_size"]


def row(service: str = "งานจัดเก็บรายได้", year: int = 2568, quarter: int | None = None, counts=None, **rest) -> dict:
    """A SATISFACTION record with blanks everywhere not given."""
    record = dict.fromkeys(COLUMNS)
    record.update(fiscal_year=year, quarter=quarter, service=service)
    if counts is not None:
        record.update(zip(("n5", "n4", "n3", "n2", "n1"), counts, strict=True))
    record.update(rest)
    return record


def frame(*records: dict) -> pd.DataFrame:
    """A frame typed the way the app hands it over: Int64 counts with NA, float mean/percent."""
    df = pd.DataFrame(list(records), columns=COLUMNS)
    for key in ("fiscal_year", "quarter", "n5", "n4", "n3", "n2", "n1", "sample_size"):
        df[key] = df[key].astype("Int64")
    for key in ("mean", "percent"):
        df[key] = df[key].astype("float64")
    df["service"] = df["service"].astype("str")
    return df


# -- hand calculations ------------------------------------------------------------------------


def test_counts_5_10_4_20_3_5() -> None:
    figure = figure_from_row(row(counts=(10, 20, 5, None, None)))
    assert figure is not None
    assert figure.given == "counts"
    assert figure.given_label == "คำนวณจากจำนวนผู้ตอบแต่ละระดับ"
    assert figure.sample_size == 35
    assert figure.mean == pytest.approx(4.142857142857)
    assert figure.mean_display == 4.14
    assert round(figure.pct_mean, 2) == 82.86
    assert round(figure.pct_top2, 2) == 85.71
    assert figure.band == "มาก"
    assert figure.method_used == "mean_pct"
    assert figure.method_label == "ค่าเฉลี่ย ÷ 5 × 100"
    assert figure.value == figure.pct_mean
    assert figure.meets_target is True
    assert figure.counts == (10, 20, 5, 0, 0)


def test_counts_under_top_two_box() -> None:
    figure = figure_from_row(row(counts=(10, 20, 5, 0, 0)), method="top2", target=86)
    assert figure is not None
    assert figure.method_used == "top2"
    assert figure.method_label == "ร้อยละผู้ตอบระดับ 4–5 (top-two-box)"
    assert round(figure.value, 2) == 85.71
    assert figure.meets_target is False


def test_mean_only_uses_unrounded_mean_and_has_no_top2() -> None:
    figure = figure_from_row(row(mean=4.56, sample_size=60))
    assert figure is not None
    assert figure.given == "mean"
    assert figure.given_label == "กรอกเป็นค่าเฉลี่ย"
    assert figure.value == pytest.approx(91.2)
    assert figure.pct_top2 is None
    assert figure.band == "มากที่สุด"
    assert figure.sample_size == 60
    # An unrounded mean: 4.5565 prints as 4.56 but is ร้อยละ 91.13 (domain.md §4).
    unrounded = figure_from_row(row(mean=4.5565))
    assert unrounded is not None and round(unrounded.value, 2) == 91.13 and unrounded.mean_display == 4.56


def test_mean_only_under_top2_falls_back_and_says_so() -> None:
    figure = figure_from_row(row(mean=4.56), method="top2")
    assert figure is not None
    assert figure.value == pytest.approx(91.2)
    assert figure.method_used == "mean_pct"


@pytest.mark.parametrize("method", ["mean_pct", "top2"])
def test_percent_only_is_the_value_under_either_method(method: str) -> None:
    # A binary satisfied/needs-improvement share: 46 of 60 = 76.67 %.
    figure = figure_from_row(row(percent=round(46 / 60 * 100, 2), sample_size=60), method=method)
    assert figure is not None
    assert figure.given == "percent"
    assert figure.given_label == "กรอกเป็นร้อยละ"
    assert figure.value == 76.67
    assert figure.method_used == "percent"
    assert figure.mean is None and figure.pct_mean is None and figure.pct_top2 is None and figure.band is None
    assert figure.meets_target is False


def test_counts_win_over_a_disagreeing_mean_and_percent() -> None:
    figure = figure_from_row(row(counts=(10, 20, 5, 0, 0), mean=3.0, percent=50.0))
    assert figure is not None
    assert figure.mismatch == ("mean", "percent")
    assert figure.has_mismatch
    assert figure.mismatch_note is not None and "เฉลี่ย" in figure.mismatch_note
    assert round(figure.value, 2) == 82.86


@pytest.mark.parametrize("percent", [82.86, 85.71, 82.9])
def test_agreeing_typed_values_are_not_flagged(percent: float) -> None:
    figure = figure_from_row(row(counts=(10, 20, 5, 0, 0), mean=4.14, percent=percent))
    assert figure is not None and figure.mismatch == ()


def test_row_without_any_figure_gives_none() -> None:
    assert figure_from_row(row()) is None
    assert figure_from_row(row(counts=(0, 0, 0, 0, 0))) is None


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError):
        figure_from_row(row(mean=4.0), method="median")


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        (5.0, "มากที่สุด"), (4.21, "มากที่สุด"), (4.2, "มาก"), (3.41, "มาก"), (3.4, "ปานกลาง"),
        (2.61, "ปานกลาง"), (2.6, "น้อย"), (1.81, "น้อย"), (1.8, "น้อยที่สุด"), (1.0, "น้อยที่สุด"),
        (4.2149, "มากที่สุด"), (0.5, None), (None, None),
    ],
)  # fmt: skip
def test_bands(mean: float | None, band: str | None) -> None:
    assert band_of(mean) == band


def test_labels_are_thai_constants() -> None:
    assert METHOD_LABELS["mean_pct"] == "ค่าเฉลี่ย ÷ 5 × 100"
    assert METHOD_LABELS["top2"] == "ร้อยละผู้ตอบระดับ 4–5 (top-two-box)"
    assert GIVEN_LABELS == {
        "counts": "คำนวณจากจำนวนผู้ตอบแต่ละระดับ",
        "two_choice": "คำนวณจากจำนวนพึงพอใจ/ควรปรับปรุง",
        "mean": "กรอกเป็นค่าเฉลี่ย",
        "percent": "กรอกเป็นร้อยละ",
    }


# -- summaries --------------------------------------------------------------------------------


def test_quarter_summary_pools_counts_for_the_overall() -> None:
    df = frame(
        row("ก", quarter=1, counts=(10, 20, 5, 0, 0)),
        row("ข", quarter=1, counts=(5, 0, 0, 0, 5)),
        row("ก", quarter=2, counts=(1, 0, 0, 0, 0)),
    )
    summary = satisfaction_summary(df, 2568, quarter=1)
    assert [f.service for f in summary.figures] == ["ก", "ข"]
    overall = summary.overall
    assert overall is not None
    assert overall.pooling == "counts"
    assert overall.counts == (15, 20, 5, 0, 5)
    assert overall.sample_size == 45
    assert overall.value == pytest.approx((75 + 80 + 15 + 5) / 45 / 5 * 100)
    assert summary.method_label == "ค่าเฉลี่ย ÷ 5 × 100"
    assert summary.notes == ()


def test_overall_is_sample_weighted_when_a_service_has_no_counts() -> None:
    df = frame(row("ก", counts=(10, 20, 5, 0, 0)), row("ข", mean=4.56, sample_size=60))
    summary = satisfaction_summary(df, 2568)
    overall = summary.overall
    assert overall is not None
    assert overall.pooling == "weighted"
    assert overall.sample_size == 95
    assert overall.value == pytest.approx((35 * 145 / 35 / 5 * 100 + 60 * 91.2) / 95)
    assert overall.mean == pytest.approx((145 + 60 * 4.56) / 95)
    assert overall.given == "mean"
    assert summary.notes == ("ค่าเฉลี่ยถ่วงน้ำหนักด้วยจำนวนผู้ตอบ",)


def test_overall_is_a_plain_mean_when_a_sample_size_is_unknown() -> None:
    df = frame(row("ก", mean=4.0, sample_size=30), row("ข", percent=70.0))
    overall = satisfaction_summary(df, 2568).overall
    assert overall is not None
    assert overall.pooling == "unweighted"
    assert overall.sample_size is None
    assert overall.value == pytest.approx(75.0)
    assert overall.given == "percent"
    assert overall.method_used == "mixed"


def test_whole_year_prefers_yearly_rows_else_pools_quarters() -> None:
    df = frame(
        row("ก", quarter=None, counts=(1, 1, 0, 0, 0)),
        row("ก", quarter=1, counts=(0, 0, 0, 0, 9)),  # ignored: ก has a yearly row
        row("ข", quarter=1, counts=(4, 0, 0, 0, 0)),
        row("ข", quarter=3, counts=(0, 4, 0, 0, 0)),
        row("ค", year=2567, counts=(9, 0, 0, 0, 0)),  # other year
    )
    summary = satisfaction_summary(df, 2568)
    figures = {f.service: f for f in summary.figures}
    assert set(figures) == {"ก", "ข"}
    assert figures["ก"].counts == (1, 1, 0, 0, 0) and figures["ก"].pooled_quarters == ()
    assert figures["ข"].counts == (4, 4, 0, 0, 0) and figures["ข"].pooled_quarters == (1, 3)
    assert figures["ข"].quarter is None
    assert figures["ข"].mean == pytest.approx(4.5)


def test_quarter_mean_rows_pool_by_sample_size() -> None:
    df = frame(row("ก", quarter=1, mean=4.0, sample_size=10), row("ก", quarter=2, mean=5.0, sample_size=30))
    figure = satisfaction_summary(df, 2568).figures[0]
    assert figure.pooling == "weighted"
    assert figure.mean == pytest.approx(4.75)
    assert figure.value == pytest.approx(95.0)


def test_empty_and_missing_years() -> None:
    assert satisfaction_summary(frame(), 2568).overall is None
    assert not satisfaction_summary(None, 2568).has_data
    assert satisfaction_summary(frame(row(mean=4.0)), 2569).figures == ()


def test_summary_sample_warning() -> None:
    df = frame(row(counts=(10, 20, 5, 0, 0)))
    assert satisfaction_summary(df, 2568, org_type="อบต.", size="M").sample_warning is not None
    assert satisfaction_summary(df, 2568, org_type="อบต.", size="S").sample_warning is None
    assert satisfaction_summary(df, 2568).sample_warning is None


def test_by_quarter_series() -> None:
    df = frame(row("ก", quarter=1, mean=4.0, sample_size=10), row("ก", quarter=3, percent=88.0))
    points = satisfaction_by_quarter(df, 2568)
    assert [p.quarter for p in points] == [1, 2, 3, 4]
    assert [p.value for p in points] == [pytest.approx(80.0), None, 88.0, None]
    assert points[0].label == "ไตรมาส 1 (ต.ค.–ธ.ค. 67)"
    assert points[0].sample_size == 10 and points[1].sample_size is None
    assert points[2].method_used == "percent"


# -- EIT minimum sample ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org", "size", "minimum"),
    [("อบต.", "L", 50), ("อบต.", "M", 40), ("sao", "s", 30), ("เทศบาลตำบล", "M", 70), ("เทศบาลตำบล", "เล็ก", 60)],
)
def test_sample_warning_below_minimum(org: str, size: str, minimum: int) -> None:
    message = sample_warning(minimum - 1, org, size)
    assert message is not None and f"{minimum - 1:,}" in message and f"{minimum:,}" in message
    assert sample_warning(minimum, org, size) is None


def test_sample_warning_unknown_cases() -> None:
    assert sample_warning(1, "เทศบาลตำบล", "L") is None  # not in the table: cannot judge
    assert sample_warning(None, "อบต.", "M") is not None  # sample size not reported
    assert sample_warning(45, "อบต.", "M", minimums={("sao", "M"): 50}) is not None


def test_nan_cells_are_blanks() -> None:
    figure = figure_from_row(
        {"fiscal_year": 2568.0, "quarter": math.nan, "service": "ก", "mean": math.nan, "percent": 81.0}
    )
    assert figure is not None and figure.given == "percent" and figure.quarter is None


def test_module_has_no_streamlit() -> None:
    assert "streamlit" not in Path(survey.__file__).read_text(encoding="utf-8")
