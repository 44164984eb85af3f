"""How the command line shows problems and JSON: one shape for every command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
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


def read_input(path: Path) -> bytes | None:
    """The bytes of a file named on the command line; None (and a Thai line on stderr) when it cannot be opened."""
    try:
        return path.read_bytes()
    except OSError:
        print(t("cli_cannot_open", path=path), file=sys.stderr)
        return None
