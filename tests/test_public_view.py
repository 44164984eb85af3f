"""The public view (no sign-in, switched on by an admin): only the figures the public exports publish.

The sample data's complaint counts hold small numbers: as of quarter 4 this year's quarter 4 has 2
complaints, and some indicators that count complaints have 2 this quarter or 1 as their baseline.
A signed-in viewer sees them; an anonymous visitor of the public view sees none of them on any page
it can open, neither as text, nor in a table, nor in a chart's data. Those counts are found where
a complaint count can appear: a number followed by "เรื่อง", a cell of a complaint table, a number
of a complaint indicator's line in the targets table, and the values and labels of a chart about
complaints.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from actors import ADMIN
from export_fixtures import TODAY, sample_dataset
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from kpi.core.messages import t
from kpi.core.settings import TARGETS
from kpi.domain.targets import target_tracker
from kpi.exports.deck import build_deck
from kpi.ingest.upload import ensure_seeded
from kpi.screens.overview import build_overview, overview_cards
from kpi.screens.targets import public_hiding, tracker_frame
from kpi.store import accounts, app_settings
from kpi.store.database import Store

K = TARGETS.suppression_k
SMALL = tuple(range(1, K))  # the counts a public output never shows
PASSWORD = "viewer-pass-1"
# Every page an anonymous visitor of the public view may open (app.py PAGES with action "view").
PUBLIC_PAGES = ("overview", "measures", "targets", "ita", "satisfaction", "complaints", "oit", "calendar", "present")
DATA_PAGES = ("upload", "history", "import_report", "import_survey", "export", "admin")
SIGN_IN_TITLE = "เข้าสู่ระบบแดชบอร์ดคุณธรรมและความโปร่งใส"
REFUSAL = "ไม่มีสิทธิ์เปิดหน้านี้"

_SMALL_DIGITS = "".join(str(n) for n in SMALL)
# '2 เรื่อง', '2.00 เรื่อง': a small complaint count written out (not '12 เรื่อง', not '≤ 1 เรื่อง' as a target).
_COUNT_TEXT = re.compile(rf"(?<![\d.,≤≥<>=])(?<![≤≥<>=] )[{_SMALL_DIGITS}](?:\.0+)?\s*เรื่อง")
_NUMBER = re.compile(rf"(?<![\d.])[{_SMALL_DIGITS}](?:\.0+)?(?![\d.%])")


@pytest.fixture()
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The sample data, one viewer account (so sign-in is required) and the public view on."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    store = Store(url)
    ensure_seeded(store)
    accounts.add_account(store, ADMIN, "malee", "viewer", PASSWORD)
    app_settings.set_public_view(store, ADMIN, True)
    return store


def _app(store: Store, signed_in: bool = False) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    if signed_in:
        at.session_state["_kpi_token"] = accounts.sign_in(store, "malee", PASSWORD, 12).token
    return at.run()


def _open(at: AppTest, address: str) -> AppTest:
    """Open a page by its address, as a link or a typed URL does."""
    at._page_hash = calc_hash(address)  # st.Page keys a page by the hash of its url_path
    at.run()
    assert not at.exception, address
    return at


def _period(at: AppTest, year: int, quarter: int) -> AppTest:
    at.selectbox(key="year").select(year).run()
    at.selectbox(key="quarter").select(quarter).run()
    assert not at.exception
    return at


def _array(value: Any) -> list[Any]:
    """A plotly array from the figure JSON (numeric arrays may come base64-encoded)."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value) if isinstance(value, list | tuple) else []


def _texts(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "title", "subheader", "info", "warning", "error", "success", "text")
    texts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    texts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    return [text.replace("\\", "") for text in texts]


def _frames(at: AppTest) -> list[Any]:
    return [e.value for e in at.dataframe] + [e.value for e in at.table]


def small_counts(at: AppTest, page: str) -> list[str]:
    """Every place the page shows a complaint count of 1..k−1."""
    found = [f"text: {text}" for text in _texts(at) if _COUNT_TEXT.search(text)]
    for frame in _frames(at):
        cells = [str(v) for v in frame.astype(str).to_numpy().ravel()]
        found += [f"cell: {cell}" for cell in cells if _COUNT_TEXT.search(cell)]
        if page == "complaints":  # every table of the page counts complaints (its first column names the rows)
            counts = [str(v) for v in frame.iloc[:, 1:].astype(str).to_numpy().ravel()]
            found += [f"complaint cell: {cell}" for cell in counts if _NUMBER.search(cell)]
        if page == "targets" and len(frame.columns) > 6:  # a complaint indicator's numbers
            for _, row in frame[frame.iloc[:, 1].str.contains("ร้องเรียน")].iterrows():
                # the period in brackets and the baseline's label are not counts
                numbers = [re.sub(r"\(.*?\)", "", str(row.iloc[3])), str(row.iloc[4]).split(" · ")[0]]
                numbers += [str(v) for v in row.iloc[6:]]
                found += [f"indicator cell: {n}" for n in numbers if _NUMBER.search(n)]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if "ร้องเรียน" not in json.dumps(spec, ensure_ascii=False):
            continue  # a chart about something else (measures, targets by state, ITA, satisfaction)
        for trace in spec.get("data", []):
            values = _array(trace.get("y", [])) + _array(trace.get("x", []))
            found += [f"chart value: {v}" for v in values if isinstance(v, int | float) and v in SMALL]
            found += [f"chart label: {v}" for v in _array(trace.get("text", [])) if str(v).strip() in map(str, SMALL)]
    return found


def test_the_public_view_opens_the_overview_without_sign_in(shop: Store) -> None:
    at = _app(shop)
    assert not at.exception
    assert any(title.value.startswith("ภาพรวม") for title in at.title)
    assert len(at.get("plotly_chart")) == 5
    texts = "\n".join(_texts(at))
    assert "มุมมองสาธารณะ" in texts  # the sidebar says which view this is
    assert "ปกปิด" in texts or any("ปกปิด" in c.proto.spec for c in at.get("plotly_chart"))


@pytest.mark.parametrize("page", ["overview", "targets", "measures", "complaints"])
def test_a_signed_in_viewer_sees_the_small_counts_the_public_view_hides(shop: Store, page: str) -> None:
    """The other half of the check below: these pages do show small counts to staff."""
    at = _period(_open(_app(shop, signed_in=True), page), 2568, 4)
    if page == "measures":
        at.selectbox(key="measure_pick").select(5).run()  # measure 5 has an indicator counting complaints
    if page == "targets":
        at.selectbox(key="target_pick").select("5.2").run()
    if page == "complaints":
        at.toggle(key="complaints_public").set_value(False).run()  # the internal tables
    assert not at.exception
    assert small_counts(at, page), page


@pytest.mark.parametrize("quarter", [2, 4])
def test_no_page_of_the_public_view_shows_a_small_complaint_count(shop: Store, quarter: int) -> None:
    at = _period(_app(shop), 2568, quarter)
    for page in PUBLIC_PAGES:
        _open(at, page)
        assert REFUSAL not in "\n".join(_texts(at)), page
        if page == "measures":
            at.selectbox(key="measure_pick").select(5).run()
        if page == "targets":
            at.selectbox(key="target_pick").select("5.2").run()
        assert small_counts(at, page) == [], page


def test_the_public_complaints_page_has_no_switch_to_the_internal_tables(shop: Store) -> None:
    at = _open(_app(shop), "complaints")
    assert not _has_toggle(at)
    assert t("cmp_internal_warning") not in "\n".join(_texts(at))
    assert any(t("cmp_public_info", small="1–2")[:20] in text for text in _texts(at))
    staff = _open(_app(shop, signed_in=True), "complaints")
    assert _has_toggle(staff)


def _has_toggle(at: AppTest) -> bool:
    return any(toggle.key == "complaints_public" for toggle in at.toggle)


@pytest.mark.parametrize("page", DATA_PAGES)
def test_data_export_and_admin_pages_refuse_the_public_visitor(shop: Store, page: str) -> None:
    at = _open(_app(shop), page)
    assert any(REFUSAL in e.value for e in at.error), page
    assert not at.get("plotly_chart") and not at.dataframe and not at.get("file_uploader")


def test_with_the_public_view_off_an_anonymous_visitor_sees_the_sign_in_form_only(shop: Store) -> None:
    app_settings.set_public_view(shop, ADMIN, False)
    at = _app(shop)
    assert [title.value for title in at.title] == [SIGN_IN_TITLE]
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric and not at.table
    for page in ("complaints", "targets"):
        _open(at, page)
        assert [title.value for title in at.title] == [SIGN_IN_TITLE]
        assert not at.get("plotly_chart") and not at.dataframe


# --- one quantity, one number: the page's public figures are the deck's ---------------------------


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_the_public_overview_shows_the_decks_complaint_numbers(quarter: int) -> None:
    dataset = sample_dataset()
    deck = build_deck(dataset, 2568, quarter, today=TODAY)
    slides = {s.key: s for s in deck.slides}
    ov = build_overview(dataset, 2568, quarter, public=True)
    chart = slides["complaints"].chart
    assert chart is not None
    last, this = chart.series
    shown = ov.complaints_quarters
    assert [None if v is None else float(v) for v in shown.this_year] == list(this.values)
    assert [None if v is None else float(v) for v in shown.last_year] == list(last.values)
    assert [label == "–" for label in this.labels] == list(shown.this_hidden)
    total = next(f for f in slides["overview"].figures if f.key == "complaints_total")
    card = overview_cards(ov)[-1]
    assert card.value == ("ปกปิด" if total.value is None else f"{total.value:.0f}")


def test_the_sample_hides_its_quarter_4_count_on_the_public_overview_only() -> None:
    dataset = sample_dataset()
    staff, public = build_overview(dataset, 2568, 4), build_overview(dataset, 2568, 4, public=True)
    assert staff.complaints_quarters.this_year[3] == 2  # a small count, shown to staff
    assert public.complaints_quarters.this_year[3] is None and public.complaints_quarters.this_hidden[3]


def test_a_complaint_indicator_hides_last_years_same_quarter_when_the_grid_does() -> None:
    """The baseline of a quarter's complaint count is the same quarter last year (kpi.domain.targets):
    last year's quarter 4 (4 complaints) is hidden in last year's public grid, so it is hidden beside
    this year's quarter 4 too, on the page and in the deck."""
    dataset = sample_dataset()
    tracker = target_tracker(dataset, 2568, 4)
    frame = tracker_frame(tracker, (), public_hiding(tracker, dataset.frame("complaints")))
    bound = frame[frame.iloc[:, 1].str.contains("ร้องเรียน")]
    assert len(bound) == 4
    assert all(cell.startswith("ปกปิด") for cell in bound.iloc[:, 4])
    deck = build_deck(dataset, 2568, 4, today=TODAY)
    rows = [r for s in deck.slides if s.table is not None and s.key.startswith("targets_") for r in s.table.rows]
    conditions = [r[1] for r in rows if "ร้องเรียน" in r[0]]
    assert conditions and all("ลดลงจาก – " in c for c in conditions)


# --- counts by state: a hidden state is counted as "ปกปิด", never as met (tests/test_public_counts.py) ---


def test_the_public_pages_count_the_hidden_states_apart_and_staff_pages_as_before(shop: Store) -> None:
    """The sample's four complaint-bound indicators have their state hidden as of quarter 4: the public
    overview and targets page count them as "ปกปิด" (12 − 4 = 8 met shown), a signed-in viewer sees 12 met."""
    public = _period(_app(shop), 2568, 4)
    staff = _period(_app(shop, signed_in=True), 2568, 4)
    assert any("บรรลุเป้าหมาย 8 จาก 12 · สถานะปกปิด 4 ตัวชี้วัด**" in text for text in _texts(public))
    assert any("บรรลุเป้าหมาย 12 จาก 12**" in text for text in _texts(staff))
    for at, line in ((public, "✔ บรรลุ 8 ·"), (staff, "✔ บรรลุ 12 ·")):
        _open(at, "targets")
        counts = next(text for text in _texts(at) if "ทั้งหมด 12 ตัวชี้วัด" in text)
        assert counts.strip("*").startswith(line), counts
        assert ("ปกปิด 4 (ทั้งหมด" in counts) == (at is public)
        names = [trace.get("name") for c in at.get("plotly_chart") for trace in json.loads(c.proto.spec)["data"]]
        assert ("ปกปิด" in names) == (at is public)
