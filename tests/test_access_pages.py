"""Sign-in and roles in the running app (AppTest): what each kind of visitor can open and do.

A direct link is opened the way a browser opens it: by the page's address (its url_path), which
st.navigation maps to a page whether or not the navigation lists it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import COMPLAINT_HEADER, make_workbook
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from kpi.access.actor import Actor
from kpi.cli.main import main
from kpi.ingest.upload import commit_upload, ensure_seeded, prepare_upload
from kpi.store import accounts, audit
from kpi.store.database import Store
from kpi.store.faults import StoreError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORDS = {"somchai": "editor-pass-1", "malee": "viewer-pass-1", "boss": "admin-pass-1"}
ROLES = {"somchai": "editor", "malee": "viewer", "boss": "admin"}


@pytest.fixture()
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store with the sample data and one account of each role (created as the CLI would)."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    store = Store(url)
    ensure_seeded(store)
    for name, role in ROLES.items():
        accounts.add_account(store, ADMIN, name, role, PASSWORDS[name])
    return store


def _app(store: Store, name: str | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    if name is not None:
        at.session_state["_kpi_token"] = accounts.sign_in(store, name, PASSWORDS[name], 12).token
    return at.run()


def _open(at: AppTest, address: str) -> AppTest:
    """Open a page by its address, as a link or a typed URL does (the page need not be listed)."""
    at._page_hash = calc_hash(address)  # st.Page keys a page by the hash of its url_path
    return at.run()


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "title", "info", "warning", "error", "success", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def _nav_addresses(at: AppTest) -> set[str]:
    """The addresses of the pages the navigation lists: the role's own pages run their view file;
    every other address is a hidden page that refuses (app.py)."""
    return {str(info.get("url_pathname")) for info in at._registered_pages.values() if info.get("script_path")}


def test_with_one_editor_an_anonymous_visitor_sees_the_sign_in_form_and_no_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's first check: one editor account made by the command line, then the app, anonymously."""
    url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setattr("sys.stdin", io.StringIO("editor-pass-1\n"))
    assert main(["user", "add", "somchai", "--role", "editor", "--password-stdin"]) == 0
    assert [(a.name, a.role) for a in accounts.list_accounts(Store(url))] == [("somchai", "editor")]
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["เข้าสู่ระบบแดชบอร์ดคุณธรรมและความโปร่งใส"]
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric
    text = _texts(at)
    assert "ข้อมูลฉบับที่" not in text and "2568" not in text and "มาตรการ" not in text
    assert not at.sidebar.selectbox  # no year or quarter to choose: nothing of the data
    for address in ("measures", "upload", "history", "export", "admin", "complaints"):
        _open(at, address)
        assert [t.value for t in at.title] == ["เข้าสู่ระบบแดชบอร์ดคุณธรรมและความโปร่งใส"], address
        assert not at.get("plotly_chart") and not at.dataframe


def test_signing_in_through_the_form_opens_the_dashboards(shop: Store) -> None:
    at = _app(shop)
    at.text_input[0].input("SomChai")  # names are matched without regard to case
    at.text_input[1].input(PASSWORDS["somchai"])
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "ภาพรวมปีงบประมาณ 2568"
    assert "ผู้ใช้: somchai (ผู้บันทึกข้อมูล)" in [c.value for c in at.sidebar.caption]
    assert [e.action for e in audit.entries(shop)][:1] == ["sign_in"]


@pytest.mark.parametrize(
    ("name", "password"),
    [("somchai", "wrong-password"), ("nobody", "editor-pass-1"), ("", ""), ("somchai", "x" * 10_000), ("x" * 500, "a")],
)
def test_a_failed_sign_in_says_one_thing_whatever_was_wrong(shop: Store, name: str, password: str) -> None:
    at = _app(shop)
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "เข้าสู่ระบบไม่สำเร็จ: ชื่อบัญชีหรือรหัสผ่านไม่ถูกต้อง หรือบัญชีนี้ใช้งานไม่ได้ในขณะนี้"
        " กรุณาลองอีกครั้ง หากลองผิดหลายครั้ง บัญชีจะถูกพักการใช้งานชั่วคราว หรือติดต่อผู้ดูแลระบบ"
    ]
    assert not at.get("plotly_chart")
    assert password not in _texts(at) or not password
    assert audit.entries(shop, limit=1)[0].action == "sign_in_failed"


def test_each_role_sees_only_the_pages_it_may_use(shop: Store) -> None:
    viewer, editor, admin = _app(shop, "malee"), _app(shop, "somchai"), _app(shop, "boss")
    data_pages = {"upload", "import_survey", "history", "import_report"}
    assert not (_nav_addresses(viewer) & (data_pages | {"admin"}))
    assert "export" in _nav_addresses(viewer) and "present" in _nav_addresses(viewer)
    assert data_pages <= _nav_addresses(editor) and "admin" not in _nav_addresses(editor)
    assert data_pages | {"admin"} <= _nav_addresses(admin)


def test_a_viewer_cannot_reach_the_upload_page_by_its_address_and_the_try_is_audited(shop: Store) -> None:
    at = _open(_app(shop, "malee"), "upload")
    assert not at.exception
    assert "ไม่มีสิทธิ์เปิดหน้านี้" in at.error[0].value
    assert not at.get("file_uploader") and not at.main.button
    last = audit.entries(shop, limit=1)[0]
    assert (last.action, last.actor, last.detail) == ("access_denied", "malee", "อัปโหลดข้อมูล")


def test_a_viewer_replaying_an_upload_is_refused_by_the_store_and_audited(shop: Store) -> None:
    """The page is not the only guard: a save reaching the store from a viewer's session is refused there."""
    before = shop.head()
    rows = [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", 9, 9, 0, 9]]
    plan = prepare_upload(make_workbook({"เรื่องร้องเรียน": rows}), "x.xlsx", shop.dataset())
    assert plan.ok and plan.changes
    with pytest.raises(StoreError) as refused:
        commit_upload(shop, plan, actor=Actor("malee", "viewer", "app"))
    assert "ไม่มีสิทธิ์" in refused.value.message
    assert shop.head() == before
    last = audit.entries(shop, limit=1)[0]
    assert (last.action, last.actor, last.detail) == ("access_denied", "malee", "อัปโหลดข้อมูล")


def test_an_editor_uploads_and_the_version_records_who(shop: Store) -> None:
    at = _open(_app(shop, "somchai"), "upload")
    rows = [COMPLAINT_HEADER] + [[2568, q, "ร้องเรียนทั่วไป", 5, 5, 0, 5] for q in (1, 2, 3, 4)]
    at.file_uploader(key="upload_file").upload("more.xlsx", make_workbook({"เรื่องร้องเรียน": rows}), XLSX).run()
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    head = shop.head()
    assert head is not None and (head.saved_by, head.saved_via) == ("somchai", "app")
    entry = audit.entries(shop, action="upload", limit=1)[0]
    assert (entry.actor, entry.version) == ("somchai", head.number)
    at = _open(at, "history")
    assert not [b for b in at.button if b.key == "rollback_button"]  # an editor sees history, not rollback
    shown = at.dataframe[0].value
    assert shown.iloc[0]["ผู้บันทึก"] == "somchai"


def test_only_an_admin_rolls_back(shop: Store) -> None:
    editor = Actor("somchai", "editor", "app")
    plan = prepare_upload(
        make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", 9, 9, 0, 9]]}),
        "c.xlsx",
        shop.dataset(),
    )
    commit_upload(shop, plan, actor=editor)
    head = shop.head()
    assert head is not None
    with pytest.raises(StoreError):
        shop.rollback(1, actor=editor)
    assert shop.head() == head
    at = _open(_app(shop, "boss"), "history")
    at.selectbox(key="rollback_version").select(1).run()
    at.button(key="rollback_button").click().run()
    assert not at.exception
    new = shop.head()
    assert new is not None and new.number == head.number + 1 and new.saved_by == "boss" and new.kind == "rollback"


def test_sign_out_ends_the_session_everywhere(shop: Store) -> None:
    at = _app(shop, "somchai")
    token = at.session_state["_kpi_token"]
    at.button(key="sign_out").click().run()
    assert at.title[0].value == "เข้าสู่ระบบแดชบอร์ดคุณธรรมและความโปร่งใส"
    assert accounts.session_account(shop, token) is None  # a copied cookie no longer works either
    again = AppTest.from_file("../app.py", default_timeout=60)
    again.session_state["_kpi_token"] = token
    assert again.run().title[0].value == "เข้าสู่ระบบแดชบอร์ดคุณธรรมและความโปร่งใส"


def test_served_beyond_localhost_with_no_account_the_app_does_not_fall_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'open.sqlite3'}")
    at = AppTest.from_file("../app.py", default_timeout=60)
    assert at.run().title[0].value == "ภาพรวมปีงบประมาณ 2568"  # localhost, no account: one person, one laptop
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")  # as `streamlit run app.py --server.address 0.0.0.0`
    try:
        at = AppTest.from_file("../app.py", default_timeout=60).run()
    finally:
        config.set_option("server.address", before)
    assert at.title[0].value == "เข้าสู่ระบบแดชบอร์ดคุณธรรมและความโปร่งใส"
    assert "python -m kpi user add" in at.warning[0].value
    assert not at.get("plotly_chart")
