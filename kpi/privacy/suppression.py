"""Small-count suppression: the one rule every public output uses to hide counts 1..k−1.

PDPA B.E. 2562 (domain.md §5): a published count of 1..k−1 complaints could point at a person, so
it is shown as HIDDEN_MARK, together with enough other numbers that none of the hidden ones can be
worked back from what is shown. `suppress_flows` decides what to hide over every number the public
outputs share; `SuppressedTable` is one table of the result, as the page, the deck and the report
print it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi.core.messages import UI, t
from kpi.core.settings import TARGETS

HIDDEN_MARK = "–"
TOTAL_LABEL = UI["privacy_total"]
DEFAULT_K = TARGETS.suppression_k  # the one setting: kpi/core/settings.py


def suppression_footnote(k: int = DEFAULT_K) -> str:
    """Thai footnote explaining the hidden-number mark for threshold k."""
    small = "1" if k <= 2 else f"1–{k - 1}"
    return t("privacy_footnote", mark=HIDDEN_MARK, small=small)


SUPPRESSION_FOOTNOTE = suppression_footnote(DEFAULT_K)


@dataclass(frozen=True)
class SuppressedTable:
    """A table for the public with small counts and their giveaways hidden (None)."""

    k: int
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None

    @property
    def hidden_count(self) -> int:
        """How many numbers (cells and totals) are hidden."""
        values = [*(v for row in self.cells for v in row), *self.row_totals, *self.column_totals, self.grand_total]
        return sum(v is None for v in values)

    @property
    def footnote(self) -> str | None:
        """Thai footnote for the hidden mark, or None when nothing is hidden."""
        return suppression_footnote(self.k) if self.hidden_count else None

    def to_frame(self, total_label: str = TOTAL_LABEL) -> pd.DataFrame:
        """The table with a total column and a total row, every entry a display string."""
        body = [
            [*(_show(v) for v in row), _show(total)] for row, total in zip(self.cells, self.row_totals, strict=True)
        ]
        body.append([*(_show(v) for v in self.column_totals), _show(self.grand_total)])
        return pd.DataFrame(body, index=[*self.row_labels, total_label], columns=[*self.column_labels, total_label])


def _show(value: int | None) -> str:
    return HIDDEN_MARK if value is None else f"{value:,}"


# ---------------------------------------------------------------------------------------------
# Suppression over linked numbers (a circulation)
# ---------------------------------------------------------------------------------------------
#
# Every published number is the flow on one edge of a network in which, at every node, what comes
# in equals what goes out. A table with its totals is one such network (grand total → row total →
# cell → column total → grand total); several tables that share numbers (a quarter total in one,
# the same quarter by type in another) are one bigger network, and suppressing them together stops
# one table giving back what another hides.
#
# What a reader can change without changing any published number is a circulation on hidden
# edges. A hidden edge can take a second value iff some such circulation through it keeps every
# count non-negative (conformal decomposition: any second completion contains one), that is iff a
# directed cycle through it exists over hidden edges, where an edge may always go up (tail → head)
# and may go down (head → tail) only from 1 or more. When a hidden edge has no such cycle, the
# cheapest path back over all edges (published ones costing what hiding them loses) is found with
# Dijkstra and its published edges are hidden too; repeat until every hidden edge is protected.

_Node = Any


@dataclass(frozen=True)
class Flow:
    """One published number as an edge of a circulation: from node, to node, count, hiding cost."""

    tail: Any
    head: Any
    value: int
    cost: float = 10.0  # what hiding it loses when it is not small itself: totals should cost more


class _FlowSuppressor:
    """Cell suppression on a circulation; an edge is named by its index in `flows`."""

    def __init__(self, flows: list[Flow]) -> None:
        self.flows = flows

    def arcs(self, e: int) -> Iterator[tuple[_Node, _Node]]:
        """The moves an edge allows: up along it always, down against it only from 1 or more."""
        flow = self.flows[e]
        yield flow.tail, flow.head
        if flow.value >= 1:
            yield flow.head, flow.tail

    def cost(self, e: int) -> float:
        """What hiding a published edge loses: its own cost, small counts a little less."""
        flow = self.flows[e]
        return flow.cost + min(flow.value, 10) / 10

    def path_cost(self, e: int, source: _Node, target: _Node, hidden: set[int]) -> tuple[float, list[int]]:
        """Cheapest directed path source → target avoiding e; cost counts published edges only."""
        graph: dict[_Node, list[tuple[_Node, int]]] = {}
        for p in range(len(self.flows)):
            if p != e:
                for a, b in self.arcs(p):
                    graph.setdefault(a, []).append((b, p))
        best: dict[_Node, float] = {source: 0.0}
        back: dict[_Node, tuple[_Node, int]] = {}
        queue: list[tuple[float, int, _Node]] = [(0.0, 0, source)]
        counter = 1
        while queue:
            dist, _, node = heapq.heappop(queue)
            if node == target:
                break
            if dist > best.get(node, math.inf):
                continue
            for nxt, p in graph.get(node, []):
                step = dist + (0.0 if p in hidden else self.cost(p))
                if step < best.get(nxt, math.inf):
                    best[nxt] = step
                    back[nxt] = (node, p)
                    heapq.heappush(queue, (step, counter, nxt))
                    counter += 1
        if target not in best:
            return math.inf, []
        path, node = [], target
        while node != source:
            node, p = back[node]
            path.append(p)
        return best[target], path

    def fix(self, e: int, hidden: set[int]) -> set[int]:
        """Published edges whose hiding gives e a protecting cycle (empty when already protected)."""
        # The cycle uses e as tail → head, then returns head → tail.
        options = [self.path_cost(e, head, tail, hidden) for tail, head in self.arcs(e)]
        cost, path = min(options, key=lambda o: o[0])
        if math.isinf(cost):  # cannot happen for a count: a balanced network returns its flow along a cycle
            raise AssertionError("no protecting cycle")
        return {p for p in path if p not in hidden}


def suppress_flows(flows: list[Flow], k: int = DEFAULT_K, also: Iterable[int] = ()) -> frozenset[int]:
    """Indices of the flows to hide: counts 1..k−1 (and `also`), then enough others that none can be worked back.

    `flows` must balance at every node (inflow = outflow) and hold non-negative whole numbers; each
    is a number some public output shows, and any other number shown must be a sum of these.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    balance: dict[Any, int] = {}
    for f in flows:
        if isinstance(f.value, bool) or not isinstance(f.value, int) or f.value < 0:
            raise ValueError("suppress_flows needs non-negative whole numbers")
        balance[f.tail] = balance.get(f.tail, 0) - f.value
        balance[f.head] = balance.get(f.head, 0) + f.value
    if any(balance.values()):
        raise ValueError("suppress_flows needs inflow = outflow at every node")
    suppressor = _FlowSuppressor(flows)
    hidden = {i for i, f in enumerate(flows) if 1 <= f.value <= k - 1} | set(also)
    while True:
        for e in sorted(hidden):
            extra = suppressor.fix(e, hidden)
            if extra:
                hidden |= extra
                break
        else:
            return frozenset(hidden)
