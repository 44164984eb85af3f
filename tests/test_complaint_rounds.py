"""Complaint statistics as agencies publish them: 6- and 12-month rounds, received only, configured categories and channels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from actors import ADMIN
from conftest import make_workbook
from streamlit.testing.v1 import AppTest

from kpi.core.dataset import frame_from_records
from kpi.core.rounds import parse_round
from kpi.core.schema import COMPLAINTS
from kpi.domain.complaints import (
    categories_of,
    complaint_figures,
    complaint_periods,
    complaint_quarters,
    outcome_counts,
    year_totals,
)
from kpi.ingest.sheets import validate_sheet
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.privacy.complaints import complaint_grid, public_quarter_table
from kpi.screens.complaints import build_complaints_view, public_complaint_tables
from kpi.store.database import Store

HEADER = ["ปีงบประมาณ", "ไตรมาส", "ประเภท", "ช่องทาง", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"]
SHEET = "เรื่องร้องเรียน"
THREE = "ทุจริตและประพฤติมิชอบ,ร้องเรียนทั่วไป,ร้องทุกข์ด้านสาธารณูปโภค"


def _validate(rows: list[list[Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    records, _, problems = validate_sheet(COMPLAINTS, SHEET, [HEADER, *rows])
    return records, [p for p in problems if p.severity == "error"]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return frame_from_records(COMPLAINTS, rows)


def _row(year: int, quarter: int, kind: str, received: int, done: int | None = None, open_: int | None = None,
         to: int | None = None, channel: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"fiscal_year": year, "quarter": quarter, "quarter_to": to, "type": kind, "channel": channel,
            "received": received, "completed": done, "in_progress": open_}  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "span"),
    [
        (3, (3, 3)), ("ไตรมาส 2", (2, 2)), ("1-2", (1, 2)), ("รอบ 6 เดือน", (1, 2)), ("ต.ค.–มี.ค.", (1, 2)),
        ("ต.ค. 67 - มี.ค. 68", (1, 2)), ("๑-๔", (1, 4)), ("ทั้งปี", (1, 4)), ("รอบ 12 เดือน", (1, 4)),
        ("ตุลาคม - กันยายน", (1, 4)), ("1,3", None), ("2-3", None), ("5", None), ("ม.ค.–ก.ย.", None), ("x" * 500, None),
    ],
)  # fmt: skip
def test_parse_round(cell: Any, span: tuple[int, int] | None) -> None:
    assert parse_round(cell) == span


def test_upload_stores_a_round_as_first_quarter_to_last() -> None:
    records, problems = _validate(
        [[2568, "รอบ 6 เดือน", "ร้องเรียนทั่วไป", None, 5, None, None], [2568, "ไตรมาส 3", "ร้องเรียนทั่วไป", None, 2, 2, 0]]
    )
    assert problems == []
    assert [(r["quarter"], r["quarter_to"], r["completed"]) for r in records] == [(1, 2, None), (3, None, 2)]


def test_a_period_that_is_no_round_is_a_thai_problem() -> None:
    _, problems = _validate([[2568, "1,3", "ทั่วไป", None, 1, 1, 0]])
    assert [(p.code, p.row, p.column) for p in problems] == [("bad_period", 2, "ไตรมาส")]
    assert "รอบ 6 เดือน" in problems[0].message


def test_a_quarter_and_a_round_over_it_are_refused_not_counted_twice() -> None:
    _, problems = _validate(
        [
            [2568, 1, "ร้องเรียนทั่วไป", None, 3, 3, 0],
            [2568, "1-2", "ร้องเรียนทั่วไป", None, 5, 5, 0],  # holds quarter 1 again
            [2568, "1-2", "ทุจริต", None, 1, 1, 0],  # another type: fine
        ]
    )
    assert [(p.code, p.row) for p in problems] == [("complaint_overlap", 3)]
    assert "แถว 2" in problems[0].message
    # Channels add up; a channel and the type's total without a channel do not.
    _, by_channel = _validate(
        [[2568, 1, "ทั่วไป", "โทรศัพท์", 3, None, None], [2568, "1-2", "ทั่วไป", "เว็บไซต์", 2, None, None]]
    )
    assert by_channel == []
    _, mixed = _validate([[2568, 1, "ทั่วไป", "โทรศัพท์", 3, None, None], [2568, 1, "ทั่วไป", None, 3, None, None]])
    assert [p.code for p in mixed] == ["complaint_overlap"]


def test_received_only_is_accepted_and_a_sum_over_received_still_refused() -> None:
    _, ok = _validate([[2568, 1, "ทั่วไป", None, 4, None, None], [2568, 2, "ทั่วไป", None, 4, 3, None]])
    assert ok == []
    _, bad = _validate([[2568, 1, "ทั่วไป", None, 4, 3, 2]])
    assert [p.code for p in bad] == ["complaint_sum"]


def test_unknown_category_names_the_configured_ones_and_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    _, problems = _validate([[2568, 1, "ร้องทุกข์ด้านสาธารณูปโภค", None, 1, 1, 0]])
    assert [(p.code, p.column) for p in problems] == [("bad_category", "ประเภท")]
    assert "ทุจริตและประพฤติมิชอบ / ร้องเรียนทั่วไป" in problems[0].message
    assert "KPI_COMPLAINT_CATEGORIES" in problems[0].message
    monkeypatch.setenv("KPI_COMPLAINT_CATEGORIES", THREE)
    records, problems = _validate([[2568, 1, "ร้องทุกข์ด้านสาธารณูปโภค", "ไลน์", 1, 1, 0]])
    assert [p.code for p in problems] == ["bad_category"] and "KPI_COMPLAINT_CHANNELS" in problems[0].message
    records, problems = _validate([[2568, 1, "ร้องทุกข์ด้านสาธารณูปโภค", "LINE", 1, 1, 0], [2568, 1, "ทุจริต", None, 0, 0, 0]])
    assert problems == []
    assert [r["type"] for r in records] == ["ร้องทุกข์ด้านสาธารณูปโภค", "corruption"]  # the original codes stay


ROUNDS = [
    _row(2567, 1, "general", 4, 4, 0), _row(2567, 2, "general", 3, 3, 0),
    _row(2567, 3, "general", 5, 5, 0), _row(2567, 4, "general", 2, 2, 0),
    _row(2568, 1, "general", 6, 5, 1, to=2),  # the 6-month round as published
    _row(2568, 3, "general", 3), _row(2568, 4, "general", 1, 1, 0),  # Q3 received only
    _row(2568, 1, "corruption", 2, 2, 0, to=4),  # the 12-month round only
]  # fmt: skip


def test_a_round_is_never_split_into_quarters_but_counts_in_the_half_and_the_year() -> None:
    df = _frame(ROUNDS)
    quarters = {(c.quarter, c.type): c for c in complaint_quarters(df, 2568)}
    q1 = quarters[(1, "general")]
    assert q1.received is None and q1.in_round == "รอบ 6 เดือน" and q1.prev_received == 4
    assert quarters[(4, "corruption")].received is None and quarters[(4, "corruption")].in_round == "รอบ 12 เดือน"
    periods = {(p.period, p.type): p for p in complaint_periods(df, 2568)}
    half = periods[("half", "general")]
    assert (half.received, half.current.completed, half.missing_quarters, half.decrease) == (6, 5, (), "met")
    year = periods[("year", "general")]
    assert year.received == 10 and year.current.completed is None  # Q3 gave received only: the sum is unknown
    assert periods[("half", "corruption")].received is None  # a year round says nothing about the half
    assert periods[("half", "corruption")].missing_quarters == (1, 2)
    assert periods[("year", "corruption")].received == 2 and periods[("year", "corruption")].complete
    assert year_totals(df, 2568).total.received == 12


def test_figures_for_the_lead() -> None:
    figures = complaint_figures(_frame(ROUNDS), 2568)
    assert figures["quarters"] == {
        1: {"received": None, "completed": None, "in_progress": None},
        2: {"received": None, "completed": None, "in_progress": None},
        3: {"received": None, "completed": None, "in_progress": None},  # corruption's year round covers it
        4: {"received": None, "completed": None, "in_progress": None},
    }
    assert figures["year"] == {"received": 12, "completed": None, "in_progress": None}
    general = complaint_figures(_frame(ROUNDS), 2568, "general")
    assert general["quarters"][3] == {"received": 3, "completed": None, "in_progress": None}
    assert general["quarters"][4] == {"received": 1, "completed": 1, "in_progress": 0}
    assert general["year"] == {"received": 10, "completed": None, "in_progress": None}


def test_overlap_stored_anyway_counts_the_quarters_once() -> None:
    df = _frame(
        [_row(2568, 1, "general", 3, 3, 0), _row(2568, 1, "general", 5, 5, 0, to=2), _row(2568, 2, "general", 2, 2, 0)]
    )
    assert year_totals(df, 2568).general.received == 5  # quarter rows win; the overlapping round is left out
    assert complaint_figures(df, 2568, "general")["quarters"][1]["received"] == 3


def test_received_only_shows_unspecified_not_zero() -> None:
    view = build_complaints_view(_frame(ROUNDS), 2568)
    general = dict((kind, table) for kind, _, table in view.type_tables)["general"].to_dict("records")
    assert general[0]["รับเรื่อง"] == "รวมอยู่ในรอบ 6 เดือน (ปีก่อน 4 เรื่อง)"
    assert general[2]["ดำเนินการแล้วเสร็จ"] == "ไม่ระบุ (ปีก่อน 5)"
    assert general[3]["ดำเนินการแล้วเสร็จ"] == "1 (ปีก่อน 2)"
    public = public_complaint_tables(_frame([_row(2568, q, "general", 5) for q in (1, 2)]), 2568, "half", 3)
    frame = public.tables[1].to_frame()
    assert list(frame["ดำเนินการแล้วเสร็จ"]) == ["ไม่ระบุ"] * 3
    assert list(frame["ไม่ระบุผล (ประกาศเฉพาะจำนวนที่รับเรื่อง)"]) == ["5", "5", "10"]


def test_old_codes_still_load_when_the_setting_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_COMPLAINT_CATEGORIES", "เรื่องร้องทุกข์,เรื่องทุจริต")
    df = _frame([_row(2568, 1, "corruption", 2, 2, 0), _row(2568, 1, "เรื่องร้องทุกข์", 4, 4, 0)])
    assert categories_of(df) == ("เรื่องร้องทุกข์", "เรื่องทุจริต", "corruption")
    view = build_complaints_view(df, 2568)
    assert [label for _, label, _ in view.type_tables] == ["เรื่องร้องทุกข์", "เรื่องทุจริต", "ทุจริตและประพฤติมิชอบ"]
    assert [h[:2] for h in view.headline] == [
        ("เรื่องร้องทุกข์", "4 เรื่อง"), ("เรื่องทุจริต", "ไม่มีข้อมูล"),
        ("ทุจริตและประพฤติมิชอบ", "2 เรื่อง"), ("รวมทุกประเภท", "6 เรื่อง"),
    ]  # fmt: skip


def test_public_suppression_with_three_categories(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_COMPLAINT_CATEGORIES", THREE)
    third = "ร้องทุกข์ด้านสาธารณูปโภค"
    rows = [_row(2568, q, kind, n, n, 0) for q in (1, 2) for kind, n in (("corruption", 1), ("general", 6), (third, 5))]
    grid = complaint_grid(outcome_counts(_frame(rows), 2568), 2568, 3)
    quarters, table = public_quarter_table(grid, lambda q: f"ไตรมาส {q}")
    assert quarters == (1, 2) and table is not None
    assert table.column_labels == ("ทุจริตและประพฤติมิชอบ", "ร้องเรียนทั่วไป", third)
    shown = [v for row in table.cells for v in row] + [*table.row_totals, *table.column_totals, table.grand_total]
    assert not any(v is not None and 1 <= v <= 2 for v in shown)
    assert [row[0] for row in table.cells] == [None, None] and table.column_totals[0] is None  # 1 + 1 = 2 hidden too
    # With one cell of a row hidden, its row total would give it back: another cell of the row is hidden too.
    for row, total in zip(table.cells, table.row_totals, strict=True):
        assert total is None or sum(v is None for v in row) != 1
    tables = public_complaint_tables(_frame(rows), 2568, "year", 3).tables
    assert [t.type_label for t in tables] == ["ทุจริตและประพฤติมิชอบ", "ร้องเรียนทั่วไป", third]


def test_page_shows_rounds_received_only_channels_and_three_categories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("KPI_COMPLAINT_CATEGORIES", THREE)
    workbook = make_workbook(
        {
            SHEET: [
                HEADER,
                [2568, "รอบ 6 เดือน", "ร้องเรียนทั่วไป", "โทรศัพท์", 6, 5, 1],
                [2568, 3, "ร้องเรียนทั่วไป", "เว็บไซต์", 3, None, None],
                [2568, "ทั้งปี", "ร้องทุกข์ด้านสาธารณูปโภค", None, 4, 4, 0],
                [2568, 1, "corruption", None, 0, 0, 0],
            ]
        }
    )
    store = Store(url)
    plan = prepare_upload(workbook, "complaints.xlsx", store.dataset())
    assert plan.ok, [p.message for p in plan.errors]
    commit_upload(store, plan, actor=ADMIN)
    app = AppTest.from_file("../app.py", default_timeout=60).run()
    app.switch_page("views/complaints.py").run()
    app.selectbox(key="year").select(2568).run()
    assert not app.exception
    assert [s.value for s in app.subheader][:3] == [
        "ทุจริตและประพฤติมิชอบ · รอบ 12 เดือน", "ร้องเรียนทั่วไป · รอบ 12 เดือน", "ร้องทุกข์ด้านสาธารณูปโภค · รอบ 12 เดือน",
    ]  # fmt: skip
    app.toggle(key="complaints_public").set_value(False).run()
    assert not app.exception
    tables = " ".join(str(df.value.to_dict()) for df in app.dataframe)
    assert "รวมอยู่ในรอบ 6 เดือน" in tables and "รวมอยู่ในรอบ 12 เดือน" in tables
    assert "ไม่ระบุ" in tables
    assert "'ช่องทาง': {0: 'โทรศัพท์', 1: 'เว็บไซต์'}" in tables
    assert len(app.get("plotly_chart")) == 3
    assert "แยกตามช่องทาง" in [s.value for s in app.subheader]


def test_public_round_is_one_row_and_small_counts_stay_hidden() -> None:
    rows = [
        _row(2568, 1, "general", 2, 2, 0, to=2),
        _row(2568, 3, "general", 5, 5, 0),
        _row(2568, 4, "general", 6, 6, 0),
    ]
    half = public_complaint_tables(_frame(rows), 2568, "half", 3).tables[1]
    assert half.rounds == ((1, 2),) and half.missing_quarters == ()
    assert half.table is not None and half.table.row_labels == ("รอบ 6 เดือน (ไตรมาส 1–2)",)
    year = public_complaint_tables(_frame(rows), 2568, "year", 3).tables[1]
    assert year.table is not None
    assert year.table.row_labels == ("รอบ 6 เดือน (ไตรมาส 1–2)", "ไตรมาส 3 (เม.ย.–มิ.ย. 68)", "ไตรมาส 4 (ก.ค.–ก.ย. 68)")
    assert year.table.row_totals[0] is None  # 2 complaints in the round: hidden
    # ... and not given back by the year's total less the quarters shown.
    shown_rows = [v for v in year.table.row_totals if v is not None]
    assert year.table.grand_total is None or len(shown_rows) < 2
    every = [v for row in year.table.cells for v in row] + [*year.table.row_totals, *year.table.column_totals]
    assert not any(v is not None and 1 <= v <= 2 for v in every)


def test_public_year_round_with_another_channels_quarter_is_published_once() -> None:
    rows = [
        _row(2568, 1, "general", 4, 4, 0, to=4, channel="โทรศัพท์"),
        _row(2568, 2, "general", 5, 5, 0, channel="LINE"),
    ]
    table = public_complaint_tables(_frame(rows), 2568, "year", 1).tables[1]
    assert table.table is not None and table.table.row_labels == ("รอบ 12 เดือน (ไตรมาส 1–4)",)
    assert table.table.row_totals == (9,) and table.table.grand_total == 9


def test_deck_and_overview_do_not_break_on_rounds_received_only_and_new_categories(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime as dt

    from kpi.core.dataset import Dataset
    from kpi.core.schema import SHEETS_BY_KEY
    from kpi.exports.deck import build_deck
    from kpi.exports.to_pdf import deck_to_pdf
    from kpi.exports.to_pptx import deck_to_pptx
    from kpi.screens.overview import build_overview

    monkeypatch.setenv("KPI_COMPLAINT_CATEGORIES", THREE)
    frames = {key: frame_from_records(spec, []) for key, spec in SHEETS_BY_KEY.items()}
    frames["complaints"] = _frame(
        [*ROUNDS, _row(2568, 3, "ร้องทุกข์ด้านสาธารณูปโภค", 7), _row(2568, 4, "ร้องทุกข์ด้านสาธารณูปโภค", 0)]
    )
    dataset = Dataset(frames=frames)
    overview = build_overview(dataset, 2568, 4)
    assert overview.complaints.total.received == 19
    deck = build_deck(dataset, 2568, 4, today=dt.date(2025, 10, 1))
    assert deck.slide("complaints").title
    assert deck_to_pptx(deck)[:2] == b"PK" and deck_to_pdf(deck)[:4] == b"%PDF"


def test_a_round_in_two_columns_must_be_a_published_one_and_agree() -> None:
    header = ["ปีงบประมาณ", "ไตรมาส", "ถึงไตรมาส", "ประเภท", "รับเรื่อง"]
    rows = [
        [2568, 1, 2, "ทั่วไป", 3],
        [2568, 2, 4, "ทุจริต", 1],
        [2568, "1-2", 4, "ทุจริต", 1],
        [2569, 3, 3, "ทั่วไป", 1],
    ]
    records, _, problems = validate_sheet(COMPLAINTS, SHEET, [header, *rows])
    assert [(p.code, p.row, p.column) for p in problems if p.severity == "error"] == [
        ("complaint_round_conflict", 4, "ถึงไตรมาส"),
        ("complaint_round", 3, "ไตรมาส"),
    ]
    assert "รอบ 6 เดือน (ไตรมาส 1-2)" in problems[-1].message
    assert (records[0]["quarter"], records[0]["quarter_to"]) == (1, 2)
    assert (records[3]["quarter"], records[3]["quarter_to"]) == (3, None)  # 'ไตรมาส 3 ถึงไตรมาส 3' is quarter 3
