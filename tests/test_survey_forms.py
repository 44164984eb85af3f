"""Satisfaction as it is published: the two-choice form, the rounding a mean allows, and the guard that
never lets counts typed into the wrong form turn a 75 % result into 80 %."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_workbook
from test_survey import frame, row

from kpi.core.schema import SATISFACTION
from kpi.domain.satisfaction import satisfaction_summary
from kpi.domain.satisfaction_forms import decimals_of, percent_agrees_with_mean
from kpi.domain.satisfaction_rows import figure_from_row
from kpi.ingest.workbook import read_upload

HEADER = [c.title for c in SATISFACTION.columns]


def sheet_row(**values: Any) -> list[Any]:
    """One SATISFACTION sheet row in template column order (year 2568, quarter 1 unless given)."""
    values = {"fiscal_year": 2568, "quarter": 1, "service": "งานทะเบียน", **values}
    return [values.get(c.key) for c in SATISFACTION.columns]


def upload(*rows: list[Any]) -> list[tuple[str, str, int | None, str | None]]:
    """Problems (code, severity, Excel row, column) of a workbook with one satisfaction sheet."""
    parsed = read_upload(make_workbook({SATISFACTION.title: [HEADER, *rows]}), "survey.xlsx")
    return [(p.code, p.severity, p.row, p.column) for p in parsed.problems]


def stored_value(**values: Any) -> float | None:
    """The value the satisfaction page would show for one uploaded row, or None when refused."""
    parsed = read_upload(make_workbook({SATISFACTION.title: [HEADER, sheet_row(**values)]}), "survey.xlsx")
    if not parsed.ok:
        return None
    figure = figure_from_row(parsed.records["satisfaction"][0])
    return None if figure is None else figure.value


# -- two-choice form --------------------------------------------------------------------------


def test_two_choice_is_satisfied_over_both() -> None:
    figure = figure_from_row(row(n_satisfied=46, n_improve=14))
    assert figure is not None
    assert figure.given == "two_choice"
    assert figure.method_label == "พึงพอใจ ÷ (พึงพอใจ + ควรปรับปรุง) × 100"
    assert round(figure.value, 2) == 76.67  # 46 / 60 (domain.md §4)
    assert figure.sample_size == 60
    assert figure.meets_target is False
    assert figure.mean is None and figure.band is None


def test_two_choice_uploads_and_its_percent_is_checked() -> None:
    assert stored_value(n_satisfied=46, n_improve=14, percent=76.67) == pytest.approx(46 / 60 * 100)
    problems = upload(sheet_row(n_satisfied=46, n_improve=14, percent=80))
    assert ("survey_percent_disagrees", "error", 2, "ร้อยละความพึงพอใจ") in problems


def test_both_forms_in_one_row_are_refused() -> None:
    problems = upload(sheet_row(n5=10, n4=5, n_satisfied=15, n_improve=0))
    assert ("survey_two_forms", "error", 2, "พึงพอใจ (แบบสองตัวเลือก)") in problems


# -- tolerance: the rounding the mean was given to ------------------------------------------


@pytest.mark.parametrize(("value", "decimals"), [(4.56, 2), (4.5, 1), (4.0, 0), (4.5565, 4), (91.13, 2)])
def test_decimals_of(value: float, decimals: int) -> None:
    assert decimals_of(value) == decimals


def test_published_percent_kept_within_the_mean_rounding() -> None:
    # 4.56 stands for 4.555–4.565, that is ร้อยละ 91.10–91.30: 91.13 is kept as published.
    figure = figure_from_row(row(mean=4.56, percent=91.13, sample_size=60))
    assert figure is not None
    assert figure.value == 91.13
    assert not figure.has_mismatch
    assert percent_agrees_with_mean(91.30, 4.56) and percent_agrees_with_mean(91.10, 4.56)
    assert not percent_agrees_with_mean(91.31, 4.56)


def test_published_percent_outside_the_rounding_is_flagged_beside_the_computed() -> None:
    figure = figure_from_row(row(mean=4.56, percent=91.5, sample_size=60))
    assert figure is not None
    assert figure.value == pytest.approx(91.2)
    assert figure.published_percent == 91.5
    assert figure.mismatch_note == (
        "ร้อยละที่ประกาศ 91.5 ไม่ตรงกับค่าเฉลี่ย 4.56 (ร้อยละ 91.20 ± 0.1) ระบบจึงแสดงร้อยละที่คำนวณจากค่าเฉลี่ย"
    )
    summary = satisfaction_summary(frame(row(mean=4.56, percent=91.5, sample_size=60)), 2568)
    assert any("ร้อยละที่ประกาศ 91.5" in note for note in summary.notes)


def test_a_mean_to_one_decimal_allows_one_point() -> None:
    kept = figure_from_row(row(mean=4.5, percent=90.9))
    assert kept is not None and kept.value == 90.9
    flagged = figure_from_row(row(mean=4.5, percent=91.1))
    assert flagged is not None and flagged.value == pytest.approx(90.0) and flagged.published_percent == 91.1


# -- the 75 % → 80 % guard --------------------------------------------------------------------


def test_two_choice_counts_in_levels_5_and_1_never_become_80() -> None:
    # 60 พึงพอใจ, 20 ควรปรับปรุง = 75 %. Typed into levels 5 and 1 they read as mean 4.00 = 80 %.
    assert stored_value(n_satisfied=60, n_improve=20, percent=75) == 75
    assert stored_value(n5=60, n1=20, percent=75) is None
    assert upload(sheet_row(n5=60, n1=20, percent=75)) == [("survey_two_levels_percent", "error", 2, "ระดับ 5 (มากที่สุด)")]
    # Levels 5 and 4 instead: 95 % by the mean, 100 % top-two-box; a typed 75 agrees with neither.
    assert stored_value(n5=60, n4=20, percent=75) is None
    problems = upload(sheet_row(n5=60, n4=20, percent=75))
    assert ("survey_percent_disagrees", "error", 2, "ร้อยละความพึงพอใจ") in problems


def test_two_levels_without_a_published_figure_are_flagged() -> None:
    problems = upload(sheet_row(n5=60, n1=20))
    assert ("survey_two_levels", "warning", 2, "ระดับ 5 (มากที่สุด)") in problems


def test_a_mean_disagreeing_with_level_counts_is_refused() -> None:
    problems = upload(sheet_row(n5=60, n1=20, mean=3.75))
    assert ("survey_mean_disagrees", "error", 2, "ค่าเฉลี่ย (เต็ม 5)") in problems


def test_percent_typed_in_the_mean_column_is_refused() -> None:
    assert stored_value(mean=75) is None
    assert any(p[2] == 2 and p[3] == "ค่าเฉลี่ย (เต็ม 5)" and p[1] == "error" for p in upload(sheet_row(mean=75)))


def test_a_mean_with_two_choice_counts_is_refused() -> None:
    problems = upload(sheet_row(n_satisfied=60, n_improve=20, mean=4.0))
    assert ("survey_two_choice_mean", "error", 2, "ค่าเฉลี่ย (เต็ม 5)") in problems


def test_matching_level_counts_and_percent_upload() -> None:
    # 10·5 + 20·4 + 5·3 = 145 / 35 = 4.142857 → ร้อยละ 82.86
    assert stored_value(n5=10, n4=20, n3=5, mean=4.14, percent=82.86) == pytest.approx(145 / 35 / 5 * 100)


def test_the_published_percent_note_reaches_the_satisfaction_page() -> None:
    from kpi.core.dataset import Dataset, frame_from_records
    from kpi.core.schema import SHEETS
    from kpi.screens.satisfaction import build_satisfaction_view

    records = {
        "satisfaction": [row(mean=4.56, percent=91.5, sample_size=60), row("งานคลัง", n_satisfied=46, n_improve=14)]
    }
    dataset = Dataset(frames={s.key: frame_from_records(s, records.get(s.key, [])) for s in SHEETS})
    model = build_satisfaction_view(dataset, 2568, "mean_pct", 80.0)
    assert any(note.startswith("งานจัดเก็บรายได้: ร้อยละที่ประกาศ 91.5 ไม่ตรงกับค่าเฉลี่ย 4.56") for note in model.notes)
    tables = model.year_table.to_csv(index=False)
    assert "76.67" in tables and "พึงพอใจ ÷ (พึงพอใจ + ควรปรับปรุง) × 100" in tables
