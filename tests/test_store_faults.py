"""Store faults (read-only, missing or uncreatable folder, full disk, damaged file or block) say what
happened and what to do in Thai, exit 1 and never show a traceback, in every command and in the app.

Tests run as root, where chmod cannot make a file read-only, so each fault is simulated faithfully:
a read-only SQLite URI, a folder that does not exist, a folder under a regular file, a page limit
(`PRAGMA max_page_count`) for a full disk, and garbage bytes for a damaged file.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import ROOT, make_workbook, small_measures
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

import kpi.store.database
from kpi.cli.main import main
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.store.database import Store
from kpi.store.faults import StoreFault

THAI = re.compile("[\u0e00-\u0e7f]")
ENGLISH_ERRORS = ("Traceback", "sqlite3.", "OperationalError", "DatabaseError", "Error:", "zlib", "JSONDecode")
COMMANDS = ["validate", "load", "history", "rollback", "export", "check", "backup", "restore"]


def _seed(path: Path) -> Store:
    store = Store(f"sqlite:///{path}")
    plan = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, store.dataset())
    commit_upload(store, plan, actor=ADMIN)
    store.engine.dispose()
    return store


def _args(command: str, tmp_path: Path) -> list[str]:
    upload = tmp_path / "upload.xlsx"
    if not upload.exists():
        upload.write_bytes(make_workbook({"มาตรการ": small_measures(2569, 2)}))
    return {
        "validate": ["validate", str(upload)],
        "load": ["load", str(upload)],
        "history": ["history"],
        "rollback": ["rollback", "1"],
        "export": ["export", "--format", "xlsx", "--year", "2568", "--out", str(tmp_path / "out.xlsx")],
        "check": ["check"],
        "backup": ["backup", str(tmp_path / "copy.sqlite3")],
        "restore": ["restore", str(tmp_path / "good-backup.sqlite3")],
    }[command]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def _assert_thai_fault(output: str, phrase: str) -> None:
    assert phrase in output
    assert THAI.search(output)
    for english in ENGLISH_ERRORS:
        assert english not in output


@pytest.fixture()
def good_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sound backup to restore from, made from a separate healthy store."""
    (tmp_path / "healthy").mkdir()
    _seed(tmp_path / "healthy" / "s.sqlite3")
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'healthy' / 's.sqlite3'}")
    assert main(["backup", str(tmp_path / "good-backup.sqlite3")]) == 0
    capsys.readouterr()
    return tmp_path / "good-backup.sqlite3"


# Where each fault shows: (the URL, the Thai phrase, the commands it stops).
FOLDER_FAULTS = {
    "missing folder": (lambda tmp: f"sqlite:///{tmp / 'no' / 'such' / 'folder' / 's.sqlite3'}", "ไม่พบโฟลเดอร์ที่เก็บข้อมูล"),
    "folder under a file": (lambda tmp: f"sqlite:///{tmp / 'a-file' / 'store' / 's.sqlite3'}", "ไม่พบโฟลเดอร์ที่เก็บข้อมูล"),
}


@pytest.mark.parametrize("fault", sorted(FOLDER_FAULTS))
@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_folder_in_the_url_is_a_thai_error_not_created(
    fault: str, command: str, tmp_path: Path, good_backup: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    (tmp_path / "a-file").write_bytes(b"just a file")
    make_url, phrase = FOLDER_FAULTS[fault]
    monkeypatch.setenv("KPI_DATABASE_URL", make_url(tmp_path))
    code, output = _run(_args(command, tmp_path), capsys)
    assert code == 1
    _assert_thai_fault(output, phrase)
    assert "KPI_DATABASE_URL" in output  # what to do: fix the setting or make the folder
    assert not (tmp_path / "no").exists()


def test_the_default_folder_that_cannot_be_created_is_a_thai_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    blocker = tmp_path / "data"
    blocker.write_bytes(b"a file where the folder should be")
    monkeypatch.setattr(kpi.store.database, "STORE_DIR", blocker / "store")
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{blocker / 'store' / 'ita.sqlite3'}")
    code, output = _run(["history"], capsys)
    assert code == 1
    _assert_thai_fault(output, "สร้างโฟลเดอร์ที่เก็บข้อมูล")


def test_the_default_folder_is_still_created_on_first_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data" / "store"
    monkeypatch.setattr(kpi.store.database, "STORE_DIR", folder)
    Store(f"sqlite:///{folder / 'ita.sqlite3'}")
    assert (folder / "ita.sqlite3").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_store_file_is_named_in_thai(
    command: str, tmp_path: Path, good_backup: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(bytes(range(256)) * 64)  # not a database at all
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{path}")
    code, output = _run(_args(command, tmp_path), capsys)
    if command == "restore":  # what restore is for: the damaged bytes are kept aside, the backup comes back
        assert code == 0, output
        assert Store(f"sqlite:///{path}").head() is not None
        kept = list((tmp_path / "backups").glob("damaged-*.sqlite3"))
        assert [p.read_bytes() for p in kept] == [bytes(range(256)) * 64]
        return
    assert code == 1
    _assert_thai_fault(output, "เสียหาย")
    assert "python -m kpi restore" in output


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_store_refuses_writes_in_thai_and_still_reads(
    command: str, tmp_path: Path, good_backup: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "s.sqlite3"
    _seed(path)
    before = path.read_bytes()
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    code, output = _run(_args(command, tmp_path), capsys)
    if command in ("load", "rollback", "restore", "export"):  # an export is recorded in the audit trail: a write
        assert code == 1
        _assert_thai_fault(output, "อ่านอย่างเดียว")
    else:
        assert code == 0, output
        for english in ENGLISH_ERRORS:
            assert english not in output
    assert path.read_bytes() == before


def fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on no store connection may grow its file: SQLite answers exactly as for a full disk."""
    original: Callable = kpi.store.database._engine

    def engine_on_a_full_disk(url: str):  # type: ignore[no-untyped-def]
        engine = original(url)

        @event.listens_for(engine, "connect")
        def _limit(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA max_page_count=1")  # clamps to the file's current size

        return engine

    monkeypatch.setattr(kpi.store.database, "_engine", engine_on_a_full_disk)


def test_a_full_disk_is_a_thai_error_and_the_data_stay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    path = tmp_path / "s.sqlite3"
    store = _seed(path)
    fill_the_disk(monkeypatch)
    before = store.dataset().frame("measures")
    upload = tmp_path / "big.xlsx"  # enough new rows that the file must grow
    upload.write_bytes(make_workbook({"มาตรการ": small_measures(2569, 400)}))
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{path}")
    code, output = _run(["load", str(upload)], capsys)
    assert code == 1
    _assert_thai_fault(output, "พื้นที่ดิสก์เต็ม")
    monkeypatch.undo()
    after = Store(f"sqlite:///{path}")
    assert [v.number for v in after.versions()] == [1]
    assert after.dataset().frame("measures").equals(before)


def _corrupt_block(path: Path, sheet: str, year: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE blocks SET payload = ? WHERE sheet = ? AND fiscal_year = ?",
            (zlib.compress(b'[{"name":"x"}]'), sheet, year),
        )


@pytest.mark.parametrize("damage", ["other rows", "not zlib"])
def test_a_corrupted_block_is_named_by_sheet_and_year(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "s.sqlite3"
    store = _seed(path)
    if damage == "other rows":
        _corrupt_block(path, "measures", 2568)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE blocks SET payload = ? WHERE sheet = 'measures' AND fiscal_year = 2568", (b"garbage",))
    with pytest.raises(StoreFault) as caught:
        store.dataset()
    assert caught.value.code == "store_block_corrupt"
    assert "ชีต “มาตรการ” ปี 2568" in caught.value.message
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{path}")
    for command in ("export", "validate", "check"):
        code, output = _run(_args(command, tmp_path), capsys)
        assert code == 1
        _assert_thai_fault(output, "“มาตรการ” ปี 2568")


# the app -------------------------------------------------------------------------------------
def _app_texts(at: AppTest) -> str:
    parts = [
        e.value for kind in ("markdown", "caption", "title", "info", "warning", "error") for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def test_the_app_on_a_damaged_store_shows_the_thai_store_message(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "app.sqlite3"
    path.write_bytes(b"\x00garbage" * 4096)
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{path}")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception
    text = _app_texts(at)
    assert "ใช้งานที่เก็บข้อมูลไม่ได้" in text and "เสียหาย" in text
    assert not any(word in text for word in ENGLISH_ERRORS)


def test_the_app_with_a_missing_folder_shows_the_thai_store_message(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'gone' / 'app.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception
    assert "ไม่พบโฟลเดอร์ที่เก็บข้อมูล" in _app_texts(at)
    assert not (tmp_path / "gone").exists()


def test_an_error_in_a_page_is_thai_with_a_reference_and_logged_without_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    import kpi.screens.overview

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("cell value 1234567890123 should never be logged")

    monkeypatch.setattr(kpi.screens.overview, "build_overview", broken)
    with caplog.at_level(logging.ERROR, logger="kpi.core.errors"):
        at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception  # not Streamlit's English error page
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    found = re.search(r"รหัสอ้างอิง ([0-9a-f]{8})", errors[0])
    assert found, errors
    assert not re.search("[A-Za-z]{4,}", errors[0].replace(found.group(1), ""))  # Thai only, no English
    records = [r.getMessage() for r in caplog.records if r.name == "kpi.core.errors"]
    assert len(records) == 1 and f"ref={found.group(1)}" in records[0]
    assert "RuntimeError" in records[0] and "overview.py" in records[0]
    assert "1234567890123" not in records[0]


def test_a_read_only_store_refuses_an_upload_in_thai(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.sqlite3"
    _seed(path)
    before = path.read_bytes()
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("views/upload.py").run()
    data = make_workbook({"มาตรการ": small_measures(2569, 2)})
    at.file_uploader(key="upload_file").upload("ok.xlsx", data, "application/octet-stream").run()
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert any("อ่านอย่างเดียว" in e.value for e in at.error)
    assert path.read_bytes() == before


@pytest.mark.parametrize("url", ["notaurl", "mysql://user:secret@host/db"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_malformed_database_url_is_one_thai_line_from_every_command(
    url: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    if command == "restore":
        _seed(tmp_path / "good-backup.sqlite3")
    code, text = _run(_args(command, tmp_path), capsys)
    assert code == 1
    assert "KPI_DATABASE_URL" in text and THAI.search(text)
    assert "secret" not in text  # a password in the URL is never repeated
    assert not any(word in text for word in (*ENGLISH_ERRORS, "ArgumentError", "NoSuchModule"))


def test_names_stored_by_older_releases_cannot_forge_history_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name saved before names were cleaned (newline, escape sequence, bidi, a phone number)."""
    path = tmp_path / "old.sqlite3"
    _seed(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE versions SET filename = ?", ("a\n2\tforged\x1b[2J\u202e 081-234-5678.xlsx",))
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{path}")
    code, text = _run(["history"], capsys)
    assert code == 0
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("1\t")  # one version, one line
    assert not any(ch in text for ch in "\x1b\u202e") and "081-234-5678" not in text
    assert main(["rollback", "1"]) == 0  # the copy a rollback makes is clean too
    assert "081-234-5678" not in Store(f"sqlite:///{path}").head().filename  # type: ignore[union-attr]


def test_an_unexpected_cli_error_is_one_thai_line_and_its_details_go_to_the_log_file(tmp_path: Path) -> None:
    """No English line from Python's last-resort log handler on the terminal: the details go to a file."""
    import subprocess
    import sys

    from kpi.core.errors import LOG_FILE

    code = (
        "import sys, kpi.store.database, kpi.cli.main\n"
        "kpi.store.database.Store.versions = lambda self: 1 / 0\n"
        "sys.exit(kpi.cli.main.main(['history']))\n"
    )
    env = {**os.environ, "KPI_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", env=env, cwd=str(ROOT)
    )
    assert done.returncode == 1
    assert THAI.search(done.stderr) and len(done.stderr.strip().splitlines()) == 1
    assert "ZeroDivision" not in done.stderr and "ref=" not in done.stderr
    reference = done.stderr.strip().split()[-1]
    assert f"ref={reference}" in LOG_FILE.read_text(encoding="utf-8")  # the administrator finds it by the reference
