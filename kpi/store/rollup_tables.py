"""The roll-up tables: the head version's results of many agencies as plain rows other tools can query.

The versioned blocks stay the source. After every commit, rollback, restore and migration the store
rebuilds, in the same transaction, what the new version changed:
  agency_results   every row of the shared sheet ผล ITA หลายหน่วยงาน, with the total every screen uses
                   (kpi.domain.ita.ita_score: as published, or computed from the three tools by the
                   year's weights), the year's pass mark and whether the total reaches it
  agencies         each code's latest name, type (its Thai word, อบต. …), district and province
  agency_progress  per agency with its own workbook and fiscal year: the whole-year measure counts
                   and satisfaction exactly as the overview computes them (kpi.domain.figures)
  ita_pass_by_district (a view)  pass rate per year, province and district
So a province office can point Metabase, Power BI or plain SQL at the database read-only, and the
roll-up page and `python -m kpi rollup` read the same rows (one quantity, one number).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from kpi.core.dataset import Block, cell_float, dataset_from_blocks
from kpi.core.schema import AGENCY_TYPES, SHARED_AGENCY, label_of
from kpi.domain.figures import measure_figures, satisfaction_figures
from kpi.domain.ita import ita_score, round_for_rating
from kpi.domain.ita_rules import default_rules, pass_mark
from kpi.store.codec import block_of_row, version_blocks_query
from kpi.store.tables import agencies, agency_progress, agency_results, version_blocks

Key = tuple[str, str, int]
BlockMap = dict[Key, tuple[str, bool]]

VIEW_NAME = "ita_pass_by_district"
# The README shows this query; `passed` is 1/0 in SQLite and a boolean in PostgreSQL, so CASE reads both.
VIEW_SQL = """
SELECT fiscal_year, province, district,
       COUNT(*) AS with_results,
       SUM(CASE WHEN passed THEN 1 ELSE 0 END) AS passed,
       ROUND(CAST(100.0 * SUM(CASE WHEN passed THEN 1 ELSE 0 END) / COUNT(*) AS NUMERIC), 2) AS pass_rate,
       AVG(total) AS mean_total
FROM agency_results
GROUP BY fiscal_year, province, district
"""


def create_view(conn: Connection) -> None:
    """Create the pass-rate view; both databases accept this SQL."""
    conn.exec_driver_sql(f"CREATE VIEW {VIEW_NAME} AS {VIEW_SQL}")


def changed_keys(before: BlockMap, after: BlockMap) -> set[Key]:
    """The (agency, sheet, year) places whose block differs between two versions (added, removed or changed)."""
    return {
        key for key in before.keys() | after.keys() if before.get(key, ("", False))[0] != after.get(key, ("", False))[0]
    }


def refresh(conn: Connection, version: int, changed: set[Key] | None) -> None:
    """Bring the roll-up tables to `version`: only what `changed` names, or everything (None)."""
    if changed is not None and not changed:
        return
    if changed is None:
        conn.execute(delete(agency_results))
        conn.execute(delete(agency_progress))
        years = None
        owners = {r.agency for r in conn.execute(_places(version)) if r.agency != SHARED_AGENCY}
    else:
        years = {year for agency, sheet, year in changed if agency == SHARED_AGENCY}
        owners = {agency for agency, _, _ in changed if agency != SHARED_AGENCY}
    if years is None or years:
        _refresh_results(conn, version, years)
    for owner in sorted(owners):
        _refresh_progress(conn, version, owner)


def _places(version: int):  # type: ignore[no-untyped-def]
    return select(version_blocks.c.agency).where(version_blocks.c.version == version).distinct()


def _blocks(conn: Connection, version: int, agency: str, sheet: str | None = None) -> list[Block]:
    query = version_blocks_query(version).where(version_blocks.c.agency == agency)
    if sheet is not None:
        query = query.where(version_blocks.c.sheet == sheet)
    return [block_of_row(row) for row in conn.execute(query)]


def result_row(record: dict) -> dict:  # type: ignore[type-arg]
    """One stored agency_ita record as an agency_results row: the total and verdict every output shows."""
    year = int(record["fiscal_year"])
    iit, eit, oit = (cell_float(record.get(key)) for key in ("iit", "eit", "oit"))
    total, rating = cell_float(record.get("total")), record.get("published_rating")
    score = ita_score(year, iit, eit, oit, total, published_rating=rating, rules=default_rules())
    mark = pass_mark(year)
    passed = score.gap_to_pass >= 0 if score.gap_to_pass is not None else score.total >= mark
    return {
        "code": str(record["code"]),
        "fiscal_year": year,
        "name": str(record.get("name") or ""),
        "type": label_of(AGENCY_TYPES, str(record.get("type") or "")),  # the Thai word, for any SQL reader
        "district": str(record.get("district") or ""),
        "province": str(record.get("province") or ""),
        "iit": iit,
        "eit": eit,
        "oit": oit,
        "total": round_for_rating(float(score.total)),  # half up, as the rating and the ITA page round it
        "published_rating": score.published_rating,
        "pass_mark": float(mark),
        "passed": bool(passed),
    }


def _refresh_results(conn: Connection, version: int, years: set[int] | None) -> None:
    found = [b for b in _blocks(conn, version, SHARED_AGENCY, "agency_ita") if years is None or b.fiscal_year in years]
    if years:
        conn.execute(delete(agency_results).where(agency_results.c.fiscal_year.in_(sorted(years))))
    rows = [result_row(dict(record)) for block in found for record in block.records]
    if rows:
        conn.execute(insert(agency_results), rows)
    _refresh_agencies(conn)


def _refresh_agencies(conn: Connection) -> None:
    columns = (agency_results.c.code, agency_results.c.fiscal_year, agency_results.c.name, agency_results.c.type,
               agency_results.c.district, agency_results.c.province)  # fmt: skip
    latest: dict[str, dict] = {}  # type: ignore[type-arg]
    for row in conn.execute(select(*columns).order_by(agency_results.c.fiscal_year)):
        latest[row.code] = {
            "code": row.code,
            "name": row.name,
            "type": row.type,
            "district": row.district,
            "province": row.province,
            "latest_year": row.fiscal_year,
        }
    conn.execute(delete(agencies))
    if latest:
        conn.execute(insert(agencies), list(latest.values()))


def _refresh_progress(conn: Connection, version: int, owner: str) -> None:
    conn.execute(delete(agency_progress).where(agency_progress.c.code == owner))
    own = _blocks(conn, version, owner)
    if not own:
        return
    dataset = dataset_from_blocks(own)
    years: set[int] = set()
    for sheet in ("measures", "results", "satisfaction"):
        years.update(int(y) for y in dataset.frame(sheet)["fiscal_year"].dropna().unique())
    rows = []
    for year in sorted(years):
        counts = measure_figures(dataset, year, None)
        satisfaction = satisfaction_figures(dataset, year)["year"]
        rows.append(
            {
                "code": owner,
                "fiscal_year": year,
                "planned": counts.planned,
                "done": counts.done,
                "in_progress": counts.in_progress,
                "not_started": counts.not_started,
                "not_reported": counts.not_reported,
                "on_plan": counts.on_plan,
                "satisfaction_percent": satisfaction["percent"],
                "satisfaction_n": satisfaction["n"],
            }
        )
    if rows:
        conn.execute(insert(agency_progress), rows)


# reading ---------------------------------------------------------------------------------------
RESULT_COLUMNS = tuple(c.name for c in agency_results.columns)
PROGRESS_COLUMNS = tuple(c.name for c in agency_progress.columns)
AGENCY_COLUMNS = tuple(c.name for c in agencies.columns)


def _frame(conn: Connection, query, columns: Iterable[str]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    # The driver's rows as they come (strings, numbers, 0/1 or bools): SQLAlchemy's per-row processing
    # costs more than the query for 80,000 rows, and nothing here needs it.
    cursor = conn.execute(query).cursor
    rows = cursor.fetchall() if cursor is not None else []
    return pd.DataFrame.from_records(rows, columns=list(columns))


def read_agency_results(conn: Connection) -> pd.DataFrame:
    """Every agency_results row (code, fiscal_year, name, type, district, province, iit, eit, oit, total,
    published_rating, pass_mark, passed), ordered by year and code; `passed` is a bool on both databases."""
    query = select(agency_results).order_by(agency_results.c.fiscal_year, agency_results.c.code)
    frame = _frame(conn, query, RESULT_COLUMNS)
    frame["passed"] = frame["passed"].astype(bool)
    return frame


def read_agencies(conn: Connection) -> pd.DataFrame:
    """Every agency's latest name, type, district and province, by code."""
    return _frame(conn, select(agencies).order_by(agencies.c.code), AGENCY_COLUMNS)


def read_agency_progress(conn: Connection) -> pd.DataFrame:
    """Measure counts and satisfaction per agency with its own workbook ("" is the install's own) and year."""
    query = select(agency_progress).order_by(agency_progress.c.code, agency_progress.c.fiscal_year)
    return _frame(conn, query, PROGRESS_COLUMNS)
