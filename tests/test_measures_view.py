"""The measures grid: cell states, percent done, share of planned work done, filters and one measure's detail."""

from __future__ import annotations

import datetime as dt

import pytest
from dash_data import dash_dataset

from kpi.charts.base import figure_in_thai_digits
from kpi.charts.measures import measures_share_chart, measures_styler
from kpi.screens.measures import (
    grid_frame,
    legend_text,
    measure_detail,
    measure_options,
    measures_grid,
    share_texts,
    status_options,
)
from kpi.screens.overview import measure_progress
from views._shared import thai_model


def _cells(grid):  # type: ignore[no-untyped-def]
    return {row.no: [c.state for c in row.cells] for row in grid.rows}


def test_cells_as_of_quarter_2() -> None:
    grid = measures_grid(dash_dataset(), 2568, 2)
    assert _cells(grid) == {
        1: ["in_progress", "in_progress", "upcoming", "upcoming"],
        2: ["not_planned", "done", "not_planned", "not_planned"],
        3: ["done", "in_progress", "upcoming", "not_planned"],  # Q2 reported outside the plan
        4: ["not_planned", "not_planned", "not_planned", "upcoming"],
    }
    assert {r.no: r.percent_done for r in grid.rows} == {1: 50, 2: 100, 3: 50, 4: None}
    assert {r.no: r.state_now for r in grid.rows} == {1: "in_progress", 2: "done", 3: "in_progress", 4: "not_planned"}


def test_cells_as_of_quarter_4() -> None:
    grid = measures_grid(dash_dataset(), 2568, 4)
    assert _cells(grid)[1] == ["in_progress", "in_progress", "done", "no_report"]
    assert _cells(grid)[3] == ["done", "in_progress", "no_report", "not_planned"]
    assert _cells(grid)[4] == ["not_planned", "not_planned", "not_planned", "no_report"]
    assert grid.find(1).percent_done == 100  # type: ignore[union-attr]


def test_share_of_planned_work_done_by_hand() -> None:
    dataset = dash_dataset()
    grid = measures_grid(dataset, 2568, 4)
    # Q1 planned 1, 3 → 3 done; Q2 planned 1, 2 → 2 done; Q3 planned 1, 3 → 1 done; Q4 planned 1, 4 → none
    assert [(s.planned, s.done, s.share) for s in grid.shares] == [(2, 1, 50), (2, 1, 50), (2, 1, 50), (2, 0, 0)]
    for quarter in (1, 2, 3, 4):
        overview = measure_progress(dataset, 2568, quarter)
        share = grid.shares[quarter - 1]
        assert (overview.planned, overview.counts["done"]) == (share.planned, share.done)
    early = measures_grid(dataset, 2568, 2)
    assert [s.share for s in early.shares] == [50, 50, None, None]  # Q3, Q4 not due yet: no figure, not 0
    assert share_texts(early) == [
        "ไตรมาส 1 (ต.ค.–ธ.ค. 67): เสร็จสิ้น 1 จาก 2 มาตรการที่วางแผน (ร้อยละ 50)",
        "ไตรมาส 2 (ม.ค.–มี.ค. 68): เสร็จสิ้น 1 จาก 2 มาตรการที่วางแผน (ร้อยละ 50)",
        "ไตรมาส 3 (เม.ย.–มิ.ย. 68): วางแผนไว้ 2 มาตรการ ยังไม่ถึงกำหนด",
        "ไตรมาส 4 (ก.ค.–ก.ย. 68): วางแผนไว้ 2 มาตรการ ยังไม่ถึงกำหนด",
    ]


def test_filters_by_unit_and_by_status_now() -> None:
    dataset = dash_dataset()
    grid = measures_grid(dataset, 2568, 2, units=["กองคลัง"])
    assert [r.no for r in grid.rows] == [2]
    assert grid.units == ("กองคลัง", "กองช่าง", "สำนักปลัด")
    assert [(s.planned, s.done, s.share) for s in grid.shares][:2] == [(0, 0, None), (1, 1, 100)]
    assert share_texts(grid)[0] == "ไตรมาส 1 (ต.ค.–ธ.ค. 67): ไม่มีมาตรการที่วางแผนไว้"
    late = measures_grid(dataset, 2568, 4, states=["no_report"])
    assert [r.no for r in late.rows] == [1, 4]
    assert late.total == 4
    assert [s.planned for s in late.shares] == [2, 2, 2, 2]  # the status filter does not change the shares
    both = measures_grid(dataset, 2568, 4, units=["สำนักปลัด"], states=["no_report"])
    assert [r.no for r in both.rows] == [1]
    assert "not_planned" in status_options()


def test_grid_text_says_the_status_in_words() -> None:
    frame = grid_frame(measures_grid(dash_dataset(), 2568, 2))
    assert list(frame.columns) == [
        "ลำดับ",
        "มาตรการ/โครงการ/กิจกรรม",
        "ผู้รับผิดชอบ",
        "ไตรมาส 1 (ต.ค.–ธ.ค. 67)",
        "ไตรมาส 2 (ม.ค.–มี.ค. 68)",
        "ไตรมาส 3 (เม.ย.–มิ.ย. 68)",
        "ไตรมาส 4 (ก.ค.–ก.ย. 68)",
        "ร้อยละความคืบหน้า",
    ]
    assert frame.iloc[2].tolist() == [
        "3",
        "จัดการข้อร้องเรียน",
        "สำนักปลัด",
        "✔ เสร็จสิ้น",
        "◐ กำลังดำเนินการ 50% (นอกแผน)",
        "… ยังไม่ถึงกำหนด",
        "–",
        "50%",
    ]
    assert frame.iloc[3].tolist()[-1] == "ไม่มีข้อมูล"
    thai = thai_model(grid_frame(measures_grid(dash_dataset(), 2568, 2)))
    assert thai.columns[3] == "ไตรมาส ๑ (ต.ค.–ธ.ค. ๖๗)"
    assert thai.iloc[0].tolist()[3:5] == ["◐ กำลังดำเนินการ ๒๕%", "◐ กำลังดำเนินการ ๕๐%"]
    assert "⚠ ยังไม่รายงาน" in legend_text()


def test_styler_colours_every_quarter_cell_beside_its_word() -> None:
    grid = measures_grid(dash_dataset(), 2568, 4)
    frame = grid_frame(grid)
    context = measures_styler(frame, grid)._compute().ctx
    colours = {key: dict(props)["background-color"] for key, props in context.items() if props}
    green = sorted((row, col) for (row, col), colour in colours.items() if colour == "#009E73")
    grey = sorted((row, col) for (row, col), colour in colours.items() if colour == "#C8C8C8")
    assert green == [(0, 5), (1, 4), (2, 3)]  # done: 1/Q3, 2/Q2, 3/Q1
    assert grey == [(0, 6), (2, 5), (3, 6)]  # no report: 1/Q4, 3/Q3, 4/Q4
    for row, col in green:
        assert frame.iat[row, col].startswith("✔ เสร็จสิ้น")  # the word is there, not only the colour
    assert all(col in (3, 4, 5, 6) for _, col in colours)


def test_detail_of_one_measure() -> None:
    dataset = dash_dataset()
    grid = measures_grid(dataset, 2568, 2)
    detail = measure_detail(dataset, grid, 1)
    assert detail is not None
    assert detail.title == "1. ส่งเสริมประมวลจริยธรรม"
    assert dict(detail.facts) == {
        "ประเภท": "มาตรการ",
        "ผู้รับผิดชอบ": "สำนักปลัด",
        "ไตรมาสที่วางแผน": "1, 2, 3, 4",
        "ร้อยละความคืบหน้า": "50%",
    }
    assert [h for h, _ in detail.sections] == ["ขั้นตอนหรือวิธีการปฏิบัติ", "ผลการดำเนินการ (output)", "ผลลัพธ์ (outcome)"]
    assert detail.quarters.iloc[0].tolist() == [
        "ไตรมาส 1 (ต.ค.–ธ.ค. 67)",
        "◐ กำลังดำเนินการ",
        "25%",
        "15 มกราคม 2568",
        "ประชุมครั้งที่ 1",
    ]
    assert detail.evidence["ลิงก์หลักฐาน"].tolist() == ["https://example.go.th/q1", "https://example.go.th/q2"]
    assert detail.target_lines == (
        "1.1 ร้อยละความพึงพอใจ: ≥ 80 ร้อยละ · ✔ บรรลุ · 85 ร้อยละ (ไตรมาส 2)",
        "1.2 จำนวนเรื่องทุจริต: ลดลงจากปีก่อน · ◐ ยังไม่บรรลุ · 4 เรื่อง (ไตรมาส 1)",
    )
    assert grid.find(1).cells[0].report_date == dt.date(2025, 1, 15)  # type: ignore[union-attr]
    assert measure_detail(dataset, grid, 99) is None
    assert measure_options(grid)[3] == "3. จัดการข้อร้องเรียน"


def test_share_chart_values_and_no_zero_for_quarters_not_due() -> None:
    figure = figure_in_thai_digits(measures_share_chart(measures_grid(dash_dataset(), 2568, 2)))
    bar = figure.data[0]
    assert list(bar.y) == [50, 50, None, None]
    assert list(bar.text)[:2] == ["๕๐%<br>(๑/๒)", "๕๐%<br>(๑/๒)"]
    notes = [a.text for a in figure.layout.annotations]
    assert notes.count("ยังไม่ถึงกำหนด") == 2
    assert list(figure.layout.yaxis.ticktext) == ["๐", "๒๕", "๕๐", "๗๕", "๑๐๐"]
    assert figure.layout.title.text == "สัดส่วนมาตรการที่เสร็จสิ้นตามแผนรายไตรมาส"


def test_a_year_without_measures_and_a_bad_quarter() -> None:
    dataset = dash_dataset()
    assert measures_grid(dataset, 2570, 1).total == 0
    with pytest.raises(ValueError):
        measures_grid(dataset, 2568, 5)
