"""`python -m kpi import-report FILE [--json]`: read a measures report and print what was understood.

Exit codes: 0 measures found, 1 not a readable report (or the file cannot be opened), 2 wrong
usage. With --json the output is the one envelope (kpi.core.problems.envelope): on success
{"ok": true, "problems": [the warnings], "organization", "fiscal_year", "measures", "warnings"};
on a refusal {"ok": false, "problems": [the refusal, with its code]}, on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from kpi.cli.output import write_json
from kpi.cli.parser import Subparsers
from kpi.core.messages import REPORT_METRIC_LABELS, REPORT_OP_LABELS, REPORT_SOURCE_LABELS, t
from kpi.core.problems import Problem, envelope
from kpi.core.text_safety import clean_text, clean_tree
from kpi.ingest.report import limits
from kpi.ingest.report.importer import parse_report
from kpi.ingest.report.model import (
    ImportedReport,
    ReportImportError,
    one_line,
    refusal,
    report_problem,
    safe_message,
)
from kpi.ingest.report.target_text import Target, distinct_targets

COMMAND = "import-report"


def add_parser(subparsers: Subparsers) -> None:
    """Add the "import-report" command and its arguments to the `python -m kpi` subparsers."""
    parser = subparsers.add_parser(COMMAND, help=t("cli_import"), description=t("cli_import_description"))
    parser.add_argument("file", metavar=t("cli_metavar_file"), help=t("cli_import_file"))
    parser.add_argument("--json", action="store_true", help=t("cli_import_json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the report named by `args.file` and print it (a summary, or the envelope with --json)."""
    path = Path(args.file)
    try:
        if not path.is_file():
            return _refused([report_problem("file_missing", path=args.file)], args.json)
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise refusal("too_large", size_mb=size / 1024 / 1024, limit_mb=limits.MAX_FILE_BYTES / 1024 / 1024)
        report = parse_report(path.read_bytes(), path.name)
    except ReportImportError as exc:
        return _refused(exc.problems, args.json)
    except OSError:
        return _refused([report_problem("file_unreadable", path=args.file)], args.json)
    if args.json:
        _emit_json(envelope(report.warnings, **report.to_json_dict()))
    else:
        _emit(format_summary(report), sys.stdout)
    return 0


def _refused(problems: list[Problem], as_json: bool) -> int:
    if as_json:
        _emit_json(envelope(problems, ok=False))
    else:
        for found in problems:
            _emit(safe_message(found.message), sys.stderr)
    return 1


def _emit_json(payload: dict[str, Any]) -> None:
    # Cleaned as a whole: ensure_ascii=False would otherwise print a raw ESC from any text.
    write_json(json.dumps(clean_tree(payload), ensure_ascii=False, indent=2))


def _describe_target(target: Target) -> str:
    """'ความพึงพอใจ ≥ ร้อยละ 80', 'เอกสาร ≥ 4 ฉบับ', 'เรื่องร้องเรียน ลดลง'."""
    metric = REPORT_METRIC_LABELS.get(target.metric, target.metric)
    if target.value is None:
        return f"{metric} {REPORT_OP_LABELS[target.op]}"
    if target.unit == "ร้อยละ":
        amount = t("report_summary_percent", value=target.value)
    else:
        amount = f"{target.value:g} {target.unit}".strip()
    return f"{metric} {REPORT_OP_LABELS[target.op]} {amount}"


def format_summary(report: ImportedReport) -> str:
    """A readable Thai summary of an imported report (the command's default output).

    Printed to a terminal: no line may carry a control or bidi character (an escape sequence would
    drive the terminal), and the warnings, which quote the file, never repeat an identity. Measure
    texts are the organisation's published report and are kept as written, cleaned.
    """
    not_found = t("report_summary_not_found")
    lines = [
        t("report_summary_org", organization=report.organization or not_found),
        t("report_summary_year", year=report.fiscal_year or not_found),
        t("report_summary_count", count=len(report.measures)),
        "",
    ]
    for measure in report.measures:
        quarters = ", ".join(str(q) for q in measure.quarters) or t("report_summary_no_quarter")
        lines.append(f"{measure.no}. [{measure.kind}] {one_line(measure.name, 100)}")
        responsible = one_line(measure.responsible, 40) or "-"
        lines.append(t("report_summary_quarters", quarters=quarters, responsible=responsible))
        for target in distinct_targets(measure.targets):
            source = REPORT_SOURCE_LABELS[target.source]
            lines.append(t("report_summary_target", source=source, target=_describe_target(target)))
    if report.warnings:
        lines += ["", t("report_summary_warnings", count=len(report.warnings))]
        lines += [f"- {safe_message(warning.message)}" for warning in report.warnings]
    return "\n".join(clean_text(line) for line in lines)


def _emit(text: str, stream: TextIO) -> None:
    """Print Thai text even to a console whose encoding cannot show it (e.g. cp1252)."""
    try:
        print(text, file=stream)
    except BrokenPipeError:  # `… | head`: the reader left; stop quietly
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except UnicodeEncodeError:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            raise
        stream.flush()
        buffer.write((text + "\n").encode("utf-8"))
        buffer.flush()
