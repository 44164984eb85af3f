"""The นำเข้าผลสำรวจ page model: a survey export's row, what was left out, and the plan that saves it."""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core.dataset import Dataset
from kpi.core.fiscal import QUARTERS
from kpi.core.messages import t
from kpi.core.problems import Problem
from kpi.ingest.survey import read_survey
from kpi.ingest.survey_import import SurveyPlan, prepare_survey_import, row_payload
from kpi.ingest.upload import UploadPlan

QUARTER_OPTIONS: tuple[int, ...] = tuple(QUARTERS)


@dataclass(frozen=True)
class SurveyPreview:
    """What the page shows before the user confirms: the row, the columns left out, the problems."""

    ok: bool
    errors: list[Problem]
    warnings: list[Problem]
    row_table: list[dict[str, str]]
    facts: tuple[str, ...]
    ignored_table: list[dict[str, str]]
    summary_lines: tuple[str, ...]
    plan: UploadPlan | None

    @property
    def has_changes(self) -> bool:
        """True when confirming would save a new version."""
        return self.plan is not None and bool(self.plan.changes)


def survey_questions(data: bytes, filename: str) -> tuple[str, ...]:
    """The Likert question headers of an export (empty when the file cannot be read)."""
    return read_survey(data, filename).questions


def _number(value: float) -> str:
    return f"{value:,.2f}"


def build_survey_preview(
    data: bytes,
    filename: str,
    dataset: Dataset,
    year: int,
    quarter: int,
    service: str,
    question: str | None = None,
) -> SurveyPreview:
    """Tally the export and describe the row it becomes; writes nothing."""
    prepared: SurveyPlan = prepare_survey_import(data, filename, dataset, year, quarter, service, question)
    tally = prepared.tally
    rows: list[dict[str, str]] = []
    if prepared.record is not None:
        row = row_payload(prepared.record)
        rows.append(
            {
                t("survey_col_period"): t("survey_period", year=row["fiscal_year"], quarter=row["quarter"]),
                t("survey_col_service"): str(row["service"]),
                **{t(f"survey_col_{k}"): f"{row[k]:,}" for k in ("n5", "n4", "n3", "n2", "n1")},
                t("survey_col_n"): f"{row['n']:,}",
                t("survey_col_mean"): _number(row["mean"]),
                t("survey_col_percent"): _number(row["percent"]),
                t("survey_col_method"): str(row["method_label"]),
            }
        )
    facts = []
    if tally.questions:
        facts.append(t("survey_fact_questions", count=len(tally.questions), questions=", ".join(tally.questions)))
    if prepared.record is not None:
        facts.append(t("survey_fact_counts", respondents=tally.respondents, ratings=sum(tally.counts)))
    ignored = [
        {t("survey_col_column"): header, t("survey_col_reason"): t(f"survey_kind_{kind}")}
        for header, kind in tally.ignored
    ]
    plan = prepared.plan
    return SurveyPreview(
        ok=prepared.ok,
        errors=[p for p in prepared.problems if p.is_error],
        warnings=[p for p in prepared.problems if not p.is_error],
        row_table=rows,
        facts=tuple(facts),
        ignored_table=ignored,
        summary_lines=tuple(plan.summary_lines) if plan is not None else (),
        plan=plan if prepared.ok else None,
    )
