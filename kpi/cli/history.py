"""`python -m kpi history [--json]` and `rollback N`: the saved versions (with who saved each), and going back to one."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from kpi.access.actor import cli_actor
from kpi.cli.output import print_envelope
from kpi.cli.parser import Subparsers
from kpi.core.dataset import VersionInfo
from kpi.core.fiscal import BANGKOK, thai_timestamp
from kpi.core.messages import t
from kpi.screens.history import kind_label, saved_by_text
from kpi.store.database import Store


def add_parser(subparsers: Subparsers) -> None:
    """The `history` and `rollback` commands."""
    parser = subparsers.add_parser("history", help=t("cli_history"), description=t("cli_history"))
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    parser.set_defaults(run=run)
    parser = subparsers.add_parser("rollback", help=t("cli_rollback"), description=t("cli_rollback"))
    parser.add_argument("version", type=int, metavar=t("cli_metavar_version"), help=t("cli_rollback_version"))
    parser.set_defaults(run=run)


def version_json(version: VersionInfo) -> dict[str, Any]:
    """One version as `history --json` writes it; `created_at` in Bangkok time, ISO 8601."""
    created = dt.datetime.fromisoformat(version.created_at)
    if created.tzinfo is None:  # stored as UTC by every release
        created = created.replace(tzinfo=dt.UTC)
    return {
        "number": version.number,
        "created_at": created.astimezone(BANGKOK).isoformat(timespec="seconds"),
        "kind": version.kind,
        "filename": version.filename,
        "sha256": version.sha256,
        "summary": version.summary,
        "saved_by": version.saved_by,  # None: saved before versions recorded who saved them
        "saved_via": version.saved_via,
    }


def run(args: argparse.Namespace) -> int:
    """List the versions newest first, or save a new version equal to an old one."""
    store = Store()
    if args.command == "rollback":
        info = store.rollback(
            args.version, actor=cli_actor()
        )  # an unknown version (StoreError) is shown by kpi.cli.main
        print(t("history_rolled_back", new=info.number, old=args.version))
        return 0
    versions = store.versions()
    if args.json:
        print_envelope([], versions=[version_json(v) for v in versions])
        return 0
    if not versions:
        print(t("sidebar_no_version"))
    for v in versions:
        print(
            f"{v.number}\t{thai_timestamp(v.created_at)}\t{kind_label(v)}\t{saved_by_text(v)}\t{v.filename}\t{v.sha256[:12]}\t{v.summary}"
        )
    return 0
