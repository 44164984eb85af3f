"""คะแนน ITA page: the scores per fiscal year, the selected year's rating and indicator profile, and the what-if.

Every figure comes from kpi.domain.ita (weights, bands and vocabulary are data per year in
kpi/domain/ita_rules.json); this module only chooses what to show and says it in Thai.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.core.schema import ITA_INDICATOR_TITLES
from kpi.core.thai import format_number
from kpi.domain.ita import INDICATOR_COUNT, ItaScore, ita_scores_from_frame
from kpi.domain.ita_rules import TOOLS, RuleSet, default_rules, known_rule_set, rule_set_for
from kpi.domain.ita_whatif import WhatIf, least_third_score

TOOL_NAMES = {"iit": "IIT", "eit": "EIT", "oit": "OIT"}
# Which tool each of the ten indicators belongs to (domain.md §2; the EIT pairing is [U]).
INDICATOR_TOOLS = ("iit",) * 5 + ("eit",) * 3 + ("oit",) * 2
SEVERITY_SYMBOLS = {"good": "✔", "ok": "✔", "bad": "✖"}
WHAT_IF_GOALS = ("pass", "good")


@dataclass(frozen=True)
class IndicatorBar:
    """One of the ten ITA indicators of a year."""

    number: int
    title: str
    tool: str
    score: float | None
    weakest: bool


@dataclass(frozen=True)
class ItaView:
    """The ITA scores up to the selected year, and the year the profile is drawn for."""

    year: int
    scores: tuple[ItaScore, ...]  # every year up to the selected one, oldest first
    current: ItaScore | None  # the selected year's score (None until it is published)
    shown: ItaScore | None  # the selected year's score, else the latest earlier one
    rule_set: RuleSet  # the rules of the selected year (the first set's marks before it: chart lines only)
    indicators: tuple[IndicatorBar, ...]  # of `shown`; empty when no indicator score was given
    rules_known: bool = True  # False before the first rule set: no computed rating, no what-if
    first_rules_year: int = 0  # the first year ita_rules.json has rules for

    @property
    def has_indicators(self) -> bool:
        """True when at least one indicator score of the shown year was given."""
        return any(bar.score is not None for bar in self.indicators)


def indicator_bars(score: ItaScore) -> tuple[IndicatorBar, ...]:
    """The ten indicators of a score, the weakest (lowest given) marked."""
    weakest = score.weakest_indicator
    return tuple(
        IndicatorBar(
            number=n,
            title=ITA_INDICATOR_TITLES[n - 1],
            tool=INDICATOR_TOOLS[n - 1],
            score=score.indicators[n - 1],
            weakest=n == weakest,
        )
        for n in range(1, INDICATOR_COUNT + 1)
    )


def build_ita_view(dataset: Dataset, year: int) -> ItaView:
    """Scores of every fiscal year up to `year` from the ITA sheet, with the selected year's profile."""
    scores = tuple(s for s in ita_scores_from_frame(dataset.frame("ita")) if s.year <= year)
    current = next((s for s in scores if s.year == year), None)
    shown = current or (scores[-1] if scores else None)
    rules = default_rules()
    return ItaView(
        year=year,
        scores=scores,
        current=current,
        shown=shown,
        rule_set=rule_set_for(year, rules),
        indicators=indicator_bars(shown) if shown else (),
        rules_known=rules.covers(year),
        first_rules_year=rules.rule_sets[0].from_year,
    )


# --- text ------------------------------------------------------------------------------------


def _num(value: float | None) -> str:
    return format_number(None if value is None else round(value, 2), 2)


def _fixed(value: float | None) -> str:
    """Two decimals always, as the NACC publishes: 85.00."""
    if value is None:
        return "–"
    return f"{value:.2f}"


def gap_text(gap: float | None) -> str:
    """'+5.20' above the pass mark, '−3.10' below it, '–' when the year has no pass mark."""
    if gap is None:
        return "–"
    sign = "+" if gap >= 0 else "−"
    return sign + _fixed(abs(gap))


def rating_text(score: ItaScore) -> str:
    """'✔ ผ่านดี', with '(ชั่วคราว)' under provisional rules, a note when tools are unknown, a flag
    when the published rating disagrees; '– (ไม่มีเกณฑ์ของปีนี้)' for a year without rules."""
    rating = score.rating
    if rating is None:
        return t("ita_no_rules_rating")
    text = f"{SEVERITY_SYMBOLS[rating.severity]} {rating.label}"
    if rating.uncertain:
        text += " " + t("ita_rating_uncertain")
    if rating.provisional:
        text += " " + t("ita_rating_provisional")
    if score.rating_disagrees:
        text += " " + t("ita_rating_disagrees")
    return text


_MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~:$")


def markdown_literal(text: str) -> str:
    """Text shown as typed inside markdown: every markdown character backslash-escaped (no links, no HTML)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)


def published_text(score: ItaScore) -> str:
    """The rating as the agency published it, '–' when none was given."""
    return score.published_rating or "–"


def _weight_header(view: ItaView, tool: str) -> str:
    known = (known_rule_set(s.year) for s in view.scores)
    weights = {r.weights[tool] for r in known if r is not None} or {view.rule_set.weights[tool]}
    if len(weights) == 1:
        return t("ita_col_weighted", tool=TOOL_NAMES[tool], weight=format_number(weights.pop() * 100, 0))
    return t("ita_col_weighted_mixed", tool=TOOL_NAMES[tool])


def ita_table(view: ItaView) -> pd.DataFrame:
    """One row per fiscal year: raw and weighted IIT/EIT/OIT, total, rating and gap to the pass mark."""
    columns = [
        t("axis_year"),
        *(TOOL_NAMES[tool] for tool in TOOLS),
        *(_weight_header(view, tool) for tool in TOOLS),
        t("ita_col_total"),
        t("ita_col_published"),
        t("ita_col_rating"),
        t("ita_col_gap", mark=format_number(view.rule_set.pass_mark, 2)),
    ]
    records = []
    for score in reversed(view.scores):
        raw = [score.iit, score.eit, score.oit]
        parts = [score.iit_part, score.eit_part, score.oit_part]
        values = [
            str(score.year),
            *(_fixed(v) for v in raw),
            *(_fixed(v) for v in parts),
            _fixed(score.shown_total),
            published_text(score),
            rating_text(score),
            gap_text(score.gap_to_pass),
        ]
        records.append(dict(zip(columns, values, strict=True)))
    return pd.DataFrame(records, columns=columns, dtype="str")


def ita_severities(view: ItaView) -> list[str]:
    """The rating severity (good | ok | bad; none without rules) of each row of `ita_table`."""
    return [s.rating.severity if s.rating is not None else "none" for s in reversed(view.scores)]


@dataclass(frozen=True)
class Headline:
    """The selected year's total, rating and gap in words."""

    total: str
    rating: str
    gap: str  # '+0.80'
    gap_sentence: str  # 'สูงกว่าเกณฑ์ผ่าน 85 คะแนน อยู่ 0.80'
    rules: str
    published: str = "–"  # the rating the agency published, markdown-escaped (it is typed by users)
    notes: tuple[str, ...] = ()  # no rules for the year, a disagreement, the total alone


def headline(view: ItaView) -> Headline | None:
    """The selected year's figures as text; None before its score is published."""
    score = view.current
    if score is None:
        return None
    notes = []
    if score.rating is None:
        notes.append(t("ita_no_rules_note", year=score.year, first=view.first_rules_year))
    elif score.rating_disagrees:
        notes.append(
            t("ita_rating_disagrees_note", rating=score.rating.label, published=markdown_literal(published_text(score)))
        )
    if not score.tools_known:
        notes.append(t("ita_total_only_note"))
    if score.gap_to_pass is None:
        gap_sentence = t("ita_no_rules_gap")
    else:
        key = "card_ita_gap_ok" if score.gap_to_pass >= 0 else "card_ita_gap_bad"
        gap_sentence = t(key, threshold=view.rule_set.pass_mark, gap=_fixed(abs(score.gap_to_pass)))
    return Headline(
        total=_fixed(score.shown_total),
        rating=rating_text(score),
        gap=gap_text(score.gap_to_pass),
        gap_sentence=gap_sentence,
        rules=rules_text(view.rule_set) if view.rules_known else t("ita_no_rules_gap"),
        published=markdown_literal(published_text(score)),
        notes=tuple(notes),
    )


def rules_text(rule_set: RuleSet) -> str:
    """'น้ำหนัก IIT 30% · EIT 30% · OIT 40% · ระดับผล: ผ่านดีเยี่ยม / ผ่านดี / …'."""
    weights = " · ".join(f"{TOOL_NAMES[tool]} {format_number(rule_set.weights[tool] * 100, 0)}%" for tool in TOOLS)
    bands = " / ".join(b.label for b in rule_set.bands)
    text = t("ita_rules_text", weights=weights, bands=bands)
    if rule_set.provisional:
        text += " · " + t("ita_rules_provisional")
    return text


# --- what-if ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIfAnswer:
    """The least third score for each goal, with one Thai sentence per distinct goal band."""

    year: int
    missing: str
    answers: dict[str, WhatIf]  # goal -> answer
    lines: tuple[str, ...]
    reachable: tuple[bool, ...]  # per line


def default_what_if(view: ItaView) -> dict[str, float]:
    """Starting values for the what-if inputs: the selected year's scores, else 85 for each tool."""
    score = view.current or view.shown
    values = {"iit": 85.0, "eit": 85.0, "oit": 85.0}
    if score is not None:
        for tool, value in (("iit", score.iit), ("eit", score.eit), ("oit", score.oit)):
            if value is not None:
                values[tool] = float(value)
    return values


def _what_if_line(answer: WhatIf, rule_set: RuleSet, known: Mapping[str, float]) -> str:
    label = rule_set.band(rule_set.goals[answer.goal]).label
    tool = TOOL_NAMES[answer.missing]
    if answer.reachable and answer.rating is not None:
        return t(
            "ita_whatif_reach",
            tool=tool,
            score=_fixed(answer.score),
            label=label,
            total=_fixed(answer.rating.total),
        )
    if answer.reason == "tool_below_mark" and answer.blocking_tool is not None:
        band = rule_set.band(rule_set.goals[answer.goal])
        return t(
            "ita_whatif_blocked",
            label=label,
            blocking=TOOL_NAMES[answer.blocking_tool],
            score=_fixed(known[answer.blocking_tool]),
            mark=_num(band.min_each_tool),
        )
    return t("ita_whatif_max", label=label, tool=tool, best=_fixed(answer.best_total))


def what_if_answer(year: int, known: Mapping[str, float], missing: str) -> WhatIfAnswer:
    """The least score the `missing` tool needs for ผ่าน and for ผ่านดี (or why it cannot), in `year`'s rules."""
    rule_set = rule_set_for(year)
    given = {tool: float(known[tool]) for tool in TOOLS if tool != missing}
    answers = {goal: least_third_score(year, given, missing, goal) for goal in WHAT_IF_GOALS}
    lines, reachable, seen = [], [], set()
    for goal in WHAT_IF_GOALS:
        band = rule_set.goals[goal]
        if band in seen:  # up to 2565 both goals are band A: say it once
            continue
        seen.add(band)
        lines.append(_what_if_line(answers[goal], rule_set, given))
        reachable.append(answers[goal].reachable)
    return WhatIfAnswer(year, missing, answers, tuple(lines), tuple(reachable))


def tool_options() -> dict[str, str]:
    """Tool code → 'OIT', for the what-if's 'which score is unknown' choice."""
    return dict(TOOL_NAMES)
