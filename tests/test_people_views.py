"""Satisfaction and complaints page models, and the public complaint tables (hand calculations, properties)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi.core.dataset import Block, dataset_from_blocks, frame_from_records
from kpi.core.schema import COMPLAINTS
from kpi.screens.complaints import build_complaints_view, public_complaint_tables
from kpi.screens.satisfaction import build_satisfaction_view, org_size_label, org_size_options


def _survey(*rows: dict) -> object:
    return dataset_from_blocks([Block("satisfaction", 2568, tuple({"fiscal_year": 2568, **r} for r in rows))])


HAND = {"quarter": 1, "service": "งานทะเบียน", "n5": 10, "n4": 20, "n3": 5, "n2": 0, "n1": 0}


def test_hand_calculation_counts_10_20_5() -> None:
    view = build_satisfaction_view(_survey(HAND), 2568, "mean_pct", 80.0)
    row = view.year_table.iloc[0].to_dict()
    assert row == {
        "บริการหรือหน่วยงาน": "งานทะเบียน",
        "ร้อยละ (เทียบเป้า)": "82.86",
        "ผล": "ผ่านเป้าหมาย",
        "ผู้ตอบ": "35 คน",
        "ค่าเฉลี่ย": "4.14",
        "ระดับ": "มาก",
        "เฉลี่ย÷5×100": "82.86",
        "ระดับ 4–5 (%)": "85.71",
        "วิธีคิด": "ค่าเฉลี่ย ÷ 5 × 100",
        "ข้อมูลที่กรอก": "คำนวณจากจำนวนผู้ตอบแต่ละระดับ",
    }
    assert view.headline.value == "82.86%"
    assert view.quarter_table.iloc[0]["ไตรมาส 1 (ต.ค.–ธ.ค. 67)"] == "82.86 · 35 คน"
    assert view.quarter_table.iloc[0]["ไตรมาส 2 (ม.ค.–มี.ค. 68)"] == "ไม่มีข้อมูล"
    top2 = build_satisfaction_view(_survey(HAND), 2568, "top2", 80.0)
    assert top2.headline.value == "85.71%"
    assert top2.year_table.iloc[0]["วิธีคิด"] == "ร้อยละผู้ตอบระดับ 4–5 (top-two-box)"
    strict = build_satisfaction_view(_survey(HAND), 2568, "mean_pct", 85.0)
    assert strict.year_table.iloc[0]["ผล"] == "ต่ำกว่าเป้าหมาย" and strict.headline.tone == "bad"


def test_sample_below_the_eit_minimum_is_warned_and_marked() -> None:
    view = build_satisfaction_view(_survey(HAND), 2568, "mean_pct", 80.0, ("sao", "L"))
    assert view.minimum == 50
    assert view.warnings == (
        "ทั้งปี: จำนวนผู้ตอบ 35 คน น้อยกว่าขั้นต่ำ 50 คน ของอบต. ขนาดใหญ่ (เกณฑ์ EIT ปี 2568)",
        "ไตรมาส 1 (ต.ค.–ธ.ค. 67): จำนวนผู้ตอบ 35 คน น้อยกว่าขั้นต่ำ 50 คน ของอบต. ขนาดใหญ่ (เกณฑ์ EIT ปี 2568)",
    )
    assert view.year_table.iloc[-1]["ผู้ตอบ"] == "35 คน ⚠️"
    ok = build_satisfaction_view(_survey(HAND), 2568, "mean_pct", 80.0, ("sao", "S"))
    assert ok.warnings == ()
    assert org_size_label(("sao", "M")) == "อบต. ขนาดกลาง (ขั้นต่ำ 40 คน)"
    assert len(org_size_options()) == 5


def test_mean_only_and_percent_only_rows_say_what_was_given() -> None:
    view = build_satisfaction_view(
        _survey({"service": "ก", "mean": 4.56, "sample_size": 60}, {"service": "ข", "percent": 76.67}),
        2568,
        "top2",
        80.0,
    )
    rows = {r["บริการหรือหน่วยงาน"]: r for r in view.year_table.to_dict("records")}
    assert rows["ก"]["ร้อยละ (เทียบเป้า)"] == "91.20"
    assert rows["ก"]["ข้อมูลที่กรอก"] == "กรอกเป็นค่าเฉลี่ย"
    assert rows["ก"]["ระดับ 4–5 (%)"] == "–"
    assert rows["ข"]["ข้อมูลที่กรอก"] == "กรอกเป็นร้อยละ"
    assert rows["ข"]["ผู้ตอบ"] == "ไม่ทราบจำนวน"
    assert rows["ข"]["ระดับ"] == "–"


def test_no_survey_is_no_data_not_zero() -> None:
    view = build_satisfaction_view(dataset_from_blocks([]), 2568, "mean_pct", 80.0)
    assert not view.has_data
    assert view.headline.value == "–" and view.headline.tone == "none"


def _complaints(rows: list[tuple]) -> pd.DataFrame:
    keys = ("fiscal_year", "quarter", "type", "received", "completed", "in_progress", "within_15_days")
    return frame_from_records(COMPLAINTS, [dict(zip(keys, r, strict=True)) for r in rows])


def test_internal_view_sets_each_figure_beside_last_year() -> None:
    df = _complaints([
        (2567, 1, "corruption", 1, 1, 0, 1), (2568, 1, "corruption", 0, 0, 0, 0),
        (2567, 1, "general", 5, 5, 0, 5), (2568, 1, "general", 3, 2, 1, 2),
    ])  # fmt: skip
    view = build_complaints_view(df, 2568)
    corruption = view.type_tables[0][2].iloc[0].to_dict()
    assert view.type_tables[0][1] == "ทุจริตและประพฤติมิชอบ"
    assert corruption["รับเรื่อง"] == "ไม่มีเรื่องร้องเรียน (ปีก่อน 1 เรื่อง)"
    assert corruption["เทียบปีก่อน"] == "ลดลง"
    general = view.type_tables[1][2].iloc[0].to_dict()
    assert general["รับเรื่อง"] == "3 เรื่อง (ปีก่อน 5 เรื่อง)"
    assert general["ดำเนินการแล้วเสร็จ"] == "2 (ปีก่อน 5)"
    assert general["อยู่ระหว่างดำเนินการ"] == "1 (ปีก่อน 0)"
    assert general["ตอบภายใน 15 วัน"] == "66.67% (ปีก่อน 100%)"
    q2 = view.type_tables[1][2].iloc[1].to_dict()
    assert q2["รับเรื่อง"] == "ไม่มีข้อมูล (ปีก่อน ไม่มีข้อมูล)"
    half = view.period_table.iloc[1].to_dict()
    assert half["รอบ"] == "รอบ 6 เดือน" and half["ประเภท"] == "ร้องเรียนทั่วไป"
    assert half["หมายเหตุ"] == "ยังไม่มีข้อมูลไตรมาส 2 · ปีก่อนไม่มีข้อมูลไตรมาส 2"
    assert view.headline[0] == ("ทุจริตและประพฤติมิชอบ", "ไม่มีเรื่องร้องเรียน", "ปีก่อน 1 เรื่อง · ไม่มีข้อมูลเปรียบเทียบ")


def test_public_tables_pinned_small_case() -> None:
    df = _complaints([
        (2568, 1, "general", 5, 4, 1, 5), (2568, 2, "general", 3, 3, 0, 3),
        (2568, 1, "corruption", 0, 0, 0, 0), (2568, 2, "corruption", 0, 0, 0, 0),
    ])  # fmt: skip
    published = public_complaint_tables(df, 2568, "half", k=3)
    corruption, general = published.tables
    assert corruption.none and corruption.to_frame().to_dict("list") == {
        "ไตรมาส": ["ไตรมาส 1 (ต.ค.–ธ.ค. 67)", "ไตรมาส 2 (ม.ค.–มี.ค. 68)", "รวม"],
        "ดำเนินการแล้วเสร็จ": ["0", "0", "0"],
        "อยู่ระหว่างดำเนินการ": ["0", "0", "0"],
        "รับเรื่อง (รวม)": ["ไม่มีเรื่องร้องเรียน", "ไม่มีเรื่องร้องเรียน", "ไม่มีเรื่องร้องเรียน"],
    }
    frame = general.to_frame()
    assert frame["อยู่ระหว่างดำเนินการ"].tolist()[0] == "–"  # the 1 is hidden
    assert "1" not in frame.drop(columns="ไตรมาส").to_numpy().ravel().tolist()
    assert published.footnote == "– = ตัวเลข 1–2 และตัวเลขที่อาจใช้คำนวณย้อนกลับได้ ถูกซ่อนเพื่อคุ้มครองผู้ร้องเรียน"
    assert "ตอบภายใน 15 วัน" not in frame.columns
    missing = public_complaint_tables(df, 2568, "year", k=3)
    assert missing.tables[1].missing_quarters == (3, 4)


counts = st.integers(min_value=0, max_value=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(counts, counts, counts), min_size=4, max_size=4), st.integers(min_value=2, max_value=5))
def test_no_published_number_is_between_1_and_k_minus_1(cells: list[tuple[int, int, int]], k: int) -> None:
    rows = []
    for quarter, (done, open_, other) in enumerate(cells, start=1):
        received = done + open_ + other
        rows.append((2568, quarter, "general", received, done, open_, received))
        rows.append((2568, quarter, "corruption", open_, 0, open_, None))
    published = public_complaint_tables(_complaints(rows), 2568, "year", k=k)
    for table in published.tables:
        assert table.table is not None
        shown = [
            *(v for row in table.table.cells for v in row), *table.table.row_totals,
            *table.table.column_totals, table.table.grand_total,
        ]  # fmt: skip
        assert all(v is None or v == 0 or v >= k for v in shown)
        # a hidden cell never stands alone in its row or column of the published grid
        grid = [[*row, total] for row, total in zip(table.table.cells, table.table.row_totals, strict=True)]
        grid.append([*table.table.column_totals, table.table.grand_total])
        for line in (*grid, *zip(*grid, strict=True)):
            assert sum(v is None for v in line) != 1
