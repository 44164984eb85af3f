"""`python -m kpi`: template, validate, load, history, rollback, with their exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import COMPLAINT_HEADER, MEASURE_HEADER, RESULT_HEADER, make_workbook
from openpyxl import load_workbook

from kpi.cli.main import main
from kpi.core.schema import SHEETS
from kpi.core.settings import SAMPLE_WORKBOOK

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
    assert set(payload["problems"][0]) == {"code", "sheet", "row", "column", "message"}


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
    env = {**os.environ, "KPI_DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kpi", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    assert run("validate", str(SAMPLE_WORKBOOK)).returncode == 0
    missing = run("validate", str(tmp_path / "nope.xlsx"))
    assert missing.returncode == 1 and "เปิดไฟล์ไม่ได้" in missing.stderr
    usage = run("frobnicate")
    assert usage.returncode == 2 and "การใช้งานไม่ถูกต้อง" in usage.stderr
    assert run("rollback", "not-a-number").returncode == 2
    unwritable = run("template", str(tmp_path / "no" / "such" / "dir.xlsx"))
    assert unwritable.returncode == 1 and "บันทึกไฟล์ไม่ได้" in unwritable.stderr and "Traceback" not in unwritable.stderr
