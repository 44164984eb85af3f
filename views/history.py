"""ประวัติข้อมูล: every saved version, and one-click rollback."""

from __future__ import annotations

import streamlit as st

from kpi.core.messages import t
from kpi.core.thai import escape_markdown
from kpi.screens.history import backup_note, history_rows
from kpi.store.faults import StoreError, StoreFault
from views._access import allowed, require
from views._shared import get_store, show_store_error

ACTOR = require("upload", get_store())  # a direct link or a replayed message from another role stops here
st.title(t("history_title"))
st.write(t("history_intro"))

flash = st.session_state.pop("history_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

store = get_store()
versions = store.versions()
if not versions:
    st.info(t("history_empty"))
    st.stop()

st.dataframe(history_rows(versions), hide_index=True, width="stretch")
with st.container(key="icon_backup_note"):  # app.py draws the icon (a markdown icon is read aloud in English)
    st.caption(escape_markdown(backup_note(store.url)))  # a path, shown as written

# The head the user was looking at when they clicked: a newer save in between refuses the rollback.
seen_head = st.session_state.get("history_seen_head", versions[0].number)
st.session_state["history_seen_head"] = versions[0].number
older = [v.number for v in versions[1:]]
if older and allowed("rollback"):  # an admin's action; the store checks the role again
    target = st.selectbox(t("history_pick"), options=older, key="rollback_version")
    if st.button(t("history_rollback", version=target), key="rollback_button", type="primary"):
        try:
            info = store.rollback(target, expected_head=seen_head, actor=ACTOR)
        except StoreError as exc:
            if isinstance(exc, StoreFault):  # the store itself failed: say what to do
                show_store_error(exc)
            else:
                st.error(exc.message, icon=":material/block:")
        else:
            st.session_state["history_flash"] = t("history_rolled_back", new=info.number, old=target)
            st.rerun()
