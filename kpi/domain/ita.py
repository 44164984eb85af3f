"""ITA scores: the weighted total of IIT/EIT/OIT, the rating in each year's vocabulary, and what-ifs.

Weights, pass mark, bands and rating vocabulary are data (kpi/domain/ita_rules.json, overridable with the
KPI_ITA_RULES environment variable or an explicit path), one rule set per range of fiscal years, so
a new NACC framework is an edit to that file, not to this code.

Rounding (the one rule used everywhere a score meets a mark): the NACC publishes scores to two
decimals, so before a total or a tool score is compared with a band's mark it is rounded to the rule
set's `decimals` (2), half up, on its decimal value. Totals are computed in exact decimal arithmetic
from the scores as written (0.3 × 84.99 is 25.497, not 25.496999…), so an exact total of 84.995 is
published as 85.00 and passes; 84.994 is published as 84.99 and does not. `ita_total` itself keeps
full precision; only the rating (and what is shown) uses the rounded figure.
"""

from __future__ import annotations

import argparse
import json
import math
import numbers
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from kpi.cli.parser import ThaiArgumentParser
from kpi.core.messages import problem_message, t
from kpi.core.schema import YEAR_RANGE
from kpi.core.settings import ita_rules_path
from kpi.core.thai import format_number, parse_number

TOOLS = ("iit", "eit", "oit")
GOALS = ("pass", "good", "excellent")
SEVERITIES = ("good", "ok", "bad")
INDICATOR_COUNT = 10
BUNDLED_RULES_PATH = Path(__file__).with_name("ita_rules.json")
SCORE_RANGE = (0.0, 100.0)


class RulesError(ValueError):
    """The ITA rules file is missing, not JSON, or does not describe a usable rule set."""


# --- rules as data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """One rating band: the least rounded total (and, optionally, least rounded score of every tool)."""

    key: str
    label: str
    min_total: float
    min_each_tool: float | None
    severity: str  # colour hint: good | ok | bad


@dataclass(frozen=True)
class RuleSet:
    """The ITA rules in force from `from_year` until the next rule set."""

    from_year: int
    name: str
    weights: dict[str, float]
    pass_mark: float
    excellent_mark: float
    decimals: int
    bands: tuple[Band, ...]  # best first
    goals: dict[str, str]  # what-if goal -> least band key that reaches it
    provisional: bool = False
    note: str = ""

    def band(self, key: str) -> Band:
        """The band with this key."""
        return next(b for b in self.bands if b.key == key)

    def rank(self, key: str) -> int:
        """Position of a band, 0 = best."""
        return next(i for i, b in enumerate(self.bands) if b.key == key)


@dataclass(frozen=True)
class ItaRules:
    """Every rule set, ordered by the first year it applies to."""

    rule_sets: tuple[RuleSet, ...]

    def for_year(self, year: int) -> RuleSet:
        """The rule set of the nearest earlier-or-equal year; years before the first use the first."""
        chosen = self.rule_sets[0]
        for rule_set in self.rule_sets:
            if rule_set.from_year <= year:
                chosen = rule_set
        return chosen


_RULE_SET_KEYS = {"from_year", "name", "note", "provisional", "weights", "pass_mark", "excellent_mark", "decimals"}
_RULE_SET_KEYS |= {"bands", "goals"}
_BAND_KEYS = {"key", "label", "min_total", "min_each_tool", "severity"}


def _mark(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise RulesError(f"{what} must be a number from 0 to 100, got {value!r}")
    return float(value)


def _parse_band(raw: object, where: str) -> Band:
    if not isinstance(raw, Mapping):
        raise RulesError(f"{where}: a band must be an object")
    unknown = set(raw) - _BAND_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown field(s) {sorted(unknown)}")
    for key in ("key", "label", "severity"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise RulesError(f"{where}: '{key}' must be a non-empty text")
    if raw["severity"] not in SEVERITIES:
        raise RulesError(f"{where}: severity must be one of {SEVERITIES}")
    each = raw.get("min_each_tool")
    return Band(
        key=raw["key"],
        label=raw["label"],
        min_total=_mark(raw.get("min_total"), f"{where} min_total"),
        min_each_tool=None if each is None else _mark(each, f"{where} min_each_tool"),
        severity=raw["severity"],
    )


def _parse_rule_set(raw: object, index: int) -> RuleSet:
    where = f"rule_sets[{index}]"
    if not isinstance(raw, Mapping):
        raise RulesError(f"{where} must be an object")
    unknown = set(raw) - _RULE_SET_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown field(s) {sorted(unknown)}")
    year = raw.get("from_year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise RulesError(f"{where}: from_year must be a whole BE year")
    weights = raw.get("weights")
    if not isinstance(weights, Mapping) or set(weights) != set(TOOLS):
        raise RulesError(f"{where}: weights must give exactly {list(TOOLS)}")
    parsed_weights = {tool: _mark(weights[tool], f"{where} weight of {tool}") for tool in TOOLS}
    if sum(_dec(w) for w in parsed_weights.values()) != 1:
        raise RulesError(f"{where}: weights must add up to 1")
    decimals = raw.get("decimals", 2)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise RulesError(f"{where}: decimals must be a whole number from 0 to 6")
    raw_bands = raw.get("bands")
    if not isinstance(raw_bands, list) or not raw_bands:
        raise RulesError(f"{where}: bands must be a non-empty list")
    bands = tuple(_parse_band(b, f"{where}.bands[{i}]") for i, b in enumerate(raw_bands))
    if len({b.key for b in bands}) != len(bands):
        raise RulesError(f"{where}: band keys must be unique")
    if any(a.min_total < b.min_total for a, b in zip(bands, bands[1:], strict=False)):
        raise RulesError(f"{where}: bands must be listed best first (min_total not increasing)")
    if bands[-1].min_total != 0 or bands[-1].min_each_tool is not None:
        raise RulesError(f"{where}: the last band must take every score (min_total 0, no tool minimum)")
    goals = raw.get("goals")
    if not isinstance(goals, Mapping) or not {"pass", "good"} <= set(goals) <= set(GOALS):
        raise RulesError(f"{where}: goals must map 'pass' and 'good' (and optionally 'excellent') to band keys")
    if any(key not in {b.key for b in bands} for key in goals.values()):
        raise RulesError(f"{where}: a goal names an unknown band")
    pass_mark = _mark(raw.get("pass_mark"), f"{where} pass_mark")
    rule_set = RuleSet(
        from_year=year,
        name=str(raw.get("name", year)),
        weights=parsed_weights,
        pass_mark=pass_mark,
        excellent_mark=_mark(raw.get("excellent_mark"), f"{where} excellent_mark"),
        decimals=decimals,
        bands=bands,
        goals=dict(goals),
        provisional=bool(raw.get("provisional", False)),
        note=str(raw.get("note", "")),
    )
    if rule_set.band(rule_set.goals["pass"]).min_total != pass_mark:
        raise RulesError(f"{where}: the band of goal 'pass' must start at pass_mark")
    return rule_set


def parse_rules(data: object) -> ItaRules:
    """Check and build rules from the decoded JSON document (see kpi/domain/ita_rules.json)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("rule_sets"), list) or not data["rule_sets"]:
        raise RulesError("the rules document must have a non-empty 'rule_sets' list")
    rule_sets = sorted((_parse_rule_set(r, i) for i, r in enumerate(data["rule_sets"])), key=lambda r: r.from_year)
    years = [r.from_year for r in rule_sets]
    if len(set(years)) != len(years):
        raise RulesError("two rule sets start in the same year")
    return ItaRules(tuple(rule_sets))


def rules_path() -> Path:
    """The rules file in effect: $KPI_ITA_RULES when set, else the bundled kpi/domain/ita_rules.json."""
    override = ita_rules_path()
    return Path(override) if override else BUNDLED_RULES_PATH


def load_rules(path: str | os.PathLike[str] | None = None) -> ItaRules:
    """Read and check a rules file; without a path, the one `rules_path()` names."""
    source = Path(path) if path is not None else rules_path()
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulesError(f"cannot read ITA rules from {source}: {exc}") from exc
    return parse_rules(data)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> ItaRules:
    return load_rules(path)


def default_rules() -> ItaRules:
    """The rules in effect, cached until the file (or the environment variable) changes."""
    source = rules_path()
    try:
        stat = source.stat()
    except OSError as exc:
        raise RulesError(f"cannot read ITA rules from {source}: {exc}") from exc
    return _load_cached(str(source), stat.st_mtime_ns, stat.st_size)


def rule_set_for(year: int, rules: ItaRules | None = None) -> RuleSet:
    """The rule set that applies to a fiscal year."""
    return (default_rules() if rules is None else rules).for_year(year)


# --- totals and ratings ----------------------------------------------------------------------


def _dec(value: float) -> Decimal:
    # The shortest repr is the number as written: 84.99 stays 84.99, not 84.9899999…
    return Decimal(repr(float(value)))


def _check_score(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
        raise ValueError(f"{what} must be from 0 to 100, got {value!r}")
    return float(value)


def round_for_rating(value: float, decimals: int = 2) -> float:
    """Round half up on the decimal value, as the NACC publishes: 84.995 -> 85.0, 84.994 -> 84.99."""
    return float(_dec(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _weighted(rule_set: RuleSet, tool: str, score: float) -> Decimal:
    return _dec(rule_set.weights[tool]) * _dec(score)


def ita_total(year: int, iit: float, eit: float, oit: float, *, rules: ItaRules | None = None) -> float:
    """The weighted ITA total at full precision (0.3·IIT + 0.3·EIT + 0.4·OIT with that year's weights)."""
    rule_set = rule_set_for(year, rules)
    scores = {"iit": iit, "eit": eit, "oit": oit}
    return float(sum(_weighted(rule_set, tool, _check_score(scores[tool], tool)) for tool in TOOLS))


@dataclass(frozen=True)
class Rating:
    """A total's rating in its year's vocabulary."""

    year: int
    label: str
    band_key: str
    passed: bool
    severity: str  # good | ok | bad
    total: float  # the rounded total the rating was given on
    tools_known: bool  # all three tool scores were given
    uncertain: bool  # a better band was skipped only because some tool scores are unknown
    provisional: bool = False  # the year's rules are marked provisional


def _tool_condition(band: Band, tools: dict[str, float | None], decimals: int) -> bool | None:
    """True/False when the band's per-tool minimum is (not) met; None when unknown tools decide it."""
    if band.min_each_tool is None:
        return True
    mark = _dec(band.min_each_tool)
    known = [_dec(round_for_rating(v, decimals)) for v in tools.values() if v is not None]
    if any(v < mark for v in known):
        return False
    return True if len(known) == len(tools) else None


def ita_rating(
    year: int,
    total: float,
    iit: float | None = None,
    eit: float | None = None,
    oit: float | None = None,
    *,
    rules: ItaRules | None = None,
) -> Rating:
    """Rate a total; a band's per-tool minimum counts as not met while a tool score is unknown.

    With unknown tools a total of 85 or more is therefore ผ่าน, with `tools_known=False` and
    `uncertain=True` so the screen can say the rating could be higher.
    """
    rule_set = rule_set_for(year, rules)
    _check_score(total, "total")
    tools = {"iit": iit, "eit": eit, "oit": oit}
    for tool, score in tools.items():
        if score is not None:
            _check_score(score, tool)
    rounded = round_for_rating(total, rule_set.decimals)
    uncertain = False
    chosen = rule_set.bands[-1]
    for band in rule_set.bands:
        if _dec(rounded) < _dec(band.min_total):
            continue
        condition = _tool_condition(band, tools, rule_set.decimals)
        if condition is None:
            uncertain = True
        elif condition:
            chosen = band
            break
    return Rating(
        year=year,
        label=chosen.label,
        band_key=chosen.key,
        passed=rule_set.rank(chosen.key) <= rule_set.rank(rule_set.goals["pass"]),
        severity=chosen.severity,
        total=rounded,
        tools_known=all(v is not None for v in tools.values()),
        uncertain=uncertain,
        provisional=rule_set.provisional,
    )


def check_total(
    year: int,
    iit: float,
    eit: float,
    oit: float,
    given_total: float,
    tolerance: float = 0.05,
    *,
    rules: ItaRules | None = None,
) -> float | None:
    """The computed total when a given total differs from it by more than `tolerance`; else None.

    Also None when a score is not a number from 0 to 100: the upload's range check reports that,
    and a mismatch against an impossible score would only repeat it.
    """
    try:
        computed = ita_total(year, iit, eit, oit, rules=rules)
        _check_score(given_total, "total")
    except ValueError:
        return None
    if abs(_dec(computed) - _dec(given_total)) > _dec(tolerance):
        return computed
    return None


# --- one year's score ------------------------------------------------------------------------


@dataclass(frozen=True)
class ItaScore:
    """One fiscal year's ITA result: tool scores, weighted parts, total, rating and indicators."""

    year: int
    iit: float | None
    eit: float | None
    oit: float | None
    total: float  # the given total when the data has one, else the computed one (full precision)
    total_given: bool
    computed_total: float | None  # None when a tool score is missing
    iit_part: float | None  # weight × score
    eit_part: float | None
    oit_part: float | None
    rating: Rating
    gap_to_pass: float  # rounded total − pass mark: negative means below the pass mark
    indicators: tuple[float | None, ...] = (None,) * INDICATOR_COUNT  # indicator 1..10

    @property
    def parts(self) -> dict[str, float | None]:
        """Weighted part of each tool, for a stacked chart."""
        return {"iit": self.iit_part, "eit": self.eit_part, "oit": self.oit_part}

    @property
    def weakest_indicator(self) -> int | None:
        """Number (1–10) of the lowest-scoring indicator given; the lower number on a tie."""
        given = [(score, number) for number, score in enumerate(self.indicators, start=1) if score is not None]
        return min(given)[1] if given else None


def ita_score(
    year: int,
    iit: float | None,
    eit: float | None,
    oit: float | None,
    total: float | None = None,
    indicators: tuple[float | None, ...] | list[float | None] = (),
    *,
    rules: ItaRules | None = None,
) -> ItaScore:
    """Build a year's ItaScore; a given total is kept as published (check it with `check_total`)."""
    rule_set = rule_set_for(year, rules)
    tools = {"iit": iit, "eit": eit, "oit": oit}
    parts = {
        tool: None if v is None else float(_weighted(rule_set, tool, _check_score(v, tool)))
        for tool, v in tools.items()
    }
    computed = None
    if iit is not None and eit is not None and oit is not None:
        computed = ita_total(year, iit, eit, oit, rules=rules)
    chosen_total = _check_score(total, "total") if total is not None else computed
    if chosen_total is None:
        raise ValueError(f"ITA {year}: the total is missing and cannot be computed without all three tool scores")
    rating = ita_rating(year, chosen_total, iit, eit, oit, rules=rules)
    scores = tuple(indicators)[:INDICATOR_COUNT]
    scores += (None,) * (INDICATOR_COUNT - len(scores))
    return ItaScore(
        year=year,
        iit=iit,
        eit=eit,
        oit=oit,
        total=chosen_total,
        total_given=total is not None,
        computed_total=computed,
        iit_part=parts["iit"],
        eit_part=parts["eit"],
        oit_part=parts["oit"],
        rating=rating,
        gap_to_pass=float(_dec(rating.total) - _dec(rule_set.pass_mark)),
        indicators=tuple(None if s is None else _check_score(s, "indicator") for s in scores),
    )


def _cell(row: Mapping[Any, Any], key: str) -> float | None:
    value = row.get(key)
    if value is None or pd.isna(value):
        return None
    return float(value)


def ita_scores_from_frame(df: pd.DataFrame, *, rules: ItaRules | None = None) -> list[ItaScore]:
    """ItaScores, oldest year first, from the ITA sheet (fiscal_year, iit, eit, oit, total, i1..i10)."""
    scores = []
    for row in df.to_dict("records"):
        year = int(row["fiscal_year"])
        indicators = tuple(_cell(row, f"i{n}") for n in range(1, INDICATOR_COUNT + 1))
        tools = (_cell(row, "iit"), _cell(row, "eit"), _cell(row, "oit"))
        scores.append(ita_score(year, *tools, total=_cell(row, "total"), indicators=indicators, rules=rules))
    return sorted(scores, key=lambda s: s.year)


# --- what-if ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIf:
    """The least score the missing tool needs for a goal, or why no score in 0–100 reaches it."""

    year: int
    missing: str
    goal: str
    reachable: bool
    score: float | None  # least score on the 0.01 grid that reaches the goal
    rating: Rating | None  # the rating at that score
    reason: str | None = None  # when unreachable: "tool_below_mark" | "max_not_enough"
    blocking_tool: str | None = None  # the known tool below the goal's per-tool minimum
    best_total: float | None = None  # rounded total with the missing tool at 100


def _reaches(rating: Rating, rule_set: RuleSet, goal: str) -> bool:
    return rule_set.rank(rating.band_key) <= rule_set.rank(rule_set.goals[goal])


def least_third_score(
    year: int, known: Mapping[str, float], missing: str, goal: str, *, rules: ItaRules | None = None
) -> WhatIf:
    """Least score (0–100, two decimals) for the missing tool so the year's rating reaches `goal`.

    The goal is "pass", "good" (ผ่านดี; band A up to 2565) or "excellent". The answer is found by
    bisection on the 0.01 grid, each step calling `ita_rating`, so it is exact at the boundary:
    the answer reaches the goal and the answer − 0.01 does not.
    """
    rule_set = rule_set_for(year, rules)
    if goal not in rule_set.goals:
        raise ValueError(f"goal must be one of {sorted(rule_set.goals)}, got {goal!r}")
    if missing not in TOOLS or set(known) != set(TOOLS) - {missing}:
        raise ValueError(f"give two of {TOOLS} in known and the third as missing, got {sorted(known)} / {missing!r}")
    for tool, score in known.items():
        _check_score(score, tool)

    def rate(hundredths: int) -> Rating:
        scores = {**known, missing: hundredths / 100}
        total = ita_total(year, scores["iit"], scores["eit"], scores["oit"], rules=rules)
        return ita_rating(year, total, scores["iit"], scores["eit"], scores["oit"], rules=rules)

    top = rate(10_000)
    if not _reaches(top, rule_set, goal):
        goal_band = rule_set.band(rule_set.goals[goal])
        blocking = None
        if goal_band.min_each_tool is not None:
            below = [(_dec(round_for_rating(v, rule_set.decimals)), tool) for tool, v in known.items()]
            below = [(v, tool) for v, tool in below if v < _dec(goal_band.min_each_tool)]
            blocking = min(below)[1] if below else None
        return WhatIf(
            year=year,
            missing=missing,
            goal=goal,
            reachable=False,
            score=None,
            rating=None,
            reason="tool_below_mark" if blocking else "max_not_enough",
            blocking_tool=blocking,
            best_total=top.total,
        )
    low, high = -1, 10_000  # invariant: rate(high) reaches the goal, rate(low) does not (-1 = below 0)
    while high - low > 1:
        middle = (low + high) // 2
        if _reaches(rate(middle), rule_set, goal):
            high = middle
        else:
            low = middle
    return WhatIf(
        year=year,
        missing=missing,
        goal=goal,
        reachable=True,
        score=high / 100,
        rating=rate(high),
        best_total=top.total,
    )


# --- command line ----------------------------------------------------------------------------


def _number_arg(text: str) -> float:
    try:
        value = parse_number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(problem_message("bad_number")) from None
    if value is None:
        raise argparse.ArgumentTypeError(problem_message("required"))
    return value


def _year_arg(text: str) -> int:
    value = _number_arg(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(problem_message("bad_integer"))
    return int(value)


def main_ita(argv: list[str]) -> int:
    """`ita --year Y --iit A --eit B --oit C [--json]`: print the total and rating; 0 ok, 1 bad score, 2 usage."""
    parser = ThaiArgumentParser(prog="python -m kpi ita", description=t("cli_ita"))
    parser.add_argument("--year", required=True, type=_year_arg, help=t("cli_ita_year"))
    for tool in TOOLS:
        parser.add_argument(f"--{tool}", required=True, type=_number_arg, help=t("cli_ita_tool", tool=tool.upper()))
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2

    errors = []
    if not YEAR_RANGE[0] <= args.year <= YEAR_RANGE[1]:
        errors.append(
            f"--year {args.year}: {problem_message('bad_year', low=YEAR_RANGE[0], high=YEAR_RANGE[1], hint='')}"
        )
    for tool in TOOLS:
        value = getattr(args, tool)
        if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
            errors.append(f"--{tool} {value:g}: {problem_message('out_of_range', low=0, high=100)}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    try:
        rules = default_rules()
    except RulesError as exc:
        print(t("cli_ita_rules_unreadable", detail=exc), file=sys.stderr)
        return 1

    total = ita_total(args.year, args.iit, args.eit, args.oit, rules=rules)
    rating = ita_rating(args.year, total, args.iit, args.eit, args.oit, rules=rules)
    if args.json:
        weights = rule_set_for(args.year, rules).weights
        payload = {"year": args.year, "total": rating.total, "rating": rating.label, "weights": dict(weights)}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(t("card_ita_value", score=format_number(rating.total), rating=rating.label, year=args.year))
    return 0
