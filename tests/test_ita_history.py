"""ITA histories as agencies publish them: the total alone, the published rating, years without rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import make_workbook
from streamlit.testing.v1 import AppTest

from kpi.charts.ita import ita_parts_chart
from kpi.charts.overview import ita_history_chart
from kpi.cli.export import build_export
from kpi.cli.main import main
from kpi.core.schema import ITA
from kpi.domain.ita import ita_figures, ita_score, ita_scores_from_frame
from kpi.exports.deck import build_deck
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.screens.ita import build_ita_view, headline, ita_severities, ita_table
from kpi.screens.overview import build_overview, overview_cards
from kpi.store.database import Store

HEADER = [c.title for c in ITA.columns]  # ปีงบประมาณ IIT EIT OIT คะแนนรวม ตัวชี้วัด 1–10 ระดับที่ประกาศ
NO_INDICATORS = [None] * 10


def _row(
    year: int, iit: float | None, eit: float | None, oit: float | None, total: float | None, rating: str | None
) -> list[object]:
    return [year, iit, eit, oit, total, *NO_INDICATORS, rating]


HISTORY = make_workbook(
    {
        "คะแนน ITA": [
            HEADER,
            _row(2560, None, None, None, 72.45, "สูง"),  # before the first rule set (2561)
            _row(2563, None, None, None, 86.5, "A"),  # AA–F: no band needs the tools, so certain
            _row(2566, None, None, None, 86.78, "ผ่าน"),  # ผ่าน or ผ่านดี: the tools decide
            _row(2567, None, None, None, 80.12, "ผ่าน"),  # 80.12 is ต้องปรับปรุง: disagrees
            _row(2568, 88, 86, 84, None, "ผ่าน"),  # OIT < 85 → ผ่าน, as published
        ]
    }
)


@pytest.fixture()
def history_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'ita.sqlite3'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    store = Store(url)
    plan = prepare_upload(HISTORY, "history.xlsx", store.dataset())
    assert plan.ok, [p.message for p in plan.errors]
    commit_upload(store, plan, actor=ADMIN)
    return store


# --- domain ----------------------------------------------------------------------------------


def test_total_alone_2566_is_at_least_pass_and_says_it_is_not_certain() -> None:
    score = ita_score(2566, None, None, None, total=86.78, published_rating=" ผ่าน ")
    assert (score.rating_label, score.rating_certain, score.rating_disagrees) == ("ผ่าน", False, False)
    assert score.rating is not None and score.rating.possible == ("ผ่านดี", "ผ่าน")
    assert score.published_rating == "ผ่าน"  # trimmed, otherwise as typed
    # ผ่านดี is possible with the total alone, so a published ผ่านดี does not disagree either
    assert not ita_score(2566, None, None, None, total=86.78, published_rating="ผ่านดี").rating_disagrees
    assert ita_score(2566, None, None, None, total=86.78, published_rating="ต้องปรับปรุง").rating_disagrees


def test_aa_to_f_years_are_certain_with_the_total_alone_and_compare_case_blind() -> None:
    score = ita_score(2563, None, None, None, total=86.5, published_rating="a")
    assert (score.rating_label, score.rating_certain, score.rating_disagrees) == ("A", True, False)
    assert ita_score(2563, None, None, None, total=86.5, published_rating="AA").rating_disagrees
    # Another vocabulary cannot be compared: not flagged
    assert not ita_score(2562, None, None, None, total=86.5, published_rating="สูงมาก").rating_disagrees


def test_a_year_before_the_rules_gets_no_computed_rating_never_the_2561_rules() -> None:
    score = ita_score(2560, None, None, None, total=72.45, published_rating="สูง")
    assert (score.rating, score.gap_to_pass, score.rating_certain, score.rating_disagrees) == (None, None, False, False)
    assert (score.display_rating, score.severity, score.shown_total) == ("สูง", "none", 72.45)
    with_tools = ita_score(2560, 90, 90, 90, total=90.0)
    assert with_tools.rating is None and with_tools.parts == {"iit": None, "eit": None, "oit": None}
    with pytest.raises(ValueError):  # no weights to compute a total with
        ita_score(2560, 90, 90, 90)


def test_figures_come_from_one_call_per_year(history_store: Store) -> None:
    scores = ita_scores_from_frame(history_store.dataset().frame("ita"))
    assert [s.year for s in scores] == [2560, 2563, 2566, 2567, 2568]
    assert ita_figures(scores, 2566) == {
        "year": 2566, "total": 86.78, "iit": None, "eit": None, "oit": None, "rating": "ผ่าน",
        "published_rating": "ผ่าน", "rating_certain": False, "rating_disagrees": False,
    }  # fmt: skip
    assert ita_figures(scores, 2560) == {
        "year": 2560, "total": 72.45, "iit": None, "eit": None, "oit": None, "rating": None,
        "published_rating": "สูง", "rating_certain": False, "rating_disagrees": False,
    }  # fmt: skip
    figures_2568 = ita_figures(scores, 2568)
    assert figures_2568 is not None and (figures_2568["total"], figures_2568["rating"]) == (85.8, "ผ่าน")
    assert figures_2568["rating_certain"] is True
    assert ita_figures(scores, 2569) is None


# --- the upload ------------------------------------------------------------------------------


def test_a_total_only_history_validates_and_loads_with_its_published_ratings(history_store: Store) -> None:
    frame = history_store.dataset().frame("ita")
    assert frame["published_rating"].tolist() == ["สูง", "A", "ผ่าน", "ผ่าน", "ผ่าน"]
    assert frame["iit"].isna().tolist() == [True, True, True, True, False]


def test_a_row_with_neither_total_nor_three_tools_is_a_problem_and_nothing_is_stored(store: Store) -> None:
    bad = make_workbook(
        {
            "คะแนน ITA": [
                HEADER,
                _row(2566, 90, 88, None, None, "ผ่าน"),  # two tools, no total
                _row(2559, 90, 90, 90, None, None),  # tools, but no weights for 2559 to compute the total
                _row(2567, 50, None, None, 86.0, "ผ่าน"),  # a total beside one tool: not checked against it
            ]
        }
    )
    plan = prepare_upload(bad, "bad.xlsx", store.dataset())
    assert {(p.code, p.sheet, p.row, p.column) for p in plan.errors} == {
        ("ita_no_total", "คะแนน ITA", 2, "คะแนนรวม"),
        ("ita_total_no_rules", "คะแนน ITA", 3, "คะแนนรวม"),
    }
    assert "กรอกครบทั้งสามเครื่องมือ" in plan.errors[0].message
    assert store.head() is None


def test_published_rating_words_unknown_are_warned_and_kept_too_long_refused(store: Store) -> None:
    odd = make_workbook({"คะแนน ITA": [HEADER, _row(2566, None, None, None, 86.0, "ผ่นา")]})
    plan = prepare_upload(odd, "odd.xlsx", store.dataset())
    assert plan.ok and [(w.code, w.row, w.column) for w in plan.warnings] == [
        ("ita_rating_unknown_word", 2, "ระดับที่ประกาศ")
    ]
    assert "“ผ่นา”" in plan.warnings[0].message
    commit_upload(store, plan, actor=ADMIN)
    assert store.dataset().frame("ita")["published_rating"].tolist() == ["ผ่นา"]
    long = make_workbook({"คะแนน ITA": [HEADER, _row(2566, None, None, None, 86.0, "ผ่าน " * 20)]})
    assert [p.code for p in prepare_upload(long, "long.xlsx", store.dataset()).errors] == ["ita_rating_too_long"]


def test_a_total_that_disagrees_with_all_three_tools_is_still_refused(store: Store) -> None:
    wrong = make_workbook({"คะแนน ITA": [HEADER, _row(2568, 88, 86, 84, 90.0, "ผ่าน")]})
    assert [p.code for p in prepare_upload(wrong, "w.xlsx", store.dataset()).errors] == ["ita_total_mismatch"]


# --- the command line ------------------------------------------------------------------------


def test_cli_total_2566_says_pass_is_not_certain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "2566", "--total", "86.78", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["ok"], out["total"], out["rating"], out["certain"]) == (True, 86.78, "ผ่าน", False)
    assert out["possible"] == ["ผ่านดี", "ผ่าน"]
    assert "ไม่ทราบคะแนนแยกเครื่องมือ" in out["note"] and "“ผ่านดี”" in out["note"]
    assert main(["ita", "--year", "2566", "--total", "๘๖.๗๘"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "86.78 คะแนน (ผ่าน) ปี 2566",
        "ไม่ทราบคะแนนแยกเครื่องมือ ระดับอย่างน้อยคือ “ผ่าน” และอาจเป็น “ผ่านดี” ถ้าทุกเครื่องมือได้ถึงเกณฑ์ของระดับนั้น",
    ]


def test_cli_total_certain_and_before_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", "--year", "2563", "--total", "74.99", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rating"], out["certain"], out["note"]) == ("C", True, None)
    assert main(["ita", "--year", "2560", "--total", "86.78", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rating"], out["certain"], out["weights"]) == (None, False, None)
    assert "ปี 2560 ไม่มีเกณฑ์ ITA" in out["note"]
    assert main(["ita", "--year", "2566", "--total", "101", "--json"]) == 1
    assert [p["code"] for p in json.loads(capsys.readouterr().out)["problems"]] == ["out_of_range"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--year", "2566", "--total", "86", "--iit", "90"],
        ["--year", "2566", "--total", "86", "--iit", "90", "--eit", "90", "--oit", "90"],
        ["--year", "2566"],
    ],
)
def test_cli_tools_and_total_together_is_wrong_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ita", *argv]) == 2
    err = capsys.readouterr().err
    assert "การใช้งานไม่ถูกต้อง: กรุณาระบุ --iit --eit --oit ครบทั้งสาม หรือ --total อย่างเดียว" in err


# --- the page model and chart ----------------------------------------------------------------


def test_table_and_headline_show_published_beside_computed(history_store: Store) -> None:
    view = build_ita_view(history_store.dataset(), 2568)
    rows = {r[0]: r for r in ita_table(view).values.tolist()}
    # year, IIT, EIT, OIT, three parts, total, published, computed, gap
    assert rows["2560"] == ["2560", "–", "–", "–", "–", "–", "–", "72.45", "สูง", "– (ไม่มีเกณฑ์ของปีนี้)", "–"]
    assert rows["2566"][7:] == ["86.78", "ผ่าน", "✔ ผ่าน (ไม่ครบทุกเครื่องมือ ผลอาจสูงกว่านี้)", "+1.78"]
    assert rows["2567"][7:] == ["80.12", "ผ่าน", "✖ ต้องปรับปรุง ⚠ ไม่ตรงกับระดับที่ประกาศ", "−4.88"]
    assert ita_severities(view) == ["ok", "bad", "ok", "good", "none"]
    flagged = headline(build_ita_view(history_store.dataset(), 2567))
    assert flagged is not None and flagged.published == "ผ่าน"
    assert "ระดับที่คำนวณ (ต้องปรับปรุง) ไม่ตรงกับระดับที่ประกาศ (ผ่าน)" in flagged.notes[0]


def test_a_year_without_rules_has_no_computed_rating_and_says_why(history_store: Store) -> None:
    view = build_ita_view(history_store.dataset(), 2560)
    assert not view.rules_known
    top = headline(view)
    assert top is not None
    assert (top.total, top.published, top.rating, top.gap) == ("72.45", "สูง", "– (ไม่มีเกณฑ์ของปีนี้)", "–")
    assert top.notes[0].startswith("ปี 2560 ไม่มีเกณฑ์ ITA ในระบบ (ก่อนปี 2561 ใช้ระดับผลแบบอื่น)")


def test_total_only_years_chart_as_one_grey_bar(history_store: Store) -> None:
    view = build_ita_view(history_store.dataset(), 2568)
    figure = ita_parts_chart(view.scores, view.rule_set)
    bars = {trace.name: list(trace.y) for trace in figure.data if trace.type == "bar"}
    assert bars["คะแนนรวม (ไม่แยกเครื่องมือ)"] == [72.45, 86.5, 86.78, 80.12, None]
    assert bars["OIT (ถ่วงน้ำหนัก)"] == [None, None, None, None, 33.6]
    labels = next(trace.text for trace in figure.data if trace.type == "scatter")
    assert labels[0] == "<b>72.45</b><br>ระดับที่ประกาศ: สูง" and labels[2] == "<b>86.78</b><br>ผ่าน"


# --- the page ---------------------------------------------------------------------------------


def test_ita_page_shows_published_and_computed_ratings(history_store: Store) -> None:
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("views/ita.py").run()
    at.selectbox(key="year").select(2567).run()
    assert not at.exception
    markdown = [m.value for m in at.markdown]
    assert "## 80.12" in markdown and "## ผ่าน" in markdown
    assert "## ✖ ต้องปรับปรุง ⚠ ไม่ตรงกับระดับที่ประกาศ" in markdown
    assert any("ไม่ตรงกับระดับที่ประกาศ (ผ่าน)" in i.value for i in at.info)
    at.selectbox(key="year").select(2560).run()
    assert not at.exception
    markdown = [m.value for m in at.markdown]
    assert "## สูง" in markdown and "## – (ไม่มีเกณฑ์ของปีนี้)" in markdown
    assert any(i.value.startswith("ปี 2560 ไม่มีเกณฑ์ ITA") for i in at.info)
    assert not at.number_input  # no what-if without the year's rules
    assert len(at.get("plotly_chart")) == 1  # the totals chart, drawn


# --- the exports -----------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2560, 2566])
def test_exports_of_total_only_years_do_not_fail(history_store: Store, year: int) -> None:
    dataset = history_store.dataset()
    slide = next(s for s in build_deck(dataset, year, 4).slides if s.key == "ita")
    rating = next(f for f in slide.figures if f.key == "ita_rating")
    # 2560: the published word (no rules, no colour); 2566: the computed rating, at least ผ่าน
    assert (rating.text, rating.tone) == {2560: ("สูง", "none"), 2566: ("ผ่าน", "ok")}[year]
    overview = build_overview(dataset, year, 4)
    card = next(c for c in overview_cards(overview) if c.title.startswith("คะแนน ITA"))
    assert card.detail == {2560: "สูง · ไม่มีเกณฑ์ผ่านของปีนี้ในระบบ", 2566: "ผ่าน · สูงกว่าเกณฑ์ผ่าน 85 คะแนน อยู่ 1.78"}[year]
    assert len(ita_history_chart(overview.ita_history).data[0].x) == len(overview.ita_history)
    for kind, magic in (("pptx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK"), ("docx", b"PK")):
        assert build_export(kind, dataset, year, 4).startswith(magic)
