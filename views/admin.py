"""ผู้ดูแลระบบ: accounts, the audit trail (filtered, checked) and the settings (an admin's page)."""

from __future__ import annotations

import streamlit as st

from kpi.access.actor import Actor
from kpi.access.roles import ACCOUNT_ROLES, role_label
from kpi.core.fiscal import today_bangkok
from kpi.core.messages import t
from kpi.core.thai import escape_markdown
from kpi.screens.admin import (
    AuditFilter,
    account_rows,
    action_label,
    audit_list,
    password_mismatch,
    verification,
)
from kpi.store import accounts, app_settings
from kpi.store.app_settings import MAX_SESSION_HOURS
from kpi.store.audit import AUDIT_ACTIONS
from kpi.store.database import Store
from kpi.store.faults import StoreError, StoreFault
from views._access import require
from views._shared import get_store, show_store_error

FLASH = "admin_flash"

store = get_store()
ACTOR = require("users", store)
st.title(t("nav_admin"))
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")


def _refused(exc: StoreError) -> None:
    if isinstance(exc, StoreFault):
        show_store_error(exc)
    else:
        st.error(exc.message, icon=":material/block:")


def _forget(*keys: str) -> None:
    """Passwords leave the session's state as soon as they are read (the browser clears the form too)."""
    for key in keys:
        st.session_state.pop(key, None)


def _done(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def _account_forms(store: Store, actor: Actor, names: list[str]) -> None:
    with st.form("admin_add", clear_on_submit=True):
        st.subheader(t("admin_add_title"))
        name = st.text_input(t("sign_in_name"), key="admin_add_name")
        role = st.selectbox(t("admin_col_role"), ACCOUNT_ROLES, format_func=role_label, key="admin_add_role")
        password = st.text_input(t("sign_in_password"), type="password", key="admin_add_password")
        confirm = st.text_input(t("admin_password_confirm"), type="password", key="admin_add_confirm")
        if st.form_submit_button(t("admin_add_button"), type="primary"):
            _forget("admin_add_password", "admin_add_confirm")
            mismatch = password_mismatch(password, confirm)
            if mismatch:
                st.error(mismatch, icon=":material/block:")
            else:
                try:
                    added = accounts.add_account(store, actor, name, role, password)
                except StoreError as exc:
                    _refused(exc)
                else:
                    _done(t("admin_added", name=escape_markdown(added.name), role=role_label(added.role)))
    if not names:
        return
    with st.form("admin_passwd", clear_on_submit=True):
        st.subheader(t("admin_passwd_title"))
        who = st.selectbox(t("admin_account_pick"), names, key="admin_passwd_name")
        password = st.text_input(t("admin_password_new"), type="password", key="admin_passwd_password")
        confirm = st.text_input(t("admin_password_confirm"), type="password", key="admin_passwd_confirm")
        if st.form_submit_button(t("admin_passwd_button")):
            _forget("admin_passwd_password", "admin_passwd_confirm")
            mismatch = password_mismatch(password, confirm)
            if mismatch:
                st.error(mismatch, icon=":material/block:")
            else:
                try:
                    accounts.set_password(store, actor, who, password)
                except StoreError as exc:
                    _refused(exc)
                else:
                    _done(t("admin_passwd_done", name=escape_markdown(who)))
    with st.form("admin_role", clear_on_submit=True):
        st.subheader(t("admin_role_title"))
        who = st.selectbox(t("admin_account_pick"), names, key="admin_role_name")
        role = st.selectbox(t("admin_role_new"), ACCOUNT_ROLES, format_func=role_label, key="admin_role_role")
        if st.form_submit_button(t("admin_role_button")):
            try:
                accounts.check_admin_change(store, actor, who, role=role)
                accounts.set_role(store, actor, who, role)
            except StoreError as exc:
                _refused(exc)
            else:
                _done(t("admin_role_done", name=escape_markdown(who), role=role_label(role)))
    with st.form("admin_disable", clear_on_submit=True):
        st.subheader(t("admin_disable_title"))
        who = st.selectbox(t("admin_account_pick"), names, key="admin_disable_name")
        disable = st.form_submit_button(t("admin_disable_button"))
        enable = st.form_submit_button(t("admin_enable_button"))
        if disable or enable:
            try:
                accounts.check_admin_change(store, actor, who, disabled=disable)
                accounts.set_disabled(store, actor, who, disable)
            except StoreError as exc:
                _refused(exc)
            else:
                _done(t("admin_disabled_done" if disable else "admin_enabled_done", name=escape_markdown(who)))


def _audit_tab(store: Store) -> None:
    today = today_bangkok()
    left, middle, right, last = st.columns(4)
    action = left.selectbox(
        t("admin_filter_action"),
        [None, *AUDIT_ACTIONS],
        format_func=lambda a: t("admin_filter_all") if a is None else action_label(a),
        key="admin_audit_action",
    )
    actor = middle.text_input(t("admin_filter_actor"), key="admin_audit_actor", max_chars=120)
    since = right.date_input(t("admin_filter_from"), value=today, key="admin_audit_from", format="DD/MM/YYYY")
    until = last.date_input(t("admin_filter_to"), value=today, key="admin_audit_to", format="DD/MM/YYYY")
    wanted = AuditFilter(action, actor, since, until)  # type: ignore[arg-type]
    if wanted.reversed:
        st.warning(t("admin_filter_dates_reversed"), icon=":material/event_busy:")
    else:
        found = audit_list(store, wanted)
        st.caption(found.summary)
        if found.rows:
            st.dataframe(found.rows, hide_index=True, key="admin_audit_table")
    if st.button(t("admin_verify_button"), key="admin_verify", icon=":material/verified_user:"):
        checked = verification(store)
        if checked.ok:
            st.success(checked.headline, icon=":material/verified:")
        else:
            st.error(checked.headline, icon=":material/gpp_bad:")
            for line in checked.breaks:  # catalogue text and entry numbers only
                st.markdown(f"- {line}")


def _settings_tab(store: Store, actor: Actor) -> None:
    st.caption(t("admin_settings_intro"))
    public_now, hours_now = app_settings.public_view(store), app_settings.session_hours(store)
    with st.form("admin_settings"):
        public = st.toggle(t("admin_public_view"), value=public_now, key="admin_public_view")
        hours = st.number_input(
            t("admin_session_hours"), min_value=1, max_value=MAX_SESSION_HOURS, value=hours_now, step=1,
            key="admin_session_hours",
        )  # fmt: skip
        if st.form_submit_button(t("admin_settings_button")):
            try:
                if public != public_now:
                    app_settings.set_public_view(store, actor, public)
                if int(hours) != hours_now:
                    app_settings.set_session_hours(store, actor, int(hours))
            except StoreError as exc:
                _refused(exc)
            else:
                if public != public_now or int(hours) != hours_now:
                    _done(t("admin_settings_saved"))
                else:
                    st.info(t("admin_settings_unchanged"), icon=":material/info:")
    st.caption(t("admin_limits_intro"))


accounts_tab, audit_tab, settings_tab = st.tabs(
    [t("admin_tab_accounts"), t("admin_tab_audit"), t("admin_tab_settings")]
)
with accounts_tab:
    listed = accounts.list_accounts(store)
    if listed:
        st.dataframe(account_rows(listed), hide_index=True, key="admin_accounts_table")
    else:
        st.info(t("admin_no_accounts"), icon=":material/info:")
        st.caption(t("admin_first_account"))
    _account_forms(store, ACTOR, [a.name for a in listed])
with audit_tab:
    _audit_tab(store)
with settings_tab:
    _settings_tab(store, ACTOR)
