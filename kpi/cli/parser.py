"""An argparse parser that speaks Thai: argparse's own English goes through gettext, usage errors exit 2.

argparse asks `gettext` for every sentence it prints ("usage: ", "the following arguments are
required: %s", "invalid choice: …"), through the names `_` and `ngettext` it imported at start-up.
`ThaiTranslations` answers those requests from the catalogue (kpi.core.messages.ARGPARSE); while
one of our parsers builds, parses or prints, argparse's two names point at it. Nothing rewrites
argparse's finished English afterwards, and other parsers in the same process are left as they are.
"""

from __future__ import annotations

import argparse
import gettext
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TypeAlias

from kpi.core.messages import ARGPARSE, t


class ThaiTranslations(gettext.NullTranslations):
    """argparse's message ids in Thai; an id the catalogue does not know falls back to the English."""

    def gettext(self, message: str) -> str:
        return ARGPARSE.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return ARGPARSE.get(msgid1 if n == 1 else msgid2, msgid1 if n == 1 else msgid2)


THAI = ThaiTranslations()


@contextmanager
def thai_argparse() -> Iterator[None]:
    """argparse speaks Thai inside this block (nested blocks are fine: each restores what it found)."""
    names = vars(argparse)  # the module's globals, where argparse looks `_` and `ngettext` up
    before = {"_": names["_"], "ngettext": names["ngettext"]}
    names.update({"_": THAI.gettext, "ngettext": THAI.ngettext})
    try:
        yield
    finally:
        names.update(before)


class ThaiArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose own texts (usage, help, errors) are Thai; exit code 2 on wrong usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with thai_argparse():  # the "positional arguments"/"options" titles and -h's help are set here
            super().__init__(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with thai_argparse():
            return super().parse_known_args(args, namespace)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with thai_argparse():  # "unrecognized arguments" is raised here, outside parse_known_args
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with thai_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with thai_argparse():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(t("cli_usage_error", message=message), file=sys.stderr)
        raise SystemExit(2)


# What each command module's add_parser(subparsers) receives: `python -m kpi`'s one set of commands.
Subparsers: TypeAlias = "argparse._SubParsersAction[ThaiArgumentParser]"
