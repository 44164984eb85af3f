"""Start or update the ITA Dashboard on this computer: the logic behind start.bat / start.sh and
update.bat / update.sh, one file for Windows, Linux and macOS.

    python scripts/launch.py start [--no-browser] [--port P]
    python scripts/launch.py update BUNDLE.zip

Standard library only: it runs on the system's Python before anything is installed (it reads its
Thai messages from kpi/core/messages.py, which is standard library only too).

`start`: on the first run make a virtual environment beside the project (.venv) and install the
pinned requirements into it, from the offline bundle's wheels/ folder when there is one (pip
--no-index), else from the package index; binary wheels only, so nothing needs a compiler. The
environment remembers what it was installed from (a hash of requirements.txt, constraints.txt, the
Python version and the source), so later runs go straight to starting the app. The app runs bound to
127.0.0.1 (this computer only) and the default browser opens on it once it answers. Settings an
office types once (KPI_ORG_NAME and the rest; README "Settings") may sit in settings.env beside this
project, one KEY=value per line.

`update`: replace the program with a newer bundle's files. data/store/ (the store and its backups),
settings.env, .streamlit/secrets.toml and .venv are never touched; a backup of the store is taken
first, and the environment is brought up to the new requirements before it ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import webbrowser
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from kpi.cli.parser import ThaiArgumentParser  # noqa: E402  (standard library only, like the catalogue)
from kpi.core.messages import t  # noqa: E402  (the project's own catalogue; standard library only)

SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")  # start.bat/start.sh look for these; the bundle has wheels for each
VENV = ROOT / ".venv"
WHEELS = ROOT / "wheels"
MANIFEST = "MANIFEST.txt"  # a bundle's list of the files it ships (update removes those a new one drops)
STAMP = VENV / "ita-dashboard-installed.txt"
RUNNING = VENV / "ita-dashboard-running.txt"
SETTINGS_FILE = ROOT / "settings.env"
LOG = ROOT / "data" / "store" / "ita-dashboard.log"
DEFAULT_PORT = 8501
START_TIMEOUT_S = 180
# Never written by an update: the data, the office's own settings and secrets, the environment.
PROTECTED = ("data/store/", "settings.env", ".streamlit/secrets.toml", ".venv/")
SETTINGS_MAX_BYTES = 64 * 1024
BUNDLE_MAX_FILES = 20_000
BUNDLE_MAX_BYTES = 3 * 1024**3  # unpacked
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")  # Thailand keeps no summer time


class LaunchError(Exception):
    """A refusal with its Thai message; nothing is left half-done by the step that raised it."""


def say(text: str) -> None:
    """One line to the console window, readable whatever its code page."""
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        stream.write(text.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii") + "\n")
    stream.flush()


# the environment -------------------------------------------------------------------------------
def venv_python(folder: Path = VENV) -> Path:
    """The environment's own Python."""
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wheel_source(wheels: Path = WHEELS) -> str:
    """'bundle' when the offline bundle's wheels are beside the project, else 'index'."""
    return "bundle" if wheels.is_dir() and any(wheels.glob("*.whl")) else "index"


def install_key(source: str, root: Path = ROOT) -> str:
    """What an environment was installed from; a different key means install again."""
    digest = hashlib.sha256()
    for name in ("requirements.txt", "constraints.txt"):
        digest.update((root / name).read_bytes())
    digest.update(f"{sys.version_info[0]}.{sys.version_info[1]} {source}".encode())
    return digest.hexdigest()


def venv_version(folder: Path = VENV) -> str:
    """'3.12' from the environment's pyvenv.cfg, or '' when there is none."""
    try:
        lines = (folder / "pyvenv.cfg").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return ""


def pip_command(source: str) -> list[str]:
    """Install the pinned requirements, binary wheels only; offline from wheels/ when bundled."""
    command = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
    command += ["--only-binary=:all:", "-r", str(ROOT / "requirements.txt"), "-c", str(ROOT / "constraints.txt")]
    if source == "bundle":
        command += ["--no-index", "--find-links", str(WHEELS)]
    return command


def ensure_environment() -> None:
    """Make .venv when it is missing or of another Python; install when what it was installed from changed."""
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if not venv_python().exists() or venv_version() != here:
        say(t("launch_first_run", python=here))
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as error:
            raise LaunchError(t("launch_no_venv", error=error)) from error
    source = wheel_source()
    key = install_key(source)
    if not STAMP.exists() or STAMP.read_text(encoding="utf-8").strip() != key:
        say(t("launch_installing_bundle" if source == "bundle" else "launch_installing_index"))
        if subprocess.run(pip_command(source), cwd=ROOT).returncode != 0:
            raise LaunchError(
                t("launch_install_failed_bundle" if source == "bundle" else "launch_install_failed_index")
            )
        STAMP.write_text(key + "\n", encoding="utf-8")


# settings.env ----------------------------------------------------------------------------------
def read_settings(path: Path = SETTINGS_FILE) -> dict[str, str]:
    """KPI_* settings typed in settings.env (UTF-8, with or without Notepad's BOM); lines it cannot
    use are named (line number only, never the value) and left out."""
    if not path.exists():
        return {}
    if path.stat().st_size > SETTINGS_MAX_BYTES:
        raise LaunchError(t("launch_settings_too_big", path=path, limit=SETTINGS_MAX_BYTES // 1024))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LaunchError(t("launch_settings_not_utf8", path=path)) from error
    found: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        good_key = key.startswith("KPI_") and len(key) <= 64 and key.replace("_", "").isalnum() and key.isascii()
        if not sep or not good_key or not key.isupper():
            say(t("launch_settings_line_skipped", path=path.name, line=number))
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[key] = value
    return found


# the app ---------------------------------------------------------------------------------------
def answers(url: str) -> bool:
    """Whether a Streamlit server answers its health check at `url`."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read() == b"ok")
    except OSError:
        return False


def free_port(preferred: int) -> int:
    """`preferred` when nothing listens there, else any free port."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise LaunchError(t("launch_no_port"))


def running_url() -> str | None:
    """The address of this folder's app when it is already running (a second double-click)."""
    try:
        url = RUNNING.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return url if url.startswith("http://localhost:") and answers(url) else None


def start(no_browser: bool, port: int) -> int:
    """Prepare the environment, run the app on this computer only, open the browser; wait for it to end."""
    url = running_url()
    if url:
        say(t("launch_already_running", url=url))
        if not no_browser:
            webbrowser.open(url)
        return 0
    ensure_environment()
    environment = {**os.environ, **read_settings(), "PYTHONUTF8": "1"}
    port = free_port(port)
    url = f"http://localhost:{port}"
    command = [str(venv_python()), "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1"]
    command += ["--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    LOG.parent.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _stop)  # a stop request ends the app too, not only this window
    say(t("launch_starting"))
    with LOG.open("ab") as log:
        app = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not answers(url):
                if app.poll() is not None or time.monotonic() > deadline:
                    raise LaunchError(t("launch_app_failed", log=LOG, tail=_tail(LOG)))
                time.sleep(0.5)
            RUNNING.write_text(url + "\n", encoding="utf-8")
            say(t("launch_ready", url=url))
            if not no_browser:
                webbrowser.open(url)
            app.wait()
        except KeyboardInterrupt:
            say(t("launch_stopping"))
        finally:
            if app.poll() is None:
                app.terminate()
                try:
                    app.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    app.kill()
            RUNNING.unlink(missing_ok=True)
    return 0


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# update ----------------------------------------------------------------------------------------
def protected(relative: str) -> bool:
    """Whether an update must leave this project-relative path alone."""
    return any(relative == p.rstrip("/") or relative.startswith(p) for p in PROTECTED)


def bundle_members(bundle: Path) -> tuple[str, list[zipfile.ZipInfo]]:
    """The bundle's top folder and its files, after checking every name and size (nothing is unpacked yet)."""
    if not bundle.is_file() or not zipfile.is_zipfile(bundle):
        raise LaunchError(t("launch_update_not_zip", path=bundle))
    with zipfile.ZipFile(bundle) as archive:
        infos = archive.infolist()
    if len(infos) > BUNDLE_MAX_FILES or sum(i.file_size for i in infos) > BUNDLE_MAX_BYTES:
        raise LaunchError(t("launch_update_too_big", path=bundle))
    files = [i for i in infos if not i.is_dir()]
    tops = {PurePosixPath(i.filename).parts[0] for i in files if PurePosixPath(i.filename).parts}
    unsafe = [
        i.filename
        for i in files
        if "\\" in i.filename
        or ":" in i.filename
        or i.filename.startswith("/")
        or ".." in PurePosixPath(i.filename).parts
    ]
    if unsafe or len(tops) != 1:
        raise LaunchError(t("launch_update_not_bundle", path=bundle))
    top = tops.pop()
    names = {i.filename for i in files}
    if not {f"{top}/app.py", f"{top}/scripts/launch.py", f"{top}/requirements.txt"} <= names:
        raise LaunchError(t("launch_update_not_bundle", path=bundle))
    return top, files


def shipped(root: Path = ROOT) -> set[str]:
    """The files the installed bundle shipped (its MANIFEST.txt), or none for a copy made another way."""
    try:
        return {line.strip() for line in (root / MANIFEST).read_text(encoding="utf-8").splitlines() if line.strip()}
    except OSError:
        return set()


def backup_before_update() -> str:
    """A copy of the store before anything changes, through the app's own `backup` command; its path or ''."""
    if not venv_python().exists():
        return ""
    stamp = dt.datetime.now(BANGKOK).strftime("%Y%m%d-%H%M%S")
    environment = {**os.environ, **read_settings(), "PYTHONUTF8": "1"}
    ask = "from kpi.core.settings import database_url; from kpi.store.backup import backup_folder;"
    ask += "print(backup_folder(database_url()))"
    where = subprocess.run([str(venv_python()), "-c", ask], cwd=ROOT, env=environment, capture_output=True)
    folder = Path(where.stdout.decode("utf-8").strip()) if where.returncode == 0 else None
    if folder is None or not str(folder):
        raise LaunchError(t("launch_update_backup_failed", tail=where.stderr.decode("utf-8", "replace")[-800:]))
    folder = folder if folder.is_absolute() else ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"before-update-{stamp}.sqlite3"
    done = subprocess.run([str(venv_python()), "-m", "kpi", "backup", str(out)], cwd=ROOT, env=environment)
    if done.returncode != 0:
        raise LaunchError(t("launch_update_backup_failed", tail=""))
    return str(out)


def update(bundle: Path) -> int:
    """Install a newer bundle's files over this folder, keeping the data, then refresh the environment."""
    top, files = bundle_members(bundle)
    if running_url():
        raise LaunchError(t("launch_update_running"))
    before = shipped()  # read before the new MANIFEST.txt replaces it
    backup = backup_before_update()
    if backup:
        say(t("launch_update_backed_up", path=backup))
    incoming = {i.filename[len(top) + 1 :]: i for i in files}
    with zipfile.ZipFile(bundle) as archive:
        for relative, info in incoming.items():
            if not relative or protected(relative):
                continue
            target = ROOT / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            with archive.open(info) as source, partial.open("wb") as sink:
                shutil.copyfileobj(source, sink)
            os.replace(partial, target)
    gone = sorted(r for r in before - set(incoming) if not protected(r))
    for relative in gone:
        (ROOT / relative).unlink(missing_ok=True)
    say(t("launch_update_done", files=len(incoming), removed=len(gone)))
    ensure_environment()
    say(t("launch_update_ready"))
    return 0


# the command line ------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """start / update; a refusal prints its Thai message and returns 1."""
    parser = ThaiArgumentParser(prog="launch.py", description=t("launch_help"))
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("start", help=t("launch_help_start"))
    run.add_argument("--no-browser", action="store_true", help=t("launch_help_no_browser"))
    run.add_argument("--port", type=int, default=DEFAULT_PORT, help=t("launch_help_port"))
    renew = commands.add_parser("update", help=t("launch_help_update"))
    renew.add_argument("bundle", type=Path, help=t("launch_help_bundle"))
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            return update(args.bundle.expanduser().resolve())
        return start(args.no_browser, args.port)
    except LaunchError as refusal:
        say(str(refusal))
        return 1


def check_python() -> bool:
    """Whether the Python running this script is one the project supports."""
    return f"{sys.version_info[0]}.{sys.version_info[1]}" in SUPPORTED_PYTHONS


if __name__ == "__main__":
    if not check_python():
        say(t("launch_python_unsupported", found=sys.version.split()[0], supported=", ".join(SUPPORTED_PYTHONS)))
        sys.exit(1)
    sys.exit(main())
