"""`python -m kpi ita --year Y (--iit A --eit B --oit C | --total T) [--json]`: the ITA total and rating.

With `--total` alone (agencies' published histories) the rating is the least band the total is sure
of; when a better band depends on the tool scores (ผ่าน vs ผ่านดี from 2566) the output says the
rating is not certain ("certain": false and a Thai note in JSON). A year before the first rule set
of ita_rules.json gets no rating at all ("rating": null), never later rules applied backwards.

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
from kpi.domain.ita import SCORE_RANGE, ita_rating, ita_total, round_for_rating
from kpi.domain.ita_rules import TOOLS, ItaRules, RulesError, default_rules, known_rule_set, rule_set_for


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
            type=_number_arg,
            metavar=t("cli_metavar_score"),
            help=t("cli_ita_tool", tool=tool.upper()),
        )
    parser.add_argument("--total", type=_number_arg, metavar=t("cli_metavar_score"), help=t("cli_ita_total"))
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    # The three tools or the total alone: checked after parsing (argparse groups cannot say "all three
    # or the other one"), through the parser's own Thai usage error so the exit code stays 2.
    parser.set_defaults(run=run, usage_error=parser.error)


def _argument_problem(code: str, argument: str, value: float, **fields: Any) -> Problem:
    # The argument and its value are data (details), not part of the Thai sentence.
    return Problem(
        code=code,
        message=problem_message(code, **fields),
        details=(("argument", argument), ("value", value), *fields.items()),
    )


def input_problems(year: int, scores: dict[str, float]) -> list[Problem]:
    """A year outside the Buddhist-era range and scores (tools or total) outside 0–100, one problem each."""
    problems = []
    low, high = YEAR_RANGE
    if not low <= year <= high:
        problems.append(_argument_problem("bad_year", "--year", year, low=low, high=high, hint=""))
    for name, value in scores.items():
        if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
            problems.append(_argument_problem("out_of_range", f"--{name}", value, low=0, high=100))
    return problems


def _given_scores(args: argparse.Namespace) -> dict[str, float]:
    """The three tools, or the total alone; anything else is a usage error (exit 2)."""
    tools = {tool: getattr(args, tool) for tool in TOOLS}
    given = [v is not None for v in tools.values()]
    if args.total is None and all(given):
        return tools
    if args.total is not None and not any(given):
        return {"total": args.total}
    args.usage_error(t("cli_ita_need_scores"))
    raise AssertionError("unreachable: argparse's error exits")  # pragma: no cover


def _total_only(args: argparse.Namespace, rules: ItaRules) -> int:
    """Rate a published total: the rating, whether it is certain, and why not."""
    rule_set = known_rule_set(args.year, rules)
    first = rules.rule_sets[0].from_year
    rating = None if rule_set is None else ita_rating(args.year, args.total, rules=rules)
    total = round_for_rating(args.total)
    if rating is None:
        note = t("cli_ita_no_rules", year=args.year, first=first)
    elif rating.uncertain:
        better = ", ".join(f"“{label}”" for label in rating.possible[:-1])
        note = t("cli_ita_uncertain", rating=rating.label, better=better)
    else:
        note = ""
    if args.json:
        print_envelope(
            [],
            year=args.year,
            total=total if rating is None else rating.total,
            rating=None if rating is None else rating.label,
            certain=rating is not None and not rating.uncertain,
            possible=[] if rating is None else list(rating.possible),
            note=note or None,
            weights=None if rule_set is None else dict(rule_set.weights),
        )
    elif rating is None:
        print(t("cli_ita_total_value", score=format_number(total), year=args.year))
    else:
        print(t("card_ita_value", score=format_number(rating.total), rating=rating.label, year=args.year))
    if note and not args.json:
        print(note)
    return 0


def run(args: argparse.Namespace) -> int:
    """Print the total and the rating (or the envelope with --json); 1 when an input is out of range."""
    scores = _given_scores(args)
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
    if "total" in scores:
        return _total_only(args, rules)
    if not rules.covers(args.year):  # no weights for that year: neither a total nor a rating
        note = t("cli_ita_no_rules", year=args.year, first=rules.rule_sets[0].from_year)
        if args.json:
            print_envelope([], year=args.year, total=None, rating=None, certain=False, note=note, weights=None)
        else:
            print(note)
        return 0
    total = ita_total(args.year, args.iit, args.eit, args.oit, rules=rules)
    rating = ita_rating(args.year, total, args.iit, args.eit, args.oit, rules=rules)
    if args.json:
        weights = rule_set_for(args.year, rules).weights
        print_envelope([], year=args.year, total=rating.total, rating=rating.label, weights=dict(weights))
    else:
        print(t("card_ita_value", score=format_number(rating.total), rating=rating.label, year=args.year))
    return 0
