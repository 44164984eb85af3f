"""In real Chromium: the organisation's sign-in (Streamlit's st.login) against a stand-in OpenID
Connect provider on 127.0.0.1 (tests/oidc_standin.py), so no network is needed.

The store has one local account, so sign-in is required. An address listed in [kpi_roles] comes back
signed in with its role; one that is not comes back to the sign-in page with the Thai refusal and no
figure. Both are in the audit trail.

Skipped on a laptop without Chromium; required (never skipped) when CI=true.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from actors import ADMIN
from browser_support import ARGS, CHROMIUM, playwright, run_app, settle
from oidc_standin import StandIn

from kpi.store import accounts, audit
from kpi.store.database import Store

pytestmark = pytest.mark.browser

EDITOR_EMAIL = "somchai@example.go.th"
STRANGER_EMAIL = "stranger@elsewhere.example"
OIDC_BUTTON = "เข้าสู่ระบบด้วยบัญชีของหน่วยงาน"


@dataclass
class Setup:
    url: str
    provider: StandIn
    store: Store
    log: Path


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    playwright()  # skip (or fail under CI=true) before starting anything
    folder = tmp_path_factory.mktemp("oidc")
    database = folder / "oidc.sqlite3"
    store = Store(f"sqlite:///{database}")
    accounts.add_account(store, ADMIN, "palad", "admin", "a long enough local password 1")  # sign-in is required
    log = folder / "streamlit.log"
    with StandIn(email=EDITOR_EMAIL) as provider:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(provider.secrets_toml({"editor": [EDITOR_EMAIL]}), encoding="utf-8")
        for url in run_app(database, args=["--secrets.files", str(secrets_file)], log=log):
            yield Setup(url, provider, store, log)
    store.engine.dispose()


def sign_in_with_the_provider(setup: Setup, email: str):  # type: ignore[no-untyped-def]
    """Open the app in a fresh browser, click the organisation's button, come back; the page and browser."""
    setup.provider.email = email
    issued = setup.provider.tokens_issued
    p = playwright()().start()
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="th-TH")
    page.goto(setup.url)
    settle(page)
    assert page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).is_visible()  # the sign-in form first
    page.get_by_role("button", name=OIDC_BUTTON).click()
    for _ in range(60):  # the browser goes to the provider and back; the provider issues one token
        if setup.provider.tokens_issued > issued:
            break
        page.wait_for_timeout(500)
    detail = f"{setup.provider.requests} {page.url}\n" + setup.log.read_text(encoding="utf-8", errors="replace")[-3000:]
    assert setup.provider.tokens_issued == issued + 1, detail
    page.wait_for_url(f"{setup.url}/**", timeout=30_000)
    page.wait_for_load_state()
    settle(page)
    return p, browser, page


def test_a_listed_address_signs_in_with_its_role(setup: Setup) -> None:
    before = len(audit.entries(setup.store, action="sign_in"))
    p, browser, page = sign_in_with_the_provider(setup, EDITOR_EMAIL)
    try:
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text(f"ผู้ใช้: {EDITOR_EMAIL} (ผู้บันทึกข้อมูล)").wait_for(timeout=30_000)
        assert sidebar.get_by_role("link", name="อัปโหลดข้อมูล").is_visible()
        assert not page.get_by_role("button", name=OIDC_BUTTON).count()  # no longer on the sign-in page
        # a reload keeps the provider's session (Streamlit's own signed cookie)
        page.reload()
        settle(page)
        sidebar.get_by_text(f"ผู้ใช้: {EDITOR_EMAIL} (ผู้บันทึกข้อมูล)").wait_for(timeout=30_000)
        page.get_by_role("link", name="อัปโหลดข้อมูล").click()
        page.wait_for_url(f"{setup.url}/upload", timeout=30_000)
        settle(page)  # the click may land before the new page's run starts: wait for the uploader itself
        page.locator("[data-testid='stFileUploaderDropzoneInput']").wait_for(state="attached", timeout=30_000)
        assert page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 1
        # sign-out ends the provider's session in this app: back to the sign-in page, even after a reload
        sidebar.get_by_role("button", name="ออกจากระบบ").click()
        page.get_by_role("button", name=OIDC_BUTTON).wait_for(timeout=30_000)
        page.goto(setup.url)
        settle(page)
        assert page.get_by_role("button", name=OIDC_BUTTON).is_visible()
        assert page.get_by_text("ผู้ใช้:").count() == 0
        assert page.locator("[data-testid='stPlotlyChart']").count() == 0
        assert not any(c["name"].startswith("_streamlit_user") for c in page.context.cookies())
    finally:
        browser.close()
        p.stop()
    signed = audit.entries(setup.store, action="sign_in")
    assert len(signed) > before
    assert any(e.actor == EDITOR_EMAIL and e.via == "oidc" and e.role == "editor" for e in signed)
    assert setup.provider.requests.count("POST /token") >= 1


def test_an_address_without_a_role_is_refused_and_sees_no_figure(setup: Setup) -> None:
    p, browser, page = sign_in_with_the_provider(setup, STRANGER_EMAIL)
    try:
        page.get_by_text("ยังไม่ได้รับสิทธิ์ใช้งานแดชบอร์ดนี้").wait_for(timeout=30_000)
        assert page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).is_visible()  # still the sign-in page
        assert page.locator("[data-testid='stPlotlyChart']").count() == 0
        assert page.get_by_text("ปีงบประมาณ (พ.ศ.)").count() == 0
        assert page.get_by_role("link", name="อัปโหลดข้อมูล").count() == 0
        assert page.get_by_text("ผู้ใช้:").count() == 0  # nobody is signed in
        # the way out of a refused account: sign out of it, and the button to try another is back
        page.get_by_role("button", name="ออกจากระบบ").click()
        page.get_by_role("button", name=OIDC_BUTTON).wait_for(timeout=30_000)
        page.goto(setup.url)
        settle(page)
        assert page.get_by_role("button", name=OIDC_BUTTON).is_visible()
        assert page.get_by_text("ยังไม่ได้รับสิทธิ์ใช้งานแดชบอร์ดนี้").count() == 0
        assert not any(c["name"].startswith("_streamlit_user") for c in page.context.cookies())
    finally:
        browser.close()
        p.stop()
    failed = audit.entries(setup.store, action="sign_in_failed")
    assert any(e.via == "oidc" and e.actor == STRANGER_EMAIL for e in failed)
    assert not any(e.actor == STRANGER_EMAIL for e in audit.entries(setup.store, action="sign_in"))
