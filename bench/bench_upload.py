"""Benchmark (not a test): the whole safe upload path against a bare pandas read of the same file.

In one run it times, on the bundled sample workbook and on a generated workbook with 50,000
quarterly-result rows:
  baseline  pandas.read_excel(engine="openpyxl", sheet_name=None)  (no checks, no validation)
  safe path kpi.ingest.upload.prepare_upload + commit into a fresh SQLite store (safety checks, read,
            validation of every cell, cross-sheet checks, change summary, versioned commit)
and the overview page's script time in AppTest against an empty Streamlit script. It prints
ratios (lower is better; < 1 means the safe path beats the bare read) and peak memory.

Run: python bench/bench_upload.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from kpi.core.schema import MEASURES, RESULTS  # noqa: E402
from kpi.core.settings import SAMPLE_WORKBOOK  # noqa: E402
from kpi.ingest.upload import commit_upload, prepare_upload  # noqa: E402
from kpi.store.database import Store  # noqa: E402


def generated_workbook(rows: int = 50_000) -> bytes:
    """Measures for 25 fiscal years × 500 measures, and `rows` quarterly results pointing at them."""
    wb = Workbook(write_only=True)
    measures = wb.create_sheet(MEASURES.title)
    measures.append([c.title for c in MEASURES.columns])
    results = wb.create_sheet(RESULTS.title)
    results.append([c.title for c in RESULTS.columns])
    per_year = 500
    years = range(2550, 2550 + rows // (4 * per_year) + 1)
    for year in years:
        for n in range(1, per_year + 1):
            measures.append([year, n, f"มาตรการที่ {n}", "มาตรการ", "ขั้นตอน", "1-4", "สำนักปลัด", "ผล", "ผลลัพธ์"])
    written = 0
    for year in years:
        for q in (1, 2, 3, 4):
            for n in range(1, per_year + 1):
                if written == rows:
                    break
                results.append(
                    [year, q, n, "กำลังดำเนินการ", 25 * q, None, None, "https://example.go.th/e", "15/01/2568", "หมายเหตุ"]
                )
                written += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def safe_path(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite3")
        plan = prepare_upload(data, name, store.dataset())
        assert plan.ok, plan.errors[:3]
        commit_upload(store, plan)
        store.engine.dispose()


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def overview_ratio(repeat: int = 5) -> tuple[float, float, float]:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KPI_DATABASE_URL"] = f"sqlite:///{tmp}/overview.sqlite3"
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # seed and warm caches
        overview = best_of(lambda: AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run(), repeat)
        empty = best_of(lambda: AppTest.from_string("import streamlit as st\nst.write('x')").run(), repeat)
    return overview, empty, overview / empty


def main() -> None:
    cases = {"sample workbook": (SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name)}
    print("generating the 50,000-row workbook …", flush=True)
    cases["50,000 result rows"] = (generated_workbook(), "generated.xlsx")
    print(f"{'case':<22}{'size':>9}{'bare read':>12}{'safe path':>12}{'ratio':>8}{'peak MB bare/safe':>20}")
    for label, (data, name) in cases.items():
        repeat = 3 if len(data) < 1_000_000 else 2
        bare = best_of(lambda d=data: pd.read_excel(io.BytesIO(d), sheet_name=None, engine="openpyxl"), repeat)
        safe = best_of(lambda d=data, n=name: safe_path(d, n), repeat)
        mem_bare = peak_mb(lambda d=data: pd.read_excel(io.BytesIO(d), sheet_name=None, engine="openpyxl"))
        mem_safe = peak_mb(lambda d=data, n=name: safe_path(d, n))
        print(
            f"{label:<22}{len(data) / 1024:>7.0f}KB{bare:>11.2f}s{safe:>11.2f}s{safe / bare:>8.2f}"
            f"{mem_bare:>10.0f}/{mem_safe:<9.0f}",
            flush=True,
        )
    overview, empty, ratio = overview_ratio()
    print(f"overview page script (AppTest): {overview:.2f}s vs empty script {empty:.2f}s → ratio {ratio:.1f}")


if __name__ == "__main__":
    main()
