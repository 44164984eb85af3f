"""`python -m kpi figures --year Y [--quarter Q] [--public] [--json]`: what every screen and file shows.

The numbers come from kpi.domain.figures.figures, the function the overview, the targets page, the
council deck and the official report read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kpi.cli.output import print_envelope, print_problems
from kpi.cli.parser import Subparsers
from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.core.problems import problem
from kpi.core.thai import format_number
from kpi.domain.as_of import to_date_text
from kpi.domain.figures import Figures, figures
from kpi.domain.targets import period_text
from kpi.exports.provenance import version_text


def add_parser(subparsers: Subparsers) -> None:
    """The `figures` command."""
    parser = subparsers.add_parser("figures", help=t("cli_figures"), description=t("cli_figures_description"))
    parser.add_argument("--year", required=True, type=int, metavar=t("cli_metavar_year"), help=t("cli_export_year"))
    parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help=t("cli_figures_quarter"))
    parser.add_argument("--public", action="store_true", help=t("cli_figures_public"))
    parser.add_argument("--json", action="store_true", help=t("cli_figures_json"))
    parser.set_defaults(run=run)


def figures_payload(dataset: Dataset, fig: Figures) -> dict[str, Any]:
    """The envelope's payload, keys in the issue's order."""
    body = fig.to_json()
    version = None if dataset.version is None else dataset.version.number
    return {
        "year": body["year"],
        "quarter": body["quarter"],
        "version": version,
        **{k: body[k] for k in list(body)[2:]},
    }


def _n(value: float | None) -> str:
    return "–" if value is None else format_number(value, 2)


def figures_lines(dataset: Dataset, fig: Figures) -> list[str]:
    """The figures as Thai lines (Arabic digits)."""
    lines = [t("figures_head", year=fig.year, period=period_text(fig.quarter), version=version_text(dataset.version))]
    lines.append(t("figures_measures", **{k: _n(v) for k, v in fig.measures.to_json().items()}))
    for i in fig.indicators:
        lines.append(
            t(
                "figures_indicator",
                measure=i["measure"],
                indicator=i["indicator"],
                name=i["name"],
                value=_n(i["value"]),
                period=i["period"] or "–",
                source=t("source_" + i["source"]),
                state="–" if i["state"] is None else t("target_" + i["state"]),
            )
        )
    lines.append(t("figures_ita", year=fig.year, total=_n(fig.ita["total"]), rating=fig.ita["rating"] or "–"))
    # As of quarter Q the year line is the year to date: 'ไตรมาส 1–2' (as of quarter 4: 'ทั้งปี').
    to_date = to_date_text(fig.quarter or 4)
    sat = fig.satisfaction
    for key, point in (*sat["quarters"].items(), ("year", sat["year"])):
        period = to_date if key == "year" else period_text(int(key))
        lines.append(t("figures_satisfaction", period=period, percent=_n(point["percent"]), n=_n(point["n"])))
    comp = fig.complaints
    for key, point in (*comp["quarters"].items(), ("year", comp["year"])):
        period = to_date if key == "year" else period_text(int(key))
        lines.append(t("figures_complaints", period=period, **{k: _n(v) for k, v in point.items()}))
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the figures; 1 when the year has no data."""
    from kpi.store.database import Store

    dataset = Store().dataset()
    if args.year not in dataset.years():
        years = ", ".join(str(y) for y in dataset.years()) or "–"
        problems = [problem("figures_unknown_year", year=args.year, years=years)]
        if args.json:
            print_envelope(problems, year=args.year, quarter=args.quarter)
        else:
            print_problems(problems, sys.stderr)
        return 1
    fig = figures(dataset, args.year, args.quarter, public=args.public)
    if args.json:
        print_envelope([], **figures_payload(dataset, fig))
    else:
        print("\n".join(figures_lines(dataset, fig)))
    return 0
