"""The command line: the same functions the pages call.

Exit codes: 0 success, 1 the input has problems (or the operation was refused), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from kpi.fiscal import thai_timestamp
from kpi.problems import Problem
from kpi.store import Store, StoreError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's default is exit 2 too; keep the Thai hint
        self.print_usage(sys.stderr)
        print(f"การใช้งานไม่ถูกต้อง: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m kpi", description="ITA Dashboard: จัดการข้อมูลจากบรรทัดคำสั่ง")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("template", help="สร้างแม่แบบ Excel เปล่า")
    p.add_argument("out", help="ไฟล์ .xlsx ที่จะสร้าง")
    p = sub.add_parser("validate", help="ตรวจไฟล์ Excel โดยไม่บันทึก")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="พิมพ์ผลเป็น JSON")
    p = sub.add_parser("load", help="ตรวจและบันทึกไฟล์ Excel เป็นข้อมูลฉบับใหม่")
    p.add_argument("file")
    sub.add_parser("history", help="แสดงประวัติข้อมูลทุกฉบับ")
    p = sub.add_parser("rollback", help="ย้อนกลับไปใช้ข้อมูลฉบับที่ N")
    p.add_argument("version", type=int)
    sub.add_parser("import-report", help="นำเข้ารายงานผลมาตรการ (txt/tsv/csv/xlsx/docx)", add_help=False)
    sub.add_parser("ita", help="คำนวณคะแนนและระดับ ITA", add_help=False)
    sub.add_parser("export", help="ส่งออกชุดนำเสนอสภา (pptx/pdf) หรือรายงานผล (xlsx/docx)", add_help=False)
    return parser


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        where = p.location()
        mark = "ข้อผิดพลาด" if p.is_error else "ข้อสังเกต"
        print(f"[{mark}] {where}: {p.message} ({p.code})" if where else f"[{mark}] {p.message} ({p.code})")


def main(argv: list[str]) -> int:
    """Run one command; returns the exit code."""
    if argv and argv[0] == "import-report":
        from kpi.report_import import main_import_report

        return main_import_report(argv[1:])
    if argv and argv[0] == "ita":
        from kpi.ita import main_ita

        return main_ita(argv[1:])
    if argv and argv[0] == "export":
        from kpi.export_cli import main_export

        return main_export(argv[1:])
    args = _parser().parse_args(argv)
    command = args.command
    if command == "template":
        from kpi.template import build_workbook

        Path(args.out).write_bytes(build_workbook())
        print(f"สร้างแม่แบบแล้ว: {args.out}")
        return 0
    if command in ("validate", "load"):
        return _validate_or_load(args)
    store = Store()
    if command == "history":
        versions = store.versions()
        if not versions:
            print("ยังไม่มีข้อมูล")
        for v in versions:
            print(f"ฉบับที่ {v.number}\t{v.created_at}\t{v.kind}\t{v.filename}\t{v.sha256[:12]}\t{v.summary}")
        return 0
    if command == "rollback":
        try:
            info = store.rollback(args.version)
        except StoreError as exc:
            print(exc.message, file=sys.stderr)
            return 1
        print(f"ย้อนกลับแล้ว: ข้อมูลฉบับที่ {info.number} มีข้อมูลเหมือนฉบับที่ {args.version}")
        return 0
    return 2


def _validate_or_load(args: argparse.Namespace) -> int:
    from kpi.upload import commit_upload, prepare_upload

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        print(f"เปิดไฟล์ไม่ได้: {path}", file=sys.stderr)
        return 1
    store = Store()
    plan = prepare_upload(data, path.name, store.dataset())
    if args.command == "validate" and args.json:
        payload = {
            "ok": plan.ok,
            "problems": [
                {"code": p.code, "sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message,
                 "severity": p.severity}
                for p in plan.problems
            ],
        }  # fmt: skip
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0 if plan.ok else 1
    _print_problems(plan.problems)
    if not plan.ok:
        print(f"พบปัญหา {len(plan.errors)} รายการ ไม่ได้บันทึกข้อมูล", file=sys.stderr)
        return 1
    print(f"สิ่งที่จะเปลี่ยน: {plan.summary}")
    if args.command == "validate":
        print("ไฟล์ถูกต้อง")
        return 0
    try:
        number = commit_upload(store, plan)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if number is None:
        print("ข้อมูลตรงกับฉบับปัจจุบัน ไม่มีการเปลี่ยนแปลง")
    else:
        info = store.version(number)
        when = thai_timestamp(info.created_at) if info else ""
        print(f"บันทึกแล้ว: ข้อมูลฉบับที่ {number} ({when})")
    return 0
