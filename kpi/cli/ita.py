"""`python -m kpi ita --year Y --iit A --eit B --oit C [--json]`: the ITA total and rating.

Exit codes: 0 the rating is printed, 1 a score or the year is out of range or the rules file cannot
be read, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kpi.cli.output import print_envelope, print_problems
from kpi.cli.parser import Subparsers
from kpi.core.messages import problem_message, t
from kpi.core.problems import Problem
from kpi.core.schema import YEAR_RANGE
from kpi.core.thai import format_number, parse_number
from kpi.domain.ita import SCORE_RANGE, ita_rating, ita_total
from kpi.domain.ita_rules import TOOLS, RulesError, default_rules, rule_set_for


def _number_arg(text: str) -> float:
    try:
        value = parse_number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(problem_message("bad_number")) from None
    if value is None:
        raise argparse.ArgumentTypeError(problem_message("required"))
    return value


def _year_arg(text: str) -> int:
    value = _number_arg(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(problem_message("bad_integer"))
    return int(value)


def add_parser(subparsers: Subparsers) -> None:
    """The `ita` command."""
    parser = subparsers.add_parser("ita", help=t("cli_ita"), description=t("cli_ita"))
    parser.add_argument("--year", required=True, type=_year_arg, metavar=t("cli_metavar_year"), help=t("cli_ita_year"))
    for tool in TOOLS:
        parser.add_argument(
            f"--{tool}",
            required=True,
            type=_number_arg,
            metavar=t("cli_metavar_score"),
            help=t("cli_ita_tool", tool=tool.upper()),
        )
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    parser.set_defaults(run=run)


def _argument_problem(code: str, argument: str, value: float, **fields: Any) -> Problem:
    # The argument and its value are data (details), not part of the Thai sentence.
    return Problem(
        code=code,
        message=problem_message(code, **fields),
        details=(("argument", argument), ("value", value), *fields.items()),
    )


def input_problems(year: int, scores: dict[str, float]) -> list[Problem]:
    """A year outside the Buddhist-era range and scores outside 0–100, one problem each."""
    problems = []
    low, high = YEAR_RANGE
    if not low <= year <= high:
        problems.append(_argument_problem("bad_year", "--year", year, low=low, high=high, hint=""))
    for tool in TOOLS:
        value = scores[tool]
        if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
            problems.append(_argument_problem("out_of_range", f"--{tool}", value, low=0, high=100))
    return problems


def run(args: argparse.Namespace) -> int:
    """Print the total and the rating (or the envelope with --json); 1 when an input is out of range."""
    scores = {tool: getattr(args, tool) for tool in TOOLS}
    problems = input_problems(args.year, scores)
    if not problems:
        try:
            rules = default_rules()
        except RulesError as exc:
            problems = list(exc.problems)
    if problems:
        if args.json:
            print_envelope(problems)
        else:
            print_problems(problems, sys.stderr)
        return 1
    total = ita_total(args.year, args.iit, args.eit, args.oit, rules=rules)
    rating = ita_rating(args.year, total, args.iit, args.eit, args.oit, rules=rules)
    if args.json:
        weights = rule_set_for(args.year, rules).weights
        print_envelope([], year=args.year, total=rating.total, rating=rating.label, weights=dict(weights))
    else:
        print(t("card_ita_value", score=format_number(rating.total), rating=rating.label, year=args.year))
    return 0
