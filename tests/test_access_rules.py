"""The rules under sign-in: roles, the exposure rule, tokens, passwords, lockout and sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from actors import ADMIN, EDITOR, VIEWER

from kpi.access import passwords
from kpi.access.exposure import access_mode, is_loopback
from kpi.access.roles import ACTIONS, may
from kpi.access.tokens import new_key, new_token, signed, unsigned
from kpi.core.settings import AUTH
from kpi.store import accounts, audit
from kpi.store.database import Store
from kpi.store.faults import StoreError
from kpi.store.tables import sessions


@pytest.fixture()
def shop(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    accounts.add_account(store, ADMIN, "somchai", "editor", "editor-pass-1")
    return store


def test_each_role_may_do_what_the_issue_lists_and_no_more() -> None:
    table = {role: {a for a in ACTIONS if may(role, a)} for role in ("public", "viewer", "editor", "admin")}
    assert table["public"] == {"view"}
    assert table["viewer"] == {"view", "view_internal", "export"}
    assert table["editor"] == table["viewer"] | {"upload", "import", "oit_edit"}
    assert table["admin"] == set(ACTIONS)
    assert not any(may("root", a) for a in ACTIONS)  # an unknown role may do nothing


@pytest.mark.parametrize(
    ("address", "accounts_exist", "mode"),
    [
        ("localhost", False, "open"),
        ("127.0.0.1", False, "open"),
        ("::1", False, "open"),
        ("[::1]", False, "open"),
        ("localhost", True, "sign_in"),
        ("0.0.0.0", False, "sign_in"),
        ("", False, "sign_in"),  # Streamlit's default: every interface
        ("192.168.1.20", False, "sign_in"),
        ("localhost.evil.example", False, "sign_in"),
    ],
)
def test_sign_in_is_required_unless_bound_to_this_machine_with_no_account(
    address: str, accounts_exist: bool, mode: str
) -> None:
    assert access_mode(address, accounts_exist) == mode
    assert is_loopback(address) == (mode == "open" or (address == "localhost" and accounts_exist))


def test_a_cookie_is_accepted_only_with_its_signature() -> None:
    key, token = new_key(), new_token()
    cookie = signed(key, token)
    assert unsigned(key, cookie) == token
    assert unsigned(new_key(), cookie) is None
    assert unsigned(key, cookie[:-1] + ("A" if cookie[-1] != "A" else "B")) is None
    for junk in (None, "", ".", "x" * 10_000, "ก.ข", token, 42):
        assert unsigned(key, junk) is None


def test_a_password_is_kept_only_as_a_salted_argon2id_hash(shop: Store) -> None:
    stored = Store(shop.url).engine.connect().exec_driver_sql("select password_hash from users").scalar()
    assert stored.startswith("$argon2id$") and "editor-pass-1" not in stored
    assert passwords.hash_password("editor-pass-1") != passwords.hash_password("editor-pass-1")


def test_an_unknown_name_costs_the_same_argon2_work_as_a_wrong_password(
    shop: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timing does not tell whether an account exists: both refusals verify one argon2 hash of equal cost."""
    checked: list[str] = []
    real = passwords._HASHER

    class Counting:
        def verify(self, stored: str, password: str) -> bool:
            checked.append(stored.split("$")[3])  # the cost parameters (m, t, p)
            return real.verify(stored, password)

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    monkeypatch.setattr(passwords, "_HASHER", Counting())
    assert not accounts.sign_in(shop, "nobody", "editor-pass-1", 1).ok
    assert not accounts.sign_in(shop, "somchai", "wrong-pass-1", 1).ok
    assert len(checked) == 2 and checked[0] == checked[1]


def test_repeated_failures_lock_the_account_and_a_new_password_lifts_it(shop: Store) -> None:
    for _ in range(AUTH.max_failures):
        assert not accounts.sign_in(shop, "somchai", "wrong-pass-1", 1).ok
    assert accounts.list_accounts(shop)[0].locked()
    assert not accounts.sign_in(shop, "somchai", "editor-pass-1", 1).ok  # the right password waits too
    actions = [e.action for e in audit.entries(shop)]
    assert actions.count("lockout") == 1 and actions.count("sign_in_failed") == AUTH.max_failures + 1
    accounts.set_password(shop, ADMIN, "somchai", "brand-new-pass")
    assert accounts.sign_in(shop, "somchai", "brand-new-pass", 1).ok


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(shop: Store) -> None:
    token = accounts.sign_in(shop, "somchai", "editor-pass-1", 1).token
    assert accounts.session_account(shop, token) is not None
    accounts.set_disabled(shop, ADMIN, "somchai", True)
    assert accounts.session_account(shop, token) is None
    assert not accounts.sign_in(shop, "somchai", "editor-pass-1", 1).ok


def test_an_expired_session_is_over(shop: Store) -> None:
    token = accounts.sign_in(shop, "somchai", "editor-pass-1", 1).token
    with shop.engine.begin() as conn:
        conn.execute(sessions.update().values(expires_at="2000-01-01T00:00:00+07:00"))
    assert accounts.session_account(shop, token) is None


@pytest.mark.parametrize(
    ("name", "role", "password", "code"),
    [
        ("somchai", "viewer", "another-pass-1", "user_exists"),
        ("SOMCHAI", "viewer", "another-pass-1", "user_exists"),
        ("two words", "viewer", "another-pass-1", "user_name_invalid"),
        ("x" * 65, "viewer", "another-pass-1", "user_name_invalid"),
        ("malee", "root", "another-pass-1", "user_role_invalid"),
        ("malee", "viewer", "", "auth_password_empty"),
        ("malee", "viewer", "short12", "auth_password_too_short"),
        ("malee", "viewer", "x" * 10_000, "auth_password_too_long"),
    ],
)
def test_a_bad_account_is_refused_with_a_thai_reason_and_nothing_stored(
    shop: Store, name: str, role: str, password: str, code: str
) -> None:
    before = accounts.list_accounts(shop)
    with pytest.raises(StoreError) as refused:
        accounts.add_account(shop, ADMIN, name, role, password)
    assert refused.value.code == code
    assert password not in refused.value.message or not password
    assert accounts.list_accounts(shop) == before


def test_only_an_admin_manages_accounts(shop: Store) -> None:
    for actor in (EDITOR, VIEWER):
        with pytest.raises(StoreError):
            accounts.add_account(shop, actor, "malee", "admin", "another-pass-1")
        with pytest.raises(StoreError):
            accounts.set_role(shop, actor, "somchai", "admin")
    assert [a.role for a in accounts.list_accounts(shop)] == ["editor"]


def test_thai_names_are_accounts_too(shop: Store) -> None:
    accounts.add_account(shop, ADMIN, "สมชาย.ใจดี", "viewer", "viewer-pass-1")
    assert accounts.sign_in(shop, "สมชาย.ใจดี", "viewer-pass-1", 1).ok
