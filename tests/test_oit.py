"""OIT checklist: the catalogue, readiness, the OIT sheet in the workbook, and in-app edits committed as versions."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from actors import ADMIN
from conftest import make_workbook
from openpyxl import load_workbook

from kpi.core.dataset import Block, Dataset, dataset_from_blocks, records_of
from kpi.core.schema import OIT, SHEETS_BY_KEY
from kpi.domain.oit import build_checklist, catalogue_for, editor_frame, load_catalogues, readiness_frame
from kpi.ingest.oit_edit import describe_edits, edited_records, plan_oit_edit
from kpi.ingest.template import build_workbook
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.store.database import Store

OIT_HEADER = [c.title for c in OIT.columns]


def _dataset(*blocks: Block) -> Dataset:
    return dataset_from_blocks(blocks)


def _oit_rows(year: int, rows: list[tuple]) -> Block:
    keys = ("code", "status", "evidence_url", "measure_no", "title")
    records = []
    for row in rows:
        record = {"fiscal_year": year, **dict(zip(keys, row, strict=False))}
        records.append(record)
    return Block("oit", year, tuple(records))


def test_catalogue_2563_2565_is_o1_to_o43_with_the_measures_items() -> None:
    for year in (2563, 2564, 2565):
        catalogue, exact = catalogue_for(year)
        assert exact and catalogue.verified
        assert [i.code for i in catalogue.items] == [f"O{n}" for n in range(1, 44)]
    items = {i.code: i for i in catalogue_for(2565)[0].items}
    assert items["O42"].title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert items["O42"].indicator == "10.2" and items["O42"].source == "measures_plan"
    assert items["O43"].source == "measures_report"
    assert items["O16"].source == "satisfaction" and items["O31"].source == "complaints"
    assert {i.indicator for i in catalogue_for(2565)[0].items} == {"9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"}


def test_catalogue_2568_is_marked_unverified_and_other_years_borrow_the_nearest() -> None:
    catalogue, exact = catalogue_for(2568)
    assert exact and not catalogue.verified
    assert any(not i.verified for i in catalogue.items)
    assert catalogue.items[-1].title == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    borrowed, exact = catalogue_for(2567)
    assert not exact and borrowed.list_years == (2568,)
    assert catalogue_for(2566)[0].list_years == (2563, 2564, 2565)
    assert len(load_catalogues()) == 2


def test_a_year_without_rows_shows_its_catalogue_as_missing() -> None:
    checklist = build_checklist(_dataset(), 2565)
    assert not checklist.stored and checklist.catalogue_exact
    assert len(checklist.items) == 43
    assert {i.status for i in checklist.items} == {"no"}
    assert (checklist.overall.total, checklist.overall.yes, checklist.overall.pct) == (43, 0, 0.0)
    frame = editor_frame(checklist)
    assert list(frame["status"].unique()) == ["ไม่มี"]
    assert frame.loc[0, "code"] == "O1"


def test_stored_rows_give_readiness_per_indicator_and_fill_titles() -> None:
    block = _oit_rows(
        2565,
        [("O1", "yes", "https://example.go.th/o1"), ("O2", "in_progress"), ("O3", "no"), ("O4", "yes"),
         ("O42", "yes", None, 2), ("O43", "no")],
    )  # fmt: skip
    measures = Block("measures", 2565, ({"fiscal_year": 2565, "no": 2, "name": "มาตรการทดสอบ", "quarters": "1,2"},))
    checklist = build_checklist(_dataset(block, measures), 2565)
    assert checklist.stored
    groups = {r.key: r for r in checklist.by_indicator}
    assert (groups["9.1"].total, groups["9.1"].yes, groups["9.1"].in_progress, groups["9.1"].no) == (4, 2, 1, 1)
    assert groups["9.1"].pct == 50.0
    assert groups["10.2"].pct == 50.0
    assert checklist.overall.pct == pytest.approx(50.0)
    o42 = next(i for i in checklist.items if i.code == "O42")
    assert o42.title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"  # from the catalogue
    assert "มาตรการที่ 2 มาตรการทดสอบ" in o42.source_text
    assert "แผนมาตรการปี 2565: 1 มาตรการ" in o42.source_text
    o43 = next(i for i in checklist.items if i.code == "O43")
    assert o43.source_text == "รายงานผลตามมาตรการ: รายงานแล้ว 0 จาก 1 มาตรการ (ล่าสุดไตรมาส –)"
    frame = editor_frame(checklist)
    assert frame.loc[frame["code"] == "O42", "measure_no"].item() == "2"
    assert frame.loc[frame["code"] == "O43", "measure_no"].item() == ""
    assert frame.loc[frame["code"] == "O2", "evidence_url"].item() == ""  # never the word None or nan
    assert "nan" not in frame.to_numpy().ravel().tolist()
    table = readiness_frame(checklist)
    assert table.iloc[-1].to_dict() == {
        "ตัวชี้วัดย่อย": "รวมทุกข้อ", "จำนวนข้อ": "6", "มี": "3", "กำลังจัดทำ": "1", "ไม่มี": "2", "ความพร้อม": "50%",
    }  # fmt: skip


def test_oit_sheet_is_in_the_template_with_a_status_dropdown() -> None:
    assert SHEETS_BY_KEY["oit"] is OIT
    wb = load_workbook(io.BytesIO(build_workbook()))
    ws = wb["หลักฐาน OIT"]
    assert [c.value for c in ws[1]][: len(OIT_HEADER)] == OIT_HEADER
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"มี,กำลังจัดทำ,ไม่มี"' in formulas


def test_oit_sheet_uploads_validates_and_round_trips(store: Store) -> None:
    good = make_workbook(
        {"หลักฐาน OIT": [OIT_HEADER, [2568, "O1", "", "9.1", "", "มี", "https://example.go.th/o1", "สำนักปลัด",
                                     "15/01/2568", 3]]}
    )  # fmt: skip
    plan = prepare_upload(good, "oit.xlsx", store.dataset())
    assert plan.ok, plan.problems
    assert plan.summary_lines == ["เพิ่ม 1 หลักฐาน OIT ปี 2568"]
    commit_upload(store, plan, actor=ADMIN)
    frame = store.dataset().frame("oit")
    assert frame.loc[0, "status"] == "yes" and frame.loc[0, "last_updated"] == "2025-01-15"
    # the stored rows written back to a workbook read back the same
    again = build_workbook({"oit": records_of(frame)})
    assert prepare_upload(again, "again.xlsx", store.dataset()).changes == []

    bad = make_workbook({"หลักฐาน OIT": [OIT_HEADER, [2568, "O2", "", "", "", "บางส่วน", "www.x", "", "", ""]]})
    plan = prepare_upload(bad, "bad.xlsx", store.dataset())
    messages = [p.message for p in plan.errors]
    assert "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: มี / กำลังจัดทำ / ไม่มี" in messages
    assert "ลิงก์หลักฐานต้องขึ้นต้นด้วย http:// หรือ https://" in messages


def _edited(checklist_frame: pd.DataFrame, **changes: dict[str, object]) -> pd.DataFrame:
    frame = checklist_frame.copy()
    for code, values in changes.items():
        index = frame.index[frame["code"] == code][0]
        for key, value in values.items():
            frame.loc[index, key] = value
    return frame


def test_edit_plan_names_each_change_and_commits_a_new_version(store: Store) -> None:
    dataset = store.dataset()
    frame = editor_frame(build_checklist(dataset, 2565))
    untouched = plan_oit_edit(frame, dataset, 2565)
    assert untouched.ok and not untouched.has_changes and untouched.lines == ()

    edited = _edited(
        frame,
        O1={"status": "มี", "evidence_url": "https://example.go.th/o1", "last_updated": "15/01/2565"},
        O43={"status": "กำลังจัดทำ", "owner": "สำนักปลัด"},
    )
    edit = plan_oit_edit(edited, dataset, 2565)
    assert edit.ok and edit.has_changes
    assert list(edit.lines) == [
        "O1 สถานะ: ไม่มี → มี",
        "O1 ลิงก์หลักฐาน: (ว่าง) → https://example.go.th/o1",
        "O1 ปรับปรุงล่าสุด: (ว่าง) → 2022-01-15",
        "O43 สถานะ: ไม่มี → กำลังจัดทำ",
        "O43 ผู้รับผิดชอบ: (ว่าง) → สำนักปลัด",
    ]
    assert edit.plan.summary == "แก้ไขหลักฐาน OIT ปี 2565 (5 รายการ)"
    assert store.head() is None  # planning wrote nothing
    number = commit_upload(store, edit.plan, actor=ADMIN)
    assert number == 1
    info = store.head()
    assert info is not None and info.filename == "แก้ไขในแอป: หลักฐาน OIT ปี 2565"
    checklist = build_checklist(store.dataset(), 2565)
    assert checklist.stored and len(checklist.items) == 43
    assert (checklist.overall.yes, checklist.overall.in_progress) == (1, 1)

    # a second edit compares with what is stored now
    frame = editor_frame(checklist)
    edit = plan_oit_edit(_edited(frame, O1={"status": "ไม่มี"}), store.dataset(), 2565)
    assert list(edit.lines) == ["O1 สถานะ: มี → ไม่มี"]


def test_edit_problems_are_thai_and_numbered_as_in_the_editor() -> None:
    dataset = _dataset()
    frame = editor_frame(build_checklist(dataset, 2565))
    edited = _edited(frame, O3={"evidence_url": "example.go.th", "last_updated": "32/13/2565"})
    edited.loc[3, "code"] = "O3"  # a duplicate of row 3
    edit = plan_oit_edit(edited, dataset, 2565)
    assert not edit.ok and not edit.has_changes
    found = {(p.row, p.column, p.message) for p in edit.problems}
    assert (3, "ลิงก์หลักฐาน", "ลิงก์หลักฐานต้องขึ้นต้นด้วย http:// หรือ https://") in found
    assert (3, "ปรับปรุงล่าสุด", "ต้องเป็นวันที่ เช่น 15/10/2567") in found
    assert any(p.row == 4 and p.message.startswith("ข้อมูลซ้ำกับแถว 3") for p in edit.problems)


def test_added_rows_and_removed_rows_are_described() -> None:
    before = [{"code": "O1", "status": "no"}, {"code": "O2", "status": "no"}]
    after = [{"code": "O1", "status": "no"}, {"code": "O44", "title": "รายการเพิ่มเติม", "status": "no"}]
    assert describe_edits(before, after) == ["ลบข้อ O2", "เพิ่มข้อ O44 รายการเพิ่มเติม"]
    frame = editor_frame(build_checklist(_dataset(), 2565))
    blank = pd.DataFrame([dict.fromkeys(frame.columns)])
    records, rows, problems = edited_records(pd.concat([frame, blank], ignore_index=True), 2565)
    assert len(records) == 43 and not problems  # an empty added row is ignored


def test_deleting_every_row_is_refused_with_a_message(store: Store) -> None:
    dataset = store.dataset()
    frame = editor_frame(build_checklist(dataset, 2565))
    commit_upload(store, plan_oit_edit(_edited(frame, O1={"status": "มี"}), dataset, 2565).plan, actor=ADMIN)
    empty = editor_frame(build_checklist(store.dataset(), 2565)).iloc[0:0]
    edit = plan_oit_edit(empty, store.dataset(), 2565)
    assert not edit.has_changes
    assert edit.lines == ("ลบทุกข้อออกจากตารางไม่ได้ หากต้องการเริ่มใหม่ ให้แก้ไขสถานะเป็น “ไม่มี” แทน",)


def test_an_edit_that_repeats_a_code_holding_a_name_never_shows_the_name(store: Store) -> None:
    dataset = store.dataset()
    frame = editor_frame(build_checklist(dataset, 2565))
    frame.loc[frame.index[0], "code"] = "นายสมชาย ใจดี"
    frame.loc[frame.index[1], "code"] = "นายสมชาย ใจดี"
    edit = plan_oit_edit(frame, dataset, 2565)
    assert not edit.ok
    shown = " ".join(f"{p.message} {p.sheet} {p.column}" for p in edit.plan.problems)
    assert "duplicate_key" in {p.code for p in edit.plan.problems}
    assert "สมชาย" not in shown and "ใจดี" not in shown
