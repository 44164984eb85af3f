"""The same store on PostgreSQL (KPI_DATABASE_URL=postgresql+psycopg://…).

Needs a server: set KPI_TEST_POSTGRES_URL. Skipped on a laptop without one; required when CI=true
(.ci/run installs and starts PostgreSQL).
"""

from __future__ import annotations

import threading

from actors import ADMIN
from conftest import POSTGRES_URL

from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.store.database import Store
from kpi.store.faults import StoreConflict


def test_sample_upload_rollback_on_postgres(pg_store: Store) -> None:
    plan = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, pg_store.dataset())
    assert plan.ok
    assert commit_upload(pg_store, plan, actor=ADMIN) == 1
    measures = pg_store.dataset().frame("measures")
    assert len(measures[measures["fiscal_year"] == 2568]) == 17
    again = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, pg_store.dataset())
    assert again.changes == []
    assert pg_store.rollback(1, actor=ADMIN).number == 2
    assert pg_store.dataset().frame("measures").equals(measures)


def test_simultaneous_commits_on_postgres_lose_nothing(pg_store: Store) -> None:
    plan = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, pg_store.dataset())
    outcomes: list[str] = []

    def writer() -> None:
        try:
            commit_upload(Store(POSTGRES_URL), plan, actor=ADMIN)
            outcomes.append("ok")
        except StoreConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
    assert [v.number for v in pg_store.versions()] == [1]
