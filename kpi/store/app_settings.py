"""What an admin sets in the app (the public view, the session length) and the session-signing key.

Kept in the store, so every app process on one database agrees; each change is audited.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kpi.access.actor import Actor
from kpi.access.roles import may
from kpi.access.tokens import new_key
from kpi.core.messages import t
from kpi.core.settings import AUTH
from kpi.store.audit import StoreLike, append
from kpi.store.faults import StoreError, fault_from
from kpi.store.tables import app_settings

_KEY = "session_key"
PUBLIC_VIEW = "public_view"
SESSION_HOURS = "session_hours"
MAX_SESSION_HOURS = 24 * 30


def _read(store: StoreLike, name: str) -> str | None:
    with store._reading() as conn:
        return conn.execute(select(app_settings.c.value).where(app_settings.c.name == name)).scalar()


def public_view(store: StoreLike) -> bool:
    """Whether an anonymous visitor may see the public-safe dashboards (off unless an admin switched it on)."""
    return _read(store, PUBLIC_VIEW) == "on"


def session_hours(store: StoreLike) -> int:
    value = _read(store, SESSION_HOURS)
    try:
        hours = int(value) if value else AUTH.session_hours
    except ValueError:
        hours = AUTH.session_hours
    return min(max(hours, 1), MAX_SESSION_HOURS)


def _put(store: StoreLike, actor: Actor, name: str, value: str, detail: str) -> None:
    if not may(actor.role, "settings"):
        raise StoreError("access_denied")
    try:
        with store.engine.begin() as conn:
            done = conn.execute(update(app_settings).where(app_settings.c.name == name).values(value=value))
            if not done.rowcount:
                conn.execute(insert(app_settings).values(name=name, value=value))
            append(conn, actor, "settings", detail)
    except StoreError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise fault_from(exc, store.url, writing=True) from exc


def set_public_view(store: StoreLike, actor: Actor, on: bool) -> None:
    _put(
        store,
        actor,
        PUBLIC_VIEW,
        "on" if on else "off",
        t("audit_detail_public_view_on" if on else "audit_detail_public_view_off"),
    )


def set_session_hours(store: StoreLike, actor: Actor, hours: int) -> None:
    if not 1 <= hours <= MAX_SESSION_HOURS:
        raise StoreError("session_hours_invalid", most=MAX_SESSION_HOURS)
    _put(store, actor, SESSION_HOURS, str(hours), t("audit_detail_session_hours", hours=hours))


def signing_key(store: StoreLike) -> bytes:
    """The key session cookies are signed with: made once, shared by every process on the store."""
    stored = _read(store, _KEY)
    if stored:
        return bytes.fromhex(stored)
    key = new_key()
    try:
        with store.engine.begin() as conn:
            conn.execute(insert(app_settings).values(name=_KEY, value=key.hex()))
    except IntegrityError:
        pass  # another process made it first: use theirs
    except (SQLAlchemyError, OSError) as exc:
        raise fault_from(exc, store.url, writing=True) from exc
    stored = _read(store, _KEY)
    return bytes.fromhex(stored) if stored else key
