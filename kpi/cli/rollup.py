"""`python -m kpi rollup --year Y [--province P] [--district D] [--type T] [--json]`: many agencies' ITA at a glance.

The figures come from kpi.domain.rollup.rollup over the store's roll-up tables (kpi.store.rollup_tables),
the same function the page ภาพรวมหลายหน่วยงาน calls. With --json the common envelope carries the issue's
payload (year, scope, agencies, with_results, passed, pass_rate, mean, median, by_district, by_type,
movers, plus missing). A province, district or type that no stored agency has, or a year without
results, is a Thai problem and exit code 1.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from kpi.cli.output import print_envelope, print_problems
from kpi.cli.parser import Subparsers
from kpi.core.messages import t
from kpi.core.problems import Problem, problem
from kpi.core.schema import AGENCY_TYPES
from kpi.core.thai import format_number
from kpi.domain.rollup import Rollup, Scope, agency_type_label, place_key, rollup


def add_parser(subparsers: Subparsers) -> None:
    """The `rollup` command."""
    parser = subparsers.add_parser("rollup", help=t("cli_rollup"), description=t("cli_rollup_description"))
    parser.add_argument("--year", required=True, type=int, metavar=t("cli_metavar_year"), help=t("cli_export_year"))
    parser.add_argument("--province", metavar=t("cli_metavar_name"), help=t("cli_rollup_province"))
    parser.add_argument("--district", metavar=t("cli_metavar_name"), help=t("cli_rollup_district"))
    parser.add_argument("--type", metavar=t("cli_metavar_name"), help=t("cli_rollup_type"))
    parser.add_argument("--json", action="store_true", help=t("cli_json"))
    parser.set_defaults(run=run)


def scope_problems(results: pd.DataFrame, register: pd.DataFrame, scope: Scope) -> list[Problem]:
    """Why the scope cannot be summed up: no results at all, an unknown type, province or district, or a
    year without results (in that order; the first that applies)."""
    if results.empty:
        return [problem("rollup_no_results")]
    if scope.type and agency_type_label(scope.type) is None:
        return [problem("rollup_unknown_type", value=scope.type, types=" / ".join(AGENCY_TYPES))]
    places = register
    if scope.province:
        places = register[register["province"].map(place_key) == place_key(scope.province)]
        if places.empty:
            return [problem("rollup_unknown_province", value=scope.province)]
    if scope.district and not (places["district"].map(place_key) == place_key(scope.district)).any():
        where = t("rollup_scope_province", name=place_key(scope.province)) + " " if scope.province else ""
        return [problem("rollup_unknown_district", value=scope.district, where=where)]
    years = sorted(int(y) for y in results["fiscal_year"].unique())
    if scope.year not in years:
        return [problem("rollup_unknown_year", year=scope.year, years=", ".join(str(y) for y in years))]
    return []


def _n(value: float | None) -> str:
    return "–" if value is None else format_number(value, 2)


def scope_text(scope: Scope) -> str:
    """The scope in Thai: จังหวัดX อำเภอY ประเภท Z, or ทุกหน่วยงาน."""
    parts = []
    if scope.province:
        parts.append(t("rollup_scope_province", name=place_key(scope.province)))
    if scope.district:
        parts.append(t("rollup_scope_district", name=place_key(scope.district)))
    if scope.type:
        parts.append(t("rollup_scope_type", name=agency_type_label(scope.type) or scope.type))
    return " ".join(parts) or t("rollup_scope_all")


def rollup_lines(result: Rollup) -> list[str]:
    """A short Thai summary: the pass rate, then one line per district and per type."""
    lines = [t("rollup_head", year=result.year, scope=scope_text(result.scope))]
    figures = {"agencies": result.agencies, "with_results": result.with_results, "passed": result.passed}
    numbers = {"pass_rate": _n(result.pass_rate), "mean": _n(result.mean), "median": _n(result.median)}
    lines.append(t("rollup_summary", **figures, **numbers))
    lines.append(t("rollup_by_district"))
    for d in result.by_district:
        lines.append(t("rollup_district_line", **{**d, "pass_rate": _n(d["pass_rate"]), "mean": _n(d["mean"])}))
    lines.append(t("rollup_by_type"))
    for row in result.by_type:
        lines.append(t("rollup_type_line", **{**row, "pass_rate": _n(row["pass_rate"]), "mean": _n(row["mean"])}))
    if result.missing:
        lines.append(t("rollup_missing", count=len(result.missing)))
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the roll-up; 1 when the scope or the year has nothing to sum up."""
    from kpi.store.database import Store

    label = agency_type_label(args.type) if args.type else None
    scope = Scope(year=args.year, province=args.province, district=args.district, type=label or args.type)
    store = Store()
    results, register = store.agency_results(), store.agency_register()
    problems = scope_problems(results, register, scope)
    if problems:
        if args.json:
            print_envelope(problems, year=scope.year, scope=scope.to_json())
        else:
            print_problems(problems, sys.stderr)
        return 1
    result = rollup(results, register, scope)
    if args.json:
        print_envelope([], **result.to_json())
    else:
        print("\n".join(rollup_lines(result)))
    return 0
