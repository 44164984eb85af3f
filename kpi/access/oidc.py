"""The organisation's sign-in (OpenID Connect through Streamlit's st.login): which e-mail gets which role.

The map lives in .streamlit/secrets.toml beside the provider's settings:

    [kpi_roles]
    admin = ["palad@banphue.go.th"]
    editor = ["somchai@banphue.go.th", "@plan.banphue.go.th"]
    viewer = ["@banphue.go.th"]

An entry is one address, or "@domain" for every address of that domain. A listed address wins over
its domain; among equal matches the highest role wins. An address that matches nothing is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpi.access.roles import ACCOUNT_ROLES, Role, rank

_MAX_EMAIL = 254
_MAX_ENTRIES = 5_000


def normal_email(value: object) -> str | None:
    """A lower-case e-mail address, or None for anything that is not one (bounded before any parsing)."""
    if not isinstance(value, str) or not value or len(value) > _MAX_EMAIL:
        return None
    text = value.strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in text) or "@" in local:
        return None
    return text


def role_map(section: Mapping[str, Any] | None) -> dict[str, Role]:
    """The [kpi_roles] section read into {entry: role}; unknown roles and malformed entries are ignored."""
    out: dict[str, Role] = {}
    if not isinstance(section, Mapping):  # absent, or not a table (a list, a string): no one
        return out
    for role in ACCOUNT_ROLES:
        entries = section.get(role, [])
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, list | tuple):
            continue
        for entry in list(entries)[:_MAX_ENTRIES]:
            key = _entry(entry)
            if key and rank(role) > rank(out.get(key, "public")):
                out[key] = role
    return out


def _entry(entry: object) -> str | None:
    if not isinstance(entry, str) or len(entry) > _MAX_EMAIL:
        return None
    text = entry.strip().lower()
    if text.startswith("@"):
        domain = text[1:]
        return text if domain and "." in domain and "@" not in domain and not any(c.isspace() for c in text) else None
    return normal_email(text)


def role_for_email(email: object, roles: Mapping[str, Role]) -> Role | None:
    """The role an e-mail address maps to, or None when it maps to none."""
    address = normal_email(email)
    if address is None:
        return None
    if address in roles:
        return roles[address]
    domain = "@" + address.rpartition("@")[2]
    return roles.get(domain)
