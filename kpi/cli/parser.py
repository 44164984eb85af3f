"""An argparse parser that speaks Thai: usage errors exit 2 with a Thai message."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from kpi.core.messages import t

# argparse's own English sentences, and their Thai catalogue keys.
_ARGPARSE = (
    (re.compile(r"the following arguments are required: (?P<what>.+)"), "cli_required"),
    (
        re.compile(r"argument (?P<what>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
        "cli_choice",
    ),
    (re.compile(r"argument (?P<what>\S+): invalid \w+ value: (?P<value>.+)"), "cli_bad_value"),
    (re.compile(r"argument (?P<what>\S+): expected one argument"), "cli_needs_value"),
    (re.compile(r"unrecognized arguments: (?P<what>.+)"), "cli_unknown"),
    (re.compile(r"argument (?P<what>\S+): (?P<detail>.+)"), "cli_argument"),
)


def thai_usage_message(message: str) -> str:
    """argparse's English error in Thai (unknown ones are passed through)."""
    for pattern, key in _ARGPARSE:
        found = pattern.fullmatch(message)
        if found:
            return t(key, **found.groupdict())
    return message


class ThaiArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are Thai; exit code 2 as usual."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(t("cli_usage_error", message=thai_usage_message(message)), file=sys.stderr)
        raise SystemExit(2)
