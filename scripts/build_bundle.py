"""Build the offline bundle: the project plus every dependency as wheels, in one zip, so an office
without internet installs with `pip --no-index` (start.bat does it when it finds wheels/).

    python scripts/build_bundle.py                        # Windows 64-bit, Python 3.11-3.13
    python scripts/build_bundle.py --python 3.12          # one Python version
    python scripts/build_bundle.py --platform native      # this machine (Linux wheels; CI installs from it)
    python scripts/build_bundle.py --check-only           # download and check the wheels, write no zip

Runs on Linux or Windows with the project's environment (pip and `packaging`). For each Python version
it runs `pip download --only-binary=:all: --platform win_amd64 --python-version V -r requirements.txt
-c constraints.txt`, so a requirement without a Windows wheel (one that would need a compiler on the
user's laptop) fails the build. pip evaluates environment markers for the machine it runs on, not the
target, so Windows-only dependencies (colorama for click, tzdata for pandas, zoneinfo and psycopg) are
missed from Linux: the build then walks the wheels' own Requires-Dist with Windows' markers, fetches
what is missing, and checks that the set is complete and that every wheel is the version pinned in
constraints.txt. The zip holds one folder, ita-dashboard/, with the project's tracked files, wheels/,
MANIFEST.txt (what update.bat may replace or remove) and BUNDLE.txt (what this bundle is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.parser
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags, sys_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

sys.path.insert(0, str(Path(__file__).resolve().parent))
from launch import BANGKOK, MANIFEST, ROOT, SUPPORTED_PYTHONS  # noqa: E402  (it puts ROOT on sys.path)

from kpi import __version__  # noqa: E402

TOP = "ita-dashboard"
WINDOWS = "win_amd64"
NATIVE = "native"
NOT_SHIPPED = ("wheels/", "dist/", ".venv/", "data/store/", "MANIFEST.txt", "BUNDLE.txt", "settings.env")


@dataclass(frozen=True)
class Target:
    """One platform and Python version the bundle must install on."""

    platform: str  # win_amd64 or native
    python: str  # "3.12"

    @property
    def label(self) -> str:
        return f"{self.platform} / Python {self.python}"

    def tags(self) -> set[Tag]:
        if self.platform == NATIVE:
            return set(sys_tags())
        version = tuple(int(p) for p in self.python.split("."))
        interpreter = f"cp{version[0]}{version[1]}"
        return set(cpython_tags(version, platforms=[self.platform])) | set(
            compatible_tags(version, interpreter=interpreter, platforms=[self.platform])
        )

    def markers(self) -> dict[str, str]:
        if self.platform == NATIVE:
            return {key: str(value) for key, value in default_environment().items()}
        return {
            "implementation_name": "cpython",
            "implementation_version": f"{self.python}.0",
            "os_name": "nt",
            "platform_machine": "AMD64",
            "platform_python_implementation": "CPython",
            "platform_release": "10",
            "platform_system": "Windows",
            "platform_version": "10.0",
            "python_full_version": f"{self.python}.0",
            "python_version": self.python,
            "sys_platform": "win32",
        }


@dataclass
class Check:
    """What the wheels folder lacks for one target; empty lists mean it installs offline."""

    target: Target
    wheels: dict[str, Path] = field(default_factory=dict)  # canonical name → the wheel chosen
    missing: list[str] = field(default_factory=list)  # requirements no wheel satisfies
    unpinned: list[str] = field(default_factory=list)  # wheels whose version constraints.txt does not pin
    off_pin: list[str] = field(default_factory=list)  # wheels of another version than the pin

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unpinned or self.off_pin)


def requirement_lines(path: Path) -> list[Requirement]:
    """The requirements of a requirements/constraints file (comments, blank lines and options left out)."""
    found = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            found.append(Requirement(line))
    return found


def pins(path: Path) -> dict[str, Version]:
    """name → the exact version constraints.txt pins."""
    return {
        canonicalize_name(r.name): Version(next(iter(r.specifier)).version)
        for r in requirement_lines(path)
        if len(r.specifier) == 1 and next(iter(r.specifier)).operator == "=="
    }


def requires_dist(wheel: Path) -> list[str]:
    """A wheel's Requires-Dist lines, from its METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        text = archive.read(name).decode("utf-8", errors="replace")
    return list(email.parser.Parser().parsestr(text, headersonly=True).get_all("Requires-Dist") or [])


def check(folder: Path, target: Target, requirements: Iterable[Requirement], pinned: dict[str, Version]) -> Check:
    """Walk the requirements and the wheels' own dependencies with the target's markers."""
    tags = target.tags()
    index: dict[str, list[tuple[Version, Path]]] = {}
    for wheel in folder.glob("*.whl"):
        name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        if wheel_tags & tags:
            index.setdefault(canonicalize_name(name), []).append((version, wheel))
    env = target.markers()
    result = Check(target)
    queue = [r for r in requirements if r.marker is None or r.marker.evaluate({**env, "extra": ""})]
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        fitting = [(v, w) for v, w in index.get(name, []) if req.specifier.contains(v, prereleases=True)]
        if not fitting:
            result.missing.append(str(req))
            continue
        version, wheel = max(fitting)
        result.wheels[name] = wheel
        if (name, frozenset(req.extras)) in seen:
            continue
        seen.add((name, frozenset(req.extras)))
        for line in requires_dist(wheel):
            dep = Requirement(line)
            extras = {"", *req.extras}
            if dep.marker is None or any(dep.marker.evaluate({**env, "extra": e}) for e in extras):
                queue.append(dep)
    for chosen, wheel in sorted(result.wheels.items()):
        version = parse_wheel_filename(wheel.name)[1]
        if chosen not in pinned:
            result.unpinned.append(f"{chosen} {version}")
        elif pinned[chosen] != version:
            result.off_pin.append(f"{chosen} {version} (constraints.txt: {pinned[chosen]})")
    result.missing = sorted(set(result.missing))
    return result


def download(folder: Path, target: Target, extra: Sequence[str] = ()) -> None:
    """pip download the requirements (and `extra` names) for the target, binary wheels only."""
    command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-input", "-q"]
    command += ["--only-binary=:all:", "-d", str(folder), "-c", str(ROOT / "constraints.txt")]
    command += ["-r", str(ROOT / "requirements.txt"), *extra]
    if target.platform != NATIVE:
        command += ["--platform", target.platform, "--python-version", target.python, "--implementation", "cp"]
    done = subprocess.run(command, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"pip download failed for {target.label}: a pinned requirement has no binary wheel there")


def fetch(folder: Path, target: Target) -> Check:
    """Download until the target's dependency walk is complete (Windows-only dependencies included)."""
    requirements = requirement_lines(ROOT / "requirements.txt")
    pinned = pins(ROOT / "constraints.txt")
    extra: list[str] = []
    download(folder, target)
    for _ in range(5):
        result = check(folder, target, requirements, pinned)
        wanted = sorted({str(Requirement(m).name) for m in result.missing} - set(extra))
        if not wanted:
            return result
        extra += wanted
        download(folder, target, extra)
    return check(folder, target, requirements, pinned)


def project_files(root: Path = ROOT) -> list[str]:
    """The project's tracked files (git), or every file but caches and local state without git."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
        names = [n for n in listed.decode("utf-8").split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file()
            and not any(part in {".git", "__pycache__", ".mypy_cache", ".ruff_cache"} for part in p.parts)
        ]
    return sorted(n for n in names if not n.startswith(NOT_SHIPPED) and (root / n).is_file())


def commit_of(root: Path = ROOT) -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, check=True)
        return done.stdout.decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return "-"


def write_zip(out: Path, files: list[str], wheels: list[Path], targets: list[Target]) -> None:
    """The bundle: one folder with the project, wheels/, MANIFEST.txt and BUNDLE.txt (a partial file until done)."""
    shipped = [*files, *(f"wheels/{w.name}" for w in wheels), MANIFEST, "BUNDLE.txt"]
    built = dt.datetime.now(BANGKOK).strftime("%Y-%m-%d %H:%M")
    about = [
        f"ITA Dashboard {__version__} (commit {commit_of()})",
        f"built {built} Asia/Bangkok",
        "for " + ", ".join(t.label for t in targets),
        f"{len(files)} project files, {len(wheels)} wheels",
        "start: double-click start.bat (Windows) or ./start.sh; update: update.bat NEW.zip",
    ]
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            data = (ROOT / name).read_bytes()
            if name.endswith(".bat"):  # cmd needs CRLF, whatever the checkout did
                data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            info = zipfile.ZipInfo(f"{TOP}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = ((ROOT / name).stat().st_mode & 0o777 | 0o100000) << 16
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
        for wheel in wheels:  # already compressed
            archive.write(wheel, f"{TOP}/wheels/{wheel.name}", zipfile.ZIP_STORED)
        archive.writestr(f"{TOP}/{MANIFEST}", "\n".join(shipped) + "\n")
        archive.writestr(f"{TOP}/BUNDLE.txt", "\n".join(about) + "\n")
    os.replace(partial, out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--platform", default=WINDOWS, choices=[WINDOWS, NATIVE])
    parser.add_argument("--python", nargs="+", default=list(SUPPORTED_PYTHONS), choices=list(SUPPORTED_PYTHONS))
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="a folder (default dist/) or a .zip path")
    parser.add_argument("--wheels", type=Path, help="where to keep downloaded wheels (default dist/wheels-PLATFORM)")
    parser.add_argument("--check-only", action="store_true", help="download and check the wheels; write no zip")
    args = parser.parse_args(argv)
    pythons = [f"{sys.version_info[0]}.{sys.version_info[1]}"] if args.platform == NATIVE else args.python
    targets = [Target(args.platform, v) for v in pythons]
    folder = args.wheels or ROOT / "dist" / f"wheels-{args.platform}"
    folder.mkdir(parents=True, exist_ok=True)
    checks = [fetch(folder, target) for target in targets]
    sdists = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.endswith(".whl"))
    for result in checks:
        state = "ok" if result.ok else "INCOMPLETE"
        print(f"{result.target.label}: {len(result.wheels)} wheels, {state}")
        for label, items in (("missing", result.missing), ("not pinned", result.unpinned), ("off pin", result.off_pin)):
            for item in items:
                print(f"  {label}: {item}")
    if sdists:
        print("not wheels (would need a compiler): " + ", ".join(sdists))
    if sdists or not all(c.ok for c in checks):
        return 1
    if args.check_only:
        return 0
    wheels = sorted({w for c in checks for w in c.wheels.values()}, key=lambda w: w.name)
    out = args.out if args.out.suffix == ".zip" else args.out / f"{TOP}-{__version__}-{args.platform}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_zip(out, project_files(), wheels, targets)
    print(f"{out} ({out.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InvalidRequirement as error:
        sys.exit(f"requirements.txt or constraints.txt: {error}")
