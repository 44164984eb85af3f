"""A pack as of an earlier quarter, laid beside the whole year's, gives back no count either one hides.

The whole year's public grid hides the sample's quarter-2 received count (a 1 inside it); a grid of
quarters 1–2 alone would publish it. What a release of the same year hides stays hidden as of an
earlier quarter when it is the same number under the same key, and a complaint-bound indicator
prints only what the grid publishes.
"""

from __future__ import annotations

import pytest
from export_fixtures import TODAY, sample_dataset

from kpi.domain.complaints import outcome_counts, round_outcome_counts
from kpi.domain.public_grid import public_grid
from kpi.exports.deck import build_deck
from kpi.privacy.complaints import grid_network
from kpi.privacy.suppression import HIDDEN_MARK


def _raw(frame, year: int, through: int) -> dict[tuple[object, ...], int]:  # type: ignore[no-untyped-def]
    network = grid_network(outcome_counts(frame, year, through), round_outcome_counts(frame, year, through))
    return {key: flow.value for key, flow in zip(network.keys, network.flows, strict=True)}


@pytest.mark.parametrize("through", [1, 2, 3])
def test_no_number_the_whole_year_hides_is_published_as_of_an_earlier_quarter(through: int) -> None:
    frame = sample_dataset().frame("complaints")
    whole, part = public_grid(frame, 2568, 4), public_grid(frame, 2568, through)
    whole_raw, part_raw = _raw(frame, 2568, 4), _raw(frame, 2568, through)
    hidden_whole = {key for key, value in whole.published if value is None}
    assert hidden_whole, "the sample's whole year hides some counts"
    leaks = [
        key
        for key, value in part.published
        if value is not None and key in hidden_whole and whole_raw[key] == part_raw[key]
    ]
    assert leaks == []


def test_the_sample_quarter_2_count_stays_hidden_in_a_quarter_2_pack() -> None:
    frame = sample_dataset().frame("complaints")
    assert public_grid(frame, 2568, 4).value(("quarter", 2)) is None
    assert public_grid(frame, 2568, 2).value(("quarter", 2)) is None
    assert _raw(frame, 2568, 2)[("quarter", 2)] == 3  # a 3 alone would be shown: only the year beside hides it


def test_complaint_bound_indicators_print_what_the_grid_publishes() -> None:
    """Quarter 2's received count is hidden in the complaints table, so the indicators that count it
    print the hidden mark and no state (a met/missed would narrow it down)."""
    deck = build_deck(sample_dataset(), 2568, 2, today=TODAY)
    rows = [row for slide in deck.slides if slide.table is not None for row in slide.table.rows]
    bound = [row for row in rows if "เรื่องร้องเรียน" in row[0] and "(ไตรมาส 2)" in " ".join(row)]
    assert bound
    for row in bound:
        assert any(cell.startswith(f"{HIDDEN_MARK} (ไตรมาส 2)") for cell in row), row
        assert "3 (ไตรมาส 2)" not in row
