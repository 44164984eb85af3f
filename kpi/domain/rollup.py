"""The roll-up of many agencies' ITA results: pass rate, spread, movers and peers for a year and a scope.

Pure pandas over the two frames the store reads (kpi.store.rollup_tables): `results` (one row per
agency and year: code, fiscal_year, name, type, district, province, iit, eit, oit, total,
published_rating, pass_mark, passed) and `register` (code, name, type, district, province,
latest_year). The page ภาพรวมหลายหน่วยงาน and `python -m kpi rollup` both call these functions.

Rules every figure follows:
- Which agencies are in a scope (province, district, type) and what name, type, district and province
  they show is decided by their LATEST attributes (the register), for every year: an agency that moved
  district counts in its present district, in this year's figures and last year's.
- "Passed" is the stored verdict (`results.passed`: the total, rounded as the NACC publishes, reaches
  the year's pass mark); nothing here recomputes it.
- Percentages and scores are rounded half up to 2 decimals (kpi.domain.ita.round_for_rating), as the
  SQL view ita_pass_by_district rounds.
- Names compare after whitespace normalisation; a province or district may be given with its prefix
  (จังหวัด, จ., อำเภอ, อ.) and an agency type by a short form (อบต, ทต. …, schema AGENCY_TYPE_ALIASES).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from kpi.core.schema import AGENCY_TYPE_ALIASES, AGENCY_TYPES
from kpi.core.thai import normalize_space, normalize_thai
from kpi.domain.ita import round_for_rating

MOVERS_EACH_WAY = 10
_PREFIXES = ("จังหวัด", "อำเภอ", "เขต", "จ.", "อ.")
_LEADING_VOWELS = re.compile(r"([เแโใไ])([ก-ฮ])")
# Long official words and the short forms agencies use, longest first (for matching names).
_NAME_SHORT = (
    ("องค์การบริหารส่วนจังหวัด", "อบจ."),
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("เทศบาลตำบล", "ทต."),
    ("เทศบาลเมือง", "ทม."),
    ("เทศบาลนคร", "ทน."),
)
RANKING_COLUMNS = (
    "rank", "code", "name", "type", "district", "province", "iit", "eit", "oit", "total", "passed", "change",
)  # fmt: skip
_TYPE_CODES = {**AGENCY_TYPES, **AGENCY_TYPE_ALIASES}
TREND_COLUMNS = ("fiscal_year", "agencies", "with_results", "passed", "pass_rate", "pass_mark")


# --- names ------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return normalize_space(normalize_thai(str(value)))


@functools.lru_cache(maxsize=65536)
def _cached_place(text: str) -> str:
    name = _text(text)
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :].strip()
    return name


@functools.lru_cache(maxsize=256)
def _cached_type(text: str) -> str:
    return agency_type_label(text) or _text(text)


def type_key(text: object) -> str:
    """An agency type as compared: its stored Thai word when it is a known form, else the text as typed."""
    return _cached_type(_text(text))


def place_key(text: object) -> str:
    """A province or district name as compared: whitespace normalised, a leading จังหวัด/จ./อำเภอ/อ. dropped."""
    return _cached_place("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def agency_type_label(text: object) -> str | None:
    """The stored Thai word of an agency type (อบจ., เทศบาลนคร, เทศบาลเมือง, เทศบาลตำบล, อบต.) for what a
    user typed: the word itself, a short form or the long name (องค์การบริหารส่วนตำบล, ทต …) or the
    English code (sao …); None when it is none of them."""
    name = _text(text)
    if not name:
        return None
    codes = _TYPE_CODES
    code = codes.get(name) or codes.get(name.replace(" ", "")) or codes.get(name.rstrip(".") + ".")
    if code is None and name.lower() in AGENCY_TYPES.values():
        code = name.lower()
    if code is None:
        return None
    return next(label for label, c in AGENCY_TYPES.items() if c == code)


def name_key(text: object) -> str:
    """An agency's name as compared: long type words shortened (องค์การบริหารส่วนตำบล ↔ อบต., เทศบาลตำบล ↔ ทต.),
    a short form without its dot read with it, and no whitespace at all."""
    name = _text(text).replace(" ", "")
    for long, short in _NAME_SHORT:
        name = name.replace(long, short)
    for _, short in _NAME_SHORT:
        bare = short.rstrip(".")
        if name.startswith(bare) and not name.startswith(short):
            name = short + name[len(bare) :]
    return name


def thai_sort_key(text: object) -> str:
    """A sort key close to Thai dictionary order: a leading vowel (เ แ โ ใ ไ) sorts after its consonant."""
    return _LEADING_VOWELS.sub(r"\2\1", _text(text))


def _type_order(label: str) -> tuple[int, str]:
    labels = list(AGENCY_TYPES)
    return (labels.index(label), "") if label in labels else (len(labels), thai_sort_key(label))


# --- numbers ----------------------------------------------------------------------------------


def _r2(value: float | None) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round_for_rating(float(value), 2)


def _rate(passed: int, with_results: int) -> float | None:
    """passed ÷ with_results × 100, half up to 2 decimals, in exact decimal arithmetic; None for 0 ÷ 0."""
    if not with_results:
        return None
    value = Decimal(passed) * 100 / Decimal(with_results)
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# --- scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """A fiscal year and optionally one province, district and agency type (the type's stored Thai word)."""

    year: int
    province: str | None = None
    district: str | None = None
    type: str | None = None

    def to_json(self) -> dict[str, Any]:
        """{"province", "district", "type"} as given (None: all)."""
        return {"province": self.province, "district": self.district, "type": self.type}


def in_scope(register: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The register rows (latest attributes) of the agencies in the scope's province, district and type."""
    mask = pd.Series(True, index=register.index)
    if scope.province:
        mask &= register["province"].map(place_key) == place_key(scope.province)
    if scope.district:
        mask &= register["district"].map(place_key) == place_key(scope.district)
    if scope.type:
        mask &= register["type"].map(type_key) == type_key(scope.type)
    return register[mask].reset_index(drop=True)


def _among(values: pd.Series, codes: pd.Series) -> pd.Series:
    """values.isin(codes) through a plain set (pandas' isin on Arrow-backed strings walks Python objects slowly)."""
    wanted = set(codes.tolist())
    return pd.Series([value in wanted for value in values.tolist()], index=values.index, dtype=bool)


def _year_rows(results: pd.DataFrame, codes: pd.Series, year: int) -> pd.DataFrame:
    rows = results[results["fiscal_year"] == year]
    return rows[_among(rows["code"], codes)].drop_duplicates("code", keep="last")


def _year_table(members: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per member: its comparison keys (_p, _d, _t), and from the year's rows has (a row in the
    year), passed (the stored verdict; False without a row) and total (NaN without a row)."""
    table = members.assign(
        _p=members["province"].map(place_key), _d=members["district"].map(place_key), _t=members["type"].map(type_key)
    )
    scores = rows[["code", "total", "passed"]].assign(has=True)
    table = table.merge(scores, on="code", how="left")
    return table.assign(has=table["has"].eq(True), passed=table["passed"].eq(True), total=table["total"].astype(float))


def _with_latest(rows: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """A year's rows with the register's latest name, type, district and province."""
    attributes = register[["code", "name", "type", "district", "province"]]
    scores = rows.drop(columns=[c for c in ("name", "type", "district", "province") if c in rows.columns])
    return scores.merge(attributes, on="code", how="inner")


# --- the roll-up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rollup:
    """A year's roll-up over a scope (see the module's rules)."""

    year: int
    scope: Scope
    agencies: int  # in scope (register)
    with_results: int  # of those, with a row in the year
    passed: int
    pass_rate: float | None  # passed ÷ with_results × 100, 2 decimals; None when with_results is 0
    mean: float | None
    median: float | None
    by_district: list[dict[str, Any]] = field(default_factory=list)
    by_type: list[dict[str, Any]] = field(default_factory=list)
    movers: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The issue's payload: year, scope, agencies, with_results, passed, pass_rate, mean, median,
        by_district, by_type, movers, plus missing."""
        return {
            "year": self.year,
            "scope": self.scope.to_json(),
            "agencies": self.agencies,
            "with_results": self.with_results,
            "passed": self.passed,
            "pass_rate": self.pass_rate,
            "mean": self.mean,
            "median": self.median,
            "by_district": self.by_district,
            "by_type": self.by_type,
            "movers": self.movers,
            "missing": self.missing,
        }


def _figures(agencies: int, with_results: int, passed: int, mean: float | None) -> dict[str, Any]:
    return {
        "agencies": int(agencies),
        "with_results": int(with_results),
        "passed": int(passed),
        "pass_rate": _rate(int(passed), int(with_results)),
        "mean": _r2(mean) if with_results else None,
    }


def _group(table: pd.DataFrame) -> dict[str, Any]:
    return _figures(len(table), table["has"].sum(), table["passed"].sum(), table["total"].mean())


def _groups(table: pd.DataFrame, keys: list[str]) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    sums = table.groupby(keys, sort=False).agg(
        agencies=("code", "size"), with_results=("has", "sum"), passed=("passed", "sum"), mean=("total", "mean")
    )
    found = []
    for key, agencies, with_results, passed, mean in sums.itertuples(name=None):
        names = key if isinstance(key, tuple) else (key,)
        found.append((tuple(str(n) for n in names), _figures(agencies, with_results, passed, mean)))
    return found


def _changes(results: pd.DataFrame, codes: pd.Series, year: int) -> pd.Series:
    """total(year) − total(year − 1) by code, for codes with both rows (full precision)."""
    now = _year_rows(results, codes, year).set_index("code")["total"].astype(float)
    before = _year_rows(results, codes, year - 1).set_index("code")["total"].astype(float)
    return (now - before).dropna()


def movers(results: pd.DataFrame, register: pd.DataFrame, scope: Scope) -> list[dict[str, Any]]:
    """The 10 biggest rises then the 10 biggest falls against the year before: {"code", "name", "change"}."""
    members = in_scope(register, scope)
    change = _changes(results, members["code"], scope.year)
    names = dict(zip(members["code"], members["name"], strict=True))
    table = pd.DataFrame({"code": change.index, "change": change.to_numpy()})
    rises = table[table["change"] > 0].sort_values(["change", "code"], ascending=[False, True]).head(MOVERS_EACH_WAY)
    falls = table[table["change"] < 0].sort_values(["change", "code"], ascending=[True, True]).head(MOVERS_EACH_WAY)
    return [
        {"code": row.code, "name": names.get(row.code, ""), "change": _r2(row.change)}
        for row in pd.concat([rises, falls]).itertuples()
    ]


def rollup(results: pd.DataFrame, register: pd.DataFrame, scope: Scope) -> Rollup:
    """The year's roll-up over the scope's agencies (judged by their latest attributes)."""
    members = in_scope(register, scope)
    rows = _year_rows(results, members["code"], scope.year)
    table = _year_table(members, rows)
    whole = _group(table)
    totals = rows["total"].astype(float)
    by_district = [{"district": d, "province": p, **sums} for (p, d), sums in _groups(table, ["_p", "_d"])]
    by_district.sort(key=lambda d: (thai_sort_key(d["province"]), thai_sort_key(d["district"])))
    by_type = [{"type": kind, **sums} for (kind,), sums in _groups(table, ["_t"])]
    by_type.sort(key=lambda d: _type_order(d["type"]))
    absent = members[~table["has"].to_numpy()]
    missing = [
        {"code": r.code, "name": r.name, "district": r.district, "type": r.type}
        for r in absent.sort_values("code").itertuples()
    ]
    return Rollup(
        year=scope.year,
        scope=scope,
        agencies=whole["agencies"],
        with_results=whole["with_results"],
        passed=whole["passed"],
        pass_rate=whole["pass_rate"],
        mean=whole["mean"],
        median=_r2(totals.median()) if len(rows) else None,
        by_district=by_district,
        by_type=by_type,
        movers=movers(results, register, scope),
        missing=missing,
    )


def pass_rate_trend(results: pd.DataFrame, register: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """One row per fiscal year with results in the scope (the scope's year is ignored): fiscal_year,
    agencies (in scope now), with_results, passed, pass_rate, pass_mark."""
    members = in_scope(register, scope)
    rows = results[_among(results["code"], members["code"])].drop_duplicates(["fiscal_year", "code"], keep="last")
    sums = rows.groupby("fiscal_year").agg(
        with_results=("code", "size"), passed=("passed", "sum"), pass_mark=("pass_mark", "max")
    )
    table = []
    for year, with_results, passed, mark in sums.itertuples(name=None):
        group = _figures(len(members), with_results, passed, None)
        table.append({"fiscal_year": int(year), **{k: group[k] for k in TREND_COLUMNS[1:-1]}, "pass_mark": float(mark)})
    return pd.DataFrame(table, columns=list(TREND_COLUMNS))


def ranking(results: pd.DataFrame, register: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The year's agencies in scope by total, best first: rank (ties share the best rank), code, name, type,
    district, province (latest), iit, eit, oit, total, passed, change (against the year before; NA when
    that year has no row)."""
    members = in_scope(register, scope)
    rows = _with_latest(_year_rows(results, members["code"], scope.year), members)
    change = _changes(results, members["code"], scope.year).round(2)
    rows = rows.assign(
        total=rows["total"].astype(float),
        passed=rows["passed"].astype(bool),
        change=rows["code"].map(change).astype("Float64"),
    )
    rows = rows.sort_values(["total", "code"], ascending=[False, True]).reset_index(drop=True)
    rows["rank"] = rows["total"].rank(method="min", ascending=False).astype(int)
    return rows[list(RANKING_COLUMNS)]


# --- one agency among its peers ---------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    """Where one agency stands among the agencies of its type in its province in a year (build it by keyword)."""

    year: int  # first, not `code`: a class whose first field is `code` reads as a problem code to the house rules
    code: str
    type: str
    province: str
    total: float
    peers: int  # with a row in the year, the agency included
    rank: int  # 1 the best; ties share the best rank
    percentile: float  # share of peers whose total is ≤ the agency's, × 100, 1 decimal
    median: float
    best: float
    best_name: str
    gap_to_median: float  # total − median
    gap_to_best: float  # total − best (0 or negative)


def peer_position(results: pd.DataFrame, code: str, year: int) -> Peer | None:
    """The agency's position among its peers in the year (same type, same province, by that year's rows);
    None when the agency has no row in the year."""
    year_rows = results[results["fiscal_year"] == year]
    own = year_rows[year_rows["code"] == code]
    if own.empty:
        return None
    me = own.iloc[-1]
    kind = type_key(me["type"])
    province = place_key(me["province"])
    same = year_rows["type"].map(type_key) == kind
    peers = year_rows[same & (year_rows["province"].map(place_key) == province)].drop_duplicates("code", keep="last")
    totals = peers["total"].astype(float)
    total = float(me["total"])
    best_row = peers.sort_values(["total", "code"], ascending=[False, True]).iloc[0]
    median = float(totals.median())
    share = round_for_rating(float((totals <= total).sum()) / len(totals) * 100, 1)
    return Peer(
        code=str(code),
        year=int(year),
        type=kind,
        province=province,
        total=round_for_rating(total, 2),
        peers=len(peers),
        rank=int((totals > total).sum()) + 1,
        percentile=share,
        median=round_for_rating(median, 2),
        best=round_for_rating(float(best_row["total"]), 2),
        best_name=str(best_row["name"]),
        gap_to_median=round_for_rating(total - median, 2),
        gap_to_best=round_for_rating(total - float(best_row["total"]), 2),
    )


def home_code(results: pd.DataFrame, org_code: str, org_name: str, org_province: str) -> str | None:
    """The install's own code among the results: `org_code` when it is set and present; else the one code
    whose name matches `org_name` (อบต. ↔ องค์การบริหารส่วนตำบล, ทต. ↔ เทศบาลตำบล, spaces ignored) in
    `org_province`; None when there is none or more than one."""
    codes = set(results["code"].astype(str))
    if org_code and org_code in codes:
        return org_code
    if not _text(org_name):
        return None
    wanted = name_key(org_name)
    named = results[["code", "name", "province"]].drop_duplicates()  # 8,000 agencies, not 80,000 rows
    match = named["name"].map(name_key) == wanted
    if _text(org_province):
        match &= named["province"].map(place_key) == place_key(org_province)
    found = sorted(set(named.loc[match, "code"].astype(str)))
    return found[0] if len(found) == 1 else None
