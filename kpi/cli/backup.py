"""`python -m kpi check`, `backup FILE` and `restore FILE`: the store's health and its copies."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpi.access.actor import cli_actor
from kpi.cli.output import print_problems
from kpi.cli.parser import Subparsers
from kpi.core.fiscal import thai_datetime
from kpi.core.messages import t
from kpi.core.settings import database_url


def add_parser(subparsers: Subparsers) -> None:
    """The `check`, `backup` and `restore` commands."""
    parser = subparsers.add_parser("check", help=t("cli_check"), description=t("cli_check"))
    parser.set_defaults(run=run)
    parser = subparsers.add_parser("backup", help=t("cli_backup"), description=t("cli_backup"))
    parser.add_argument("out", metavar=t("cli_metavar_file"), help=t("cli_backup_out"))
    parser.set_defaults(run=run)
    parser = subparsers.add_parser("restore", help=t("cli_restore"), description=t("cli_restore"))
    parser.add_argument("file", metavar=t("cli_metavar_file"), help=t("cli_restore_file"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """0 done (or the store is sound), 1 the store has problems; refusals and faults are shown by kpi.cli.main."""
    if args.command == "restore":
        from kpi.store.restore import restore_store

        # a refused file raises RestoreRefused; the data and its audit entry land in one transaction
        restored = restore_store(database_url(), Path(args.file), actor=cli_actor())
        print(t("cli_restore_done", path=args.file, version=restored.head or 0, saved=restored.saved_current))
        return 0
    from kpi.store.backup import backup_folder, backup_store
    from kpi.store.check import check_store
    from kpi.store.database import Store

    store = Store()
    if args.command == "backup":
        result = backup_store(store, Path(args.out))
        when = thai_datetime(result.taken_at)
        if result.head is None:
            print(t("cli_backup_empty", path=result.path, when=when))
        else:
            print(t("cli_backup_done", path=result.path, version=result.head, when=when))
        return 0
    report = check_store(store)
    print_problems(report.problems)
    if report.ok:
        print(t("cli_check_ok", versions=report.versions, blocks=report.blocks))
        return 0
    folder = backup_folder(store.url)
    print(t("cli_check_bad", count=len(report.problems), versions=report.versions, blocks=report.blocks, folder=folder))
    return 1
