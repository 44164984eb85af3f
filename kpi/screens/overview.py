"""ภาพรวม: the figures of the overview page, read from kpi.domain.figures (one figure, one truth).

Measure progress counts work on schedule (done, or in progress while its plan runs: see
kpi.domain.figures), so a year on plan is not red mid-year; one verdict line sums it up.

As of a quarter Q the overview shows nothing after Q: the charts have quarters 1–Q only, and the
satisfaction and complaint figures are the year to date (kpi.domain.as_of).

The public view (`public=True`) shows the complaint numbers the council deck publishes: the chart's
quarter totals and the card's total are read from the year's public complaint grid
(kpi.domain.public_grid.public_grid, kpi.privacy.complaints.public_quarter_table), the one joint
suppression every public output shares, and a hidden count is marked "ปกปิด", never shown. Its
indicators by state are the published counts (kpi.domain.public_grid.public_state_counts): a line
whose state is hidden counts as "ปกปิด", never as met or missed, in the verdict, the card and the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.core.settings import TARGETS
from kpi.core.thai import format_number
from kpi.domain.as_of import shown_quarters, to_date_text
from kpi.domain.complaints import (
    ToDate,
    YearTotals,
    complaint_quarters,
    describe_count,
    received_to_date,
    year_totals,
)
from kpi.domain.figures import Figures, MeasureFigures, figures
from kpi.domain.figures_sources import satisfaction_of
from kpi.domain.ita import ItaScore, ita_scores_from_frame
from kpi.domain.ita_rules import pass_mark
from kpi.domain.public_grid import public_grid, public_state_counts
from kpi.domain.satisfaction import QuarterPoint, SatisfactionSummary, satisfaction_by_quarter
from kpi.domain.targets import count_states
from kpi.privacy.complaints import public_quarter_table
from kpi.privacy.suppression import SuppressedTable
from kpi.screens.targets import hidden_count_text

MEASURE_STATES = ("done", "in_progress", "not_started", "not_done", "no_report")


@dataclass(frozen=True)
class MeasureProgress:
    """Measures planned in a quarter, counted by their reported status."""

    planned: int
    counts: dict[str, int]

    @property
    def done_share(self) -> float | None:
        return None if not self.planned else self.counts["done"] / self.planned * 100


@dataclass(frozen=True)
class ComplaintsByQuarter:
    """Complaints received per quarter 1–Q, this fiscal year and the previous one (None = no data)."""

    this_year: tuple[int | None, ...]
    last_year: tuple[int | None, ...]
    # The public view: which quarters' totals the public grid hides (shown "ปกปิด", never as a number).
    this_hidden: tuple[bool, ...] = ()
    last_hidden: tuple[bool, ...] = ()

    @property
    def quarters(self) -> tuple[int, ...]:
        """The quarters shown: 1 to the quarter viewed."""
        return tuple(range(1, len(self.this_year) + 1))


@dataclass(frozen=True)
class PublicToDate:
    """The public view's complaints card: the published total received, beside last year's same quarters."""

    quarters: tuple[int, ...]  # the quarters with data for every category (the deck's table rows)
    received: int | None  # None: hidden (or no data when `quarters` is empty)
    last_received: int | None  # None: hidden, or no data when `last_known` is False
    last_known: bool  # last year has the same quarters


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows for one fiscal year and quarter."""

    year: int
    quarter: int
    measures: MeasureProgress
    targets: dict[str, int]  # by state; the public view's also "hidden" (kpi.domain.public_grid.HIDDEN_STATE)
    ita_history: tuple[ItaScore, ...]
    ita_latest: ItaScore | None
    satisfaction: SatisfactionSummary
    satisfaction_quarters: tuple[QuarterPoint, ...]
    complaints: YearTotals
    complaints_quarters: ComplaintsByQuarter
    complaints_to_date: ToDate  # the card: quarter 1 to the chosen quarter, rounds included
    progress: MeasureFigures  # measures planned up to the quarter, counted once each
    figures: Figures
    public_to_date: PublicToDate | None = None  # the public view's card (None: the internal view)

    @property
    def progress_share(self) -> float | None:
        """Share (%) of the measures due so far that are on schedule."""
        p = self.progress
        return None if not p.planned else p.on_plan / p.planned * 100

    @property
    def verdict(self) -> str:
        """'ตามแผน 15 จาก 15 มาตรการ · บรรลุเป้าหมาย 10 จาก 12' (Arabic digits; the public view's
        adds ' · สถานะปกปิด 1 ตัวชี้วัด' when it hides a state, counted in the 12, not in the 10)."""
        total = sum(v for k, v in self.targets.items() if k != "no_data")
        return t(
            "overview_verdict",
            on_plan=format_number(self.progress.on_plan),
            planned=format_number(self.progress.planned),
            met=format_number(self.targets["met"]),
            total=format_number(total),
        ) + hidden_count_text(self.targets)


def measure_progress(dataset: Dataset, year: int, quarter: int) -> MeasureProgress:
    """Status of each measure planned in `quarter` of `year` (no row in the results = no report)."""
    measures = dataset.frame("measures")
    planned = measures[measures["fiscal_year"] == year]
    planned = planned[planned["quarters"].fillna("").str.contains(rf"(?:^|,){quarter}(?:,|$)", regex=True)]
    results = dataset.frame("results")
    rows = results[(results["fiscal_year"] == year) & (results["quarter"] == quarter)]
    status_by_measure = dict(zip(rows["measure_no"].astype(int), rows["status"].astype(str), strict=True))
    counts = dict.fromkeys(MEASURE_STATES, 0)
    for number in planned["no"].astype(int):
        counts[status_by_measure.get(number, "no_report")] += 1
    return MeasureProgress(planned=len(planned), counts=counts)


def complaints_by_quarter(dataset: Dataset, year: int, through: int = 4) -> ComplaintsByQuarter:
    """Received complaints (all types) per quarter 1–`through`, this year and last."""
    this, last = [], []
    quarters = complaint_quarters(dataset.frame("complaints"), year, through)
    for q in shown_quarters(through):
        rows = [c for c in quarters if c.quarter == q]
        current = [c.received for c in rows if c.received is not None]
        previous = [c.prev_received for c in rows if c.prev_received is not None]
        this.append(sum(current) if current else None)
        last.append(sum(previous) if previous else None)
    return ComplaintsByQuarter(tuple(this), tuple(last))


def _public_tables(
    dataset: Dataset, year: int, through: int
) -> tuple[tuple[tuple[int, ...], SuppressedTable | None], tuple[tuple[int, ...], SuppressedTable | None]]:
    """This year's and last year's public quarter × type tables as of `through`, read as the deck reads
    them (kpi.exports.public_figures.public_complaints): one public grid per year, suppressed once."""
    frame = dataset.frame("complaints")
    this = public_quarter_table(public_grid(frame, year, through), lambda q: str(q))
    last = public_quarter_table(public_grid(frame, year - 1, through), lambda q: str(q))
    return this, last


def public_complaints_by_quarter(dataset: Dataset, year: int, through: int = 4) -> ComplaintsByQuarter:
    """Received per quarter 1–`through` as published: the deck's chart values, hidden ones marked."""
    (this_q, this_table), (last_q, last_table) = _public_tables(dataset, year, through)
    this_totals = {} if this_table is None else dict(zip(this_q, this_table.row_totals, strict=True))
    last_totals = {} if last_table is None else dict(zip(last_q, last_table.row_totals, strict=True))
    quarters = shown_quarters(through)
    return ComplaintsByQuarter(
        this_year=tuple(this_totals.get(q) for q in quarters),
        last_year=tuple(last_totals.get(q) for q in quarters),
        this_hidden=tuple(q in this_totals and this_totals[q] is None for q in quarters),
        last_hidden=tuple(q in last_totals and last_totals[q] is None for q in quarters),
    )


def public_to_date(dataset: Dataset, year: int, through: int = 4) -> PublicToDate:
    """The published total received and last year's same quarters (the deck's complaints figure and change)."""
    (this_q, this_table), (last_q, last_table) = _public_tables(dataset, year, through)
    if this_table is None:
        return PublicToDate((), None, None, False)
    known = last_table is not None and all(q in last_q for q in this_q)
    last: int | None = None
    if last_table is not None and known:
        whole = through >= 4 and tuple(last_q) == this_q
        parts = dict(zip(last_q, last_table.row_totals, strict=True))
        values = [parts[q] for q in this_q]
        last = last_table.grand_total if whole else (None if None in values else sum(v or 0 for v in values))
    return PublicToDate(this_q, this_table.grand_total, last, known)


def build_overview(dataset: Dataset, year: int, quarter: int, public: bool = False) -> Overview:
    """All overview figures for a fiscal year as of a quarter (`public`: complaint numbers as published)."""
    scores = [s for s in ita_scores_from_frame(dataset.frame("ita")) if s.year <= year]
    scores.sort(key=lambda s: s.year)
    fig = figures(dataset, year, quarter)
    return Overview(
        year=year,
        quarter=quarter,
        measures=measure_progress(dataset, year, quarter),
        targets=(
            public_state_counts(fig.statuses, dataset.frame("complaints"), year, quarter)
            if public
            else count_states(list(fig.statuses))
        ),
        ita_history=tuple(scores),
        ita_latest=scores[-1] if scores else None,
        satisfaction=satisfaction_of(dataset, year, None, quarter),
        satisfaction_quarters=satisfaction_by_quarter(
            dataset.frame("satisfaction"), year, TARGETS.satisfaction_method, TARGETS.satisfaction_target, quarter
        ),
        complaints=year_totals(dataset.frame("complaints"), year, quarter),
        complaints_quarters=(
            public_complaints_by_quarter(dataset, year, quarter)
            if public
            else complaints_by_quarter(dataset, year, quarter)
        ),
        complaints_to_date=received_to_date(dataset.frame("complaints"), year, quarter),
        progress=fig.measures,
        figures=fig,
        public_to_date=public_to_date(dataset, year, quarter) if public else None,
    )


@dataclass(frozen=True)
class Card:
    """One headline figure: a title, the big value, a one-line detail, and a good/bad hint."""

    title: str
    value: str
    detail: str
    tone: str  # good | ok | bad | none


def overview_cards(ov: Overview) -> list[Card]:
    """The five headline cards of the overview, as text ready to show (Arabic digits)."""

    def num(value: float | None, decimals: int = 2) -> str:
        return format_number(value, decimals)

    cards = []
    p = ov.progress
    share = ov.progress_share
    cards.append(
        Card(
            t("card_measures"),
            "–" if share is None else f"{num(share, 0)}%",
            t("card_measures_on_plan", on_plan=num(p.on_plan), planned=num(p.planned), done=num(p.done)),
            # On schedule is the question mid-year: all on plan is good, whatever is still in progress.
            "none" if share is None else ("good" if p.on_plan == p.planned else "ok" if share >= 50 else "bad"),
        )
    )
    total = sum(v for k, v in ov.targets.items() if k != "no_data")
    met = ov.targets["met"]
    cards.append(
        Card(
            t("card_targets"),
            f"{num(met)}/{num(total)}" if total else "–",
            t("card_targets_value", met=num(met), total=num(total))
            + (f" · {t('target_no_data')} {num(ov.targets['no_data'])}" if ov.targets["no_data"] else "")
            + hidden_count_text(ov.targets),
            "none" if not total else ("good" if met == total else "ok" if ov.targets["missed"] == 0 else "bad"),
        )
    )
    ita = ov.ita_latest
    if ita is None:
        cards.append(Card(t("card_ita"), "–", t("card_ita_none"), "none"))
    else:
        gap = ita.gap_to_pass
        gap_text = (
            t("ita_no_rules_gap")  # a year before the first rule set has no pass mark
            if gap is None
            else t(
                "card_ita_gap_ok" if gap >= 0 else "card_ita_gap_bad", threshold=pass_mark(ita.year), gap=num(abs(gap))
            )
        )
        cards.append(
            Card(
                t("card_ita") + f" ({ita.year})",
                num(round(ita.total, 2)),
                f"{ita.display_rating} · {gap_text}",
                ita.severity,
            )
        )
    overall = ov.satisfaction.overall
    if overall is None or overall.value is None:
        cards.append(Card(t("card_satisfaction"), "–", t("card_satisfaction_none"), "none"))
    else:
        cards.append(
            Card(
                t("card_satisfaction"),
                f"{num(overall.value)}%",
                t(
                    "card_satisfaction_value",
                    value=num(overall.value),
                    target=ov.satisfaction.target,
                    n=num(overall.sample_size) if overall.sample_size is not None else "–",
                )
                + f" · {ov.satisfaction.method_label}"
                # The year to date says which quarters it pools ('ไตรมาส 1–2'); the whole year says nothing more.
                + ("" if ov.quarter >= 4 else f" · {to_date_text(ov.quarter)}"),
                "good" if overall.meets_target else "bad",
            )
        )
    if ov.public_to_date is not None:
        cards.append(public_complaints_card(ov.public_to_date))
        return cards
    # Like with like: the quarters reported this year (up to the chosen one) against the same quarters last year.
    to_date = ov.complaints_to_date
    quarters, this, last = list(to_date.quarters), to_date.received, to_date.last_received
    if this is None:
        cards.append(Card(t("card_complaints"), "–", t("target_no_data"), "none"))
    else:
        tone = "none" if last is None else ("good" if this < last or this == last == 0 else "bad")
        span = t("card_complaints_span", first=num(quarters[0]), last=num(quarters[-1]))
        detail = (
            span
            + " · "
            + (
                t("card_complaints_value_nolast", this=num(this))
                if last is None
                else t("card_complaints_value", this=num(this), last=num(last))
            )
        )
        cards.append(Card(t("card_complaints"), t("card_complaints_none") if this == 0 else num(this), detail, tone))
    return cards


def public_complaints_card(p: PublicToDate) -> Card:
    """The public view's complaints card: published counts only, a hidden one marked "ปกปิด"."""
    if not p.quarters:
        return Card(t("card_complaints"), "–", t("target_no_data"), "none")
    mark = t("chart_hidden_mark")
    this = mark if p.received is None else describe_count(p.received)
    last = (
        t("public_no_last_year")
        if not p.last_known
        else mark
        if p.last_received is None
        else describe_count(p.last_received)
    )
    span = t("card_complaints_span", first=format_number(p.quarters[0]), last=format_number(p.quarters[-1]))
    detail = f"{span} · {t('public_card_complaints', this=this, last=last)}"
    if p.received is None or p.last_received is None:
        tone = "none"  # a good/bad hint beside a hidden count would tell which is smaller
    else:
        tone = "good" if p.received < p.last_received or p.received == p.last_received == 0 else "bad"
    value = mark if p.received is None else t("card_complaints_none") if p.received == 0 else format_number(p.received)
    return Card(t("card_complaints"), value, detail, tone)
