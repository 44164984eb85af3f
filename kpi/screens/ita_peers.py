"""The ITA page's peer comparison: where the agency shown stands among agencies of its type in its province.

The position comes from kpi.domain.rollup.peer_position (the same totals and pass mark as the roll-up
page); this module turns it into cards and the peers' totals for the chart, in Thai.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.messages import t
from kpi.core.schema import HOME_AGENCY
from kpi.core.thai import format_number
from kpi.domain.rollup import Peer, home_code, peer_position
from kpi.screens.overview import Card


@dataclass(frozen=True)
class PeerView:
    """The agency's position among its peers in one year, ready to show."""

    peer: Peer
    heading: str
    cards: tuple[Card, ...]
    totals: tuple[float, ...]  # every peer's total of the year (the agency's own included)
    pass_mark: float


def peer_code(results: pd.DataFrame, agency: str, org_code: str, org_name: str, org_province: str) -> str | None:
    """The code whose peers are compared: the agency shown, or (the install's own) the organisation's code."""
    if agency != HOME_AGENCY:
        return agency
    if results.empty:
        return None
    return home_code(results, org_code, org_name, org_province)


def _signed(value: float) -> str:
    sign = "+" if value >= 0 else "−"
    return sign + format_number(abs(round(value, 2)), 2)


def build_peer_view(results: pd.DataFrame, code: str | None, year: int) -> PeerView | None:
    """The agency's percentile and gaps among its peers in `year`; None when it has no result or no peers."""
    if not code or results.empty:
        return None
    peer = peer_position(results, code, year)
    if peer is None or peer.peers < 2:
        return None
    rows = results[
        (results["fiscal_year"] == year) & (results["type"] == peer.type) & (results["province"] == peer.province)
    ]
    marks = rows["pass_mark"].dropna()
    cards = (
        Card(
            t("ita_peers_percentile"),
            format_number(peer.percentile, 0),
            t("ita_peers_rank", rank=format_number(peer.rank, 0), peers=format_number(peer.peers, 0)),
            "good" if peer.percentile >= 50 else "ok",
        ),
        Card(
            t("ita_peers_gap_median"),
            _signed(peer.gap_to_median),
            t("ita_peers_median", value=format_number(peer.median, 2)),
            "good" if peer.gap_to_median >= 0 else "bad",
        ),
        Card(
            t("ita_peers_gap_best"),
            _signed(peer.gap_to_best),
            t("ita_peers_best", value=format_number(peer.best, 2), name=peer.best_name),
            "good" if peer.gap_to_best >= 0 else "ok",
        ),
    )
    heading = t("ita_peers_heading", type=peer.type, province=peer.province, peers=format_number(peer.peers, 0))
    totals = tuple(float(v) for v in rows["total"].dropna())
    return PeerView(peer, heading, cards, totals, float(marks.iloc[0]) if len(marks) else 0.0)
