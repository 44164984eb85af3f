"""The imported report and what can be wrong with it, as the rest of the importer builds them.

An import ends in an ImportedReport (organisation, BE fiscal year, measures, warnings) or a
ReportImportError. Warnings and refusals are kpi.core.problems.Problem values: a code from the
catalogue (kpi.core.messages.REPORT_IMPORT), the Thai message, and where in the file as data (`sheet`
and `row` for a worksheet or a Word table row, `details` for a text line or table number, and every
count or limit the message states).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kpi.core.messages import REPORT_IMPORT
from kpi.core.problems import ERROR, WARNING, Problem
from kpi.core.text_safety import clean_text
from kpi.ingest.report.target_text import SOURCES, Target, distinct_targets
from kpi.privacy.redaction import redact

Detail = tuple[str, str | int | float | None]


def safe_message(text: str) -> str:
    """Text as it may be shown, printed or logged: a location or quote in it comes from the file (a
    sheet name, a cell, a line), so control/bidi characters go and identities are masked."""
    return redact(clean_text(text))


def one_line(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quote(text: str, limit: int = 60) -> str:
    """Report text quoted in a warning: masked before it is shortened, so no cut can hide an identity."""
    return one_line(redact(clean_text(text)), limit)


@dataclass(frozen=True)
class Location:
    """Where a row of the report was: a text line, a worksheet row, a Word table row or a paragraph."""

    line: int | None = None
    sheet: str | None = None
    table: int | None = None
    row: int | None = None

    def text(self) -> str:
        """The Thai phrase a message uses for this place ("บรรทัดที่ 3", "ชีต X แถวที่ 2")."""
        if self.sheet is not None:
            return REPORT_IMPORT["where_sheet_row"].format(sheet=safe_message(self.sheet), row=self.row)
        if self.table is not None:
            return REPORT_IMPORT["where_table_row"].format(table=self.table, row=self.row)
        if self.line is not None:
            return REPORT_IMPORT["where_line"].format(line=self.line)
        return REPORT_IMPORT["where_paragraph"]

    def details(self) -> tuple[Detail, ...]:
        """The place as data for a Problem (the row itself goes in Problem.row)."""
        found: list[Detail] = []
        if self.line is not None:
            found.append(("line", self.line))
        if self.table is not None:
            found.append(("table", self.table))
        return tuple(found)


@dataclass(frozen=True)
class SourceRow:
    """Raw cells of one row and where it was. `line` rows are text outside tables."""

    cells: list[str]
    at: Location
    line: bool = False


def report_problem(
    code: str, *, at: Location | None = None, severity: str = ERROR, text_key: str | None = None, **fields: Any
) -> Problem:
    """A Problem for a REPORT_IMPORT code: its Thai text filled in and masked, its place and numbers as data.

    `text_key` names another catalogue text for the same code (a variant wording, e.g. without a value).
    """
    if at is not None:
        fields.setdefault("where", at.text())
    # What the file supplies (a place, a quote, a path) is masked before it enters the text, so the
    # rendered message is final: nothing rewrites it afterwards.
    fields = {name: safe_message(value) if isinstance(value, str) else value for name, value in fields.items()}
    message = REPORT_IMPORT[text_key or code].format(**fields)
    numbers = tuple(
        (name, value)
        for name, value in fields.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    )
    return Problem(
        code=code,
        message=message,
        sheet=safe_message(at.sheet) if at is not None and at.sheet is not None else None,
        row=at.row if at is not None else None,
        severity=severity,
        details=(at.details() if at is not None else ()) + numbers,
    )


def report_warning(code: str, *, at: Location | None = None, **fields: Any) -> Problem:
    """A warning about the report: it was read, but this needs a look."""
    return report_problem(code, at=at, severity=WARNING, **fields)


class ReportImportError(Exception):
    """The file is not a measures report we can read; `problems` say why (codes of REPORT_IMPORT).

    The refusal codes: too_large, empty, unsupported, legacy_office, pdf,
    corrupt, zip_bomb, too_many_parts, xml_entities, macros, too_many_cells, cell_out_of_range,
    too_much_text, document_too_large, line_too_long, undecodable, too_many_rows, no_table,
    no_measures, unreadable (and file_missing, file_unreadable from the command line); and for a file
    that is another table agencies publish (kpi.ingest.report.kinds): looks_like_satisfaction,
    looks_like_ita_history, looks_like_oit_checklist, looks_like_action_plan, looks_like_complaints.
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems

    @property
    def code(self) -> str:
        """The stable code of the (first) refusal."""
        return self.problems[0].code

    @property
    def message_th(self) -> str:
        """The Thai text of the (first) refusal, masked."""
        return self.problems[0].message


def refusal(code: str, *, at: Location | None = None, text_key: str | None = None, **fields: Any) -> ReportImportError:
    """The error for a refusal code, its Thai text from the catalogue."""
    return ReportImportError([report_problem(code, at=at, text_key=text_key, **fields)])


@dataclass(frozen=True)
class ImportedMeasure:
    """One row of the measures table, continuation rows merged in."""

    no: int
    name: str
    kind: str
    steps: str
    period_text: str
    quarters: list[int]
    responsible: str
    output: str
    outcome: str
    targets: list[Target]

    def to_json_dict(self) -> dict[str, Any]:
        """The measure as plain JSON-ready values."""
        return {
            "no": self.no,
            "name": self.name,
            "kind": self.kind,
            "steps": self.steps,
            "quarters": list(self.quarters),
            "responsible": self.responsible,
            "output": self.output,
            "outcome": self.outcome,
            # The same target stated as output and outcome is listed once, as the review lists it;
            # "sources" keeps where it was stated.
            "targets": [_target_json(target, self.targets) for target in distinct_targets(self.targets)],
        }


@dataclass(frozen=True)
class ImportedReport:
    """An imported report: organisation, BE fiscal year, measures in order, warnings (Problems)."""

    organization: str | None
    fiscal_year: int | None
    measures: list[ImportedMeasure]
    warnings: list[Problem] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values (the CLI's --json payload; warnings as their Thai text)."""
        return {
            "organization": self.organization,
            "fiscal_year": self.fiscal_year,
            "measures": [measure.to_json_dict() for measure in self.measures],
            "warnings": [safe_message(warning.message) for warning in self.warnings],
        }


def _target_json(target: Target, stated: list[Target]) -> dict[str, Any]:
    value: float | int | None = target.value
    if value is not None and float(value).is_integer():
        value = int(value)
    return {
        "metric": target.metric,
        "op": target.op,
        "value": value,
        "unit": target.unit,
        "source": target.source,
        "sources": sorted({other.source for other in stated if _same(other, target)}, key=_SOURCE_ORDER.index),
        "text": target.text,
    }


_SOURCE_ORDER = list(SOURCES)


def _same(one: Target, other: Target) -> bool:
    """The key distinct_targets compares."""
    return (one.metric, one.op, one.value, one.unit) == (other.metric, other.op, other.value, other.unit)
