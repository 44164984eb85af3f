"""ITA what-ifs: the least score a missing tool needs for the year's rating to reach a goal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kpi.domain.ita import Rating, check_score, ita_rating, ita_total, round_for_rating
from kpi.domain.ita_rules import TOOLS, ItaRules, RuleSet, exact, rule_set_for


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
        check_score(score, tool)

    def rate(hundredths: int) -> Rating:
        scores = {**known, missing: hundredths / 100}
        total = ita_total(year, scores["iit"], scores["eit"], scores["oit"], rules=rules)
        return ita_rating(year, total, scores["iit"], scores["eit"], scores["oit"], rules=rules)

    top = rate(10_000)
    if not _reaches(top, rule_set, goal):
        goal_band = rule_set.band(rule_set.goals[goal])
        blocking = None
        if goal_band.min_each_tool is not None:
            below = [(exact(round_for_rating(v, rule_set.decimals)), tool) for tool, v in known.items()]
            below = [(v, tool) for v, tool in below if v < exact(goal_band.min_each_tool)]
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
