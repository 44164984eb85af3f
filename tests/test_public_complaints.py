"""Public complaint numbers are suppressed once per year: no output gives back what another hides.

Every number any public output shows (the complaints page's 6- and 12-month tables, the deck's
overview figure, complaints table and chart) is read back from the outputs themselves, with what
it means: a sum of base counts (quarter, type, outcome). A brute-force search over the unknown
base counts then checks that each hidden number, and each count 1..k−1 anywhere in the
quarter/type/outcome/half/year hierarchy, has a second value consistent with everything shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from unittest import mock

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kpi.exports.public_figures
from kpi.core.dataset import Dataset, frame_from_records
from kpi.core.fiscal import quarter_label
from kpi.core.schema import SHEETS_BY_KEY
from kpi.core.settings import Targets
from kpi.domain.complaints import TYPES, outcome_counts, type_label
from kpi.exports.deck import build_deck
from kpi.privacy.complaints import OUTCOMES, complaint_grid
from kpi.screens.complaints import public_complaint_tables

YEAR = 2568
TODAY = dt.date(2568 - 543, 10, 1)
Base = tuple[int, int, str, str]  # (fiscal year, quarter, type, outcome)
Data = dict[int, dict[tuple[int, str], tuple[int, int, int]]]  # year → (quarter, type) → (done, open, other)


def _dataset(data: Data) -> Dataset:
    rows = [
        {
            "fiscal_year": year, "quarter": q, "type": kind, "received": done + open_ + other,
            "completed": done, "in_progress": open_,
        }
        for year, cells in data.items() for (q, kind), (done, open_, other) in cells.items()
    ]  # fmt: skip
    frames = {key: frame_from_records(spec, []) for key, spec in SHEETS_BY_KEY.items()}
    frames["complaints"] = frame_from_records(SHEETS_BY_KEY["complaints"], rows)
    return Dataset(frames=frames)


@dataclass
class Published:
    """Every number shown, as (where, the base counts it sums, the number)."""

    numbers: list[tuple[str, frozenset[Base], int]] = field(default_factory=list)

    def add(self, where: str, parts: Iterable[Base], text: str | float | None) -> None:
        value = _number(text)
        if value is not None:
            self.numbers.append((where, frozenset(parts), value))


def _number(text: str | float | None) -> int | None:
    """A shown number, 0 for 'ไม่มีเรื่องร้องเรียน', None when hidden ('–') or not a count."""
    if text is None or text in ("–", "", "ไม่มีข้อมูล"):
        return None
    if isinstance(text, float | int):
        return int(text)
    if text == "ไม่มีเรื่องร้องเรียน":
        return 0
    return int(text.removesuffix(" เรื่อง").replace(",", ""))


def _received(year: int, q: int, kinds: Iterable[str], data: Data) -> list[Base]:
    return [(year, q, kind, o) for kind in kinds if (q, kind) in data[year] for o in OUTCOMES]


def collect(data: Data, k: int) -> Published:
    """Every number of every public complaint output of YEAR (and the previous year they show)."""
    shown = Published()
    dataset = _dataset(data)
    frame = dataset.frame("complaints")
    for year in (YEAR, YEAR - 1):
        labels = {quarter_label(year, q): q for q in (1, 2, 3, 4)}
        for period in ("half", "year"):
            for table in public_complaint_tables(frame, year, period, k).tables:
                if table.table is None:
                    continue
                rows = table.to_frame().to_dict("records")
                quarters = [labels[r["ไตรมาส"]] for r in rows[:-1]]
                assert tuple(quarters) == table.quarters
                where = f"page {year} {period} {table.type}"
                for row in rows:
                    qs = quarters if row["ไตรมาส"] == "รวม" else [labels[row["ไตรมาส"]]]
                    received = [b for q in qs for b in _received(year, q, [table.type], data)]
                    shown.add(f"{where} {row['ไตรมาส']} received", received, row["รับเรื่อง (รวม)"])
                    for o, label in (("completed", "ดำเนินการแล้วเสร็จ"), ("in_progress", "อยู่ระหว่างดำเนินการ")):
                        shown.add(f"{where} {row['ไตรมาส']} {o}", [(year, q, table.type, o) for q in qs], row[label])
                    other = [(year, q, table.type, "other") for q in qs]
                    if "อื่น ๆ (ยุติ/ส่งต่อ)" in row:
                        shown.add(f"{where} {row['ไตรมาส']} other", other, row["อื่น ๆ (ยุติ/ส่งต่อ)"])
                    else:  # no "other" column: the reader knows there were none
                        shown.numbers.extend((f"{where} no other", frozenset([b]), 0) for b in other)
    with mock.patch.object(kpi.exports.public_figures, "TARGETS", Targets(suppression_k=k)):
        deck = build_deck(dataset, YEAR, 4, today=TODAY)
    slide = deck.slide("complaints")
    complete = {
        year: [q for q in (1, 2, 3, 4) if all((q, kind) in data[year] for kind in TYPES)] for year in (YEAR, YEAR - 1)
    }
    this_total = [b for q in complete[YEAR] for b in _received(YEAR, q, TYPES, data)]
    for figure in (deck.slide("overview").figure("complaints_total"), slide.figures[0] if slide.figures else None):
        if figure is None:
            continue
        shown.add("deck total figure", this_total, figure.text)
        shown.add("deck total value", this_total, figure.value)
    # The overview's scorecard row: last year's same quarters, and a change only beside two shown totals.
    rows = deck.slide("overview").table.rows  # type: ignore[union-attr]
    row = next((r for r in rows if r[0].startswith("รับเรื่อง")), None)
    if row is not None and all(q in complete[YEAR - 1] for q in complete[YEAR]):
        same = [b for q in complete[YEAR] for b in _received(YEAR - 1, q, TYPES, data)]
        shown.add("deck last total", same, row[2].split(" (")[0])
    if row is not None and re.match(r"[+−]?\d", row[3]):
        this_shown, last_shown = _number(row[1]), _number(row[2].split(" (")[0])
        assert this_shown is not None and last_shown is not None, row
        assert int(row[3].split()[0].replace("−", "-")) == this_shown - last_shown, row
    if slide.table is not None:
        header = slide.table.header
        assert header[1:3] == tuple(type_label(kind) for kind in TYPES)
        for row in slide.table.rows:
            qs = complete[YEAR] if row[0] == "รวม" else [int(row[0].split()[1])]
            for kind, text in zip(TYPES, row[1:3], strict=True):
                shown.add(
                    f"deck table {row[0]} {kind}", [b for q in qs for b in _received(YEAR, q, [kind], data)], text
                )
            shown.add(f"deck table {row[0]} total", [b for q in qs for b in _received(YEAR, q, TYPES, data)], row[3])
    if slide.chart is not None:
        for series, year in zip(slide.chart.series, (YEAR - 1, YEAR), strict=True):
            assert series.name.endswith(str(year))
            for category, value, label in zip(slide.chart.categories, series.values, series.labels, strict=True):
                q = int(category.split()[1])
                assert (value is None) == (label in ("–", ""))
                shown.add(f"deck chart {year} Q{q}", _received(year, q, TYPES, data), label)
                shown.add(f"deck chart value {year} Q{q}", _received(year, q, TYPES, data), value)
    return shown


def _truth(data: Data, parts: Iterable[Base]) -> int:
    index = {"completed": 0, "in_progress": 1, "other": 2}
    return sum(data[y][(q, kind)][index[o]] for y, q, kind, o in parts)


def second_value_exists(data: Data, shown: Published, target: frozenset[Base]) -> bool:
    """Brute force: some non-negative completion matches every shown number but not `target`'s true sum.

    Unknowns are the base counts not shown on their own (0..bound); the search assigns the target's
    parts first, then every shown sum is checked as soon as its parts are assigned.
    """
    truth = _truth(data, target)
    year = next(iter(target))[0]
    constraints = [(parts, value) for _, parts, value in shown.numbers if next(iter(parts))[0] == year]
    base = sorted({(year, q, kind, o) for (q, kind) in data[year] for o in OUTCOMES})
    fixed = {next(iter(parts)): value for parts, value in constraints if len(parts) == 1}
    total = sum(_truth(data, [b]) for b in base)
    unknowns = [b for b in base if b not in fixed]
    unknowns.sort(key=lambda b: (b not in target, b))
    if not any(b in target for b in unknowns):
        return False  # every part is shown: the target is known
    bound = {b: min([total + 2, *(v for parts, v in constraints if b in parts)]) for b in unknowns}
    x = dict(fixed)
    position = {b: i for i, b in enumerate(unknowns)}
    # Each shown sum is checked once its last unknown part is assigned (and bounded on the way).
    closes: dict[int, list[tuple[frozenset[Base], int]]] = {}
    touches: dict[Base, list[tuple[frozenset[Base], int]]] = {}
    for parts, value in constraints:
        free = [position[b] for b in parts if b in position]
        if not free:
            if sum(x[b] for b in parts) != value:
                return False
            continue
        closes.setdefault(max(free), []).append((parts, value))
        for b in parts:
            if b in position:
                touches.setdefault(b, []).append((parts, value))
    target_last = max(position[b] for b in target if b in position)
    assigned: set[Base] = set(fixed)

    def search(i: int) -> bool:
        if i == len(unknowns):
            return True
        b = unknowns[i]
        for v in sorted(range(bound[b] + 1), key=lambda v: (abs(v - _truth(data, [b])), v)):
            x[b] = v
            assigned.add(b)
            ok = all(sum(x[p] for p in parts if p in assigned) <= value for parts, value in touches.get(b, ()))
            ok = ok and all(sum(x[p] for p in parts) == value for parts, value in closes.get(i, ()))
            if ok and i == target_last:
                ok = sum(x[p] for p in target) != truth
            if ok and search(i + 1):
                return True
            assigned.discard(b)
        return False

    return search(0)


def hierarchy(data: Data, year: int) -> dict[str, frozenset[Base]]:
    """Every count a reader may care about: cells, type × quarter, quarter, halves, type × outcome, year."""
    out: dict[str, frozenset[Base]] = {}
    base = [(year, q, kind, o) for (q, kind) in data[year] for o in OUTCOMES]

    def group(name: str, keep) -> None:  # type: ignore[no-untyped-def]
        parts = frozenset(b for b in base if keep(b))
        if parts:
            out[name] = parts

    for q in (1, 2, 3, 4):
        group(f"{year} Q{q}", lambda b, q=q: b[1] == q)
        for kind in TYPES:
            group(f"{year} Q{q} {kind}", lambda b, q=q, kind=kind: b[1:3] == (q, kind))
            for o in OUTCOMES:
                group(f"{year} Q{q} {kind} {o}", lambda b, q=q, kind=kind, o=o: b[1:] == (q, kind, o))
    for h, qs in ((1, (1, 2)), (2, (3, 4))):
        group(f"{year} H{h}", lambda b, qs=qs: b[1] in qs)
        for kind in TYPES:
            group(f"{year} H{h} {kind}", lambda b, qs=qs, kind=kind: b[1] in qs and b[2] == kind)
            for o in OUTCOMES:
                group(f"{year} H{h} {kind} {o}", lambda b, qs=qs, kind=kind, o=o: b[1] in qs and b[2:] == (kind, o))
    for kind in TYPES:
        group(f"{year} {kind}", lambda b, kind=kind: b[2] == kind)
        for o in OUTCOMES:
            group(f"{year} {kind} {o}", lambda b, kind=kind, o=o: b[2:] == (kind, o))
    group(f"{year}", lambda b: True)
    return out


def assert_public_safe(data: Data, k: int) -> None:
    shown = collect(data, k)
    for where, parts, value in shown.numbers:
        assert value == _truth(data, parts), f"{where}: shows {value}, not the true count"
        assert not 1 <= value <= k - 1, f"{where}: shows {value} (< k = {k})"
    for year in (YEAR, YEAR - 1):
        if not data[year]:
            continue
        counts = hierarchy(data, year)
        # Every number the grid hides, and every small count in the hierarchy, has a second value.
        grid = complaint_grid(outcome_counts(_dataset(data).frame("complaints"), year), year, k)
        hidden = [_grid_parts(key, year, data) for key, value in grid.published if value is None]
        small = [parts for parts in counts.values() if 1 <= _truth(data, parts) <= k - 1]
        for parts in {*hidden, *small}:
            assert second_value_exists(data, shown, parts), f"{sorted(parts)} = {_truth(data, parts)} is given away"


def _grid_parts(key: tuple[object, ...], year: int, data: Data) -> frozenset[Base]:
    base = [(year, q, kind, o) for (q, kind) in data[year] for o in OUTCOMES]
    kind, *rest = key
    if kind == "cell":
        return frozenset(b for b in base if b[1:] == tuple(rest))
    if kind == "type_quarter":
        return frozenset(b for b in base if b[1:3] == tuple(rest))
    if kind == "quarter":
        return frozenset(b for b in base if b[1] == rest[0])
    if kind == "outcome_half":
        return frozenset(b for b in base if b[2:] == tuple(rest[:2]) and (b[1] + 1) // 2 == rest[2])
    if kind == "type_half":
        return frozenset(b for b in base if b[2] == rest[0] and (b[1] + 1) // 2 == rest[1])
    if kind == "type":
        return frozenset(b for b in base if b[2] == rest[0])
    return frozenset(base)


# -- the reviewer's cases ------------------------------------------------------------------------


def _rows(year: int, rows: list[tuple[int, str, int, int]]) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(quarter, type, completed, in progress) with nothing else."""
    return {(q, kind): (done, open_, 0) for q, kind, done, open_ in rows}


LEAK2: Data = {
    YEAR: _rows(YEAR, [
        (1, "corruption", 1, 1), (1, "general", 0, 5), (2, "corruption", 8, 0), (2, "general", 0, 1),
        (3, "corruption", 2, 4), (3, "general", 0, 8), (4, "corruption", 0, 8), (4, "general", 4, 0),
    ]),
    YEAR - 1: {},
}  # fmt: skip
LEAK4: Data = {
    YEAR: _rows(YEAR, [(1, "corruption", 2, 0), (2, "corruption", 1, 2), (3, "corruption", 8, 0), (4, "corruption", 1, 1)]),
    YEAR - 1: {},
}  # fmt: skip


def test_deck_quarter_total_and_page_type_table_do_not_give_back_corruption_q1() -> None:
    """Reviewer's case: the deck showed Q1 = 7, the page general Q1 = 5, so corruption Q1 = 2."""
    shown = collect(LEAK2, 3)
    corruption_q1 = frozenset(b for b in hierarchy(LEAK2, YEAR)[f"{YEAR} Q1 corruption"])
    assert _truth(LEAK2, corruption_q1) == 2
    assert second_value_exists(LEAK2, shown, corruption_q1)
    assert_public_safe(LEAK2, 3)


def test_half_and_full_year_rounds_do_not_give_back_q1() -> None:
    """Reviewer's case: the 6-month total 5, the 12-month Q2 = 3 and Q1 in progress 0 gave Q1 = 2."""
    shown = collect(LEAK4, 3)
    q1 = hierarchy(LEAK4, YEAR)[f"{YEAR} Q1 corruption"]
    assert _truth(LEAK4, q1) == 2
    assert second_value_exists(LEAK4, shown, q1)
    assert_public_safe(LEAK4, 3)


def test_page_and_deck_read_one_suppression() -> None:
    """The same count is shown, or hidden, alike on the page and in the deck."""
    frame = _dataset(LEAK2).frame("complaints")
    grid = complaint_grid(outcome_counts(frame, YEAR), YEAR, 3)
    page = public_complaint_tables(frame, YEAR, "year", 3)
    with mock.patch.object(kpi.exports.public_figures, "TARGETS", Targets(suppression_k=3)):
        table = kpi.exports.public_figures.public_complaints(_dataset(LEAK2), YEAR).this_table
    assert table is not None
    for kind, column in zip(TYPES, zip(*table.cells, strict=True), strict=True):
        page_rows = next(tb for tb in page.tables if tb.type == kind).table
        assert page_rows is not None
        assert column == page_rows.row_totals == tuple(grid.value(("type_quarter", q, kind)) for q in (1, 2, 3, 4))
    assert table.row_totals == tuple(grid.value(("quarter", q)) for q in (1, 2, 3, 4))


def test_a_true_zero_is_published_as_none_with_the_footnote_elsewhere() -> None:
    data: Data = {YEAR: _rows(YEAR, [(1, "corruption", 0, 0), (1, "general", 4, 1)]), YEAR - 1: {}}
    page = public_complaint_tables(_dataset(data).frame("complaints"), YEAR, "half", 3)
    corruption, general = page.tables
    assert corruption.none and corruption.to_frame()["รับเรื่อง (รวม)"].tolist() == ["ไม่มีเรื่องร้องเรียน"] * 2
    assert general.to_frame()["อยู่ระหว่างดำเนินการ"].tolist() == ["–", "–"]
    assert page.footnote == "– = ตัวเลข 1–2 และตัวเลขที่อาจใช้คำนวณย้อนกลับได้ ถูกซ่อนเพื่อคุ้มครองผู้ร้องเรียน"
    assert_public_safe(data, 3)


def test_the_comparison_with_last_year_is_hidden_beside_hidden_totals() -> None:
    """'ลดลง' between a hidden 1 and a hidden 2 would give both away."""
    zeros = {(q, kind): (0, 0, 0) for q in (1, 2, 3, 4) for kind in TYPES}
    data: Data = {YEAR: {**zeros, (1, "general"): (1, 0, 0)}, YEAR - 1: {**zeros, (2, "general"): (2, 0, 0)}}
    with mock.patch.object(kpi.exports.public_figures, "TARGETS", Targets(suppression_k=3)):
        slide = build_deck(_dataset(data), YEAR, 4, today=TODAY).slide("complaints")
    assert slide.figure("complaints_total").text == "–"
    assert slide.figure("complaints_decrease").text == "–"
    assert_public_safe(data, 3)


# -- the property ---------------------------------------------------------------------------------

count = st.one_of(st.integers(0, 3), st.integers(0, 12))
quarter_cell = st.one_of(st.none(), *(st.tuples(count, count, st.one_of(st.just(0), count)),) * 3)
year_cells = st.lists(quarter_cell, min_size=8, max_size=8)


def _year(cells: list[tuple[int, int, int] | None], dropped: set[int]) -> dict[tuple[int, str], tuple[int, int, int]]:
    keys = [(q, kind) for q in (1, 2, 3, 4) for kind in TYPES]
    return {key: c for key, c in zip(keys, cells, strict=True) if c is not None and key[0] not in dropped}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    year_cells, st.sets(st.integers(1, 4), max_size=2), year_cells, st.sets(st.integers(1, 4), max_size=3),
    st.integers(2, 4),
)  # fmt: skip
@example(
    [(1, 1, 0), (0, 5, 0)] + [(8, 0, 0), (0, 1, 0), (2, 4, 0), (0, 8, 0), (0, 8, 0), (4, 0, 0)],
    set(),
    [None] * 8,
    set(),
    3,
)
def test_no_public_output_gives_back_a_hidden_count(
    this: list, this_dropped: set[int], last: list, last_dropped: set[int], k: int
) -> None:
    data: Data = {YEAR: _year(this, this_dropped), YEAR - 1: _year(last, last_dropped)}
    assert_public_safe(data, k)


def test_outputs_are_read_whole() -> None:
    """The collector sees the deck's and the page's numbers (a guard against reading nothing)."""
    shown = collect(LEAK2, 3)
    places = {where.split()[0] + " " + where.split()[1] for where, _, _ in shown.numbers}
    assert {"page 2568", "deck table", "deck chart", "deck total"} <= places
    assert pd.notna(len(shown.numbers)) and len(shown.numbers) > 40


def test_a_type_outcome_year_total_is_not_given_back_by_subtraction() -> None:
    """Found by the property above: corruption's one "other" complaint of the year was its year total
    minus the other outcomes' published half-years, though both halves of it were hidden."""
    data: Data = {
        YEAR: {(1, "corruption"): (2, 2, 0), (1, "general"): (0, 0, 0), (3, "corruption"): (0, 0, 1), (3, "general"): (0, 0, 0)},
        YEAR - 1: {},
    }  # fmt: skip
    assert_public_safe(data, 2)
