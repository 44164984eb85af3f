"""Roles and what each may do, in one table that the pages, the store and the command line all ask.

public  ผู้เยี่ยมชม   (no sign-in, only when the public view is switched on): dashboards with public-safe figures
viewer  ผู้ชม        dashboards, presentation mode, public-safe exports
editor  ผู้บันทึกข้อมูล  also upload, report and survey import, OIT edits
admin   ผู้ดูแลระบบ   also rollback, restore, users, settings and the audit trail
"""

from __future__ import annotations

from typing import Literal, get_args

from kpi.core.messages import t

Role = Literal["public", "viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
# The roles an account can hold (public is nobody's account: it is the anonymous visitor's).
ACCOUNT_ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")

Action = Literal[
    "view",  # the dashboards and presentation mode
    "view_internal",  # figures that are not public-safe (unsuppressed complaint counts)
    "export",  # the export page and `kpi export`
    "upload",  # a workbook upload (also `kpi load`)
    "import",  # report import, survey import
    "oit_edit",  # the OIT checklist
    "rollback",  # a rollback to an earlier version
    "restore",  # `kpi restore` from a backup
    "users",  # accounts: add, change password, disable, role
    "settings",  # the public view and the session length
    "audit",  # read the audit trail
]
ACTIONS: tuple[Action, ...] = get_args(Action)

_LEAST_ROLE: dict[Action, Role] = {
    "view": "public",
    "view_internal": "viewer",
    "export": "viewer",
    "upload": "editor",
    "import": "editor",
    "oit_edit": "editor",
    "rollback": "admin",
    "restore": "admin",
    "users": "admin",
    "settings": "admin",
    "audit": "admin",
}

# What a saved version's kind needs: the store asks before it writes.
KIND_ACTION: dict[str, Action] = {
    "seed": "upload",
    "upload": "upload",
    "import": "import",
    "survey": "import",
    "oit": "oit_edit",
    "rollback": "rollback",
}


def rank(role: str) -> int:
    """0 for public … 3 for admin; -1 for anything that is not a role."""
    return ROLES.index(role) if role in ROLES else -1  # type: ignore[arg-type]


def may(role: str, action: Action) -> bool:
    """Whether a role may do an action (an unknown role may do nothing)."""
    return rank(role) >= 0 and rank(role) >= rank(_LEAST_ROLE[action])


def least_role(action: Action) -> Role:
    """The least role that may do an action."""
    return _LEAST_ROLE[action]


def is_account_role(role: str) -> bool:
    return role in ACCOUNT_ROLES


_ACTION_KEYS: dict[Action, str] = {
    "view": "action_view",
    "view_internal": "action_view_internal",
    "export": "action_export",
    "upload": "action_upload",
    "import": "action_import",
    "oit_edit": "action_oit_edit",
    "rollback": "action_rollback",
    "restore": "action_restore",
    "users": "action_users",
    "settings": "action_settings",
    "audit": "action_audit",
}


def action_label(action: Action) -> str:
    """The Thai name of an action, as a refusal's audit entry records it."""
    return t(_ACTION_KEYS[action])


def role_label(role: str) -> str:
    """The Thai name of a role (ผู้ชม, ผู้บันทึกข้อมูล, ผู้ดูแลระบบ, ผู้เยี่ยมชม)."""
    return t(f"role_{role}") if role in ROLES else role
