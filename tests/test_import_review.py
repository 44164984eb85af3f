"""Review of an imported report: editable tables, highlighting, and saving through the upload path."""

from __future__ import annotations

from pathlib import Path

from actors import ADMIN

from kpi.ingest.report.importer import parse_report
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.screens.import_report import (
    escape_markdown,
    highlighted_sources,
    records_from_review,
    review_tables,
    review_workbook,
)
from kpi.store.database import Store

SEED = Path(__file__).resolve().parents[1] / "data" / "report_banphue_2568.txt"

REPORT = (
    "รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. 2569\n"
    "เทศบาลตำบลทดสอบ\n"
    "มาตรการ/โครงการ/กิจกรรม\tขั้นตอนหรือวิธีการปฏิบัติ\tช่วงระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ\tผลลัพธ์\n"
    "1. โครงการอบรม\tจัดอบรม\tไตรมาส 2\tสำนักปลัด\tผู้เข้าอบรม 30 คน\tผู้รับบริการพึงพอใจไม่น้อยกว่าร้อยละ 80\n"
    "2. มาตรการเปิดเผยข้อมูล\tเผยแพร่\tไตรมาส 1-4\tกองคลัง\tเผยแพร่ครบ\tไม่มีเป้าหมายเชิงตัวเลข\n"
).encode()


def test_review_tables_use_the_workbooks_thai_labels() -> None:
    measures, targets = review_tables(parse_report(REPORT, "r.txt"))
    assert measures["ชื่อมาตรการ"].tolist() == ["โครงการอบรม", "มาตรการเปิดเผยข้อมูล"]
    assert measures["ประเภท"].tolist() == ["โครงการ", "มาตรการ"]
    assert measures["ไตรมาสที่วางแผน"].tolist() == ["2", "1,2,3,4"]
    assert targets[["ลำดับมาตรการ", "หน่วย", "เงื่อนไข", "ค่าเป้าหมาย"]].values.tolist() == [
        [1, "คน", "≥", 30.0],
        [1, "ร้อยละ", "≥", 80.0],
    ]


def test_edits_are_saved_through_the_validated_commit(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    measures, targets = review_tables(parse_report(REPORT, "r.txt"))
    measures.loc[1, "ผู้รับผิดชอบ"] = "สำนักปลัด"  # the user corrects a field
    targets.loc[1, "ค่าเป้าหมาย"] = 85  # … and a target
    plan = prepare_upload(review_workbook(measures, targets, 2569), "r.txt.xlsx", store.dataset())
    assert plan.ok, plan.problems
    assert plan.summary_lines == ["เพิ่ม 2 มาตรการ ปี 2569", "เพิ่ม 2 ตัวชี้วัด ปี 2569"]
    commit_upload(store, plan, kind="import", actor=ADMIN)
    data = store.dataset()
    assert data.frame("measures")["responsible"].tolist() == ["สำนักปลัด", "สำนักปลัด"]
    assert data.frame("indicators")["target"].tolist() == [30.0, 85.0]
    assert store.head().kind == "import"


def test_a_bad_edit_is_a_named_problem_and_nothing_is_saved(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    measures, targets = review_tables(parse_report(REPORT, "r.txt"))
    measures.loc[0, "ไตรมาสที่วางแผน"] = "ไตรมาส 5"
    plan = prepare_upload(review_workbook(measures, targets, 2569), "r.xlsx", store.dataset())
    assert [(p.code, p.sheet, p.row) for p in plan.errors] == [("bad_quarters", "มาตรการ", 2)]
    assert store.head() is None


def test_empty_rows_added_in_the_editor_are_ignored() -> None:
    measures, targets = review_tables(parse_report(REPORT, "r.txt"))
    measures.loc[len(measures)] = [None] * len(measures.columns)
    records = records_from_review(measures, targets, 2569)
    assert len(records["measures"]) == 2


def test_targets_are_highlighted_and_markdown_is_inert() -> None:
    report = parse_report(REPORT, "r.txt")
    output, outcome = highlighted_sources(report.measures[0])
    assert ":orange-background[**ไม่น้อยกว่าร้อยละ 80**]" in outcome.markdown
    assert escape_markdown("[ลิงก์](http://x) *ตัวหนา*") == r"\[ลิงก์\]\(http\://x\) \*ตัวหนา\*"


def test_the_real_report_imports_and_validates(tmp_path: Path) -> None:
    report = parse_report(SEED.read_bytes(), SEED.name)
    measures, targets = review_tables(report)
    assert len(measures) == 17 and len(targets) == 12
    plan = prepare_upload(
        review_workbook(measures, targets, report.fiscal_year or 0),
        "seed.xlsx",
        Store(f"sqlite:///{tmp_path / 's.sqlite3'}").dataset(),
    )
    assert plan.ok, plan.problems


def test_uploaded_markdown_cannot_fetch_images_or_make_links() -> None:
    from kpi.core.thai import escape_markdown

    hostile = "![x](http://attacker.example/p.png) [คลิก](http://phish.example) :red[**ปลอม**]"
    escaped = escape_markdown(hostile)
    assert "![" not in escaped and "](" not in escaped and ":red[" not in escaped
    assert escaped.replace("\\", "") == hostile
