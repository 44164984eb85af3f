"""Satisfaction for the year and each quarter, per service and overall (domain.md §4): the numbers the
overview and the satisfaction page show. One row's figure and the pooling of rows are in
kpi/domain/satisfaction_rows.py.

As of a quarter Q < 4 (`through`), the year is the year to date: each service's quarter rows of
quarters 1–Q pooled (a yearly row, blank quarter, is a whole year's survey and is not read), and
the quarters after Q are not there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kpi.core.dataset import cell_int as _int
from kpi.core.fiscal import quarter_label
from kpi.domain.as_of import shown_quarters
from kpi.domain.eit_sample import EIT_MIN_RESPONSES, sample_warning
from kpi.domain.satisfaction_rows import (
    DEFAULT_METHOD,
    DEFAULT_TARGET,
    METHOD_LABELS,
    OVERALL_LABEL,
    POOLING_LABELS,
    SatisfactionFigure,
    check_method,
    figure_from_row,
    pool_figures,
)


@dataclass(frozen=True)
class SatisfactionSummary:
    """Satisfaction of one fiscal year (or one quarter of it): per service and overall."""

    fiscal_year: int
    quarter: int | None
    method: str
    method_label: str
    target: float
    figures: tuple[SatisfactionFigure, ...]
    overall: SatisfactionFigure | None
    sample_warning: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def has_data(self) -> bool:
        """True when at least one service has a figure."""
        return self.overall is not None


@dataclass(frozen=True)
class QuarterPoint:
    """The overall satisfaction value of one quarter, for charts."""

    quarter: int
    label: str
    value: float | None
    sample_size: int | None
    method_used: str | None


def _records(df: pd.DataFrame | None, fiscal_year: int) -> list[dict[str, Any]]:
    if df is None or df.empty:
        return []
    records: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in df.to_dict("records")]
    return [r for r in records if _int(r.get("fiscal_year")) == fiscal_year]


def _service_figures(
    records: list[dict[str, Any]], fiscal_year: int, quarter: int | None, method: str, target: float, through: int = 4
) -> list[SatisfactionFigure]:
    """Per-service figures of a period, services in the order they first appear."""
    by_service: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_service.setdefault(str(record.get("service") or "").strip(), []).append(record)
    figures = []
    for service, rows in by_service.items():
        if quarter is not None:
            chosen = [r for r in rows if _int(r.get("quarter")) == quarter]
        else:
            # Whole year: a service's yearly rows (blank quarter) if it has any, else its quarter rows pooled;
            # the year to date (as of a quarter before 4): the quarter rows up to it, never a yearly row.
            yearly = [r for r in rows if _int(r.get("quarter")) is None] if through >= 4 else []
            chosen = yearly or [r for r in rows if _int(r.get("quarter")) in shown_quarters(through)]
        row_figures = [f for r in chosen if (f := figure_from_row(r, method, target, service)) is not None]
        pooled = pool_figures(row_figures, service, fiscal_year, quarter, method, target)
        if pooled is not None:
            figures.append(pooled)
    return figures


def satisfaction_summary(
    df: pd.DataFrame | None,
    fiscal_year: int,
    quarter: int | None = None,
    method: str = DEFAULT_METHOD,
    target: float = DEFAULT_TARGET,
    org_type: str | None = None,
    size: str | None = None,
    minimums: Mapping[tuple[str, str], int] = EIT_MIN_RESPONSES,
    *,
    through: int = 4,
) -> SatisfactionSummary:
    """Satisfaction per service and overall for a fiscal year (quarter=None) or one quarter.

    Whole year: for each service, its rows with a blank quarter if it has any; otherwise its
    quarter rows pooled. As of quarter `through` < 4, the year to date: quarter rows 1–`through`. The overall pools the counts when every service has counts, otherwise it
    is a sample-size-weighted mean of the service values (`overall.pooling` says which).
    """
    check_method(method)
    records = _records(df, fiscal_year)
    figures = _service_figures(records, fiscal_year, quarter, method, target, through)
    overall = pool_figures(figures, OVERALL_LABEL, fiscal_year, quarter, method, target)
    warning = None
    if overall is not None and org_type and size:
        warning = sample_warning(overall.sample_size, org_type, size, minimums)
    notes: list[str] = []
    if overall is not None and overall.pooling in ("weighted", "unweighted"):
        notes.append(POOLING_LABELS[overall.pooling])
    notes.extend(f"{f.service}: {f.mismatch_note}" for f in figures if f.mismatch_note)
    return SatisfactionSummary(
        fiscal_year=fiscal_year,
        quarter=quarter,
        method=method,
        method_label=METHOD_LABELS[method],
        target=target,
        figures=tuple(figures),
        overall=overall,
        sample_warning=warning,
        notes=tuple(notes),
    )


def satisfaction_by_quarter(
    df: pd.DataFrame | None,
    fiscal_year: int,
    method: str = DEFAULT_METHOD,
    target: float = DEFAULT_TARGET,
    through: int = 4,
) -> tuple[QuarterPoint, ...]:
    """The overall value of each quarter 1–`through` (None where the quarter has no data), for charts."""
    check_method(method)
    records = _records(df, fiscal_year)
    points = []
    for q in shown_quarters(through):
        figures = _service_figures(records, fiscal_year, q, method, target)
        overall = pool_figures(figures, OVERALL_LABEL, fiscal_year, q, method, target)
        points.append(
            QuarterPoint(
                quarter=q,
                label=quarter_label(fiscal_year, q),
                value=None if overall is None else overall.value,
                sample_size=None if overall is None else overall.sample_size,
                method_used=None if overall is None else overall.method_used,
            )
        )
    return tuple(points)
