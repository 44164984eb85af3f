"""The scale benchmark's store builder (bench/rollup_store.py), run tiny: the store holds what the bench measures.

Behaviour only: what the roll-up tables and the agencies' own data hold after the fill, never how long it took.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from rollup_store import build_store  # noqa: E402

from kpi.store.database import Store  # noqa: E402


def test_tiny_scale_store_holds_results_workbooks_and_progress(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    built = build_store(url, agencies=50, years=2, full=3, batch=2, generator="own")
    store = Store(url, auto_backup=False)

    results = store.agency_results()
    assert len(results) == 100  # 50 agencies × 2 fiscal years, one row each
    assert sorted(results["fiscal_year"].unique()) == built.years == [2567, 2568]
    assert results["code"].nunique() == 50
    assert len(store.agency_register()) == 50
    assert results["passed"].any() and not results["passed"].all()  # totals spread around the pass mark

    assert len(built.full_codes) == 3 and set(built.full_codes) <= set(results["code"])
    assert store.agencies_with_data() == sorted(["", *built.full_codes])  # "" the seeded sample

    progress = store.agency_progress()
    for code in ["", *built.full_codes]:
        assert sorted(progress.loc[progress["code"] == code, "fiscal_year"]) == [2567, 2568]

    # each agency's workbook is its own: no two agencies share a stored block, and their rows differ
    head = store.head()
    assert head is not None
    owned = [block for block in store.blocks(head.number) if block.agency not in ("", "*")]
    assert len(owned) == 3 * 15  # seven sheets, 15 sheet-years of the sample each
    assert len({block.digest for block in owned}) == len(owned)
    own = {code: store.dataset(agency=code).frame("results") for code in built.full_codes}
    first, second, _ = built.full_codes
    assert not own[first].equals(own[second])
    assert len(own[first]) == len(store.dataset().frame("results"))  # the sample's rows, varied


def test_home_only_store_has_no_shared_results(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'home.sqlite3'}"
    build_store(url, agencies=0, years=0, full=0, generator="own")
    store = Store(url, auto_backup=False)
    assert store.agency_results().empty
    assert store.agencies_with_data() == [""]
    assert store.dataset().frame("agency_ita").empty
    assert not store.dataset().frame("measures").empty
