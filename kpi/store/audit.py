"""The audit trail: who did what, when (Asia/Bangkok) and on which data version; append-only and hash-chained.

Each entry carries the hash of the entry before it and its own hash over every field, and the one
`audit_head` row holds the last sequence number and hash. `verify` walks the chain: an edited entry
no longer matches its hash, a deleted one leaves a gap or a broken link, a deleted last entry no
longer matches the head, and a version saved with a name but no entry of its own is named too.
Nothing in the product updates or deletes an entry. Someone who can write to the database could
still rewrite the whole chain from some point on: `kpi audit --verify` prints the head hash, which a
clerk can note in a meeting's minutes, so a later rewrite shows against paper.

Writers are serialised on the head row (SELECT … FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kpi.access.actor import Actor
from kpi.core.fiscal import BANGKOK
from kpi.core.text_safety import clean_text
from kpi.privacy.redaction import redact
from kpi.store.faults import StoreError, fault_from
from kpi.store.tables import audit, audit_head, versions

GENESIS = "0" * 64


class StoreLike(Protocol):
    """What the trail needs of kpi.store.database.Store (which itself imports this module)."""

    url: str
    engine: Engine

    def _reading(self) -> AbstractContextManager[Connection]: ...


_MAX_DETAIL = 1_000

# Every action the trail records (the admin page's filter offers these, each with its Thai name).
AUDIT_ACTIONS = (
    "sign_in", "sign_in_failed", "lockout", "sign_out", "access_denied",
    "seed", "upload", "import", "survey", "oit", "rollback", "restore", "export",
    "user_add", "user_passwd", "user_disable", "user_enable", "user_role", "settings", "migrate",
)  # fmt: skip


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # ISO 8601, Asia/Bangkok (+07:00)
    actor: str
    via: str
    role: str
    action: str
    detail: str
    version: int | None
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Break:
    """One place the chain does not hold: the entry it concerns and the catalogue key of why."""

    seq: int
    reason: str  # audit_edited | audit_missing | audit_link | audit_tail | audit_version


def now_bangkok() -> str:
    return dt.datetime.now(BANGKOK).isoformat(timespec="seconds")


def entry_hash(
    seq: int, at: str, actor: str, via: str, role: str, action: str, detail: str, version: int | None, prev: str
) -> str:
    """The hash of an entry: sha256 over its fields as canonical JSON, the previous hash last."""
    payload = json.dumps([seq, at, actor, via, role, action, detail, version, prev], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def clean_detail(text: str) -> str:
    """A detail as it may be stored and shown: one line, no control characters, no identity, bounded."""
    return redact(" ".join(clean_text(text[: _MAX_DETAIL * 4]).split()))[:_MAX_DETAIL]


def ensure_head(conn: Connection) -> None:
    """The head row exists (made once, when the store is opened)."""
    if conn.execute(select(audit_head.c.id).where(audit_head.c.id == 1)).first() is None:
        last = conn.execute(select(audit.c.seq, audit.c.hash).order_by(audit.c.seq.desc()).limit(1)).first()
        conn.execute(insert(audit_head).values(id=1, seq=last.seq if last else 0, hash=last.hash if last else GENESIS))


def append(conn: Connection, actor: Actor, action: str, detail: str = "", version: int | None = None) -> AuditEntry:
    """Add one entry inside the caller's transaction (so a version and its entry are saved together or not at all)."""
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1).with_for_update()).first()
    if head is None:
        ensure_head(conn)
        head = conn.execute(select(audit_head).where(audit_head.c.id == 1).with_for_update()).first()
    assert head is not None
    seq, prev = int(head.seq) + 1, str(head.hash)
    at, name, text = now_bangkok(), " ".join(clean_text(actor.name).split())[:120] or "-", clean_detail(detail)
    digest = entry_hash(seq, at, name, actor.via, actor.role, action, text, version, prev)
    entry = AuditEntry(seq, at, name, actor.via, actor.role, action, text, version, prev, digest)
    conn.execute(insert(audit).values(**vars(entry)))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=digest))
    return entry


def record(store: StoreLike, actor: Actor, action: str, detail: str = "", version: int | None = None) -> None:
    """Add one entry in a transaction of its own (sign-ins, exports, refusals, account changes)."""
    engine, url = store.engine, store.url
    for attempt in range(5):  # PostgreSQL: two first entries racing on an empty head are retried
        try:
            with engine.begin() as conn:
                append(conn, actor, action, detail, version)
            return
        except IntegrityError:
            if attempt == 4:
                raise
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise fault_from(exc, url, writing=True) from exc


def _rows(conn: Connection, newest_first: bool = False) -> Iterator[AuditEntry]:
    order = audit.c.seq.desc() if newest_first else audit.c.seq
    result = conn.execution_options(yield_per=500).execute(select(audit).order_by(order))
    for row in result:
        yield AuditEntry(**dict(row._mapping))


def entries(
    store: StoreLike,
    *,
    action: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Entries newest first, filtered: one action, an actor (case-insensitive), a day range 'YYYY-MM-DD' (Bangkok)."""
    query = select(audit).order_by(audit.c.seq.desc())
    if action:
        query = query.where(audit.c.action == action)
    if since:
        query = query.where(audit.c.at >= since)
    if until:
        query = query.where(audit.c.at < _next_day(until))
    wanted = actor.casefold() if actor else None
    out: list[AuditEntry] = []
    with store._reading() as conn:
        for row in conn.execution_options(yield_per=500).execute(query):
            entry = AuditEntry(**dict(row._mapping))
            if wanted and wanted not in entry.actor.casefold():
                continue
            out.append(entry)
            if limit is not None and len(out) >= limit:
                break
    return out


def _next_day(day: str) -> str:
    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return "9999-12-31"


def verify(store: StoreLike) -> tuple[int, str, list[Break]]:
    """(entries, head hash, breaks): every place the chain does not hold, in order; none when it is whole."""
    breaks: list[Break] = []
    count, prev, expected = 0, GENESIS, 1
    audited_versions: set[int] = set()
    restored = 0  # versions up to a restore's head came from a backup: the restore's entry accounts for them
    with store._reading() as conn:
        for entry in _rows(conn):
            count += 1
            if entry.seq != expected:
                breaks.append(Break(expected, "audit_missing"))
            if entry.prev_hash != prev:
                breaks.append(Break(entry.seq, "audit_link"))
            fields = (entry.seq, entry.at, entry.actor, entry.via, entry.role, entry.action, entry.detail)
            if entry_hash(*fields, entry.version, entry.prev_hash) != entry.hash:
                breaks.append(Break(entry.seq, "audit_edited"))
            if entry.version is not None:
                audited_versions.add(entry.version)
            if entry.action == "restore" and entry.version is not None:
                restored = max(restored, entry.version)
            prev, expected = entry.hash, entry.seq + 1
        head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
        if head is not None and (int(head.seq), str(head.hash)) != (expected - 1, prev):
            breaks.append(Break(int(head.seq), "audit_tail"))
        saved = conn.execute(select(versions.c.number).where(versions.c.saved_by.is_not(None))).scalars().all()
    breaks += [Break(n, "audit_version") for n in saved if n not in audited_versions and n > restored]
    return count, prev, breaks
