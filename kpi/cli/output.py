"""How the command line shows problems and JSON: one shape for every command."""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from kpi.core.messages import t
from kpi.core.problems import Problem, envelope


def problem_line(problem: Problem) -> str:
    """One problem as one line: [ข้อผิดพลาด] where: message (code)."""
    mark = t("cli_error") if problem.is_error else t("cli_warning")
    details = dict(problem.details)
    # A command-line argument is where the problem is, as a sheet/row/column is in a workbook.
    where = problem.location() or " ".join(_plain(details[k]) for k in ("argument", "value") if k in details)
    text = f"{where}: {problem.message}" if where else problem.message
    return f"[{mark}] {text} ({problem.code})"


def _plain(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def print_problems(problems: list[Problem], stream: IO[str] | None = None) -> None:
    """Every problem a command reports, one line each (standard output unless told otherwise)."""
    for problem in problems:
        print(problem_line(problem), file=stream or sys.stdout)


def print_envelope(problems: list[Problem], ok: bool | None = None, **payload: Any) -> None:
    """The one `--json` output: {"ok": bool, "problems": [...]} plus the command's payload."""
    print(json.dumps(envelope(problems, ok, **payload), ensure_ascii=False, indent=2))
