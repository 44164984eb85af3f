"""ความพึงพอใจ page model: the year and each quarter, per service and overall, as rows ready to show.

Every figure carries its sample size, the method that produced it, its interpretation band and how
it was entered (kpi.domain.satisfaction does the arithmetic; this module only arranges and words it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.thai import format_number
from kpi.domain.as_of import shown_quarters, to_date_text
from kpi.domain.eit_sample import EIT_MIN_RESPONSES, ORG_LABELS, SIZE_LABELS, minimum_sample, sample_warning
from kpi.domain.satisfaction import QuarterPoint, SatisfactionSummary, satisfaction_by_quarter, satisfaction_summary
from kpi.domain.satisfaction_rows import METHOD_LABELS, METHODS, SatisfactionFigure
from kpi.screens.overview import Card

OrgSize = tuple[str, str]
DEFAULT_ORG_SIZE: OrgSize = ("sao", "M")  # an อบต. of middle size, like the sample agency


def org_size_options(minimums: Mapping[OrgSize, int] = EIT_MIN_RESPONSES) -> list[OrgSize]:
    """Every (organisation type, size) with a known EIT minimum."""
    return list(minimums)


def org_size_label(option: OrgSize, minimums: Mapping[OrgSize, int] = EIT_MIN_RESPONSES) -> str:
    """'อบต. ขนาดกลาง (ขั้นต่ำ 40 คน)'."""
    org, size = option
    return t(
        "satis_org_option",
        org=ORG_LABELS.get(org, org),
        size=SIZE_LABELS.get(size, size),
        minimum=minimums.get(option, 0),
    )


def method_options() -> list[str]:
    """The target methods a user can choose."""
    return list(METHODS)


def method_label(method: str) -> str:
    """Thai name of a method."""
    return METHOD_LABELS[method]


@dataclass(frozen=True)
class SatisfactionView:
    """Everything the satisfaction page shows for a fiscal year."""

    fiscal_year: int
    method: str
    method_label: str
    target: float
    minimum: int | None
    summary: SatisfactionSummary
    points: tuple[QuarterPoint, ...]
    headline: Card
    year_table: pd.DataFrame
    quarter_table: pd.DataFrame
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def has_data(self) -> bool:
        """True when the year has any satisfaction figure."""
        return self.summary.has_data


def _num(value: float | None, decimals: int = 2) -> str:
    return format_number(value, decimals)


def _people(n: int | None) -> str:
    return t("satis_unknown_n") if n is None else t("satis_people", n=_num(n, 0))


def verdict(figure: SatisfactionFigure | None) -> str:
    """ผ่านเป้าหมาย / ต่ำกว่าเป้าหมาย / ไม่มีข้อมูล."""
    if figure is None or figure.meets_target is None:
        return t("target_no_data")
    return t("satis_meets") if figure.meets_target else t("satis_below")


def _year_row(figure: SatisfactionFigure, minimum: int | None) -> dict[str, str]:
    small = minimum is not None and figure.sample_size is not None and figure.sample_size < minimum
    return {
        t("satis_col_service"): figure.service,
        t("satis_col_value"): _num(figure.value),
        t("satis_col_verdict"): verdict(figure),
        t("satis_col_n"): _people(figure.sample_size) + (" ⚠️" if small else ""),
        t("satis_col_mean"): _num(figure.mean_display),
        t("satis_col_band"): figure.band or "–",
        t("satis_col_pct_mean"): _num(figure.pct_mean),
        t("satis_col_top2"): _num(figure.pct_top2),
        t("satis_col_method"): figure.method_label,
        t("satis_col_given"): figure.given_label,
    }


def _cell(figure: SatisfactionFigure | None, minimum: int | None) -> str:
    if figure is None or figure.value is None:
        return t("target_no_data")
    small = minimum is not None and figure.sample_size is not None and figure.sample_size < minimum
    text = t("satis_cell", value=_num(figure.value), n=_people(figure.sample_size))
    return text + (" ⚠️" if small else "")


def build_satisfaction_view(
    dataset: Dataset,
    fiscal_year: int,
    method: str,
    target: float,
    org_size: OrgSize = DEFAULT_ORG_SIZE,
    minimums: Mapping[OrgSize, int] = EIT_MIN_RESPONSES,
    quarter: int = 4,
) -> SatisfactionView:
    """The satisfaction page of a fiscal year under a method, target and agency size, as of `quarter`:
    quarters 1 to it, and the year to date (the whole year as of quarter 4)."""
    frame = dataset.frame("satisfaction")
    org, size = org_size
    summary = satisfaction_summary(frame, fiscal_year, None, method, target, org, size, minimums, through=quarter)
    minimum = minimum_sample(org, size, minimums)
    shown = shown_quarters(quarter)
    quarters = {q: satisfaction_summary(frame, fiscal_year, q, method, target) for q in shown}
    points = satisfaction_by_quarter(frame, fiscal_year, method, target, quarter)

    rows = [_year_row(f, None) for f in summary.figures]
    if summary.overall is not None:
        rows.append(_year_row(summary.overall, minimum))
    year_table = pd.DataFrame(rows)

    services = [f.service for f in summary.figures]
    for q in shown:
        services.extend(f.service for f in quarters[q].figures if f.service not in services)
    labels = {q: quarter_label(fiscal_year, q) for q in shown}
    matrix = []
    for service in services:
        row = {t("satis_col_service"): service}
        for q in shown:
            figure = next((f for f in quarters[q].figures if f.service == service), None)
            row[labels[q]] = _cell(figure, None)
        matrix.append(row)
    if services:
        overall_row = {t("satis_col_service"): t("satis_overall")}
        for q in shown:
            overall_row[labels[q]] = _cell(quarters[q].overall, minimum)
        matrix.append(overall_row)
    quarter_table = pd.DataFrame(matrix)

    warnings = []
    if summary.sample_warning:
        warnings.append(t("satis_warning_year", text=summary.sample_warning))
    for q in shown:
        overall = quarters[q].overall
        if overall is not None and overall.sample_size is not None:
            text = sample_warning(overall.sample_size, org, size, minimums)
            if text:
                warnings.append(t("satis_warning_quarter", quarter=labels[q], text=text))

    overall = summary.overall
    if overall is None or overall.value is None:
        headline = Card(t("satis_card_title"), "–", t("satis_no_data", year=fiscal_year), "none")
    else:
        headline = Card(
            title=t("satis_card_title"),
            value=f"{_num(overall.value)}%",
            detail=t(
                "satis_headline_detail",
                verdict=verdict(overall),
                target=_num(target),
                n=_people(overall.sample_size),
                mean=_num(overall.mean_display),
                band=overall.band or "–",
                method=overall.method_label,
            )
            # The year to date names its quarters ('ไตรมาส 1–2'), as the overview card does.
            + ("" if quarter >= 4 else f" · {to_date_text(quarter)}"),
            tone="good" if overall.meets_target else "bad",
        )
    return SatisfactionView(
        fiscal_year=fiscal_year,
        method=method,
        method_label=METHOD_LABELS[method],
        target=target,
        minimum=minimum,
        summary=summary,
        points=points,
        headline=headline,
        year_table=year_table,
        quarter_table=quarter_table,
        warnings=tuple(warnings),
        notes=summary.notes,
    )
