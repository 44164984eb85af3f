"""scripts/build_bundle.py: the offline bundle.

- For Windows (win_amd64) and every supported Python, every pinned requirement has a binary wheel
  (`pip download --platform win_amd64 --python-version 3.12 --only-binary=:all:` succeeds), and the
  Windows-only dependencies pip misses from Linux (colorama, tzdata) are in the bundle too.
- The same script builds a Linux bundle; unpacked in a folder with Thai and a space, start.sh
  installs from it with the package index unreachable and the app answers, with the store
  where settings.env puts it. update.sh then installs a newer bundle without touching the data or settings.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from launcher_support import ROOT, answers, clean_env, launch, needs_index, page_heading_and_sidebar, run_start
from packaging.utils import parse_wheel_filename

from kpi.core.messages import t

sys.path.insert(0, str(ROOT / "scripts"))
import build_bundle  # noqa: E402

pytestmark = needs_index
OFFICE = "เทศบาลตำบลหนองบัวทดสอบ"


def build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_bundle.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=1800,
    )


# Windows ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def windows_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Windows bundle for every supported Python: its zip and its wheels folder."""
    folder = tmp_path_factory.mktemp("windows")
    done = build("--wheels", str(folder / "wheels"), "--out", str(folder / "bundle.zip"))
    assert done.returncode == 0, done.stdout + done.stderr
    for version in launch.SUPPORTED_PYTHONS:
        assert f"win_amd64 / Python {version}: " in done.stdout and ", ok" in done.stdout
    return folder / "bundle.zip", folder / "wheels"


def test_every_pinned_requirement_has_a_windows_wheel_for_every_supported_python(
    windows_bundle: tuple[Path, Path],
) -> None:
    _, wheels = windows_bundle
    names = [w.name for w in wheels.iterdir()]
    assert all(n.endswith(".whl") for n in names)  # nothing to compile on the user's laptop
    for version in launch.SUPPORTED_PYTHONS:
        tags = build_bundle.Target("win_amd64", version).tags()
        for package in ("numpy", "pandas", "pyarrow", "lxml", "psycopg_binary", "uharfbuzz", "python_calamine"):
            fitting = [n for n in names if n.startswith(f"{package}-") and parse_wheel_filename(n)[3] & tags]
            assert fitting and all("win_amd64" in n for n in fitting), (package, version)
    # pip, running on Linux, skips these; the bundle must not
    assert any(n.startswith("colorama-") for n in names)
    assert any(n.startswith("tzdata-") for n in names)


def test_the_dependency_walk_finds_a_missing_windows_only_wheel(
    windows_bundle: tuple[Path, Path], tmp_path: Path
) -> None:
    _, wheels = windows_bundle
    for wheel in wheels.iterdir():
        if not wheel.name.startswith(("colorama-", "tzdata-")):
            shutil.copy(wheel, tmp_path / wheel.name)
    requirements = build_bundle.requirement_lines(ROOT / "requirements.txt")
    pinned = build_bundle.pins(ROOT / "constraints.txt")
    windows = build_bundle.check(tmp_path, build_bundle.Target("win_amd64", "3.12"), requirements, pinned)
    assert any(m.startswith("colorama") for m in windows.missing)
    assert any(m.startswith("tzdata") for m in windows.missing)
    complete = build_bundle.check(wheels, build_bundle.Target("win_amd64", "3.12"), requirements, pinned)
    assert complete.ok and not complete.missing
    assert {"streamlit", "pandas", "tzdata", "colorama", "psycopg-binary"} <= set(complete.wheels)


def test_the_windows_zip_holds_the_project_the_wheels_and_crlf_batch_files(windows_bundle: tuple[Path, Path]) -> None:
    bundle, wheels = windows_bundle
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        start_bat = archive.read("ita-dashboard/start.bat")
        manifest = archive.read("ita-dashboard/MANIFEST.txt").decode("utf-8").split()
        about = archive.read("ita-dashboard/BUNDLE.txt").decode("utf-8")
    for name in ("start.bat", "update.bat", "app.py", "requirements.txt", "constraints.txt", "scripts/launch.py",
                 "data/sample_banphue_2568.xlsx", "settings.example.env", "README.md"):  # fmt: skip
        assert f"ita-dashboard/{name}" in names, name
    assert start_bat.count(b"\n") == start_bat.count(b"\r\n")
    assert {f"ita-dashboard/{m}" for m in manifest} == names
    assert not any(
        n.startswith(("ita-dashboard/data/store/", "ita-dashboard/.venv/", "ita-dashboard/.git/")) for n in names
    )
    assert all(n.isascii() for n in names)  # Windows' own unzip reads non-ASCII names in the OEM code page
    assert "win_amd64 / Python 3.12" in about
    assert len([n for n in names if n.startswith("ita-dashboard/wheels/")]) >= len(list(wheels.glob("*win_amd64.whl")))


# Linux: install from the bundle without the index, then update ------------------------------------
def test_a_linux_bundle_installs_offline_starts_and_updates_without_touching_the_data(tmp_path: Path) -> None:
    made = build("--platform", "native", "--out", str(tmp_path / "old.zip"), "--wheels", str(tmp_path / "wheels"))
    assert made.returncode == 0, made.stdout + made.stderr
    office = tmp_path / "สำนักงาน อบต"
    with zipfile.ZipFile(tmp_path / "old.zip") as archive:
        archive.extractall(office)
    home = office / "ita-dashboard"
    (home / "start.sh").chmod(0o755)
    store = home / "data" / "store" / "office store.sqlite3"
    settings = f"KPI_ORG_NAME={OFFICE}\nKPI_DATABASE_URL=sqlite:///{store}\n"
    (home / "settings.env").write_text(settings, encoding="utf-8")
    offline = clean_env(PIP_INDEX_URL="http://127.0.0.1:9/simple", PIP_EXTRA_INDEX_URL="", PIP_FIND_LINKS="")

    console = run_start(home, offline)
    try:
        url = console.url()
        assert answers(url)
        heading, _ = page_heading_and_sidebar(url)
        assert heading.startswith("ภาพรวมปีงบประมาณ")
        assert store.exists()  # settings.env reached the app: the store is where it says
        assert not (home / "data" / "store" / "ita.sqlite3").exists()
        # an update while the app runs is refused, and changes nothing
        refused = subprocess.run(
            ["bash", str(home / "update.sh"), str(tmp_path / "old.zip")], env=offline, capture_output=True
        )
        assert refused.returncode == 1
        assert t("launch_update_running") in refused.stdout.decode("utf-8")
    finally:
        console.stop()
    assert t("launch_installing_bundle") in console.text and "Successfully installed" in console.text
    before = hashlib.sha256(store.read_bytes()).hexdigest()

    new = _newer_bundle(tmp_path / "old.zip", tmp_path / "new.zip", drop="ita-dashboard/docs/")
    done = subprocess.run(["bash", str(home / "update.sh"), str(new)], env=offline, capture_output=True)
    said = done.stdout.decode("utf-8")
    assert done.returncode == 0, said + done.stderr.decode("utf-8")
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before  # the data is as it was
    assert (home / "settings.env").read_text(encoding="utf-8") == settings
    assert (home / "README.md").read_text(encoding="utf-8").endswith("รุ่นใหม่ทดสอบ\n")  # the program is new
    assert not any((home / "docs").rglob("*.*"))  # files the new version dropped are gone
    backups = list((home / "data" / "store" / "backups").glob("before-update-*.sqlite3"))
    assert len(backups) == 1 and t("launch_update_backed_up", path=backups[0]) in said
    assert t("launch_update_ready") in said

    again = run_start(home, offline)
    try:
        assert answers(again.url())
    finally:
        again.stop()
    assert t("launch_installing_bundle") not in again.text  # same requirements: no reinstall


def _newer_bundle(old: Path, new: Path, drop: str) -> Path:
    """`old` with README.md changed and every file under `drop` left out (MANIFEST.txt to match)."""
    with zipfile.ZipFile(old) as source, zipfile.ZipFile(new, "w") as target:
        kept = [i for i in source.infolist() if not i.filename.startswith(drop)]
        assert len(kept) < len(source.infolist())
        for info in kept:
            data = source.read(info)
            if info.filename == "ita-dashboard/README.md":
                data += "รุ่นใหม่ทดสอบ\n".encode()
            elif info.filename == "ita-dashboard/MANIFEST.txt":
                lines = [x for x in data.decode("utf-8").splitlines() if not ("ita-dashboard/" + x).startswith(drop)]
                data = ("\n".join(lines) + "\n").encode("utf-8")
            target.writestr(info, data)
    return new
