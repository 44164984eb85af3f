"""Charts say when they have nothing to show, list only the series that draw, and start score axes at 0."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash_data import dash_dataset

from kpi.charts.base import figure_in_thai_digits
from kpi.charts.complaints import complaints_type_chart
from kpi.charts.ita import ita_parts_chart, ita_profile_chart
from kpi.charts.oit import oit_readiness_chart
from kpi.charts.overview import complaints_chart, ita_history_chart, measures_chart, satisfaction_chart, targets_chart
from kpi.charts.satisfaction import satisfaction_quarters_chart
from kpi.charts.targets import target_states_chart
from kpi.core.dataset import dataset_from_blocks
from kpi.core.palette import STATUS_KEYS, TARGET_KEYS
from kpi.domain.complaints import ComplaintQuarter, complaint_quarters
from kpi.domain.oit import build_checklist
from kpi.domain.satisfaction import QuarterPoint
from kpi.domain.targets import target_tracker
from kpi.screens.ita import build_ita_view
from kpi.screens.overview import ComplaintsByQuarter, MeasureProgress, build_overview

NO_DATA = "ไม่มีข้อมูล"


def _notes(figure: go.Figure) -> list[str]:
    return [a.text for a in figure.layout.annotations]


def _legend(figure: go.Figure) -> list[str]:
    """The names a reader sees in the legend."""
    if figure.layout.showlegend is False:
        return []
    return [trace.name for trace in figure.data if trace.name and trace.showlegend is not False]


def _points(values: list[float | None]) -> list[QuarterPoint]:
    return [QuarterPoint(q, f"ไตรมาส {q}", v, None if v is None else 100, None) for q, v in enumerate(values, 1)]


def _complaints(rows: list[tuple[int, int]]) -> list[ComplaintQuarter]:
    """Quarters of fiscal 2568 from sheet rows (quarter, received) of general complaints."""
    frame = pd.DataFrame(
        [{"fiscal_year": 2568, "quarter": q, "type": "general", "received": n, "completed": n, "in_progress": 0}
         for q, n in rows]
    )  # fmt: skip
    return complaint_quarters(frame, 2568)


def test_empty_overview_charts_say_no_data_and_list_nothing() -> None:
    figures = [
        measures_chart(MeasureProgress(planned=0, counts=dict.fromkeys(STATUS_KEYS, 0))),
        targets_chart(dict.fromkeys(TARGET_KEYS, 0)),
        ita_history_chart([]),
        satisfaction_chart(_points([None] * 4), 2568),
        complaints_chart(ComplaintsByQuarter(this_year=(None,) * 4, last_year=(None,) * 4), 2568),
    ]
    for figure in figures:
        assert NO_DATA in _notes(figure), figure.layout.title.text
        assert _legend(figure) == [], figure.layout.title.text
        assert NO_DATA in _notes(figure_in_thai_digits(figure))  # the note survives the Thai-digit copy


def test_an_overview_from_an_empty_dataset_says_no_data_on_every_chart() -> None:
    ov = build_overview(dataset_from_blocks([]), 2568, 2)
    for figure in (
        measures_chart(ov.measures),
        targets_chart(ov.targets),
        ita_history_chart(ov.ita_history),
        satisfaction_chart(ov.satisfaction_quarters, 2568),
        complaints_chart(ov.complaints_quarters, 2568),
    ):
        assert _notes(figure).count(NO_DATA) == 1, figure.layout.title.text


def test_a_stacked_state_with_no_count_is_not_in_the_legend() -> None:
    counts = dict.fromkeys(STATUS_KEYS, 0) | {"done": 3}
    figure = measures_chart(MeasureProgress(planned=3, counts=counts))
    assert _legend(figure) == ["เสร็จสิ้น"]
    assert NO_DATA not in _notes(figure)


def test_a_year_without_figures_is_not_in_the_complaints_legend() -> None:
    figure = complaints_chart(ComplaintsByQuarter(this_year=(3, 0, None, None), last_year=(None,) * 4), 2568)
    assert _legend(figure) == ["ปีงบประมาณ 2568"]  # 0 complaints is a figure; no figures at all is no series
    assert NO_DATA not in _notes(figure)
    page = complaints_type_chart(_complaints([(1, 2)]), "general", 2568)
    assert _legend(page) == ["ปีงบประมาณ 2568"]
    empty = complaints_type_chart([], "general", 2568)
    assert NO_DATA in _notes(empty) and _legend(empty) == []


def test_oit_legend_lists_only_statuses_with_items() -> None:
    checklist = build_checklist(dash_dataset(), 2568)
    figure = oit_readiness_chart(checklist)
    drawn = {trace.name for trace in figure.data if any(trace.x)}  # statuses with at least one item somewhere
    assert set(_legend(figure)) == drawn
    assert NO_DATA not in _notes(figure)


def test_empty_page_charts_say_no_data() -> None:
    empty = dataset_from_blocks([])
    for figure in (
        ita_parts_chart([]),
        target_states_chart(target_tracker(empty, 2568, 2)),
    ):
        assert NO_DATA in _notes(figure), figure.layout.title.text
        assert _legend(figure) == []


def test_a_chart_that_notes_each_empty_quarter_is_not_labelled_twice() -> None:
    figure = satisfaction_quarters_chart(_points([None] * 4), 2568, 80, "ร้อยละ")
    assert _notes(figure).count(NO_DATA) == 4  # one under each quarter, none in the middle


def test_score_axes_start_at_zero() -> None:
    dataset = dash_dataset()
    ov = build_overview(dataset, 2568, 4)
    assert ov.ita_history and min(s.total for s in ov.ita_history) > 70
    assert ita_history_chart(ov.ita_history).layout.yaxis.range[0] == 0  # was cut at 70
    view = build_ita_view(dataset, 2568)
    assert ita_parts_chart(view.scores, rule_set=view.rule_set).layout.yaxis.range[0] == 0
    assert ita_profile_chart(view.indicators, 2568).layout.xaxis.range[0] == 0


def test_charts_with_data_carry_no_no_data_note() -> None:
    dataset = dash_dataset()
    ov = build_overview(dataset, 2568, 4)
    assert NO_DATA not in _notes(ita_history_chart(ov.ita_history))
    assert NO_DATA not in _notes(satisfaction_chart(_points([85.0, None, None, None]), 2568))
