"""start.bat / start.sh and scripts/launch.py: a first start from a fresh clone on Linux, end to end,
until the app answers on localhost and draws the sample; a second start skips the install; settings.env
and the update's checks on their own.

start.bat cannot run here; it holds no logic of its own (it finds Python and calls scripts/launch.py,
as start.sh does), and the tests below check that the two agree.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import in_ci
from launcher_support import ROOT, answers, clean_env, launch, needs_index, page_heading_and_sidebar, run_start

from kpi.core.messages import t

WRAPPERS = ("start.bat", "start.sh", "update.bat", "update.sh")


# the wrappers ----------------------------------------------------------------------------------
def test_every_wrapper_looks_for_the_supported_pythons_and_hands_over_to_launch_py() -> None:
    for name in WRAPPERS:
        text = (ROOT / name).read_text(encoding="utf-8")
        versions = set(re.findall(r"3\.1\d", text))
        assert versions == set(launch.SUPPORTED_PYTHONS), name
        command = "start" if name.startswith("start") else "update"
        assert re.search(rf"scripts[\\/]launch\.py\"? {command}\b", text), name
        assert "https://www.python.org/downloads/" in text, name  # where to get Python, in Thai beside it
        assert re.search("[\u0e00-\u0e7f]", text), name


def test_the_batch_files_have_windows_line_endings_in_the_checkout() -> None:
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "*.bat text eol=crlf" in attributes
    for name in ("start.bat", "update.bat"):
        data = (ROOT / name).read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n") > 10, name
        assert data.splitlines()[1].startswith(b"rem") and b"chcp 65001" in data  # Thai echo lines read as UTF-8


def test_update_bat_cannot_read_past_its_own_replacement() -> None:
    """cmd reads a batch file as it goes; the update replaces update.bat, so the call and the exit share a line."""
    line = next(x for x in (ROOT / "update.bat").read_text(encoding="utf-8").splitlines() if 'launch.py" update' in x)
    assert line.rstrip().endswith("& exit /b")


def test_start_sh_says_in_thai_where_to_get_python_when_there_is_none(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(shutil.which("false") or "/bin/false")  # a Python that is not one
    (bin_dir / "dirname").symlink_to(shutil.which("dirname") or "/usr/bin/dirname")
    done = subprocess.run(
        ["/bin/bash", str(ROOT / "start.sh"), "--no-browser"],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
    )
    assert done.returncode == 1
    said = done.stderr.decode("utf-8")
    assert "ไม่พบ Python" in said and "https://www.python.org/downloads/" in said


# settings.env ----------------------------------------------------------------------------------
def test_settings_env_reads_notepad_utf8_and_names_the_lines_it_cannot_use(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.env"
    text = "# ชื่อหน่วยงาน\nKPI_ORG_NAME=เทศบาลตำบลหนองบัว\nKPI_AUTO_BACKUPS = '5'\nPATH=/evil\nkpi_lower=1\nno equals\n"
    path.write_bytes("\ufeff".encode() + text.encode("utf-8"))  # Notepad's UTF-8 with BOM
    assert launch.read_settings(path) == {"KPI_ORG_NAME": "เทศบาลตำบลหนองบัว", "KPI_AUTO_BACKUPS": "5"}
    said = capsys.readouterr().out
    for line in (4, 5, 6):
        assert t("launch_settings_line_skipped", path="settings.env", line=line) in said
    assert "/evil" not in said  # a refused line's value is never repeated


def test_settings_env_in_another_encoding_or_too_big_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.env"
    path.write_bytes("KPI_ORG_NAME=เทศบาล\n".encode("cp874"))  # Notepad's ANSI on Thai Windows
    with pytest.raises(launch.LaunchError, match="UTF-8"):
        launch.read_settings(path)
    path.write_bytes(b"# x\n" * (launch.SETTINGS_MAX_BYTES // 4 + 1))
    with pytest.raises(launch.LaunchError, match="KB"):
        launch.read_settings(path)
    assert launch.read_settings(tmp_path / "none.env") == {}


# the update's checks ---------------------------------------------------------------------------
def _zip(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return path


@pytest.mark.parametrize(
    "names",
    [
        [
            "ita-dashboard/app.py",
            "ita-dashboard/scripts/launch.py",
            "ita-dashboard/../evil.py",
            "ita-dashboard/requirements.txt",
        ],
        ["ita-dashboard/app.py", "ita-dashboard/scripts/launch.py", "/etc/evil", "ita-dashboard/requirements.txt"],
        ["a/app.py", "b/scripts/launch.py", "a/requirements.txt"],
        ["ita-dashboard/README.md"],
    ],
    ids=["parent-folder", "absolute", "two-folders", "not-the-app"],
)
def test_a_zip_that_is_not_a_safe_bundle_is_refused_before_anything_is_written(
    tmp_path: Path, names: list[str]
) -> None:
    bundle = _zip(tmp_path / "new.zip", names)
    with pytest.raises(launch.LaunchError) as refusal:
        launch.bundle_members(bundle)
    assert str(refusal.value) == t("launch_update_not_bundle", path=bundle)


def test_the_update_never_writes_the_data_or_the_office_settings() -> None:
    for relative in ("data/store/ita.sqlite3", "data/store/backups/auto-1.sqlite3", "settings.env",
                     ".streamlit/secrets.toml", ".venv/bin/python"):  # fmt: skip
        assert launch.protected(relative), relative
    for relative in ("app.py", "data/sample_banphue_2568.xlsx", "wheels/x.whl", "kpi/core/messages.py"):
        assert not launch.protected(relative), relative


# end to end: a fresh clone on Linux --------------------------------------------------------------
@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository's HEAD in a folder whose path has Thai and a space."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        if in_ci():
            pytest.fail("CI=true but this is not a git checkout with git installed")
        pytest.skip("not a git checkout")
    folder = tmp_path_factory.mktemp("launcher") / "ระบบ ITA" / "ita-dashboard"
    folder.parent.mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(folder)], check=True)
    return folder


@needs_index
def test_a_fresh_clone_starts_with_start_sh_until_the_app_answers(clone: Path) -> None:
    first = run_start(clone, clean_env())
    try:
        url = first.url()
        assert answers(url)
        heading, sidebar = page_heading_and_sidebar(url)
        assert heading.startswith("ภาพรวมปีงบประมาณ")  # the bundled sample, loaded on first open
        assert "ข้อมูลตัวอย่าง" in sidebar
    finally:
        first.stop()
    assert t("launch_first_run", python="3.1").split("3.1")[0] in first.text  # it made the environment
    assert t("launch_installing_index") in first.text
    assert (clone / ".venv" / "ita-dashboard-installed.txt").exists()
    assert not answers(url), "closing the launcher leaves no app behind"
    assert not (clone / ".venv" / "ita-dashboard-running.txt").exists()
    assert (clone / "data" / "store" / "ita.sqlite3").exists()  # the data lives beside the program

    second = run_start(clone, clean_env())
    try:
        assert answers(second.url())
    finally:
        second.stop()
    assert t("launch_installing_index") not in second.text  # a later start goes straight to the app
    assert "Installing collected packages" not in second.text
