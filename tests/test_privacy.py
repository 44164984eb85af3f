"""Privacy: identity columns and values in uploads, and the small-count suppression every public output uses.

The suppression tests drive `suppress_flows` (the one suppression of the public outputs): tables with
their totals as circulations, checked exhaustively and against linear programming, and the real
complaint grid of kpi.privacy.complaints checked against linear programming.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize

from kpi.core.schema import COMPLAINTS, SHEETS
from kpi.core.thai import in_thai_digits
from kpi.privacy import complaints as public_complaints
from kpi.privacy import identity, redaction, suppression
from kpi.privacy.identity import (
    KIND_EMAIL,
    KIND_ID_CARD,
    KIND_PHONE,
    identity_column,
    identity_value,
)
from kpi.privacy.suppression import Flow, SuppressedTable, suppress_flows, suppression_footnote

# -- identity columns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "ชื่อ", "นามสกุล", "ชื่อ-สกุล", "ชื่อ - นามสกุล", "ชื่อผู้ร้อง", "ผู้ร้องเรียน", "ชื่อผู้ถูกร้องเรียน",
        "เลขบัตร", "เลขบัตรประชาชน", "เลขประจำตัวประชาชน", "โทร", "โทรศัพท์", "เบอร์โทร", "เบอร์มือถือ",
        "อีเมล", "อีเมล์", "e-mail", "E-Mail", "Email", "ที่อยู่", "ที่อยู่ผู้ร้อง", "name", "Full Name",
        "first_name", "Phone", "Tel.", "address", "ID card", "id_card", "Citizen ID", "รายละเอียด",
        "รายละเอียดเรื่องร้องเรียน", "เนื้อหา", "ข้อความร้องเรียน", " ชื่อ ", "เบอร์ติดต่อ (ผู้แจ้ง)",
    ],
)  # fmt: skip
def test_identity_headers_are_flagged(header: str) -> None:
    assert identity_column(header)


@pytest.mark.parametrize(
    "header",
    [
        "ประเภท", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ตอบภายใน 15 วัน",
        "ตอบภายใน ๑๕ วัน", "ปีงบประมาณ", "ไตรมาส", "จำนวนที่อยู่ระหว่างดำเนินการ", "จำนวนผู้ร้องเรียน",
        "หมายเหตุ", "เดือน", "ช่องทาง", "ร้อยละ", "", "  ", "quarter", "received", "status",
    ],
)  # fmt: skip
def test_ordinary_headers_are_not_flagged(header: str) -> None:
    assert not identity_column(header)


def test_no_schema_header_is_flagged() -> None:
    # Includes "ชื่อมาตรการ" and "ชื่อตัวชี้วัด", which contain ชื่อ.
    titles = [c.title for sheet in SHEETS for c in sheet.columns]
    assert [t for t in titles if identity_column(t)] == []
    assert not any(identity_column(c.title) for c in COMPLAINTS.columns)


# -- identity values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("1234567890123", KIND_ID_CARD), ("1-2345-67890-12-3", KIND_ID_CARD), ("1 2345 67890 12 3", KIND_ID_CARD),
        ("๑-๒๓๔๕-๖๗๘๙๐-๑๒-๓", KIND_ID_CARD), ("เลขบัตร 3409900123456 ค่ะ", KIND_ID_CARD),
        (1234567890123, KIND_ID_CARD), (3409900123456.0, KIND_ID_CARD),
        ("0812345678", KIND_PHONE), ("081-234-5678", KIND_PHONE), ("081 234 5678", KIND_PHONE),
        ("02-123-4567", KIND_PHONE), ("042-123456", KIND_PHONE), ("(042) 411 234", KIND_PHONE),
        ("+66 81 234 5678", KIND_PHONE), ("+66812345678", KIND_PHONE), ("+66-2-123-4567", KIND_PHONE),
        ("โทร. ๐๘๑-๒๓๔-๕๖๗๘", KIND_PHONE),
        ("somchai@example.com", KIND_EMAIL), ("ติดต่อ a.b+c@mail.go.th", KIND_EMAIL),
    ],
)  # fmt: skip
def test_identity_values_are_recognised(value: object, kind: str) -> None:
    assert identity_value(value) == kind


@pytest.mark.parametrize(
    "value",
    [
        None, "", "ทุจริตและประพฤติมิชอบ", "ร้องเรียนทั่วไป", 2568, 0, 12, 4.5, 812345678, "2568", "15/10/2567",
        "1-4", "ไตรมาส 2", "123456789012", "12345678901234", "1234567890123 4", "80%", "1,234,567",
        "0.12345678", True, float("nan"), pd.NA, "ตอบภายใน 15 วัน", "@handle", "a@b",
    ],
)  # fmt: skip
def test_ordinary_values_are_not_flagged(value: object) -> None:
    assert identity_value(value) is None


def test_kind_never_contains_the_value() -> None:
    for value in ("0812345678", "1234567890123", "x@y.com"):
        kind = identity_value(value)
        assert kind in {KIND_ID_CARD, KIND_PHONE, KIND_EMAIL}
        assert value not in kind


# -- suppression of a table with its totals, as a circulation -------------------------------------


def table_flows(rows: list[list[object]]) -> tuple[list[Flow], list[tuple[int, int]]]:
    """A table with its totals as a circulation: grand total → row total → cell → column total → grand total.

    Returns the flows and, for each, its place in the augmented grid (row n = column totals, column m =
    row totals). Costs as the complaint grid's: a cell 10, a margin 100, the grand total 1000.
    """
    n, m = len(rows), len(rows[0])

    def total(values: list[object]) -> object:
        return sum(values) if all(isinstance(v, int) and not isinstance(v, bool) for v in values) else values[0]

    flows = [Flow("in", "out", total([v for row in rows for v in row]), 1000.0)]  # type: ignore[arg-type]
    places = [(n, m)]
    for i, row in enumerate(rows):
        flows.append(Flow("out", ("r", i), total(row), 100.0))  # type: ignore[arg-type]
        places.append((i, m))
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            flows.append(Flow(("r", i), ("c", j), v))  # type: ignore[arg-type]
            places.append((i, j))
    for j in range(m):
        flows.append(Flow(("c", j), "in", total([row[j] for row in rows]), 100.0))  # type: ignore[arg-type]
        places.append((n, j))
    return flows, places


def suppress_table(table: pd.DataFrame, k: int = suppression.DEFAULT_K) -> SuppressedTable:
    """The table and its totals suppressed by `suppress_flows`, as a SuppressedTable."""
    rows = [[v.item() if hasattr(v, "item") else v for v in row] for row in table.itertuples(index=False)]
    flows, places = table_flows(rows)
    hidden = suppress_flows(flows, k)
    grid = {place: None if i in hidden else flows[i].value for i, place in enumerate(places)}
    n, m = table.shape
    return SuppressedTable(
        k=k,
        row_labels=tuple(str(x) for x in table.index),
        column_labels=tuple(str(x) for x in table.columns),
        cells=tuple(tuple(grid[(i, j)] for j in range(m)) for i in range(n)),
        row_totals=tuple(grid[(i, m)] for i in range(n)),
        column_totals=tuple(grid[(n, j)] for j in range(m)),
        grand_total=grid[(n, m)],
    )


# -- suppression: pinned cases ------------------------------------------------------------------


def test_pinned_complaints_table() -> None:
    table = pd.DataFrame(
        [[0, 1, 0, 0], [3, 5, 2, 4]],
        index=["ทุจริตและประพฤติมิชอบ", "ร้องเรียนทั่วไป"],
        columns=["ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"],
    )
    result = suppress_table(table, k=3)
    assert result.cells == ((0, None, None, 0), (3, None, None, 4))
    assert result.row_totals == (None, None)
    assert result.column_totals == (3, None, None, 4)
    assert result.grand_total == 15
    assert result.to_frame().to_csv() == (
        ",ไตรมาส 1,ไตรมาส 2,ไตรมาส 3,ไตรมาส 4,รวม\nทุจริตและประพฤติมิชอบ,0,–,–,0,–\nร้องเรียนทั่วไป,3,–,–,4,–\nรวม,3,–,–,4,15\n"
    )
    assert result.footnote == "– = ตัวเลข 1–2 และตัวเลขที่อาจใช้คำนวณย้อนกลับได้ ถูกซ่อนเพื่อคุ้มครองผู้ร้องเรียน"
    assert result.hidden_count == 8
    assert_protected(table, result)


def test_nothing_small_hides_nothing() -> None:
    table = pd.DataFrame([[0, 12], [3, 1000]], columns=["a", "b"])
    result = suppress_table(table)
    assert result.cells == ((0, 12), (3, 1000))
    assert result.row_totals == (12, 1003) and result.column_totals == (3, 1012) and result.grand_total == 1015
    assert result.footnote is None and result.hidden_count == 0
    assert result.to_frame().values.tolist() == [["0", "12", "12"], ["3", "1,000", "1,003"], ["3", "1,012", "1,015"]]
    # Thai digits are applied once, at the edge, to the finished text.
    assert in_thai_digits(result.to_frame().values.tolist()[1]) == ["๓", "๑,๐๐๐", "๑,๐๐๓"]


def test_single_small_cell_hides_its_totals_too() -> None:
    result = suppress_table(pd.DataFrame([[1]]), k=3)
    assert result.cells == ((None,),) and result.row_totals == (None,) and result.column_totals == (None,)
    assert result.grand_total is None


def test_k2_and_footnote() -> None:
    result = suppress_table(pd.DataFrame([[1, 5], [5, 5]]), k=2)
    assert result.cells[0][0] is None
    assert suppression_footnote(2).startswith("– = ตัวเลข 1 และ")
    assert_protected(pd.DataFrame([[1, 5], [5, 5]]), result)


@pytest.mark.parametrize("bad", [-1, 1.5, None, True])
def test_bad_counts_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        suppress_flows([Flow("a", "b", bad), Flow("b", "a", bad)])  # type: ignore[arg-type]


# -- suppression: the exact property ------------------------------------------------------------


def published_grid(result: SuppressedTable) -> list[list[int | None]]:
    """The public numbers as an augmented grid: cells, a row-total column, a column-total row."""
    grid = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.column_totals, result.grand_total])
    return grid


def second_completion_exists(values: list[list[int]], public: list[list[int | None]], target: tuple[int, int]) -> bool:
    """Brute force: is there a non-negative completion matching every public number with `target` different?

    Unknowns are the hidden inner cells (0..bound); totals follow from them. Depth-first search with
    the published totals as equalities, checked as soon as a row/column/table is fully assigned.
    """
    n, m = len(values), len(values[0])
    original = [[*row, sum(row)] for row in values]
    original.append([sum(values[i][j] for i in range(n)) for j in range(m)] + [sum(map(sum, values))])
    bound = original[n][m] + 1
    unknowns = [(i, j) for i in range(n) for j in range(m) if public[i][j] is None]
    last_in_row = {i: max((u for u in unknowns if u[0] == i), default=None) for i in range(n)}
    last_in_col = {j: max((u for u in unknowns if u[1] == j), default=None) for j in range(m)}
    last = unknowns[-1] if unknowns else None
    x = [[values[i][j] if public[i][j] is not None else 0 for j in range(m)] for i in range(n)]
    ti, tj = target

    def total_ok(actual: int, published: int | None, is_target: bool, true_value: int) -> bool:
        if published is not None and actual != published:
            return False
        return not (is_target and actual == true_value)

    def check_row(i: int) -> bool:
        return total_ok(sum(x[i]), public[i][m], (ti, tj) == (i, m), original[i][m])

    def check_col(j: int) -> bool:
        return total_ok(sum(x[i][j] for i in range(n)), public[n][j], (ti, tj) == (n, j), original[n][j])

    def check_grand() -> bool:
        return total_ok(sum(map(sum, x)), public[n][m], (ti, tj) == (n, m), original[n][m])

    # Rows/columns/table without any unknown are fixed: check them once.
    if any(last_in_row[i] is None and not check_row(i) for i in range(n)):
        return False
    if any(last_in_col[j] is None and not check_col(j) for j in range(m)):
        return False
    if last is None:
        return check_grand()

    def search(k: int) -> bool:
        i, j = unknowns[k]
        # Values near the truth first: a second completion, if any, is usually one step away.
        start = values[i][j]
        order = sorted(range(bound + 1), key=lambda v: (abs(v - start), v))
        for v in order:
            if (i, j) == target and v == start:
                continue
            x[i][j] = v
            if public[i][m] is not None and sum(x[i][: j + 1]) > public[i][m]:
                continue
            if last_in_row[i] == (i, j) and not check_row(i):
                continue
            if last_in_col[j] == (i, j) and not check_col(j):
                continue
            if (i, j) == last:
                if check_grand():
                    return True
                continue
            if search(k + 1):
                return True
        x[i][j] = 0
        return False

    return search(0)


def assert_protected(table: pd.DataFrame, result: SuppressedTable) -> None:
    """(a) nothing published lies in 1..k−1; (b) every hidden number has a second consistent value."""
    values = [[int(v) for v in row] for row in table.itertuples(index=False)]
    public = published_grid(result)
    for row in public:
        for v in row:
            assert v is None or not (1 <= v <= result.k - 1)
    for i, row in enumerate(public):
        for j, v in enumerate(row):
            if v is None:
                assert second_completion_exists(values, public, (i, j)), f"hidden ({i}, {j}) can be recomputed"


def assert_published_are_true(table: pd.DataFrame, result: SuppressedTable) -> None:
    values = [[int(v) for v in row] for row in table.itertuples(index=False)]
    n, m = len(values), len(values[0])
    grid = published_grid(result)
    true = [[*row, sum(row)] for row in values] + [
        [sum(values[i][j] for i in range(n)) for j in range(m)] + [sum(map(sum, values))]
    ]
    for i in range(n + 1):
        for j in range(m + 1):
            assert grid[i][j] is None or grid[i][j] == true[i][j]


tables = st.integers(1, 4).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: st.lists(st.lists(st.integers(0, 12), min_size=m, max_size=m), min_size=n, max_size=n)
    )
)
# Small counts are what matters: weight the draw towards 0..3.
small_tables = st.integers(1, 4).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: st.lists(
            st.lists(st.one_of(st.integers(0, 3), st.integers(0, 12)), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
)


# The exhaustive search grows exponentially with the hidden cells: it runs on tables up to 3 × 4 with
# small counts; the linear-programming test below covers the larger ones in polynomial time.
exact_tables = st.integers(1, 3).flatmap(
    lambda n: st.integers(1, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.one_of(st.integers(0, 3), st.integers(0, 8)), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=exact_tables, k=st.integers(2, 4))
def test_suppression_is_exactly_safe(rows: list[list[int]], k: int) -> None:
    table = pd.DataFrame(rows)
    result = suppress_table(table, k=k)
    assert_published_are_true(table, result)
    assert_protected(table, result)


@settings(max_examples=150, deadline=None)
@given(rows=st.one_of(tables, small_tables), k=st.integers(2, 4))
def test_suppression_agrees_with_linear_programming(rows: list[list[int]], k: int) -> None:
    """Independent check: each hidden number's min and max over the completion polytope differ.

    The constraint matrix is totally unimodular, so both extremes are integers: two distinct values.
    """
    table = pd.DataFrame(rows)
    result = suppress_table(table, k=k)
    public = published_grid(result)
    n, m = table.shape
    unknowns = [(i, j) for i in range(n) for j in range(m) if public[i][j] is None]
    if not unknowns:
        assert all(v is not None for row in public for v in row)
        return
    index = {u: t for t, u in enumerate(unknowns)}
    a_eq, b_eq = [], []

    def constraint(cells: list[tuple[int, int]], total: int) -> None:
        coefficients = [0.0] * len(unknowns)
        known = 0
        for c in cells:
            if c in index:
                coefficients[index[c]] = 1.0
            else:
                known += public[c[0]][c[1]]
        a_eq.append(coefficients)
        b_eq.append(total - known)

    for i in range(n):
        if public[i][m] is not None:
            constraint([(i, j) for j in range(m)], public[i][m])
    for j in range(m):
        if public[n][j] is not None:
            constraint([(i, j) for i in range(n)], public[n][j])
    if public[n][m] is not None:
        constraint([(i, j) for i in range(n) for j in range(m)], public[n][m])

    targets: list[list[float]] = []
    for i in range(n + 1):
        for j in range(m + 1):
            if public[i][j] is None:
                cells = [(i, j)] if i < n and j < m else (
                    [(i, c) for c in range(m)] if i < n else [(r, j) for r in range(n)] if j < m
                    else [(r, c) for r in range(n) for c in range(m)]
                )  # fmt: skip
                targets.append([1.0 if u in cells else 0.0 for u in unknowns])
    for objective in targets:
        kwargs = {"A_eq": a_eq or None, "b_eq": b_eq or None, "bounds": (0, None), "method": "highs"}
        low = optimize.linprog(objective, **kwargs)
        high = optimize.linprog([-c for c in objective], **kwargs)
        assert low.status == 0
        assert high.status == 3 or (-high.fun) - low.fun >= 1 - 1e-7


def test_modules_have_no_streamlit() -> None:
    for module in (identity, redaction, suppression, public_complaints):
        assert "streamlit" not in Path(str(module.__file__)).read_text(encoding="utf-8")


# -- suppression over linked numbers (suppress_flows) ---------------------------------------------


def test_flows_must_balance_and_be_counts() -> None:
    with pytest.raises(ValueError):
        suppress_flows([Flow("a", "b", 1)])
    with pytest.raises(ValueError):
        suppress_flows([Flow("a", "b", -1), Flow("b", "a", -1)])


def test_flows_of_a_table_hide_the_small_cell_with_a_cycle() -> None:
    """[[1, 5], [5, 5]] as a circulation: total → row → cell → column → total."""
    values = [[1, 5], [5, 5]]
    flows = [Flow("in", "out", 16, 1000.0)]
    flows += [Flow("out", ("r", i), sum(row), 100.0) for i, row in enumerate(values)]
    flows += [Flow(("c", j), "in", values[0][j] + values[1][j], 100.0) for j in range(2)]
    flows += [Flow(("r", i), ("c", j), v) for i, row in enumerate(values) for j, v in enumerate(row)]
    hidden = suppress_flows(flows, k=3)
    cells = {(f.tail[1], f.head[1]) for i, f in enumerate(flows) if i in hidden and f.tail[0] == "r"}
    assert cells == {(0, 0), (0, 1), (1, 0), (1, 1)}  # the four cells: cheaper than any total
    assert not {0, 1, 2, 3, 4} & hidden


# -- the complaint grid every public output reads (kpi.privacy.complaints) ------------------------

outcome = st.one_of(st.integers(0, 3), st.integers(0, 9))
complaint_counts = st.dictionaries(
    st.tuples(st.integers(1, 4), st.sampled_from(public_complaints.TYPES)),
    st.fixed_dictionaries({"completed": outcome, "in_progress": outcome, "other": st.one_of(st.just(0), outcome)}),
    min_size=1,
    max_size=8,
)


def hidden_range(flows: list[Flow], public: list[int | None], e: int) -> tuple[float, float | None]:
    """Least and greatest value of hidden edge e over every non-negative circulation matching the public numbers.

    A circulation's constraint matrix is a network matrix (totally unimodular), so both are integers;
    None as the greatest means unbounded.
    """
    unknowns = [i for i, v in enumerate(public) if v is None]
    column = {u: c for c, u in enumerate(unknowns)}
    nodes = sorted({f.tail for f in flows} | {f.head for f in flows}, key=repr)
    a_eq, b_eq = [], []
    for node in nodes:
        row, known = [0.0] * len(unknowns), 0
        for i, f in enumerate(flows):
            sign = (f.head == node) - (f.tail == node)
            if sign and i in column:
                row[column[i]] += sign
            elif sign:
                known += sign * (public[i] or 0)
        a_eq.append(row)
        b_eq.append(-known)
    objective = [1.0 if u == e else 0.0 for u in unknowns]
    kwargs = {"A_eq": a_eq, "b_eq": b_eq, "bounds": (0, None), "method": "highs"}
    low = optimize.linprog(objective, **kwargs)
    high = optimize.linprog([-c for c in objective], **kwargs)
    assert low.status == 0
    return low.fun, None if high.status == 3 else -high.fun


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=complaint_counts, k=st.integers(2, 4))
def test_complaint_grid_hides_small_counts_so_none_can_be_worked_back(counts: dict, k: int) -> None:
    network = public_complaints.grid_network(counts)
    grid = public_complaints.complaint_grid(counts, 2568, k)
    flows = list(network.flows)
    public = [grid.value(key) for key in network.keys]
    for flow, shown in zip(flows, public, strict=True):
        assert shown is None or shown == flow.value  # what is shown is true
        assert shown is None or not 1 <= shown <= k - 1  # no small count is shown
    for e, shown in enumerate(public):
        if shown is None:
            low, high = hidden_range(flows, public, e)
            assert high is None or high - low >= 1 - 1e-7, f"hidden {network.keys[e]} can be worked back"
