"""The scale store of issue 14, built for bench/bench_rollup.py (and, tiny, for its smoke test).

What it holds:
  ""      the install's own agency: the bundled sample workbook, seeded as on a first run
  "*"     the shared sheet ผล ITA หลายหน่วยงาน: `agencies` agencies × `years` fiscal years
  CODE    `full` agencies (every 16th code, or as many as fit) with a full workbook of their own: the
          sample workbook's seven sheets read once through kpi.ingest.workbook.read_upload, varied per
          agency (statuses, percents, counts, scores, names) so that no two agencies share a block
Everything goes in through Store.commit as an admin, like `python -m kpi load FILE --agency CODE`
would, so the store refreshes its roll-up tables in every commit. The results come from the small
generator below (every agency has a row every year), or with `generator="script"` (or "auto", when the
script is there) from scripts/make_agencies.py's workbook read through read_upload as an upload reads it
(at 8,000 × 10 writing and reading that workbook adds minutes; the upload path has its own bench).
"""

from __future__ import annotations

import hashlib
import importlib
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kpi.access.actor import Actor  # noqa: E402
from kpi.core.dataset import Block, Record, blocks_from_records  # noqa: E402
from kpi.core.settings import SAMPLE_WORKBOOK  # noqa: E402
from kpi.ingest.upload import ensure_seeded  # noqa: E402
from kpi.ingest.workbook import read_upload  # noqa: E402
from kpi.store.database import Store  # noqa: E402

BENCH_ACTOR = Actor("bench", "admin", "cli")
FIRST_YEAR = 2559
TOOLS_FROM = 2562  # before it the year's weights are unknown: a total only, as published
MAKE_AGENCIES = ROOT / "scripts" / "make_agencies.py"


@dataclass
class Built:
    """What went into the store and how long each part took (seconds)."""

    url: str
    codes: list[str]
    full_codes: list[str]
    years: list[int]
    source: str
    timings: dict[str, float] = field(default_factory=dict)
    commits: int = 0


def agency_code(n: int) -> str:
    """A seven-digit text code like the NACC's (province, district, number)."""
    province, rest = divmod(n, 110)
    district, number = divmod(rest, 10)
    return f"{10 + province:02d}{1 + district:02d}{number + 1:03d}"


def agency_records(count: int, years: list[int], seed: int = 14) -> list[Record]:
    """`count` agencies × `years` of published results: 110 agencies per province, 10 per district."""
    rng = random.Random(seed)
    rows: list[Record] = []
    level = {n: rng.gauss(84.0, 7.0) for n in range(count)}
    for year in years:
        for n in range(count):
            province, rest = divmod(n, 110)
            district = rest // 10
            kind = "pao" if rest == 0 else "city" if n % 97 == 1 else "town" if n % 13 == 1 else "sao"
            kind = "subdistrict_municipality" if kind == "sao" and n % 4 == 1 else kind
            level[n] = min(99.0, max(40.0, level[n] + rng.gauss(0.6, 3.0)))
            tools: dict[str, Any] = {"iit": None, "eit": None, "oit": None, "total": None}
            if year >= TOOLS_FROM:
                tools.update(
                    iit=round(min(100.0, level[n] + rng.uniform(-5, 8)), 2),
                    eit=round(min(100.0, level[n] + rng.uniform(-6, 6)), 2),
                    oit=round(min(100.0, max(0.0, level[n] + rng.uniform(-15, 10))), 2),
                )
            else:
                tools["total"] = round(level[n], 2)
            rows.append(
                {
                    "code": agency_code(n),
                    "name": f"หน่วยงานทดสอบ {agency_code(n)}",
                    "type": kind,
                    "district": f"ทดสอบ {province + 1:02d}-{district + 1:02d}",
                    "province": f"ทดสอบ {province + 1:02d}",
                    "fiscal_year": year,
                    **tools,
                    "published_rating": None,
                }
            )
    return rows


def _script_records(count: int, years: list[int], seed: int) -> list[Record] | None:
    """scripts/make_agencies.py's workbook read as an upload reads it, or None when the script is not there."""
    if not MAKE_AGENCIES.exists():
        return None
    module = importlib.import_module("scripts.make_agencies")
    data = module.agencies_workbook(count=count, years=tuple(years), seed=seed)
    parsed = read_upload(data, "agencies.xlsx")
    assert parsed.ok, [p.message for p in parsed.problems[:3]]
    return parsed.records["agency_ita"]


def sample_records() -> dict[str, list[Record]]:
    """The bundled sample workbook's seven sheets, read once through the upload reader."""
    parsed = read_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name)
    assert parsed.ok
    return parsed.records


def _shift(value: Any, by: float, low: float = 0.0, high: float = 100.0) -> Any:
    return value if value is None else round(min(high, max(low, float(value) + by)), 2)


def varied(sample: dict[str, list[Record]], code: str, i: int) -> dict[str, list[Record]]:
    """The sample's sheets made agency number `i`'s own: every sheet's every year differs from every other
    agency's (the code in a text column, or counts and scores shifted by amounts unique to `i` < 1000), and
    statuses and percents vary so that the agencies' progress differs."""
    unique = (i * 37) % 1000  # a different number for each i below 1000
    a, b = i % 25, i // 25
    out: dict[str, list[Record]] = {}
    out["measures"] = [{**r, "responsible": f"หน่วยงาน {code}"} for r in sample["measures"]]
    out["indicators"] = [{**r, "name": f"{r['name']} ({code})"} for r in sample["indicators"]]
    results = []
    for k, r in enumerate(sample["results"]):
        row = {**r, "note": r.get("note") or f"รายงานของหน่วยงาน {code}"}
        if row.get("status") == "in_progress" and row.get("percent") is not None:
            row["percent"] = _shift(row["percent"], (i + k) % 7 * 5 - 15, 0, 95)
        elif row.get("status") == "done" and (i + k) % 9 == 0:
            row.update(status="in_progress", percent=90.0)
        results.append(row)
    out["results"] = results
    score = unique / 100 - 5
    out["ita"] = [
        {**r, **{key: _shift(r.get(key), score) for key in ("iit", "eit", "oit", "total")}} for r in sample["ita"]
    ]
    satisfaction = []
    for r in sample["satisfaction"]:
        row = dict(r)
        if row.get("n4") is not None and row.get("n5") is not None:
            row.update(n4=int(row["n4"]) + a, n5=int(row["n5"]) + b)
            row["sample_size"] = sum(int(row.get(f"n{s}") or 0) for s in range(1, 6))
        if row.get("mean") is not None:
            row["mean"] = round(min(5.0, max(1.0, float(row["mean"]) + unique / 10_000 - 0.05)), 4)
        if row.get("percent") is not None:
            row["percent"] = _shift(row["percent"], unique / 100 - 5)
        satisfaction.append(row)
    out["satisfaction"] = satisfaction
    out["complaints"] = [
        {
            **r,
            "received": int(r["received"] or 0) + a + b,
            "completed": int(r["completed"] or 0) + a,
            "in_progress": int(r["in_progress"] or 0) + b,
            "within_15_days": int(r["within_15_days"] or 0) + a,
        }
        for r in sample["complaints"]
    ]
    rotation = ("yes", "in_progress", "no")
    out["oit"] = [
        {
            **r,
            "owner": f"หน่วยงาน {code}",
            "status": rotation[(rotation.index(r["status"]) + (i + k) % 5 // 4) % 3]
            if r.get("status") in rotation
            else r.get("status"),
        }
        for k, r in enumerate(sample["oit"])
    ]
    return out


def _commit(store: Store, changes: list[Block], name: str) -> None:
    head = store.head()
    store.commit(
        changes,
        expected_head=head.number if head else None,
        kind="upload",
        filename=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        summary=name,
        actor=BENCH_ACTOR,
    )


def build_store(
    url: str,
    agencies: int = 8000,
    years: int = 10,
    full: int = 500,
    *,
    batch: int = 50,
    seed: int = 14,
    generator: str = "auto",
    seed_home: bool = True,
    log: bool = False,
) -> Built:
    """Fill an empty store at `url` (see the module's docstring); returns what was built and the timings."""
    span = list(range(FIRST_YEAR + 10 - years, FIRST_YEAR + 10))
    clock = time.perf_counter()
    store = Store(url, auto_backup=False)  # a bench store: the automatic copy before each commit is timed apart
    built = Built(url=url, codes=[], full_codes=[], years=span, source="bench generator")
    if seed_home:
        ensure_seeded(store)
    built.timings["open + seed home"] = time.perf_counter() - clock

    clock = time.perf_counter()
    records = _script_records(agencies, span, seed) if generator in ("auto", "script") else None
    if records is None:
        assert generator != "script", "scripts/make_agencies.py is not there"
        records = agency_records(agencies, span, seed)
    else:
        built.source = "scripts/make_agencies.py via read_upload"
    built.codes = sorted({str(r["code"]) for r in records})
    built.timings["generate results"] = time.perf_counter() - clock
    clock = time.perf_counter()
    if records:
        _commit(store, blocks_from_records("agency_ita", records), "agencies.xlsx")
        built.commits += 1
    built.timings["commit results"] = time.perf_counter() - clock
    if log:
        print(f"  results of {len(built.codes):,} agencies × {years} years committed", flush=True)

    clock = time.perf_counter()
    sample = sample_records()
    step = max(1, len(built.codes) // max(full, 1))
    built.full_codes = built.codes[::step][:full]
    pending: list[Block] = []
    for i, code in enumerate(built.full_codes):
        for sheet, rows in varied(sample, code, i).items():
            pending.extend(blocks_from_records(sheet, rows, agency=code))
        if (i + 1) % batch == 0 or i + 1 == len(built.full_codes):
            _commit(store, pending, f"workbooks-{i + 1}.xlsx")
            built.commits += 1
            pending = []
            if log:
                print(f"  {i + 1} full workbooks committed ({time.perf_counter() - clock:.1f}s)", flush=True)
    built.timings["commit full workbooks"] = time.perf_counter() - clock
    store.engine.dispose()
    return built
