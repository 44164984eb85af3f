"""A small workbook for the dashboard tests (issue 4), built in code, with its figures worked out by hand.

2568 measures (planned quarters · unit):
  1 ประมวลจริยธรรม  1-4 · สำนักปลัด   Q1 in progress 25% · Q2 in progress 50% · Q3 done
  2 เผยแพร่ข้อมูล   2   · กองคลัง     Q2 done
  3 ข้อร้องเรียน    1,3 · สำนักปลัด   Q1 done · Q3 no report
  4 อบรมคุณธรรม     4   · กองช่าง     nothing reported
Indicators 2568 (actual per quarter, year to date):
  1.1 ร้อยละความพึงพอใจ ≥ 80 ร้อยละ        Q1 78 · Q2 85
  1.2 เรื่องทุจริต ลดลง, ค่าฐาน 10 เรื่อง     Q1 4 · Q3 11
  2.1 ประกาศเผยแพร่ ≥ 4 ฉบับ               Q2 2
  3.1 ข้อร้องเรียน ลดลง (no baseline) เรื่อง Q1 2 · Q2 6      (2567: Q1 3 · Q2 5 · Q4 9)
  4.1 ผู้เข้าอบรม ≥ 30 คน                   no data
ITA: 2565 80/82/90 → 84.60 B · 2566 90/80/95 → 89.00 ผ่าน · 2567 96/95/97 → 96.10 ผ่านดีเยี่ยม
     2568 88/86/84 → 85.80 ผ่าน (OIT < 85), indicators 1–10 given, weakest 9 (80.5).
"""

from __future__ import annotations

from typing import Any

from conftest import INDICATOR_HEADER, MEASURE_HEADER, RESULT_HEADER, make_workbook

from kpi.core.dataset import Dataset, dataset_from_blocks
from kpi.core.schema import ITA
from kpi.ingest.upload import prepare_upload

ITA_FULL_HEADER = [c.title for c in ITA.columns]
INDICATORS_2568 = [91.0, 88.5, 90.0, 87.0, 85.5, 86.0, 84.0, 88.0, 80.5, 87.5]


def dash_sheets() -> dict[str, list[list[Any]]]:
    """The sheets of the dashboard test workbook."""
    return {
        "มาตรการ": [
            MEASURE_HEADER,
            [2567, 3, "ข้อร้องเรียนปีก่อน", "มาตรการ", "", "1-4", "สำนักปลัด", "", ""],
            [2568, 1, "ส่งเสริมประมวลจริยธรรม", "มาตรการ", "ประชุมชี้แจง", "1-4", "สำนักปลัด", "บุคลากรรับทราบ", "ไม่มีการร้องเรียน"],
            [2568, 2, "เผยแพร่ข้อมูลสาธารณะ", "กิจกรรม", "ประกาศบนเว็บไซต์", "2", "กองคลัง", "ประกาศ 4 ฉบับ", ""],
            [2568, 3, "จัดการข้อร้องเรียน", "มาตรการ", "", "1,3", "สำนักปลัด", "", ""],
            [2568, 4, "อบรมคุณธรรม", "โครงการ", "", "4", "กองช่าง", "", ""],
        ],
        "ตัวชี้วัด": [
            INDICATOR_HEADER,
            [2567, 3, 1, "จำนวนข้อร้องเรียน", "เรื่อง", "ลดลง", None, None],
            [2568, 1, 1, "ร้อยละความพึงพอใจ", "ร้อยละ", "≥", 80, None],
            [2568, 1, 2, "จำนวนเรื่องทุจริต", "เรื่อง", "ลดลงจากปีก่อน", None, 10],
            [2568, 2, 1, "จำนวนประกาศเผยแพร่", "ฉบับ", "≥", 4, None],
            [2568, 3, 1, "จำนวนข้อร้องเรียน", "เรื่อง", "ลดลง", None, None],
            [2568, 4, 1, "จำนวนผู้เข้าอบรม", "คน", "≥", 30, None],
        ],
        "ผลรายไตรมาส": [
            RESULT_HEADER,
            [2567, 1, 3, "กำลังดำเนินการ", 25, 1, 3, None, None, None],
            [2567, 2, 3, "กำลังดำเนินการ", 50, 1, 5, None, None, None],
            [2567, 4, 3, "เสร็จสิ้น", 100, 1, 9, None, None, None],
            [2568, 1, 1, "กำลังดำเนินการ", 25, 1, 78, "https://example.go.th/q1", "15/01/2568", "ประชุมครั้งที่ 1"],
            [2568, 1, 1, "กำลังดำเนินการ", 25, 2, 4, None, None, None],
            [2568, 2, 1, "กำลังดำเนินการ", 50, 1, 85, "https://example.go.th/q2", "10/04/2568", "สำรวจแล้ว"],
            [2568, 3, 1, "เสร็จสิ้น", 100, 2, 11, None, None, None],
            [2568, 2, 2, "เสร็จสิ้น", 100, 1, 2, "https://example.go.th/p2", None, None],
            [2568, 1, 3, "เสร็จสิ้น", 100, 1, 2, None, None, None],
            [2568, 2, 3, "กำลังดำเนินการ", 50, 1, 6, None, None, "นอกแผน"],
        ],
        "คะแนน ITA": [
            ITA_FULL_HEADER,
            [2565, 80, 82, 90, None, *([None] * 10)],
            [2566, 90, 80, 95, None, *([None] * 10)],
            [2567, 96, 95, 97, None, *([None] * 10)],
            [2568, 88, 86, 84, None, *INDICATORS_2568],
        ],
    }


def dash_workbook() -> bytes:
    """The dashboard test workbook as .xlsx bytes."""
    return make_workbook(dash_sheets())


def dash_dataset() -> Dataset:
    """The test workbook validated through the upload path, as a Dataset (no store)."""
    plan = prepare_upload(dash_workbook(), "dash.xlsx", dataset_from_blocks([]))
    assert plan.ok, [p.message for p in plan.errors]
    return dataset_from_blocks(plan.changes)
