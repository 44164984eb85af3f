"""Counts of indicators by state in the public outputs never give back a state they hide.

A complaint-bound indicator (measure 3: complaints of the corruption category, "ลดลง" against the
same quarter of last year) whose numbers the public complaint grid hides has its state hidden too
(kpi.domain.public_grid.state_hidden). Two data sets differ only in that hidden state: last year's
quarters 1–2 swap their small corruption and general counts (2,1 / 1,2 against 1,2 / 2,1), so every
published complaint number (quarter totals, category totals) is the same, but this year's quarter 2
(1 complaint) is met against 2 and missed against 1. Had a count by state still held the line, the
public overview's "บรรลุเป้าหมาย n จาก m", the targets page's counts and chart, or the deck would
differ between the two and give the state back; they must be identical, while the staff views differ.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from kpi.charts.overview import targets_chart
from kpi.charts.targets import target_states_chart
from kpi.cli.figures import figures_lines, figures_payload
from kpi.core.dataset import Dataset, frame_from_records
from kpi.core.schema import SHEETS_BY_KEY
from kpi.domain.figures import figures
from kpi.domain.public_grid import HIDDEN_STATE
from kpi.domain.targets import MET, MISSED, target_tracker
from kpi.exports.deck import build_deck
from kpi.exports.to_pptx import deck_to_pptx
from kpi.screens.overview import build_overview, overview_cards
from kpi.screens.targets import (
    counts_text,
    explain_target,
    public_hiding,
    public_tracker,
    tracker_frame,
    tracker_states,
)
from tests.export_fixtures import TODAY, _indicators, council_dataset
from tests.test_as_of_quarter import _deck_text, _pptx_text

YEAR, QUARTER = 2568, 2
BOUND = (3, 1)  # the complaint-bound indicator


def _dataset(met: bool) -> Dataset:
    """The council data set with measure 3's indicator bound to the corruption complaints; `met`:
    last year's quarter 2 had 2 of them (this year's 1 is a decrease), else 1 (no decrease)."""
    base = council_dataset()
    # the same indicators last year too: the deck sets this year's count met beside last year's
    indicators = [*_indicators(), *({**row, "fiscal_year": YEAR - 1} for row in _indicators())]
    for row in indicators:
        if (row["measure_no"], row["indicator_no"]) == BOUND:
            row.update(source="complaints", source_detail="corruption")
    small, other = (1, 2) if met else (2, 1)
    rows = [
        (2566, 1, "corruption", 0), (2566, 1, "general", 5),
        (2566, 2, "corruption", 2), (2566, 2, "general", 6),
        (2566, 3, "corruption", 0), (2566, 3, "general", 5),
        (2566, 4, "corruption", 0), (2566, 4, "general", 5),
        (2567, 1, "corruption", small), (2567, 1, "general", other),
        (2567, 2, "corruption", other), (2567, 2, "general", small),
        (2567, 3, "corruption", 0), (2567, 3, "general", 6),
        (2567, 4, "corruption", 0), (2567, 4, "general", 7),
        (2568, 1, "corruption", 0), (2568, 1, "general", 4),
        (2568, 2, "corruption", 1), (2568, 2, "general", 5),
    ]  # fmt: skip
    complaints = [
        {"fiscal_year": y, "quarter": q, "type": kind, "received": n, "completed": n, "in_progress": 0,
         "within_15_days": n}
        for y, q, kind, n in rows
    ]  # fmt: skip
    frames = dict(base.frames)
    frames["indicators"] = frame_from_records(SHEETS_BY_KEY["indicators"], indicators)
    frames["complaints"] = frame_from_records(SHEETS_BY_KEY["complaints"], complaints)
    return Dataset(frames=frames, version=base.version)


@pytest.fixture(scope="module")
def variants() -> dict[str, Dataset]:
    return {MET: _dataset(met=True), MISSED: _dataset(met=False)}


def _bound_state(dataset: Dataset, year: int = YEAR) -> str:
    tracked = target_tracker(dataset, year, QUARTER).find(*BOUND)
    assert tracked is not None
    return tracked.status.state


def test_the_two_data_sets_differ_only_in_the_hidden_state(variants: dict[str, Dataset]) -> None:
    assert {state: _bound_state(d) for state, d in variants.items()} == {MET: MET, MISSED: MISSED}
    # last year's quarter 2 against 2566's 2: 2 (missed: not less) in the first, 1 (met) in the other
    assert [_bound_state(d, YEAR - 1) for d in variants.values()] == [MISSED, MET]
    for dataset in variants.values():
        for year in (YEAR, YEAR - 1):
            tracker = target_tracker(dataset, year, QUARTER)
            assert public_hiding(tracker, dataset.frame("complaints"))[BOUND].state


def _overview(dataset: Dataset, public: bool) -> dict[str, Any]:
    ov = build_overview(dataset, YEAR, QUARTER, public=public)
    return {
        "verdict": ov.verdict,
        "cards": [(c.title, c.value, c.detail, c.tone) for c in overview_cards(ov)],
        "chart": targets_chart(ov.targets).to_json(),
    }


def _targets_page(dataset: Dataset, public: bool) -> dict[str, Any]:
    """What the ตัวชี้วัด page shows (views/targets.py: the counts line, the table, the chart)."""
    tracker = target_tracker(dataset, YEAR, QUARTER)
    hiding = public_hiding(tracker, dataset.frame("complaints")) if public else None
    shown = public_tracker(tracker, hiding)
    return {
        "counts": counts_text(shown),
        "table": tracker_frame(shown, (), hiding).to_csv(),
        "colours": tracker_states(shown, (), hiding),
        "chart": target_states_chart(shown).to_json(),
        "explained": [explain_target(x, YEAR, hiding) for x in shown.targets],
    }


def _figures(dataset: Dataset, public: bool) -> dict[str, Any]:
    """What `python -m kpi figures [--public] [--json]` prints."""
    fig = figures(dataset, YEAR, QUARTER, public=public)
    return {"lines": figures_lines(dataset, fig), "json": json.dumps(figures_payload(dataset, fig))}


@pytest.mark.parametrize("output", [_overview, _targets_page, _figures])
def test_a_public_output_is_the_same_whether_the_hidden_state_is_met_or_missed(
    variants: dict[str, Dataset], output: Any
) -> None:
    public = [output(d, public=True) for d in variants.values()]
    staff = [output(d, public=False) for d in variants.values()]
    assert public[0] == public[1]
    assert staff[0] != staff[1]  # the staff view does show the state (and counts it)


def test_the_deck_and_its_pptx_are_the_same_whether_the_hidden_state_is_met_or_missed(
    variants: dict[str, Dataset],
) -> None:
    decks = [build_deck(d, YEAR, QUARTER, today=TODAY) for d in variants.values()]
    assert _deck_text(decks[0]) == _deck_text(decks[1])
    assert _pptx_text(deck_to_pptx(decks[0])) == _pptx_text(deck_to_pptx(decks[1]))


def test_a_hidden_state_is_counted_as_hidden_never_as_met(variants: dict[str, Dataset]) -> None:
    dataset = variants[MET]
    staff, public = build_overview(dataset, YEAR, QUARTER), build_overview(dataset, YEAR, QUARTER, public=True)
    assert (staff.targets[MET], public.targets[MET], public.targets[HIDDEN_STATE]) == (2, 1, 1)
    # the line is still one of the indicators with data: "1 จาก 3", not "1 จาก 2"
    assert public.verdict.endswith("บรรลุเป้าหมาย 1 จาก 3 · สถานะปกปิด 1 ตัวชี้วัด")
    assert staff.verdict.endswith("บรรลุเป้าหมาย 2 จาก 3")
    card = overview_cards(public)[1]
    assert (card.value, card.tone) == ("1/3", "ok") and "สถานะปกปิด 1 ตัวชี้วัด" in card.detail
    tracker = target_tracker(dataset, YEAR, QUARTER)
    shown = public_tracker(tracker, public_hiding(tracker, dataset.frame("complaints")))
    assert counts_text(shown).startswith("✔ บรรลุ 1 ·") and "ปกปิด 1 (ทั้งหมด 5 ตัวชี้วัด)" in counts_text(shown)
    assert [c[HIDDEN_STATE] for c in shown.quarter_counts] == [1, 1]  # both quarters' states are hidden
    assert public_tracker(tracker, None) is tracker  # the staff page counts as before


def test_the_deck_lists_a_hidden_state_on_a_slide_of_its_own(variants: dict[str, Dataset]) -> None:
    deck = build_deck(variants[MET], YEAR, QUARTER, today=TODAY)
    slides = {s.key: s for s in deck.slides}
    summary = slides["targets"]
    figures_ = {f.key: f.text for f in summary.figures}
    assert figures_["targets_met"] == "1" and figures_[f"targets_{HIDDEN_STATE}"] == "1"
    assert summary.chart is not None and "ปกปิด" in summary.chart.categories
    met_rows = slides["targets_met"].table.rows if slides["targets_met"].table else ()
    assert all("ร้องเรียน" not in row[0] for row in met_rows)
    hidden = slides[f"targets_{HIDDEN_STATE}"]
    assert hidden.title == "ตัวชี้วัดที่ปกปิดสถานะ" and hidden.table is not None
    assert [row[3] for row in hidden.table.rows] == ["–"]
    overview = {f.key: f for f in slides["overview"].figures}
    assert overview["targets_met"].value == 1.0  # the public count, not the staff view's 2
