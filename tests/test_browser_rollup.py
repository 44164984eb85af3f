"""In real Chromium: the roll-up page (ภาพรวมหลายหน่วยงาน) of many agencies draws its charts and its
ranking, in Thai, at a laptop's and a desktop's size; screenshots go to screenshots/ for a look.

Skipped on a laptop without Chromium; required (never skipped) when CI=true.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from actors import ADMIN
from browser_support import ARGS, CHROMIUM, SHOTS, playwright, run_app, settle

from kpi.ingest.upload import commit_upload, ensure_seeded, prepare_upload
from kpi.store.database import Store
from scripts.make_agencies import agencies_workbook

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample and 600 agencies' results over three years (the 8,000-agency screenshots in
    screenshots/rollup_*.png were taken the same way with count=8000)."""
    database = tmp_path_factory.mktemp("db") / "rollup.sqlite3"
    store = Store(f"sqlite:///{database}")
    ensure_seeded(store)
    data = agencies_workbook(count=600, years=(2566, 2567, 2568))
    plan = prepare_upload(data, "agencies.xlsx", store.dataset())
    assert plan.ok
    commit_upload(store, plan, actor=ADMIN)
    yield from run_app(database)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_roll_up_page_draws_its_charts_and_ranking(server: str, size: tuple[int, int]) -> None:
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    width, height = size
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height * 4}, locale="th-TH")
        page.goto(f"{server}/rollup")
        settle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        charts = page.locator("[data-testid='stPlotlyChart']")
        assert charts.count() >= 3
        # the trend's line and the box plots are really drawn (SVG paths inside the plots)
        assert page.locator(".js-plotly-plot .scatterlayer path.js-line").count() >= 1
        assert page.locator(".js-plotly-plot .boxlayer path.box").count() >= 2
        assert page.get_by_text("ภาพรวมหลายหน่วยงาน").first.is_visible()
        assert page.locator("[data-testid='stDataFrame']").first.is_visible()
        page.screenshot(path=str(SHOTS / f"rollup_browser_{width}x{height}.png"))
        browser.close()


def test_clicking_a_row_of_the_ranking_chooses_that_agency(server: str) -> None:
    """The ranking's row marker selects an agency (st.dataframe on_select): one without its own workbook
    is said to have only its published results."""
    sync_playwright = playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 2400}, locale="th-TH")
        page.goto(f"{server}/rollup")
        settle(page)
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's marker, under the header row
        page.get_by_text("ยังไม่มีสมุดงานของตนเองในระบบ").wait_for(timeout=60_000)
        browser.close()
