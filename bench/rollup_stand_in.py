"""Stand-in for the roll-up page (views/rollup.py) while it is not in app.py's navigation.

It does what the page will do, through the same cached store: read the current dataset (as app.py's
frame does on every page), read Store.agency_results() and Store.agency_progress(), and compute for
the latest year the pass rate by district and type, a distribution chart, a ranking table, the movers
against last year and the agencies without a result. bench/bench_rollup.py runs it through AppTest
only when app.py has no "rollup" page.
"""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from views._shared import current_dataset, get_store

store = get_store()
current_dataset()  # the frame of every page (app.py's sidebar) reads it
results = store.agency_results()
progress = store.agency_progress()
register = store.agency_register()
year = int(results["fiscal_year"].max())
now = results[results["fiscal_year"] == year]
before = results[results["fiscal_year"] == year - 1]
st.title(f"ภาพรวมหลายหน่วยงาน {year}")
by_district = now.groupby(["province", "district"]).agg(
    with_results=("code", "size"), passed=("passed", "sum"), mean=("total", "mean")
)
by_district["pass_rate"] = (100 * by_district["passed"] / by_district["with_results"]).round(2)
by_type = now.groupby("type").agg(with_results=("code", "size"), passed=("passed", "sum"), mean=("total", "mean"))
trend = results.groupby("fiscal_year")["passed"].mean().mul(100).round(2)
st.metric("ผ่าน", f"{100 * now['passed'].mean():.2f}%")
st.plotly_chart(px.line(x=trend.index, y=trend.values))
st.plotly_chart(px.box(now, x="type", y="total"))
st.dataframe(by_district.reset_index())
st.dataframe(by_type.reset_index())
ranking = now.sort_values("total", ascending=False)[["code", "name", "type", "district", "province", "total", "passed"]]
st.dataframe(ranking, hide_index=True)
moved = now.set_index("code")["total"].sub(before.set_index("code")["total"]).dropna().sort_values()
st.dataframe(moved.head(10))
st.dataframe(moved.tail(10))
missing = register[~register["code"].isin(now["code"])]
st.dataframe(missing)
st.dataframe(progress[progress["fiscal_year"] == progress["fiscal_year"].max()])
