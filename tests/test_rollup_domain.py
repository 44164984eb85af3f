"""The roll-up of many agencies (kpi.domain.rollup) on small hand-built frames."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kpi.domain.rollup import (
    Scope,
    agency_type_label,
    home_code,
    in_scope,
    pass_rate_trend,
    peer_position,
    ranking,
    rollup,
)

KK, UD = "ขอนแก่น", "อุดรธานี"


def result(code: str, year: int, total: float, *, passed: bool | None = None, name: str | None = None,
           type: str = "อบต.", district: str = "เมือง", province: str = KK, mark: float = 85.0) -> dict:  # fmt: skip
    return {
        "code": code, "fiscal_year": year, "name": name or f"อบต.{code}", "type": type, "district": district,
        "province": province, "iit": None, "eit": None, "oit": None, "total": total, "published_rating": None,
        "pass_mark": mark, "passed": total >= mark if passed is None else passed,
    }  # fmt: skip


def frames(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Results and the register as the store builds it: each code's attributes from its latest year."""
    results = pd.DataFrame(rows).sort_values(["fiscal_year", "code"]).reset_index(drop=True)
    latest = results.drop_duplicates("code", keep="last").rename(columns={"fiscal_year": "latest_year"})
    register = latest[["code", "name", "type", "district", "province", "latest_year"]].reset_index(drop=True)
    return results, register


def test_pass_rate_counts_the_stored_verdict_and_rounds_to_two_decimals() -> None:
    rows = [result("1", 2568, 90.0), result("2", 2568, 80.0), result("3", 2568, 85.0)]
    rows.append(result("4", 2568, 88.0, passed=False, mark=90.0))  # a year whose mark is 90: the store said no
    results, register = frames(rows + [result("5", 2567, 70.0)])  # 5 published last year only
    r = rollup(results, register, Scope(2568))
    assert (r.agencies, r.with_results, r.passed) == (5, 4, 2)
    assert r.pass_rate == 50.0
    assert r.mean == 85.75 and r.median == 86.5
    r = rollup(*frames([result("1", 2568, 90.0), result("2", 2568, 80.0), result("3", 2568, 70.0)]), Scope(2568))
    assert r.pass_rate == 33.33
    assert (
        rollup(
            *frames([result("1", 2568, 90.0), result("2", 2568, 90.0), result("3", 2568, 70.0)]), Scope(2568)
        ).pass_rate
        == 66.67
    )


def test_pass_rate_rounds_half_up_like_the_sql_view() -> None:
    # 1 of 800 is 0.125 %: half up gives 0.13 (Python's round() would give 0.12).
    rows = [result(str(n), 2568, 90.0 if n == 0 else 60.0) for n in range(800)]
    assert rollup(*frames(rows), Scope(2568)).pass_rate == 0.13


def test_mean_and_median_are_rounded_to_two_decimals() -> None:
    rows = [result("1", 2568, 85.01), result("2", 2568, 85.02), result("3", 2568, 85.02)]
    r = rollup(*frames(rows), Scope(2568))
    assert r.mean == 85.02  # 85.01666…
    assert r.median == 85.02


def test_a_scope_without_results_in_the_year_has_no_pass_rate() -> None:
    results, register = frames([result("1", 2567, 90.0)])
    r = rollup(results, register, Scope(2568))
    assert (r.agencies, r.with_results, r.passed, r.pass_rate, r.mean, r.median) == (1, 0, 0, None, None, None)
    assert r.missing == [{"code": "1", "name": "อบต.1", "district": "เมือง", "type": "อบต."}]


def test_by_district_keeps_same_named_districts_of_two_provinces_apart_and_by_type_in_schema_order() -> None:
    rows = [
        result("1", 2568, 90.0, district="เมือง", province=KK),
        result("2", 2568, 80.0, district="เมือง", province=KK, type="เทศบาลตำบล", name="ทต.สอง"),
        result("3", 2568, 95.0, district="เมือง", province=UD),
        result("4", 2568, 60.0, district="พล", province=KK),
        result("5", 2567, 60.0, district="พล", province=KK),
        result("6", 2568, 99.0, district="พล", province=KK, type="อบจ.", name="อบจ.ขอนแก่น"),
    ]
    r = rollup(*frames(rows), Scope(2568))
    assert [(d["province"], d["district"]) for d in r.by_district] == [(KK, "พล"), (KK, "เมือง"), (UD, "เมือง")]
    phon = r.by_district[0]
    assert phon == {"district": "พล", "province": KK, "agencies": 3, "with_results": 2, "passed": 1,
                    "pass_rate": 50.0, "mean": 79.5}  # fmt: skip
    assert [t["type"] for t in r.by_type] == ["อบจ.", "เทศบาลตำบล", "อบต."]
    assert r.by_type[2] == {"type": "อบต.", "agencies": 4, "with_results": 3, "passed": 2, "pass_rate": 66.67,
                            "mean": 81.67}  # fmt: skip
    payload = r.to_json()
    assert list(payload)[:11] == ["year", "scope", "agencies", "with_results", "passed", "pass_rate", "mean",
                                  "median", "by_district", "by_type", "movers"]  # fmt: skip
    assert json.loads(json.dumps(payload)) == payload  # plain JSON types only


def test_thai_districts_sort_by_consonant_not_by_leading_vowel() -> None:
    rows = [result("1", 2568, 90, district="เมือง"), result("2", 2568, 90, district="ชุมแพ"),
            result("3", 2568, 90, district="บ้านไผ่")]  # fmt: skip
    # เมือง sorts under ม (after บ), not under เ (after every consonant)
    assert [d["district"] for d in rollup(*frames(rows), Scope(2568)).by_district] == ["ชุมแพ", "บ้านไผ่", "เมือง"]


@pytest.mark.parametrize("province", ["ขอนแก่น", "จังหวัดขอนแก่น", "จ.ขอนแก่น", "จ. ขอนแก่น", " ขอนแก่น\u00a0"])
@pytest.mark.parametrize("district", [None, "พล", "อำเภอพล", "อ.พล", "อ. พล"])
def test_scope_names_match_with_or_without_their_prefix(province: str, district: str | None) -> None:
    rows = [result("1", 2568, 90.0, district="พล"), result("2", 2568, 80.0, district="เมือง"),
            result("3", 2568, 70.0, district="พล", province=UD)]  # fmt: skip
    results, register = frames(rows)
    codes = list(in_scope(register, Scope(2568, province=province, district=district))["code"])
    assert codes == (["1"] if district else ["1", "2"])


@pytest.mark.parametrize("typed", ["อบต.", "อบต", "องค์การบริหารส่วนตำบล", " อบต. ", "sao"])
def test_scope_type_accepts_the_short_and_long_forms(typed: str) -> None:
    rows = [result("1", 2568, 90.0), result("2", 2568, 80.0, type="เทศบาลตำบล")]
    r = rollup(*frames(rows), Scope(2568, type=typed))
    assert (r.agencies, r.passed) == (1, 1)


def test_agency_type_label() -> None:
    assert agency_type_label("ทต.") == agency_type_label("ทต") == agency_type_label("เทศบาลตำบล") == "เทศบาลตำบล"
    assert agency_type_label("องค์การบริหารส่วนจังหวัด") == "อบจ."
    assert agency_type_label("ทน.") == "เทศบาลนคร"
    assert agency_type_label("กรม") is None and agency_type_label("") is None and agency_type_label(None) is None


def test_agencies_are_judged_by_their_latest_attributes_in_every_year() -> None:
    # Agency 1 moved from district พล to เมือง in 2568: both years count it in เมือง.
    rows = [result("1", 2567, 90.0, district="พล"), result("1", 2568, 91.0, district="เมือง"),
            result("2", 2567, 80.0, district="พล"), result("2", 2568, 81.0, district="พล")]  # fmt: skip
    results, register = frames(rows)
    trend = pass_rate_trend(results, register, Scope(0, district="เมือง"))
    assert trend.to_dict("records") == [
        {"fiscal_year": 2567, "agencies": 1, "with_results": 1, "passed": 1, "pass_rate": 100.0, "pass_mark": 85.0},
        {"fiscal_year": 2568, "agencies": 1, "with_results": 1, "passed": 1, "pass_rate": 100.0, "pass_mark": 85.0},
    ]
    assert list(ranking(results, register, Scope(2567, district="เมือง"))["district"]) == ["เมือง"]


def test_movers_are_the_ten_biggest_rises_then_the_ten_biggest_falls() -> None:
    rows = []
    for n in range(12):  # rises of 1..12 and falls of 1..12; one unchanged; one new this year
        rows += [result(f"r{n:02d}", 2567, 70.0), result(f"r{n:02d}", 2568, 70.0 + n + 1)]
        rows += [result(f"f{n:02d}", 2567, 90.0), result(f"f{n:02d}", 2568, 90.0 - n - 1)]
    rows += [result("same", 2567, 80.0), result("same", 2568, 80.0), result("new", 2568, 99.0)]
    rows += [result("x", 2566, 50.0), result("x", 2568, 95.0)]  # no row in 2567: not a mover
    moves = rollup(*frames(rows), Scope(2568)).movers
    assert [m["change"] for m in moves] == [12.0, 11.0, 10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0,
                                            -12.0, -11.0, -10.0, -9.0, -8.0, -7.0, -6.0, -5.0, -4.0, -3.0]  # fmt: skip
    assert moves[0] == {"code": "r11", "name": "อบต.r11", "change": 12.0}
    assert moves[10]["code"] == "f11"


def test_movers_change_is_rounded_to_two_decimals() -> None:
    rows = [result("1", 2567, 84.99), result("1", 2568, 85.1)]
    assert rollup(*frames(rows), Scope(2568)).movers == [{"code": "1", "name": "อบต.1", "change": 0.11}]


def test_ranking_ties_share_the_best_rank_and_change_is_against_last_year() -> None:
    rows = [result("a", 2568, 90.0), result("b", 2568, 95.0), result("c", 2568, 90.0), result("d", 2568, 80.0)]
    rows += [result("a", 2567, 85.5)]
    table = ranking(*frames(rows), Scope(2568))
    assert list(table["code"]) == ["b", "a", "c", "d"]
    assert list(table["rank"]) == [1, 2, 2, 4]
    assert table.loc[table["code"] == "a", "change"].item() == 4.5
    assert pd.isna(table.loc[table["code"] == "b", "change"].item())
    assert list(table["passed"]) == [True, True, True, False]


def test_missing_lists_agencies_in_scope_without_a_row_in_the_year() -> None:
    rows = [result("1", 2568, 90.0), result("2", 2567, 90.0, name="อบต.สอง"),
            result("3", 2567, 90.0, type="เทศบาลตำบล")]  # fmt: skip
    r = rollup(*frames(rows), Scope(2568, type="อบต."))
    assert r.missing == [{"code": "2", "name": "อบต.สอง", "district": "เมือง", "type": "อบต."}]


def _peers() -> pd.DataFrame:
    rows = [result(c, 2568, t) for c, t in (("1", 80.0), ("2", 85.0), ("3", 90.0), ("4", 95.0))]
    rows += [result("5", 2568, 99.0, type="เทศบาลตำบล"), result("6", 2568, 10.0, province=UD)]  # not peers
    rows += [result("7", 2567, 100.0)]  # another year
    return frames(rows)[0]


def test_peer_position_among_same_type_in_the_same_province() -> None:
    peer = peer_position(_peers(), "2", 2568)
    assert peer is not None
    assert (peer.peers, peer.rank, peer.percentile) == (4, 3, 50.0)
    assert (peer.median, peer.best, peer.best_name) == (87.5, 95.0, "อบต.4")
    assert (peer.gap_to_median, peer.gap_to_best) == (-2.5, -10.0)
    assert (peer.type, peer.province, peer.total) == ("อบต.", KK, 85.0)
    best = peer_position(_peers(), "4", 2568)
    assert best is not None and (best.rank, best.percentile, best.gap_to_best) == (1, 100.0, 0.0)
    assert peer_position(_peers(), "2", 2567) is None
    assert peer_position(_peers(), "nobody", 2568) is None


def test_peer_percentile_counts_ties_as_at_or_below_and_keeps_one_decimal() -> None:
    rows = [result("1", 2568, 85.0), result("2", 2568, 85.0), result("3", 2568, 90.0)]
    peer = peer_position(frames(rows)[0], "1", 2568)
    assert peer is not None and (peer.rank, peer.percentile) == (2, 66.7)


def test_home_code_prefers_the_configured_code_then_a_unique_name_in_the_province() -> None:
    rows = [result("6340101", 2568, 90.0, name="อบต. บ้านผือ", province=UD),
            result("6340102", 2568, 90.0, name="องค์การบริหารส่วนตำบลบ้านผือ", province=KK),
            result("6340103", 2568, 90.0, name="ทต.นาดี", province=UD)]  # fmt: skip
    results = frames(rows)[0]
    assert home_code(results, "6340103", "องค์การบริหารส่วนตำบลบ้านผือ", UD) == "6340103"
    assert home_code(results, "999", "องค์การบริหารส่วนตำบลบ้านผือ", UD) == "6340101"  # code not loaded: by name
    assert home_code(results, "", "อบต.บ้านผือ", "จังหวัดขอนแก่น") == "6340102"
    assert home_code(results, "", "เทศบาลตำบล นาดี", UD) == "6340103"
    assert home_code(results, "", "องค์การบริหารส่วนตำบลบ้านผือ", "") is None  # two provinces: not sure which
    assert home_code(results, "", "องค์การบริหารส่วนตำบลนาดี", UD) is None  # a different type of agency
