"""Unexpected errors: a short reference for the user, the details for the log.

The log line names the exception's type and where it was raised (file, line, function), never its
message or any local value: an exception's text can quote a cell or a file's contents.
"""

from __future__ import annotations

import logging
import secrets
import traceback
from pathlib import Path

logger = logging.getLogger("kpi.errors")


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
    logger.error("unexpected error ref=%s in %s: %s", reference, where, " | caused by ".join(chain))
    return reference
