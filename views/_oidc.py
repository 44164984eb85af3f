"""The organisation's sign-in (OpenID Connect) through Streamlit's own st.login, when it is configured.

Configured when .streamlit/secrets.toml has an [auth] section (see .streamlit/secrets.example.toml);
the signed-in e-mail maps to a role through its [kpi_roles] section (kpi/access/oidc.py). An address
that maps to no role, or that the provider has not verified, is refused and audited.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any, NoReturn

import streamlit as st

from kpi.access.actor import Actor
from kpi.access.oidc import normal_email, role_for_email, role_map
from kpi.core.messages import t
from kpi.store import audit
from kpi.store.database import Store
from kpi.store.faults import StoreError

_AUDITED = "_kpi_oidc_audited"  # the e-mail whose sign-in (or refusal) this session has recorded
REFUSED = "_kpi_oidc_refused"  # True while the provider's account maps to no role


def _secrets() -> Mapping[str, Any]:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml at all, or one that does not parse: no organisation sign-in
        return {}


def oidc_configured() -> bool:
    """Whether an OpenID Connect provider is configured for st.login."""
    section = _secrets().get("auth")
    return isinstance(section, Mapping) and bool(section)


def _user_field(name: str) -> Any:
    with contextlib.suppress(Exception):
        return st.user.get(name)
    return None


def oidc_actor(store: Store) -> Actor | None:
    """The provider's signed-in user as an Actor with their mapped role, or None (not signed in, or refused)."""
    if not oidc_configured() or not bool(_user_field("is_logged_in")):
        st.session_state.pop(REFUSED, None)
        return None
    email = normal_email(_user_field("email"))  # bounded and without spaces: safe to record
    verified = _user_field("email_verified") is not False
    role = role_for_email(email, role_map(_secrets().get("kpi_roles"))) if email and verified else None
    if role is None:
        if st.session_state.get(_AUDITED) != ("refused", email):
            why = t("audit_detail_oidc_no_role") if verified else t("audit_detail_oidc_unverified")
            with contextlib.suppress(StoreError):
                audit.record(store, Actor(email or "-", "public", "oidc"), "sign_in_failed", why)
            st.session_state[_AUDITED] = ("refused", email)
        st.session_state[REFUSED] = True
        return None
    st.session_state.pop(REFUSED, None)
    actor = Actor(email or "-", role, "oidc")
    if st.session_state.get(_AUDITED) != email:
        audit.record(store, actor, "sign_in", t("audit_detail_oidc"))
        st.session_state[_AUDITED] = email
    return actor


def oidc_sign_out() -> NoReturn:
    """End the provider's session in this app: the browser goes to /auth/logout, which clears the cookie.

    The run stops here: st.logout() only queues that redirect, and a rerun (st.rerun) would empty the
    queue before the browser saw it, leaving the identity cookie in place (checked in Chromium).
    """
    st.session_state.pop(_AUDITED, None)
    st.session_state.pop(REFUSED, None)
    st.logout()
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover
