"""Targets (ตัวชี้วัด): each indicator's actual against its target, as of a quarter.

"ค่าที่วัดได้" in the quarterly results is the value as of the end of that quarter (year to
date), so the latest reported value up to the chosen quarter is the current actual. "ลดลง" and
"เพิ่มขึ้น" compare with the explicit baseline when one is given, otherwise with the same quarter
of the previous fiscal year, and say which they used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kpi.dataset import Dataset
from kpi.messages import t

MET, PENDING, MISSED, NO_DATA = "met", "pending", "missed", "no_data"
STATES = (MET, PENDING, MISSED, NO_DATA)
OP_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", "decrease": "ลดลง", "increase": "เพิ่มขึ้น"}


@dataclass(frozen=True)
class TargetStatus:
    """One indicator's state as of a quarter."""

    fiscal_year: int
    measure_no: int
    indicator_no: int
    name: str
    unit: str
    op: str
    target: float | None
    actual: float | None
    actual_quarter: int | None
    baseline: float | None
    baseline_label: str | None
    state: str


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def evaluate_target(op: str, target: float | None, actual: float | None, baseline: float | None, final: bool) -> str:
    """met / pending / missed / no_data for one comparison; `final` means the year is over."""
    if actual is None:
        return NO_DATA
    if op in ("decrease", "increase"):
        if baseline is None:
            return NO_DATA
        ok = actual < baseline or actual == 0 and baseline == 0 if op == "decrease" else actual > baseline
        return MET if ok else (MISSED if final else PENDING)
    if target is None:
        return NO_DATA
    if op == ">=":
        return MET if actual >= target else (MISSED if final else PENDING)
    if op == "<=":
        # A year-to-date value only grows: once above a ceiling the target is lost.
        return MET if actual <= target else MISSED
    return MET if math.isclose(actual, target) else (MISSED if final else PENDING)


def _latest_actual(
    results: pd.DataFrame, year: int, measure: int, indicator: int, quarter: int
) -> tuple[float | None, int | None]:
    rows = results[
        (results["fiscal_year"] == year)
        & (results["measure_no"] == measure)
        & (results["indicator_no"] == indicator)
        & (results["quarter"] <= quarter)
        & results["actual"].notna()
    ]
    if rows.empty:
        return None, None
    last = rows.sort_values("quarter").iloc[-1]
    return _number(last["actual"]), int(last["quarter"])


def target_statuses(dataset: Dataset, year: int, quarter: int) -> list[TargetStatus]:
    """Every indicator of a fiscal year with its state as of the end of `quarter`."""
    indicators = dataset.frame("indicators")
    results = dataset.frame("results")
    rows = indicators[indicators["fiscal_year"] == year].sort_values(["measure_no", "indicator_no"])
    out = []
    for row in rows.to_dict("records"):
        measure, indicator = int(row["measure_no"]), int(row["indicator_no"])
        actual, actual_q = _latest_actual(results, year, measure, indicator, quarter)
        op = str(row["op"])
        baseline = _number(row["baseline"])
        label = t("baseline_given") if baseline is not None else None
        if op in ("decrease", "increase") and baseline is None and actual_q is not None:
            prior = results[
                (results["fiscal_year"] == year - 1)
                & (results["measure_no"] == measure)
                & (results["indicator_no"] == indicator)
                & (results["quarter"] == actual_q)
                & results["actual"].notna()
            ]
            baseline = _number(prior.iloc[0]["actual"]) if not prior.empty else None
            label = t("baseline_prev_quarter", quarter=actual_q, year=year - 1) if baseline is not None else None
        state = evaluate_target(op, _number(row["target"]), actual, baseline, final=quarter == 4)
        out.append(
            TargetStatus(
                fiscal_year=year,
                measure_no=measure,
                indicator_no=indicator,
                name=str(row["name"]),
                unit=str(row["unit"]),
                op=op,
                target=_number(row["target"]),
                actual=actual,
                actual_quarter=actual_q,
                baseline=baseline,
                baseline_label=label,
                state=state,
            )
        )
    return out


def count_states(statuses: list[TargetStatus]) -> dict[str, int]:
    """How many targets are in each state."""
    return {state: sum(1 for s in statuses if s.state == state) for state in STATES}
