"""The ITA rules file: weights, pass mark, bands and rating vocabulary per range of fiscal years.

The rules are data (kpi/domain/ita_rules.json, overridable with the KPI_ITA_RULES environment
variable or an explicit path), so a new NACC framework is an edit to that file, not to code. The
file is also the one source of the pass mark: every screen, chart, deck and report reads it with
`pass_mark(year)` (or the year's `RuleSet`), never from a setting of its own.

A broken file is reported as Problems with codes from the catalogue (`ita_rules_*`), carried by
`RulesError`: the path into the JSON document (e.g. ``rule_sets[1].bands[0]``) is a detail, the
message is Thai.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from kpi.core.messages import problem_message
from kpi.core.problems import Problem
from kpi.core.settings import ita_rules_path

TOOLS = ("iit", "eit", "oit")
GOALS = ("pass", "good", "excellent")
SEVERITIES = ("good", "ok", "bad")
BUNDLED_RULES_PATH = Path(__file__).with_name("ita_rules.json")


def rules_problem(code: str, **details: str | int | float | None) -> Problem:
    """A problem of the rules file, its facts kept as data beside the Thai message."""
    return Problem(code=code, message=problem_message(code, **details), details=tuple(details.items()))


class RulesError(ValueError):
    """The ITA rules file is missing, not JSON, or does not describe a usable rule set."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(" · ".join(p.message for p in self.problems))


def exact(value: float) -> Decimal:
    """A score or mark as the decimal it was written as: 84.99 stays 84.99, not 84.9899999…"""
    return Decimal(repr(float(value)))


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

    def covers(self, year: int) -> bool:
        """True when some rule set applies to `year`: years before the first one have no known rules."""
        return year >= self.rule_sets[0].from_year


_RULE_SET_KEYS = {"from_year", "name", "note", "provisional", "weights", "pass_mark", "excellent_mark", "decimals"}
_RULE_SET_KEYS |= {"bands", "goals"}
_BAND_KEYS = {"key", "label", "min_total", "min_each_tool", "severity"}


class _Checker:
    """Collects every problem of a rules document, so one reading names them all."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, **details: str | int | float | None) -> None:
        self.problems.append(rules_problem(code, **details))

    def mark(self, value: object, where: str, field: str) -> float:
        """A mark from 0 to 100; 0 (after recording a problem) when it is not one."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            self.add("ita_rules_bad_mark", where=where, field=field)
            return 0.0
        return float(value)

    def known_fields(self, raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
        unknown = set(raw) - allowed
        if unknown:
            self.add("ita_rules_unknown_field", where=where, fields=", ".join(sorted(map(str, unknown))))


def _parse_band(check: _Checker, raw: object, where: str) -> Band | None:
    if not isinstance(raw, Mapping):
        check.add("ita_rules_not_object", where=where)
        return None
    before = len(check.problems)
    check.known_fields(raw, _BAND_KEYS, where)
    for key in ("key", "label", "severity"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            check.add("ita_rules_bad_text", where=where, field=key)
    if isinstance(raw.get("severity"), str) and raw["severity"] and raw["severity"] not in SEVERITIES:
        check.add("ita_rules_bad_severity", where=where, choices=", ".join(SEVERITIES))
    each = raw.get("min_each_tool")
    band = Band(
        key=str(raw.get("key")),
        label=str(raw.get("label")),
        min_total=check.mark(raw.get("min_total"), where, "min_total"),
        min_each_tool=None if each is None else check.mark(each, where, "min_each_tool"),
        severity=str(raw.get("severity")),
    )
    return band if len(check.problems) == before else None


def _parse_weights(check: _Checker, weights: object, where: str) -> dict[str, float]:
    if not isinstance(weights, Mapping) or set(weights) != set(TOOLS):
        check.add("ita_rules_bad_weights", where=where, tools=", ".join(TOOLS))
        return {}
    parsed = {tool: check.mark(weights[tool], where, f"weights.{tool}") for tool in TOOLS}
    if sum(exact(w) for w in parsed.values()) != 1:
        check.add("ita_rules_weights_sum", where=where)
    return parsed


def _parse_bands(check: _Checker, raw_bands: object, where: str) -> tuple[Band, ...]:
    if not isinstance(raw_bands, list) or not raw_bands:
        check.add("ita_rules_no_bands", where=where)
        return ()
    parsed = [_parse_band(check, b, f"{where}.bands[{i}]") for i, b in enumerate(raw_bands)]
    bands = tuple(b for b in parsed if b is not None)
    if len(bands) != len(parsed):
        return ()
    if len({b.key for b in bands}) != len(bands):
        check.add("ita_rules_duplicate_band", where=where)
    if any(a.min_total < b.min_total for a, b in zip(bands, bands[1:], strict=False)):
        check.add("ita_rules_band_order", where=where)
    if bands[-1].min_total != 0 or bands[-1].min_each_tool is not None:
        check.add("ita_rules_last_band", where=where)
    return bands


def _parse_rule_set(check: _Checker, raw: object, index: int) -> RuleSet | None:
    where = f"rule_sets[{index}]"
    if not isinstance(raw, Mapping):
        check.add("ita_rules_not_object", where=where)
        return None
    before = len(check.problems)
    check.known_fields(raw, _RULE_SET_KEYS, where)
    year = raw.get("from_year")
    if isinstance(year, bool) or not isinstance(year, int):
        check.add("ita_rules_bad_year", where=where)
    weights = _parse_weights(check, raw.get("weights"), where)
    decimals = raw.get("decimals", 2)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        check.add("ita_rules_bad_decimals", where=where)
    bands = _parse_bands(check, raw.get("bands"), where)
    goals = raw.get("goals")
    if not isinstance(goals, Mapping) or not {"pass", "good"} <= set(goals) <= set(GOALS):
        check.add("ita_rules_bad_goals", where=where)
    elif bands and any(key not in {b.key for b in bands} for key in goals.values()):
        check.add("ita_rules_unknown_goal_band", where=where)
    pass_mark = check.mark(raw.get("pass_mark"), where, "pass_mark")
    excellent_mark = check.mark(raw.get("excellent_mark"), where, "excellent_mark")
    if len(check.problems) != before:
        return None
    assert isinstance(year, int) and isinstance(decimals, int) and isinstance(goals, Mapping)  # checked above
    rule_set = RuleSet(
        from_year=year,
        name=str(raw.get("name", year)),
        weights=weights,
        pass_mark=pass_mark,
        excellent_mark=excellent_mark,
        decimals=decimals,
        bands=bands,
        goals=dict(goals),
        provisional=bool(raw.get("provisional", False)),
        note=str(raw.get("note", "")),
    )
    if rule_set.band(rule_set.goals["pass"]).min_total != pass_mark:
        check.add("ita_rules_pass_band", where=where)
        return None
    return rule_set


def parse_rules(data: object) -> ItaRules:
    """Check and build rules from the decoded JSON document (see kpi/domain/ita_rules.json)."""
    check = _Checker()
    if not isinstance(data, Mapping) or not isinstance(data.get("rule_sets"), list) or not data["rule_sets"]:
        check.add("ita_rules_no_rule_sets")
        raise RulesError(check.problems)
    parsed = [_parse_rule_set(check, r, i) for i, r in enumerate(data["rule_sets"])]
    if check.problems:
        raise RulesError(check.problems)
    rule_sets = sorted((r for r in parsed if r is not None), key=lambda r: r.from_year)
    years = [r.from_year for r in rule_sets]
    if len(set(years)) != len(years):
        check.add("ita_rules_duplicate_year")
        raise RulesError(check.problems)
    return ItaRules(tuple(rule_sets))


# --- the file in effect ----------------------------------------------------------------------


def rules_path() -> Path:
    """The rules file in effect: $KPI_ITA_RULES when set, else the bundled kpi/domain/ita_rules.json."""
    override = ita_rules_path()
    return Path(override) if override else BUNDLED_RULES_PATH


def load_rules(path: str | os.PathLike[str] | None = None) -> ItaRules:
    """Read and check a rules file; without a path, the one `rules_path()` names."""
    source = Path(path) if path is not None else rules_path()
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise RulesError([rules_problem("ita_rules_unreadable", path=str(source))]) from None
    return parse_rules(data)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> ItaRules:
    return load_rules(path)


def default_rules() -> ItaRules:
    """The rules in effect, cached until the file (or the environment variable) changes."""
    source = rules_path()
    try:
        stat = source.stat()
    except OSError:
        raise RulesError([rules_problem("ita_rules_unreadable", path=str(source))]) from None
    return _load_cached(str(source), stat.st_mtime_ns, stat.st_size)


def rule_set_for(year: int, rules: ItaRules | None = None) -> RuleSet:
    """The rule set that applies to a fiscal year."""
    return (default_rules() if rules is None else rules).for_year(year)


def known_rule_set(year: int, rules: ItaRules | None = None) -> RuleSet | None:
    """The year's rule set, or None before the first one: an older year never gets later rules applied backwards."""
    chosen = default_rules() if rules is None else rules
    return chosen.for_year(year) if chosen.covers(year) else None


def pass_mark(year: int, rules: ItaRules | None = None) -> float:
    """The ITA pass mark of a fiscal year: the one place cards, charts, deck and report read it from."""
    return rule_set_for(year, rules).pass_mark
