"""Better or worse than last year, and against the target: the scorecards of the council deck.

A council asks first whether a figure is better or worse than last year and whether it reaches its
target. Every headline figure of the deck (the overview's five, ITA, satisfaction, complaints) is
a `Scorecard`: this year's value, last year's, the change (one wording, `change_text`, with a real
minus sign "−") and the target. The deck writes them into the figures' detail line, the overview's
table and the speaker notes, so the screen, the PPTX and the PDF show the same words.

Complaints are public-safe: the change is computed from the two published totals
(kpi.exports.public_figures), and is not shown when either total is hidden, so it can never give
a hidden count away. Texts have Arabic digits; kpi.exports.deck sets the digits once at its end.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.core.thai import format_number as num
from kpi.domain.figures import measure_figures
from kpi.domain.figures_sources import satisfaction_of
from kpi.domain.ita_rules import pass_mark
from kpi.domain.public_grid import public_state_counts
from kpi.domain.targets import MET, NO_DATA, target_statuses
from kpi.exports.deck_model import Table
from kpi.exports.public_figures import PublicComplaints, count_text, quarter_short
from kpi.privacy.suppression import HIDDEN_MARK
from kpi.screens.overview import Overview

MINUS = "−"  # U+2212, not a hyphen


@dataclass(frozen=True)
class Change:
    """A figure this year against last year's (None: no data)."""

    this: float | None
    last: float | None
    last_year: int
    decimals: int = 2
    relative: bool = False  # a count: the change in percent of last year too
    hidden: bool = False  # a published count is hidden: the change would give it away
    same_span: bool = False  # last year's figure covers only the quarters this year's does


def signed(value: float, decimals: int) -> str:
    """'+2.56', '−8', '0': the sign always written, with a real minus sign."""
    if round(value, decimals) == 0:
        return num(0, decimals)
    return ("+" if value > 0 else MINUS) + num(abs(value), decimals)


def change_text(change: Change, spoken: bool = False) -> str:
    """The change against last year: '+2.56 จากปี 2567', '−8 (−40 %) จากปี 2567', 'ไม่มีข้อมูลปีก่อน'.

    `spoken` words it for the speaker notes: 'เพิ่มขึ้น 2.56 จากปี 2567', 'ลดลง 8 (ร้อยละ 40) จากปี 2567'.
    """
    if change.hidden:
        return t("deck_change_hidden")
    if change.last is None:
        return t("deck_no_last_year")
    if change.this is None:
        return ""
    delta = change.this - change.last
    since = t("deck_since_span" if change.same_span else "deck_since_year", year=change.last_year)
    if round(delta, change.decimals) == 0:
        return t("deck_change_same", since=since)
    share = delta / change.last * 100 if change.relative and change.last else None
    if spoken:
        extra = "" if share is None else t("deck_change_share_spoken", share=num(abs(share), 0))
        key = "deck_change_up_spoken" if delta > 0 else "deck_change_down_spoken"
        return t(key, amount=num(abs(delta), change.decimals), share=extra, since=since)
    amount = signed(delta, change.decimals)
    if share is not None:
        amount += f" ({signed(share, 0)} %)"
    return t("deck_change", amount=amount, since=since)


@dataclass(frozen=True)
class Scorecard:
    """One headline figure with last year's value, the change and the target, as text."""

    key: str
    label: str
    this_text: str
    last_text: str
    change: Change
    target: str = ""  # how the figure stands against its target, in words ('' without one)
    target_short: str = ""  # the same for a figure's box: 'เกณฑ์ผ่าน 85: +8.59'

    def detail(self, context: str = "") -> str:
        """The figure's detail line: the change, then the target (or `context` without one)."""
        return " · ".join(x for x in (change_text(self.change), self.target_short or self.target or context) if x)

    def sentence(self, label: str = "", text: str = "") -> str:
        """A full sentence for the speaker notes (the figure's own label and text when given)."""
        text = t("deck_note_figure", label=label or self.label, text=text or self.this_text)
        spoken = change_text(self.change, spoken=True)
        if spoken:
            text += " " + spoken
        if self.target:
            text += " " + t("deck_note_target", target=self.target)
        return text


def _share(on_plan: int, planned: int) -> float | None:
    return None if not planned else on_plan / planned * 100


def _percent(value: float | None, decimals: int = 2) -> str:
    return t("target_no_data") if value is None else f"{num(value, decimals)}%"


def measures_card(dataset: Dataset, ov: Overview, label: str) -> Scorecard:
    """Measures on schedule (%) against the same quarter of last year."""
    last = measure_figures(dataset, ov.year - 1, ov.quarter)
    last_share = _share(last.on_plan, last.planned)
    change = Change(ov.progress_share, last_share, ov.year - 1, decimals=0)
    return Scorecard("measures_share", label, _percent(ov.progress_share, 0), _percent(last_share, 0), change)


def targets_card(dataset: Dataset, ov: Overview, label: str) -> Scorecard:
    """Indicators met against those met as of the same quarter of last year (`ov` the public overview:
    both years count a hidden state as hidden, kpi.domain.public_grid.public_state_counts)."""

    def met_text(counts: dict[str, int]) -> tuple[float | None, str]:
        judged = sum(v for k, v in counts.items() if k != NO_DATA)
        return (float(counts[MET]), f"{num(counts[MET])}/{num(judged)}") if judged else (None, t("target_no_data"))

    # As published: a line whose state a public output hides is in neither year's met count.
    last_statuses = target_statuses(dataset, ov.year - 1, ov.quarter)
    last_counts = public_state_counts(last_statuses, dataset.frame("complaints"), ov.year - 1, ov.quarter)
    this, this_text = met_text(ov.targets)
    last, last_text = met_text(last_counts)
    return Scorecard("targets_met", label, this_text, last_text, Change(this, last, ov.year - 1, decimals=0))


def ita_card(ov: Overview, label: str) -> Scorecard | None:
    """The latest ITA total against the year before it and the pass mark."""
    ita = ov.ita_latest
    if ita is None:
        return None
    before = next((s for s in ov.ita_history if s.year == ita.year - 1), None)
    last = None if before is None else round(before.total, 2)
    gap = ita.gap_to_pass
    target = (
        t("ita_no_rules_gap")  # a year before the first rule set has no pass mark
        if gap is None
        else t("card_ita_gap_ok" if gap >= 0 else "card_ita_gap_bad", threshold=pass_mark(ita.year), gap=num(abs(gap)))
    )
    short = (
        "" if gap is None else t("deck_goal_gap", goal=t("pass_line", value=pass_mark(ita.year)), gap=signed(gap, 2))
    )
    this = round(ita.total, 2)
    last_text = t("target_no_data") if last is None else num(last)
    return Scorecard("ita_total", label, num(this), last_text, Change(this, last, ita.year - 1), target, short)


def satisfaction_card(dataset: Dataset, ov: Overview, label: str) -> Scorecard | None:
    """The year's satisfaction against last year's and the target."""
    overall = ov.satisfaction.overall
    if overall is None or overall.value is None:
        return None
    before = satisfaction_of(dataset, ov.year - 1, None).overall
    last = None if before is None else before.value
    target = ov.satisfaction.target
    gap = overall.value - target
    target_text = t("deck_sat_gap_ok" if gap >= 0 else "deck_sat_gap_bad", target=f"{num(target)}%", gap=num(abs(gap)))
    short = t("deck_goal_gap", goal=t("deck_goal_percent", value=num(target)), gap=signed(gap, 2))
    change = Change(round(overall.value, 2), None if last is None else round(last, 2), ov.year - 1)
    return Scorecard("satisfaction", label, _percent(overall.value), _percent(last), change, target_text, short)


def complaints_card(pc: PublicComplaints, label: str) -> Scorecard | None:
    """The published total received against last year's same quarters, published too (never a hidden count).

    Like with like: a year not yet complete is compared with the same quarters of last year, summed
    from last year's published quarter totals; a hidden one hides the change. The target verdict is
    the year's (kpi.domain.complaints judges complete years only).
    """
    if pc.this_table is None:
        return None
    this = pc.this_table.grand_total
    quarters = pc.this_quarters
    compared = pc.last_table is not None and all(q in pc.last_quarters for q in quarters)
    year_over = max(pc.quarters, default=4) >= 4  # as of quarter 4 (earlier: both years are cut at it)
    whole = year_over and tuple(pc.last_quarters) == quarters
    last: int | None = None
    last_text = t("target_no_data")
    if pc.last_table is not None and compared:
        totals = dict(zip(pc.last_quarters, pc.last_table.row_totals, strict=True))
        parts = [totals[q] for q in quarters]
        last = pc.last_table.grand_total if whole else (None if None in parts else sum(p or 0 for p in parts))
        last_text = count_text(last) + ("" if whole else f" ({quarter_span(pc.year - 1, quarters)})")
    change = Change(
        None if this is None else float(this),
        None if last is None else float(last),
        pc.year - 1,
        decimals=0,
        relative=True,
        hidden=compared and (this is None or last is None),  # a hidden total: no change that gives it away
        same_span=compared and not whole,
    )
    states = {"met": t("target_met"), "missed": t("target_missed"), "hidden": HIDDEN_MARK}
    # "ลดลง" is a target for the year: as of an earlier quarter it is judged when the year is over
    state = (
        states.get(pc.decrease, t("deck_comp_open")) if year_over or pc.decrease == "hidden" else t("deck_comp_open")
    )
    target, short = t("deck_comp_target", state=state), t("deck_comp_goal", state=state)
    return Scorecard("complaints_total", label, count_text(this), last_text, change, target, short)


def quarter_span(year: int, quarters: tuple[int, ...]) -> str:
    """'ไตรมาส 1–2' (or 'ไตรมาส 1, ไตรมาส 3' when they do not follow each other)."""
    if len(quarters) > 1 and quarters == tuple(range(quarters[0], quarters[-1] + 1)):
        return t("deck_plan_span", first=num(quarters[0]), last=num(quarters[-1]))
    return ", ".join(quarter_short(year, q) for q in quarters)


def scorecard_table(cards: list[Scorecard], year: int) -> Table:
    """The overview's table: each headline figure this year, last year, the change and the target."""
    header = (t("deck_col_figure"), t("deck_col_year", year=year), t("deck_col_year", year=year - 1),
              t("deck_col_change"), t("deck_col_target"))  # fmt: skip
    rows = tuple((c.label, c.this_text, c.last_text, change_text(c.change) or "–", c.target or "–") for c in cards)
    return Table(header, rows, widths=(0.24, 0.13, 0.13, 0.2, 0.3))
