"""One figure, one truth (issue 11 §2): figures() against an independent pandas computation and every output.

The expected numbers are computed here from the raw sheets with plain pandas, not with the
product's functions, for every (year, quarter) of the sample and of a generated data set.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from kpi.cli.main import main
from kpi.core.dataset import Dataset, dataset_from_blocks
from kpi.core.thai import format_number
from kpi.domain.figures import figures
from kpi.exports.deck import build_deck
from kpi.exports.official_report import build_report
from kpi.ingest.template import build_workbook
from kpi.ingest.upload import prepare_upload
from kpi.screens.complaints import build_complaints_view
from kpi.screens.overview import build_overview, overview_cards
from kpi.screens.satisfaction import build_satisfaction_view

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_banphue_2568.xlsx"
QUARTERS = (None, 1, 2, 3, 4)


def _load(data: bytes) -> Dataset:
    plan = prepare_upload(data, "figures.xlsx", dataset_from_blocks([]))
    assert plan.ok, [p.message for p in plan.errors]
    return dataset_from_blocks(plan.changes)


def sample() -> Dataset:
    return _load(SAMPLE.read_bytes())


def generated(seed: int = 11) -> Dataset:
    """Two fiscal years of random but valid data: satisfaction counts, complaints, measures, bound indicators."""
    rng = random.Random(seed)
    services = ("งานทะเบียน", "งานจัดเก็บรายได้")
    records: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("measures", "indicators", "results", "ita", "satisfaction", "complaints")
    }
    for year in (2567, 2568):
        records["ita"].append(
            {"fiscal_year": year, "iit": rng.randint(70, 99), "eit": rng.randint(70, 99), "oit": rng.randint(70, 99)}
        )
        for q in (1, 2, 3, 4):
            for service in services:
                if rng.random() < 0.85:
                    counts = [rng.randint(0, 30) for _ in range(5)]
                    counts[0] += 1
                    records["satisfaction"].append({"fiscal_year": year, "quarter": q, "service": service,
                                                    **{f"n{5 - i}": c for i, c in enumerate(counts)}})  # fmt: skip
            if rng.random() < 0.9:
                for kind in ("general", "corruption"):
                    received = rng.randint(0, 6)
                    done = rng.randint(0, received)
                    records["complaints"].append({"fiscal_year": year, "quarter": q, "type": kind, "received": received,
                                                  "completed": done, "in_progress": received - done})  # fmt: skip
        for no in range(1, 7):
            first = rng.randint(1, 4)
            plan = list(range(first, rng.randint(first, 4) + 1))
            records["measures"].append({"fiscal_year": year, "no": no, "name": f"มาตรการทดสอบ {no}", "kind": "measure",
                                        "quarters": ",".join(map(str, plan))})  # fmt: skip
            for q in plan:
                if rng.random() < 0.8:
                    status = rng.choice(["done", "in_progress", "not_started", "not_done"])
                    records["results"].append({"fiscal_year": year, "quarter": q, "measure_no": no, "status": status})
        records["indicators"] += [
            {"fiscal_year": year, "measure_no": 1, "indicator_no": 1, "name": "ร้อยละความพึงพอใจ", "unit": "ร้อยละ",
             "op": ">=", "target": 80, "source": "satisfaction"},
            {"fiscal_year": year, "measure_no": 2, "indicator_no": 1, "name": "จำนวนเรื่องร้องเรียน", "unit": "เรื่อง",
             "op": "decrease", "source": "complaints"},
            {"fiscal_year": year, "measure_no": 3, "indicator_no": 1, "name": "จำนวนเรื่องร้องเรียนการทุจริต", "unit": "เรื่อง",
             "op": "decrease", "source": "complaints", "source_detail": "ทุจริตและประพฤติมิชอบ"},
            {"fiscal_year": year, "measure_no": 4, "indicator_no": 1, "name": "คะแนน ITA", "unit": "คะแนน",
             "op": ">=", "target": 85, "source": "ita"},
        ]  # fmt: skip
    return _load(build_workbook(records))


# --- the independent computation -------------------------------------------------------------


def expect_satisfaction(ds: Dataset, year: int, quarter: int | None, last: int = 4) -> tuple[float | None, int | None]:
    """Pooled counts, mean / 5 × 100 (every row of these data sets has level counts); the year as of
    quarter `last` < 4 pools the quarter rows up to it (a yearly row is the whole year's)."""
    f = ds.frame("satisfaction")
    f = f[f["fiscal_year"] == year]
    if quarter is not None:
        f = f[f["quarter"] == quarter]
    elif last < 4:
        f = f[f["quarter"].notna() & (f["quarter"].fillna(0) <= last)]
    if not f.empty and f["n5"].isna().all():  # means with sample sizes (the sample's 2567): weighted by n
        n_mean = f["sample_size"].astype(float)
        return round(float((f["mean"].astype(float) * n_mean).sum() / n_mean.sum() / 5 * 100), 2), int(n_mean.sum())
    levels = f[["n5", "n4", "n3", "n2", "n1"]].astype(float).fillna(0)
    n = levels.to_numpy().sum()
    if f.empty or n == 0:
        return None, None
    score = (levels["n5"] * 5 + levels["n4"] * 4 + levels["n3"] * 3 + levels["n2"] * 2 + levels["n1"]).sum()
    return round(score / n / 5 * 100, 2), int(n)


def expect_complaints(
    ds: Dataset, year: int, quarter: int | None, kind: str | None = None, last: int = 4
) -> dict[str, int | None]:
    f = ds.frame("complaints")
    f = f[f["fiscal_year"] == year]
    # A quarter, or the year as of quarter `last`: quarters 1 to it.
    f = f[f["quarter"] == quarter] if quarter is not None else f[f["quarter"] <= last]
    if kind is not None:
        f = f[f["type"] == kind]
    if f.empty:
        return {"received": None, "completed": None, "in_progress": None}
    return {k: int(f[k].astype(int).sum()) for k in ("received", "completed", "in_progress")}


def expect_measures(ds: Dataset, year: int, quarter: int | None) -> dict[str, int]:
    last = quarter or 4
    m = ds.frame("measures")
    m = m[m["fiscal_year"] == year]
    r = ds.frame("results")
    r = r[(r["fiscal_year"] == year) & (r["quarter"] <= last)].sort_values("quarter")
    latest = r.groupby("measure_no")["status"].last().to_dict()
    out = dict.fromkeys(("planned", "done", "in_progress", "not_started", "not_reported"), 0)
    for no, plan in zip(m["no"], m["quarters"], strict=True):
        quarters = [int(x) for x in str(plan).split(",") if x.strip().isdigit()] or [1, 2, 3, 4]
        if min(quarters) > last:
            continue
        out["planned"] += 1
        status = latest.get(no)
        out["not_reported" if status is None else status if status in ("done", "in_progress") else "not_started"] += 1
    return out


def expect_ita(ds: Dataset, year: int) -> float | None:
    f = ds.frame("ita")
    f = f[f["fiscal_year"] == year]
    if f.empty:
        return None
    row = f.iloc[0]
    return round(0.3 * float(row["iit"]) + 0.3 * float(row["eit"]) + 0.4 * float(row["oit"]), 2)


# --- the comparisons --------------------------------------------------------------------------


def _cases() -> list[tuple[str, int, int | None]]:
    return [
        (name, year, q)
        for name, years in (("sample", (2567, 2568)), ("generated", (2567, 2568)))
        for year in years
        for q in QUARTERS
    ]


DATASETS: dict[str, Dataset] = {}


def _dataset(name: str) -> Dataset:
    if name not in DATASETS:
        DATASETS[name] = sample() if name == "sample" else generated()
    return DATASETS[name]


@pytest.mark.parametrize(("name", "year", "quarter"), _cases())
def test_figures_equal_an_independent_computation(name: str, year: int, quarter: int | None) -> None:
    ds = _dataset(name)
    fig = figures(ds, year, quarter, public=False)
    assert fig.measures.to_json() == expect_measures(ds, year, quarter)
    last = quarter or 4  # as of quarter Q: quarters 1–Q only, the year to date
    assert (
        list(fig.satisfaction["quarters"]) == list(fig.complaints["quarters"]) == [str(q) for q in range(1, last + 1)]
    )
    for q in range(1, last + 1):
        percent, n = expect_satisfaction(ds, year, q)
        assert fig.satisfaction["quarters"][str(q)] == {"percent": percent, "n": n}
        assert fig.complaints["quarters"][str(q)] == expect_complaints(ds, year, q)
    percent, n = expect_satisfaction(ds, year, None, last)
    assert fig.satisfaction["year"] == {"percent": percent, "n": n}
    assert fig.complaints["year"] == expect_complaints(ds, year, None, last=last)
    assert fig.ita["total"] == expect_ita(ds, year)
    # Every bound indicator shows its source's number for the same period, labelled honestly.
    period = "ทั้งปี" if quarter is None else None
    for item in fig.indicators:
        if item["source"] == "satisfaction" and item["value"] is not None:
            q = None if quarter is None else int(item["period"].split()[-1])
            assert item["value"] == expect_satisfaction(ds, year, q)[0]
            assert item["period"] == (period or f"ไตรมาส {q}")
        if item["source"] == "complaints" and item["value"] is not None:
            kind = "corruption" if "ทุจริต" in item["name"] and name == "generated" else None
            q = None if quarter is None else int(item["period"].split()[-1])
            if name == "generated" or kind is None and "ทุจริต" not in item["name"]:
                assert item["value"] == expect_complaints(ds, year, q, kind)["received"]
        if item["source"] == "ita":
            assert (item["value"], item["period"]) == (
                expect_ita(ds, year),
                "ทั้งปี" if item["value"] is not None else None,
            )


@pytest.mark.parametrize("quarter", (1, 2, 3, 4))
def test_sample_bound_indicators_equal_the_dashboards_for_every_quarter(quarter: int) -> None:
    """Done when: every indicator bound to satisfaction (complaints) has satisfaction.quarters' (complaints') value."""
    ds = _dataset("sample")
    fig = figures(ds, 2568, quarter, public=False)
    sources = {i["source"] for i in fig.indicators}
    assert {"satisfaction", "complaints", "ita"} <= sources
    for item in fig.indicators:
        if item["source"] == "satisfaction":
            assert item["value"] == fig.satisfaction["quarters"][str(quarter)]["percent"]
            assert item["period"] == f"ไตรมาส {quarter}"
        if item["source"] == "complaints" and "ทุจริต" not in item["name"]:
            assert item["value"] == fig.complaints["quarters"][str(quarter)]["received"]
            assert item["period"] == f"ไตรมาส {quarter}"  # quarter 4's count, not the year's


@pytest.mark.parametrize(("name", "year", "quarter"), [c for c in _cases() if c[2] is not None])
def test_every_output_shows_the_same_figures(name: str, year: int, quarter: int) -> None:
    ds = _dataset(name)
    fig = figures(ds, year, quarter, public=False)
    year_pct = fig.satisfaction["year"]["percent"]
    # The overview: cards, chart points, targets and the verdict.
    ov = build_overview(ds, year, quarter)
    overall = ov.satisfaction.overall
    assert (None if overall is None else round(overall.value or 0, 2)) == year_pct
    shown = range(1, quarter + 1)  # as of the quarter: quarters 1 to it
    assert [None if p.value is None else round(p.value, 2) for p in ov.satisfaction_quarters] == [
        fig.satisfaction["quarters"][str(q)]["percent"] for q in shown
    ]
    assert ov.targets["met"] == fig.targets_met
    if year_pct is not None:
        assert float(overview_cards(ov)[3].value.rstrip("%")) == year_pct
    # The satisfaction and complaints pages.
    sat = build_satisfaction_view(ds, year, "mean_pct", 80.0, quarter=quarter)
    assert [None if p.value is None else round(p.value, 2) for p in sat.points] == [
        fig.satisfaction["quarters"][str(q)]["percent"] for q in shown
    ]
    comp = build_complaints_view(ds.frame("complaints"), year, quarter)
    for q in shown:
        got = [c.received for c in comp.quarters if c.quarter == q and c.received is not None]
        assert (sum(got) if got else None) == fig.complaints["quarters"][str(q)]["received"]
    # The council deck and the official report print each bound indicator's value with its period.
    deck = build_deck(ds, year, quarter)
    deck_rows = [row for s in deck.slides if s.table is not None for row in s.table.rows]
    report_text = json.dumps(
        [r.__dict__ for r in build_report(ds, year, quarter).rows], ensure_ascii=False, default=str
    )
    sat_slide = next(s for s in deck.slides if s.key == "satisfaction")
    if year_pct is not None:
        assert float(sat_slide.figure("satisfaction").text.rstrip("%")) == year_pct
    for item, status in zip(fig.indicators, fig.statuses, strict=True):
        if item["source"] in ("satisfaction", "ita") and item["value"] is not None:
            assert status.actual is not None and round(status.actual, 2) == item["value"]
            text = f"{format_number(status.actual)} ({item['period']})"
            assert any(text in cell for row in deck_rows for cell in row), text
            assert text in report_text


def test_overview_is_on_plan_in_quarter_2() -> None:
    """Everything on plan in Q2 (done, or in progress with the plan running) is not red, and the verdict says so."""
    ds = _dataset("sample")
    ov = build_overview(ds, 2568, 2)
    assert ov.progress.on_plan == ov.progress.planned == 17
    assert overview_cards(ov)[0].tone == "good"
    total = sum(v for k, v in ov.targets.items() if k != "no_data")
    assert ov.verdict == f"ตามแผน 17 จาก 17 มาตรการ · บรรลุเป้าหมาย {ov.targets['met']} จาก {total}"


def test_cli_figures_json(store: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(SAMPLE)]) == 0
    capsys.readouterr()
    assert main(["figures", "--year", "2568", "--quarter", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == [
        "ok",
        "problems",
        "year",
        "quarter",
        "version",
        "measures",
        "indicators",
        "ita",
        "satisfaction",
        "complaints",
    ]
    assert list(out["measures"]) == ["planned", "done", "in_progress", "not_started", "not_reported"]
    assert list(out["indicators"][0]) == [
        "measure",
        "indicator",
        "name",
        "source",
        "op",
        "target",
        "value",
        "period",
        "state",
    ]
    assert list(out["ita"]) == ["year", "total", "iit", "eit", "oit", "rating", "published_rating"]
    assert list(out["satisfaction"]) == ["quarters", "year", "method"]
    assert list(out["satisfaction"]["quarters"]["1"]) == ["percent", "n"]
    assert list(out["complaints"]["quarters"]["1"]) == ["received", "completed", "in_progress"]
    fig = figures(_dataset("sample"), 2568, 2, public=False).to_json()
    assert (out["ok"], out["year"], out["quarter"], out["version"]) == (True, 2568, 2, 1)
    for key in ("measures", "indicators", "ita", "satisfaction", "complaints"):
        assert out[key] == json.loads(json.dumps(fig[key], ensure_ascii=False))
    # --public: the small complaint counts the public grid hides are null. The whole year's grid hides
    # quarter 2 (2 general + 1 corruption: the 1 is hidden). As of quarter 2 the grid is quarters 1–2
    # only, and what the whole year's release hides stays hidden, so the two releases side by side
    # do not give the 1 back; the complaint-bound indicators of quarter 2 are hidden with it.
    assert main(["figures", "--year", "2568", "--quarter", "4", "--public", "--json"]) == 0
    public = json.loads(capsys.readouterr().out)
    assert public["complaints"]["quarters"]["2"]["received"] is None
    assert main(["figures", "--year", "2568", "--quarter", "2", "--public", "--json"]) == 0
    public = json.loads(capsys.readouterr().out)
    assert (
        public["complaints"]["quarters"]["2"]["received"] is None and public["complaints"]["year"]["completed"] is None
    )
    assert public["complaints"]["year"]["received"] == 6  # quarters 1–2 together stay published
    assert list(public["complaints"]["quarters"]) == ["1", "2"]
    bound = [i for i in public["indicators"] if i["source"] == "complaints" and i["period"] == "ไตรมาส 2"]
    assert bound and all(i["value"] is None and i["state"] is None for i in bound)
    assert out["complaints"]["quarters"]["2"]["received"] == 3
    # An unknown year: a Thai problem, exit 1.
    assert main(["figures", "--year", "2500", "--json"]) == 1
    bad = json.loads(capsys.readouterr().out)
    assert bad["ok"] is False and bad["problems"][0]["code"] == "figures_unknown_year"
    assert "2500" in bad["problems"][0]["message"]
