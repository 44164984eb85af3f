"""When sign-in is required: never fall open.

On a localhost-only bind with no accounts the app runs as it always has (one person, one laptop). Any
other bind address, or any account in the store, requires sign-in; the public view, switched on
explicitly, lets an anonymous visitor see the public-safe dashboards and nothing else.
"""

from __future__ import annotations

import ipaddress
from typing import Literal

Mode = Literal["open", "sign_in"]

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(address: str | None) -> bool:
    """Whether a bind address reaches only this machine ('' or None: Streamlit binds every interface)."""
    text = (address or "").strip().strip("[]").lower()
    if not text:
        return False
    if text in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def access_mode(bind_address: str | None, has_accounts: bool) -> Mode:
    """'open' only for a loopback bind with no accounts; 'sign_in' otherwise."""
    return "open" if is_loopback(bind_address) and not has_accounts else "sign_in"
