"""`python -m kpi validate FILE [--json]` and `load FILE`: check a workbook, and save it as a new version.

`--agency CODE` (issue 14) reads and saves the workbook as that agency's own: its sheets are stored
under the code and compared with that agency's data; the shared sheet ผล ITA หลายหน่วยงาน is shared
whoever loads it. Without it (or with the install's own code, KPI_ORG_CODE) it is the install's own.

Sheets and columns the file holds but nothing reads are listed apart (with --json: "ignored",
[{"sheet", "column", "letter"}]); they do not stop a save.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi.access.actor import cli_actor
from kpi.cli.output import print_envelope, print_problems, read_input
from kpi.cli.parser import Subparsers
from kpi.core.fiscal import thai_timestamp
from kpi.core.messages import t
from kpi.core.schema import AGENCY_CODE_MAX
from kpi.store.database import Store


def add_parser(subparsers: Subparsers) -> None:
    """The `validate` and `load` commands."""
    parser = subparsers.add_parser("validate", help=t("cli_validate"), description=t("cli_validate"))
    parser.add_argument("file", metavar=t("cli_metavar_file"), help=t("cli_validate_file"))
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    parser.add_argument("--agency", metavar=t("cli_metavar_agency"), default=None, help=t("cli_agency_option"))
    parser.set_defaults(run=run)
    parser = subparsers.add_parser("load", help=t("cli_load"), description=t("cli_load"))
    parser.add_argument("file", metavar=t("cli_metavar_file"), help=t("cli_load_file"))
    parser.add_argument("--agency", metavar=t("cli_metavar_agency"), default=None, help=t("cli_agency_option"))
    parser.set_defaults(run=run)


def agency_option(value: str | None) -> str | None:
    """The store's key for --agency CODE: "" for none or the install's own code (KPI_ORG_CODE); None if bad."""
    from kpi.core.schema import HOME_AGENCY
    from kpi.core.settings import ORG_CODE
    from kpi.ingest.row_checks import agency_code

    if value is None:
        return HOME_AGENCY
    code = agency_code(value)
    if code is None:
        return None
    return HOME_AGENCY if code == ORG_CODE else code


def run(args: argparse.Namespace) -> int:
    """Check the file (and for `load`, save it); 1 when it has problems or cannot be opened or saved."""
    from kpi.ingest.upload import commit_upload, equal_version, equal_version_text, ignored_parts, prepare_upload

    agency = agency_option(args.agency)
    if agency is None:
        print(t("agency_code_option_bad", limit=AGENCY_CODE_MAX), file=sys.stderr)
        return 1
    path = Path(args.file)
    data = read_input(path)
    if data is None:
        return 1
    store = Store()
    current = store.dataset(agency=agency)
    plan = prepare_upload(data, path.name, current, agency)
    if args.command == "validate" and args.json:
        print_envelope(plan.problems, plan.ok, ignored=ignored_parts(plan.problems))
        return 0 if plan.ok else 1
    print_problems([p for p in plan.problems if p not in plan.ignored])
    if plan.ignored:  # listed apart, before any "saved": what of the file is not read
        print(t("cli_ignored", count=len(plan.ignored)))
        print_problems(plan.ignored)
    if not plan.ok:
        print(t("cli_problems", count=len(plan.errors)), file=sys.stderr)
        return 1
    print(t("cli_changes", summary=plan.summary))
    same_as = equal_version(store, current, plan)
    if same_as is not None:  # an older file: saving it would undo what was saved after that version
        print(equal_version_text(same_as))
    if args.command == "validate":
        print(t("cli_valid"))
        return 0
    number = commit_upload(store, plan, actor=cli_actor())  # a refused commit (StoreError) is shown by kpi.cli.main
    if number is None:
        print(t("upload_no_change"))
    else:
        info = store.version(number)
        when = thai_timestamp(info.created_at) if info else ""
        print(t("cli_saved", version=number, when=when))
    return 0
