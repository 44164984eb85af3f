"""The same store on PostgreSQL (KPI_DATABASE_URL=postgresql+psycopg://…).

Needs a server: set KPI_TEST_POSTGRES_URL. Skipped on a laptop without one; required when CI=true
(.ci/run installs and starts PostgreSQL).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from conftest import in_ci

from kpi.settings import SAMPLE_WORKBOOK
from kpi.store import Store, StoreConflict, metadata
from kpi.upload import commit_upload, prepare_upload

URL = os.environ.get("KPI_TEST_POSTGRES_URL", "")


@pytest.fixture()
def pg_store() -> Iterator[Store]:
    if not URL:
        if in_ci():
            pytest.fail("CI=true but KPI_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set KPI_TEST_POSTGRES_URL)")
    store = Store(URL)
    metadata.drop_all(store.engine)
    metadata.create_all(store.engine)
    yield store
    metadata.drop_all(store.engine)
    store.engine.dispose()


def test_sample_upload_rollback_on_postgres(pg_store: Store) -> None:
    plan = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, pg_store.dataset())
    assert plan.ok
    assert commit_upload(pg_store, plan) == 1
    measures = pg_store.dataset().frame("measures")
    assert len(measures[measures["fiscal_year"] == 2568]) == 17
    again = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, pg_store.dataset())
    assert again.changes == []
    assert pg_store.rollback(1).number == 2
    assert pg_store.dataset().frame("measures").equals(measures)


def test_simultaneous_commits_on_postgres_lose_nothing(pg_store: Store) -> None:
    plan = prepare_upload(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name, pg_store.dataset())
    outcomes: list[str] = []

    def writer() -> None:
        try:
            commit_upload(Store(URL), plan)
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
