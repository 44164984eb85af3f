"""`python -m kpi export --format pptx|pdf|xlsx|docx|html --year Y --out FILE`: the same files as the page."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kpi.access.actor import Actor, cli_actor
from kpi.cli.parser import Subparsers
from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.exports.pack import FORMATS, CouncilPack
from kpi.exports.provenance import version_text
from kpi.store.audit import record
from kpi.store.database import Store
from kpi.store.faults import StoreError


def build_export(
    kind: str, dataset: Dataset, year: int, quarter: int = 4, thai_digits: bool = False, today: dt.date | None = None
) -> bytes:
    """The bytes of one export: the council pack (pptx, pdf), the web page (html) or the results report (xlsx, docx)."""
    return CouncilPack(dataset, year, quarter, thai_digits, today).file(kind)


def export_filename(kind: str, year: int, quarter: int) -> str:
    """A plain ASCII file name for a download: ita_council_2568_q2.pptx, ita_public_2568_q2.html, ita_report_2568_q4.docx."""
    stem = "ita_council" if kind in ("pptx", "pdf") else "ita_public" if kind == "html" else "ita_report"
    return f"{stem}_{year}_q{quarter}.{kind}"


def record_export(store: Store, actor: Actor, kind: str, year: int, quarter: int, version: int | None) -> None:
    """The trail's "export" entry for a built file (the command and the export page both call this).

    A StoreError (the store refuses or cannot write) reaches the caller: a file whose export cannot be
    recorded is not handed out.
    """
    label = {
        "pptx": t("export_pptx"),
        "pdf": t("export_pdf"),
        "xlsx": t("export_xlsx"),
        "docx": t("export_docx"),
        "html": t("export_html"),
    }.get(kind, kind)
    detail = t(
        "audit_detail_export", label=label, year=year, quarter=quarter, file=export_filename(kind, year, quarter)
    )
    record(store, actor, "export", detail, version)


def add_parser(subparsers: Subparsers) -> None:
    """The `export` command."""
    parser = subparsers.add_parser("export", help=t("cli_export"), description=t("cli_export_description"))
    parser.add_argument("--format", required=True, choices=FORMATS, help=t("cli_export_format"))
    parser.add_argument("--year", required=True, type=int, metavar=t("cli_metavar_year"), help=t("cli_export_year"))
    parser.add_argument("--quarter", type=int, default=4, choices=(1, 2, 3, 4), help=t("cli_export_quarter"))
    parser.add_argument("--out", required=True, metavar=t("cli_metavar_file"), help=t("cli_export_out"))
    parser.add_argument("--thai-digits", action="store_true", help=t("cli_thai_digits"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the file; 0 written, 1 no data for the year or the file cannot be written."""
    store = Store()
    dataset = store.dataset()
    if args.year not in dataset.years():
        years = ", ".join(str(y) for y in dataset.years()) or "–"
        print(t("cli_export_no_year", year=args.year, years=years), file=sys.stderr)
        return 1
    data = build_export(args.format, dataset, args.year, args.quarter, args.thai_digits)
    out = Path(args.out)
    try:
        out.write_bytes(data)
    except OSError:
        print(t("cli_export_write_failed", path=out), file=sys.stderr)
        return 1
    version = dataset.version.number if dataset.version else None
    try:
        record_export(store, cli_actor(), args.format, args.year, args.quarter, version)
    except StoreError:  # not recorded, so not handed out; kpi.cli.main shows why
        out.unlink(missing_ok=True)
        raise
    print(t("cli_export_done", path=out, version_text=version_text(dataset.version)))
    return 0
