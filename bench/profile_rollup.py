"""Where the store's reading paths spend their time at issue 14's scale (a profile, not a test).

On a store built by bench/rollup_store.py (or one named with --url) it times, median of --repeat:
  Store.head()                     the one query every rerun makes before the view cache answers
  Store.dataset() (home agency)    split into the SQL fetch, block decoding (zlib, sha256, JSON) and
                                   the DataFrames (kpi.core.dataset.frame_from_records), per sheet
  Store.agency_results()           split into the SQL fetch and the DataFrame
  Store.agency_progress(), Store.agency_register(), Store.agencies_with_data()
and prints cProfile's top functions of Store.dataset() and of an overview rerun in AppTest.

Run: python bench/profile_rollup.py [--url sqlite:////tmp/x.sqlite3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from rollup_store import build_store  # noqa: E402
from sqlalchemy import select  # noqa: E402

from kpi.core.dataset import SHEETS_BY_KEY, dataset_from_blocks, frame_from_records  # noqa: E402
from kpi.store import rollup_tables  # noqa: E402
from kpi.store.codec import block_of_row  # noqa: E402
from kpi.store.database import Store  # noqa: E402
from kpi.store.tables import blocks, version_blocks  # noqa: E402


def median_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rows(store: Store, version: int, agency: str) -> list:  # type: ignore[type-arg]
    query = (
        select(version_blocks.c.agency, version_blocks.c.sheet, version_blocks.c.fiscal_year,
               version_blocks.c.sample, version_blocks.c.digest, blocks.c.payload)
        .outerjoin(blocks, blocks.c.digest == version_blocks.c.digest)
        .where(version_blocks.c.version == version, version_blocks.c.agency.in_((agency, "*")))
    )  # fmt: skip
    with store.engine.connect() as conn:
        return conn.execute(query).all()


def profile_dataset(store: Store, repeat: int, label: str) -> None:
    head = store.head()
    assert head is not None
    rows = _rows(store, head.number, "")
    decoded = [block_of_row(r) for r in rows]
    by_sheet: dict[str, list] = {}  # type: ignore[type-arg]
    for block in decoded:
        by_sheet.setdefault(block.sheet, []).extend(block.records)
    print(f"\n[{label}] Store.dataset() of the home agency: {len(rows)} blocks, "
          f"{sum(len(b.records) for b in decoded):,} records")  # fmt: skip
    print(f"  Store.head()                 {median_of(store.head, repeat) * 1000:8.1f} ms")
    print(f"  whole Store.dataset()        {median_of(store.dataset, repeat) * 1000:8.1f} ms")
    print(f"    SQL fetch of the blocks    {median_of(lambda: _rows(store, head.number, ''), repeat) * 1000:8.1f} ms")
    print(f"    decode (zlib+sha256+JSON)  {median_of(lambda: [block_of_row(r) for r in rows], repeat) * 1000:8.1f} ms")
    print(f"    DataFrames (all sheets)    {median_of(lambda: dataset_from_blocks(decoded), repeat) * 1000:8.1f} ms")
    for sheet, records in sorted(by_sheet.items(), key=lambda kv: -len(kv[1])):
        spent = median_of(lambda s=sheet, r=records: frame_from_records(SHEETS_BY_KEY[s], r), repeat)
        print(f"      {sheet:<24}{len(records):>7,} rows {spent * 1000:8.1f} ms")


def profile_rollup_reads(store: Store, repeat: int) -> None:
    print("\n[full store] the roll-up tables")
    with store.engine.connect() as conn:
        fetch = median_of(lambda: conn.execute(select(rollup_tables.agency_results)).all(), repeat)
    print(f"  Store.agency_results()       {median_of(store.agency_results, repeat) * 1000:8.1f} ms"
          f"  (SQL fetch alone {fetch * 1000:.1f} ms)")  # fmt: skip
    print(f"  Store.agency_progress()      {median_of(store.agency_progress, repeat) * 1000:8.1f} ms")
    print(f"  Store.agency_register()      {median_of(store.agency_register, repeat) * 1000:8.1f} ms")
    print(f"  Store.agencies_with_data()   {median_of(store.agencies_with_data, repeat) * 1000:8.1f} ms")


def top(fn: Callable[[], object], title: str, lines: int = 18) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    body = out.getvalue()
    print(f"\n[cProfile] {title}\n" + body[body.find("   ncalls") :])


def overview_rerun(url: str) -> Callable[[], object]:
    from streamlit.testing.v1 import AppTest

    os.environ["KPI_DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.run()
    return at.run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.chdir(ROOT)  # .streamlit/config.toml (localhost: the open mode without accounts) is read from here
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or build_store(f"sqlite:///{tmp}/full.sqlite3", log=True).url
        home = build_store(f"sqlite:///{tmp}/home.sqlite3", 0, 0, 0, generator="own").url
        full_store, home_store = Store(url, auto_backup=False), Store(home, auto_backup=False)
        profile_dataset(home_store, args.repeat, "own sample only")
        profile_dataset(full_store, args.repeat, "full store")
        profile_rollup_reads(full_store, args.repeat)
        top(full_store.dataset, "Store.dataset() on the full store")
        top(overview_rerun(url), "an overview rerun in AppTest on the full store (view cache warm)")


if __name__ == "__main__":
    main()
