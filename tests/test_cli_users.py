"""`python -m kpi user …`: accounts managed from the server's command line, refusals in Thai, passwords never shown."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from kpi.cli import users
from kpi.cli.main import main
from kpi.core.messages import PROBLEMS, t
from kpi.core.settings import AUTH
from kpi.store import accounts
from kpi.store.audit import entries
from kpi.store.database import Store

PASSWORD = "correct horse battery"
THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'users.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("LOGNAME", "admin.os")
    monkeypatch.setenv("USER", "admin.os")
    return Store(url)


def cli(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """Run one command in-process with `stdin` as standard input (not a terminal): (exit code, stdout, stderr)."""
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, _ = cli(capsys, "user", "list", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["ok"] is True and payload["problems"] == []
    found: list[dict[str, Any]] = payload["accounts"]
    return found


def test_add_list_and_sign_in(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(
        capsys, "user", "add", "Somchai", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert (code, out.strip(), err) == (0, t("cli_user_added", name="Somchai", role="ผู้บันทึกข้อมูล"), "")
    (account,) = listed(capsys)
    assert set(account) == {"name", "role", "disabled", "locked_until", "created_at", "changed_at"}
    assert (account["name"], account["role"], account["disabled"], account["locked_until"]) == (
        "Somchai", "editor", False, None,
    )  # fmt: skip
    assert account["created_at"].endswith("+07:00")
    assert accounts.sign_in(store, "somchai", PASSWORD, 8).ok  # the newline is not part of the password
    code, out, _ = cli(capsys, "user", "list")
    assert code == 0 and out.split("\t")[:3] == ["Somchai", "ผู้บันทึกข้อมูล", "ใช้งานได้"]
    (entry,) = entries(store, action="user_add")
    assert (entry.actor, entry.via) == ("admin.os", "cli") and PASSWORD not in entry.detail


def test_a_password_of_exactly_the_limit_is_taken_with_a_windows_line_end(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    longest = "ก" * AUTH.max_password_length
    assert cli(capsys, "user", "add", "malee", "--role", "viewer", "--password-stdin", stdin=longest + "\r\n")[0] == 0
    assert accounts.sign_in(store, "malee", longest, 8).ok


def _no_account_stored(store: Store, before: list[str]) -> None:
    assert [a.name for a in accounts.list_accounts(store)] == before
    assert [e.action for e in entries(store) if e.action.startswith("user_")] == ["user_add"] * len(before)


@pytest.mark.parametrize(
    ("argv", "stdin", "code"),
    [
        (["nid", "--role", "editor"], "\n", "auth_password_empty"),
        (["nid", "--role", "editor"], "", "auth_password_empty"),
        (["nid", "--role", "editor"], "sevenc7\n", "auth_password_too_short"),
        (["nid", "--role", "editor"], "ร" * 10_000 + "\n", "auth_password_too_long"),
        (["nid", "--role", "editor"], "x" * (AUTH.max_password_length + 1), "auth_password_too_long"),
        (["bad name", "--role", "editor"], PASSWORD, "user_name_invalid"),
        (["nid;rm", "--role", "editor"], PASSWORD, "user_name_invalid"),
        (["n" * 65, "--role", "editor"], PASSWORD, "user_name_invalid"),
        (["nid", "--role", "superuser"], PASSWORD, "user_role_invalid"),
        (["SOMCHAI", "--role", "viewer"], PASSWORD, "user_exists"),
    ],
)
def test_a_refused_add_is_thai_exit_1_stores_nothing_and_never_shows_the_password(
    argv: list[str], stdin: str, code: str, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "user", "add", "somchai", "--role", "admin", "--password-stdin", stdin=PASSWORD)[0] == 0
    exit_code, out, err = cli(capsys, "user", "add", *argv, "--password-stdin", stdin=stdin)
    assert exit_code == 1
    assert out == "" and f"({code})" in err and THAI.search(err)
    assert PROBLEMS[code].split("{")[0] in err
    password = stdin.rstrip("\n")
    if password:
        assert password not in out + err
    assert "Traceback" not in err
    _no_account_stored(store, ["somchai"])


def test_an_empty_list_says_so(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert listed(capsys) == []
    code, out, _ = cli(capsys, "user", "list")
    assert (code, out.strip()) == (0, t("cli_user_none"))


@pytest.mark.parametrize(
    "argv",
    [
        ["user"],
        ["user", "add", "nid", "--password-stdin"],  # no role
        ["user", "add", "--role", "viewer", "--password-stdin"],  # no name
        ["user", "add", "nid", "--role", "viewer"],  # no password: no terminal to ask and no --password-stdin
        ["user", "passwd", "nid"],
        ["user", "frobnicate", "nid"],
        ["user", "list", "--colour"],
    ],
)
def test_wrong_usage_is_thai_exit_2_and_stores_nothing(
    argv: list[str], store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, *argv, stdin=PASSWORD + "\n")
    assert code == 2 and out == ""
    assert err.startswith("วิธีใช้: python -m kpi") and "การใช้งานไม่ถูกต้อง: " in err
    assert PASSWORD not in err
    assert accounts.list_accounts(store) == [] and entries(store) == []


def test_no_password_without_a_terminal_says_to_use_password_stdin(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "user", "add", "nid", "--role", "viewer")
    assert code == 2 and t("cli_user_password_needed") in err


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal (nothing is read from it: getpass asks)."""

    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_password_is_asked_twice(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[str] = []
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return answers.pop(0)

    def at_terminal(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    monkeypatch.setattr(users.getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    answers[:] = [PASSWORD, PASSWORD + "!"]
    code, out, err = at_terminal("user", "add", "nid", "--role", "viewer")
    assert code == 1 and "(auth_password_mismatch)" in err and PASSWORD not in out + err
    assert prompts == [t("cli_user_password_prompt"), t("cli_user_password_again")]
    assert accounts.list_accounts(store) == []
    answers[:] = [PASSWORD, PASSWORD]
    assert at_terminal("user", "add", "nid", "--role", "viewer")[0] == 0
    assert accounts.sign_in(store, "nid", PASSWORD, 8).ok


def test_passwd_disable_enable_role(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "user", "add", "somchai", "--role", "viewer", "--password-stdin", stdin=PASSWORD)[0] == 0
    for _ in range(AUTH.max_failures):
        accounts.sign_in(store, "somchai", "wrong password", 8)
    assert listed(capsys)[0]["locked_until"] is not None
    code, out, err = cli(capsys, "user", "passwd", "somchai", "--password-stdin", stdin="ใหม่ยาวพอแล้วนะ\n")
    assert (code, out.strip()) == (0, t("cli_user_password_set", name="somchai")) and "ใหม่ยาวพอ" not in out + err
    assert listed(capsys)[0]["locked_until"] is None  # a new password lifts the lockout
    assert not accounts.sign_in(store, "somchai", PASSWORD, 8).ok
    assert accounts.sign_in(store, "somchai", "ใหม่ยาวพอแล้วนะ", 8).ok
    assert cli(capsys, "user", "disable", "somchai")[0] == 0
    assert listed(capsys)[0]["disabled"] is True
    assert not accounts.sign_in(store, "somchai", "ใหม่ยาวพอแล้วนะ", 8).ok
    code, out, _ = cli(capsys, "user", "list")
    assert "\tปิดการใช้งาน\t" in out
    assert cli(capsys, "user", "enable", "somchai")[0] == 0
    code, out, _ = cli(capsys, "user", "role", "somchai", "--role", "admin")
    assert (code, out.strip()) == (0, t("cli_user_role_set", name="somchai", role="ผู้ดูแลระบบ"))
    assert listed(capsys)[0]["role"] == "admin" and listed(capsys)[0]["disabled"] is False
    actions = [e.action for e in reversed(entries(store)) if e.action.startswith("user_")]
    assert actions == ["user_add", "user_passwd", "user_disable", "user_enable", "user_role"]
    assert {e.actor for e in entries(store) if e.action.startswith("user_")} == {"admin.os"}


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["passwd", "nobody", "--password-stdin"], "user_not_found"),
        (["disable", "nobody"], "user_not_found"),
        (["enable", "no body"], "user_not_found"),
        (["role", "nobody", "--role", "admin"], "user_not_found"),
        (["role", "somchai", "--role", "root"], "user_role_invalid"),
        (["passwd", "somchai", "--password-stdin"], "auth_password_too_short"),
    ],
)
def test_changing_an_unknown_account_or_to_a_bad_value_is_refused(
    argv: list[str], code: str, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "user", "add", "somchai", "--role", "viewer", "--password-stdin", stdin=PASSWORD)[0] == 0
    password = "qwe.rty" if code.startswith("auth_") else "ยาวพอแน่นอน 123"
    exit_code, out, err = cli(capsys, "user", *argv, stdin=password + "\n")
    assert (exit_code, out) == (1, "") and f"({code})" in err and password not in err
    assert [e.action for e in entries(store)] == ["user_add"]
    assert listed(capsys)[0]["role"] == "viewer"


def test_a_user_json_refusal_is_the_envelope(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    """`user list --json` against a store that cannot be read: the one envelope, exit 1."""
    store.engine.dispose()
    Path(store.url.removeprefix("sqlite:///")).write_bytes(b"not a database" * 100)
    code, out, _ = cli(capsys, "user", "list", "--json")
    payload = json.loads(out)
    assert code == 1 and payload["ok"] is False and payload["problems"][0]["code"].startswith("store_")
