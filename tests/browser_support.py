"""Shared by the browser tests: Chromium through Playwright, a running app, axe-core.

Skipped on a laptop without Chromium, Playwright or axe-core; required (never skipped) when
CI=true (.ci/run installs Chromium from Debian and axe-core from the npm registry).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import in_ci

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core from the npm registry: `.ci/run` runs `npm install --prefix tests/.axe axe-core@4`.
AXE = ROOT / "tests" / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, the level the issue names.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def playwright():  # type: ignore[no-untyped-def]
    """sync_playwright, or a skip (a failure under CI=true) when Playwright or Chromium is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci():
            raise
        pytest.skip("playwright is not installed")
    if not CHROMIUM:
        if in_ci():
            pytest.fail("CI=true but Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    return sync_playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_app(
    database: Path | str, args: Sequence[str] = (), env: Mapping[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """Start `streamlit run app.py` on a free port with its own store; yield its URL; stop it.

    `database` is a SQLite file, or a store URL (several processes can share one PostgreSQL store).
    `args` are more Streamlit options (e.g. `--secrets.files`, path), `env` more environment variables,
    `log` a file for the server's output (a failing test can show it).
    """
    playwright()
    port = free_port()
    environment = {**os.environ, **(env or {}), "KPI_DATABASE_URL": _store_url(database)}
    output = log.open("ab") if log else None
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    process = subprocess.Popen(
        [*command, "--server.port", str(port), *args],
        cwd=ROOT,
        env=environment,
        stdout=output or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if output else subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        if output:
            output.close()


def _store_url(database: Path | str) -> str:
    return database if isinstance(database, str) else f"sqlite:///{database}"


def nginx() -> str:
    """The nginx program, or a skip (a failure under CI=true, where .ci/run installs it)."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None)
    if found is None:
        if in_ci():
            pytest.fail("CI=true but nginx is not installed (apt-get install nginx)")
        pytest.skip("nginx is not installed")
    return found


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports on 127.0.0.1."""
    for _ in range(50):
        first = free_port()
        if first + count > 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free ports")


def run_deploy(
    database_url: str, run_dir: Path, processes: int = 2, env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Start deploy/start.sh (`processes` app processes behind nginx, one store); yield nginx's URL; stop it.

    Its nginx configuration, access log (which process served each request) and app logs are in `run_dir`.
    """
    playwright()
    path = nginx()
    first, listen = free_ports(processes), free_port()
    environment = {**os.environ, **(env or {}), "PATH": f"{Path(path).parent}:{os.environ.get('PATH', '')}"}
    command = ["bash", "deploy/start.sh", "--processes", str(processes), "--first-port", str(first)]
    command += ["--listen", f"127.0.0.1:{listen}", "--database", database_url, "--run-dir", str(run_dir)]
    log = (run_dir.parent / f"{run_dir.name}-start.log").open("ab")
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{listen}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                pytest.fail(
                    f"deploy/start.sh stopped: {(run_dir.parent / f'{run_dir.name}-start.log').read_text(encoding='utf-8', errors='replace')}"
                )
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("deploy/start.sh did not start")
        yield url
    finally:
        process.terminate()  # start.sh stops nginx and every app process it started
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script has finished running and the page has drawn."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_timeout(800)


def axe_source() -> str:
    """axe.min.js, or a skip (a failure under CI=true) when it is not installed."""
    if not AXE.exists():
        if in_ci():
            pytest.fail(f"CI=true but axe-core is missing at {AXE} (npm install --prefix tests/.axe axe-core@4)")
        pytest.skip("axe-core is not installed (npm install --prefix tests/.axe axe-core@4)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, include: list[str] | None = None, exclude: list[str] | None = None) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Run axe-core (WCAG 2.1 A/AA) on the page as it is now; return its violations.

    `include`/`exclude` are CSS selectors limiting the check (e.g. the app's own content, without
    Streamlit's chrome). Each violation keeps id, impact, help and its nodes' targets and summaries.
    """
    page.add_script_tag(content=axe_source())
    context: dict[str, Any] = {}
    if include:
        context["include"] = [[s] for s in include]
    if exclude:
        context["exclude"] = [[s] for s in exclude]
    script = (
        "async ([context, tags]) => { const r = await axe.run(Object.keys(context).length ? context : document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary, html: n.html.slice(0, 200)}))})); }"
    )
    return list(page.evaluate(script, [context, AXE_TAGS]))


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list of axe violations for an assertion message."""
    return json.dumps(violations, ensure_ascii=False, indent=1)[:6000]
