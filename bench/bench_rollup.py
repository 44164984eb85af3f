"""Benchmark (not a test), issue 14 "Scale and speed": the roll-up page against the single-agency overview.

In one run it:
  1. builds a store (bench/rollup_store.py) with 8,000 agencies × 10 fiscal years of published results
     (the shared sheet ผล ITA หลายหน่วยงาน) and 500 agencies with full workbooks of their own, through
     Store.commit, and prints how long the fill took and the store's size;
  2. builds a second store with the install's own sample only (no shared results), for comparison;
  3. times in AppTest, after one untimed warm-up of both pages (imports), with Streamlit's caches
     cleared before each first run: the overview page on both stores and the roll-up page ("rollup" in
     app.py's navigation, or bench/rollup_stand_in.py until it is there), first run and median of reruns,
     and an empty script; prints the ratio roll-up ÷ overview (goal ≤ 3);
  4. measures each page's memory in a child process of its own (tracemalloc peak of the first run and
     two reruns; the process's RSS before them and its peak RSS, VmHWM);
  5. times `python -m kpi rollup --year Y --json` when that command exists.
Set KPI_BENCH_POSTGRES_URL to a database of its own (it is wiped) to measure PostgreSQL too.

Run: python bench/bench_rollup.py [--agencies 8000] [--years 10] [--full 500] [--reruns 7] [--store DIR]
(--store DIR keeps the SQLite stores there, and reuses them when they are there: measure again without refilling)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from peak_memory import MEASURE, current_mb, peak_mb  # noqa: E402
from rollup_store import build_store  # noqa: E402

from kpi.core.settings import sqlite_url  # noqa: E402
from kpi.store.faults import sqlite_path  # noqa: E402

APP = str(ROOT / "app.py")
STAND_IN = str(ROOT / "bench" / "rollup_stand_in.py")
EMPTY = "import streamlit as st\nst.write('x')"


def rollup_page() -> str | None:
    """The roll-up page's file when app.py's navigation has it, else None (the stand-in is measured)."""
    page = ROOT / "views" / "rollup.py"
    return "views/rollup.py" if page.exists() and '"rollup"' in (ROOT / "app.py").read_text(encoding="utf-8") else None


def _clear_caches() -> None:
    import streamlit as st
    import streamlit.logger

    streamlit.logger.set_log_level("error")  # no "missing ScriptRunContext" warning when clearing outside a run
    st.cache_resource.clear()
    st.cache_data.clear()


def _app(page: str) -> object:
    """An AppTest on `page`: "overview", "rollup" (the real page or the stand-in) or "empty"."""
    from streamlit.testing.v1 import AppTest

    if page == "empty":
        return AppTest.from_string(EMPTY, default_timeout=600)
    if page == "rollup" and rollup_page() is None:
        return AppTest.from_file(STAND_IN, default_timeout=600)
    return AppTest.from_file(APP, default_timeout=600)


def _first(at, page: str) -> float:  # type: ignore[no-untyped-def]
    """Time the page's first run with cold caches (an untimed run on the overview first, to reach it)."""
    if page == "rollup" and rollup_page() is not None:
        at.run()
        at.switch_page(rollup_page())
    _clear_caches()
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, [e.value for e in at.exception]
    return elapsed


def page_times(url: str, page: str, reruns: int) -> tuple[float, float]:
    """(first run, median of `reruns` reruns) of a page's script in AppTest, in seconds."""
    os.environ["KPI_DATABASE_URL"] = url
    at = _app(page)
    first = _first(at, page)
    times = []
    for _ in range(reruns):
        start = time.perf_counter()
        at.run()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


def warm_up(url: str) -> None:
    """Import everything both pages use, so that the first runs compare data, not imports."""
    for page in ("overview", "rollup", "empty"):
        page_times(url, page, 1)


def store_size(url: str) -> int:
    path = sqlite_path(url)
    if path is not None:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    from sqlalchemy import create_engine

    with create_engine(url).connect() as conn:
        return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar() or 0)


def wipe_postgres(url: str) -> None:
    """Empty the bench's own PostgreSQL database (tables and the roll-up view)."""
    from sqlalchemy import create_engine

    from kpi.store.rollup_tables import VIEW_NAME
    from kpi.store.tables import metadata

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {VIEW_NAME}")
    metadata.drop_all(engine)
    with engine.begin() as conn:  # tables a migration made that metadata does not name
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


def memory_of(url: str, page: str) -> dict[str, float]:
    """In this (child) process: tracemalloc peak of the first run and two reruns, and peak RSS (MB)."""
    os.environ["KPI_DATABASE_URL"] = url
    at = _app(page)
    if page == "rollup" and rollup_page() is not None:
        at.run()  # type: ignore[attr-defined]
        at.switch_page(rollup_page())  # type: ignore[attr-defined]
        _clear_caches()
    before = _rss_mb("VmRSS")
    tracemalloc.start()
    for _ in range(3):
        at.run()  # type: ignore[attr-defined]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "tracemalloc_peak_mb": peak / 2**20,
        "rss_before_mb": before,
        "rss_peak_mb": _rss_mb("VmHWM"),
    }


def _rss_mb(field: str) -> float:
    """This process's resident memory (VmRSS) or its peak (VmHWM) in MB, from /proc; elsewhere bench/peak_memory.py
    (ru_maxrss, or Windows' working set) — on Linux ru_maxrss can carry the parent's peak into a child, so /proc first.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    now = current_mb() if field == "VmRSS" else None
    return now if now is not None else peak_mb()


def _load_average() -> str:
    """The one-minute load average ('–' on Windows, which has none)."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "–"


def rss_measure() -> str:
    """Which measure _rss_mb uses here, for the output."""
    return "VmRSS/VmHWM (/proc)" if Path("/proc/self/status").exists() else MEASURE


def child_memory(url: str, page: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--memory-of", page, "--url", url],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli_rollup(url: str, year: int) -> tuple[float, float] | None:
    """Seconds of `python -m kpi rollup --year Y --json` (a new process) and of its `--help` (the process's start
    and imports), or None when there is no such command."""
    env = {**os.environ, "KPI_DATABASE_URL": url}
    start = time.perf_counter()
    probe = subprocess.run([sys.executable, "-m", "kpi", "rollup", "--help"], cwd=ROOT, env=env, capture_output=True)
    started = time.perf_counter() - start
    if probe.returncode != 0:
        return None
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kpi", "rollup", "--year", str(year), "--json"], cwd=ROOT, env=env, capture_output=True
    )
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stderr[-500:]
    return elapsed, started


def measure(label: str, url: str, home_url: str, args: argparse.Namespace, year: int) -> None:
    print(f"\n[{label}] timing pages (first run with cold caches; median of {args.reruns} reruns) …", flush=True)
    warm_up(url)
    rows = {
        "overview, own sample only": page_times(home_url, "overview", args.reruns),
        "overview, full store": page_times(url, "overview", args.reruns),
        "roll-up, full store": page_times(url, "rollup", args.reruns),
        "empty script": page_times(url, "empty", args.reruns),
    }
    memory = {name: child_memory(url, page) for name, page in (("overview", "overview"), ("roll-up", "rollup"))}
    memory["overview, own sample only"] = child_memory(home_url, "overview")
    which = "views/rollup.py" if rollup_page() else "bench/rollup_stand_in.py (views/rollup.py not in app.py yet)"
    print(f"roll-up page measured: {which}")
    print(f"{'page':<28}{'first run':>11}{'rerun (median)':>16}")
    for name, (first, rerun) in rows.items():
        print(f"{name:<28}{first:>10.2f}s{rerun:>15.3f}s")
    (o_first, o_rerun), (r_first, r_rerun) = rows["overview, full store"], rows["roll-up, full store"]
    print(f"ratio roll-up ÷ overview: first run {r_first / o_first:.2f}, reruns {r_rerun / o_rerun:.2f}  (goal ≤ 3)")
    h_first, h_rerun = rows["overview, own sample only"]
    print(
        f"cost of the shared results to the overview: first run +{o_first - h_first:.2f}s, rerun +{o_rerun - h_rerun:.3f}s"
    )
    print(
        f"{'memory (child process)':<28}{'tracemalloc peak':>18}{'RSS before':>12}{'peak RSS':>10}  ({rss_measure()})"
    )
    for name, m in memory.items():
        print(f"{name:<28}{m['tracemalloc_peak_mb']:>15.0f} MB{m['rss_before_mb']:>9.0f} MB{m['rss_peak_mb']:>7.0f} MB")
    cli = cli_rollup(url, year)
    if cli is None:
        print("python -m kpi rollup: not there yet")
    else:
        print(
            f"python -m kpi rollup --year {year} --json: {cli[0]:.2f}s (a new process; its --help alone {cli[1]:.2f}s)"
        )


def fill(label: str, url: str, args: argparse.Namespace) -> int:
    print(
        f"[{label}] filling: {args.agencies:,} agencies × {args.years} years, {args.full} full workbooks …", flush=True
    )
    start = time.perf_counter()
    built = build_store(url, args.agencies, args.years, args.full, batch=args.batch, generator=args.generator, log=True)
    total = time.perf_counter() - start
    parts = ", ".join(f"{k} {v:.1f}s" for k, v in built.timings.items())
    print(f"[{label}] filled in {total:.1f}s ({parts}); {built.commits} commits; results from {built.source}")
    print(f"[{label}] store size {store_size(url) / 2**20:.1f} MB")
    return max(built.years)


def _head_year(url: str) -> int:
    from kpi.store.database import Store

    return int(Store(url, auto_backup=False).agency_results()["fiscal_year"].max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=8000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--full", type=int, default=500)
    parser.add_argument("--batch", type=int, default=50, help="full workbooks per commit")
    parser.add_argument("--reruns", type=int, default=7)
    parser.add_argument(
        "--generator",
        choices=("auto", "script", "own"),
        default="own",
        help="script: scripts/make_agencies.py's workbook read through read_upload (minutes more at full size)",
    )
    parser.add_argument("--store", help="folder that keeps the SQLite stores (reused when there)")
    parser.add_argument("--memory-of", choices=("overview", "rollup"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.chdir(ROOT)  # .streamlit/config.toml (localhost: the open mode without accounts) is read from here
    if args.memory_of:
        print(json.dumps(memory_of(args.url, args.memory_of)))
        return
    print(f"load average at start {_load_average()} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.store or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        home_url = sqlite_url(folder / "home.sqlite3")
        if not (folder / "home.sqlite3").exists():
            build_store(home_url, 0, 0, 0, generator="own")  # the install's own sample, nothing shared
        backends = [("SQLite", sqlite_url(folder / "bench.sqlite3"))]
        if os.environ.get("KPI_BENCH_POSTGRES_URL"):
            wipe_postgres(os.environ["KPI_BENCH_POSTGRES_URL"])
            backends.append(("PostgreSQL", os.environ["KPI_BENCH_POSTGRES_URL"]))
        for label, url in backends:
            kept = url.startswith("sqlite") and (folder / "bench.sqlite3").exists()
            year = _head_year(url) if kept else fill(label, url, args)
            if kept:
                print(f"[{label}] reusing the store in {folder} ({store_size(url) / 2**20:.1f} MB)")
            measure(label, url, home_url, args, year)
    print(f"load average at the end {_load_average()}")


if __name__ == "__main__":
    main()
