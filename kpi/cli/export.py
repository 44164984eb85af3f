"""`python -m kpi export --format pptx|pdf|xlsx|docx --year Y --out FILE`: the same files as the page."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from kpi.cli.parser import ThaiArgumentParser
from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.exports.pack import FORMATS, CouncilPack
from kpi.exports.provenance import version_text


def build_export(
    kind: str, dataset: Dataset, year: int, quarter: int = 4, thai_digits: bool = False, today: dt.date | None = None
) -> bytes:
    """The bytes of one export: the council pack (pptx, pdf) or the results report (xlsx, docx)."""
    return CouncilPack(dataset, year, quarter, thai_digits, today).file(kind)


def export_filename(kind: str, year: int, quarter: int) -> str:
    """A plain ASCII file name for a download: ita_council_2568_q2.pptx, ita_report_2568_q4.docx."""
    stem = "ita_council" if kind in ("pptx", "pdf") else "ita_report"
    return f"{stem}_{year}_q{quarter}.{kind}"


def main_export(argv: list[str]) -> int:
    """Run `export`; 0 written, 1 no data for the year or the file cannot be written, 2 wrong usage."""
    parser = ThaiArgumentParser(prog="python -m kpi export", description="ส่งออกชุดนำเสนอสภาหรือรายงานผลการดำเนินการ")
    parser.add_argument(
        "--format", required=True, choices=FORMATS, help="pptx, pdf (ชุดนำเสนอ) หรือ xlsx, docx (รายงานผล)"
    )
    parser.add_argument("--year", required=True, type=int, help="ปีงบประมาณ พ.ศ. เช่น 2568")
    parser.add_argument("--quarter", type=int, default=4, choices=(1, 2, 3, 4), help="ข้อมูล ณ สิ้นไตรมาส (ค่าเริ่มต้น 4)")
    parser.add_argument("--out", required=True, help="ไฟล์ที่จะสร้าง")
    parser.add_argument("--thai-digits", action="store_true", help="ใช้ตัวเลขไทย")
    args = parser.parse_args(argv)
    from kpi.store.database import Store

    dataset = Store().dataset()
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
    print(t("cli_export_done", path=out, version_text=version_text(dataset.version)))
    return 0
