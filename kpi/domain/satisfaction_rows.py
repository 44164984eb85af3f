"""One satisfaction figure from one survey row, and pooling rows: the method, its sample size, its band.

A row of the SATISFACTION sheet gives, in order of preference (domain.md §4):

    n5 n4 n3 n2 n1   answer counts per level of a 5-point scale   -> given = "counts"
    n_satisfied n_improve   the two-choice form (พึงพอใจ/ควรปรับปรุง) -> given = "two_choice"
    mean             the mean of the scale (1.00–5.00)           -> given = "mean"
    percent          a percentage computed by the agency          -> given = "percent"

Counts win when present: mean and percentages are then computed from them, and a typed mean or
percent that disagrees is ignored and named in `mismatch` (agreement: within the rounding the typed
value was given to, kpi/domain/satisfaction_forms.py). A mean-only row keeps its published percent
when the mean allows it, else shows mean / 5 × 100 and keeps the published one in `published_percent`.
Each figure says its method (`method_used`) and sample size: "ร้อยละ ๘๐" does not say which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from kpi.core.dataset import cell_float as _number
from kpi.core.dataset import cell_int as _int
from kpi.core.messages import UI
from kpi.core.settings import TARGETS
from kpi.domain.satisfaction_forms import TWO_CHOICE, agrees, percent_agrees_with_mean, rounding_of, two_choice_percent

Method = Literal["mean_pct", "top2"]

Given = Literal["counts", "two_choice", "mean", "percent"]

METHOD_MEAN_PCT = "mean_pct"


METHOD_TOP2 = "top2"

METHODS: tuple[str, ...] = (METHOD_MEAN_PCT, METHOD_TOP2)

DEFAULT_METHOD = TARGETS.satisfaction_method  # settings: kpi/core/settings.py

DEFAULT_TARGET = TARGETS.satisfaction_target


# method_used when a row only gave a percentage, and when pooled rows used different methods.
METHOD_GIVEN_PERCENT = "percent"

METHOD_MIXED = "mixed"

METHOD_TWO_CHOICE = "two_choice"  # พึงพอใจ / (พึงพอใจ + ควรปรับปรุง): the only figure of a two-choice row


# Thai text lives in kpi.core.messages; these names keep the module's public constants.
METHOD_LABELS: dict[str, str] = {
    METHOD_MEAN_PCT: UI["survey_method_mean_pct"],
    METHOD_TOP2: UI["survey_method_top2"],
    METHOD_GIVEN_PERCENT: UI["survey_method_percent"],
    METHOD_MIXED: UI["survey_method_mixed"],
    METHOD_TWO_CHOICE: UI["survey_method_two_choice"],
}

GIVEN_LABELS: dict[str, str] = {
    "counts": UI["survey_given_counts"],
    "two_choice": UI["survey_given_two_choice"],
    "mean": UI["survey_given_mean"],
    "percent": UI["survey_given_percent"],
}

POOLING_LABELS: dict[str, str] = {
    "row": "",
    "counts": UI["survey_pooling_counts"],
    "weighted": UI["survey_pooling_weighted"],
    "unweighted": UI["survey_pooling_unweighted"],
}

MISMATCH_NOTE = UI["survey_mismatch_note"]

MISMATCH_FIELD_LABELS: dict[str, str] = {"mean": UI["survey_mismatch_mean"], "percent": UI["survey_mismatch_percent"]}

OVERALL_LABEL = UI["survey_overall"]


# Interpretation bands of a 5-point mean: lower bound (inclusive, on the mean rounded to 2 decimals) -> label.
BANDS: tuple[tuple[float, str], ...] = (
    (4.21, UI["survey_band_5"]),
    (3.41, UI["survey_band_4"]),
    (2.61, UI["survey_band_3"]),
    (1.81, UI["survey_band_2"]),
    (1.00, UI["survey_band_1"]),
)

_LEVELS = ("n5", "n4", "n3", "n2", "n1")

_SCORES = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class SatisfactionFigure:
    """One satisfaction figure (a service or the overall) for a period, with how it was obtained."""

    service: str
    fiscal_year: int
    quarter: int | None  # None = the whole fiscal year
    sample_size: int | None
    mean: float | None  # unrounded
    pct_mean: float | None  # mean / 5 × 100, from the unrounded mean
    pct_top2: float | None  # share answering 4 or 5
    band: str | None
    given: Given  # for pooled figures: the least detailed form among the pooled rows
    method_used: str  # mean_pct | top2 | percent | mixed
    value: float | None
    target: float
    meets_target: bool | None
    counts: tuple[int, int, int, int, int] | None = None  # n5, n4, n3, n2, n1
    mismatch: tuple[str, ...] = ()  # typed fields ("mean", "percent") that disagreed with the counts
    pooling: str = "row"  # row | counts | weighted | unweighted
    pooled_quarters: tuple[int, ...] = ()  # quarters pooled into a whole-year figure
    published_percent: float | None = None  # a typed percent set aside because the mean disagrees

    @property
    def mean_display(self) -> float | None:
        """The mean rounded to 2 decimals, as reports print it."""
        return None if self.mean is None else round(self.mean, 2)

    @property
    def method_label(self) -> str:
        """Thai label of the method that produced `value`."""
        return METHOD_LABELS.get(self.method_used, self.method_used)

    @property
    def given_label(self) -> str:
        """Thai label of how the figure was entered."""
        return GIVEN_LABELS[self.given]

    @property
    def pooling_label(self) -> str:
        """Thai label of how several rows were combined ('' for a single row)."""
        return POOLING_LABELS[self.pooling]

    @property
    def has_mismatch(self) -> bool:
        """True when a typed mean or percent was ignored because the counts disagree."""
        return bool(self.mismatch)

    @property
    def mismatch_note(self) -> str | None:
        """Thai note naming the ignored typed values, or None."""
        if not self.mismatch:
            return None
        if self.published_percent is not None and self.mean is not None and self.pct_mean is not None:
            return UI["survey_published_note"].format(
                published=f"{self.published_percent:g}",
                mean=f"{self.mean:g}",
                computed=f"{self.pct_mean:.2f}",
                tolerance=f"{rounding_of(self.mean) * 20:g}",
            )
        return MISMATCH_NOTE.format(fields="/".join(MISMATCH_FIELD_LABELS[f] for f in self.mismatch))


def check_method(method: str) -> None:
    """Refuse a satisfaction method the dashboard does not know."""
    if method not in METHODS:
        raise ValueError(f"unknown satisfaction method {method!r}; expected one of {METHODS}")


def band_of(mean: float | None) -> str | None:
    """Interpretation band of a 5-point mean (judged on the mean rounded to 2 decimals)."""
    if mean is None:
        return None
    shown = round(mean, 2)
    return next((label for low, label in BANDS if shown >= low), None)


def _meets(value: float | None, target: float) -> bool | None:
    return None if value is None else value >= target


def _from_counts(counts: Sequence[int]) -> tuple[int, float, float, float]:
    """Sample size, mean, mean-percentage and top-two-box percentage of answer counts (n5..n1)."""
    n = sum(counts)
    mean = sum(score * c for score, c in zip(_SCORES, counts, strict=True)) / n
    return n, mean, mean / 5 * 100, (counts[0] + counts[1]) / n * 100


Counts = tuple[int, int, int, int, int]


def _counts_figure(
    counts: Counts,
    service: str,
    fiscal_year: int,
    quarter: int | None,
    method: str,
    target: float,
    mismatch: tuple[str, ...] = (),
    pooling: str = "row",
    pooled_quarters: tuple[int, ...] = (),
) -> SatisfactionFigure:
    """The figure of answer counts (n5..n1, total > 0)."""
    n, mean, pct_mean, pct_top2 = _from_counts(counts)
    value = pct_top2 if method == METHOD_TOP2 else pct_mean
    return SatisfactionFigure(
        service=service,
        fiscal_year=fiscal_year,
        quarter=quarter,
        sample_size=n,
        mean=mean,
        pct_mean=pct_mean,
        pct_top2=pct_top2,
        band=band_of(mean),
        given="counts",
        method_used=method,
        value=value,
        target=target,
        meets_target=_meets(value, target),
        counts=counts,
        mismatch=mismatch,
        pooling=pooling,
        pooled_quarters=pooled_quarters,
    )


def figure_from_row(
    row: Mapping[str, Any],
    method: str = DEFAULT_METHOD,
    target: float = DEFAULT_TARGET,
    service: str | None = None,
) -> SatisfactionFigure | None:
    """The figure of one SATISFACTION row under a method; None when the row gives no figure."""
    check_method(method)
    year = _int(row.get("fiscal_year")) or 0
    quarter = _int(row.get("quarter"))
    name = service if service is not None else str(row.get("service") or "").strip()
    raw_counts = [_number(row.get(k)) for k in _LEVELS]
    given_mean = _number(row.get("mean"))
    given_percent = _number(row.get("percent"))
    given_n = _int(row.get("sample_size"))

    if any(c is not None for c in raw_counts):
        # A blank level next to filled ones means nobody answered it.
        c5, c4, c3, c2, c1 = (int(round(c or 0)) for c in raw_counts)
        counts = (c5, c4, c3, c2, c1)
        if sum(counts) > 0:
            _, mean, pct_mean, pct_top2 = _from_counts(counts)
            mismatch: tuple[str, ...] = ()
            if given_mean is not None and not agrees(given_mean, mean):
                mismatch += ("mean",)
            if given_percent is not None and not any(agrees(given_percent, p) for p in (pct_mean, pct_top2)):
                mismatch += ("percent",)
            figure = _counts_figure(counts, name, year, quarter, method, target, mismatch)
            # A survey of several questions: the counts are ratings, the typed size is respondents.
            return replace(figure, sample_size=given_n) if given_n and given_n < (figure.sample_size or 0) else figure

    two_choice = _two_choice_figure(row, name, year, quarter, given_n, given_percent, target)
    if two_choice is not None:
        return two_choice

    if given_mean is not None:
        # Without counts the top-two-box share is unknown: the mean percentage stands in under either method.
        pct_mean = given_mean / 5 * 100
        # The published percent stands when the mean, at the decimals it was given to, allows it.
        disagrees = given_percent is not None and not percent_agrees_with_mean(given_percent, given_mean)
        value = given_percent if given_percent is not None and not disagrees else pct_mean
        return SatisfactionFigure(
            service=name,
            fiscal_year=year,
            quarter=quarter,
            sample_size=given_n,
            mean=given_mean,
            pct_mean=pct_mean,
            pct_top2=None,
            band=band_of(given_mean),
            given="mean",
            method_used=METHOD_MEAN_PCT,
            value=value,
            target=target,
            meets_target=_meets(value, target),
            mismatch=("percent",) if disagrees else (),
            published_percent=given_percent if disagrees else None,
        )

    if given_percent is not None:
        return SatisfactionFigure(
            service=name,
            fiscal_year=year,
            quarter=quarter,
            sample_size=given_n,
            mean=None,
            pct_mean=None,
            pct_top2=None,
            band=None,
            given="percent",
            method_used=METHOD_GIVEN_PERCENT,
            value=given_percent,
            target=target,
            meets_target=_meets(given_percent, target),
        )
    return None


def _two_choice_figure(
    row: Mapping[str, Any],
    name: str,
    year: int,
    quarter: int | None,
    given_n: int | None,
    given_percent: float | None,
    target: float,
) -> SatisfactionFigure | None:
    """The figure of a two-choice row (พึงพอใจ / ควรปรับปรุง counts); None when it has none."""
    raw = [_number(row.get(k)) for k in TWO_CHOICE]
    if all(c is None for c in raw):
        return None
    satisfied, improve = (int(round(c or 0)) for c in raw)
    if satisfied + improve == 0:
        return None
    value = two_choice_percent(satisfied, improve)
    mismatch: tuple[str, ...] = ("percent",) if given_percent is not None and not agrees(given_percent, value) else ()
    return SatisfactionFigure(
        service=name,
        fiscal_year=year,
        quarter=quarter,
        sample_size=satisfied + improve,
        mean=None,
        pct_mean=None,
        pct_top2=None,
        band=None,
        given="two_choice",
        method_used=METHOD_TWO_CHOICE,
        value=value,
        target=target,
        meets_target=_meets(value, target),
        mismatch=mismatch,
    )


_GIVEN_ORDER = {"counts": 0, "two_choice": 1, "mean": 2, "percent": 3}


def pool_figures(
    figures: Sequence[SatisfactionFigure],
    service: str,
    fiscal_year: int,
    quarter: int | None,
    method: str = DEFAULT_METHOD,
    target: float = DEFAULT_TARGET,
) -> SatisfactionFigure | None:
    """Combine figures: pool the counts when all have counts, else a sample-size-weighted mean of values."""
    check_method(method)
    if not figures:
        return None
    quarters = tuple(sorted({q for f in figures for q in (f.pooled_quarters or ((f.quarter,) if f.quarter else ()))}))
    pooled_quarters = quarters if quarter is None and quarters else ()
    if len(figures) == 1:
        only = figures[0]
        return replace(only, service=service, fiscal_year=fiscal_year, quarter=quarter, pooled_quarters=pooled_quarters)

    mismatch = tuple(sorted({m for f in figures for m in f.mismatch}))
    all_counts = [f.counts for f in figures if f.counts is not None]
    if len(all_counts) == len(figures):
        s5, s4, s3, s2, s1 = (sum(c[i] for c in all_counts) for i in range(5))
        return _counts_figure(
            (s5, s4, s3, s2, s1), service, fiscal_year, quarter, method, target, mismatch, "counts", pooled_quarters
        )

    sizes = [f.sample_size for f in figures if f.sample_size]
    weighted = len(sizes) == len(figures)
    weights = [float(s) for s in sizes] if weighted else [1.0] * len(figures)

    def average(values: Iterable[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        if len(known) != len(weights):
            return None
        return sum(v * w for v, w in zip(known, weights, strict=True)) / sum(weights)

    mean = average(f.mean for f in figures)
    value = average(f.value for f in figures)
    methods = {f.method_used for f in figures}
    return SatisfactionFigure(
        service=service,
        fiscal_year=fiscal_year,
        quarter=quarter,
        sample_size=sum(sizes) if weighted else None,
        mean=mean,
        pct_mean=None if mean is None else mean / 5 * 100,
        pct_top2=average(f.pct_top2 for f in figures),
        band=band_of(mean),
        given=max((f.given for f in figures), key=_GIVEN_ORDER.__getitem__),
        method_used=methods.pop() if len(methods) == 1 else METHOD_MIXED,
        value=value,
        target=target,
        meets_target=_meets(value, target),
        mismatch=mismatch,
        pooling="weighted" if weighted else "unweighted",
        pooled_quarters=pooled_quarters,
    )
