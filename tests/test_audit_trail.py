"""The audit trail end to end, through `python -m kpi`: who saved a version, a day's actions, and
`audit --verify` catching every single edit or deletion made directly in the database.

Each test runs on SQLite and, when KPI_TEST_POSTGRES_URL is set (always in CI), on PostgreSQL.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import COMPLAINT_HEADER, make_workbook
from sqlalchemy import delete, insert, select, update

from kpi.cli.main import main
from kpi.core.messages import t
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.store import accounts
from kpi.store.audit import entries
from kpi.store.database import Store
from kpi.store.tables import audit

ROOT = Path(__file__).resolve().parents[1]
CLERK = "clerk.os7"  # the operating-system user every test here runs as
PASSWORD = "ม้าลายกินหญ้า 42"


@pytest.fixture()
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """An empty SQLite store the CLI uses (KPI_DATABASE_URL); the OS user is CLERK."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, CLERK)
    url = f"sqlite:///{tmp_path / 'trail.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("KPI_BACKUP_DIR", str(tmp_path / "backups"))
    return Store(url)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The same on each database: PostgreSQL through conftest's pg_store (required when CI=true)."""
    found: Store = request.getfixturevalue("pg_store" if request.param == "postgres" else "sqlite_store")
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, CLERK)
    return found


def cli(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run one command in-process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    if stdin is not None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", io.StringIO(stdin))
            code = main(list(argv))
    else:
        code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, _ = cli(capsys, *argv)
    assert code == 0
    payload: dict[str, Any] = json.loads(out)
    return payload


def test_load_records_the_os_user_on_the_version_and_in_the_trail(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "load", str(SAMPLE_WORKBOOK))[0] == 0
    (version,) = cli_json(capsys, "history", "--json")["versions"]
    assert (version["number"], version["saved_by"], version["saved_via"]) == (1, CLERK, "cli")
    code, out, _ = cli(capsys, "history")
    assert code == 0 and f"\t{CLERK} (คำสั่ง)\t{SAMPLE_WORKBOOK.name}\t" in out
    (entry,) = cli_json(capsys, "audit", "--json")["entries"]
    assert (entry["actor"], entry["via"], entry["role"], entry["version"]) == (CLERK, "cli", "admin", 1)
    assert entry["at"].endswith("+07:00")  # Bangkok time
    assert cli(capsys, "audit", "--verify")[0] == 0


def test_a_real_process_records_its_os_user(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KPI_DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        "LOGNAME": "somsri",
        "USER": "somsri",
        "PYTHONIOENCODING": "utf-8",
    }
    env["KPI_BACKUP_DIR"] = str(tmp_path / "backups")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "kpi", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", input=stdin)

    assert run("load", str(SAMPLE_WORKBOOK)).returncode == 0
    assert run("user", "add", "malee", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    history = json.loads(run("history", "--json").stdout)
    assert history["versions"][0]["saved_by"] == "somsri"
    trail = json.loads(run("audit", "--json").stdout)["entries"]
    assert [(e["action"], e["actor"], e["via"]) for e in trail] == [
        ("user_add", "somsri", "cli"),
        ("upload", "somsri", "cli"),
    ]
    verified = run("audit", "--verify")
    assert verified.returncode == 0 and "ลายนิ้วมือล่าสุด" in verified.stdout


def a_day(store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A day at the office: an account, sign-ins (five wrong: a lockout), two loads, a rollback, an export, a disable."""
    assert cli(capsys, "user", "add", "somchai", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    assert accounts.sign_in(store, "somchai", PASSWORD, 8).ok
    for _ in range(5):
        assert not accounts.sign_in(store, "somchai", "ผิดรหัส-wrong", 8).ok
    (locked,) = cli_json(capsys, "user", "list", "--json")["accounts"]
    assert locked["locked_until"] is not None
    assert cli(capsys, "load", str(SAMPLE_WORKBOOK))[0] == 0
    update_file = tmp_path / "update.xlsx"
    update_file.write_bytes(make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", 9, 9, 0, 9]]}))
    assert cli(capsys, "load", str(update_file))[0] == 0
    assert cli(capsys, "rollback", "1")[0] == 0
    assert cli(capsys, "export", "--format", "html", "--year", "2568", "--out", str(tmp_path / "public.html"))[0] == 0
    assert cli(capsys, "user", "disable", "somchai")[0] == 0


def test_a_days_actions_are_recorded_and_verify(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_day(store, capsys, tmp_path)
    trail = cli_json(capsys, "audit", "--json")["entries"]
    assert [e["action"] for e in reversed(trail)] == [
        "user_add", "sign_in", *["sign_in_failed"] * 5, "lockout",
        "upload", "upload", "rollback", "export", "user_disable",
    ]  # fmt: skip
    assert [e["seq"] for e in trail] == list(range(len(trail), 0, -1))  # newest first
    by_action = {e["action"]: e for e in trail}
    assert by_action["sign_in"]["actor"] == "somchai" and by_action["lockout"]["actor"] == "somchai"
    assert by_action["rollback"]["actor"] == CLERK and by_action["rollback"]["version"] == 3
    assert by_action["export"]["actor"] == CLERK and by_action["export"]["version"] == 3
    assert "เว็บไซต์ (HTML) ปีงบประมาณ 2568 ไตรมาส 4" in by_action["export"]["detail"]
    code, out, _ = cli(capsys, "audit", "--verify")
    head = trail[0]["hash"]
    assert code == 0 and out.strip() == t("cli_audit_whole", entries=len(trail), head=head)
    verdict = cli_json(capsys, "audit", "--verify", "--json")
    assert (verdict["ok"], verdict["entries"], verdict["head_hash"], verdict["problems"]) == (True, 13, head, [])
    # the text list: Thai names and times, filtered
    code, out, _ = cli(capsys, "audit", "--action", "sign_in_failed", "--limit", "2")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 and all("\tเข้าสู่ระบบไม่สำเร็จ\t" in line for line in lines)
    assert [line.split("\t")[0] for line in lines] == ["7", "6"]
    assert cli_json(capsys, "audit", "--json", "--actor", "SOMCHAI")["entries"][-1]["action"] == "sign_in"
    assert cli_json(capsys, "audit", "--json", "--until", "2000-01-01")["entries"] == []


Tamper = Callable[[Any, int], None]


def _set(column: str, value: str) -> Tamper:
    return lambda conn, seq: conn.execute(update(audit).where(audit.c.seq == seq).values({column: value}))


def _delete(conn: Any, seq: int) -> None:
    conn.execute(delete(audit).where(audit.c.seq == seq))


# Each way someone with database access could rewrite history, and the entry it hits.
TAMPERS: dict[str, tuple[Tamper, str, str]] = {
    "update a row's detail": (_set("detail", "ไม่มีอะไรเกิดขึ้น"), "lockout", "audit_break_edited"),
    "update a row's actor": (_set("actor", "someone-else"), "rollback", "audit_break_edited"),
    "delete a middle row": (_delete, "export", "audit_break_missing"),
    "delete the last row": (_delete, "user_disable", "audit_break_tail"),
    "update a row's hash": (_set("hash", "f" * 64), "sign_in", "audit_break_edited"),
}


def test_verify_names_the_entry_after_any_single_edit_or_deletion(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_day(store, capsys, tmp_path)
    assert cli(capsys, "audit", "--verify")[0] == 0
    for name, (tamper, action, reason) in TAMPERS.items():
        (target,) = entries(store, action=action)
        with store.engine.begin() as conn:
            original = dict(conn.execute(select(audit).where(audit.c.seq == target.seq)).one()._mapping)
            tamper(conn, target.seq)
        code, out, err = cli(capsys, "audit", "--verify")
        assert code == 1, name
        assert t(reason, seq=target.seq) in out, (name, out)
        assert t("cli_audit_broken", count=out.count("[ข้อผิดพลาด]"), entries=13 - ("delete" in name)) in out, name
        verdict = cli_json_failing(capsys)
        assert verdict["ok"] is False and target.seq in [p["details"]["seq"] for p in verdict["problems"]], name
        with store.engine.begin() as conn:  # put it back: the chain holds again
            conn.execute(delete(audit).where(audit.c.seq == target.seq))
            conn.execute(insert(audit).values(**original))
        assert cli(capsys, "audit", "--verify")[0] == 0, name


def cli_json_failing(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, _ = cli(capsys, "audit", "--verify", "--json")
    assert code == 1
    payload: dict[str, Any] = json.loads(out)
    return payload


def test_export_and_restore_are_recorded(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = sqlite_store
    assert cli(capsys, "load", str(SAMPLE_WORKBOOK))[0] == 0
    out = tmp_path / "council.pdf"
    assert cli(capsys, "export", "--format", "xlsx", "--year", "2568", "--quarter", "2", "--out", str(out))[0] == 0
    (entry,) = entries(store, action="export")
    assert (entry.actor, entry.via, entry.version) == (
        CLERK,
        "cli",
        1,
    ) and "Excel (.xlsx) ปีงบประมาณ 2568 ไตรมาส 2" in entry.detail
    backup = tmp_path / "สำรอง.sqlite3"
    assert cli(capsys, "backup", str(backup))[0] == 0
    assert cli(capsys, "restore", str(backup))[0] == 0
    (restored,) = entries(Store(store.url), action="restore")
    assert (restored.actor, restored.via, restored.version) == (CLERK, "cli", 1)
    assert backup.name in restored.detail
    assert cli(capsys, "audit", "--verify")[0] == 0


def test_the_export_page_records_who_and_offers_no_file_it_could_not_record(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from kpi.cli import export
    from kpi.store.faults import StoreError

    app = AppTest.from_file("../app.py", default_timeout=90)
    app.run()  # the laptop's own install (localhost, no accounts): the OS user, via "local"
    app.switch_page("views/export.py").run()
    app.button(key="export_build_xlsx").click().run()
    assert not app.exception and len(app.get("download_button")) == 1
    (entry,) = entries(sqlite_store, action="export")
    assert (entry.actor, entry.via, entry.version) == (
        CLERK,
        "local",
        1,
    ) and "Excel (.xlsx) ปีงบประมาณ 2568" in entry.detail

    def refused(*args: object, **kwargs: object) -> None:
        raise StoreError("store_unavailable", reason="ทดสอบ")

    monkeypatch.setattr(export, "record", refused)
    app.button(key="export_build_html").click().run()
    assert not app.exception
    assert [d.proto.label for d in app.get("download_button")] == ["ดาวน์โหลด Excel (.xlsx)"]
    assert any("บันทึกข้อมูลไม่สำเร็จ ข้อมูลเดิมยังอยู่ครบ" in e.value for e in app.error)
    assert [e.action for e in entries(sqlite_store, action="export")] == ["export"]
