"""Session tokens: random, signed with the store's key, kept server-side only as a hash.

The browser holds `<token>.<signature>` in a cookie; the store holds sha256(token) with its user and
expiry, so a copy of the database does not give anyone a live session, and signing out or disabling
the account ends it on every device. Every check bounds the length before it parses anything.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE_NAME = "kpi_session"
_TOKEN_BYTES = 32
_MAX_COOKIE = 200  # a real cookie is 43 + 1 + 43 characters


def new_token() -> str:
    """A fresh random token (URL-safe text)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _signature(key: bytes, token: str) -> str:
    mac = hmac.new(key, token.encode("ascii", "replace"), hashlib.sha256).hexdigest()
    return mac[:43]


def signed(key: bytes, token: str) -> str:
    """The cookie value for a token."""
    return f"{token}.{_signature(key, token)}"


def unsigned(key: bytes, cookie: object) -> str | None:
    """The token inside a cookie value whose signature is right, else None (never raises)."""
    if not isinstance(cookie, str) or not cookie or len(cookie) > _MAX_COOKIE or not cookie.isascii():
        return None
    token, dot, signature = cookie.rpartition(".")
    if not dot or not token:
        return None
    return token if hmac.compare_digest(signature, _signature(key, token)) else None


def new_key() -> bytes:
    """A new signing key (kept in the store: every app process on one database signs alike)."""
    return secrets.token_bytes(32)
