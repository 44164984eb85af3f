"""The published web page in real Chromium, offline: charts draw, the Thai font is the embedded
Sarabun, no request leaves the file, and axe-core (WCAG 2.1 A/AA) finds no violation.

Screenshots at 1366×768 and 1920×1080 go to screenshots/ for a look. Skipped on a laptop without
Chromium or axe-core; required (never skipped) when CI=true.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, SHOTS, axe_violations, describe, playwright
from export_fixtures import TODAY, VERSION
from test_figures import sample

from kpi.exports.deck import build_deck
from kpi.exports.to_html import deck_to_html

pytestmark = pytest.mark.browser

SIZES = ((1366, 768), (1920, 1080))
CHARTS = 5  # measures, targets, ITA, satisfaction, complaints


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("site")
    dataset = replace(sample(), version=VERSION)
    out = {}
    for name, thai in (("arabic", False), ("thai", True)):
        path = folder / f"ita_public_{name}.html"
        path.write_bytes(deck_to_html(build_deck(dataset, 2568, 2, thai_digits=thai, today=TODAY)))
        out[name] = path
    return out


@pytest.mark.parametrize("digits", ["arabic", "thai"])
def test_the_page_works_offline_and_passes_axe(files: dict[str, Path], digits: str) -> None:
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="th-TH")
            left: list[str] = []
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))  # noqa: B023
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)  # noqa: B023

            def route(request_route, left=left):  # type: ignore[no-untyped-def]
                if request_route.request.url.startswith("file://"):
                    request_route.continue_()
                else:
                    left.append(request_route.request.url)
                    request_route.abort()

            page.route("**/*", route)
            page.goto(files[digits].as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length === {CHARTS}")
            page.wait_for_timeout(300)
            # every chart drew its bars, and nothing in a chart can take the keyboard focus
            assert page.locator(".js-plotly-plot .main-svg").count() >= CHARTS
            assert page.locator(".js-plotly-plot .point").count() >= 10
            assert page.locator(".chart a, .chart button, .chart [tabindex]").count() == 0
            assert page.locator(".modebar").count() == 0
            # the embedded Sarabun, regular and bold, is what the page uses
            assert page.evaluate("document.fonts.check('16px Sarabun', 'ภาพรวม')")
            loaded = page.evaluate(
                "[...document.fonts].filter(f => f.family.replace(/[\"']/g, '') === 'Sarabun'"
                " && f.status === 'loaded').map(f => f.weight).sort()"
            )
            assert loaded == ["400", "700"]
            assert "Sarabun" in page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
            assert left == [], left  # no request left the file
            assert problems == [], problems  # no script error, no request the page's CSP refused
            page.screenshot(path=str(SHOTS / f"web_{digits}_{width}x{height}.png"))
            page.screenshot(path=str(SHOTS / f"web_{digits}_{width}x{height}_full.png"), full_page=True)
            violations = axe_violations(page)
            assert violations == [], describe(violations)
            page.close()
        browser.close()


def test_the_page_fits_a_phone_without_sideways_scrolling(files: dict[str, Path]) -> None:
    sync_playwright = playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="th-TH")
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(files["arabic"].as_uri())
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {CHARTS}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SHOTS / "web_arabic_390x844_full.png"), full_page=True)
        browser.close()
