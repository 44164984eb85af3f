"""ผู้ดูแลระบบ: the accounts table, the audit trail as the admin page lists and checks it, the settings list.

Everything the page shows, in Thai and Bangkok time; the page only reads widgets and draws these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kpi.access.actor import actor_label
from kpi.access.roles import role_label
from kpi.core.fiscal import thai_timestamp
from kpi.core.messages import t
from kpi.core.settings import AUTH
from kpi.store.accounts import Account
from kpi.store.audit import AUDIT_ACTIONS, AuditEntry, StoreLike, entries, now_bangkok, verify


def action_label(action: str) -> str:
    """The Thai name of an audited action (sign_in → เข้าสู่ระบบ); an action not in the catalogue as it is."""
    return t(f"audit_action_{action}") if action in AUDIT_ACTIONS else action


def break_text(seq: int, reason: str) -> str:
    """One break of the chain in Thai: 'รายการที่ 12: ข้อมูลถูกแก้ไขหลังบันทึก' (reason audit_edited …)."""
    return t(f"audit_break_{reason.removeprefix('audit_')}", seq=seq)


def _when(iso: str | None) -> str:
    return thai_timestamp(iso) if iso else "–"


def account_status(account: Account, now: str | None = None) -> str:
    """ใช้งาน, ระงับ, or ถูกล็อกถึง <Bangkok time>."""
    if account.disabled:
        return t("admin_status_disabled")
    if account.locked(now):
        return t("admin_status_locked", until=_when(account.locked_until))
    return t("admin_status_active")


def account_rows(accounts: list[Account], now: str | None = None) -> list[dict[str, str]]:
    """One row per account (never its password hash)."""
    moment = now or now_bangkok()
    return [
        {
            t("admin_col_name"): a.name,
            t("admin_col_role"): role_label(a.role),
            t("admin_col_status"): account_status(a, moment),
            t("admin_col_created"): _when(a.created_at),
            t("admin_col_changed"): _when(a.changed_at),
        }
        for a in accounts
    ]


def password_mismatch(password: str, confirm: str) -> str | None:
    """The Thai message when the two password fields differ (the store checks length and emptiness)."""
    return None if password == confirm else t("admin_password_mismatch")


@dataclass(frozen=True)
class AuditFilter:
    action: str | None
    actor: str
    since: dt.date
    until: dt.date

    @property
    def reversed(self) -> bool:
        return self.since > self.until


@dataclass(frozen=True)
class AuditList:
    """The entries a filter finds, newest first, at most AUTH.max_audit_shown; `cut` when more were found."""

    rows: list[dict[str, str]]
    cut: bool

    @property
    def summary(self) -> str:
        if not self.rows:
            return t("admin_audit_none")
        if self.cut:
            return t("admin_audit_cut", shown=len(self.rows))
        return t("admin_audit_count", count=len(self.rows))


def entry_row(entry: AuditEntry) -> dict[str, str]:
    return {
        t("admin_col_seq"): str(entry.seq),
        t("admin_col_at"): _when(entry.at),
        t("admin_col_actor"): actor_label(entry.actor, entry.via),
        t("admin_col_role"): role_label(entry.role),
        t("admin_col_action"): action_label(entry.action),
        t("admin_col_detail"): entry.detail,
        t("admin_col_version"): "–" if entry.version is None else str(entry.version),
    }


def audit_list(store: StoreLike, wanted: AuditFilter) -> AuditList:
    """The filtered trail, newest first (one more entry is read than shown, to know whether the list is cut)."""
    most = AUTH.max_audit_shown
    if wanted.reversed:
        return AuditList([], False)
    found = entries(
        store,
        action=wanted.action or None,
        actor=wanted.actor.strip()[:120] or None,
        since=wanted.since.isoformat(),
        until=wanted.until.isoformat(),
        limit=most + 1,
    )
    return AuditList([entry_row(e) for e in found[:most]], len(found) > most)


@dataclass(frozen=True)
class Verification:
    ok: bool
    headline: str
    breaks: list[str]


def verification(store: StoreLike) -> Verification:
    """The chain checked: how many entries and the head hash to note in the minutes, or every break in Thai."""
    count, head, breaks = verify(store)
    if not breaks:
        return Verification(True, t("admin_verify_ok", count=count, head=head), [])
    lines = [break_text(b.seq, b.reason) for b in breaks]
    return Verification(False, t("admin_verify_broken", count=len(breaks), total=count), lines)
