"""Passwords: argon2id (memory-hard) through argon2-cffi; never stored, logged or shown in clear.

A sign-in for a name that has no account still checks a password against a fixed hash of the same
cost, so the time a refusal takes does not tell whether the account exists.
"""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kpi.core.settings import AUTH

# OWASP's argon2id setting (19 MiB, 2 passes, 1 lane): about 50 ms on one core of an office laptop.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def password_problem(password: str) -> str | None:
    """What is wrong with a new password ("too_long", "empty", "too_short"), or None when it may be set."""
    if len(password) > AUTH.max_password_length:
        return "too_long"
    if not password.strip():
        return "empty"
    if len(password) < AUTH.min_password_length:
        return "too_short"
    return None


def hash_password(password: str) -> str:
    """The argon2id hash of a password that passed `password_problem` (salted: two hashes of one password differ)."""
    if password_problem(password) is not None:
        raise ValueError("a password that may not be set")
    return _HASHER.hash(password)


@cache
def _decoy() -> str:
    """A hash of a random password, made once per process: checked when the name has no account."""
    return _HASHER.hash(secrets.token_urlsafe(24))


def check_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored` (None: no such account; the same work is done and False returned).

    A password longer than the limit is refused before any hashing, whatever the account.
    """
    if len(password) > AUTH.max_password_length or not password:
        return False
    try:
        return _HASHER.verify(stored or _decoy(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with weaker settings than today's (rehashed at the next sign-in)."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True
