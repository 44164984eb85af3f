"""The public complaint numbers: one fiscal year's counts, suppressed once and jointly for every public output.

The complaints page's public tables, the council deck (presentation, PPTX, PDF) and the official
report all print numbers read from one `ComplaintGrid`, so no output can give back what another
hides. The counts come from kpi.domain.complaints.outcome_counts; the hiding is
kpi.privacy.suppression.suppress_flows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kpi.core.schema import COMPLAINT_TYPES, complaint_category_choices, label_of
from kpi.core.settings import TARGETS
from kpi.privacy.suppression import Flow, SuppressedTable, suppress_flows

# The two original category codes (corruption, then general); a grid holds whatever categories its counts name.
TYPES: tuple[str, ...] = tuple(COMPLAINT_TYPES.values())
# Outcome counts (completed, in_progress, other) per (quarter, type) with data.
OutcomeCounts = Mapping[tuple[int, str], Mapping[str, int]]
# The same per (round span, type) for rounds published as such: (1, 2) the 6-month, (1, 4) the 12-month round.
RoundCounts = Mapping[tuple[tuple[int, int], str], Mapping[str, int]]

# Every public complaint output (the complaints page's 6- and 12-month tables, the deck in
# presentation, PPTX and PDF, the official report) reads one ComplaintGrid per fiscal year. Its
# numbers are the edges of one circulation, suppressed once by kpi.privacy.suppression.suppress_flows:
#
#   grand total → quarter q (all types) → type in quarter q → cell (q, type, outcome)
#       → type × outcome in half h → type in half h → type in the year → grand total
#
# so a quarter total, a type's quarter, a type's half-year and year (received and per outcome)
# are protected together, not table by table. A number that is not an edge (a type × outcome over
# the year, say) is published only as a sum of published edges, so it tells nothing new. Quarters
# without data for a type have no edges: they are shown as no data, not as 0.
#
# A round published as such (6 or 12 months, never split into quarters) enters as its own edges:
#
#   grand total → round of a type → round cell (outcome) → type × outcome in half 1 (6 months)
#                                                         or straight into the type's year (12 months)
#
# Any number of categories: the types are the configured ones plus any code found in the counts.
#
# One circulation holds two margins of a type's half × outcome table, not three: a type × outcome
# over the year is the type's year minus its other outcomes, so hiding both halves of a small one
# (1 "other" complaint) did not hide it. A second circulation with the type × outcome over the year
# in place of the type's half-years checks those; the two are suppressed in turn until neither hides
# more (`_suppress_both`), and the published numbers are the first circulation's edges.

OUTCOMES = ("completed", "in_progress", "other")
# A quarter published as received only has its whole count "unspecified": never 0 completed.
UNSPECIFIED = "unspecified"
_ALL_OUTCOMES = (*OUTCOMES, UNSPECIFIED)


def _types(counts: OutcomeCounts) -> tuple[str, ...]:
    """The configured categories, then any other the counts name (earlier uploads), in order of appearance."""
    return tuple(dict.fromkeys([*complaint_category_choices().values(), *(ty for _, ty in counts)]))


GridKey = tuple[object, ...]


def half_of(quarter: int) -> int:
    """The half-year (1 or 2) of a fiscal quarter."""
    return 1 if quarter <= 2 else 2


@dataclass(frozen=True)
class ComplaintGrid:
    """A fiscal year's complaint counts as published: every key maps to its count or None (hidden).

    Keys: ("total",) · ("quarter", q) · ("type_quarter", q, type) · ("cell", q, type, outcome) ·
    ("outcome_half", type, outcome, h) · ("type_half", type, h) · ("type", type).
    """

    fiscal_year: int
    k: int
    present: tuple[tuple[int, str], ...]  # (quarter, type) with data, quarter-major
    outcomes: tuple[tuple[str, tuple[str, ...]], ...]  # per type, its outcome columns ("other" only if used)
    published: tuple[tuple[GridKey, int | None], ...]
    types: tuple[str, ...] = TYPES  # the categories, in the order tables show them
    unspecified: tuple[tuple[object, str], ...] = ()  # (quarter or round span, type) published as received only
    rounds: tuple[tuple[tuple[int, int], str], ...] = ()  # (span, type) of rounds published as such

    def type_rounds(self, kind: str) -> tuple[tuple[int, int], ...]:
        """The round spans published for this type."""
        return tuple(span for span, ty in self.rounds if ty == kind)

    @property
    def has_data(self) -> bool:
        """True when any quarter of any type has data."""
        return bool(self.present)

    @property
    def quarters(self) -> tuple[int, ...]:
        """Quarters with data for at least one type."""
        return tuple(dict.fromkeys(q for q, _ in self.present))

    def type_quarters(self, kind: str) -> tuple[int, ...]:
        """Quarters with data for this type."""
        return tuple(q for q, ty in self.present if ty == kind)

    def type_outcomes(self, kind: str) -> tuple[str, ...]:
        """The outcome columns of this type."""
        return dict(self.outcomes).get(kind, ())

    def value(self, key: GridKey) -> int | None:
        """The published count of a key, None when hidden (KeyError when the key has no data)."""
        return dict(self.published)[key]

    def sum_of(self, keys: list[GridKey]) -> int | None:
        """A sum of published counts, or None (hidden) as soon as one part is hidden."""
        values = [self.value(key) for key in keys]
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    @property
    def hidden_count(self) -> int:
        """How many of the year's numbers are hidden."""
        return sum(v is None for _, v in self.published)


@dataclass(frozen=True)
class GridNetwork:
    """A year's public complaint numbers as the edges of one circulation, before anything is hidden."""

    present: tuple[tuple[int, str], ...]  # (quarter, type) with data, quarter-major
    outcomes: tuple[tuple[str, tuple[str, ...]], ...]  # per type, its outcome columns ("other" only if used)
    keys: tuple[GridKey, ...]  # the number each flow publishes
    flows: tuple[Flow, ...]
    types: tuple[str, ...] = TYPES
    rounds: tuple[tuple[tuple[int, int], str], ...] = ()


def grid_network(counts: OutcomeCounts, rounds: RoundCounts | None = None) -> GridNetwork:
    """The circulation of a year's complaint numbers (see the comment above), one edge per published key.

    `counts` maps (quarter, type) with data to its outcome counts (kpi.domain.complaints.outcome_counts).
    """
    rounds = rounds or {}
    types = tuple(dict.fromkeys([*_types(counts), *(ty for _, ty in rounds)]))
    present = tuple(key for key in ((q, ty) for q in (1, 2, 3, 4) for ty in types) if key in counts)
    spans = tuple(key for key in rounds)
    # Every (quarter or round, type) with data and its outcome counts.
    entries: list[tuple[object, str, Mapping[str, int]]] = [(q, ty, counts[(q, ty)]) for q, ty in present]
    entries += [(span, ty, rounds[(span, ty)]) for span, ty in spans]

    def used(o: str, ty: str) -> bool:
        if o == UNSPECIFIED:  # a column as soon as one quarter was published received only
            return any(UNSPECIFIED in c for _, t, c in entries if t == ty)
        return o != "other" or any(c.get("other", 0) for _, t, c in entries if t == ty)

    outcomes = tuple(
        (ty, tuple(o for o in _ALL_OUTCOMES if used(o, ty))) for ty in types if any(t == ty for _, t, _ in entries)
    )
    by_type = dict(outcomes)
    values: dict[GridKey, int] = {}
    flows: list[Flow] = []
    keys: list[GridKey] = []

    # Sum each cell into every key above it, then emit one edge per key.
    for q, ty in present:
        h = half_of(q)
        for o in by_type[ty]:
            n = counts[(q, ty)].get(o, 0)
            above: tuple[GridKey, ...] = (
                ("cell", q, ty, o), ("outcome_half", ty, o, h), ("type_quarter", q, ty), ("quarter", q),
                ("type_half", ty, h), ("type", ty), ("total",),
            )  # fmt: skip
            for key in above:
                if key not in values:
                    keys.append(key)
                values[key] = values.get(key, 0) + n
    # A round is never split into quarters: its cells flow from the round's own node straight into
    # the half (6-month round) or the type's year (12-month round), so the circulation still holds.
    for span, ty in spans:
        for o in by_type[ty]:
            n = rounds[(span, ty)].get(o, 0)
            chain: tuple[GridKey, ...] = (
                (("round_cell", span, ty, o), ("outcome_half", ty, o, 1), ("round", span, ty), ("type_half", ty, 1))
                if span[1] <= 2
                else (("round_cell", span, ty, o), ("round", span, ty))
            )
            for key in (*chain, ("type", ty), ("total",)):
                if key not in values:
                    keys.append(key)
                values[key] = values.get(key, 0) + n
    # Nodes and costs per kind of key: hiding a total loses more than hiding a cell.
    for key in keys:
        kind = key[0]
        if kind == "total":
            flow = Flow("g_in", "g_out", values[key], 1000.0)
        elif kind == "quarter":
            flow = Flow("g_out", ("q", key[1]), values[key], 100.0)
        elif kind == "type_quarter":
            flow = Flow(("q", key[1]), ("tq", key[1], key[2]), values[key], 20.0)
        elif kind == "cell":
            quarter = int(str(key[1]))
            flow = Flow(("tq", quarter, key[2]), ("oh", key[2], key[3], half_of(quarter)), values[key], 10.0)
        elif kind == "outcome_half":
            flow = Flow(("oh", *key[1:]), ("th", key[1], key[3]), values[key], 50.0)
        elif kind == "round":
            flow = Flow("g_out", ("r", key[1], key[2]), values[key], 20.0)
        elif kind == "round_cell":
            round_span = key[1]
            last = round_span[1] if isinstance(round_span, tuple) else 4  # the round's last quarter
            head: object = ("oh", key[2], key[3], 1) if last <= 2 else ("t", key[2])
            flow = Flow(("r", key[1], key[2]), head, values[key], 10.0)
        elif kind == "type_half":
            flow = Flow(("th", *key[1:]), ("t", key[1]), values[key], 100.0)
        else:  # type
            flow = Flow(("t", key[1]), "g_in", values[key], 300.0)
        flows.append(flow)
    return GridNetwork(present, outcomes, tuple(keys), tuple(flows), types, spans)


def complaint_grid(
    counts: OutcomeCounts,
    fiscal_year: int,
    k: int = TARGETS.suppression_k,
    rounds: RoundCounts | None = None,
    beside: tuple[OutcomeCounts, RoundCounts | None] | None = None,
) -> ComplaintGrid:
    """The year's public complaint numbers, suppressed once and jointly (see the comment above).

    `counts` maps (quarter, type) with data to its outcome counts (kpi.domain.complaints.outcome_counts),
    `rounds` (span, type) of the rounds published as such (kpi.domain.complaints.round_outcome_counts).
    `beside` is the counts and rounds of another release of the same year (the whole year, beside a
    pack as of an earlier quarter): a number that release hides is hidden here too when this grid
    publishes the same number under the same key, so the two releases side by side do not give it back.
    """
    network = grid_network(counts, rounds)
    forced: list[int] = []
    if beside is not None:
        other = grid_network(*beside)
        other_hidden = _suppress_both(other, k)
        hidden_values = {other.keys[i]: other.flows[i].value for i in other_hidden}
        forced = [i for i, key in enumerate(network.keys) if hidden_values.get(key) == network.flows[i].value]
    hidden = _suppress_both(network, k, forced)
    published = tuple(
        (key, None if i in hidden else flow.value)
        for i, (key, flow) in enumerate(zip(network.keys, network.flows, strict=True))
    )
    rounds = rounds or {}
    unspecified: tuple[tuple[object, str], ...] = tuple(p for p in network.present if UNSPECIFIED in counts[p])
    unspecified += tuple(r for r in network.rounds if UNSPECIFIED in rounds[r])
    return ComplaintGrid(
        fiscal_year, k, network.present, network.outcomes, published, network.types, unspecified, network.rounds
    )


def _outcome_year_flows(network: GridNetwork) -> tuple[list[GridKey], list[Flow]]:
    """The second circulation: type × outcome in half h → type × outcome over the year → type."""
    keys: list[GridKey] = []
    flows: list[Flow] = []
    years: dict[GridKey, int] = {}
    for key, flow in zip(network.keys, network.flows, strict=True):
        kind = key[0]
        if kind == "type_half":
            continue  # replaced by the type × outcome over the year
        if kind == "outcome_half":
            year_key: GridKey = ("outcome_year", key[1], key[2])
            flow = Flow(flow.tail, ("oy", key[1], key[2]), flow.value, flow.cost)
            years[year_key] = years.get(year_key, 0) + flow.value
        elif kind == "round_cell" and flow.head == ("t", key[2]):  # a 12-month round's outcome
            year_key = ("outcome_year", key[2], key[3])
            flow = Flow(flow.tail, ("oy", key[2], key[3]), flow.value, flow.cost)
            years[year_key] = years.get(year_key, 0) + flow.value
        keys.append(key)
        flows.append(flow)
    for key, value in years.items():
        keys.append(key)
        flows.append(Flow(("oy", key[1], key[2]), ("t", key[1]), value, 100.0))
    return keys, flows


def _suppress_both(network: GridNetwork, k: int, forced: list[int] | None = None) -> frozenset[int]:
    """Indices of the first circulation's edges to hide, so that neither circulation gives back a hidden count.

    `forced` edges are hidden whatever their value (another release hides the same number)."""
    if not network.flows:
        return frozenset()
    other_keys, other_flows = _outcome_year_flows(network)
    index = {key: i for i, key in enumerate(network.keys)}
    other_index = {key: i for i, key in enumerate(other_keys)}
    hidden: set[GridKey] = {network.keys[i] for i in forced or []}
    while True:
        first = suppress_flows(list(network.flows), k, also=[index[key] for key in hidden if key in index])
        hidden |= {network.keys[i] for i in first}
        second = suppress_flows(other_flows, k, also=[other_index[key] for key in hidden if key in other_index])
        found = {other_keys[i] for i in second}
        if found <= hidden:
            return frozenset(index[key] for key in hidden if key in index)
        hidden |= found


def public_quarter_table(
    grid: ComplaintGrid, label: Callable[[int], str]
) -> tuple[tuple[int, ...], SuppressedTable | None]:
    """Received per quarter × type (quarters with data for every type), from the year's grid.

    Totals are edges of the grid when the rows cover all the year's data, else sums of shown rows.
    """
    types = grid.types  # every category is a column: a quarter is complete when each has its row
    complete = tuple(q for q in grid.quarters if all((q, ty) in grid.present for ty in types))
    if not complete:
        return complete, None
    whole = complete == grid.quarters and not grid.rounds  # a type's total holds its rounds too
    column_totals = tuple(
        grid.value(("type", ty)) if whole else grid.sum_of([("type_quarter", q, ty) for q in complete]) for ty in types
    )
    labels = {**COMPLAINT_TYPES, **complaint_category_choices()}
    table = SuppressedTable(
        k=grid.k,
        row_labels=tuple(label(q) for q in complete),
        column_labels=tuple(label_of(labels, ty) for ty in types),
        cells=tuple(tuple(grid.value(("type_quarter", q, ty)) for ty in types) for q in complete),
        row_totals=tuple(grid.value(("quarter", q)) for q in complete),
        column_totals=column_totals,
        grand_total=grid.value(("total",)) if whole else grid.sum_of([("quarter", q) for q in complete]),
    )
    return complete, table
