"""`python -m kpi user add|list|passwd|disable|enable|role`: the local accounts, managed by the server's own user.

Every change acts as kpi.access.actor.cli_actor() (the operating-system user) and is written with its
audit entry. A password is read from standard input (--password-stdin: one line, bounded) or, at a
terminal, from a hidden prompt; it is never printed, logged or put in an error message.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kpi.access.actor import cli_actor
from kpi.access.roles import role_label
from kpi.cli.output import print_envelope
from kpi.cli.parser import Subparsers, ThaiArgumentParser
from kpi.core.fiscal import thai_timestamp
from kpi.core.messages import t
from kpi.core.settings import AUTH
from kpi.store import accounts
from kpi.store.accounts import Account
from kpi.store.faults import StoreError

_ROLE_METAVAR = "viewer|editor|admin"


def add_parser(subparsers: Subparsers) -> None:
    """The `user` command and its own commands."""
    parser = subparsers.add_parser("user", help=t("cli_user"), description=t("cli_user"))
    commands = parser.add_subparsers(
        dest="user_command", required=True, parser_class=ThaiArgumentParser, metavar=t("cli_command")
    )
    add = commands.add_parser("add", help=t("cli_user_add"), description=t("cli_user_add"))
    _name(add)
    add.add_argument("--role", required=True, metavar=_ROLE_METAVAR, help=t("cli_user_role_help"))
    _password(add)
    listing = commands.add_parser("list", help=t("cli_user_list"), description=t("cli_user_list"))
    listing.add_argument("--json", action="store_true", help=t("cli_json"))
    listing.set_defaults(run=run, user_parser=listing)
    passwd = commands.add_parser("passwd", help=t("cli_user_passwd"), description=t("cli_user_passwd"))
    _name(passwd)
    _password(passwd)
    for command in ("disable", "enable"):
        sub = commands.add_parser(command, help=t(f"cli_user_{command}"), description=t(f"cli_user_{command}"))
        _name(sub)
    role = commands.add_parser("role", help=t("cli_user_set_role"), description=t("cli_user_set_role"))
    _name(role)
    role.add_argument("--role", required=True, metavar=_ROLE_METAVAR, help=t("cli_user_role_help"))
    role.set_defaults(run=run, user_parser=role)
    parser.set_defaults(run=run)


def _name(parser: ThaiArgumentParser) -> None:
    parser.add_argument("name", metavar=t("cli_metavar_account"), help=t("cli_user_name_help"))
    parser.set_defaults(run=run, user_parser=parser)


def _password(parser: ThaiArgumentParser) -> None:
    parser.add_argument("--password-stdin", action="store_true", help=t("cli_user_password_stdin"))


def read_password(args: argparse.Namespace) -> str:
    """The new password: one bounded line of standard input, or a hidden prompt (twice) at a terminal.

    A longer line than AUTH.max_password_length is refused before anything else sees it.
    """
    most = AUTH.max_password_length
    if args.password_stdin:
        try:
            line = sys.stdin.readline(most + 2)  # never more than the limit, its newline and one more
        except UnicodeDecodeError:
            raise StoreError("auth_password_unreadable") from None
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password  # a Windows line end
    elif sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass(t("cli_user_password_prompt"))
        if len(password) <= most and getpass.getpass(t("cli_user_password_again")) != password:
            raise StoreError("auth_password_mismatch")
    else:  # no terminal to ask and no --password-stdin: wrong usage
        args.user_parser.error(t("cli_user_password_needed"))
    if len(password) > most:
        raise StoreError("auth_password_too_long", most=most)
    return password


def account_json(account: Account) -> dict[str, Any]:
    """One account as `user list --json` writes it (Bangkok ISO 8601 times; locked_until only while locked)."""
    return {
        "name": account.name,
        "role": account.role,
        "disabled": account.disabled,
        "locked_until": account.locked_until if account.locked() else None,
        "created_at": account.created_at,
        "changed_at": account.changed_at,
    }


def _state(account: Account) -> str:
    if account.disabled:
        return t("cli_user_state_disabled")
    if account.locked() and account.locked_until:
        return t("cli_user_state_locked", until=thai_timestamp(account.locked_until))
    return t("cli_user_state_active")


def run(args: argparse.Namespace) -> int:
    """0 done; refusals (bad name, role or password, a name taken or unknown) are StoreErrors shown by kpi.cli.main."""
    from kpi.store.database import Store

    command = args.user_command
    if command in ("add", "passwd"):  # read before the store is opened: a refused password touches nothing
        password = read_password(args)
        store = Store()
        if command == "add":
            account = accounts.add_account(store, cli_actor(), args.name, args.role, password)
            print(t("cli_user_added", name=account.name, role=role_label(account.role)))
        else:
            accounts.set_password(store, cli_actor(), args.name, password)
            print(t("cli_user_password_set", name=args.name.strip()))
        return 0
    store = Store()
    if command == "list":
        found = accounts.list_accounts(store)
        if args.json:
            print_envelope([], accounts=[account_json(a) for a in found])
            return 0
        if not found:
            print(t("cli_user_none"))
        for a in found:
            print(f"{a.name}\t{role_label(a.role)}\t{_state(a)}\t{thai_timestamp(a.created_at)}")
        return 0
    if command in ("disable", "enable"):
        accounts.set_disabled(store, cli_actor(), args.name, command == "disable")
        print(t(f"cli_user_{command}d", name=args.name.strip()))
        return 0
    accounts.set_role(store, cli_actor(), args.name, args.role)
    print(t("cli_user_role_set", name=args.name.strip(), role=role_label(args.role)))
    return 0
