"""Benchmark (not a test): the whole safe upload path against a bare calamine read of the same file.

For generated workbooks of 10,000, 50,000 and 200,000 quarterly-result rows (with the measures
they point at) one run prints the time of:
  calamine   pandas.read_excel(engine="calamine", sheet_name=None)  (no checks, no validation)
  scan       kpi.ingest.safety.inspect_xlsx (zip guard, XML scan of every sheet)
  read       calamine's cell read of the matched sheets, plus the error-cell and percent-cell scans
  validate   kpi.ingest.sheets.validate_sheet of every sheet (cells, identities, row checks)
  upload     kpi.ingest.upload.read_upload as a whole (scan + read + validate, as the product runs it)
  plan       kpi.ingest.upload.plan_changes against an empty store (references, blocks, digests)
  commit     kpi.ingest.upload.commit_upload into a fresh SQLite store
  safe path  upload + plan + commit; ratio = safe path ÷ calamine (lower is better)
and the safe path's peak memory (tracemalloc). Times are CPU seconds of this process (best of a
few runs), so other work on a shared machine does not skew the ratio; the wall-clock times of the
bare read and the safe path follow on the same line. The 200,000-row workbook is past the product's row
limits (kpi.core.settings.LIMITS), so the bench reads every size with raised limits.

Run: python bench/bench_upload.py [rows ...]       (default 10000 50000 200000)
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import xlsxwriter  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from kpi.access.actor import Actor  # noqa: E402
from kpi.core.schema import MEASURES, RESULTS, SHEETS  # noqa: E402
from kpi.core.settings import LIMITS  # noqa: E402
from kpi.ingest import workbook as wb_module  # noqa: E402
from kpi.ingest.safety import inspect_xlsx  # noqa: E402
from kpi.ingest.sheets import percent_columns, validate_sheet  # noqa: E402
from kpi.ingest.upload import UploadPlan, commit_upload, plan_changes, read_upload  # noqa: E402
from kpi.store.database import Store  # noqa: E402

BENCH_LIMITS = dataclasses.replace(
    LIMITS,
    max_upload_bytes=200 * 2**20,
    max_unzipped_bytes=2 * 2**30,
    max_rows=1_048_576,
    max_rows_total=2_000_000,
    max_cells_per_sheet=20_000_000,
    max_cells_total=20_000_000,
    max_text_bytes=2 * 2**30,
)
ACTOR = Actor("bench", "admin", "cli")
STATUSES = ("ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จสิ้น")


def generated_workbook(rows: int) -> bytes:
    """Measures for as many fiscal years × 500 measures as `rows` quarterly results point at.

    Written by xlsxwriter as Excel writes a workbook: text in the shared-strings part, blank cells absent.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False})
    measures = book.add_worksheet(MEASURES.title)
    results = book.add_worksheet(RESULTS.title)
    measures.write_row(0, 0, [c.title for c in MEASURES.columns])
    results.write_row(0, 0, [c.title for c in RESULTS.columns])
    per_year = 500
    years = range(2550, 2550 + rows // (4 * per_year) + 1)
    line = 1
    for year in years:
        for n in range(1, per_year + 1):
            measures.write_row(line, 0, [year, n, f"มาตรการที่ {n}", "มาตรการ", "ขั้นตอน", "1-4", "สำนักปลัด", "ผล", "ผลลัพธ์"])
            line += 1
    written = 0
    for year in years:
        for q in (1, 2, 3, 4):
            for n in range(1, per_year + 1):
                if written == rows:
                    break
                status = STATUSES[1] if q < 4 else STATUSES[2]
                percent = 25 * q if q < 4 else 100
                note = f"หมายเหตุ ไตรมาส {q}" if n % 3 else None
                row = [year, q, n, status, percent, None, None, "https://example.go.th/e", "15/01/2568", note]
                written += 1
                results.write_row(written, 0, row)
    book.close()
    return buffer.getvalue()


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of this process (time.process_time): other work on a shared machine does not count."""
    start = time.process_time()
    value = fn()
    return time.process_time() - start, value


def best_of(fn: Callable[[], object], repeat: int) -> float:
    return min(timed(fn)[0] for _ in range(repeat))


def wall(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def calamine_read(data: bytes) -> object:
    return pd.read_excel(io.BytesIO(data), sheet_name=None, engine="calamine")


def stage_read(data: bytes) -> list[tuple[object, str, list[list[object]], dict[str, str], frozenset[str]]]:
    """What read_upload does between the scan and the validation: calamine's cells and the two XML scans."""
    inspection = inspect_xlsx(data, "bench.xlsx", BENCH_LIMITS)
    by_title = {s.title: s for s in SHEETS}
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    styles: list[frozenset[int]] = []
    out = []
    for info in inspection.sheets:
        spec = by_title.get(info.name)
        if spec is None or info.part is None:
            continue
        rows = book.get_sheet_by_name(info.name).to_python(skip_empty_area=False)
        errors = wb_module._error_cells(data, info.part)
        columns = percent_columns(spec, rows[0]) if rows else frozenset()
        percents = wb_module._percent_cells(data, info.part, columns, styles, BENCH_LIMITS)
        out.append((spec, info.name, rows, errors, percents))
    return out


def stage_validate(read: list) -> None:
    memo: dict[str, str | None] = {}
    for spec, name, rows, errors, percents in read:
        validate_sheet(
            spec, name, rows, frozenset(), BENCH_LIMITS, error_cells=errors, memo=memo, percent_cells=percents
        )


def safe_path(data: bytes, times: dict[str, float] | None = None) -> None:
    """read_upload → plan_changes → commit_upload into a fresh SQLite store, as prepare_upload does."""
    times = {} if times is None else times
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite3")
        current = store.dataset()
        times["upload"], parsed = timed(lambda: read_upload(data, "bench.xlsx", BENCH_LIMITS))
        assert parsed.ok, parsed.problems[:3]  # type: ignore[attr-defined]
        digest = hashlib.sha256(data).hexdigest()
        times["plan"], plan = timed(lambda: plan_changes(parsed, current, "bench.xlsx", digest, False))  # type: ignore[arg-type]
        assert isinstance(plan, UploadPlan) and plan.ok, plan
        times["commit"], _ = timed(lambda: commit_upload(store, plan, actor=ACTOR))
        store.engine.dispose()


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(sizes: list[int]) -> None:
    columns = ("rows", "size", "calamine", "scan", "read", "validate", "upload", "plan", "commit", "safe", "ratio")
    print("".join(f"{c:>10}" for c in columns) + "   peak MB  wall: calamine  safe  ratio", flush=True)
    for rows in sizes:
        data = generated_workbook(rows)
        repeat = 3 if rows <= 50_000 else 2
        bare = best_of(lambda d=data: calamine_read(d), repeat)
        scan = best_of(lambda d=data: inspect_xlsx(d, "bench.xlsx", BENCH_LIMITS), repeat)
        read_times = []
        for _ in range(repeat):
            elapsed, read = timed(lambda d=data: stage_read(d))
            read_times.append(elapsed - scan)
        validate = best_of(lambda r=read: stage_validate(r), repeat)
        runs = []
        for _ in range(repeat):
            times: dict[str, float] = {}
            safe_path(data, times)
            runs.append(times)
        best = min(runs, key=lambda t: sum(t.values()))
        safe = sum(best.values())
        bare_wall = min(wall(lambda d=data: calamine_read(d)) for _ in range(repeat))
        safe_wall = min(wall(lambda d=data: safe_path(d)) for _ in range(repeat))
        peak = peak_mb(lambda d=data: safe_path(d))
        cells = (
            f"{rows:>10,}", f"{len(data) / 2**20:>8.1f}MB", f"{bare:>9.2f}s", f"{scan:>9.2f}s",
            f"{min(read_times):>9.2f}s", f"{validate:>9.2f}s", f"{best['upload']:>9.2f}s", f"{best['plan']:>9.2f}s",
            f"{best['commit']:>9.2f}s", f"{safe:>9.2f}s", f"{safe / bare:>10.2f}", f"{peak:>10.0f}",
            f"{bare_wall:>15.2f}s", f"{safe_wall:>7.2f}s", f"{safe_wall / bare_wall:>7.2f}",
        )  # fmt: skip
        print("".join(cells), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000, 200_000])
