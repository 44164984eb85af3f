"""Unexpected errors: a short reference for the user, the details for the log.

The log line names the exception's type and where it was raised (file, line, function), never its
message or any local value: an exception's text can quote a cell or a file's contents.
"""

from __future__ import annotations

import logging
import secrets
import time
import traceback
from pathlib import Path

from kpi.core.settings import DATA_DIR

logger = logging.getLogger("kpi.core.errors")
# Where the details go when nothing else configured logging (the command line): a file, never the
# terminal, where Python's last-resort handler would print an English line beside the Thai one.
LOG_FILE = DATA_DIR / "kpi-errors.log"
_BANGKOK_OFFSET = 7 * 3600


def _ensure_handler() -> None:
    if logger.handlers or logging.getLogger().handlers:
        return  # Streamlit, pytest or an administrator already decided where logs go
    handler: logging.Handler
    try:
        handler = logging.FileHandler(LOG_FILE, encoding="utf-8")
    except OSError:  # a read-only or full disk: the reference is still shown, the details are dropped
        handler = logging.NullHandler()
    formatter = logging.Formatter("%(asctime)s+07:00 %(levelname)s %(message)s")
    formatter.converter = lambda seconds: time.gmtime((seconds or time.time()) + _BANGKOK_OFFSET)  # Bangkok time
    handler.setFormatter(formatter)
    logger.addHandler(handler)


def new_reference() -> str:
    """Eight hex characters a user can read out to whoever looks at the log."""
    return secrets.token_hex(4)


def log_unexpected(exc: BaseException, where: str) -> str:
    """Log an unexpected error with a fresh reference and return the reference."""
    reference = new_reference()
    chain: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 5:
        frames = traceback.extract_tb(current.__traceback__)
        places = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
        chain.append(f"{type(current).__module__}.{type(current).__qualname__} at {places or '?'}")
        current = current.__cause__ or current.__context__
    _ensure_handler()
    logger.error("unexpected error ref=%s in %s: %s", reference, where, " | caused by ".join(chain))
    return reference
