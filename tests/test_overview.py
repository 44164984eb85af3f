"""The overview's headline cards, by hand."""

from __future__ import annotations

import plotly.graph_objects as go

from kpi.charts.base import figure_in_thai_digits
from kpi.charts.overview import complaints_chart
from kpi.core.dataset import Block, dataset_from_blocks
from kpi.core.scale import axis_top, nice_step
from kpi.screens.overview import build_overview, measure_progress, overview_cards


def _complaints(year: int, quarter: int, received: int) -> dict[str, object]:
    return {"fiscal_year": year, "quarter": quarter, "type": "general", "received": received, "completed": received,
            "in_progress": 0}  # fmt: skip


def test_complaints_card_compares_the_same_quarters_of_both_years() -> None:
    rows_2568 = tuple(_complaints(2568, q, n) for q, n in ((1, 5), (2, 4), (3, 2), (4, 1)))
    data = dataset_from_blocks(
        [Block("complaints", 2568, rows_2568), Block("complaints", 2569, (_complaints(2569, 1, 3),))]
    )
    card = overview_cards(build_overview(data, 2569, 4))[-1]
    assert card.value == "3"
    assert card.detail == "ไตรมาส 1–1 · ปีนี้ 3 เรื่อง · ปีก่อน 5 เรื่อง"  # Q1 against Q1, not against the whole of 2568
    assert card.tone == "good"


def test_complaints_card_counts_a_published_six_month_round() -> None:
    """A 6-month round (quarters 1–2, never split) is in the card from quarter 2 on, like the figures' year."""
    round_row = {**_complaints(2569, 1, 7), "quarter_to": 2}
    last_year = tuple(_complaints(2568, q, n) for q, n in ((1, 5), (2, 4), (3, 2)))
    data = dataset_from_blocks([Block("complaints", 2568, last_year), Block("complaints", 2569, (round_row,))])
    q1 = overview_cards(build_overview(data, 2569, 1))[-1]
    assert q1.value == "–"  # quarter 1 alone is not published: the round is not split
    q2 = overview_cards(build_overview(data, 2569, 2))[-1]
    assert q2.value == "7"
    assert q2.detail == "ไตรมาส 1–2 · ปีนี้ 7 เรื่อง · ปีก่อน 9 เรื่อง"
    assert q2.tone == "good"
    assert build_overview(data, 2569, 4).figures.complaints["year"]["received"] == 7


def test_measure_progress_counts_only_what_is_planned_in_the_quarter() -> None:
    measures = (
        {"fiscal_year": 2568, "no": 1, "name": "ก", "kind": "measure", "quarters": "1,2,3,4"},
        {"fiscal_year": 2568, "no": 2, "name": "ข", "kind": "measure", "quarters": "2"},
        {"fiscal_year": 2568, "no": 3, "name": "ค", "kind": "measure", "quarters": "12"},  # not quarter 1 or 2
    )
    results = ({"fiscal_year": 2568, "quarter": 2, "measure_no": 2, "status": "done"},)
    data = dataset_from_blocks([Block("measures", 2568, measures), Block("results", 2568, results)])
    progress = measure_progress(data, 2568, 2)
    assert progress.planned == 2
    assert progress.counts["done"] == 1 and progress.counts["no_report"] == 1
    assert progress.done_share == 50.0


def test_complaints_chart_axis_and_its_thai_digits_come_from_one_place() -> None:
    rows_2568 = tuple(_complaints(2568, q, n) for q, n in ((1, 5), (2, 4), (3, 2), (4, 1)))
    data = dataset_from_blocks(
        [Block("complaints", 2568, rows_2568), Block("complaints", 2569, (_complaints(2569, 1, 3),))]
    )
    figure = complaints_chart(build_overview(data, 2569, 4).complaints_quarters, 2569)
    assert list(figure.layout.yaxis.range) == [0, 5 * 1.3 + 1]  # the largest count, room for its label
    assert [trace.name for trace in figure.data] == ["ปีงบประมาณ 2568", "ปีงบประมาณ 2569"]
    thai = figure_in_thai_digits(figure)
    assert [trace.name for trace in thai.data] == ["ปีงบประมาณ ๒๕๖๘", "ปีงบประมาณ ๒๕๖๙"]
    assert list(thai.data[0].x) == ["ไตรมาส ๑", "ไตรมาส ๒", "ไตรมาส ๓", "ไตรมาส ๔"]
    assert list(thai.data[0].text) == ["๕", "๔", "๒", "๑"]
    assert list(thai.data[0].y) == [5, 4, 2, 1]  # numbers stay numbers
    assert figure.data[0].name == "ปีงบประมาณ 2568"  # the built figure is left as it was


def test_a_thai_figure_keeps_plotly_placeholders() -> None:
    figure = go.Figure(go.Bar(x=["2568"], y=[1], hovertemplate="ปี %{x}: %{y:.2f} 100%<extra></extra>"))
    figure.add_annotation(x="2568", y=1, text="เกณฑ์ 85")
    thai = figure_in_thai_digits(figure)
    assert thai.data[0].hovertemplate == "ปี %{x}: %{y:.2f} ๑๐๐%<extra></extra>"
    assert thai.layout.annotations[0].x == "๒๕๖๘" and thai.layout.annotations[0].text == "เกณฑ์ ๘๕"


def test_axis_top() -> None:
    assert axis_top([3, None, 8], headroom=1.25) == 10
    assert axis_top([0, 0], headroom=1.3, pad=1) == 1.0  # nothing above zero: the least height
    assert axis_top([], least=1.05) == 1.05
    assert nice_step(12.5) == 2.5
