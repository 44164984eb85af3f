"""The command line, `python -m kpi`: one argparse tree over the same functions the pages call.

Each command lives in its own module (kpi/cli/template.py, upload.py, history.py, import_report.py, ita.py,
export.py, backup.py, users.py, audit.py, rollup.py) with `add_parser(subparsers)` and `run(args) -> int`; this module
builds the tree from them and runs the command that was asked for.

Exit codes: 0 success, 1 the input has problems (or the operation was refused, or the store is
damaged, read-only, full or unreachable: Thai problems, never a traceback), 2 wrong usage.
`audit --verify` exits 1 when the trail's chain does not hold. Commands that change or export
data act as kpi.access.actor.cli_actor(): the trail records the operating-system user.
Output is safe under any locale: see kpi.cli.output (text in the stream's encoding, JSON in UTF-8).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from kpi.cli import (
    audit,
    backup,
    export,
    figures,
    history,
    import_report,
    import_survey,
    ita,
    rollup,
    template,
    upload,
    users,
)
from kpi.cli.output import print_envelope, print_problems, tolerant_streams
from kpi.cli.parser import Subparsers, ThaiArgumentParser
from kpi.core.errors import log_unexpected
from kpi.core.messages import t
from kpi.store.faults import StoreError

# In the order `python -m kpi --help` lists them.
COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    template.add_parser,  # template
    upload.add_parser,  # validate, load
    history.add_parser,  # history, rollback
    import_report.add_parser,  # import-report
    import_survey.add_parser,  # import-survey
    ita.add_parser,  # ita
    export.add_parser,  # export
    backup.add_parser,  # check, backup, restore
    figures.add_parser,  # figures
    users.add_parser,  # user add|list|passwd|disable|enable|role
    audit.add_parser,  # audit [--verify]
    rollup.add_parser,  # rollup (issue 14)
)


def build_parser() -> ThaiArgumentParser:
    """The whole tree: `python -m kpi COMMAND …`."""
    parser = ThaiArgumentParser(prog="python -m kpi", description=t("cli_description"))
    subparsers = parser.add_subparsers(
        dest="command", required=True, parser_class=ThaiArgumentParser, metavar=t("cli_command")
    )
    for add_parser in COMMANDS:
        add_parser(subparsers)
    return parser


def main(argv: list[str]) -> int:
    """Run one command; returns the exit code (2 for wrong usage, 0 after --help)."""
    tolerant_streams()  # a non-UTF-8 locale (cp874, TIS-620) never turns output into a traceback
    try:
        return _run(argv)
    except SystemExit as exc:  # argparse: wrong usage (its Thai message is already printed) or --help
        return exc.code if isinstance(exc.code, int) else 2
    except Exception as exc:  # never a traceback: a Thai line and a reference to the log
        reference = log_unexpected(exc, f"cli {argv[0] if argv else ''}".strip())
        print(t("cli_unexpected", ref=reference), file=sys.stderr)
        return 1


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except StoreError as exc:  # refused, or the store is damaged, read-only, full or unreachable
        _print_store_error(args, exc)
        return 1
    return code


def _print_store_error(args: argparse.Namespace, exc: StoreError) -> None:
    if getattr(args, "json", False):
        print_envelope(exc.problems)
    else:
        print_problems(exc.problems, sys.stderr)
