"""Several processes opening one new SQLite store at the same moment: each connection switches the file to
WAL mode, and SQLite answers "database is locked" at once (no busy wait) to the ones that lose the race. The
store retries the switch (kpi.store.database._switch_to_wal), so no opening fails; before, about one
connection in twenty-five failed here, and CI saw it as a failed upgrade of an old store.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

from kpi.store.database import _switch_to_wal

ROUNDS = 60
PROCESSES = 4


def _open(path: str) -> str:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        _switch_to_wal(connection.cursor())
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])
    except sqlite3.OperationalError as exc:
        return f"failed: {exc}"
    finally:
        connection.close()


def test_processes_racing_to_open_a_new_store_all_get_it_in_wal_mode(tmp_path: Path) -> None:
    files = []
    for index in range(ROUNDS):
        path = tmp_path / f"store-{index}.sqlite3"
        with sqlite3.connect(path) as connection:  # an existing store, still in the default journal mode
            connection.execute("CREATE TABLE t (a)")
        files.append(str(path))
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        answers = [answer for path in files for answer in pool.map(_open, [path] * PROCESSES, chunksize=1)]
    assert answers == ["wal"] * (ROUNDS * PROCESSES)
