"""ผู้ดูแลระบบ: accounts and the audit trail (an admin's page)."""

from __future__ import annotations

import streamlit as st

from kpi.access.roles import role_label
from kpi.core.messages import t
from kpi.core.settings import AUTH
from kpi.store import accounts, audit
from views._access import require
from views._shared import get_store

store = get_store()
ACTOR = require("users", store)
st.title(t("nav_admin"))
st.dataframe(
    [{"name": a.name, "role": role_label(a.role), "disabled": a.disabled} for a in accounts.list_accounts(store)],
    hide_index=True,
)
st.dataframe(
    [
        {"at": e.at, "actor": e.actor, "action": e.action, "detail": e.detail}
        for e in audit.entries(store, limit=AUTH.max_audit_shown)
    ],
    hide_index=True,
)
