"""The overview's headline cards, by hand."""

from __future__ import annotations

from kpi.core.dataset import Block, dataset_from_blocks
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
