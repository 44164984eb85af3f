"""Who does something: the name the audit trail and a version record, the role that decides, how they came."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Literal

from kpi.access.roles import Role, role_label
from kpi.core.messages import t

Via = Literal["app", "local", "oidc", "public", "cli", "system"]


@dataclass(frozen=True)
class Actor:
    """One person (or the operating-system user of a command) acting on the store.

    via: app (a local account), oidc (the organisation's sign-in), local (the laptop's own user when
    the app is bound to localhost and has no accounts), public (an anonymous visitor of the public
    view), cli (`python -m kpi`, recorded with the operating-system user), system (the product itself:
    the sample data saved on first run).
    """

    name: str
    role: Role
    via: Via

    @property
    def label(self) -> str:
        """How the history page and the audit list name them: 'somchai', 'root (คำสั่ง)'."""
        return actor_label(self.name, self.via)

    @property
    def role_text(self) -> str:
        return role_label(self.role)


def actor_label(name: str, via: str | None) -> str:
    """Who acted, as every screen and command names them: 'somchai', 'root (คำสั่ง)', 'ผู้เยี่ยมชม'."""
    if via in ("cli", "local", "public", "system"):
        return t(f"actor_via_{via}", name=name)
    return name


def os_user() -> str:
    """The operating-system user running this process ('unknown' when the system cannot say)."""
    try:
        name = getpass.getuser()  # LOGNAME, USER, LNAME or USERNAME, else the password database
    except (OSError, KeyError, ImportError):  # no login name anywhere (a service account on Windows)
        name = ""
    name = " ".join((name or "").split())[:64]
    return name or "unknown"


def cli_actor() -> Actor:
    """A command run from the command line: its operating-system user, with the command line's full rights.

    Whoever can run `python -m kpi` on the server can read and write the store's file anyway; the
    trail records which system account did it.
    """
    return Actor(os_user(), "admin", "cli")


def local_actor() -> Actor:
    """The one person of a laptop install (localhost, no accounts): today's behaviour, recorded by OS user."""
    return Actor(os_user(), "admin", "local")


PUBLIC = Actor("-", "public", "public")
