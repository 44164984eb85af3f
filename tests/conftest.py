"""Fixtures built in code: workbooks good and bad, and a store per test."""

from __future__ import annotations

import importlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpi.store.database import Store  # noqa: E402

MEASURE_HEADER = [
    "ปีงบประมาณ", "ลำดับ", "ชื่อมาตรการ", "ประเภท", "ขั้นตอนหรือวิธีการปฏิบัติ",
    "ไตรมาสที่วางแผน", "ผู้รับผิดชอบ", "ผลการดำเนินการ (output)", "ผลลัพธ์ (outcome)",
]  # fmt: skip
INDICATOR_HEADER = ["ปีงบประมาณ", "ลำดับมาตรการ", "ลำดับตัวชี้วัด", "ชื่อตัวชี้วัด", "หน่วย", "เงื่อนไข", "ค่าเป้าหมาย", "ค่าฐาน"]
RESULT_HEADER = [
    "ปีงบประมาณ", "ไตรมาส", "ลำดับมาตรการ", "สถานะ", "ร้อยละความคืบหน้า",
    "ลำดับตัวชี้วัด", "ค่าที่วัดได้", "ลิงก์หลักฐาน", "วันที่รายงาน", "หมายเหตุ",
]  # fmt: skip
COMPLAINT_HEADER = ["ปีงบประมาณ", "ไตรมาส", "ประเภท", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ตอบภายใน 15 วัน"]
ITA_HEADER = ["ปีงบประมาณ", "IIT", "EIT", "OIT", "คะแนนรวม"]


def make_workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An .xlsx with the given sheets (first row of each list is the header)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def small_measures(year: int = 2568, count: int = 3) -> list[list[Any]]:
    rows: list[list[Any]] = [MEASURE_HEADER]
    for n in range(1, count + 1):
        rows.append([year, n, f"มาตรการทดสอบที่ {n}", "มาตรการ", "ขั้นตอน", "1-4", "สำนักปลัด", "ผลผลิต", "ผลลัพธ์"])
    return rows


@pytest.fixture()
def good_workbook() -> bytes:
    return make_workbook(
        {
            "มาตรการ": small_measures(),
            "ตัวชี้วัด": [INDICATOR_HEADER, [2568, 1, 1, "ร้อยละความพึงพอใจ", "ร้อยละ", "≥", 80, None]],
            "ผลรายไตรมาส": [
                RESULT_HEADER,
                [2568, 1, 1, "กำลังดำเนินการ", 50, 1, 78, "https://example.go.th/e1", "15/01/2568", ""],
                [2568, 2, 1, "เสร็จสิ้น", 100, 1, "๘๕", None, None, None],
            ],
            "คะแนน ITA": [ITA_HEADER, [2568, 90, 88, 95, None]],
            "เรื่องร้องเรียน": [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", 4, 3, 1, 4]],
        }
    )


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    return Store(url)


@pytest.fixture()
def workbook_factory() -> Callable[[dict[str, list[list[Any]]]], bytes]:
    return make_workbook


def in_ci() -> bool:
    """True when CI=true: there a missing test dependency fails, it is never skipped."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(module: str) -> ModuleType:
    """Import an optional test dependency: skipped on a laptop without it, a failure under CI=true.

    Use this, never pytest.importorskip (which skips silently in CI too; a house-rules test checks)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if in_ci():
            raise
        pytest.skip(f"{module} is not installed")


def unless_ci(condition: bool) -> bool:
    """A skipif condition that never holds under CI=true, so CI runs (and fails) what a laptop may skip."""
    return condition and not in_ci()


POSTGRES_URL = os.environ.get("KPI_TEST_POSTGRES_URL", "")


def drop_store_tables(engine: Engine) -> None:
    """Every table of the store, and the roll-up view that depends on them, dropped."""
    from kpi.store.migrate import drop_tables

    drop_tables(engine)


@pytest.fixture()
def pg_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """An empty store on the PostgreSQL server named in KPI_TEST_POSTGRES_URL (required when CI=true)."""
    if not POSTGRES_URL:
        if in_ci():
            pytest.fail("CI=true but KPI_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set KPI_TEST_POSTGRES_URL)")
    monkeypatch.setenv("KPI_DATABASE_URL", POSTGRES_URL)
    monkeypatch.setenv("KPI_BACKUP_DIR", str(tmp_path / "pg-backups"))  # automatic backups stay in the test's folder
    drop_store_tables(create_engine(POSTGRES_URL))
    store = Store(POSTGRES_URL)
    yield store
    drop_store_tables(store.engine)
    store.engine.dispose()
