"""The target tracker: states per quarter and for the year, and which baseline a ลดลง/เพิ่มขึ้น target used."""

from __future__ import annotations

import pytest
from dash_data import dash_dataset, dash_sheets
from hypothesis import given
from hypothesis import strategies as st

from kpi.core.dataset import Block, dataset_from_blocks
from kpi.core.thai import in_thai_digits
from kpi.domain.targets import (
    MET,
    MISSED,
    NO_DATA,
    PENDING,
    UPCOMING,
    count_states,
    evaluate_target,
    target_statuses,
    target_tracker,
)
from kpi.ingest.upload import prepare_upload
from kpi.screens.overview import build_overview
from kpi.screens.targets import (
    counts_text,
    explain_target,
    pick_target,
    quarter_cell_text,
    tracker_frame,
    tracker_states,
)
from views._shared import thai_model


def _dataset(sheets):  # type: ignore[no-untyped-def]
    from conftest import make_workbook

    plan = prepare_upload(make_workbook(sheets), "t.xlsx", dataset_from_blocks([]))
    assert plan.ok, [p.message for p in plan.errors]
    return dataset_from_blocks(plan.changes)


def _states(tracker):  # type: ignore[no-untyped-def]
    return {
        f"{x.status.measure_no}.{x.status.indicator_no}": (x.status.state, tuple(c.state for c in x.quarters))
        for x in tracker.targets
    }


def test_states_as_of_quarter_2_match_the_hand_calculation() -> None:
    tracker = target_tracker(dash_dataset(), 2568, 2)
    # As of quarter 2 the quarters after it are not shown at all (issue 12).
    assert _states(tracker) == {
        # ≥ 80: Q1 78 still reachable, Q2 85 met
        "1.1": (MET, (PENDING, MET)),
        # ลดลง vs typed baseline 10 (a full year): a running count of 4 after Q1 may still end below 10
        "1.2": (PENDING, (PENDING, NO_DATA)),
        # ≥ 4 ฉบับ: 2 so far
        "2.1": (PENDING, (NO_DATA, PENDING)),
        # ลดลง vs the same quarter of 2567: Q1 2 < 3 met; Q2 6 > 5 not yet
        "3.1": (PENDING, (MET, PENDING)),
        "4.1": (NO_DATA, (NO_DATA, NO_DATA)),
    }
    assert tracker.counts == {MET: 1, PENDING: 3, MISSED: 0, NO_DATA: 1}


def test_as_of_quarter_4_only_a_year_end_figure_is_final() -> None:
    tracker = target_tracker(dash_dataset(), 2568, 4)
    states = _states(tracker)
    assert states["1.1"][0] == MET
    assert states["1.2"] == (MISSED, (PENDING, NO_DATA, MISSED, NO_DATA))  # 11 already above 10 in Q3
    assert states["2.1"][0] == PENDING  # 2 of 4 by Q2, and no Q4 report yet: still reachable
    assert states["3.1"][0] == PENDING  # latest 6 (Q2) vs 5 (Q2 of 2567): not judged before the year-end figure
    assert states["4.1"][0] == NO_DATA
    assert tracker.counts == {MET: 1, PENDING: 2, MISSED: 1, NO_DATA: 1}
    assert tracker.quarter_counts[3] == {MET: 0, PENDING: 0, MISSED: 0, NO_DATA: 5, UPCOMING: 0}


def test_baselines_say_which_they_used() -> None:
    tracker = target_tracker(dash_dataset(), 2568, 2)
    given_baseline = pick_target(tracker, "1.2")
    same_quarter = pick_target(tracker, "3.1")
    assert given_baseline is not None and same_quarter is not None
    assert (given_baseline.status.baseline, given_baseline.status.baseline_label) == (10, "ค่าฐานที่กำหนด")
    assert given_baseline.status.baseline_kind == "given"
    assert (same_quarter.status.baseline, same_quarter.status.baseline_label) == (5, "ไตรมาส 2 ปีงบประมาณ 2567")
    assert [c.baseline for c in same_quarter.quarters] == [3, 5]
    assert same_quarter.quarters[0].baseline_label == "ไตรมาส 1 ปีงบประมาณ 2567"


def test_year_total_is_compared_with_the_previous_total() -> None:
    sheets = dash_sheets()
    sheets["ผลรายไตรมาส"].append([2568, 4, 3, "เสร็จสิ้น", 100, 1, 8, None, None, None])
    tracked = pick_target(target_tracker(_dataset(sheets), 2568, 4), "3.1")
    assert tracked is not None
    assert tracked.status.actual == 8 and tracked.status.actual_quarter == 4
    assert (tracked.status.baseline, tracked.status.baseline_label) == (9, "ผลทั้งปีงบประมาณ 2567")
    assert tracked.status.baseline_kind == "prev_year"
    assert tracked.status.state == MET
    assert tracked.quarters[3].state == MET


def test_last_year_with_another_unit_is_not_a_baseline() -> None:
    sheets = dash_sheets()
    sheets["ตัวชี้วัด"][1][4] = "ร้อยละ"  # 2567's indicator 3.1 measured something else
    tracked = pick_target(target_tracker(_dataset(sheets), 2568, 2), "3.1")
    assert tracked is not None
    assert tracked.status.baseline is None
    assert tracked.status.state == NO_DATA


def test_old_api_still_matches_the_tracker_and_the_overview() -> None:
    dataset = dash_dataset()
    for quarter in (1, 2, 3, 4):
        tracker = target_tracker(dataset, 2568, quarter)
        statuses = target_statuses(dataset, 2568, quarter)
        assert [x.status for x in tracker.targets] == statuses
        assert count_states(statuses) == tracker.counts == build_overview(dataset, 2568, quarter).targets


@pytest.mark.parametrize(
    ("op", "target", "actual", "baseline", "final", "cumulative", "partial", "expected"),
    [
        (">=", 80, 80, None, False, True, False, MET),
        (">=", 80, 79.99, None, False, True, False, PENDING),
        (">=", 80, 79.99, None, True, True, False, MISSED),
        ("<=", 0, 1, None, False, True, False, MISSED),  # a running count above a ceiling is lost
        ("<=", 10, 12, None, False, False, False, PENDING),  # a level may still come down
        ("=", 4, 4.0, None, True, True, False, MET),
        ("decrease", None, 4, 5, False, True, False, MET),
        ("decrease", None, 5, 5, False, True, False, PENDING),
        ("decrease", None, 5, 5, True, True, False, MISSED),
        ("decrease", None, 0, 0, True, True, False, MET),  # none last year, none this year
        ("decrease", None, 4, 10, False, True, True, PENDING),  # part year vs full year
        ("decrease", None, 10, 10, False, True, True, MISSED),
        ("decrease", None, 0, 0, False, True, True, PENDING),
        ("decrease", None, 4, 10, False, False, True, MET),  # a level is compared as it is
        ("increase", None, 11, 10, False, True, True, MET),
        ("increase", None, 9, 10, False, True, True, PENDING),
        ("increase", None, 9, 10, True, True, True, MISSED),
        ("decrease", None, 4, None, True, True, False, NO_DATA),
        (">=", 80, None, None, True, True, False, NO_DATA),
        (">=", None, 5, None, True, True, False, NO_DATA),
    ],
)
def test_evaluate_target(op, target, actual, baseline, final, cumulative, partial, expected) -> None:  # type: ignore[no-untyped-def]
    assert evaluate_target(op, target, actual, baseline, final, cumulative=cumulative, partial=partial) == expected


values = st.integers(min_value=0, max_value=1000)


@given(values, values, values)
def test_a_higher_actual_never_makes_a_floor_target_worse(target: int, low: int, high: int) -> None:
    rank = {MISSED: 0, PENDING: 1, MET: 2}
    low, high = min(low, high), max(low, high)
    for final in (False, True):
        assert (
            rank[evaluate_target(">=", target, low, None, final)]
            <= rank[evaluate_target(">=", target, high, None, final)]
        )
        # and for ลดลง a lower count is never worse
        assert (
            rank[evaluate_target("decrease", None, high, target, final)]
            <= rank[evaluate_target("decrease", None, low, target, final)]
        )


def test_table_text_shows_no_data_never_zero() -> None:
    tracker = target_tracker(dash_dataset(), 2568, 2)
    frame = tracker_frame(tracker)
    assert list(frame.columns) == [
        "ลำดับ",
        "ตัวชี้วัด",
        "เป้าหมาย",
        "ค่าล่าสุด",
        "เทียบกับ",
        "สถานะทั้งปี",
        "ไตรมาส 1 (ต.ค.–ธ.ค. 67)",
        "ไตรมาส 2 (ม.ค.–มี.ค. 68)",
    ]
    rows = frame.set_index("ลำดับ")
    assert rows.loc["3.1"].tolist() == [
        "จำนวนข้อร้องเรียน",
        "ลดลงจากปีก่อน",
        "6 เรื่อง (ไตรมาส 2)",
        "5 · ไตรมาส 2 ปีงบประมาณ 2567",
        "◐ ยังไม่บรรลุ",
        "✔ 2",
        "◐ 6",
    ]
    assert rows.loc["4.1"].tolist()[1:6] == ["≥ 30 คน", "ไม่มีข้อมูล", "–", "? ไม่มีข้อมูล", "? ไม่มีข้อมูล"]
    assert rows.loc["1.1", "เป้าหมาย"] == "≥ 80 ร้อยละ"
    assert tracker_states(tracker, (NO_DATA,)) == [[NO_DATA, NO_DATA, NO_DATA]]
    assert list(tracker_frame(tracker, (MET,))["ลำดับ"]) == ["1.1"]


def test_thai_digits_in_the_tracker_text() -> None:
    tracker = target_tracker(dash_dataset(), 2568, 2)
    row = thai_model(tracker_frame(tracker)).iloc[3].tolist()
    assert row[0] == "๓.๑"
    assert row[3] == "๖ เรื่อง (ไตรมาส ๒)"
    assert row[4] == "๕ · ไตรมาส ๒ ปีงบประมาณ ๒๕๖๗"
    assert in_thai_digits(quarter_cell_text(tracker.targets[3], 1)) == "✔ ๒"
    assert in_thai_digits(counts_text(tracker)) == "✔ บรรลุ ๑ · ◐ ยังไม่บรรลุ ๓ · ✖ ไม่บรรลุ ๐ · ? ไม่มีข้อมูล ๑ (ทั้งหมด ๕ ตัวชี้วัด)"


def test_explanation_names_the_measure_and_the_baseline() -> None:
    tracker = target_tracker(dash_dataset(), 2568, 2)
    tracked = pick_target(tracker, "3.1")
    assert tracked is not None
    assert explain_target(tracked, 2568).lines == (
        "มาตรการที่ 3: จัดการข้อร้องเรียน",
        "เป้าหมาย: ลดลงจากปีก่อน",
        "สถานะทั้งปี: ◐ ยังไม่บรรลุ · ค่าล่าสุด 6 เรื่อง (ไตรมาส 2)",
        "เทียบกับ: 5 · ไตรมาส 2 ปีงบประมาณ 2567",
    )
    assert pick_target(tracker, "9.9") is None
    assert pick_target(tracker, "x") is None


def test_a_year_without_a_q4_report_is_not_judged_final() -> None:
    from kpi.core.dataset import Block, dataset_from_blocks
    from kpi.domain.targets import PENDING, target_statuses

    measure = {"fiscal_year": 2568, "no": 1, "name": "ม", "kind": "measure", "quarters": "1,2,3,4"}
    indicator = {"fiscal_year": 2568, "measure_no": 1, "indicator_no": 1, "name": "เอกสาร", "unit": "ฉบับ",
                 "op": ">=", "target": 4.0}  # fmt: skip
    result = {"fiscal_year": 2568, "quarter": 2, "measure_no": 1, "status": "in_progress", "indicator_no": 1,
              "actual": 2.0}  # fmt: skip
    data = dataset_from_blocks(
        [
            Block("measures", 2568, (measure,)),
            Block("indicators", 2568, (indicator,)),
            Block("results", 2568, (result,)),
        ]
    )
    assert [s.state for s in target_statuses(data, 2568, 4)] == [PENDING]  # only Q2 reported: still reachable


def test_a_bound_quarter_count_is_judged_when_its_quarter_is_reported() -> None:
    """A complaint indicator bound to its sheet: each quarter against the same quarter last year, settled."""

    def complaints(year: int, quarter: int, received: int) -> dict[str, object]:
        return {"fiscal_year": year, "quarter": quarter, "type": "general", "received": received,
                "completed": received, "in_progress": 0}  # fmt: skip

    measure = {"fiscal_year": 2568, "no": 1, "name": "จัดการข้อร้องเรียน", "kind": "measure", "quarters": "1-4"}
    indicator = {"fiscal_year": 2568, "measure_no": 1, "indicator_no": 1, "name": "จำนวนเรื่องร้องเรียน",
                 "unit": "เรื่อง", "op": "decrease", "source": "complaints"}  # fmt: skip
    data = dataset_from_blocks(
        [
            Block("measures", 2568, (measure,)),
            Block("indicators", 2568, (indicator,)),
            Block("complaints", 2567, (complaints(2567, 1, 6), complaints(2567, 2, 3))),
            Block("complaints", 2568, (complaints(2568, 1, 7), complaints(2568, 2, 2))),
        ]
    )
    tracked = target_tracker(data, 2568, 2).targets[0]
    # Q1: 7 against 6 is lost for good; Q2: 2 against 3 is met.
    assert [(c.actual, c.state) for c in tracked.quarters[:2]] == [(7, MISSED), (2, MET)]
    assert (tracked.status.actual, tracked.status.period, tracked.status.state) == (2, "ไตรมาส 2", MET)
