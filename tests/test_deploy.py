"""Past one machine: two app processes on one PostgreSQL store, in real Chromium, and nginx in front.

- A save through one process is on the other's screen at its next rerun (no restart, no reload), and
  the session cookie of a sign-in on one process is honoured by the other (the session is in the store).
- Two editors saving at the same moment on different processes lose nothing: different sheets both
  land; the same sheet gives the second the Thai "someone saved first" message and keeps the first.
- deploy/start.sh's nginx carries the websocket, keeps each browser on one process, and a sign-in
  survives a reload through it.

Needs Chromium, PostgreSQL (KPI_TEST_POSTGRES_URL) and nginx: skipped on a laptop without them,
required (never skipped) when CI=true.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import ARGS, CHROMIUM, playwright, run_app, run_deploy, settle
from conftest import COMPLAINT_HEADER, POSTGRES_URL, in_ci, make_workbook
from sqlalchemy import create_engine

from kpi.access.actor import cli_actor
from kpi.ingest.upload import ensure_seeded
from kpi.store import accounts
from kpi.store.database import Store
from kpi.store.migrate import drop_tables

pytestmark = pytest.mark.browser

EDITORS = {"somchai": "editor-pass-1", "malee": "editor-pass-2"}
SATISFACTION_HEADER = ["ปีงบประมาณ", "ไตรมาส", "บริการหรือหน่วยงาน", "ร้อยละความพึงพอใจ", "จำนวนผู้ตอบ"]
SAVED = "บันทึกแล้ว เป็นข้อมูลฉบับที่"
CONFLICT = "มีผู้อื่นบันทึกข้อมูลฉบับใหม่ระหว่างที่ท่านตรวจสอบ"


def postgres_url() -> str:
    if not POSTGRES_URL:
        if in_ci():
            pytest.fail("CI=true but KPI_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set KPI_TEST_POSTGRES_URL)")
    return POSTGRES_URL


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """One PostgreSQL store with the sample data and two editor accounts; a folder for logs and backups."""
    playwright()
    drop_tables(create_engine(postgres_url()))
    store = Store(postgres_url())
    ensure_seeded(store)
    for name, password in EDITORS.items():
        accounts.add_account(store, cli_actor(), name, "editor", password)
    yield store, tmp_path_factory.mktemp("deploy")
    drop_tables(store.engine)
    store.engine.dispose()


@pytest.fixture(scope="module")
def two_apps(shared: tuple[Store, Path]) -> Iterator[tuple[str, str]]:
    """Two `streamlit run app.py` processes, each on its own port, both on the shared store."""
    store, folder = shared
    env = {"KPI_BACKUP_DIR": str(folder / "backups")}
    with contextlib.ExitStack() as stack:
        one, two = (
            stack.enter_context(contextlib.contextmanager(run_app)(store.url, env=env, log=folder / f"app-{n}.log"))
            for n in (1, 2)
        )
        yield one, two


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    path.write_bytes(make_workbook(sheets))
    return path


def complaints(received: int) -> dict[str, list[list[Any]]]:
    return {"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", received, received, 0, received]]}


def sign_in(page, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    settle(page)
    page.get_by_label("ชื่อบัญชี").fill(name)
    page.get_by_label("รหัสผ่าน").fill(EDITORS[name])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    settle(page)


def prepare_upload(page, url: str, file: Path) -> None:  # type: ignore[no-untyped-def]
    """Open the upload page, give it the file and wait for the summary of changes (not saved yet)."""
    page.goto(f"{url}/upload")
    settle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(file))
    page.get_by_text("สิ่งที่จะเปลี่ยนเมื่อบันทึก").wait_for(timeout=60_000)
    settle(page)


def outcome(page) -> str:  # type: ignore[no-untyped-def]
    """After the confirm click: the success line or the conflict message, whichever the page shows."""
    page.locator(f"text=/{SAVED}|{CONFLICT}/").first.wait_for(timeout=60_000)
    settle(page)
    return str(page.locator("[data-testid='stMain']").inner_text())


def overview_text(page) -> str:  # type: ignore[no-untyped-def]
    """Go to the overview by the sidebar link: a rerun of the same session, no reload."""
    page.get_by_role("link", name="ภาพรวม", exact=True).click()
    settle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    return str(page.locator("[data-testid='stMain']").inner_text())


def received_2568(store: Store) -> list[int]:
    frame = store.dataset().frame("complaints")
    return sorted(int(v) for v in frame[frame["fiscal_year"] == 2568]["received"])


def test_a_save_on_one_process_is_shown_by_the_other_at_its_next_rerun(
    shared: tuple[Store, Path], two_apps: tuple[str, str], tmp_path: Path
) -> None:
    store, _ = shared
    one, two = two_apps
    head = store.head()
    assert head is not None
    update = workbook(tmp_path / "from-process-one.xlsx", complaints(37))
    sync_playwright = playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
        watcher = context.new_page()
        sign_in(watcher, one, "malee")
        # the session cookie (signed, its session in the shared store) lets her into the other process too
        watcher.goto(two)
        settle(watcher)
        watcher.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        before = str(watcher.locator("[data-testid='stMain']").inner_text())
        assert f"ข้อมูลฉบับที่ {head.number}" in before and "ชื่อบัญชี" not in before
        assert "37 เรื่อง" not in before

        saver = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH").new_page()
        sign_in(saver, one, "somchai")
        prepare_upload(saver, one, update)
        saver.get_by_role("button", name="ยืนยันบันทึกเป็นข้อมูลฉบับใหม่").click()
        assert f"{SAVED} {head.number + 1}" in outcome(saver)

        # process two, same browser session, no reload: its next rerun reads the new version
        after = overview_text(watcher)
        assert f"ข้อมูลฉบับที่ {head.number + 1}" in after
        assert "37 เรื่อง" in after
        browser.close()
    assert received_2568(store) == [37]


def _at_once(pages: list[Any]) -> list[str]:
    """Both editors press confirm at the same moment (no waiting in between), then read what each got."""
    for page in pages:
        page.get_by_role("button", name="ยืนยันบันทึกเป็นข้อมูลฉบับใหม่").click(no_wait_after=True)
    return [outcome(page) for page in pages]


def test_two_saves_at_once_on_two_processes_lose_nothing(
    shared: tuple[Store, Path], two_apps: tuple[str, str], tmp_path: Path
) -> None:
    store, _ = shared
    one, two = two_apps
    head = store.head()
    assert head is not None
    survey = workbook(
        tmp_path / "survey.xlsx",
        {"ความพึงพอใจ": [SATISFACTION_HEADER, [2568, 1, "งานทะเบียนราษฎร์ (ทดสอบสองโปรเซส)", 91.5, 120]]},
    )
    complaint = workbook(tmp_path / "complaints.xlsx", complaints(41))
    sync_playwright = playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = [browser.new_context(viewport={"width": 1366, "height": 900}).new_page() for _ in range(2)]
        sign_in(pages[0], one, "somchai")
        sign_in(pages[1], two, "malee")
        prepare_upload(pages[0], one, survey)
        prepare_upload(pages[1], two, complaint)
        texts = _at_once(pages)
        browser.close()
    # different sheets: both saves land, one after the other, and neither is a conflict
    assert all(CONFLICT not in text for text in texts), texts
    assert sorted(int(text.split(SAVED)[1].split()[0]) for text in texts) == [head.number + 1, head.number + 2]
    saved = store.dataset()
    services = list(saved.frame("satisfaction")["service"])
    assert "งานทะเบียนราษฎร์ (ทดสอบสองโปรเซส)" in services
    assert received_2568(store) == [41]
    assert {v.saved_by for v in store.versions()[:2]} == {"somchai", "malee"}


def test_two_saves_of_the_same_sheet_at_once_the_second_is_told_and_the_first_is_kept(
    shared: tuple[Store, Path], two_apps: tuple[str, str], tmp_path: Path
) -> None:
    store, _ = shared
    one, two = two_apps
    head = store.head()
    assert head is not None
    files = [workbook(tmp_path / f"complaints-{n}.xlsx", complaints(n)) for n in (51, 52)]
    sync_playwright = playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = [browser.new_context(viewport={"width": 1366, "height": 900}).new_page() for _ in range(2)]
        sign_in(pages[0], one, "somchai")
        sign_in(pages[1], two, "malee")
        for page, url, file in zip(pages, (one, two), files, strict=True):
            prepare_upload(page, url, file)
        texts = _at_once(pages)
        browser.close()
    won = [n for n, text in zip((51, 52), texts, strict=True) if f"{SAVED} {head.number + 1}" in text]
    lost = [n for n, text in zip((51, 52), texts, strict=True) if CONFLICT in text]
    assert len(won) == 1 and len(lost) == 1, texts
    assert f"ตอนนี้เป็นฉบับที่ {head.number + 1}" in texts[(51, 52).index(lost[0])]
    # the first save is whole and is the current version; the second saved nothing
    latest = store.head()
    assert latest is not None and latest.number == head.number + 1
    assert received_2568(store) == won


def test_through_nginx_the_websocket_works_each_browser_stays_on_one_process_and_sign_in_survives_a_reload(
    shared: tuple[Store, Path], tmp_path: Path
) -> None:
    store, folder = shared
    run_dir = folder / "nginx-run"
    env = {"KPI_BACKUP_DIR": str(folder / "backups")}
    sync_playwright = playwright()
    with contextlib.contextmanager(run_deploy)(store.url, run_dir, env=env) as front, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH").new_page()
        sign_in(page, front, "somchai")  # the sign-in form and the overview's charts come over the websocket
        head = store.head()
        assert head is not None
        assert f"ข้อมูลฉบับที่ {head.number}" in str(page.locator("[data-testid='stMain']").inner_text())
        page.reload()
        settle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        text = str(page.locator("[data-testid='stMain']").inner_text())
        assert "ชื่อบัญชี" not in text and f"ข้อมูลฉบับที่ {head.number}" in text
        # an upload is a plain HTTP request beside the websocket: it must reach the same process
        prepare_upload(page, front, workbook(tmp_path / "through-nginx.xlsx", complaints(29)))
        page.get_by_role("button", name="ยืนยันบันทึกเป็นข้อมูลฉบับใหม่").click()
        assert f"{SAVED} {head.number + 1}" in outcome(page)
        browser.close()
        log = (run_dir / "access.log").read_text(encoding="utf-8").splitlines()
    streams = [line.split() for line in log if "/_stcore/stream" in line]
    assert streams, log  # the websocket went through nginx (and the page above needed it)
    served: dict[str, set[str]] = {}
    for fields in (line.split() for line in log if '"GET /_stcore/health' not in line):
        served.setdefault(fields[2], set()).add(fields[1])
    assert all(len(upstreams) == 1 for upstreams in served.values()), served  # sticky: one process per browser
    assert any("/_stcore/upload_file" in line for line in log)
    assert received_2568(store) == [29]
