"""Local accounts and their sessions: add, change password, disable, role; sign in and out; lockout.

Every change is written with its audit entry in one transaction. A refusal is a StoreError whose
Thai message never says which part of a sign-in was wrong, and never repeats the password.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kpi.access.actor import Actor
from kpi.access.passwords import check_password, hash_password, needs_rehash, password_problem
from kpi.access.roles import Role, is_account_role, may, role_label
from kpi.access.tokens import new_token, token_digest
from kpi.core.fiscal import BANGKOK
from kpi.core.messages import t
from kpi.core.settings import AUTH
from kpi.store.audit import StoreLike, append, now_bangkok
from kpi.store.faults import StoreError, fault_from
from kpi.store.tables import sessions, users

_NAME_MARKS = frozenset(".-_")


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    disabled: bool
    locked_until: str | None
    created_at: str
    changed_at: str

    def locked(self, now: str | None = None) -> bool:
        return bool(self.locked_until) and str(self.locked_until) > (now or now_bangkok())


@dataclass(frozen=True)
class SignIn:
    """A sign-in's outcome: the account and its new session token, or neither."""

    account: Account | None
    token: str | None

    @property
    def ok(self) -> bool:
        return self.account is not None and self.token is not None


def name_key(name: str) -> str | None:
    """The account name as it is matched (NFC, case-folded), or None when it cannot be an account name.

    Letters of any script (Thai too), digits and . - _ ; bounded before anything is read.
    """
    if not isinstance(name, str) or not name or len(name) > AUTH.max_account_name_length:
        return None
    text = unicodedata.normalize("NFC", name.strip())
    if not text or not all(ch.isalnum() or ch in _NAME_MARKS or unicodedata.category(ch) == "Mn" for ch in text):
        return None
    return text.casefold()


def _account(row) -> Account:  # type: ignore[no-untyped-def]
    return Account(row.name, row.role, bool(row.disabled), row.locked_until, row.created_at, row.changed_at)


def _write(store: StoreLike, work) -> None:  # type: ignore[no-untyped-def]
    try:
        with store.engine.begin() as conn:
            work(conn)
    except StoreError:
        raise
    except IntegrityError as exc:
        raise StoreError("user_exists") from exc
    except (SQLAlchemyError, OSError) as exc:
        raise fault_from(exc, store.url, writing=True) from exc


def has_accounts(store: StoreLike) -> bool:
    """Whether any account exists (a disabled one too: sign-in stays required once it has been)."""
    with store._reading() as conn:
        return conn.execute(select(users.c.name_key).limit(1)).first() is not None


def list_accounts(store: StoreLike) -> list[Account]:
    with store._reading() as conn:
        return [_account(r) for r in conn.execute(select(users).order_by(users.c.name_key)).all()]


def _require(actor: Actor, store: StoreLike) -> None:
    """Managing accounts: an admin, or whoever runs the laptop's own install before the first account exists."""
    if may(actor.role, "users"):
        return
    raise StoreError("access_denied")


def _checked_password(password: str) -> str:
    problem = password_problem(password)
    if problem == "too_long":
        raise StoreError("auth_password_too_long", most=AUTH.max_password_length)
    if problem == "empty":
        raise StoreError("auth_password_empty")
    if problem == "too_short":
        raise StoreError("auth_password_too_short", least=AUTH.min_password_length)
    return hash_password(password)


def _existing(conn: Connection, key: str):  # type: ignore[no-untyped-def]
    row = conn.execute(select(users).where(users.c.name_key == key)).first()
    if row is None:
        raise StoreError("user_not_found")
    return row


def add_account(store: StoreLike, actor: Actor, name: str, role: str, password: str) -> Account:
    """A new account (the name must be free, the role one of viewer/editor/admin, the password long enough)."""
    _require(actor, store)
    key = name_key(name)
    if key is None:
        raise StoreError("user_name_invalid", most=AUTH.max_account_name_length)
    if not is_account_role(role):
        raise StoreError("user_role_invalid")
    hashed = _checked_password(password)
    now = now_bangkok()
    shown = unicodedata.normalize("NFC", name.strip())

    def work(conn: Connection) -> None:
        if conn.execute(select(users.c.name_key).where(users.c.name_key == key)).first() is not None:
            raise StoreError("user_exists")
        conn.execute(
            insert(users).values(
                name_key=key,
                name=shown,
                role=role,
                password_hash=hashed,
                disabled=False,
                failures=0,
                locked_until=None,
                created_at=now,
                changed_at=now,
            )  # fmt: skip
        )
        append(conn, actor, "user_add", f"{shown} ({role_label(role)})")

    _write(store, work)
    return Account(shown, role, False, None, now, now)  # type: ignore[arg-type]


def check_admin_change(
    store: StoreLike | Connection, actor: Actor, name: str, *, disabled: bool | None = None, role: str | None = None
) -> None:
    """Refuse (StoreError) an admin disabling their own account, or a change that leaves no enabled admin."""
    if not isinstance(store, Connection):
        with store._reading() as conn:
            return check_admin_change(conn, actor, name, disabled=disabled, role=role)
    key = name_key(name)
    if disabled and actor.via == "app" and key is not None and key == name_key(actor.name):
        raise StoreError("user_self_disable")
    stays_admin = not disabled and (role is None or role == "admin")
    admins = store.execute(select(users.c.name_key).where(users.c.role == "admin", users.c.disabled.is_(False)))
    others = [k for k in admins.scalars() if k != key]
    if not stays_admin and not others and key is not None:
        target = store.execute(select(users.c.role, users.c.disabled).where(users.c.name_key == key)).first()
        if target is not None and target.role == "admin" and not target.disabled:
            raise StoreError("user_last_admin")
    return None


def _change(
    store: StoreLike,
    actor: Actor,
    name: str,
    action: str,
    values: dict,  # type: ignore[type-arg]
    detail: str = "",
    check: dict | None = None,  # type: ignore[type-arg]
) -> None:
    _require(actor, store)
    key = name_key(name)
    if key is None:
        raise StoreError("user_not_found")

    def work(conn: Connection) -> None:
        row = _existing(conn, key)
        if check is not None:  # inside the transaction: two admins disabling each other cannot both pass
            check_admin_change(conn, actor, name, **check)
        conn.execute(update(users).where(users.c.name_key == key).values(**values, changed_at=now_bangkok()))
        if values.get("disabled") or "password_hash" in values or "role" in values:
            # a disabled account, a new password or a new role: every session of the account ends now
            conn.execute(
                update(sessions)
                .where(sessions.c.name_key == key, sessions.c.ended_at.is_(None))
                .values(ended_at=now_bangkok())
            )
        append(conn, actor, action, f"{row.name}{(' ' + detail) if detail else ''}")

    _write(store, work)


def set_password(store: StoreLike, actor: Actor, name: str, password: str) -> None:
    """A new password (also lifts a lockout)."""
    hashed = _checked_password(password)
    _change(store, actor, name, "user_passwd", {"password_hash": hashed, "failures": 0, "locked_until": None})


def set_disabled(store: StoreLike, actor: Actor, name: str, disabled: bool) -> None:
    action = "user_disable" if disabled else "user_enable"
    _change(store, actor, name, action, {"disabled": disabled}, check={"disabled": disabled})


def set_role(store: StoreLike, actor: Actor, name: str, role: str) -> None:
    if not is_account_role(role):
        raise StoreError("user_role_invalid")
    _change(store, actor, name, "user_role", {"role": role}, f"→ {role_label(role)}", check={"role": role})


def _later(hours: float = 0, minutes: float = 0) -> str:
    moment = dt.datetime.now(BANGKOK) + dt.timedelta(hours=hours, minutes=minutes)
    return moment.isoformat(timespec="seconds")


def sign_in(store: StoreLike, name: str, password: str, session_hours: float, via: str = "app") -> SignIn:
    """Check a name and password; on success a new session. Every outcome is audited; the caller says only
    'the name or password is wrong, or the account cannot sign in now' whatever the reason."""
    key = name_key(name) if isinstance(name, str) else None
    with store._reading() as conn:
        row = conn.execute(select(users).where(users.c.name_key == key)).first() if key else None
    # The same argon2 work whether or not the account exists, is disabled or is locked.
    matches = check_password(row.password_hash if row is not None else None, password)
    now = now_bangkok()
    if row is None:
        _write(store, lambda conn: append(conn, _anonymous(via), "sign_in_failed", t("audit_detail_unknown_name")))
        return SignIn(None, None)
    account = _account(row)
    who = Actor(row.name, row.role, via)  # type: ignore[arg-type]
    if account.disabled or account.locked(now) or not matches:
        reason = "disabled" if account.disabled else "locked" if account.locked(now) else "password"
        why = {
            "disabled": t("audit_detail_disabled"),
            "locked": t("audit_detail_locked"),
            "password": t("audit_detail_password"),
        }[reason]

        def failed(conn: Connection) -> None:
            append(conn, who, "sign_in_failed", why)
            if reason != "password":
                return
            failures = int(row.failures or 0) + 1
            if failures >= AUTH.max_failures:
                conn.execute(
                    update(users)
                    .where(users.c.name_key == key)
                    .values(failures=0, locked_until=_later(minutes=AUTH.lockout_minutes))
                )
                append(conn, who, "lockout", t("audit_detail_lockout", minutes=AUTH.lockout_minutes))
            else:
                conn.execute(update(users).where(users.c.name_key == key).values(failures=failures))

        _write(store, failed)
        return SignIn(None, None)
    token = new_token()

    def succeeded(conn: Connection) -> None:
        values: dict[str, object] = {"failures": 0, "locked_until": None}
        if needs_rehash(row.password_hash):
            values["password_hash"] = hash_password(password)
        conn.execute(update(users).where(users.c.name_key == key).values(**values))
        conn.execute(
            insert(sessions).values(
                token_hash=token_digest(token), name_key=key, created_at=now, expires_at=_later(hours=session_hours)
            )
        )
        conn.execute(delete(sessions).where(sessions.c.expires_at < now))  # expired sessions are not kept
        append(conn, who, "sign_in")

    _write(store, succeeded)
    return SignIn(account, token)


def _anonymous(via: str) -> Actor:
    return Actor("-", "public", via)  # type: ignore[arg-type]


def session_account(store: StoreLike, token: str | None) -> Account | None:
    """The account of a live session token: not ended, not expired, the account enabled."""
    if not token or len(token) > 100:
        return None
    now = now_bangkok()
    query = (
        select(users)
        .join(sessions, sessions.c.name_key == users.c.name_key)
        .where(sessions.c.token_hash == token_digest(token), sessions.c.ended_at.is_(None), sessions.c.expires_at > now)
    )
    with store._reading() as conn:
        row = conn.execute(query).first()
    if row is None or row.disabled:
        return None
    return _account(row)


def sign_out(store: StoreLike, token: str | None, actor: Actor) -> None:
    """End a session (audited); an unknown or ended token changes nothing but is still audited."""
    digest = token_digest(token or "")

    def work(conn: Connection) -> None:
        conn.execute(
            update(sessions)
            .where(sessions.c.token_hash == digest, sessions.c.ended_at.is_(None))
            .values(ended_at=now_bangkok())
        )
        append(conn, actor, "sign_out")

    _write(store, work)
