"""`python -m kpi import-survey FILE --year Y --quarter Q --service NAME [--question COLUMN] [--json]`.

Tallies a Google Forms / Microsoft Forms export into one satisfaction row and saves it as a new
version (the same validated commit as `load`). Exit codes like `load`: 0 saved (or nothing to
change), 1 the file or the row has problems, cannot be opened or cannot be saved, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi.access.actor import cli_actor
from kpi.cli.ita import _year_arg
from kpi.cli.output import print_envelope, print_problems, read_input
from kpi.cli.parser import Subparsers
from kpi.core.fiscal import thai_timestamp
from kpi.core.messages import t
from kpi.store.database import Store


def add_parser(subparsers: Subparsers) -> None:
    """The `import-survey` command."""
    parser = subparsers.add_parser("import-survey", help=t("cli_survey"), description=t("cli_survey"))
    parser.add_argument("file", metavar=t("cli_metavar_file"), help=t("cli_survey_file"))
    parser.add_argument(
        "--year", required=True, type=_year_arg, metavar=t("cli_metavar_year"), help=t("cli_survey_year")
    )
    parser.add_argument(
        "--quarter",
        required=True,
        type=int,
        choices=(1, 2, 3, 4),
        metavar=t("cli_metavar_quarter"),
        help=t("cli_survey_quarter"),
    )
    parser.add_argument("--service", required=True, metavar=t("cli_metavar_service"), help=t("cli_survey_service"))
    parser.add_argument("--question", default=None, metavar=t("cli_metavar_question"), help=t("cli_survey_question"))
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Tally the export and save its row; 1 when it has problems or cannot be opened or saved."""
    from kpi.ingest.survey_import import prepare_survey_import, row_payload
    from kpi.ingest.upload import commit_upload

    path = Path(args.file)
    data = read_input(path)
    if data is None:
        return 1
    store = Store()
    prepared = prepare_survey_import(
        data, path.name, store.dataset(), args.year, args.quarter, args.service, args.question
    )
    tally = prepared.tally
    details = {
        "questions": list(tally.questions),
        "ignored": [{"column": header, "kind": kind} for header, kind in tally.ignored],
        "unknown": tally.unknown,
        "blank": tally.blank,
    }
    if not prepared.ok or prepared.plan is None or prepared.record is None:
        if args.json:
            print_envelope(prepared.problems, False, row=None, version=None, **details)
        else:
            print_problems(prepared.problems)
            print(t("cli_problems", count=sum(p.is_error for p in prepared.problems)), file=sys.stderr)
        return 1
    number = commit_upload(
        store, prepared.plan, actor=cli_actor(), kind="survey"
    )  # a refused commit (StoreError) is shown by kpi.cli.main
    row = row_payload(prepared.record)
    if args.json:
        print_envelope(prepared.problems, True, row=row, version=number, **details)
        return 0
    print_problems(prepared.problems)
    print(t("cli_survey_row", **row))
    if tally.ignored:
        print(t("cli_survey_ignored", columns=", ".join(header for header, _ in tally.ignored)))
    if number is None:
        print(t("upload_no_change"))
    else:
        info = store.version(number)
        print(t("cli_saved", version=number, when=thai_timestamp(info.created_at) if info else ""))
    return 0
