"""A survey export as one SATISFACTION row, planned through the same validated, versioned commit as an upload.

The row replaces the row of the same (fiscal year, quarter, service) and leaves the others of the
year as they are; it is validated by the SATISFACTION sheet's own checks before it is planned.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from kpi.core.dataset import Dataset, Record, records_of
from kpi.core.problems import Problem, has_errors
from kpi.core.schema import SATISFACTION
from kpi.core.settings import LIMITS, Limits
from kpi.domain.satisfaction_rows import METHOD_LABELS, METHOD_MEAN_PCT
from kpi.ingest.sheets import validate_sheet
from kpi.ingest.survey import SurveyTally, read_survey
from kpi.ingest.upload import UploadPlan, clean_filename, plan_changes
from kpi.ingest.workbook import ParsedUpload, redact_problem

_LEVELS = ("n5", "n4", "n3", "n2", "n1")


@dataclass(frozen=True)
class SurveyPlan:
    """A tallied survey, the row it becomes, and the upload plan that would save it."""

    tally: SurveyTally
    record: Record | None
    plan: UploadPlan | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.record is not None and self.plan is not None and not has_errors(self.problems)


def survey_record(tally: SurveyTally, year: int, quarter: int | None, service: str) -> Record | None:
    """The SATISFACTION row of a tally: level counts, respondents, mean and mean / 5 × 100 (2 decimals)."""
    ratings = sum(tally.counts)
    if ratings == 0:
        return None
    mean = sum(score * c for score, c in zip((5, 4, 3, 2, 1), tally.counts, strict=True)) / ratings
    record: Record = {"fiscal_year": year, "quarter": quarter, "service": service}
    record.update(zip(_LEVELS, tally.counts, strict=True))
    record.update(mean=round(mean, 2), percent=round(mean / 5 * 100, 2), sample_size=tally.respondents)
    return record


def row_payload(record: Record) -> dict[str, Any]:
    """The row as `--json` and the page show it: level counts, n, mean, percent and method."""
    return {
        "fiscal_year": record["fiscal_year"],
        "quarter": record["quarter"],
        "service": record["service"],
        **{k: record[k] for k in _LEVELS},
        "n": record["sample_size"],
        "ratings": sum(record[k] for k in _LEVELS),
        "mean": record["mean"],
        "percent": record["percent"],
        "method": METHOD_MEAN_PCT,
        "method_label": METHOD_LABELS[METHOD_MEAN_PCT],
    }


def _validated(record: Record) -> tuple[Record | None, list[Problem]]:
    """The row through the SATISFACTION sheet's checks, as if typed into the template."""
    header = [c.title for c in SATISFACTION.columns]
    cells = [record.get(c.key) for c in SATISFACTION.columns]
    records, _, problems = validate_sheet(SATISFACTION, SATISFACTION.title, [header, cells])
    # Several questions give more ratings than respondents by design: the tally already says so.
    problems = [p for p in problems if p.code != "survey_ratings_per_respondent"]
    return (records[0] if records and not has_errors(problems) else None), problems


def prepare_survey_import(
    data: bytes,
    filename: str,
    current: Dataset,
    year: int,
    quarter: int | None,
    service: str,
    question: str | None = None,
    limits: Limits = LIMITS,
) -> SurveyPlan:
    """Tally a survey export and plan saving its row into the satisfaction sheet; writes nothing."""
    filename = clean_filename(filename)
    tally = read_survey(data, filename, question, limits)
    if not tally.ok:
        return SurveyPlan(tally, None, None, [redact_problem(p) for p in tally.problems])
    record = survey_record(tally, year, quarter, service)
    if record is None:
        return SurveyPlan(tally, None, None, list(tally.problems))
    checked, row_problems = _validated(record)
    problems = [*tally.problems, *(redact_problem(p) for p in row_problems)]
    if checked is None:
        return SurveyPlan(tally, record, None, problems)
    frame = current.frames[SATISFACTION.key]
    kept = [
        r
        for r in records_of(frame[frame["fiscal_year"] == checked["fiscal_year"]])
        if (r.get("quarter"), str(r.get("service") or "").strip()) != (checked["quarter"], checked["service"])
    ]
    parsed = ParsedUpload(records={SATISFACTION.key: [*kept, checked]}, rows={SATISFACTION.key: [0] * (len(kept) + 1)})
    digest = hashlib.sha256(data).hexdigest()
    plan = plan_changes(parsed, current, filename, digest, is_sample=False)
    return SurveyPlan(tally, checked, plan, [*problems, *plan.problems])
