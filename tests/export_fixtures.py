"""A small but complete dataset built in code, for the deck and export tests."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from kpi.core.dataset import Dataset, VersionInfo, dataset_from_blocks, frame_from_records
from kpi.core.schema import SHEETS_BY_KEY

VERSION = VersionInfo(
    number=7,
    created_at="2025-01-20T03:05:00+00:00",
    kind="upload",
    filename="ita_2568.xlsx",
    sha256="0" * 64,
    summary="",
)
TODAY = dt.date(2025, 2, 3)  # 3 กุมภาพันธ์ 2568


def _measures() -> list[dict[str, Any]]:
    rows = [
        (1, "มาตรการ “ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม”", "measure", "1,2,3,4", "สำนักปลัด"),
        (2, "โครงการเผยแพร่ข้อมูลต่อสาธารณะ", "project", "1,2,3,4", "กองคลัง"),
        (3, "มาตรการจัดการเรื่องร้องเรียนการทุจริต", "measure", "1,2", "สำนักปลัด"),
        (4, "กิจกรรมประเมินคุณธรรมและความโปร่งใส", "activity", "2", "สำนักปลัด"),
        (5, "=SUM(A1:A2) ชื่อที่ดูเหมือนสูตร", "activity", "3,4", "กองช่าง"),
    ]
    return [
        {
            "fiscal_year": 2568,
            "no": no,
            "name": name,
            "kind": kind,
            "steps": "๑) จัดทำแผน ๒) ดำเนินการ ๓) รายงานผลต่อผู้บริหาร",
            "quarters": quarters,
            "responsible": responsible,
            "output": "ดำเนินการตามแผน",
            "outcome": "ประชาชนมีความเชื่อมั่น",
        }
        for no, name, kind, quarters, responsible in rows
    ]


def _indicators() -> list[dict[str, Any]]:
    rows = [
        (1, 1, "ร้อยละความพึงพอใจของผู้รับบริการ", "ร้อยละ", ">=", 80.0, None),
        (2, 1, "จำนวนเอกสารเผยแพร่", "ฉบับ", ">=", 4.0, None),
        (3, 1, "จำนวนข้อร้องเรียนการทุจริต", "เรื่อง", "decrease", None, None),
        (4, 1, "คะแนน ITA", "คะแนน", ">=", 85.0, None),
        (5, 1, "จำนวนช่องทางรับฟังความคิดเห็น", "ช่องทาง", ">=", 2.0, None),
    ]
    return [
        {
            "fiscal_year": 2568,
            "measure_no": m,
            "indicator_no": i,
            "name": n,
            "unit": u,
            "op": op,
            "target": tg,
            "baseline": b,
        }
        for m, i, n, u, op, tg, b in rows
    ]


def _results() -> list[dict[str, Any]]:
    rows = [
        (2567, 1, 3, "done", 100.0, 1, 4.0, None, None),
        (2567, 2, 3, "done", 100.0, 1, 5.0, None, None),
        (2568, 1, 1, "in_progress", 50.0, 1, 78.0, "https://example.go.th/e1", "ประชุมชี้แจง"),
        (2568, 1, 2, "in_progress", 40.0, 1, 2.0, None, None),
        (2568, 1, 3, "done", 100.0, 1, 1.0, None, None),
        (2568, 2, 1, "done", 100.0, 1, 85.5, None, None),
        (2568, 2, 2, "in_progress", 60.0, 1, 3.0, None, "รอเผยแพร่ฉบับที่ 4"),
        (2568, 2, 3, "done", 100.0, 1, 2.0, None, None),
        (2568, 2, 4, "not_started", 0.0, None, None, None, None),
    ]
    return [
        {"fiscal_year": y, "quarter": q, "measure_no": m, "status": s, "percent": p, "indicator_no": i,
         "actual": a, "evidence_url": url, "report_date": None, "note": note}
        for y, q, m, s, p, i, a, url, note in rows
    ]  # fmt: skip


def _ita() -> list[dict[str, Any]]:
    return [
        {"fiscal_year": 2566, "iit": 80.0, "eit": 82.0, "oit": 78.0},
        {"fiscal_year": 2567, "iit": 90.0, "eit": 88.0, "oit": 95.0},
        {"fiscal_year": 2568, "iit": 92.5, "eit": 84.1, "oit": 96.0, "i1": 93.0, "i7": 80.25},
    ]


def _satisfaction() -> list[dict[str, Any]]:
    return [
        {"fiscal_year": 2568, "quarter": 1, "service": "งานจัดเก็บรายได้", "n5": 20, "n4": 15, "n3": 5, "n2": 0, "n1": 0},
        {"fiscal_year": 2568, "quarter": 2, "service": "งานจัดเก็บรายได้", "n5": 10, "n4": 10, "n3": 8, "n2": 2, "n1": 0},
        {"fiscal_year": 2568, "quarter": 2, "service": "งานทะเบียนพาณิชย์", "n5": 12, "n4": 6, "n3": 2, "n2": 0, "n1": 0},
    ]


def _complaints() -> list[dict[str, Any]]:
    rows = [
        (2567, 1, "corruption", 0), (2567, 1, "general", 6),
        (2567, 2, "corruption", 3), (2567, 2, "general", 5),
        (2567, 3, "corruption", 0), (2567, 3, "general", 4),
        (2567, 4, "corruption", 0), (2567, 4, "general", 3),
        (2568, 1, "corruption", 0), (2568, 1, "general", 4),
        (2568, 2, "corruption", 1), (2568, 2, "general", 5),
    ]  # fmt: skip
    return [
        {"fiscal_year": y, "quarter": q, "type": kind, "received": n, "completed": n, "in_progress": 0,
         "within_15_days": n}
        for y, q, kind, n in rows
    ]  # fmt: skip


def council_dataset(version: VersionInfo | None = VERSION) -> Dataset:
    """FY2568 as of Q2 with FY2566–2567 history: measures, targets, ITA, satisfaction, complaints."""
    records = {
        "measures": _measures(),
        "indicators": _indicators(),
        "results": _results(),
        "ita": _ita(),
        "satisfaction": _satisfaction(),
        "complaints": _complaints(),
    }
    frames = {key: frame_from_records(SHEETS_BY_KEY[key], rows) for key, rows in records.items()}
    return Dataset(frames=frames, version=version)


SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_banphue_2568.xlsx"


@functools.cache
def sample_dataset() -> Dataset:
    """The bundled sample workbook as the upload reads it (all of FY2568 and the years before)."""
    from kpi.ingest.upload import prepare_upload

    plan = prepare_upload(SAMPLE.read_bytes(), SAMPLE.name, dataset_from_blocks([]))
    assert plan.ok
    return dataset_from_blocks(plan.changes, VERSION)
