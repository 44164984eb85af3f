"""The forms a satisfaction result is published in, and the checks that keep one form from being read as another.

A SATISFACTION row is one of (domain.md §4):

    n5 n4 n3 n2 n1          level counts of a 5-point scale
    n_satisfied n_improve   the two-choice form (พึงพอใจ / ควรปรับปรุง): percent = satisfied / both × 100
    mean                    the mean out of 5, with or without a published percent
    percent                 a published percentage alone

A typed value agrees with a computed one within the rounding it was typed to: a mean given to 2
decimals stands for ±0.005, that is ±0.1 percentage points on mean / 5 × 100. The checks refuse a
row whose forms contradict each other, because reading two-choice counts as levels 5 and 1 turns a
75 % result into 80 % without a word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kpi.core.problems import WARNING, Problem, problem

LEVELS = ("n5", "n4", "n3", "n2", "n1")


TWO_CHOICE = ("n_satisfied", "n_improve")


_EPSILON = 1e-9  # float noise: 91.2 - 91.1 is 0.09999999999999432


def decimals_of(value: float) -> int:
    """How many decimals a typed number was given to (4.56 → 2, 4.5 → 1, 80 → 0; at most 6)."""
    text = f"{abs(value):.6f}".rstrip("0")
    return len(text.split(".", 1)[1])


def rounding_of(value: float) -> float:
    """Half a unit of the last decimal the number was given to (4.56 → 0.005)."""
    return 0.5 * 10.0 ** -decimals_of(value)


def agrees(typed: float, computed: float) -> bool:
    """True when `computed` rounds to `typed` at the decimals `typed` was given to."""
    return abs(typed - computed) <= rounding_of(typed) + _EPSILON


def percent_agrees_with_mean(percent: float, mean: float) -> bool:
    """True when a published percent lies within the rounding of the mean, taken to mean / 5 × 100."""
    return abs(percent - mean / 5 * 100) <= rounding_of(mean) * 20 + _EPSILON


def level_percents(counts: Sequence[int]) -> tuple[float, float, float]:
    """Mean, mean / 5 × 100 and top-two-box percent of level counts n5..n1 (total > 0)."""
    n = sum(counts)
    mean = sum(score * c for score, c in zip((5, 4, 3, 2, 1), counts, strict=True)) / n
    return mean, mean / 5 * 100, (counts[0] + counts[1]) / n * 100


def two_choice_percent(satisfied: int, improve: int) -> float:
    """Share of พึงพอใจ among both answers, in percent (total > 0)."""
    return satisfied / (satisfied + improve) * 100


def form_problems(record: Mapping[str, Any], row: int, sheet: str, titles: Mapping[str, str]) -> list[Problem]:
    """Problems of one validated SATISFACTION record whose forms contradict each other (titles: key → column title)."""
    levels = [record.get(k) for k in LEVELS]
    choices = [record.get(k) for k in TWO_CHOICE]
    has_levels = any(c is not None for c in levels)
    has_choices = any(c is not None for c in choices)
    mean, percent = record.get("mean"), record.get("percent")
    found: list[Problem] = []
    if has_levels and has_choices:
        return [problem("survey_two_forms", column=titles["n_satisfied"], sheet=sheet, row=row)]
    if has_choices:
        satisfied, improve = (int(c or 0) for c in choices)
        if mean is not None:  # a two-choice survey has no mean: this is another form's figure
            found.append(problem("survey_two_choice_mean", column=titles["mean"], sheet=sheet, row=row))
        if satisfied + improve > 0 and percent is not None:
            computed = two_choice_percent(satisfied, improve)
            if not agrees(float(percent), computed):
                found.append(
                    problem(
                        "survey_percent_disagrees",
                        column=titles["percent"],
                        given=percent,
                        computed=f"{computed:.2f}",
                        sheet=sheet,
                        row=row,
                    )
                )
        return found
    counts = [int(c or 0) for c in levels]
    if not has_levels or sum(counts) == 0:
        return found
    filled = [k for k, c in zip(LEVELS, levels, strict=True) if c is not None]
    computed_mean, pct_mean, pct_top2 = level_percents(counts)
    if mean is not None and not agrees(float(mean), computed_mean):
        found.append(
            problem(
                "survey_mean_disagrees",
                column=titles["mean"],
                given=mean,
                computed=f"{computed_mean:.2f}",
                sheet=sheet,
                row=row,
            )
        )
    if percent is not None and not any(agrees(float(percent), p) for p in (pct_mean, pct_top2)):
        found.append(
            problem(
                "survey_percent_disagrees",
                column=titles["percent"],
                given=percent,
                computed=f"{pct_mean:.2f}",
                sheet=sheet,
                row=row,
            )
        )
    if len(filled) == 2 and not found and percent is not None and not agrees(float(percent), pct_mean):
        # Only the top-two-box share matches: two-choice counts in two level columns (60/20 = 75 %, read as 80 %).
        found.append(
            problem(
                "survey_two_levels_percent",
                column=titles[filled[0]],
                levels=" / ".join(titles[k] for k in filled),
                given=percent,
                computed=f"{pct_mean:.2f}",
                sheet=sheet,
                row=row,
            )
        )
    if len(filled) == 2 and not found:
        # Two levels only, the rest blank: often พึงพอใจ / ควรปรับปรุง typed into two level columns.
        found.append(
            problem(
                "survey_two_levels",
                column=titles[filled[0]],
                severity=WARNING,
                levels=" / ".join(titles[k] for k in filled),
                sheet=sheet,
                row=row,
            )
        )
    return found
