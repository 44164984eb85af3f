"""The rows of the indicators sheet with their values: typed in the results sheet, or computed from a source.

kpi.domain.targets judges these; kpi/domain/figures_sources.py computes a bound indicator's values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.dataset import cell_float as _number
from kpi.core.fiscal import QUARTERS
from kpi.core.messages import t
from kpi.domain.figures_sources import MANUAL, QUARTERLY, source_code, source_value


def _indicator_results(results: pd.DataFrame, year: int, measure: int, indicator: int) -> dict[int, float]:
    """Reported actuals of one indicator in one fiscal year, by quarter."""
    rows = results[
        (results["fiscal_year"] == year)
        & (results["measure_no"] == measure)
        & (results["indicator_no"] == indicator)
        & results["actual"].notna()
    ]
    out: dict[int, float] = {}
    for quarter, actual in zip(rows["quarter"], rows["actual"], strict=True):
        value = _number(actual)
        if value is not None and quarter is not pd.NA:
            out[int(quarter)] = value
    return out


def _previous_unit(indicators: pd.DataFrame, year: int, measure: int, indicator: int) -> str | None:
    rows = indicators[
        (indicators["fiscal_year"] == year)
        & (indicators["measure_no"] == measure)
        & (indicators["indicator_no"] == indicator)
    ]
    return None if rows.empty else str(rows.iloc[0]["unit"])


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of a year with its values by quarter (this year and last)."""

    measure: int
    indicator: int
    name: str
    unit: str
    op: str
    target: float | None
    given: float | None
    reported: dict[int, float]
    previous: dict[int, float]
    source: str = MANUAL
    typed: dict[int, float] | None = None  # a bound indicator's typed values, by quarter
    year_value: float | None = None  # a bound indicator's value for the whole year
    previous_year: float | None = None
    detail: str = ""  # a bound indicator's source detail (a complaint category, a service)


def period_text(quarter: int | None) -> str:
    """'ไตรมาส 2' for a quarter value, 'ทั้งปี' for a year value."""
    return t("period_year") if quarter is None else t("period_quarter", quarter=quarter)


def _bound(item: IndicatorRow, dataset: Dataset, year: int, detail: str) -> IndicatorRow:
    """The indicator with its values computed from its source; the typed ones are kept aside."""
    quarterly = item.source in QUARTERLY

    def values(y: int) -> dict[int, float]:
        if not quarterly:
            return {}
        found = {q: source_value(dataset, item.source, detail, y, q) for q in QUARTERS}
        return {q: v for q, v in found.items() if v is not None}

    return IndicatorRow(
        measure=item.measure,
        indicator=item.indicator,
        name=item.name,
        unit=item.unit,
        op=item.op,
        target=item.target,
        given=item.given,
        reported=values(year),
        previous=values(year - 1),
        source=item.source,
        typed=item.reported,
        year_value=source_value(dataset, item.source, detail, year, None),
        previous_year=source_value(dataset, item.source, detail, year - 1, None),
        detail=detail,
    )


def indicator_rows(dataset: Dataset, year: int) -> Iterable[IndicatorRow]:
    """Every indicator of a year, in measure and indicator order, bound ones with their source values."""
    indicators = dataset.frame("indicators")
    results = dataset.frame("results")
    rows = indicators[indicators["fiscal_year"] == year].sort_values(["measure_no", "indicator_no"])
    for row in rows.to_dict("records"):
        item = _indicator(row, indicators, results, year)
        if item.source != MANUAL:
            detail = row.get("source_detail")
            item = _bound(item, dataset, year, "" if detail is None or detail is pd.NA else str(detail))
        yield item


def _indicator(row: dict[str, Any], indicators: pd.DataFrame, results: pd.DataFrame, year: int) -> IndicatorRow:
    measure, indicator = int(row["measure_no"]), int(row["indicator_no"])
    unit = str(row["unit"])
    previous: dict[int, float] = {}
    if _previous_unit(indicators, year - 1, measure, indicator) in (unit, None):
        # Only a like-for-like indicator of last year is a fair baseline.
        previous = _indicator_results(results, year - 1, measure, indicator)
    return IndicatorRow(
        measure=measure,
        indicator=indicator,
        name=str(row["name"]),
        unit=unit,
        op=str(row["op"]),
        target=_number(row["target"]),
        given=_number(row["baseline"]),
        reported=_indicator_results(results, year, measure, indicator),
        previous=previous,
        source=source_code(row.get("source")),
    )
