"""The validated, versioned upload path, end to end through the store."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from actors import ADMIN
from conftest import (
    COMPLAINT_HEADER,
    INDICATOR_HEADER,
    MEASURE_HEADER,
    RESULT_HEADER,
    make_workbook,
    small_measures,
)
from streamlit.testing.v1 import AppTest

from kpi.cli.main import main
from kpi.ingest.upload import commit_upload, ignored_parts, prepare_upload
from kpi.store.database import Store
from kpi.store.faults import StoreConflict


def _db_bytes(store: Store) -> bytes:
    path = Path(store.url.removeprefix("sqlite:///"))
    parts = [path, path.with_name(path.name + "-wal")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def test_good_workbook_becomes_version_1_and_reupload_changes_nothing(store: Store, good_workbook: bytes) -> None:
    plan = prepare_upload(good_workbook, "good.xlsx", store.dataset())
    assert plan.ok, plan.problems
    assert "เพิ่ม 3 มาตรการ ปี 2568" in plan.summary_lines
    assert commit_upload(store, plan, actor=ADMIN) == 1
    head = store.head()
    assert head is not None and head.sha256 == hashlib.sha256(good_workbook).hexdigest()
    data = store.dataset()
    assert len(data.frame("measures")) == 3
    results = data.frame("results")
    assert results["actual"].tolist() == [78.0, 85.0]  # "๘๕" read as 85
    assert results["report_date"].tolist()[0] == "2025-01-15"  # 15/01/2568 BE → 2025 CE
    again = prepare_upload(good_workbook, "good.xlsx", store.dataset())
    assert again.ok and again.changes == []
    assert commit_upload(store, again, actor=ADMIN) is None
    assert store.head().number == 1


def test_three_problems_named_and_nothing_stored(store: Store, good_workbook: bytes) -> None:
    commit_upload(store, prepare_upload(good_workbook, "good.xlsx", store.dataset()), actor=ADMIN)
    before = _db_bytes(store)
    header_without_status = [h for h in RESULT_HEADER if h != "สถานะ"]
    bad = make_workbook(
        {
            "มาตรการ": [MEASURE_HEADER, [2568, 1, "ม1", "มาตรการ", "", "1-4", "", "", ""]],
            "ผลรายไตรมาส": [header_without_status, [2568, 5, 1, "ห้าสิบ", None, None, None, None, None]],
        }
    )
    plan = prepare_upload(bad, "bad.xlsx", store.dataset())
    assert not plan.ok
    found = {(p.code, p.sheet, p.row, p.column) for p in plan.errors}
    assert found == {
        ("missing_column", "ผลรายไตรมาส", 1, "สถานะ"),
        ("bad_quarter", "ผลรายไตรมาส", 2, "ไตรมาส"),
        ("bad_number", "ผลรายไตรมาส", 2, "ร้อยละความคืบหน้า"),
    }
    assert all(p.message and p.message.isascii() is False for p in plan.errors)  # Thai messages
    with pytest.raises(ValueError):
        commit_upload(store, plan, actor=ADMIN)
    assert _db_bytes(store) == before
    assert store.head().number == 1


def test_upload_replaces_only_its_sheets_and_years(store: Store, good_workbook: bytes) -> None:
    commit_upload(store, prepare_upload(good_workbook, "good.xlsx", store.dataset()), actor=ADMIN)
    update = make_workbook(
        {"ผลรายไตรมาส": [RESULT_HEADER, [2568, 2, 1, "เสร็จสิ้น", 100, 1, 90, None, None, None],
                          [2568, 1, 1, "กำลังดำเนินการ", 50, 1, 78, "https://example.go.th/e1", "15/01/2568", ""]]}
    )  # fmt: skip
    plan = prepare_upload(update, "q2.xlsx", store.dataset())
    assert plan.ok
    assert plan.summary_lines == ["ผลรายไตรมาส ปี 2568: แก้ไข 1 แถว (ไตรมาส 2)"]
    commit_upload(store, plan, actor=ADMIN)
    data = store.dataset()
    assert len(data.frame("measures")) == 3  # untouched sheet kept
    assert sorted(data.frame("results")["actual"].tolist()) == [78.0, 90.0]
    more = make_workbook({"มาตรการ": small_measures(year=2567, count=2)})
    plan = prepare_upload(more, "2567.xlsx", store.dataset())
    commit_upload(store, plan, actor=ADMIN)
    measures = store.dataset().frame("measures")
    assert sorted(measures["fiscal_year"].unique().tolist()) == [2567, 2568]


def test_results_must_point_at_known_measures(store: Store) -> None:
    bad = make_workbook(
        {
            "มาตรการ": small_measures(count=2),
            "ตัวชี้วัด": [INDICATOR_HEADER, [2568, 9, 1, "x", "ร้อยละ", ">=", 80, None]],
        }
    )
    plan = prepare_upload(bad, "bad.xlsx", store.dataset())
    assert [(p.code, p.row) for p in plan.errors] == [("unknown_measure", 2)]


def test_rollback_restores_previous_numbers(store: Store, good_workbook: bytes) -> None:
    commit_upload(store, prepare_upload(good_workbook, "good.xlsx", store.dataset()), actor=ADMIN)
    update = make_workbook({"เรื่องร้องเรียน": [COMPLAINT_HEADER, [2568, 1, "ร้องเรียนทั่วไป", 9, 9, 0, 9]]})
    commit_upload(store, prepare_upload(update, "new.xlsx", store.dataset()), actor=ADMIN)
    assert store.dataset().frame("complaints")["received"].tolist() == [9]
    info = store.rollback(1, actor=ADMIN)
    assert info.number == 3 and info.kind == "rollback" and info.source_version == 1
    assert store.dataset().frame("complaints")["received"].tolist() == [4]
    assert [v.number for v in store.versions()] == [3, 2, 1]


def test_stale_commit_is_refused_not_lost(store: Store, good_workbook: bytes) -> None:
    empty = store.dataset()
    first = prepare_upload(good_workbook, "a.xlsx", empty)
    other = make_workbook({"มาตรการ": small_measures(year=2567)})
    second = prepare_upload(other, "b.xlsx", empty)  # prepared against the same (empty) head
    commit_upload(store, first, actor=ADMIN)
    with pytest.raises(StoreConflict) as caught:
        commit_upload(store, second, actor=ADMIN)
    assert "ฉบับที่ 1" in caught.value.message
    assert store.head().number == 1
    assert store.dataset().years() == [2568]


def test_thai_users_inputs_are_accepted(store: Store) -> None:
    wb = make_workbook(
        {
            "มาตรการ": [MEASURE_HEADER, ["๒๕๖๘ ", "๑", "  มาตรการ ก  ", "โครงการ", "", "ไตรมาสที่ ๑ - ๔", "", "", ""]],
            "ตัวชี้วัด": [INDICATOR_HEADER, [2568, 1, 1, "พึงพอใจ", "ร้อยละ", ">=", "80%", None]],
        }
    )
    plan = prepare_upload(wb, "thai.xlsx", store.dataset())
    assert plan.ok, plan.problems
    commit_upload(store, plan, actor=ADMIN)
    data = store.dataset()
    row = data.frame("measures").iloc[0]
    assert (row["fiscal_year"], row["no"], row["name"], row["kind"], row["quarters"]) == (
        2568, 1, "มาตรการ ก", "project", "1,2,3,4",
    )  # fmt: skip
    assert data.frame("indicators").iloc[0]["target"] == 80.0


def test_two_sheets_matching_one_template_sheet_are_refused(store: Store) -> None:
    wb = make_workbook({"มาตรการ": small_measures(count=2), "มาตร การ": small_measures(count=1)})
    plan = prepare_upload(wb, "dup.xlsx", store.dataset())
    assert [(p.code, p.sheet) for p in plan.errors] == [("duplicate_sheet", "มาตร การ")]


def test_identities_in_notes_and_complaint_text_are_refused_without_echo(store: Store) -> None:
    wb = make_workbook(
        {
            "มาตรการ": small_measures(count=1),
            "ผลรายไตรมาส": [
                RESULT_HEADER,
                [2568, 1, 1, "เสร็จสิ้น", 100, None, None, None, None, "ผู้ร้อง โทร 081-234-5678"],
            ],
            "เรื่องร้องเรียน": [[*COMPLAINT_HEADER, "หมายเหตุ"], [2568, 1, "ทุจริต", 1, 1, 0, 1, "นายสมชาย ใจดี ร้องเรื่องถนน"]],
        }
    )
    plan = prepare_upload(wb, "pii.xlsx", store.dataset())
    assert [(p.code, p.sheet, p.row, p.column) for p in plan.errors] == [
        ("identity_value", "ผลรายไตรมาส", 2, "หมายเหตุ"),
        ("complaint_text", "เรื่องร้องเรียน", 2, "หมายเหตุ"),
    ]
    assert not any("081" in p.message or "สมชาย" in p.message for p in plan.problems)
    assert store.head() is None


def test_an_office_phone_in_a_measure_text_is_not_an_identity(store: Store) -> None:
    rows = small_measures(count=1)
    rows[1][4] = "ประชาสัมพันธ์ช่องทางร้องเรียน โทร 042-123-456 และ saraban@example.go.th"
    plan = prepare_upload(make_workbook({"มาตรการ": rows}), "ok.xlsx", store.dataset())
    assert plan.ok, plan.problems


def test_replacing_measures_may_not_strand_stored_results(store: Store, good_workbook: bytes) -> None:
    commit_upload(store, prepare_upload(good_workbook, "good.xlsx", store.dataset()), actor=ADMIN)
    fewer = make_workbook({"มาตรการ": [MEASURE_HEADER, [2568, 2, "ม2", "มาตรการ", "", "1-4", "", "", ""]]})
    plan = prepare_upload(fewer, "fewer.xlsx", store.dataset())
    assert [(p.code, p.sheet) for p in plan.errors] == [("orphaned_rows", "มาตรการ"), ("orphaned_rows", "มาตรการ")]
    assert "ลำดับที่ 1" in plan.errors[0].message
    with_results = make_workbook(
        {
            "มาตรการ": [MEASURE_HEADER, [2568, 2, "ม2", "มาตรการ", "", "1-4", "", "", ""]],
            "ตัวชี้วัด": [INDICATOR_HEADER, [2568, 2, 1, "x", "ร้อยละ", ">=", 80, None]],
            "ผลรายไตรมาส": [RESULT_HEADER, [2568, 1, 2, "เสร็จสิ้น", 100, 1, 81, None, None, None]],
        }
    )
    assert prepare_upload(with_results, "all.xlsx", store.dataset()).ok


# --- nothing of an upload is dropped silently (issue 11) ------------------------------------------


def _with_unused_parts() -> bytes:
    """A measures sheet with an extra column (งบประมาณ, in H… after the template's), a column of
    values without a header, an e-mail address as a header, an agency's own sheet and the template's
    instructions sheet."""
    rows = small_measures(2570)  # a year of its own: the sample's measures stay as they are
    rows[0] = [*rows[0], "งบประมาณ (บาท)", None]
    for n, row in enumerate(rows[1:], start=1):
        row += [50_000 * n, "หมายเหตุ" if n == 2 else None]
    return make_workbook(
        {
            "คำอธิบาย": [["วิธีใช้"], ["กรอกข้อมูลในชีตต่าง ๆ"]],
            "มาตรการ": rows,
            "สรุปผู้บริหาร": [["หัวข้อ", "ค่า"], ["รวม", 1]],
        }
    )


def test_unknown_columns_and_sheets_are_listed_before_confirming(store: Store) -> None:
    plan = prepare_upload(_with_unused_parts(), "more.xlsx", store.dataset())
    assert plan.ok  # listed, but the upload can still be confirmed
    messages = [p.message for p in plan.ignored]
    assert messages == [
        "ไม่ได้ใช้ชีต “สรุปผู้บริหาร”: ไม่ใช่ชีตของแม่แบบ ระบบอ่านเฉพาะชีต “มาตรการ”, “ตัวชี้วัด”, “ผลรายไตรมาส”,"
        " “คะแนน ITA”, “ความพึงพอใจ”, “เรื่องร้องเรียน”, “หลักฐาน OIT”, “ผล ITA หลายหน่วยงาน”",
        "ไม่ได้ใช้คอลัมน์ “งบประมาณ (บาท)” (คอลัมน์ J) ในชีต “มาตรการ”: ไม่ใช่คอลัมน์ของแม่แบบ"
        " ระบบจะไม่อ่านข้อมูลในคอลัมน์นี้ (ตรวจดูว่าพิมพ์หัวคอลัมน์ถูกหรือไม่)",
        "ไม่ได้ใช้คอลัมน์ K ในชีต “มาตรการ”: มีข้อมูล (ตั้งแต่แถว 3) แต่ไม่มีหัวคอลัมน์"
        " ระบบจะไม่อ่านข้อมูลในคอลัมน์นี้ (ถ้าเป็นข้อมูลของแม่แบบ ให้ใส่หัวคอลัมน์ให้ตรงกับแม่แบบ)",
    ]
    assert ignored_parts(plan.problems) == [
        {"sheet": "สรุปผู้บริหาร", "column": None, "letter": None},
        {"sheet": "มาตรการ", "column": "งบประมาณ (บาท)", "letter": "J"},
        {"sheet": "มาตรการ", "column": None, "letter": "K"},
    ]
    assert "คำอธิบาย" not in " ".join(messages)  # the template's own instructions sheet is expected
    assert plan.other_warnings == []


def test_an_identity_as_a_header_is_named_by_its_letter_only(store: Store) -> None:
    rows = small_measures()
    rows[0] = [*rows[0], "somchai.j@gmail.com"]
    plan = prepare_upload(make_workbook({"มาตรการ": rows}), "x.xlsx", store.dataset())
    shown = " ".join(f"{p.message} {p.column} {p.details}" for p in plan.problems) + str(ignored_parts(plan.problems))
    assert "somchai" not in shown
    assert [(p.code, p.column) for p in plan.problems if p.row == 1] == [("identity_header", "J")]


def test_validate_and_load_list_what_is_not_used(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "more.xlsx"
    path.write_bytes(_with_unused_parts())
    assert main(["validate", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True
    assert payload["ignored"] == [
        {"sheet": "สรุปผู้บริหาร", "column": None, "letter": None},
        {"sheet": "มาตรการ", "column": "งบประมาณ (บาท)", "letter": "J"},
        {"sheet": "มาตรการ", "column": None, "letter": "K"},
    ]
    assert {p["code"] for p in payload["problems"]} == {"unknown_sheet", "unknown_column", "unnamed_column"}
    assert main(["load", str(path)]) == 0
    out = capsys.readouterr().out
    assert "ส่วนของไฟล์ที่ไม่ได้ใช้ 3 รายการ:" in out
    assert "ไม่ได้ใช้คอลัมน์ “งบประมาณ (บาท)” (คอลัมน์ J) ในชีต “มาตรการ”" in out
    assert out.index("ไม่ได้ใช้ชีต “สรุปผู้บริหาร”") < out.index("บันทึก")
    assert len(store.dataset().frame("measures")) == 3


def test_the_review_shows_unused_columns_and_sheets_before_confirming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    app = AppTest.from_file("../app.py", default_timeout=60).run()
    app.switch_page("views/upload.py").run()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    app.file_uploader(key="upload_file").upload("more.xlsx", _with_unused_parts(), xlsx).run()
    assert not app.exception
    assert [w.value for w in app.warning] == ["ส่วนของไฟล์ที่ระบบไม่ได้ใช้ 3 รายการ (บันทึกได้ แต่ข้อมูลในส่วนนี้จะไม่ถูกบันทึก)"]
    shown = "\n".join(m.value for m in app.markdown).replace("\\", "")  # as rendered: escapes gone
    assert "ไม่ได้ใช้ชีต “สรุปผู้บริหาร”" in shown
    assert "ไม่ได้ใช้คอลัมน์ “งบประมาณ (บาท)” (คอลัมน์ J) ในชีต “มาตรการ”" in shown
    assert "ไม่ได้ใช้คอลัมน์ K ในชีต “มาตรการ”" in shown
    assert "คำอธิบาย" not in shown
    assert any(b.key == "upload_confirm" for b in app.button)  # still confirmable
