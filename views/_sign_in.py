"""เข้าสู่ระบบ: the sign-in form (and the organisation's sign-in button when one is configured).

Shown instead of every page while sign-in is required; it reads no figure of the data. A failed
sign-in says the same Thai sentence whatever went wrong (unknown name, wrong password, disabled or
locked account), and takes the same time.
"""

from __future__ import annotations

import streamlit as st

from kpi.core.messages import t
from kpi.core.settings import AUTH
from kpi.store import accounts
from kpi.store.database import Store
from views._access import sign_in_with_password, sync_cookie
from views._oidc import REFUSED, oidc_configured, oidc_sign_out
from views._shared import get_store


def sign_in_page() -> None:
    store = get_store()
    sync_cookie()  # after a sign-out: the browser forgets the cookie
    with st.columns([1, 2, 1])[1]:  # a form of a readable width, centred on a laptop or a projector
        _form(store)


def _form(store: Store) -> None:
    st.title(t("sign_in_title"))
    st.write(t("sign_in_intro"))
    if not accounts.has_accounts(store) and not oidc_configured():  # served beyond this machine, nobody can sign in
        st.warning(t("sign_in_no_accounts"), icon=":material/person_off:")
    with st.form("sign_in_form", border=True, enter_to_submit=True):
        name = st.text_input(t("sign_in_name"), max_chars=AUTH.max_account_name_length, autocomplete="username")
        password = st.text_input(
            t("sign_in_password"), type="password", max_chars=AUTH.max_password_length, autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("sign_in_button"), type="primary")
    if submitted:
        if sign_in_with_password(store, name or "", password or ""):
            st.rerun()
        st.error(t("sign_in_failed"), icon=":material/lock:")
    if oidc_configured():
        st.divider()
        if st.session_state.get(REFUSED):  # signed in with the provider, but no role for that address
            st.error(t("sign_in_oidc_refused"), icon=":material/block:")
            if st.button(t("account_sign_out"), key="oidc_sign_out"):
                oidc_sign_out()
        elif st.button(t("sign_in_oidc"), key="oidc_sign_in", icon=":material/badge:"):
            st.login()
