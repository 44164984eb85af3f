"""Benchmark (not a test): 20 people opening the overview at once through nginx, against one alone.

deploy/start.sh runs N app processes (default 2) behind nginx on one PostgreSQL store. Each session
has its own signed-in session cookie (a viewer) and nginx's route cookie, so nginx spreads the sessions
over the processes. A session is what a browser does over the network: it fetches the page (nginx
gives it its route), opens the websocket /_stcore/stream, asks for a run of the overview and reads
the app's messages until the script has finished; its page time runs from the first request to that
moment, with the overview's five charts received. In one run it measures one session alone (the median
of three, after a warm-up of every process), then 20 sessions started together, and prints
median ÷ single and worst ÷ single (the issue's goal: ≤ 3×), and how many sessions each process served.

`--client chromium` makes each session a Chromium context that draws the page (time until the five
charts are drawn): on a 2-core machine the 20 browsers then take most of the CPU and the ratio says more
about the client than about the servers. Localhost only, bounded: every wait has a timeout.

Run: python bench/bench_load.py --scratch-database postgresql+psycopg://kpi:kpi@localhost/kpi_bench
     [--processes 2] [--sessions 20] [--client websocket|chromium] [--out bench-load.json]
The scratch database's tables are dropped and made again (the sample data and one viewer account).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine  # noqa: E402

from kpi.access.actor import cli_actor  # noqa: E402
from kpi.access.tokens import COOKIE_NAME, signed  # noqa: E402
from kpi.ingest.upload import ensure_seeded  # noqa: E402
from kpi.store import accounts, app_settings  # noqa: E402
from kpi.store.database import Store  # noqa: E402
from kpi.store.migrate import drop_tables  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
VIEWER, PASSWORD = "load-viewer", "load-viewer-pass-1"
CHARTS = 5  # the overview's charts
DRAWN = (
    "n => document.querySelectorAll(\"[data-testid='stPlotlyChart'] .js-plotly-plot .main-svg\").length >= n"
    " && !!document.querySelector(\"[data-testid='stApp'][data-test-script-state='notRunning']\")"
)
PAGE_TIMEOUT_MS = 90_000
ERROR_ALERT = 1  # streamlit's Alert.Format.ERROR


@dataclass
class Visit:
    """One session's overview: how long it took and what it showed."""

    seconds: float
    text: str = ""
    charts: int = 0
    errors: int = 0
    problem: str = ""


@dataclass
class Result:
    single: float
    sessions: list[float]
    median_ratio: float
    worst_ratio: float
    processes: int
    per_process: dict[str, int] = field(default_factory=dict)
    client: str = "websocket"

    def lines(self) -> list[str]:
        times = sorted(self.sessions)
        return [
            f"one session alone: {self.single:.2f} s (median of 3)",
            f"{len(times)} at once: median {statistics.median(times):.2f} s, worst {times[-1]:.2f} s",
            f"ratio: median {self.median_ratio:.2f}x, worst {self.worst_ratio:.2f}x (goal <= 3x)",
            f"sessions per app process: {self.per_process} ({self.processes} processes, {self.client} clients)",
        ]


def session_cookies(store: Store, front: str, count: int) -> list[dict[str, Any]]:
    """`count` signed session cookies of the viewer account, one per browser context (as after a sign-in)."""
    key = app_settings.signing_key(store)
    cookies = []
    for _ in range(count):
        signed_in = accounts.sign_in(store, VIEWER, PASSWORD, app_settings.session_hours(store))
        assert signed_in.ok and signed_in.token
        cookies.append({"name": COOKIE_NAME, "value": signed(key, signed_in.token), "url": front})
    return cookies


def prepare_store(url: str) -> Store:
    """The scratch store: empty tables, the sample data, and the viewer account the sessions use."""
    drop_tables(create_engine(url))
    store = Store(url)
    ensure_seeded(store)
    accounts.add_account(store, cli_actor(), VIEWER, "viewer", PASSWORD)
    return store


async def visit(browser: Any, url: str, cookie: dict[str, Any]) -> Visit:
    """A new browser context with its session cookie opens the overview; time until the charts are drawn."""
    context = await browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
    try:
        await context.add_cookies([cookie])
        page = await context.new_page()
        start = time.perf_counter()
        try:
            await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
            await page.wait_for_function(DRAWN, arg=CHARTS, timeout=PAGE_TIMEOUT_MS, polling=100)
        except Exception as exc:  # a timeout is a result here: the session did not get its page
            return Visit(time.perf_counter() - start, problem=f"{type(exc).__name__}: {str(exc)[:200]}")
        seconds = time.perf_counter() - start
        main = page.locator("[data-testid='stMain']")
        return Visit(
            seconds,
            text=await main.inner_text(),
            charts=await page.locator("[data-testid='stPlotlyChart']").count(),
            errors=await page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count(),
        )
    finally:
        await context.close()


async def ws_visit(url: str, cookie: dict[str, Any]) -> Visit:
    """The overview over Streamlit's own protocol: page request, websocket, one run, every message read."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    texts: list[str] = []
    charts = errors = 0
    try:
        async with asyncio.timeout(PAGE_TIMEOUT_MS / 1000):
            route = await asyncio.to_thread(_route_cookie, url)
            headers = {"Cookie": "; ".join([*route, f"{cookie['name']}={cookie['value']}"])}
            stream = url.replace("http://", "ws://", 1) + "/_stcore/stream"
            async with websockets.connect(
                stream,
                subprotocols=[websockets.Subprotocol("streamlit")],
                additional_headers=headers,
                max_size=None,
                # the library's own 10 s handshake limit is shorter than a busy 2-core server takes to
                # accept 20 sockets at once; the visit's whole wait stays bounded by PAGE_TIMEOUT_MS above
                open_timeout=PAGE_TIMEOUT_MS / 1000,
            ) as ws:
                rerun = BackMsg()
                rerun.rerun_script.query_string = ""
                rerun.rerun_script.page_script_hash = ""
                await ws.send(rerun.SerializeToString())
                while True:
                    message = ForwardMsg()
                    message.ParseFromString(await ws.recv())
                    kind = message.WhichOneof("type")
                    if kind == "script_finished":
                        break
                    if kind != "delta" or message.delta.WhichOneof("type") != "new_element":
                        continue
                    element = message.delta.new_element
                    shown = element.WhichOneof("type")
                    charts += shown == "plotly_chart"
                    errors += shown == "exception" or (shown == "alert" and element.alert.format == ERROR_ALERT)
                    if shown == "markdown":
                        texts.append(element.markdown.body)
    except Exception as exc:  # a timeout or a refused connection is a result here: no page for this session
        return Visit(time.perf_counter() - start, problem=f"{type(exc).__name__}: {str(exc)[:200]}")
    return Visit(time.perf_counter() - start, "\n".join(texts), charts, errors)


def _route_cookie(url: str) -> list[str]:
    """GET the page as a browser does first; nginx answers with the route cookie (none from an app directly)."""
    with urllib.request.urlopen(url + "/", timeout=PAGE_TIMEOUT_MS / 1000) as response:
        response.read()
        return [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("kpi_route=")]


async def ws_measure(front: str, cookies: list[dict[str, Any]], warm: list[str]) -> tuple[list[Visit], list[Visit]]:
    """As `measure`, with websocket clients instead of browsers."""
    for n, url in enumerate(warm):
        await ws_visit(url, cookies[n])
    first = len(warm)
    single = [await ws_visit(front, cookies[first + n]) for n in range(3)]
    crowd = await asyncio.gather(*(ws_visit(front, c) for c in cookies[first + 3 :]))
    return single, list(crowd)


async def measure(front: str, cookies: list[dict[str, Any]], warm: list[str]) -> tuple[list[Visit], list[Visit]]:
    """Warm every process (its URLs in `warm`), then three single visits in turn, then all the rest at once.

    One cookie each: the first len(warm) for the warm-up, the next three alone, the rest together."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for n, url in enumerate(warm):
                await visit(browser, url, {**cookies[n], "url": url})
            first = len(warm)
            single = [await visit(browser, front, cookies[first + n]) for n in range(3)]
            crowd = await asyncio.gather(*(visit(browser, front, c) for c in cookies[first + 3 :]))
        finally:
            await browser.close()
    return single, list(crowd)


def ratios(single: list[Visit], crowd: list[Visit], processes: int, per_process: dict[str, int]) -> Result:
    alone = statistics.median(v.seconds for v in single)
    times = [v.seconds for v in crowd]
    return Result(alone, times, statistics.median(times) / alone, max(times) / alone, processes, per_process)


def served_by(access_log: Path) -> dict[str, int]:
    """How many browser sessions (route cookies that opened a websocket) each app process served."""
    routes: dict[str, str] = {}
    if access_log.exists():
        for line in access_log.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) > 3 and "/_stcore/stream" in line:
                routes[fields[2]] = fields[1]
    counts: dict[str, int] = {}
    for upstream in routes.values():
        counts[upstream] = counts.get(upstream, 0) + 1
    return dict(sorted(counts.items()))


def _free_port(count: int = 1) -> int:
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = int(s.getsockname()[1])
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free ports")


@contextlib.contextmanager
def deployment(url: str, processes: int, run_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """deploy/start.sh on free ports: (nginx's URL, every app process's own URL); stopped afterwards."""
    first, listen = _free_port(processes), _free_port()
    command = ["bash", "deploy/start.sh", "--processes", str(processes), "--first-port", str(first)]
    command += ["--listen", f"127.0.0.1:{listen}", "--database", url, "--run-dir", str(run_dir)]
    env = {**os.environ, "KPI_BACKUP_DIR": str(run_dir / "backups")}
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    front = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                raise RuntimeError("deploy/start.sh stopped")
            try:
                if urllib.request.urlopen(f"{front}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("deploy/start.sh did not start") from None
                time.sleep(0.5)
        yield front, [f"http://127.0.0.1:{first + n}" for n in range(processes)]
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def run(url: str, processes: int, sessions: int, client: str = "websocket") -> tuple[Result, list[Visit], list[Visit]]:
    store = prepare_store(url)
    with tempfile.TemporaryDirectory(prefix="kpi-load-") as folder:
        run_dir = Path(folder) / "run"
        with deployment(url, processes, run_dir) as (front, apps):
            cookies = session_cookies(store, front, 3 + sessions + len(apps))
            how = ws_measure if client == "websocket" else measure
            single, crowd = asyncio.run(how(front, cookies, apps))
            per_process = served_by(run_dir / "access.log")
    store.engine.dispose()
    result = ratios(single, crowd, processes, per_process)
    result.client = client
    return result, single, crowd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scratch-database", required=True, help="a PostgreSQL URL whose tables may be dropped")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--client", choices=["websocket", "chromium"], default="websocket")
    parser.add_argument("--out", type=Path, help="also write the result as JSON here")
    args = parser.parse_args()
    result, single, crowd = run(args.scratch_database, args.processes, args.sessions, args.client)
    failed = [v.problem or f"charts {v.charts}, errors {v.errors}" for v in single + crowd if v.problem or v.errors]
    for line in result.lines():
        print(line)
    if failed:
        print(f"{len(failed)} sessions did not get their page: {failed[:3]}")
    if args.out:
        args.out.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
