"""Raw survey responses (Google Forms CSV, Microsoft Forms XLSX) become one satisfaction row, saved
as a new version; timestamps, free text and identity columns are never counted, stored or shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from kpi.cli.main import main
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.ingest.survey import likert_level, read_survey
from kpi.store.database import Store

WORDS = {5: "มากที่สุด", 4: "มาก", 3: "ปานกลาง", 2: "น้อย", 1: "น้อยที่สุด"}
Q1 = "1. ความพึงพอใจต่อขั้นตอนการให้บริการ"
Q2 = "2. ความพึงพอใจต่อเจ้าหน้าที่ผู้ให้บริการ"
EMAILS = [f"resident{i:03d}@example.com" for i in range(200)]
PHONE = "081-234-5678"


def answer_1(i: int) -> int:
    """Question 1 of respondent i: a fixed pattern, so the test can count by hand."""
    return (5, 5, 4, 4, 4, 3, 5, 4, 2, 1)[i % 10]


def answer_2(i: int) -> int | None:
    """Question 2: blank for every 25th respondent."""
    return None if i % 25 == 0 else (5, 4, 4, 3, 5)[i % 5]


def google_forms_csv() -> bytes:
    """200 responses as Google Forms exports them: timestamp, e-mail, two Likert questions, free text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ประทับเวลา", "ที่อยู่อีเมล", Q1, Q2, "ข้อเสนอแนะเพิ่มเติม"])
    start = dt.datetime(2025, 1, 6, 9, 0)
    for i in range(200):
        second = answer_2(i)
        writer.writerow(
            [
                (start + dt.timedelta(minutes=7 * i)).strftime("%Y/%m/%d %I:%M:%S %p GMT+7"),
                EMAILS[i],
                WORDS[answer_1(i)] if i % 2 else f"พึงพอใจ{WORDS[answer_1(i)]}",
                "" if second is None else str(second),
                f"ติดต่อกลับที่ {PHONE}" if i == 7 else ("บริการดีมาก" if i % 3 == 0 else ""),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def hand_count() -> tuple[list[int], int, float, float]:
    """Level counts n5..n1, respondents, mean and percent, counted here without the importer."""
    ratings = [answer_1(i) for i in range(200)] + [a for i in range(200) if (a := answer_2(i)) is not None]
    counts = [ratings.count(level) for level in (5, 4, 3, 2, 1)]
    mean = sum(ratings) / len(ratings)
    return counts, 200, round(mean, 2), round(mean / 5 * 100, 2)


def microsoft_forms_xlsx() -> bytes:
    """Microsoft Forms' shape: ID, start/completion time, e-mail, name, one Likert question as 1..5 numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "ความพึงพอใจโดยรวม", "ความคิดเห็น"])
    for i in range(1, 41):
        when = dt.datetime(2025, 2, 1, 10, 0) + dt.timedelta(hours=i)
        level = 5 if i <= 18 else 4 if i <= 34 else 3  # 18 × 5, 16 × 4, 6 × 3
        ws.append([i, when, when, f"staff{i}@agency.go.th", f"นายสมชาย ทดสอบ{i}", level, "ok"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'survey.sqlite3'}")


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["import-survey", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_google_forms_csv_of_200_responses_is_one_row_hand_computed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "แบบสำรวจ (Responses).csv"
    path.write_bytes(google_forms_csv())
    code, payload = run_json(capsys, str(path), "--year", "2568", "--quarter", "2", "--service", "งานทะเบียนราษฎร")
    assert code == 0, payload
    counts, respondents, mean, percent = hand_count()
    row = payload["row"]
    assert [row[k] for k in ("n5", "n4", "n3", "n2", "n1")] == counts
    assert row["n"] == respondents == 200
    assert row["mean"] == mean
    assert row["percent"] == percent
    assert row["method"] == "mean_pct" and row["method_label"] == "ค่าเฉลี่ย ÷ 5 × 100"
    assert payload["questions"] == [Q1, Q2]
    assert payload["ignored"] == [
        {"column": "ประทับเวลา", "kind": "timestamp"},
        {"column": "ที่อยู่อีเมล", "kind": "identity"},
        {"column": "ข้อเสนอแนะเพิ่มเติม", "kind": "text"},
    ]
    assert payload["blank"] == 8 and payload["unknown"] == 0  # question 2 left blank by 8 respondents
    assert payload["version"] == 1
    # Saved: the satisfaction page reads the same percent from the store.
    from kpi.domain.satisfaction import satisfaction_summary

    frame = Store().dataset().frames["satisfaction"]
    summary = satisfaction_summary(frame, 2568, quarter=2)
    assert summary.overall is not None and round(summary.overall.value, 2) == percent
    assert summary.overall.sample_size == 200
    # Identity values never reach the output or the store.
    stored = json.dumps(Store().dataset().frames["satisfaction"].astype(str).to_dict("records"), ensure_ascii=False)
    for text in (json.dumps(payload, ensure_ascii=False), stored):
        assert "@example.com" not in text and PHONE not in text and "บริการดีมาก" not in text


def test_the_row_replaces_the_same_year_quarter_service(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(SAMPLE_WORKBOOK)]) == 0
    capsys.readouterr()
    before = Store().dataset().frames["satisfaction"]
    path = tmp_path / "responses.csv"
    path.write_bytes(google_forms_csv())
    args = (str(path), "--year", "2568", "--quarter", "2", "--service", "งานทะเบียนราษฎร")
    assert run_json(capsys, *args)[0] == 0
    assert run_json(capsys, *args)[1]["version"] is None  # the same file again: nothing to change
    after = Store().dataset().frames["satisfaction"]
    assert len(after) == len(before) + 1
    mine = after[(after["service"] == "งานทะเบียนราษฎร") & (after["quarter"] == 2)]
    assert len(mine) == 1 and int(mine["sample_size"].iloc[0]) == 200


def test_microsoft_forms_xlsx_and_question(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Survey.xlsx"
    path.write_bytes(microsoft_forms_xlsx())
    code, payload = run_json(
        capsys, str(path), "--year", "2568", "--quarter", "1", "--service", "งานคลัง", "--question", "ความพึงพอใจโดยรวม"
    )
    assert code == 0, payload
    row = payload["row"]
    assert [row[k] for k in ("n5", "n4", "n3", "n2", "n1")] == [18, 16, 6, 0, 0]
    assert row["n"] == 40
    assert row["percent"] == round((18 * 5 + 16 * 4 + 6 * 3) / 40 / 5 * 100, 2) == 86.0
    kinds = {c["column"]: c["kind"] for c in payload["ignored"]}
    assert kinds == {
        "ID": "identity",
        "Start time": "timestamp",
        "Completion time": "timestamp",
        "Email": "identity",
        "Name": "identity",
        "ความคิดเห็น": "text",
    }
    text = json.dumps(payload, ensure_ascii=False)
    assert "agency.go.th" not in text and "สมชาย" not in text


def test_question_picks_one_column_and_an_unknown_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes(google_forms_csv())
    base = (str(path), "--year", "2568", "--quarter", "2", "--service", "งานทะเบียนราษฎร")
    code, payload = run_json(capsys, *base, "--question", "ไม่มีคำถามนี้")
    assert code == 1 and payload["ok"] is False and payload["row"] is None
    assert payload["problems"][0]["code"] == "survey_question_not_found"
    assert Q1 in payload["problems"][0]["message"]
    code, payload = run_json(capsys, *base, "--question", "ที่อยู่อีเมล")
    assert code == 1 and payload["problems"][0]["code"] == "survey_question_not_likert"
    assert Store().head() is None  # nothing saved by a refused import
    code, payload = run_json(capsys, *base, "--question", Q1)
    assert code == 0
    assert payload["row"]["n"] == 200 and sum(payload["row"][k] for k in ("n5", "n4", "n3", "n2", "n1")) == 200
    assert payload["row"]["n5"] == 60  # answer_1 gives 5 to respondents 0, 1, 6 of every ten
    assert payload["version"] == 1


def test_unknown_answers_are_counted_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Timestamp,คำถาม\n1,มากที่สุด\n2,ไม่แสดงความเห็น\n3,4\n4,\n", encoding="utf-8")
    code, payload = run_json(capsys, str(path), "--year", "2568", "--quarter", "3", "--service", "งานช่าง")
    assert code == 0
    assert payload["unknown"] == 1 and payload["blank"] == 1
    assert {p["code"] for p in payload["problems"]} == {"survey_unknown_answers", "survey_blank_answers"}
    assert payload["row"]["n"] == 2 and payload["row"]["percent"] == 90.0


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        ("ประทับเวลา,ข้อเสนอแนะ\n2025/01/01,ดี\n".encode(), "survey_no_likert"),
        ("ประทับเวลา,คำถาม\n".encode(), "survey_no_rows"),
        (b"\xff\xfe\x00\x00garbage\x00", "survey_not_table"),
        (b"PK\x03\x04not a zip", "corrupt_file"),
    ],
)
def test_bad_files_are_refused_in_thai(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, code: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert main(["import-survey", str(path), "--year", "2568", "--quarter", "1", "--service", "ก"]) == 1
    captured = capsys.readouterr()
    assert f"({code})" in captured.out
    assert "Traceback" not in captured.err


def test_year_out_of_range_and_wrong_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(google_forms_csv())
    code, payload = run_json(capsys, str(path), "--year", "1999", "--quarter", "1", "--service", "ก")
    assert code == 1 and [p["column"] for p in payload["problems"] if p["code"] == "bad_year"] == ["ปีงบประมาณ"]
    assert Store().head() is None
    assert main(["import-survey", str(path), "--year", "2568", "--quarter", "5", "--service", "ก"]) == 2


def test_limits_come_before_parsing() -> None:
    from kpi.core.settings import Limits

    tally = read_survey(google_forms_csv(), "r.csv", limits=Limits(max_upload_bytes=1000))
    assert [p.code for p in tally.problems] == ["file_too_large"]
    tally = read_survey(google_forms_csv(), "r.csv", limits=Limits(max_rows=50))
    assert [p.code for p in tally.problems] == ["survey_too_many_rows"]


@pytest.mark.parametrize(
    ("answer", "level"),
    [("มากที่สุด", 5), ("พึงพอใจมากที่สุด", 5), ("ความพึงพอใจน้อย", 2), ("น้อยที่สุด", 1), ("ปานกลาง", 3),
     ("๔", 4), (4.0, 4), ("5 - มากที่สุด", 5), ("4.5", None), ("55", None), ("ดี", None), (0, None), (True, None)],
)  # fmt: skip
def test_likert_answers(answer: object, level: int | None) -> None:
    assert likert_level(answer) == level


def test_a_long_line_is_linear() -> None:
    # A hostile cell: one line of a million commas and Thai letters; the reader neither hangs nor raises.
    data = ("คำถาม\n" + "มาก" * 300_000 + "\n").encode()
    tally = read_survey(data, "x.csv")
    assert tally.problems  # an over-long cell is refused or counted as unknown, never a crash


def test_a_header_that_is_an_identity_is_never_shown() -> None:
    from kpi.ingest.survey import tally_rows

    tally = tally_rows([["somchai@example.com", "0812345678", "คำถาม"], ["ก", "ข", "มาก"], ["ค", "ง", "5"]])
    assert tally.ok and tally.counts == (1, 1, 0, 0, 0) and tally.respondents == 2
    assert tally.ignored == (("คอลัมน์ที่ 1", "text"), ("คอลัมน์ที่ 2", "text"))
    assert "example.com" not in repr(tally) and "0812345678" not in repr(tally)


def test_plain_output_names_the_row_and_the_columns_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes(google_forms_csv())
    assert main(["import-survey", str(path), "--year", "2568", "--quarter", "2", "--service", "งานทะเบียนราษฎร"]) == 0
    out = capsys.readouterr().out
    counts, _, mean, percent = hand_count()
    assert f"ระดับ 5–1 = {'/'.join(map(str, counts))} · ผู้ตอบ 200 คน · ค่าเฉลี่ย {mean:.2f} · ร้อยละ {percent:.2f}" in out
    assert "คอลัมน์ที่ไม่ได้ใช้: ประทับเวลา, ที่อยู่อีเมล, ข้อเสนอแนะเพิ่มเติม" in out
    assert "บันทึกแล้ว: ข้อมูลฉบับที่ 1" in out
    assert "@example.com" not in out and PHONE not in out
