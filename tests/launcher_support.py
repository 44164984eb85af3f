"""Shared by the launcher and bundle tests: run start.sh / update.sh in a folder of their own and read
what the console window would show.

These tests install the whole app into fresh virtual environments, from the package index or from an
offline bundle, so they need the index (skipped on a laptop without it; required when CI=true).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, free_port, playwright, settle
from conftest import unless_ci

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import launch  # noqa: E402

INSTALL_TIMEOUT_S = 900  # a first start downloads and installs everything


def index_reachable() -> bool:
    try:
        with urllib.request.urlopen("https://pypi.org/simple/tzdata/", timeout=10):
            return True
    except OSError:
        return False


needs_index = pytest.mark.skipif(
    unless_ci(not index_reachable()), reason="the package index (pypi.org) is not reachable from this laptop"
)


def clean_env(**more: str) -> dict[str, str]:
    """The environment a person's double-click gives: no test or store settings leaking in."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "PYTEST", "VIRTUAL_ENV", "STREAMLIT_"))}
    return {**keep, **more}


@dataclass
class Console:
    """A running start.sh and every line it printed."""

    process: subprocess.Popen[bytes]
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def url(self) -> str:
        """Wait for the 'ready at http://localhost:P' line; the address."""
        deadline = time.monotonic() + INSTALL_TIMEOUT_S
        while time.monotonic() < deadline:
            for line in self.lines:
                if "http://localhost:" in line:
                    return "http://localhost:" + line.split("http://localhost:", 1)[1].split()[0]
            if self.process.poll() is not None:
                break
            time.sleep(0.5)
        pytest.fail("start.sh did not report the app's address:\n" + self.text[-4000:])

    def stop(self) -> int:
        """What closing the window does: stop the launcher, which stops the app."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def run_start(folder: Path, env: Mapping[str, str]) -> Console:
    """./start.sh --no-browser in `folder`, its output collected line by line."""
    process = subprocess.Popen(
        ["bash", str(folder / "start.sh"), "--no-browser", "--port", str(free_port())],
        cwd=folder,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    console = Console(process)

    def read() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            console.lines.append(raw.decode("utf-8", errors="replace").rstrip())

    threading.Thread(target=read, daemon=True).start()
    return console


answers = launch.answers  # whether the app answers its health check at a URL


def page_heading_and_sidebar(url: str) -> tuple[str, str]:
    """The first page's heading and the sidebar's text, as Chromium draws them."""
    p = playwright()().start()
    try:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="th-TH")
        page.goto(url)
        settle(page)
        page.locator("h1").first.wait_for(timeout=60_000)
        heading = page.locator("h1").first.inner_text()
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        browser.close()
        return heading, sidebar
    finally:
        p.stop()
