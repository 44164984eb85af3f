"""The admin page (ผู้ดูแลระบบ) through app.py: accounts, the audit trail and its check, the settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from actors import ADMIN
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from kpi.access.actor import Actor
from kpi.core.fiscal import today_bangkok
from kpi.core.messages import UI, problem_message, t
from kpi.screens.admin import action_label, break_text
from kpi.store import accounts, app_settings, audit
from kpi.store.audit import AUDIT_ACTIONS
from kpi.store.database import Store
from kpi.store.faults import StoreError

PASSWORD = "correct-horse-9"


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    store = Store(url)
    accounts.add_account(store, ADMIN, "boss", "admin", PASSWORD)
    accounts.add_account(store, ADMIN, "clerk", "editor", PASSWORD)
    return store


def _app(store: Store, name: str = "boss") -> AppTest:
    """The app signed in as `name` (a real session, as views/_access.py reads it), on the admin page."""
    signed = accounts.sign_in(store, name, PASSWORD, 1)
    assert signed.ok
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["_kpi_token"] = signed.token
    at.run()
    at.switch_page("views/admin.py").run()
    assert not at.exception
    return at


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "title", "info", "warning", "error", "success")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def _table(at: AppTest, tab: int) -> pd.DataFrame:
    """The table on a tab (0 accounts, 1 audit trail)."""
    return at.tabs[tab].dataframe[0].value


def _names(store: Store) -> set[str]:
    return {a.name for a in accounts.list_accounts(store)}


def test_the_page_has_its_three_tabs_and_lists_the_accounts(store: Store) -> None:
    at = _app(store)
    assert [tab.label for tab in at.tabs] == ["บัญชีผู้ใช้", "บันทึกการใช้งาน", "ตั้งค่า"]
    table = _table(at, 0)
    rows = {row["ชื่อบัญชี"]: row for row in table.to_dict("records")}
    assert rows["clerk"]["บทบาท"] == "ผู้บันทึกข้อมูล"
    assert rows["boss"]["สถานะ"] == "ใช้งาน"
    assert "น." in rows["boss"]["สร้างเมื่อ"]  # Thai time, Bangkok: '7 ธ.ค. 2569 09:13 น.'
    assert not any("hash" in column or "รหัส" in column for column in table.columns)


def test_an_admin_adds_an_editor_who_can_then_sign_in(store: Store) -> None:
    at = _app(store)
    at.text_input(key="admin_add_name").input("somchai")
    at.selectbox(key="admin_add_role").set_value("editor")
    at.text_input(key="admin_add_password").input("new-pass-123")
    at.text_input(key="admin_add_confirm").input("new-pass-123")
    at.button(key="FormSubmitter:admin_add-เพิ่มบัญชี").click().run()
    assert not at.exception
    assert "เพิ่มบัญชี “somchai” (ผู้บันทึกข้อมูล) แล้ว" in [s.value for s in at.success]
    assert at.text_input(key="admin_add_password").value == ""  # the form forgot the password
    signed = accounts.sign_in(store, "somchai", "new-pass-123", 1)
    assert signed.ok and signed.account is not None and signed.account.role == "editor"
    added = audit.entries(store, action="user_add")[0]
    assert (added.actor, added.via, added.detail) == ("boss", "app", "somchai (ผู้บันทึกข้อมูล)")


def test_a_weak_password_is_refused_in_thai_and_adds_nothing(store: Store) -> None:
    at = _app(store)
    at.text_input(key="admin_add_name").input("weak")
    at.text_input(key="admin_add_password").input("short")
    at.text_input(key="admin_add_confirm").input("short")
    at.button(key="FormSubmitter:admin_add-เพิ่มบัญชี").click().run()
    assert not at.exception
    assert problem_message("auth_password_too_short", least=8) in [e.value for e in at.error]
    assert _names(store) == {"boss", "clerk"}


def test_passwords_that_differ_are_refused(store: Store) -> None:
    at = _app(store)
    at.text_input(key="admin_add_name").input("typo")
    at.text_input(key="admin_add_password").input("new-pass-123")
    at.text_input(key="admin_add_confirm").input("new-pass-124")
    at.button(key="FormSubmitter:admin_add-เพิ่มบัญชี").click().run()
    assert t("admin_password_mismatch") in [e.value for e in at.error]
    assert _names(store) == {"boss", "clerk"}


def test_the_last_admin_cannot_be_disabled_or_demoted(store: Store) -> None:
    at = _app(store)
    at.selectbox(key="admin_disable_name").set_value("boss")
    at.button(key="FormSubmitter:admin_disable-ระงับบัญชี").click().run()
    assert problem_message("user_self_disable") in [e.value for e in at.error]
    at.selectbox(key="admin_role_name").set_value("boss")
    at.selectbox(key="admin_role_role").set_value("viewer")
    at.button(key="FormSubmitter:admin_role-เปลี่ยนบทบาท").click().run()
    assert problem_message("user_last_admin") in [e.value for e in at.error]
    boss = next(a for a in accounts.list_accounts(store) if a.name == "boss")
    assert (boss.role, boss.disabled) == ("admin", False)
    # from the command line too: the store refuses to leave no enabled admin
    with pytest.raises(StoreError) as refused:
        accounts.set_disabled(store, ADMIN, "boss", True)
    assert refused.value.code == "user_last_admin"


def test_an_admin_disables_an_editor_whose_session_ends(store: Store) -> None:
    clerk = accounts.sign_in(store, "clerk", PASSWORD, 1)
    at = _app(store)
    at.selectbox(key="admin_disable_name").set_value("clerk")
    at.button(key="FormSubmitter:admin_disable-ระงับบัญชี").click().run()
    assert "ระงับบัญชี “clerk” แล้ว การเข้าสู่ระบบของบัญชีนี้สิ้นสุดลง" in [s.value for s in at.success]
    rows = {r["ชื่อบัญชี"]: r for r in _table(at, 0).to_dict("records")}
    assert rows["clerk"]["สถานะ"] == "ระงับ"
    assert accounts.session_account(store, clerk.token) is None
    assert not accounts.sign_in(store, "clerk", PASSWORD, 1).ok


def test_a_second_admin_may_be_demoted(store: Store) -> None:
    accounts.add_account(store, ADMIN, "deputy", "admin", PASSWORD)
    accounts.check_admin_change(store, Actor("boss", "admin", "app"), "deputy", disabled=True)  # allowed
    accounts.set_role(store, ADMIN, "deputy", "viewer")
    assert {a.name: a.role for a in accounts.list_accounts(store)}["deputy"] == "viewer"


def test_the_audit_tab_filters_by_action(store: Store) -> None:
    accounts.sign_in(store, "clerk", "wrong-password", 1)
    at = _app(store)
    table = _table(at, 1)
    assert {"ลำดับ", "เวลา", "ผู้ใช้", "บทบาท", "การกระทำ", "รายละเอียด", "ฉบับข้อมูล"} <= set(table.columns)
    assert {"เพิ่มบัญชี", "เข้าสู่ระบบ", "เข้าสู่ระบบไม่สำเร็จ"} <= set(table["การกระทำ"])
    seqs = [int(s) for s in table["ลำดับ"]]
    assert seqs == sorted(seqs, reverse=True)  # newest first
    assert "tester (คำสั่ง)" in set(table["ผู้ใช้"])  # the accounts were added from the command line
    at.selectbox(key="admin_audit_action").set_value("sign_in_failed").run()
    table = _table(at, 1)
    assert list(table["การกระทำ"]) == ["เข้าสู่ระบบไม่สำเร็จ"]
    assert list(table["ผู้ใช้"]) == ["clerk"]
    at.selectbox(key="admin_audit_action").set_value("lockout").run()
    assert t("admin_audit_none") in _texts(at)


def test_the_audit_list_says_when_it_is_cut(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import kpi.screens.admin as model

    for _ in range(3):
        audit.record(store, ADMIN, "export", "deck.pptx")
    monkeypatch.setattr(model, "AUTH", dataclasses.replace(model.AUTH, max_audit_shown=2))
    at = _app(store)
    assert len(_table(at, 1)) == 2
    assert t("admin_audit_cut", shown=2) in _texts(at)


def test_the_audit_tab_filters_by_day(store: Store) -> None:
    at = _app(store)
    today = at.date_input(key="admin_audit_from").value
    assert today == today_bangkok()
    yesterday = today - dt.timedelta(days=1)
    at.date_input(key="admin_audit_from").set_value(yesterday)
    at.date_input(key="admin_audit_to").set_value(yesterday).run()
    assert t("admin_audit_none") in _texts(at)
    at.date_input(key="admin_audit_from").set_value(today).run()
    assert t("admin_filter_dates_reversed") in [w.value for w in at.warning]


def test_the_check_reports_an_edited_entry(store: Store) -> None:
    at = _app(store)
    at.button(key="admin_verify").click().run()
    count, head, _ = audit.verify(store)
    assert [s.value for s in at.success] == [t("admin_verify_ok", count=count, head=head)]
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET detail = 'nothing happened' WHERE seq = 2"))
    at.button(key="admin_verify").click().run()
    assert "รายการที่ 2: ข้อมูลถูกแก้ไขหลังบันทึก" in _texts(at)
    assert t("admin_verify_broken", count=1, total=count) in [e.value for e in at.error]


def test_an_editor_at_the_admin_address_is_refused_and_audited(store: Store) -> None:
    # AppTest finds a page by its file only in a navigation that lists it, and an editor's lists the
    # admin address as a hidden page that refuses (app.py): so the browser at that address switches
    # from the admin's session to the editor's, as a shared office PC would.
    at = _app(store)
    assert at.tabs
    at.session_state["_kpi_token"] = accounts.sign_in(store, "clerk", PASSWORD, 1).token
    at.run()
    assert not at.exception
    assert t("access_denied_page", role="ผู้บันทึกข้อมูล") in [e.value for e in at.error]
    assert not at.tabs
    denied = audit.entries(store, action="access_denied")
    assert [(e.actor, e.detail) for e in denied] == [("clerk", "บัญชีผู้ใช้และบันทึกการใช้งาน")]


def test_the_public_view_switch_is_audited(store: Store) -> None:
    at = _app(store)
    assert not app_settings.public_view(store)
    at.toggle(key="admin_public_view").set_value(True)
    at.button(key="FormSubmitter:admin_settings-บันทึกการตั้งค่า").click().run()
    assert not at.exception
    assert t("admin_settings_saved") in [s.value for s in at.success]
    assert app_settings.public_view(store)
    changed = audit.entries(store, action="settings")
    assert [(e.actor, e.detail) for e in changed] == [("boss", "เปิดมุมมองสาธารณะ")]
    assert not at.tabs[2].dataframe  # no table of English help texts: a pointer to the README's instead


def test_every_audited_action_and_break_has_thai_text() -> None:
    for action in AUDIT_ACTIONS:
        assert f"audit_action_{action}" in UI and action_label(action) != action
    for reason in ("audit_edited", "audit_missing", "audit_link", "audit_tail", "audit_version"):
        assert "12" in break_text(12, reason)


def test_the_laptop_install_without_accounts_offers_the_first_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'open.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("views/admin.py").run()
    assert not at.exception
    assert t("admin_no_accounts") in [i.value for i in at.info]
    assert t("admin_first_account") in _texts(at)
    assert not at.tabs[0].dataframe  # no table of accounts, no forms for accounts that do not exist
    assert "admin_passwd_name" not in {s.key for s in at.selectbox}
