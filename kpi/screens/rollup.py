"""ภาพรวมหลายหน่วยงาน: many agencies' published ITA results for a year and a scope (province, district, type).

Every figure comes from kpi.domain.rollup (the same numbers `python -m kpi rollup --json` prints); this
module only chooses what to show and says it in Thai: the headline cards, the distribution of totals
per group, the ranking table with its search, the movers, the agencies without a result, and the
progress of the agencies that keep their own workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.messages import t
from kpi.core.thai import format_number
from kpi.domain.rollup import Rollup, Scope, in_scope, pass_rate_trend, ranking, rollup
from kpi.screens.overview import Card

# A box plot with more groups than this keeps the lowest and the highest medians (half each): 77
# provinces side by side are unreadable, and the groups in the middle say least.
MAX_GROUPS = 30
PROGRESS_CHART_MAX = 30  # agencies drawn in the progress chart (the table lists them all)


@dataclass(frozen=True)
class RollupChoices:
    """What the scope selectors offer."""

    years: tuple[int, ...]  # newest first; only years with results
    provinces: tuple[str, ...]
    districts: tuple[str, ...]  # of the chosen province (none without one: district names repeat)
    types: tuple[str, ...]
    default_province: str | None  # the organisation's province when it has results


@dataclass(frozen=True)
class Distribution:
    """Totals per group as a box plot draws them (quartiles and whiskers), lowest median first."""

    frame: pd.DataFrame  # group, n, lower, q1, median, q3, upper, mean
    groups: int  # how many groups there are (the frame may keep fewer)
    label: str  # what a group is: ประเภท, อำเภอ or จังหวัด


@dataclass(frozen=True)
class RollupPage:
    """The roll-up page of one year and scope, as data ready to draw."""

    scope: Scope
    summary: Rollup
    pass_mark: float
    cards: tuple[Card, ...]
    scope_text: str
    trend: pd.DataFrame  # fiscal_year, agencies, with_results, passed, pass_rate, pass_mark
    by_type: Distribution
    by_place: Distribution
    ranking: pd.DataFrame  # rank, code, name, type, district, province, iit, eit, oit, total, passed, change
    rises: pd.DataFrame  # Thai columns
    falls: pd.DataFrame
    missing: pd.DataFrame
    progress: pd.DataFrame  # code, name, on_plan_percent, done_percent, satisfaction_percent, satisfaction_n


def _sorted_text(values: pd.Series) -> tuple[str, ...]:
    return tuple(sorted({str(v) for v in values.dropna() if str(v).strip()}))


def rollup_choices(
    results: pd.DataFrame, register: pd.DataFrame, org_province: str, province: str | None
) -> RollupChoices:
    """The years, provinces, districts (of `province`) and types the selectors offer."""
    years = tuple(sorted({int(y) for y in results["fiscal_year"]}, reverse=True))
    provinces = _sorted_text(register["province"])
    districts = _sorted_text(register.loc[register["province"] == province, "district"]) if province else ()
    default = org_province if org_province in provinces else None
    return RollupChoices(years, provinces, districts, _sorted_text(register["type"]), default)


def scope_text(scope: Scope) -> str:
    """'จังหวัดขอนแก่น อำเภอเมือง · อบต.': the scope in words ('ทุกจังหวัด' when none is chosen)."""
    parts = []
    if scope.province:
        parts.append(t("rollup_scope_province", name=scope.province))
        if scope.district:
            parts.append(t("rollup_scope_district", name=scope.district))
    else:
        parts.append(t("rollup_all_provinces"))
    text = " ".join(parts)
    if scope.type:
        text += " · " + scope.type
    return text


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{format_number(value, 2)}%"


def year_pass_mark(results: pd.DataFrame, year: int) -> float | None:
    """The year's pass mark as the results carry it (kpi.domain.ita_rules through the roll-up tables)."""
    marks = results.loc[results["fiscal_year"] == year, "pass_mark"].dropna()
    return float(marks.iloc[0]) if len(marks) else None


def rollup_cards(summary: Rollup, pass_mark: float | None) -> tuple[Card, ...]:
    """Agencies, with results, passed, pass rate (against the year's mark)."""
    mark = "–" if pass_mark is None else format_number(pass_mark, 2)
    without = summary.agencies - summary.with_results
    return (
        Card(t("rollup_card_agencies"), format_number(summary.agencies, 0), t("rollup_card_agencies_detail"), "none"),
        Card(
            t("rollup_card_with_results"),
            format_number(summary.with_results, 0),
            t("rollup_card_without", count=format_number(max(without, 0), 0)),
            "none",
        ),
        Card(
            t("rollup_card_passed"),
            format_number(summary.passed, 0),
            t("rollup_card_passed_detail", mark=mark),
            "none",
        ),
        Card(
            t("rollup_card_pass_rate"),
            _pct(summary.pass_rate),
            t(
                "rollup_card_pass_rate_detail",
                passed=format_number(summary.passed, 0),
                with_results=format_number(summary.with_results, 0),
                mark=mark,
            ),
            "none",
        ),  # fmt: skip
    )


def distribution(rows: pd.DataFrame, column: str, label: str) -> Distribution:
    """Quartiles and whiskers (1.5 × IQR, within the data) of the totals per group of `column`."""
    records = []
    for group, part in rows.groupby(column, sort=False):
        totals = part["total"].dropna().astype(float)
        if totals.empty:
            continue
        q1, median, q3 = (float(totals.quantile(q)) for q in (0.25, 0.5, 0.75))
        reach = 1.5 * (q3 - q1)
        lower = float(totals[totals >= q1 - reach].min())
        upper = float(totals[totals <= q3 + reach].max())
        records.append((str(group), len(totals), lower, q1, median, q3, upper, float(totals.mean())))
    frame = pd.DataFrame(records, columns=["group", "n", "lower", "q1", "median", "q3", "upper", "mean"])
    frame = frame.sort_values(["median", "group"]).reset_index(drop=True)
    groups = len(frame)
    if groups > MAX_GROUPS:
        half = MAX_GROUPS // 2
        frame = pd.concat([frame.head(half), frame.tail(half)]).reset_index(drop=True)
    return Distribution(frame, groups, label)


def distribution_note(dist: Distribution) -> str | None:
    """Say when a box plot keeps only the lowest and highest groups."""
    if dist.groups <= len(dist.frame):
        return None
    return t(
        "rollup_groups_kept", kept=len(dist.frame), groups=dist.groups, half=len(dist.frame) // 2, label=dist.label
    )


def _movers(summary: Rollup) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = {"code": t("rollup_col_code"), "name": t("rollup_col_name"), "change": t("rollup_col_change")}
    frame = pd.DataFrame(list(summary.movers), columns=list(columns))
    frame["change"] = pd.to_numeric(frame["change"])
    rises = frame[frame["change"] > 0].sort_values("change", ascending=False)
    falls = frame[frame["change"] < 0].sort_values("change")
    return rises.rename(columns=columns).reset_index(drop=True), falls.rename(columns=columns).reset_index(drop=True)


def _missing(summary: Rollup) -> pd.DataFrame:
    columns = {
        "code": t("rollup_col_code"),
        "name": t("rollup_col_name"),
        "type": t("rollup_col_type"),
        "district": t("rollup_col_district"),
    }
    return pd.DataFrame(list(summary.missing), columns=list(columns)).rename(columns=columns)


def _progress(progress: pd.DataFrame, register: pd.DataFrame, scope: Scope, home: str | None) -> pd.DataFrame:
    """Measures on plan and satisfaction of each in-scope agency that keeps its own workbook."""
    columns = ["code", "name", "on_plan_percent", "done_percent", "satisfaction_percent", "satisfaction_n"]
    rows = progress[progress["fiscal_year"] == scope.year].copy()
    if home:
        rows.loc[rows["code"] == "", "code"] = home  # the install's own workbook, under its code among peers
    scoped = in_scope(register, scope)
    rows = rows.merge(scoped[["code", "name"]], on="code", how="inner")
    if rows.empty:
        return pd.DataFrame(columns=columns)
    planned = rows["planned"].astype(float).where(rows["planned"] > 0)
    rows["on_plan_percent"] = (rows["on_plan"] / planned * 100).round(2)
    rows["done_percent"] = (rows["done"] / planned * 100).round(2)
    rows["satisfaction_percent"] = pd.to_numeric(rows["satisfaction_percent"]).round(2)
    return rows[columns].sort_values("name").reset_index(drop=True)


def build_rollup_page(
    results: pd.DataFrame, register: pd.DataFrame, progress: pd.DataFrame, scope: Scope, home: str | None = None
) -> RollupPage:
    """The roll-up page of a year and scope (the results, register and progress as the store reads them)."""
    summary = rollup(results, register, scope)
    ranked = ranking(results, register, scope)
    mark = year_pass_mark(results, scope.year)
    place = "district" if scope.province else "province"
    place_label = t("rollup_col_district") if scope.province else t("rollup_col_province")
    rises, falls = _movers(summary)
    return RollupPage(
        scope=scope,
        summary=summary,
        pass_mark=mark if mark is not None else 0.0,
        cards=rollup_cards(summary, mark),
        scope_text=scope_text(scope),
        trend=pass_rate_trend(results, register, scope),
        by_type=distribution(ranked, "type", t("rollup_col_type")),
        by_place=distribution(ranked, place, place_label),
        ranking=ranked,
        rises=rises,
        falls=falls,
        missing=_missing(summary),
        progress=_progress(progress, register, scope, home),
    )


def search_ranking(ranked: pd.DataFrame, search: str) -> pd.DataFrame:
    """The ranking rows whose code or name contains the search text (all of them for an empty search)."""
    text = " ".join(search.split())[:100]
    if not text:
        return ranked
    found = ranked["code"].astype(str).str.contains(text, case=False, regex=False) | ranked["name"].astype(
        str
    ).str.contains(text, case=False, regex=False)
    return ranked[found].reset_index(drop=True)


# The total, the verdict and the change come before the three tools: on a laptop they stay in view.
SHOWN_ORDER = ("rank", "code", "name", "type", "district", "province", "total", "passed", "change", "iit", "eit", "oit")


def ranking_table(ranked: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The ranking as shown: Thai column names, ผ่าน / ไม่ผ่าน in words, without the columns the scope
    fixes (one province, district or type: the same word on every row)."""
    fixed = {"province": scope.province, "district": scope.district, "type": scope.type}
    frame = ranked[[c for c in SHOWN_ORDER if not fixed.get(c)]].copy()
    frame["passed"] = frame["passed"].map(lambda ok: t("rollup_passed") if bool(ok) else t("rollup_not_passed"))
    return frame.rename(columns=ranking_headers())


def ranking_headers() -> dict[str, str]:
    """The ranking table's Thai column names by field."""
    return {
        "rank": t("rollup_col_rank"),
        "code": t("rollup_col_code"),
        "name": t("rollup_col_name"),
        "type": t("rollup_col_type"),
        "district": t("rollup_col_district"),
        "province": t("rollup_col_province"),
        "iit": "IIT",
        "eit": "EIT",
        "oit": "OIT",
        "total": t("rollup_col_total"),
        "passed": t("rollup_col_result"),
        "change": t("rollup_col_change"),
    }


def progress_table(progress: pd.DataFrame) -> pd.DataFrame:
    """Measures on plan, done and satisfaction per agency, with Thai column names."""
    return progress.rename(
        columns={
            "code": t("rollup_col_code"),
            "name": t("rollup_col_name"),
            "on_plan_percent": t("rollup_col_on_plan"),
            "done_percent": t("rollup_col_done"),
            "satisfaction_percent": t("rollup_col_satisfaction"),
            "satisfaction_n": t("rollup_col_satisfaction_n"),
        }
    )
