"""A store, its backups and every export in folders whose names hold Thai, spaces, # and % (Windows users' folders).

Everything goes through the command line (kpi.cli.main.main, as `python -m kpi` runs it). The figures read from
such a store are the figures of the same workbook in a store at a plain path.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pptx
import pytest
from conftest import make_workbook, require, small_measures

from kpi.cli.main import main
from kpi.core import settings
from kpi.core.settings import SAMPLE_ORG_NAME, SAMPLE_WORKBOOK, database_url, sqlite_url
from kpi.store.backup import list_backups
from kpi.store.faults import sqlite_path

THAI_FOLDER = "ข้อมูล อบต บ้านผือ"
YEAR = 2568


def _use_store(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.delenv("KPI_BACKUP_DIR", raising=False)  # automatic backups go beside the store
    monkeypatch.delenv("KPI_AUTO_BACKUPS", raising=False)


def _figures(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["figures", "--year", str(YEAR), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _versions(capsys: pytest.CaptureFixture[str]) -> list[int]:
    capsys.readouterr()
    assert main(["history", "--json"]) == 0
    return [v["number"] for v in json.loads(capsys.readouterr().out)["versions"]]


@pytest.mark.parametrize("folder", ["ข้อมูล #1 100% ของ อบต", "a?b"])
def test_the_default_store_url_keeps_any_folder_name(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """data/store under a folder named with #, % or ? (allowed on Linux): the URL still names that file."""
    path = tmp_path / folder / "store" / "ita.sqlite3"
    monkeypatch.delenv("KPI_DATABASE_URL", raising=False)
    monkeypatch.setattr(settings, "STORE_DIR", path.parent)
    assert sqlite_path(database_url()) == path
    assert sqlite_path(sqlite_url(path)) == path


def test_store_backups_and_exports_in_thai_folders_with_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pypdf = require("pypdf")
    plain = tmp_path / "plain.sqlite3"
    _use_store(monkeypatch, f"sqlite:///{plain}")
    assert main(["load", str(SAMPLE_WORKBOOK)]) == 0
    expected = _figures(capsys)

    store_path = tmp_path / THAI_FOLDER / "ita store.sqlite3"
    store_path.parent.mkdir()
    _use_store(monkeypatch, f"sqlite:///{store_path}")  # as a user writes it: Thai and spaces, unescaped
    assert main(["load", str(SAMPLE_WORKBOOK)]) == 0
    assert store_path.is_file()
    assert _figures(capsys) == expected

    # a second workbook (next year) makes version 2 and an automatic backup (of version 1) beside the store, in the Thai folder
    smaller = tmp_path / "แผน ย่อ.xlsx"
    smaller.write_bytes(make_workbook({"มาตรการ": small_measures(YEAR + 1, 3)}))
    assert main(["load", str(smaller)]) == 0
    automatic = list_backups(f"sqlite:///{store_path}")
    assert automatic and all(b.path.parent == store_path.parent / "backups" for b in automatic)

    backup = tmp_path / "สำรอง ข้อมูล" / "ก่อน ประชุม สภา.sqlite3"
    backup.parent.mkdir()
    capsys.readouterr()
    assert main(["backup", str(backup)]) == 0
    assert backup.is_file() and str(backup) in capsys.readouterr().out
    with sqlite3.connect(backup) as conn:
        assert conn.execute("select max(number) from versions").fetchone()[0] == 2

    assert main(["restore", str(backup)]) == 0
    assert _versions(capsys) == [2, 1]
    assert main(["restore", str(automatic[0].path)]) == 0  # back to version 1
    assert main(["check"]) == 0
    assert _versions(capsys) == [1]
    assert _figures(capsys) == expected

    out = tmp_path / "ส่งออก รายงาน สภา"
    out.mkdir()
    files = {kind: out / f"ผลการดำเนินงาน ปี {YEAR}.{kind}" for kind in ("pptx", "pdf", "xlsx", "docx", "html")}
    for kind, path in files.items():
        assert main(["export", "--format", kind, "--year", str(YEAR), "--out", str(path)]) == 0, kind
        assert path.is_file() and path.stat().st_size > 0, kind
    deck = pptx.Presentation(str(files["pptx"]))
    assert any(SAMPLE_ORG_NAME in shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert len(pypdf.PdfReader(str(files["pdf"])).pages) > 1
    assert openpyxl.load_workbook(files["xlsx"], read_only=True).sheetnames
    assert SAMPLE_ORG_NAME in "\n".join(p.text for p in docx.Document(str(files["docx"])).paragraphs)
    assert SAMPLE_ORG_NAME in files["html"].read_text(encoding="utf-8")


def test_backup_and_restore_with_hash_and_percent_in_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """# and % are legal in Windows folder names; in a URL they must be escaped (sqlite_url does it)."""
    folder = tmp_path / "อบต #1 100% ผือ"
    folder.mkdir()
    _use_store(monkeypatch, sqlite_url(folder / "ita store.sqlite3"))
    assert main(["load", str(SAMPLE_WORKBOOK)]) == 0
    assert (folder / "ita store.sqlite3").is_file()
    smaller = folder / "แผน #3.xlsx"
    smaller.write_bytes(make_workbook({"มาตรการ": small_measures(YEAR + 1, 3)}))
    assert main(["load", str(smaller)]) == 0
    automatic = list_backups(sqlite_url(folder / "ita store.sqlite3"))
    assert automatic and automatic[0].path.parent == folder / "backups"
    backup = folder / "สำรอง #2 50%.sqlite3"
    assert main(["backup", str(backup)]) == 0
    assert main(["restore", str(automatic[0].path)]) == 0
    assert _versions(capsys) == [1]
    assert main(["restore", str(backup)]) == 0
    assert main(["check"]) == 0
    assert _versions(capsys) == [2, 1]
    assert not list(tmp_path.glob("*.sqlite3")), "nothing written beside the folder under a cut-off name"
