"""Sign-in in real Chromium: with one editor account, an anonymous visitor gets the sign-in form and
no figure; signing in survives a reload (the signed session cookie); a viewer's typed URL of the
upload page is refused; signing out ends the session.

Skipped on a laptop without Chromium; required (never skipped) when CI=true.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, SHOTS, axe_violations, describe, playwright, run_app, settle
from test_browser_a11y import STREAMLIT_CHROME

from kpi.ingest.upload import ensure_seeded
from kpi.store import accounts, audit
from kpi.store.database import Store

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
SIGN_IN_TITLE = "เข้าสู่ระบบแดชบอร์ดคุณธรรมและความโปร่งใส"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    database = tmp_path_factory.mktemp("signin") / "s.sqlite3"
    store = Store(f"sqlite:///{database}")
    ensure_seeded(store)
    for name, role, password in (("somchai", "editor", "editor-pass-1"), ("malee", "viewer", "viewer-pass-1")):
        made = subprocess.run(  # the accounts are made as an administrator makes them: by the command line
            [sys.executable, "-m", "kpi", "user", "add", name, "--role", role, "--password-stdin"],
            input=password + "\n", text=True, encoding="utf-8", capture_output=True, cwd=ROOT, timeout=120,
            env={**os.environ, "KPI_DATABASE_URL": store.url, "PYTHONIOENCODING": "utf-8"},
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    assert [a.name for a in accounts.list_accounts(store)] == ["malee", "somchai"]
    for url in run_app(database):
        yield url, store


def _sign_in(page, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("ชื่อบัญชี").fill(name)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    settle(page)


def test_anonymous_sees_the_sign_in_form_and_no_figure_then_signs_in_and_stays_after_a_reload(
    shop: tuple[str, Store],
) -> None:
    url, store = shop
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH")
        page = context.new_page()
        for address in ("", "/measures", "/upload"):
            page.goto(f"{url}{address}")
            settle(page)
            assert page.get_by_role("heading", name=SIGN_IN_TITLE).is_visible(), address
            assert page.locator(".js-plotly-plot").count() == 0
            assert page.locator("[data-testid='stDataFrame']").count() == 0
            body = page.locator("[data-testid='stMain']").inner_text()
            assert "2568" not in body and "ข้อมูลฉบับที่" not in body
        page.screenshot(path=str(SHOTS / "sign-in-1366.png"))
        violations = axe_violations(page, exclude=STREAMLIT_CHROME)
        assert violations == [], describe(violations)
        _sign_in(page, "somchai", "wrong-pass-9")
        page.get_by_text("เข้าสู่ระบบไม่สำเร็จ").wait_for(timeout=30_000)
        _sign_in(page, "somchai", "editor-pass-1")
        # signed in at the upload page's address: that page opens, as the link promised
        page.get_by_role("heading", name="อัปโหลดข้อมูลจาก Excel").wait_for(timeout=30_000)
        page.get_by_role("link", name="ภาพรวม", exact=True).click()
        settle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert page.get_by_text("ผู้ใช้: somchai (ผู้บันทึกข้อมูล)").is_visible()
        cookies = {c["name"]: c for c in context.cookies()}
        assert "kpi_session" in cookies and cookies["kpi_session"]["sameSite"] == "Strict"
        assert "editor-pass-1" not in cookies["kpi_session"]["value"]
        page.reload()  # a new Streamlit session: the cookie brings the sign-in back
        settle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert page.get_by_text("ผู้ใช้: somchai (ผู้บันทึกข้อมูล)").is_visible()
        assert page.get_by_role("link", name="อัปโหลดข้อมูล").is_visible()
        page.get_by_role("button", name="ออกจากระบบ").click()
        settle(page)
        page.get_by_role("heading", name=SIGN_IN_TITLE).wait_for(timeout=30_000)
        page.reload()
        settle(page)
        assert page.get_by_role("heading", name=SIGN_IN_TITLE).is_visible()  # the cookie is gone, and ended
        browser.close()
    actions = [e.action for e in audit.entries(store)]
    assert {"sign_in", "sign_in_failed", "sign_out"} <= set(actions)


def test_a_viewer_typing_the_upload_address_is_refused(shop: tuple[str, Store]) -> None:
    url, store = shop
    sync_playwright = playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="th-TH")
        page.goto(url)
        settle(page)
        _sign_in(page, "malee", "viewer-pass-1")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert page.get_by_role("link", name="อัปโหลดข้อมูล").count() == 0
        page.goto(f"{url}/upload")
        settle(page)
        page.get_by_text("ไม่มีสิทธิ์เปิดหน้านี้").wait_for(timeout=30_000)
        assert page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
        page.screenshot(path=str(SHOTS / "refused-1920.png"))
        browser.close()
    last = audit.entries(store, action="access_denied", limit=1)[0]
    assert (last.actor, last.detail) == ("malee", "อัปโหลดข้อมูล")
