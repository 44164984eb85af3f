"""Who is using the app and what they may open: sign-in, the session cookie, the role's pages.

Streamlit glue over kpi.access (roles, tokens, the exposure rule) and kpi.store.accounts (accounts,
sessions, the audit trail). app.py resolves the Access once per run, before any figure is read;
every page and every save asks `current_actor()`, and the store refuses what the role may not do.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import streamlit as st

from kpi.access.actor import PUBLIC, Actor, local_actor
from kpi.access.exposure import Mode, access_mode
from kpi.access.roles import Action, action_label, may, role_label
from kpi.access.tokens import COOKIE_NAME, signed, unsigned
from kpi.core.messages import t
from kpi.core.thai import escape_markdown
from kpi.store import accounts, app_settings, audit
from kpi.store.database import Store
from kpi.store.faults import StoreError
from views._oidc import oidc_actor, oidc_sign_out
from views._shared import get_store

ACTOR_KEY = "_kpi_actor"  # this run's Actor, set by app.py (no widget has this key)
TOKEN_KEY = "_kpi_token"  # the signed-in session's token (never shown)
COOKIE_KEY = "_kpi_cookie"  # what the cookie component must do this session: ("set", value, seconds) | ("clear",)

# Sets or clears the session cookie in the browser; its script is a constant and the cookie value
# arrives as the component's data (a signed random token, never a name or a password).
_JS = """
export default function (component) {
  const data = component.data || {};
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  if (data.clear) {
    document.cookie = "NAME=; Path=/; Max-Age=0; SameSite=Strict" + secure;
  } else if (typeof data.value === "string" && /^[A-Za-z0-9_.-]{1,200}$/.test(data.value)) {
    const age = Math.max(0, Math.floor(Number(data.seconds) || 0));
    document.cookie = "NAME=" + data.value + "; Path=/; Max-Age=" + age + "; SameSite=Strict" + secure;
  }
}
""".replace("NAME", COOKIE_NAME)
_COOKIE = st.components.v2.component("kpi_session_cookie", js=_JS)


@dataclass(frozen=True)
class Access:
    """This run's answer: open (the laptop's own user), signed in, the public view, or sign-in needed."""

    mode: Mode
    actor: Actor | None  # None: show the sign-in page and nothing else

    @property
    def needs_sign_in(self) -> bool:
        return self.actor is None


def bind_address() -> str:
    """The address the server listens on (Streamlit's server.address; empty means every interface)."""
    return str(st.get_option("server.address") or "")


def resolve_access(store: Store) -> Access:
    """Decide who this run is, before any figure is read; remembered for the pages as current_actor()."""
    mode = access_mode(bind_address(), accounts.has_accounts(store))
    actor: Actor | None
    if mode == "open":
        actor = local_actor()
    else:
        actor = _signed_in(store)
        if actor is None and app_settings.public_view(store):
            actor = PUBLIC
    st.session_state[ACTOR_KEY] = actor
    return Access(mode, actor)


def _signed_in(store: Store) -> Actor | None:
    token = st.session_state.get(TOKEN_KEY)
    if token is None:  # a reload: the browser sends the cookie it was given at sign-in
        token = unsigned(app_settings.signing_key(store), st.context.cookies.get(COOKIE_NAME))
    if token:
        account = accounts.session_account(store, token)
        if account is not None:
            st.session_state[TOKEN_KEY] = token
            return Actor(account.name, account.role, "app")
        st.session_state.pop(TOKEN_KEY, None)  # ended, expired or disabled: sign in again
    return oidc_actor(store)  # the organisation's sign-in, when one is configured


def current_actor() -> Actor:
    """Who this run is (the anonymous public visitor when app.py has not said): pages pass it to every save."""
    actor = st.session_state.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else PUBLIC


def allowed(action: Action) -> bool:
    """Whether this run's role may do an action (the store checks again when it writes)."""
    return may(current_actor().role, action)


def require(action: Action, store: Store) -> Actor:
    """A page's guard: its actor, or a Thai refusal (audited) and the page stops here.

    Reached by a direct link or a replayed message: the navigation never offers such a page.
    """
    actor = current_actor()
    if may(actor.role, action):
        return actor
    _refuse(store, actor, action_label(action))
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def sign_in_with_password(store: Store, name: str, password: str) -> bool:
    """Check a name and password; on success this session is signed in and the browser gets its cookie."""
    result = accounts.sign_in(store, name, password, app_settings.session_hours(store))
    if not result.ok or result.token is None:
        return False
    hours = app_settings.session_hours(store)
    st.session_state[TOKEN_KEY] = result.token
    st.session_state[COOKIE_KEY] = ("set", signed(app_settings.signing_key(store), result.token), hours * 3600)
    return True


def sign_out(store: Store) -> None:
    """End this session on the server (every copy of its cookie stops working) and clear the cookie."""
    actor = current_actor()
    token = st.session_state.pop(TOKEN_KEY, None)
    accounts.sign_out(store, token, actor)
    st.session_state[COOKIE_KEY] = ("clear",)
    st.session_state[ACTOR_KEY] = None
    if actor.via == "oidc":
        oidc_sign_out()


def sync_cookie() -> None:
    """Give the browser the session cookie (after sign-in) or take it away (after sign-out)."""
    wanted = st.session_state.get(COOKIE_KEY)
    if not wanted:
        return
    data = {"clear": True} if wanted[0] == "clear" else {"value": wanted[1], "seconds": wanted[2]}
    _COOKIE(data=data, key="session_cookie", height=0)


def refuse_page(title: str) -> None:
    """What a role gets at the address of a page it may not open: a Thai refusal, audited with the page's name."""
    _refuse(get_store(), current_actor(), title)


def _refuse(store: Store, actor: Actor, what: str) -> None:
    """The refusal on screen, and in the audit trail (it stands even when the store cannot record it)."""
    with contextlib.suppress(StoreError):
        audit.record(store, actor, "access_denied", what)
    st.error(t("access_denied_page", role=role_label(actor.role)), icon=":material/block:")


def account_box(store: Store, access: Access) -> None:
    """The sidebar's last lines: who is signed in, and the way out (nothing on the laptop's own install)."""
    sync_cookie()
    actor = access.actor
    if access.mode == "open" or actor is None:
        return
    if actor.via == "public":
        st.caption(t("account_public"))
        return
    st.caption(t("account_signed_in", name=escape_markdown(actor.name), role=role_label(actor.role)))  # "_" is markdown
    if st.button(t("account_sign_out"), key="sign_out", icon=":material/logout:"):
        sign_out(store)
        st.rerun()
