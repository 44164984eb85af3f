"""The คะแนน ITA page's figures: per-year table, headline, indicator profile, charts and the what-if."""

from __future__ import annotations

import pytest
from dash_data import dash_dataset

from kpi.charts.base import figure_in_thai_digits
from kpi.charts.ita import ita_parts_chart, ita_profile_chart, severity_styler
from kpi.core.palette import BLUE, VERMILLION
from kpi.core.thai import in_thai_digits
from kpi.domain.ita import ita_rating, ita_total
from kpi.screens.ita import build_ita_view, default_what_if, headline, ita_severities, ita_table, what_if_answer
from views._shared import thai_model


def test_table_matches_the_hand_calculation() -> None:
    view = build_ita_view(dash_dataset(), 2568)
    frame = ita_table(view)
    assert list(frame.columns) == [
        "ปีงบประมาณ", "IIT", "EIT", "OIT", "IIT × 30%", "EIT × 30%", "OIT × 40%", "คะแนนรวม", "ระดับที่ประกาศ",
        "ผลการประเมิน", "ห่างจากเกณฑ์ 85",
    ]  # fmt: skip
    assert frame.values.tolist() == [
        # 0.3·88 + 0.3·86 + 0.4·84 = 26.4 + 25.8 + 33.6 = 85.8; OIT below 85 → ผ่าน (not ผ่านดี)
        ["2568", "88.00", "86.00", "84.00", "26.40", "25.80", "33.60", "85.80", "–", "✔ ผ่าน", "+0.80"],
        # 28.8 + 28.5 + 38.8 = 96.1, every tool ≥ 95 → ผ่านดีเยี่ยม
        ["2567", "96.00", "95.00", "97.00", "28.80", "28.50", "38.80", "96.10", "–", "✔ ผ่านดีเยี่ยม", "+11.10"],
        # 27 + 24 + 38 = 89, EIT 80 → ผ่าน
        ["2566", "90.00", "80.00", "95.00", "27.00", "24.00", "38.00", "89.00", "–", "✔ ผ่าน", "+4.00"],
        # 24 + 24.6 + 36 = 84.6 → B in the AA–F vocabulary of 2565
        ["2565", "80.00", "82.00", "90.00", "24.00", "24.60", "36.00", "84.60", "–", "✖ B", "−0.40"],
    ]
    assert ita_severities(view) == ["ok", "good", "ok", "bad"]
    context = severity_styler(frame, ita_severities(view), "ผลการประเมิน")._compute().ctx
    assert dict(context[(3, 9)])["background-color"] == VERMILLION


def test_the_selected_year_limits_the_history_and_drives_the_rules() -> None:
    view = build_ita_view(dash_dataset(), 2566)
    assert [s.year for s in view.scores] == [2565, 2566]
    assert view.current is not None and view.current.rating.label == "ผ่าน"
    old = build_ita_view(dash_dataset(), 2565)
    assert old.rule_set.bands[0].label == "AA"
    assert thai_model(ita_table(old)).values.tolist()[0][:2] == ["๒๕๖๕", "๘๐.๐๐"]


def test_headline_and_gap() -> None:
    top = headline(build_ita_view(dash_dataset(), 2568))
    assert top is not None
    assert (top.total, top.rating, top.gap) == ("85.80", "✔ ผ่าน", "+0.80")
    assert top.gap_sentence == "สูงกว่าเกณฑ์ผ่าน 85 คะแนน อยู่ 0.80"
    assert "ผ่านดีเยี่ยม / ผ่านดี / ผ่าน / ต้องปรับปรุง / ต้องปรับปรุงโดยด่วน" in top.rules
    below = headline(build_ita_view(dash_dataset(), 2565))
    assert below is not None and below.gap == "−0.40"
    assert below.gap_sentence == "ต่ำกว่าเกณฑ์ผ่าน 85 คะแนน อยู่ 0.40"


def test_a_year_before_its_results_shows_the_latest_profile() -> None:
    view = build_ita_view(dash_dataset(), 2569)
    assert view.current is None and headline(view) is None
    assert view.shown is not None and view.shown.year == 2568
    assert view.rule_set.provisional
    weakest = [bar for bar in view.indicators if bar.weakest]
    assert [(b.number, b.title, b.tool, b.score) for b in weakest] == [(9, "การเปิดเผยข้อมูล", "oit", 80.5)]
    assert default_what_if(view) == {"iit": 88.0, "eit": 86.0, "oit": 84.0}


def test_what_if_is_exact_at_the_boundary() -> None:
    answer = what_if_answer(2568, {"iit": 88, "eit": 86}, "oit")
    # 26.4 + 25.8 + 0.4·x ≥ 84.995 (published as 85.00) ⇔ x ≥ 81.9875 → 81.99 on the 0.01 grid
    assert answer.answers["pass"].score == 81.99
    assert ita_rating(2568, ita_total(2568, 88, 86, 81.99), 88, 86, 81.99).label == "ผ่าน"
    assert ita_rating(2568, ita_total(2568, 88, 86, 81.98), 88, 86, 81.98).label == "ต้องปรับปรุง"
    assert answer.answers["good"].score == 85.0
    assert answer.lines == (
        "OIT ต้องได้อย่างน้อย 81.99 คะแนน จึงจะได้ผล “ผ่าน” (คะแนนรวม 85.00)",
        "OIT ต้องได้อย่างน้อย 85.00 คะแนน จึงจะได้ผล “ผ่านดี” (คะแนนรวม 86.20)",
    )
    assert answer.reachable == (True, True)


def test_what_if_not_reachable_says_why() -> None:
    blocked = what_if_answer(2568, {"iit": 88, "eit": 80, "oit": 0}, "oit")
    assert blocked.lines[1] == "ไม่สามารถได้ผล “ผ่านดี” เพราะ EIT ได้ 80.00 คะแนน ต่ำกว่า 85 คะแนนที่ทุกเครื่องมือต้องได้"
    assert blocked.answers["pass"].score == 86.49  # 26.4 + 24 + 0.4·x ≥ 84.995 ⇔ x ≥ 86.4875
    assert blocked.reachable == (True, False)
    short = what_if_answer(2568, {"iit": 50, "eit": 50}, "oit")
    assert short.lines[0] == "ไม่สามารถได้ผล “ผ่าน” แม้ OIT ได้เต็ม 100 คะแนนรวมจะได้เพียง 70.00"
    old = in_thai_digits(what_if_answer(2565, {"eit": 90, "oit": 90}, "iit"))
    # up to 2565 ผ่าน and ผ่านดี are the same band A: one sentence; 0.3x + 27 + 36 ≥ 84.995 ⇔ x ≥ 73.3167
    assert old.lines == ("IIT ต้องได้อย่างน้อย ๗๓.๓๒ คะแนน จึงจะได้ผล “A” (คะแนนรวม ๘๕.๐๐)",)


def test_parts_chart_stacks_the_weighted_parts_with_both_lines() -> None:
    view = build_ita_view(dash_dataset(), 2568)
    figure = figure_in_thai_digits(ita_parts_chart(view.scores, rule_set=view.rule_set))
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [trace.name for trace in bars] == ["IIT (ถ่วงน้ำหนัก)", "EIT (ถ่วงน้ำหนัก)", "OIT (ถ่วงน้ำหนัก)"]
    assert [round(v, 2) for v in bars[2].y] == [36.0, 38.0, 38.8, 33.6]
    assert list(bars[0].x) == ["๒๕๖๕", "๒๕๖๖", "๒๕๖๗", "๒๕๖๘"]
    totals = next(trace for trace in figure.data if trace.type == "scatter")
    assert list(totals.text)[-1] == "<b>๘๕.๘๐</b><br>ผ่าน"
    assert sorted(shape.y0 for shape in figure.layout.shapes) == [85, 95]
    labels = [a.text.replace("<br>", " ") for a in figure.layout.annotations]
    assert "เกณฑ์ผ่าน ๘๕" in labels and "เกณฑ์ดีเยี่ยม ๙๕" in labels
    assert figure.layout.barmode == "stack"


def test_profile_chart_highlights_the_weakest() -> None:
    view = build_ita_view(dash_dataset(), 2568)
    figure = ita_profile_chart(view.indicators, 2568, 85)
    bar = figure.data[0]
    labels = list(bar.y)
    weakest = labels.index("9. การเปิดเผยข้อมูล (OIT)")
    assert list(bar.marker.color)[weakest] == VERMILLION
    assert list(bar.marker.color).count(BLUE) == 9
    assert list(bar.x)[weakest] == 80.5
    assert any(a.text == "◀ ต่ำสุด" for a in figure.layout.annotations)
    assert figure.layout.shapes[0].x0 == 85


@pytest.mark.parametrize("year", [2565, 2566, 2568])
def test_every_row_agrees_with_kpi_ita(year: int) -> None:
    view = build_ita_view(dash_dataset(), year)
    score = view.current
    assert score is not None
    assert ita_table(view).iloc[0]["คะแนนรวม"] == f"{round(ita_total(year, score.iit, score.eit, score.oit), 2):.2f}"  # type: ignore[arg-type]
