"""How the command line shows problems and JSON: one shape for every command.

Output never fails on the terminal's encoding (Thai Windows writes cp874 to a file or pipe, a Thai
Linux locale TIS-620): human text keeps the stream's own encoding, and a character it lacks (·, →, ≥,
✓) becomes "?" instead of a UnicodeEncodeError; `--json` is always UTF-8 bytes (RFC 8259).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
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


def tolerant_streams() -> None:
    """Standard output and error keep their encoding but replace a character it cannot hold (kpi.cli.main calls this)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors != "replace":
            stream.reconfigure(errors="replace")


def write_json(text: str) -> None:
    """JSON text on standard output as UTF-8 bytes, whatever the locale's encoding (one newline after it)."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (a StringIO): it takes the text as it is
        print(text, file=stream)
        return
    try:
        stream.flush()  # text already written goes out first
        buffer.write((text + "\n").encode("utf-8"))
        buffer.flush()
    except BrokenPipeError:  # `… | head`: the reader left; stop quietly
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def print_envelope(problems: list[Problem], ok: bool | None = None, **payload: Any) -> None:
    """The one `--json` output: {"ok": bool, "problems": [...]} plus the command's payload."""
    write_json(json.dumps(envelope(problems, ok, **payload), ensure_ascii=False, indent=2))


def read_input(path: Path) -> bytes | None:
    """The bytes of a file named on the command line; None (and a Thai line on stderr) when it cannot be opened."""
    try:
        return path.read_bytes()
    except OSError:
        print(t("cli_cannot_open", path=path), file=sys.stderr)
        return None
