"""`python -m kpi audit [--json] [filters]` and `audit --verify`: the trail of who did what, and whether it is whole.

--verify walks the hash chain (kpi.store.audit.verify): exit 0 with the number of entries and the
last entry's hash (ลายนิ้วมือล่าสุด, worth writing in a meeting's minutes); exit 1 naming every
entry where the chain does not hold. Times are Asia/Bangkok.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from kpi.access.actor import actor_label
from kpi.access.roles import role_label
from kpi.cli.output import print_envelope, print_problems
from kpi.cli.parser import Subparsers
from kpi.core.fiscal import thai_timestamp
from kpi.core.messages import t
from kpi.core.problems import Problem
from kpi.core.text_safety import clean_text
from kpi.screens.admin import action_label, break_text
from kpi.store.audit import AUDIT_ACTIONS, AuditEntry, Break, entries, verify


def _day(text: str) -> str:
    """A --since/--until day: YYYY-MM-DD, the year in the Common Era or the Buddhist Era (2568 = 2025)."""
    try:
        day = dt.date.fromisoformat(text.strip())
        if day.year >= 2400:  # a Buddhist-Era year, as Thai offices write dates
            day = day.replace(year=day.year - 543)
    except ValueError:  # also 29 February of a Buddhist year whose Common-Era year has none
        raise argparse.ArgumentTypeError(t("cli_audit_bad_day", value=text[:40])) from None
    return day.isoformat()


def _count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(t("cli_audit_bad_limit", value=text[:40]))
    return number


def add_parser(subparsers: Subparsers) -> None:
    """The `audit` command."""
    parser = subparsers.add_parser("audit", help=t("cli_audit"), description=t("cli_audit_description"))
    parser.add_argument("--verify", action="store_true", help=t("cli_audit_verify"))
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    parser.add_argument("--action", choices=AUDIT_ACTIONS, metavar=t("cli_metavar_action"), help=t("cli_audit_action"))
    parser.add_argument("--actor", metavar=t("cli_metavar_actor"), help=t("cli_audit_actor"))
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help=t("cli_audit_since"))
    parser.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help=t("cli_audit_until"))
    parser.add_argument("--limit", type=_count, metavar="N", help=t("cli_audit_limit"))
    parser.set_defaults(run=run)


def break_problem(found: Break) -> Problem:
    """One place the chain does not hold, as a problem naming the entry's number."""
    return Problem(code=found.reason, message=break_text(found.seq, found.reason), details=(("seq", found.seq),))


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """One entry as `audit --json` writes it."""
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "via": entry.via,
        "role": entry.role,
        "action": entry.action,
        "detail": entry.detail,
        "version": entry.version,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def entry_line(entry: AuditEntry) -> str:
    """seq, Bangkok time, who, role, what, detail, data version: one tab-separated line."""
    who = actor_label(entry.actor, entry.via)
    version = str(entry.version) if entry.version is not None else "-"
    fields = (str(entry.seq), thai_timestamp(entry.at), who, role_label(entry.role), action_label(entry.action))
    # Cleaned again: a row edited in the database could carry a terminal escape.
    return clean_text("\t".join((*fields, entry.detail or "-", version)))


def run(args: argparse.Namespace) -> int:
    """List entries newest first (0), or verify the chain (0 whole, 1 broken)."""
    from kpi.store.database import Store

    store = Store()
    if args.verify:
        count, head, breaks = verify(store)
        problems = [break_problem(b) for b in breaks]
        if args.json:
            print_envelope(problems, entries=count, head_hash=head)
        elif breaks:
            print_problems(problems)
            print(t("cli_audit_broken", count=len(breaks), entries=count))
        else:
            print(t("cli_audit_whole", entries=count, head=head))
        return 1 if breaks else 0
    found = entries(
        store, action=args.action, actor=args.actor, since=args.since, until=args.until, limit=args.limit
    )  # fmt: skip
    if args.json:
        print_envelope([], entries=[entry_json(e) for e in found])
        return 0
    if not found:
        print(t("cli_audit_none"))
    for entry in found:
        print(entry_line(entry))
    return 0
