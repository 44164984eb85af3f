"""ITA scores: the weighted total of IIT/EIT/OIT and the rating in each year's vocabulary.

Weights, pass mark, bands and rating vocabulary are data, one rule set per range of fiscal years
(kpi/domain/ita_rules.py reads kpi/domain/ita_rules.json); what-ifs are in kpi/domain/ita_whatif.py.

Rounding (the one rule used everywhere a score meets a mark): the NACC publishes scores to two
decimals, so before a total or a tool score is compared with a band's mark it is rounded to the rule
set's `decimals` (2), half up, on its decimal value. Totals are computed in exact decimal arithmetic
from the scores as written (0.3 × 84.99 is 25.497, not 25.496999…), so an exact total of 84.995 is
published as 85.00 and passes; 84.994 is published as 84.99 and does not. `ita_total` itself keeps
full precision; only the rating (and what is shown) uses the rounded figure.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from kpi.core.thai import normalize_space, normalize_thai
from kpi.domain.ita_rules import TOOLS, Band, ItaRules, RuleSet, exact, known_rule_set, rule_set_for

INDICATOR_COUNT = 10
SCORE_RANGE = (0.0, 100.0)


# --- totals and ratings ----------------------------------------------------------------------


def check_score(value: float, what: str) -> float:
    """The score as a float; ValueError when it is not a number from 0 to 100."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
        raise ValueError(f"{what} must be from 0 to 100, got {value!r}")
    return float(value)


def round_for_rating(value: float, decimals: int = 2) -> float:
    """Round half up on the decimal value, as the NACC publishes: 84.995 -> 85.0, 84.994 -> 84.99."""
    return float(exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _weighted(rule_set: RuleSet, tool: str, score: float) -> Decimal:
    return exact(rule_set.weights[tool]) * exact(score)


def ita_total(year: int, iit: float, eit: float, oit: float, *, rules: ItaRules | None = None) -> float:
    """The weighted ITA total at full precision (0.3·IIT + 0.3·EIT + 0.4·OIT with that year's weights)."""
    rule_set = rule_set_for(year, rules)
    scores = {"iit": iit, "eit": eit, "oit": oit}
    return float(sum(_weighted(rule_set, tool, check_score(scores[tool], tool)) for tool in TOOLS))


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
    possible: tuple[str, ...] = ()  # labels it could be: bands skipped for unknown tools, then `label`
    vocabulary: tuple[str, ...] = ()  # every band label of the year's rules, best first


def _tool_condition(band: Band, tools: dict[str, float | None], decimals: int) -> bool | None:
    """True/False when the band's per-tool minimum is (not) met; None when unknown tools decide it."""
    if band.min_each_tool is None:
        return True
    mark = exact(band.min_each_tool)
    known = [exact(round_for_rating(v, decimals)) for v in tools.values() if v is not None]
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
    check_score(total, "total")
    tools = {"iit": iit, "eit": eit, "oit": oit}
    for tool, score in tools.items():
        if score is not None:
            check_score(score, tool)
    rounded = round_for_rating(total, rule_set.decimals)
    uncertain = False
    chosen = rule_set.bands[-1]
    skipped: list[str] = []
    for band in rule_set.bands:
        if exact(rounded) < exact(band.min_total):
            continue
        condition = _tool_condition(band, tools, rule_set.decimals)
        if condition is None:
            uncertain = True
            skipped.append(band.label)
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
        possible=(*skipped, chosen.label),
        vocabulary=tuple(b.label for b in rule_set.bands),
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
        check_score(given_total, "total")
    except ValueError:
        return None
    if abs(exact(computed) - exact(given_total)) > exact(tolerance):
        return computed
    return None


# --- one year's score ------------------------------------------------------------------------


def normalise_rating(text: str) -> str:
    """A rating word compared loosely: Thai normalised, spaces collapsed, Latin letters upper-cased ('aa ' = 'AA')."""
    return normalize_space(normalize_thai(text)).upper()


@dataclass(frozen=True)
class ItaScore:
    """One fiscal year's ITA result: tool scores, weighted parts, total, rating and indicators.

    A year may carry the total alone (agencies publish histories that way) and the rating the NACC
    published. `rating` is computed only when ita_rules.json has rules for the year; before its
    first rule set (other vocabularies) it is None and only `published_rating` is shown.
    """

    year: int
    iit: float | None
    eit: float | None
    oit: float | None
    total: float  # the given total when the data has one, else the computed one (full precision)
    total_given: bool
    computed_total: float | None  # None when a tool score is missing or the year has no rules
    iit_part: float | None  # weight × score; None when the score or the year's rules are missing
    eit_part: float | None
    oit_part: float | None
    rating: Rating | None  # None when the year has no rules in ita_rules.json
    gap_to_pass: float | None  # rounded total − pass mark (negative: below it); None without rules
    indicators: tuple[float | None, ...] = (None,) * INDICATOR_COUNT  # indicator 1..10
    published_rating: str | None = None  # as the agency typed it, trimmed

    @property
    def parts(self) -> dict[str, float | None]:
        """Weighted part of each tool, for a stacked chart."""
        return {"iit": self.iit_part, "eit": self.eit_part, "oit": self.oit_part}

    @property
    def tools_known(self) -> bool:
        """True when all three tool scores were given."""
        return self.iit is not None and self.eit is not None and self.oit is not None

    @property
    def shown_total(self) -> float:
        """The total as published, to two decimals (the rated total when the year has rules)."""
        return self.rating.total if self.rating is not None else round_for_rating(self.total)

    @property
    def rating_label(self) -> str | None:
        """The computed rating's label; None when the year has no rules."""
        return None if self.rating is None else self.rating.label

    @property
    def display_rating(self) -> str:
        """The computed rating; for a year without rules the published one; '–' when neither exists."""
        if self.rating is not None:
            return self.rating.label
        return self.published_rating or "–"

    @property
    def severity(self) -> str:
        """good | ok | bad from the computed rating; none for a year without rules."""
        return "none" if self.rating is None else self.rating.severity

    @property
    def rating_certain(self) -> bool:
        """True when the computed rating cannot change once the missing tool scores are known."""
        return self.rating is not None and not self.rating.uncertain

    @property
    def rating_disagrees(self) -> bool:
        """True when the published rating is a word of the year's vocabulary the computed one cannot be.

        A published word from another vocabulary (e.g. "สูงมาก" beside the AA–F rules) is not a
        disagreement: it cannot be compared, and flagging it would cry wolf on every old history.
        With the total alone the rating may be any of `rating.possible` ("ผ่าน" or "ผ่านดี").
        """
        if self.rating is None or not self.published_rating:
            return False
        published = normalise_rating(self.published_rating)
        vocabulary = {normalise_rating(label) for label in self.rating.vocabulary}
        possible = {normalise_rating(label) for label in self.rating.possible or (self.rating.label,)}
        return published in vocabulary and published not in possible

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
    published_rating: str | None = None,
    rules: ItaRules | None = None,
) -> ItaScore:
    """Build a year's ItaScore; a given total is kept as published (check it with `check_total`).

    Before the first rule set the total must be given: there are no weights to compute it with.
    """
    rule_set = known_rule_set(year, rules)
    tools = {"iit": iit, "eit": eit, "oit": oit}
    checked = {tool: None if v is None else check_score(v, tool) for tool, v in tools.items()}
    parts = {
        tool: None if v is None or rule_set is None else float(_weighted(rule_set, tool, v))
        for tool, v in checked.items()
    }
    computed = None
    if rule_set is not None and iit is not None and eit is not None and oit is not None:
        computed = ita_total(year, iit, eit, oit, rules=rules)
    chosen_total = check_score(total, "total") if total is not None else computed
    if chosen_total is None:
        raise ValueError(f"ITA {year}: the total is missing and cannot be computed without all three tool scores")
    rating = None if rule_set is None else ita_rating(year, chosen_total, iit, eit, oit, rules=rules)
    gap = None
    if rating is not None and rule_set is not None:
        gap = float(exact(rating.total) - exact(rule_set.pass_mark))
    scores = tuple(indicators)[:INDICATOR_COUNT]
    scores += (None,) * (INDICATOR_COUNT - len(scores))
    published = published_rating.strip() if published_rating else None
    if published and not published.strip("-–—"):
        published = None  # histories print "–" where no rating was published (domain.md §2)
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
        gap_to_pass=gap,
        indicators=tuple(None if s is None else check_score(s, "indicator") for s in scores),
        published_rating=published or None,
    )


def _cell(row: Mapping[Any, Any], key: str) -> float | None:
    value = row.get(key)
    if value is None or pd.isna(value):
        return None
    return float(value)


def _text(row: Mapping[Any, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip():
        return None
    return str(value).strip()


def ita_scores_from_frame(df: pd.DataFrame, *, rules: ItaRules | None = None) -> list[ItaScore]:
    """ItaScores, oldest year first, from the ITA sheet: the one reading every screen, export and command uses.

    Columns: fiscal_year, iit, eit, oit, total, published_rating, i1..i10 (all but the year optional).
    """
    scores = []
    for row in df.to_dict("records"):
        year = int(row["fiscal_year"])
        indicators = tuple(_cell(row, f"i{n}") for n in range(1, INDICATOR_COUNT + 1))
        tools = (_cell(row, "iit"), _cell(row, "eit"), _cell(row, "oit"))
        scores.append(
            ita_score(
                year,
                *tools,
                total=_cell(row, "total"),
                indicators=indicators,
                published_rating=_text(row, "published_rating"),
                rules=rules,
            )
        )
    return sorted(scores, key=lambda s: s.year)


def ita_figures(scores: list[ItaScore], year: int) -> dict[str, Any] | None:
    """The year's ITA figures as plain data ({"year","total","iit","eit","oit","rating","published_rating",
    "rating_certain","rating_disagrees"}); None when the year has no score. Totals to two decimals."""
    score = next((s for s in scores if s.year == year), None)
    if score is None:
        return None
    return {
        "year": score.year,
        "total": score.shown_total,
        "iit": score.iit,
        "eit": score.eit,
        "oit": score.oit,
        "rating": score.rating_label,
        "published_rating": score.published_rating,
        "rating_certain": score.rating_certain,
        "rating_disagrees": score.rating_disagrees,
    }
