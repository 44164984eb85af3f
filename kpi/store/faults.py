"""What goes wrong in the store, as Problems: the errors every store operation may raise.

A driver's error (SQLite's result name, PostgreSQL's SQLSTATE, an OSError) becomes a StoreFault
whose Problem has a catalogue code and a Thai message that says what to do; no caller ever sees a
driver's English. The pages show `.message`; the command line prints `.problems`.
"""

from __future__ import annotations

import errno
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from kpi.core.messages import problem_message
from kpi.core.problems import Problem


def store_problem(code: str, **fields: object) -> Problem:
    """The Problem for a store error: the catalogue's Thai message, its facts kept as data."""
    details = tuple(
        (name, value if isinstance(value, str | int | float) else str(value)) for name, value in fields.items()
    )
    return Problem(code=code, message=problem_message(code, **fields), details=details)


class StoreError(Exception):
    """A store operation that did not happen: `problem` says why (`message` is its Thai text, safe to show)."""

    def __init__(self, code: str, **fields: object):
        self.problem = store_problem(code, **fields)
        super().__init__(self.problem.message)
        self.code = code
        self.message = self.problem.message
        self._fields = fields

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Picklable (a worker process's refusal reaches its parent instead of killing the pool's result thread)."""
        return (_rebuild, (type(self), self.code, self._fields))

    @property
    def problems(self) -> list[Problem]:
        """Everything to show the user, the refusal itself last."""
        return [self.problem]


def _rebuild(kind: type[StoreError], code: str, fields: dict[str, object]) -> StoreError:
    return kind(code, **fields)


class StoreConflict(StoreError):
    """Someone else saved a version first."""


class StoreFault(StoreError):
    """The store itself is damaged, read-only, full or cannot be reached; `code` names which."""


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (also `sqlite:///file:PATH?mode=ro&uri=true`), None otherwise."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # not a database URL at all: never echo it (it may hold a password)
        raise StoreFault("store_bad_url") from exc
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    database = parsed.database
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = unquote(database.removeprefix("file:"))  # SQLite's URI: the path's ?, #, % are escaped
    return Path(database)


# SQLite's result names and PostgreSQL's SQLSTATE classes, mapped to the faults a user can act on.
_SQLITE_FAULTS = {
    "SQLITE_READONLY": "store_readonly",
    "SQLITE_FULL": "store_full",
    "SQLITE_IOERR": "store_io",
    "SQLITE_CORRUPT": "store_corrupt",
    "SQLITE_NOTADB": "store_corrupt",
    "SQLITE_CANTOPEN": "store_cannot_open",
    "SQLITE_PERM": "store_readonly",
    "SQLITE_BUSY": "store_busy",
    "SQLITE_LOCKED": "store_busy",
}
_PG_FAULTS = {"25006": "store_readonly", "53100": "store_full", "08": "store_unreachable", "57P01": "store_unreachable"}


def fault_from(exc: BaseException, url: str, writing: bool = False) -> StoreFault:
    """The Thai StoreFault for a driver error (any unknown one is 'store_unavailable')."""
    orig = getattr(exc, "orig", None) or exc
    path = sqlite_path(url)
    where = path if path is not None else make_url(url).render_as_string(hide_password=True)
    # Extended names such as SQLITE_IOERR_SHORT_READ share the primary code's first two parts.
    sqlite_name = "_".join(str(getattr(orig, "sqlite_errorname", "") or "").split("_")[:2])
    code = _SQLITE_FAULTS.get(sqlite_name, "")
    if not code and path is None:
        sqlstate = str(getattr(orig, "sqlstate", "") or "")
        code = _PG_FAULTS.get(sqlstate, "") or _PG_FAULTS.get(sqlstate[:2], "")
        if not code and not sqlstate and isinstance(exc, OperationalError):
            code = "store_unreachable"  # the driver could not connect at all: no SQLSTATE
    if not code and isinstance(orig, OSError):
        code = "store_full" if orig.errno == errno.ENOSPC else "store_io"
    if code:
        return StoreFault(code, path=where, backups=_backup_folder_text(url))
    if writing:
        return StoreFault("store_unavailable", reason=type(orig).__name__)
    return StoreFault("store_read_failed", path=where)


def _backup_folder_text(url: str) -> str:
    from kpi.store.backup import backup_folder

    return str(backup_folder(url))
