"""The command line: the same functions the pages call.

Exit codes: 0 success, 1 the input has problems (or the operation was refused, or the store is
damaged, read-only, full or unreachable: a Thai message, never a traceback), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kpi.cli.parser import ThaiArgumentParser
from kpi.core.errors import log_unexpected
from kpi.core.fiscal import thai_datetime, thai_timestamp
from kpi.core.messages import t
from kpi.core.problems import Problem
from kpi.core.settings import database_url
from kpi.screens.history import kind_label
from kpi.store.database import Store, StoreError


def _parser() -> argparse.ArgumentParser:
    parser = ThaiArgumentParser(prog="python -m kpi", description=t("cli_description"))
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=ThaiArgumentParser, metavar=t("cli_command")
    )
    p = sub.add_parser("template", help=t("cli_template"))
    p.add_argument("out", help=t("cli_template_out"))
    p = sub.add_parser("validate", help=t("cli_validate"))
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help=t("cli_json"))
    p = sub.add_parser("load", help=t("cli_load"))
    p.add_argument("file")
    sub.add_parser("history", help=t("cli_history"))
    p = sub.add_parser("rollback", help=t("cli_rollback"))
    p.add_argument("version", type=int)
    sub.add_parser("import-report", help=t("cli_import"), add_help=False)
    sub.add_parser("ita", help=t("cli_ita"), add_help=False)
    sub.add_parser("export", help=t("cli_export"), add_help=False)
    sub.add_parser("check", help=t("cli_check"))
    p = sub.add_parser("backup", help=t("cli_backup"))
    p.add_argument("out", help=t("cli_backup_out"))
    p = sub.add_parser("restore", help=t("cli_restore"))
    p.add_argument("file", help=t("cli_restore_file"))
    return parser


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        where = p.location()
        mark = t("cli_error") if p.is_error else t("cli_warning")
        print(f"[{mark}] {where}: {p.message} ({p.code})" if where else f"[{mark}] {p.message} ({p.code})")


def main(argv: list[str]) -> int:
    """Run one command; returns the exit code."""
    try:
        return _run(argv)
    except StoreError as exc:  # the store is damaged, read-only, full or unreachable: say so in Thai
        print(exc.message, file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback: a Thai line and a reference to the log
        reference = log_unexpected(exc, f"cli {argv[0] if argv else ''}".strip())
        print(t("cli_unexpected", ref=reference), file=sys.stderr)
        return 1


def _run(argv: list[str]) -> int:
    if argv and argv[0] == "import-report":
        from kpi.cli.import_report import main_import_report

        return main_import_report(argv[1:])
    if argv and argv[0] == "ita":
        from kpi.domain.ita import main_ita

        return main_ita(argv[1:])
    if argv and argv[0] == "export":
        from kpi.cli.export import main_export

        return main_export(argv[1:])
    args = _parser().parse_args(argv)
    command = args.command
    if command == "template":
        from kpi.ingest.template import build_workbook

        try:
            Path(args.out).write_bytes(build_workbook())
        except OSError:
            print(t("cli_cannot_write", path=args.out), file=sys.stderr)
            return 1
        print(t("cli_template_done", path=args.out))
        return 0
    if command in ("validate", "load"):
        return _validate_or_load(args)
    if command == "restore":
        return _restore(args)
    store = Store()
    if command in ("check", "backup"):
        return _check_or_backup(args, store)
    if command == "history":
        versions = store.versions()
        if not versions:
            print(t("sidebar_no_version"))
        for v in versions:
            print(
                f"{v.number}\t{thai_timestamp(v.created_at)}\t{kind_label(v)}\t{v.filename}\t{v.sha256[:12]}\t{v.summary}"
            )
        return 0
    if command == "rollback":
        try:
            info = store.rollback(args.version)
        except StoreError as exc:
            print(exc.message, file=sys.stderr)
            return 1
        print(t("history_rolled_back", new=info.number, old=args.version))
        return 0
    return 2


def _check_or_backup(args: argparse.Namespace, store: Store) -> int:
    from kpi.store.backup import backup_folder, backup_store, check_store

    if args.command == "check":
        report = check_store(store)
        for line in report.problems:
            print(f"[{t('cli_error')}] {line}")
        if report.ok:
            print(t("cli_check_ok", versions=report.versions, blocks=report.blocks))
            return 0
        folder = backup_folder(store.url)
        print(
            t(
                "cli_check_bad",
                count=len(report.problems),
                versions=report.versions,
                blocks=report.blocks,
                folder=folder,
            )
        )
        return 1
    if args.command == "backup":
        result = backup_store(store, Path(args.out))
        when = thai_datetime(result.taken_at)
        if result.head is None:
            print(t("cli_backup_empty", path=result.path, when=when))
        else:
            print(t("cli_backup_done", path=result.path, version=result.head, when=when))
        return 0
    return 2


def _restore(args: argparse.Namespace) -> int:
    from kpi.store.backup import RestoreRefused, restore_store

    try:
        restored = restore_store(database_url(), Path(args.file))
    except RestoreRefused as exc:
        for line in exc.problems:
            print(t("cli_restore_problem", problem=line), file=sys.stderr)
        print(exc.message, file=sys.stderr)
        return 1
    print(t("cli_restore_done", path=args.file, version=restored.head or 0, saved=restored.saved_current))
    return 0


def _validate_or_load(args: argparse.Namespace) -> int:
    from kpi.ingest.upload import commit_upload, equal_version, equal_version_text, prepare_upload

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        print(t("cli_cannot_open", path=path), file=sys.stderr)
        return 1
    store = Store()
    current = store.dataset()
    plan = prepare_upload(data, path.name, current)
    if args.command == "validate" and args.json:
        payload = {
            "ok": plan.ok,
            "problems": [
                {"code": p.code, "sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
                for p in plan.problems
            ],
        }  # fmt: skip
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0 if plan.ok else 1
    _print_problems(plan.problems)
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
    try:
        number = commit_upload(store, plan)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if number is None:
        print(t("upload_no_change"))
    else:
        info = store.version(number)
        when = thai_timestamp(info.created_at) if info else ""
        print(t("cli_saved", version=number, when=when))
    return 0
