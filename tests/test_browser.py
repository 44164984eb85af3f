"""In real Chromium: the app starts, the Thai font loads, the sample workbook uploads through the
real file input, and the overview's charts are drawn. Screenshots go to screenshots/ for a look.

Skipped on a laptop without Chromium; required (never skipped) when CI=true.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, SHOTS, playwright, run_app, settle
from conftest import COMPLAINT_HEADER, make_workbook

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from run_app(tmp_path_factory.mktemp("db") / "b.sqlite3")


def test_a_direct_link_as_first_request_keeps_the_router_and_sidebar(server: str) -> None:
    """The server's very first request is a deep link: the page must still run inside app.py."""
    sync_playwright = playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="th-TH")
        page.goto(f"{server}/history")
        settle(page)
        links = [
            text.strip() for text in page.locator("[data-testid='stSidebarNavLink'] span[label]").all_inner_texts()
        ]
        links = links or page.locator("[data-testid='stSidebarNavLink']").all_inner_texts()
        assert any("ภาพรวม" in text for text in links) and any("ประวัติข้อมูล" in text for text in links)
        assert not any(text.split()[-1] in ("shared", "app", "overview") for text in links if text.split())
        assert page.get_by_text("ปีงบประมาณ (พ.ศ.)").first.is_visible()
        browser.close()


def test_upload_through_the_real_file_input_and_see_the_overview(server: str, tmp_path: Path) -> None:
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    update = tmp_path / "update.xlsx"
    update.write_bytes(make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", 7, 7, 0, 7]]}))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="th-TH")
        page.goto(server)
        settle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        # the bundled Thai font is really in use
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ภาพรวม')")
        page.get_by_role("link", name="อัปโหลดข้อมูล").click()
        settle(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(update))
        page.get_by_text("สิ่งที่จะเปลี่ยนเมื่อบันทึก").wait_for(timeout=60_000)
        page.get_by_role("button", name="ยืนยันบันทึกเป็นข้อมูลฉบับใหม่").click()
        page.get_by_text("บันทึกแล้ว เป็นข้อมูลฉบับที่ 2").wait_for(timeout=60_000)
        page.get_by_role("link", name="ภาพรวม", exact=True).click()
        settle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert page.locator("[data-testid='stPlotlyChart']").count() == 5
        assert page.get_by_text("ข้อมูลฉบับที่ 2").first.is_visible()
        browser.close()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_screenshots_of_every_page(server: str, size: tuple[int, int]) -> None:
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    width, height = size
    pages = {
        name: name
        for name in (
            "measures", "targets", "ita", "satisfaction", "complaints", "oit", "calendar",
            "present", "export", "upload", "import_survey", "history", "import_report",
        )
    }  # fmt: skip
    pages["overview"] = ""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height * 3}, locale="th-TH")
        for name, path in pages.items():
            page.goto(f"{server}/{path}")
            settle(page)
            assert page.locator("[data-testid='stException']").count() == 0
            page.screenshot(path=str(SHOTS / f"{name}_{width}x{height}.png"))
        browser.close()


_ENGLISH_CHROME = (
    "Print",
    "Record screen",
    "Record a screencast",
    "Download plot",
    "Zoom",
    "Pan",
    "Deploy",
    "Autoscale",
)
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _english_chrome(page) -> list[str]:  # type: ignore[no-untyped-def]
    """English menu/tooltip words anywhere a user can read them: text, titles, tooltips, labels."""
    readable = page.evaluate(
        """() => {
            const parts = [document.body.innerText];
            for (const el of document.querySelectorAll('[title],[aria-label],[data-title]')) {
                parts.push(el.getAttribute('title') || '', el.getAttribute('aria-label') || '',
                           el.getAttribute('data-title') || '');
            }
            return parts.join('\\n');
        }"""
    )
    return [word for word in _ENGLISH_CHROME if re.search(rf"\b{re.escape(word)}\b", readable)]


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_offline_no_request_leaves_the_machine_and_no_english_menu_or_chart_toolbar(
    server: str, size: tuple[int, int]
) -> None:
    """The council laptop is often offline: every request goes to localhost (tab icon, fonts, the
    navigation's icons), and no English menu or chart-toolbar text is left to read."""
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    width, height = size
    outside: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        host = urllib.parse.urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in _LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH")
        context.route("**/*", guard)
        page = context.new_page()
        for name, path in (("overview", ""), ("upload", "upload")):
            page.goto(f"{server}/{path}")
            settle(page)
            if name == "overview":
                chart = page.locator(".js-plotly-plot").first
                chart.wait_for(timeout=60_000)
                chart.hover()  # plotly shows its toolbar on hover, when it has one
                page.wait_for_timeout(300)
                assert page.locator(".modebar-btn").count() == 0
            # the navigation's icons are drawn with the font Streamlit bundles, not fetched
            assert page.evaluate(
                "document.fonts.check('24px \"Material Symbols Rounded\"', 'dashboard')"
                " && [...document.fonts].some(f => f.family.includes('Material Symbols') && f.status === 'loaded')"
            )
            icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
            # the tab icon is served by the app itself (a ":material/…:" icon is an online font-service URL)
            assert urllib.parse.urlsplit(urllib.parse.urljoin(page.url, icon)).hostname in _LOCAL_HOSTS, icon
            assert page.locator("[data-testid='stMainMenu']").count() == 0
            assert _english_chrome(page) == []
            page.screenshot(path=str(SHOTS / f"offline_{name}_{width}x{height}.png"))
        # Streamlit's table toolbar ("Show/hide columns", "Download as CSV", "Search", "Fullscreen") is
        # English only: hovering a table must not bring it up
        page.goto(f"{server}/measures")
        settle(page)
        table = page.locator("[data-testid='stDataFrame']").first
        table.wait_for(timeout=60_000)
        table.hover()
        page.wait_for_timeout(500)
        toolbars = page.locator("[data-testid='stElementToolbar']")
        assert toolbars.count() > 0  # Streamlit renders it on hover; the app's style rule keeps it hidden
        assert not any(toolbars.nth(i).is_visible() for i in range(toolbars.count()))
        assert outside == []
        browser.close()


# presentation mode hides the sidebar on purpose (its caption names the quarter)
_SIDEBAR_PAGES = (
    "", "measures", "targets", "ita", "satisfaction", "complaints", "oit", "calendar",
    "export", "upload", "import_survey", "history", "import_report",
)  # fmt: skip


def _period_boxes(page) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    """The bounding boxes of the sidebar's year and quarter selectors."""
    sidebar = page.locator("[data-testid='stSidebar']")
    boxes = []
    for label in ("ปีงบประมาณ (พ.ศ.)", "ไตรมาส"):
        selector = sidebar.locator("[data-testid='stSelectbox']").filter(
            has=page.locator("[data-testid='stWidgetLabel']", has_text=label)
        )
        boxes.append(selector.first.bounding_box())
    return boxes


def _choose(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Open a sidebar selectbox by its label and click one of its options."""
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stSelectbox']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=label)
    ).first.click()
    page.get_by_role("option", name=option).click()
    settle(page)


def _quarter_shown(page) -> str:  # type: ignore[no-untyped-def]
    """The quarter the sidebar's selector shows (the combobox input holds the chosen label)."""
    sidebar = page.locator("[data-testid='stSidebar']")
    return (
        sidebar.locator("[data-testid='stSelectbox']")
        .filter(has=page.locator("[data-testid='stWidgetLabel']", has_text="ไตรมาส"))
        .first.locator("input[role='combobox']")
        .input_value()
    )


def test_the_year_and_quarter_are_in_the_first_screen_and_the_quarter_stays_chosen(server: str) -> None:
    """At 1366×768 the period selectors are on screen without scrolling on every page with the
    sidebar; the chosen quarter survives the Thai-digits switch and a change of year."""
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="th-TH")
        for path in _SIDEBAR_PAGES:
            page.goto(f"{server}/{path}")
            settle(page)
            for box in _period_boxes(page):
                assert box is not None, path
                assert box["y"] >= 0 and box["y"] + box["height"] <= 768, (path, box)
                assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (path, box)
        page.goto(server)
        settle(page)
        _choose(page, "ไตรมาส", "ไตรมาส 2 (ม.ค.–มี.ค. 68)")
        assert "ไตรมาส 2 (ม.ค.–มี.ค. 68)" in _quarter_shown(page)
        page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox']").filter(has_text="แสดงตัวเลขไทย").click()
        settle(page)
        assert "ไตรมาส ๒ (ม.ค.–มี.ค. ๖๘)" in _quarter_shown(page)
        assert page.get_by_text("ไตรมาส ๒ (ม.ค.–มี.ค. ๖๘)").first.is_visible()  # the page caption too
        _choose(page, "ปีงบประมาณ (พ.ศ.)", "2567")
        assert "ไตรมาส ๒ (ม.ค.–มี.ค. ๖๗)" in _quarter_shown(page)  # the label follows the year
        page.get_by_role("link", name="ตัวชี้วัด").click()
        settle(page)
        assert "ไตรมาส ๒ (ม.ค.–มี.ค. ๖๗)" in _quarter_shown(page)  # and another page keeps it
        page.screenshot(path=str(SHOTS / "period_kept_1366x768.png"))
        browser.close()
