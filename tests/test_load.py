"""A bounded load test through nginx (localhost only): 20 people open the overview at the same moment.

deploy/start.sh runs two app processes behind nginx on one PostgreSQL store; 20 sessions, each signed
in, open the overview together the way a browser does (the page through nginx, then the websocket
/_stcore/stream and one run of the script; a client this light leaves the 2-core machine's CPU to the
servers). Every one must get the whole page: five charts, no error, and the same figures as one session
alone. Times are measured and printed (bench/bench_load.py is the same measurement for the README),
never asserted. Chromium through nginx is tested in test_deploy.py.

Needs Chromium, PostgreSQL (KPI_TEST_POSTGRES_URL) and nginx: skipped on a laptop without them,
required (never skipped) when CI=true.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser_support import nginx, playwright
from conftest import require
from test_deploy import postgres_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_load import CHARTS, run  # noqa: E402

from kpi.domain.figures import complaint_figures, ita_figures  # noqa: E402
from kpi.store.database import Store  # noqa: E402

pytestmark = pytest.mark.browser
SESSIONS = 20


def test_twenty_sessions_at_once_through_nginx_all_get_the_right_overview() -> None:
    require("websockets")
    playwright()
    nginx()
    result, single, crowd = run(postgres_url(), processes=2, sessions=SESSIONS)
    for line in result.lines():
        print(line)
    reference = single[0].text
    store = Store(postgres_url())
    dataset = store.dataset()
    store.engine.dispose()
    ita = ita_figures(dataset, 2568)["total"]
    received = complaint_figures(dataset, 2568, public=False)["year"]["received"]
    assert "ข้อมูลฉบับที่ 1" in reference  # the sample, as every new store starts
    assert f"**คะแนน ITA ล่าสุด (2568)**\n## {ita:.2f}" in reference and f"ปีนี้ {received} เรื่อง" in reference
    assert len(crowd) == SESSIONS
    for visit in single + crowd:
        assert visit.problem == "", visit.problem
        assert visit.charts == CHARTS and visit.errors == 0
        assert visit.text == reference  # the same figures for everyone, however busy the servers were
    # nginx spread the browsers over both processes (each stays on its own: see test_deploy)
    assert len(result.per_process) == 2 and sum(result.per_process.values()) >= SESSIONS, result.per_process
