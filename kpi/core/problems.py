"""The one shape every input problem takes: code, sheet, Excel row, column, Thai message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpi.core.messages import problem_message
from kpi.core.settings import LIMITS

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input. `row` is the Excel row number (1-based), not a pandas index."""

    code: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = ERROR
    # Structured facts as data (e.g. (("line", 12),)), for --json readers; never a flagged identity.
    details: tuple[tuple[str, str | int | float | None], ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict[str, Any]:
        """The problem as every `--json` output writes it."""
        return {
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "severity": self.severity,
            "details": dict(self.details),
        }

    def location(self) -> str:
        """Thai 'ชีต X แถว N คอลัมน์ C' for display."""
        from kpi.core.messages import t

        parts = []
        if self.sheet:
            parts.append(t("loc_sheet", sheet=self.sheet))
        if self.row:
            parts.append(t("loc_row", row=self.row))
        if self.column:
            parts.append(t("loc_column", column=self.column))
        return " ".join(parts)


def problem(
    code: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    severity: str = ERROR,
    **details: Any,
) -> Problem:
    """Build a Problem whose Thai message comes from the catalogue entry for `code`."""
    return Problem(
        code=code,
        message=problem_message(code, sheet=sheet, row=row, column=column, **details),
        sheet=sheet,
        row=row,
        column=column,
        severity=severity,
    )


def envelope(problems: list[Problem], ok: bool | None = None, **payload: Any) -> dict[str, Any]:
    """The one `--json` shape: {"ok": bool, "problems": [...]} plus the command's payload."""
    verdict = not has_errors(problems) if ok is None else ok
    return {"ok": verdict, "problems": [p.to_json() for p in problems], **payload}


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem blocks a commit."""
    return any(p.is_error for p in problems)


def problem_rows(problems: list[Problem]) -> list[dict[str, object]]:
    """Problems as display rows (sheet, Excel row, column, Thai message, code)."""
    from kpi.core.messages import t

    return [
        {
            t("col_sheet"): p.sheet or "",
            t("col_row"): str(p.row) if p.row is not None else "",
            t("col_column"): p.column or "",
            t("col_message"): p.message,
            t("col_code"): p.code,
        }
        for p in problems
    ]


# One code in one column of one sheet is listed this many times, then summarised in one problem:
# a sheet with a million bad cells must not build a million Problems (issue 9).
MAX_LISTED = LIMITS.max_listed_problems


class BoundedProblems:
    """Collects problems, listing at most MAX_LISTED of one code per sheet column, then a count."""

    def __init__(self, limit: int = MAX_LISTED) -> None:
        self.limit = limit
        self.items: list[Problem] = []
        self._counts: dict[tuple[str, str | None, str | None], int] = {}

    def add(
        self,
        code: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        severity: str = ERROR,
        **details: Any,
    ) -> None:
        """Add a problem; past the limit it is only counted (its message is never built)."""
        key = (code, sheet, column)
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        if count <= self.limit:
            self.items.append(problem(code, sheet=sheet, row=row, column=column, severity=severity, **details))

    def extend(self, problems: list[Problem]) -> None:
        """Add problems already built (kept under the same limit)."""
        for p in problems:
            key = (p.code, p.sheet, p.column)
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
            if count <= self.limit:
                self.items.append(p)

    def result(self) -> list[Problem]:
        """The listed problems, then one Thai summary per code and column that went past the limit."""
        from kpi.core.messages import PROBLEMS

        out = list(self.items)
        for (code, sheet, column), count in self._counts.items():
            if count > self.limit:
                severity = next(
                    (p.severity for p in self.items if (p.code, p.sheet, p.column) == (code, sheet, column)), ERROR
                )
                what = PROBLEMS[code].split("{")[0].strip(" (“") or code
                out.append(
                    problem(
                        "more_problems",
                        sheet=sheet,
                        column=column,
                        severity=severity,
                        count=count - self.limit,
                        shown=self.limit,
                        what=what[:60],
                    )  # fmt: skip
                )
        return out
