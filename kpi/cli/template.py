"""`python -m kpi template FILE`: the blank Excel template the pages also offer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi.cli.parser import Subparsers
from kpi.core.messages import t


def add_parser(subparsers: Subparsers) -> None:
    """The `template` command."""
    parser = subparsers.add_parser("template", help=t("cli_template"), description=t("cli_template"))
    parser.add_argument("out", metavar=t("cli_metavar_file"), help=t("cli_template_out"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the template; 1 when the file cannot be written."""
    from kpi.ingest.template import build_workbook

    try:
        Path(args.out).write_bytes(build_workbook())
    except OSError:
        print(t("cli_cannot_write", path=args.out), file=sys.stderr)
        return 1
    print(t("cli_template_done", path=args.out))
    return 0
