"""ITA totals, ratings in both vocabularies, rules as data, what-ifs and the `ita` command."""

from __future__ import annotations

import copy
import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi.core.messages import PROBLEMS
from kpi.domain import ita
from kpi.domain.ita import (
    check_total,
    ita_rating,
    ita_score,
    ita_scores_from_frame,
    ita_total,
    round_for_rating,
)
from kpi.domain.ita_rules import (
    BUNDLED_RULES_PATH,
    ItaRules,
    RulesError,
    default_rules,
    load_rules,
    parse_rules,
    rule_set_for,
)
from kpi.domain.ita_whatif import least_third_score

BUNDLED = json.loads(BUNDLED_RULES_PATH.read_text(encoding="utf-8"))
score = st.floats(min_value=0, max_value=100, allow_nan=False)
hundredths = st.integers(min_value=0, max_value=10_000).map(lambda k: k / 100)


def rules_with(**changes: object) -> ItaRules:
    """The bundled rules with top-level fields of every rule set replaced."""
    data = copy.deepcopy(BUNDLED)
    for rule_set in data["rule_sets"]:
        rule_set.update(copy.deepcopy(changes))
    return parse_rules(data)


# --- rules ---------------------------------------------------------------------------------------


def test_bundled_rules_load_and_cover_every_year() -> None:
    rules = load_rules(BUNDLED_RULES_PATH)
    assert [r.from_year for r in rules.rule_sets] == [2561, 2566, 2569]
    for year in range(2550, 2575):
        rule_set = rules.for_year(year)
        assert rule_set.weights == {"iit": 0.3, "eit": 0.3, "oit": 0.4}
        assert rule_set.pass_mark == 85
        assert rule_set.excellent_mark == 95


@pytest.mark.parametrize(
    ("year", "from_year"),
    [(2550, 2561), (2561, 2561), (2565, 2561), (2566, 2566), (2568, 2566), (2569, 2569), (2575, 2569)],
)
def test_year_takes_nearest_earlier_rule_set_or_the_first(year: int, from_year: int) -> None:
    assert rule_set_for(year).from_year == from_year


def test_2569_is_marked_provisional() -> None:
    assert ita_rating(2569, 90, 90, 90, 90).provisional
    assert not ita_rating(2568, 90, 90, 90, 90).provisional


def test_rules_override_changes_the_total(tmp_path: Path) -> None:
    custom = tmp_path / "rules.json"
    data = copy.deepcopy(BUNDLED)
    data["rule_sets"][1]["weights"] = {"iit": 0.2, "eit": 0.2, "oit": 0.6}
    custom.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rules = load_rules(custom)
    assert ita_total(2568, 80, 90, 100) == pytest.approx(91.0)
    assert ita_total(2568, 80, 90, 100, rules=rules) == pytest.approx(94.0)
    # Years before the changed rule set keep their own weights.
    assert ita_total(2565, 80, 90, 100, rules=rules) == pytest.approx(91.0)


def test_rules_override_by_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    custom = tmp_path / "rules.json"
    data = copy.deepcopy(BUNDLED)
    data["rule_sets"][1]["pass_mark"] = 80
    data["rule_sets"][1]["bands"][2]["min_total"] = 80
    custom.write_text(json.dumps(data), encoding="utf-8")
    assert not ita_rating(2568, 82).passed
    monkeypatch.setenv("KPI_ITA_RULES", str(custom))
    assert default_rules().for_year(2568).pass_mark == 80
    assert ita_rating(2568, 82).passed
    monkeypatch.delenv("KPI_ITA_RULES")
    assert not ita_rating(2568, 82).passed


def test_rules_override_changing_a_band_changes_the_rating() -> None:
    data = copy.deepcopy(BUNDLED)
    data["rule_sets"][2]["bands"][3]["min_total"] = 60  # ต้องปรับปรุง from 60 in a revised 2569
    rules = parse_rules(data)
    assert ita_rating(2569, 65, rules=rules).label == "ต้องปรับปรุง"
    assert ita_rating(2568, 65, rules=rules).label == "ต้องปรับปรุงโดยด่วน"


@pytest.mark.parametrize(
    "change",
    [
        {"weights": {"iit": 0.3, "eit": 0.3, "oit": 0.3}},  # does not add up to 1
        {"weights": {"iit": 0.5, "eit": 0.5}},  # a tool missing
        {"pass_mark": 120},
        {"bands": []},
        {"bands": [{"key": "x", "label": "x", "min_total": 50, "min_each_tool": None, "severity": "bad"}]},
        {"bands": [{"key": "x", "label": "x", "min_total": 0, "min_each_tool": None, "severity": "red"}]},
        {"goals": {"pass": "nowhere", "good": "nowhere"}},
        {"min_each_tools": 85},  # a typo is an error, not silently ignored
    ],
)
def test_broken_rules_are_rejected(change: dict[str, object]) -> None:
    with pytest.raises(RulesError) as caught:
        rules_with(**change)
    # Reported as Problems with catalogue codes and Thai messages, never an English exception text.
    assert caught.value.problems
    for found in caught.value.problems:
        assert found.code in PROBLEMS and found.code.startswith("ita_rules_")
        assert "ไฟล์เกณฑ์ ITA" in found.message
    assert str(caught.value) == " · ".join(p.message for p in caught.value.problems)


def test_every_problem_of_a_rules_file_is_reported_with_where_it_is() -> None:
    data = copy.deepcopy(BUNDLED)
    data["rule_sets"][0]["min_each_tools"] = 85
    data["rule_sets"][2]["bands"][1]["severity"] = "red"
    with pytest.raises(RulesError) as caught:
        parse_rules(data)
    found = {(p.code, dict(p.details).get("where")) for p in caught.value.problems}
    assert found == {
        ("ita_rules_unknown_field", "rule_sets[0]"),
        ("ita_rules_bad_severity", "rule_sets[2].bands[1]"),
    }


def test_unreadable_rules_file_is_a_rules_error(tmp_path: Path) -> None:
    bad = tmp_path / "rules.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(bad)
    assert [p.code for p in caught.value.problems] == ["ita_rules_unreadable"]
    assert dict(caught.value.problems[0].details) == {"path": str(bad)}
    with pytest.raises(RulesError):
        load_rules(tmp_path / "absent.json")


# --- totals and rounding -------------------------------------------------------------------------


def test_total_is_weighted_sum() -> None:
    assert ita_total(2568, 90, 80, 100) == 91.0
    assert ita_total(2568, 84.99, 84.99, 84.99) == 84.99
    assert ita_total(2568, 99.8, 84.5, 98.375) == 94.64


def test_total_keeps_full_precision() -> None:
    assert ita_total(2568, 85, 85, 84.9875) == 84.995
    assert ita_total(2568, 85, 85, 84.985) == 84.994


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(84.995, 85.0), (84.994, 84.99), (84.9949999, 84.99), (94.645, 94.65), (0.005, 0.01), (100, 100)],
)
def test_round_for_rating_is_half_up_on_the_decimal_value(value: float, rounded: float) -> None:
    assert round_for_rating(value) == rounded


def test_total_of_84_995_is_rated_as_published_85() -> None:
    total = ita_total(2568, 85, 85, 84.9875)
    rating = ita_rating(2568, total, 85, 85, 84.9875)
    assert rating.total == 85.0
    assert rating.passed
    assert rating.label == "ผ่าน"  # OIT 84.9875 is published 84.99 < 85, so not ผ่านดี
    assert ita_rating(2565, 84.995).label == "A"
    assert ita_rating(2565, 84.994).label == "B"


@pytest.mark.parametrize("bad", [-0.01, 100.01, math.nan, math.inf])
def test_scores_outside_0_100_are_rejected(bad: float) -> None:
    with pytest.raises(ValueError):
        ita_total(2568, bad, 90, 90)
    with pytest.raises(ValueError):
        ita_rating(2568, bad)


# --- ratings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "label", "passed"),
    [
        (100, "AA", True),
        (95, "AA", True),
        (94.99, "A", True),
        (85, "A", True),
        (84.99, "B", False),
        (75, "B", False),
        (74.99, "C", False),
        (65, "C", False),
        (64.99, "D", False),
        (55, "D", False),
        (54.99, "E", False),
        (50, "E", False),
        (49.99, "F", False),
        (0, "F", False),
    ],
)
@pytest.mark.parametrize("year", [2560, 2563, 2565])
def test_rating_edges_up_to_2565(year: int, total: float, label: str, passed: bool) -> None:
    rating = ita_rating(year, total)
    assert (rating.label, rating.band_key, rating.passed) == (label, label, passed)
    assert rating.severity == ("good" if passed else "bad")


@pytest.mark.parametrize(
    ("total", "tools", "label", "passed", "severity"),
    [
        (100, (100, 100, 100), "ผ่านดีเยี่ยม", True, "good"),
        (95, (95, 95, 95), "ผ่านดีเยี่ยม", True, "good"),
        (95, (95, 94.99, 95), "ผ่านดี", True, "good"),
        (95, (94.99, 95, 95), "ผ่านดี", True, "good"),
        (94.99, (95, 95, 95), "ผ่านดี", True, "good"),
        (85, (85, 85, 85), "ผ่านดี", True, "good"),
        (85, (85, 85, 84.99), "ผ่าน", True, "ok"),
        (85, (84.99, 85, 85), "ผ่าน", True, "ok"),
        (84.99, (85, 85, 85), "ต้องปรับปรุง", False, "bad"),
        (70, (70, 70, 70), "ต้องปรับปรุง", False, "bad"),
        (69.99, (70, 70, 70), "ต้องปรับปรุงโดยด่วน", False, "bad"),
        (0, (0, 0, 0), "ต้องปรับปรุงโดยด่วน", False, "bad"),
    ],
)
@pytest.mark.parametrize("year", [2566, 2568, 2569, 2570])
def test_rating_edges_from_2566(
    year: int, total: float, tools: tuple[float, float, float], label: str, passed: bool, severity: str
) -> None:
    rating = ita_rating(year, total, *tools)
    assert (rating.label, rating.passed, rating.severity) == (label, passed, severity)
    assert rating.tools_known
    assert not rating.uncertain


def test_press_case_94_64_with_eit_below_85_is_pass() -> None:
    iit, eit, oit = 99.8, 84.5, 98.375
    total = ita_total(2568, iit, eit, oit)
    assert round_for_rating(total) == 94.64
    rating = ita_rating(2568, total, iit, eit, oit)
    assert (rating.label, rating.band_key, rating.passed) == ("ผ่าน", "pass", True)


def test_press_case_95_81_with_a_tool_below_95_is_good() -> None:
    iit, eit, oit = 93, 96, 97.775
    total = ita_total(2568, iit, eit, oit)
    assert round_for_rating(total) == 95.81
    rating = ita_rating(2568, total, iit, eit, oit)
    assert (rating.label, rating.band_key) == ("ผ่านดี", "good")


def test_unknown_tools_count_as_not_meeting_the_tool_minimum() -> None:
    rating = ita_rating(2568, 97)
    assert (rating.label, rating.passed, rating.tools_known, rating.uncertain) == ("ผ่าน", True, False, True)
    # A known tool below 85 already decides it: ผ่าน for certain.
    rating = ita_rating(2568, 97, iit=80)
    assert (rating.label, rating.uncertain) == ("ผ่าน", False)
    # Two tools known and ≥ 95, one unknown: still only ผ่าน, flagged.
    rating = ita_rating(2568, 97, iit=96, eit=96)
    assert (rating.label, rating.uncertain) == ("ผ่าน", True)
    # Below the pass mark the tools cannot matter.
    rating = ita_rating(2568, 80)
    assert (rating.label, rating.uncertain) == ("ต้องปรับปรุง", False)
    # The old vocabulary never needs the tools.
    rating = ita_rating(2565, 97)
    assert (rating.label, rating.tools_known, rating.uncertain) == ("AA", False, False)


# --- one year's score and the sheet -------------------------------------------------------------


def test_ita_score_parts_rating_and_gap() -> None:
    result = ita_score(2568, 90, 80, 100)
    assert result.parts == pytest.approx({"iit": 27.0, "eit": 24.0, "oit": 40.0})
    assert result.total == 91.0
    assert not result.total_given
    assert result.gap_to_pass == 6.0
    assert result.rating.label == "ผ่าน"
    assert result.weakest_indicator is None
    below = ita_score(2568, 80, 80, 84.98)
    assert below.rating.total == 81.99  # 81.992
    assert below.gap_to_pass == pytest.approx(-3.01)
    assert not below.rating.passed


def test_scores_from_frame() -> None:
    df = pd.DataFrame(
        {
            "fiscal_year": [2568, 2565, 2567],
            "iit": [90.0, 80.0, None],
            "eit": [80.0, 80.0, None],
            "oit": [100.0, 90.0, None],
            "total": [None, 83.9, 88.5],
            "i1": [90.0, None, None],
            "i3": [70.5, None, None],
            "i7": [70.5, None, None],
        }
    )
    scores = ita_scores_from_frame(df)
    assert [s.year for s in scores] == [2565, 2567, 2568]
    old, no_tools, new = scores
    assert old.total == 83.9 and old.total_given
    assert old.computed_total == pytest.approx(84.0)
    assert old.rating.label == "B"
    assert no_tools.computed_total is None and no_tools.parts == {"iit": None, "eit": None, "oit": None}
    assert (no_tools.rating.label, no_tools.rating.tools_known, no_tools.rating.uncertain) == ("ผ่าน", False, True)
    assert new.total == 91.0 and not new.total_given
    assert new.indicators[0] == 90.0 and new.indicators[1] is None and len(new.indicators) == 10
    assert new.weakest_indicator == 3  # tie with indicator 7: the lower number


def test_frame_row_without_total_or_tools_is_an_error() -> None:
    df = pd.DataFrame({"fiscal_year": [2568], "iit": [90.0], "eit": [None], "oit": [90.0], "total": [None]})
    with pytest.raises(ValueError):
        ita_scores_from_frame(df)


def test_check_total() -> None:
    assert check_total(2568, 90, 80, 100, 91.0) is None
    assert check_total(2568, 90, 80, 100, 91.05) is None  # exactly at the tolerance
    assert check_total(2568, 90, 80, 100, 90.95) is None
    assert check_total(2568, 90, 80, 100, 91.06) == 91.0
    assert check_total(2568, 90, 80, 100, 89.0) == 91.0
    assert check_total(2568, 90, 80, 100, 91.5, tolerance=1) is None
    # Impossible scores are the range check's business, not a second "mismatch".
    assert check_total(2568, 150, 80, 100, 91.0) is None
    assert check_total(2568, 90, 80, 100, 191.0) is None


# --- what-if -------------------------------------------------------------------------------------


def _reaches(year: int, scores: dict[str, float], goal: str) -> bool:
    rule_set = rule_set_for(year)
    total = ita_total(year, scores["iit"], scores["eit"], scores["oit"])
    rating = ita_rating(year, total, scores["iit"], scores["eit"], scores["oit"])
    return rule_set.rank(rating.band_key) <= rule_set.rank(rule_set.goals[goal])


@pytest.mark.parametrize(
    ("year", "known", "missing", "goal", "answer"),
    [
        (2568, {"iit": 90, "eit": 88}, "oit", "pass", 78.99),  # 84.996 is published as 85.00
        (2568, {"iit": 90, "eit": 88}, "oit", "good", 85.0),
        (2568, {"iit": 96, "eit": 97}, "oit", "excellent", 95.0),
        (2568, {"iit": 90, "eit": 80}, "oit", "pass", 84.99),
        (2568, {"eit": 90, "oit": 90}, "iit", "pass", 73.32),  # 84.996; 73.31 gives 84.993
        (2568, {"iit": 85, "oit": 85}, "eit", "good", 85.0),
        (2565, {"iit": 90, "eit": 88}, "oit", "good", 78.99),  # band A is the pass band
        (2565, {"iit": 95, "eit": 95}, "oit", "excellent", 94.99),
    ],
)
def test_least_third_score_is_exact_at_the_boundary(
    year: int, known: dict[str, float], missing: str, goal: str, answer: float
) -> None:
    result = least_third_score(year, known, missing, goal)
    assert result.reachable
    assert result.score == answer
    assert result.rating is not None
    assert _reaches(year, {**known, missing: answer}, goal)
    assert not _reaches(year, {**known, missing: round(answer - 0.01, 2)}, goal)


def test_what_if_unreachable_because_a_known_tool_is_below_85() -> None:
    result = least_third_score(2568, {"iit": 95, "eit": 84.99}, "oit", "good")
    assert (result.reachable, result.score, result.reason, result.blocking_tool) == (
        False,
        None,
        "tool_below_mark",
        "eit",
    )
    # The same scores can still pass.
    assert least_third_score(2568, {"iit": 95, "eit": 84.99}, "oit", "pass").reachable


def test_what_if_unreachable_because_even_100_is_not_enough() -> None:
    result = least_third_score(2568, {"iit": 50, "eit": 60}, "oit", "pass")
    assert (result.reachable, result.reason, result.blocking_tool, result.best_total) == (
        False,
        "max_not_enough",
        None,
        73.0,
    )
    result = least_third_score(2565, {"iit": 90, "eit": 80}, "oit", "excellent")
    assert (result.reachable, result.reason, result.best_total) == (False, "max_not_enough", 91.0)


@pytest.mark.parametrize(
    ("known", "missing", "goal"),
    [
        ({"iit": 90, "eit": 90}, "oit", "great"),
        ({"iit": 90}, "oit", "pass"),
        ({"iit": 90, "eit": 90}, "eit", "pass"),
        ({"iit": 90, "eit": 90}, "xit", "pass"),
        ({"iit": 190, "eit": 90}, "oit", "pass"),
    ],
)
def test_what_if_rejects_bad_questions(known: dict[str, float], missing: str, goal: str) -> None:
    with pytest.raises(ValueError):
        least_third_score(2568, known, missing, goal)


@settings(max_examples=60, deadline=None)
@given(
    year=st.sampled_from([2565, 2568, 2569]),
    missing=st.sampled_from(["iit", "eit", "oit"]),
    goal=st.sampled_from(["pass", "good", "excellent"]),
    a=hundredths,
    b=hundredths,
)
def test_what_if_answer_is_least_on_the_grid(year: int, missing: str, goal: str, a: float, b: float) -> None:
    others = [tool for tool in ("iit", "eit", "oit") if tool != missing]
    known = dict(zip(others, (a, b), strict=True))
    result = least_third_score(year, known, missing, goal)
    if result.reachable:
        assert result.score is not None and 0 <= result.score <= 100
        assert _reaches(year, {**known, missing: result.score}, goal)
        if result.score > 0:
            assert not _reaches(year, {**known, missing: round(result.score - 0.01, 2)}, goal)
    else:
        assert not _reaches(year, {**known, missing: 100.0}, goal)
        assert result.reason in {"tool_below_mark", "max_not_enough"}


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=200)
@given(
    year=st.sampled_from([2560, 2565, 2566, 2569]),
    scores=st.tuples(score, score, score),
    tool=st.integers(min_value=0, max_value=2),
    higher=score,
)
def test_total_is_monotone_and_within_0_100(
    year: int, scores: tuple[float, float, float], tool: int, higher: float
) -> None:
    base = ita_total(year, *scores)
    assert 0 <= base <= 100
    raised = list(scores)
    raised[tool] = max(scores[tool], higher)
    after = ita_total(year, *raised)
    assert 0 <= after <= 100
    assert after >= base
    rule_set = rule_set_for(year)
    before_rating = ita_rating(year, base, *scores)
    after_rating = ita_rating(year, after, *raised)
    assert rule_set.rank(after_rating.band_key) <= rule_set.rank(before_rating.band_key)


def test_ita_module_does_not_import_streamlit() -> None:
    code = "import sys, kpi.domain.ita; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(ita.__file__).parents[2]).returncode == 0
