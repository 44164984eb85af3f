"""`python -m kpi`: one argparse tree (template, validate, load, history, rollback, ita, export, check,
backup, restore), its Thai usage errors, the one --json envelope and the one way problems are printed."""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import COMPLAINT_HEADER, MEASURE_HEADER, RESULT_HEADER, make_workbook
from openpyxl import load_workbook

from kpi.cli.main import build_parser, main
from kpi.cli.output import print_problems, problem_line
from kpi.cli.parser import ThaiArgumentParser
from kpi.core.messages import ARGPARSE
from kpi.core.problems import Problem
from kpi.core.schema import SHEETS
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.store.backup import backup_store, verify_backup
from kpi.store.check import check_store
from kpi.store.database import Store
from kpi.store.faults import StoreError, StoreFault
from kpi.store.restore import RestoreRefused, restore_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")


def test_template_has_instructions_dropdowns_and_locked_frozen_headers(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    assert main(["template", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["คำอธิบาย", *[s.title for s in SHEETS]]
    results = wb["ผลรายไตรมาส"]
    assert results.freeze_panes == "A2"
    assert results.protection.sheet is True
    assert results["A1"].protection.locked and not results["A2"].protection.locked
    lists = [dv.formula1 for dv in results.data_validations.dataValidation if dv.type == "list"]
    assert '"ยังไม่เริ่ม,กำลังดำเนินการ,เสร็จสิ้น,ไม่ได้ดำเนินการ"' in lists
    ranges = [
        (dv.type, dv.formula1, dv.formula2) for dv in results.data_validations.dataValidation if dv.type != "list"
    ]
    assert ("whole", "1", "4") in ranges and ("decimal", "0", "100") in ranges


def test_a_blank_template_is_refused_as_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "template.xlsx"
    main(["template", str(out)])
    capsys.readouterr()
    assert main(["validate", str(out), "--json"]) == 1  # the blank template: headers but no data
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    assert [p["code"] for p in payload["problems"]] == ["no_data_rows"]


def test_validate_json_names_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        make_workbook(
            {
                "มาตรการ": [MEASURE_HEADER, [2568, 1, "ม", "มาตรการ", "", "1-4", "", "", ""]],
                "ผลรายไตรมาส": [
                    [h for h in RESULT_HEADER if h != "สถานะ"],
                    [2568, 5, 1, "abc", None, None, None, None, None],
                ],
            }
        )
    )
    assert main(["validate", str(bad), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    assert {(p["code"], p["sheet"], p["row"], p["column"]) for p in payload["problems"]} == {
        ("missing_column", "ผลรายไตรมาส", 1, "สถานะ"),
        ("bad_quarter", "ผลรายไตรมาส", 2, "ไตรมาส"),
        ("bad_number", "ผลรายไตรมาส", 2, "ร้อยละความคืบหน้า"),
    }
    # validate's problem fields, in the one envelope every --json output shares
    assert set(payload["problems"][0]) == {"code", "sheet", "row", "column", "message", "severity", "details"}


def test_load_history_rollback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SAMPLE_WORKBOOK)]) == 0
    assert main(["load", str(SAMPLE_WORKBOOK)]) == 0
    assert "บันทึกแล้ว: ข้อมูลฉบับที่ 1" in capsys.readouterr().out
    assert main(["load", str(SAMPLE_WORKBOOK)]) == 0
    assert "ไม่มีอะไรต้องเปลี่ยน" in capsys.readouterr().out
    update = tmp_path / "u.xlsx"
    update.write_bytes(make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", 9, 9, 0, 9]]}))
    assert main(["load", str(update)]) == 0
    assert main(["history"]) == 0
    history = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in history[-2:]] == ["2", "1"]
    assert main(["rollback", "1"]) == 0
    assert "ข้อมูลฉบับที่ 3 มีข้อมูลเหมือนฉบับที่ 1" in capsys.readouterr().out
    assert main(["rollback", "99"]) == 1
    capsys.readouterr()
    assert main(["validate", str(update)]) == 0  # the update again: it would bring back version 2
    assert "จะเหมือนข้อมูลฉบับที่ 2 ซึ่งบันทึกเมื่อ" in capsys.readouterr().out


def test_exit_codes_from_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "KPI_DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}", "PYTHONIOENCODING": "utf-8"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "kpi", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")

    assert run("validate", str(SAMPLE_WORKBOOK)).returncode == 0
    missing = run("validate", str(tmp_path / "nope.xlsx"))
    assert missing.returncode == 1 and "เปิดไฟล์ไม่ได้" in missing.stderr
    usage = run("frobnicate")
    assert usage.returncode == 2 and "การใช้งานไม่ถูกต้อง" in usage.stderr
    assert run("rollback", "not-a-number").returncode == 2
    unwritable = run("template", str(tmp_path / "no" / "such" / "dir.xlsx"))
    assert unwritable.returncode == 1 and "บันทึกไฟล์ไม่ได้" in unwritable.stderr and "Traceback" not in unwritable.stderr


# --- ita (moved from tests/test_ita.py with the command) ---------------------------------------


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "2568", "--iit", "99.8", "--eit", "84.5", "--oit", "98.375", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == {
        "ok": True,
        "problems": [],
        "year": 2568,
        "total": 94.64,
        "rating": "ผ่าน",
        "weights": {"iit": 0.3, "eit": 0.3, "oit": 0.4},
    }
    assert "ผ่าน" in out  # ensure_ascii=False


def test_cli_accepts_thai_digits_and_percent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "๒๕๖๕", "--iit", "๙๐", "--eit", "80%", "--oit", "๑๐๐", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "ok": True,
        "problems": [],
        "year": 2565,
        "total": 91.0,
        "rating": "A",
        "weights": {"iit": 0.3, "eit": 0.3, "oit": 0.4},
    }


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "2568", "--iit", "90", "--eit", "90", "--oit", "91.75"]) == 0
    assert capsys.readouterr().out.strip() == "90.70 คะแนน (ผ่านดี) ปี 2568"


def test_cli_score_out_of_range_is_exit_1_in_thai(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "2568", "--iit", "101", "--eit", "90", "--oit", "-5"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--iit 101: ต้องอยู่ระหว่าง 0 ถึง 100" in captured.err
    assert "--oit -5: ต้องอยู่ระหว่าง 0 ถึง 100" in captured.err


def test_cli_year_out_of_range_is_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "2025", "--iit", "90", "--eit", "90", "--oit", "90"]) == 1
    assert "ปีงบประมาณต้องเป็นปี พ.ศ." in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--year", "2568", "--iit", "90", "--eit", "90"],
        ["--year", "2568", "--iit", "เก้าสิบ", "--eit", "90", "--oit", "90"],
        ["--year", "2568.5", "--iit", "90", "--eit", "90", "--oit", "90"],
        ["--year", "2568", "--iit", "90", "--eit", "90", "--oit", "90", "--colour"],
    ],
)
def test_cli_wrong_usage_is_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", *argv]) == 2
    assert capsys.readouterr().err


def test_cli_bad_rules_file_is_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rules.json"
    bad.write_text("[]", encoding="utf-8")
    monkeypatch.setenv("KPI_ITA_RULES", str(bad))
    assert main(["ita", "--year", "2568", "--iit", "90", "--eit", "90", "--oit", "90"]) == 1
    err = capsys.readouterr().err
    assert "ไฟล์เกณฑ์ ITA ต้องมีรายการ rule_sets" in err and "(ita_rules_no_rule_sets)" in err


# --- one argparse tree, Thai through gettext ----------------------------------------------------

COMMAND_NAMES = [
    "template", "validate", "load", "history", "rollback", "import-report", "import-survey",
    "ita", "export", "check", "backup", "restore", "figures", "user", "audit", "rollup",
]  # fmt: skip
# argparse's own English, as a user would see it if a sentence escaped the translation.
ARGPARSE_ENGLISH = re.compile(
    r"usage:|error:|required|invalid|choose from|unrecognized|expected|argument|help message|options|positional"
)


def test_every_command_is_a_subparser_of_one_parser() -> None:
    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert list(subparsers.choices) == COMMAND_NAMES
    assert all(isinstance(p, ThaiArgumentParser) for p in subparsers.choices.values())
    args = parser.parse_args(["ita", "--year", "2568", "--iit", "1", "--eit", "2", "--oit", "3"])
    assert (args.command, args.year, args.oit) == ("ita", 2568, 3.0)


@pytest.mark.parametrize("command", [c for c in COMMAND_NAMES if c != "import-report"])
def test_help_of_every_command_is_thai(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"วิธีใช้: python -m kpi {command} ")
    assert "แสดงวิธีใช้นี้แล้วจบ" in out
    assert not ARGPARSE_ENGLISH.search(out), out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["rollback", "not-a-number"],
        ["rollback"],
        ["validate", "a.xlsx", "b.xlsx"],
        ["export", "--format", "odp", "--year", "2568", "--out", "x"],
        ["export", "--format"],
        ["ita", "--year", "2568", "--iit", "เก้าสิบ", "--eit", "90", "--oit", "90"],
        ["ita", "--year", "2568"],
        ["history", "--colour"],
    ],
)
def test_usage_errors_are_thai_exit_2_with_no_argparse_english(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("วิธีใช้: python -m kpi")
    assert "การใช้งานไม่ถูกต้อง: " in captured.err
    assert not ARGPARSE_ENGLISH.search(captured.err), captured.err


def test_the_thai_usage_errors_name_what_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    main(["export", "--format", "odp", "--year", "2568", "--out", "x"])
    assert "--format: ไม่รับค่า 'odp' (เลือกได้: 'pptx', 'pdf', 'xlsx', 'docx', 'html')" in capsys.readouterr().err
    main(["export", "--format", "pdf"])
    assert "ต้องระบุ --year, --out" in capsys.readouterr().err
    main(["validate", "a.xlsx", "b.xlsx"])
    assert "ไม่รู้จัก b.xlsx" in capsys.readouterr().err


def test_argparse_is_translated_by_message_id_not_rewritten() -> None:
    source = inspect.getsource(argparse)
    assert [msgid for msgid in ARGPARSE if repr(msgid)[1:-1] not in source and msgid not in source] == []
    parser_source = (ROOT / "kpi" / "cli" / "parser.py").read_text(encoding="utf-8")
    assert "import re" not in parser_source and "gettext" in parser_source


def test_other_argparse_parsers_keep_their_english(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rollback", "x"])
    capsys.readouterr()
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage().startswith("usage: other")
    assert "show this help message and exit" in plain.format_help()


# --- one --json envelope ------------------------------------------------------------------------


def test_ita_json_out_of_range_is_the_envelope_with_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "2025", "--iit", "101", "--eit", "90", "--oit", "-5", "--json"]) == 1
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert payload["ok"] is False and captured.err == ""
    assert [(p["code"], p["details"]["argument"], p["details"]["value"]) for p in payload["problems"]] == [
        ("bad_year", "--year", 2025),
        ("out_of_range", "--iit", 101),
        ("out_of_range", "--oit", -5),
    ]
    assert payload["problems"][1]["message"] == "ต้องอยู่ระหว่าง 0 ถึง 100"  # the argument is data, not in the text


def test_ita_json_with_unreadable_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rules.json"
    bad.write_text("[]", encoding="utf-8")
    monkeypatch.setenv("KPI_ITA_RULES", str(bad))
    assert main(["ita", "--year", "2568", "--iit", "90", "--eit", "90", "--oit", "90", "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False and [p["code"] for p in payload["problems"]] == ["ita_rules_no_rule_sets"]


def test_history_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "problems": [], "versions": []}
    main(["load", str(SAMPLE_WORKBOOK)])
    main(["rollback", "1"])
    capsys.readouterr()
    assert main(["history", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True and payload["problems"] == []
    newest, oldest = payload["versions"]
    assert set(newest) == {"number", "created_at", "kind", "filename", "sha256", "summary", "saved_by", "saved_via"}
    assert (newest["saved_via"], oldest["saved_via"]) == ("cli", "cli") and newest["saved_by"]
    assert (newest["number"], newest["kind"], oldest["number"], oldest["kind"]) == (2, "rollback", 1, "upload")
    assert oldest["filename"] == SAMPLE_WORKBOOK.name and len(oldest["sha256"]) == 64
    created = dt.datetime.fromisoformat(oldest["created_at"])
    assert created.utcoffset() == dt.timedelta(hours=7)  # Bangkok time
    assert abs(created - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_a_store_fault_under_json_is_the_envelope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'no' / 'such' / 's.sqlite3'}")
    assert main(["history", "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    (problem,) = payload["problems"]
    assert problem["code"] == "store_folder_missing"
    assert problem["details"] == {"folder": str(tmp_path / "no" / "such")}


# --- store errors are Problems, printed one way ------------------------------------------------


def test_store_errors_carry_a_problem_and_keep_their_message(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with pytest.raises(StoreError) as caught:
        store.rollback(42, actor=ADMIN)
    assert caught.value.problem == Problem("version_not_found", "ไม่พบข้อมูลฉบับที่ 42", details=(("version", 42),))
    assert caught.value.message == caught.value.problem.message == str(caught.value)
    assert caught.value.problems == [caught.value.problem]
    fault = StoreFault("store_busy", path=tmp_path)
    assert (fault.code, fault.problem.code, dict(fault.problem.details)) == (
        "store_busy",
        "store_busy",
        {"path": str(tmp_path)},
    )


def test_check_and_a_refused_restore_give_problems_with_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    main(["load", str(SAMPLE_WORKBOOK)])
    backup_store(store, tmp_path / "copy.sqlite3")
    with sqlite3.connect(tmp_path / "copy.sqlite3") as conn:
        conn.execute("UPDATE blocks SET payload = x'00' WHERE sheet = 'measures' AND fiscal_year = 2568")
    (reason,) = verify_backup(tmp_path / "copy.sqlite3")
    assert reason.code == "check_block_corrupt" and dict(reason.details)["sheet"] == "มาตรการ"
    with pytest.raises(RestoreRefused) as caught:
        restore_store(store.url, tmp_path / "copy.sqlite3")
    assert [p.code for p in caught.value.problems] == ["check_block_corrupt", "backup_refused"]
    assert caught.value.message == caught.value.problem.message
    with sqlite3.connect(tmp_path / "cli.sqlite3") as conn:
        conn.execute("DELETE FROM versions")
    report = check_store(store)
    assert {p.code for p in report.problems} == {"check_orphan_blocks"}
    capsys.readouterr()
    # the CLI prints each of them as every other problem: one line from one function
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == problem_line(report.problems[0])
    assert out[0].startswith("[ข้อผิดพลาด] มีรายการข้อมูลของฉบับที่ 1") and out[0].endswith("(check_orphan_blocks)")
    assert main(["restore", str(tmp_path / "copy.sqlite3")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [problem_line(p) for p in caught.value.problems]


def test_one_way_to_print_a_problem(capsys: pytest.CaptureFixture[str]) -> None:
    cell = Problem("bad_number", "ต้องเป็นตัวเลข", sheet="ผลรายไตรมาส", row=2, column="ร้อยละ")
    argument = Problem("out_of_range", "ต้องอยู่ระหว่าง 0 ถึง 100", details=(("argument", "--iit"), ("value", 101.0)))
    plain = Problem("store_busy", "รอสักครู่", severity="warning")
    print_problems([cell, argument, plain])
    assert capsys.readouterr().out.splitlines() == [
        "[ข้อผิดพลาด] ชีต “ผลรายไตรมาส” แถว 2 คอลัมน์ “ร้อยละ”: ต้องเป็นตัวเลข (bad_number)",
        "[ข้อผิดพลาด] --iit 101: ต้องอยู่ระหว่าง 0 ถึง 100 (out_of_range)",
        "[ข้อสังเกต] รอสักครู่ (store_busy)",
    ]


def test_store_and_cli_modules_stay_small() -> None:
    for folder in ("store", "cli"):
        for path in sorted((ROOT / "kpi" / folder).glob("*.py")):
            assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name
