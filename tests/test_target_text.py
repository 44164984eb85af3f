"""Targets read from output/outcome texts: every phrasing family, and nothing invented."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.core.thai import to_arabic_digits, to_thai_digits
from kpi.ingest.report.target_text import METRICS, OPS, Target, extract_targets


def _short(text: str, source: str = "outcome") -> list[tuple[str, str, float | None, str]]:
    return [(t.metric, t.op, t.value, t.unit) for t in extract_targets(text, source)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sample's phrasings
        (
            "ประชาชนผู้รับบริการ มีความ พึงพอใจต่อคุณภาพการ ให้บริการไม่น้อยกว่า ร้อย ละ ๘๐ (สำรวจ)",
            [("satisfaction", ">=", 80.0, "ร้อยละ")],
        ),
        (
            "ประชาชนเกิดความพึงพอใจ ต่อการดำเนินการเรื่องร้องทุกข์/ร้องเรียน ไม่ต่ำกว่าร้อยละ ๘๐",
            [("satisfaction", ">=", 80.0, "ร้อยละ")],
        ),
        ("ให้บริการอย่างเท่าเทียมกัน จำนวนร้อยละ ๘๐ (แบบประเมินความพึงพอใจการให้บริการ)", [("satisfaction", ">=", 80.0, "ร้อยละ")]),
        ("มีผลการประเมิน ITA ผ่านเกณฑ์การประเมิน (๘๕ คะแนนขึ้นไป)", [("ita_score", ">=", 85.0, "คะแนน")]),
        ("มีคำสั่งมอบหมายงาน จำนวนไม่น้อยกว่า ๔ ฉบับ", [("documents", ">=", 4.0, "ฉบับ")]),
        ("มีประกาศแนวทางปฏิบัติ อย่างน้อย จำนวน ๑ ฉบับ", [("documents", ">=", 1.0, "ฉบับ")]),
        ("มีประกาศใช้มาตรการ จำนวน ๑ ฉบับ", [("documents", ">=", 1.0, "ฉบับ")]),
        ("จำนวนข้อร้องเรียนเกี่ยวกับการจัดซื้อจัดจ้าง ลดลง", [("complaints", "decrease", None, "เรื่อง")]),
        # other agencies' phrasings
        ("ร้อยละ 80 ขึ้นไป", [("percent", ">=", 80.0, "ร้อยละ")]),
        ("ความพึงพอใจ ≥ 80%", [("satisfaction", ">=", 80.0, "ร้อยละ")]),
        ("ความพึงพอใจ >= 80 %", [("satisfaction", ">=", 80.0, "ร้อยละ")]),
        ("ความพึงพอใจ ๘๐%", [("satisfaction", ">=", 80.0, "ร้อยละ")]),
        ("ความพึงพอใจ 85.5 เปอร์เซ็นต์", [("satisfaction", ">=", 85.5, "ร้อยละ")]),
        ("ร้อยละ ไม่น้อยกว่า 70", [("percent", ">=", 70.0, "ร้อยละ")]),
        ("อัตราการลาออกไม่เกินร้อยละ 5", [("percent", "<=", 5.0, "ร้อยละ")]),
        ("ไม่มากกว่า ร้อยละ 10", [("percent", "<=", 10.0, "ร้อยละ")]),
        ("≤ 3 เรื่อง", [("count", "<=", 3.0, "เรื่อง")]),
        ("ร้อยละ 100 ของเรื่องร้องเรียนได้รับการแก้ไข", [("complaints", ">=", 100.0, "ร้อยละ")]),
        ("ร้อยละ 80 ของผู้เข้าร่วมโครงการมีความรู้ความเข้าใจเพิ่มขึ้น", [("knowledge", ">=", 80.0, "ร้อยละ")]),
        ("ผลการประเมิน ITA ไม่น้อยกว่า 85 คะแนน", [("ita_score", ">=", 85.0, "คะแนน")]),
        ("คะแนน ITA ไม่น้อยกว่า 85", [("ita_score", ">=", 85.0, "คะแนน")]),
        ("ผ่านเกณฑ์การประเมิน ITA", [("ita_score", ">=", 85.0, "คะแนน")]),
        ("ผลคะแนนแบบทดสอบ 80 คะแนนขึ้นไป", [("knowledge", ">=", 80.0, "คะแนน")]),
        ("จัดประชุม ๒ ครั้ง/ปี", [("times", ">=", 2.0, "ครั้ง")]),
        ("เผยแพร่ไม่น้อยกว่า 4 ครั้งต่อปี", [("times", ">=", 4.0, "ครั้ง")]),
        ("บุคลากรได้รับการอบรม ๓๐ คน", [("people", ">=", 30.0, "คน")]),
        ("มีผู้เข้าร่วมโครงการไม่น้อยกว่า 50 คน", [("participation", ">=", 50.0, "คน")]),
        ("มีช่องทางการร้องเรียน อย่างน้อย 3 ช่องทาง", [("count", ">=", 3.0, "ช่องทาง")]),
        ("จัดทำหลักสูตร 2 หลักสูตร และ 1 ระบบ", [("count", ">=", 2.0, "หลักสูตร"), ("count", ">=", 1.0, "ระบบ")]),
        ("เรื่องร้องเรียนการทุจริต 0 เรื่อง", [("complaints", "<=", 0.0, "เรื่อง")]),
        ("คะแนนเท่ากับ 100 คะแนน", [("ita_score", "=", 100.0, "คะแนน")]),
        ("จำนวนข้อร้องเรียนลดลงร้อยละ 10", [("complaints", "decrease", 10.0, "ร้อยละ")]),
        ("ประชาชนมีความพึงพอใจเพิ่มขึ้น", [("satisfaction", "increase", None, "")]),
        ("จำนวนผู้ใช้บริการออนไลน์เพิ่มขึ้น", [("count", "increase", None, "")]),
        (
            "ความพึงพอใจไม่น้อยกว่าร้อยละ 80; จำนวนเรื่องร้องเรียนลดลง",
            [("satisfaction", ">=", 80.0, "ร้อยละ"), ("complaints", "decrease", None, "เรื่อง")],
        ),
    ],
)
def test_phrasings(text: str, expected: list[tuple[str, str, float | None, str]]) -> None:
    assert _short(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # section and list numbers, years, dates: never targets
        "ประเมินผลการปฏิบัติราชการแต่ละมิติ ดังนี้ ๑.๑) การบริหารราชการ ๑.๒) การลดขั้นตอน",
        "๑) มีประกาศเจตนารมณ์ ๒) มีนโยบาย ๓) มีแผนปฏิบัติการ พ.ศ. ๒๕๖๖ - ๒๕๗๐",
        "มีแผนปฏิบัติการป้องกันการทุจริต พ.ศ. ๒๕๖๖ - ๒๕๗๐",
        "ประจำปีงบประมาณ 2568 โครงการอบรม",
        "ภายในวันที่ 30 ก.ย. 68",
        "รายงานภายใน 15 วัน ตามประกาศฉบับที่ 2",
        "ระเบียบฯ ข้อ 5 และมาตรา 13",
        "ดำเนินการตามแผน 1 รายงาน",
        # a subject with no value, a direction with no countable subject
        "จำนวนหน่วยงานและบุคคลที่ได้รับการยกย่องเชิดชูเกียรติ",
        "ประชาชนเกิดความพึงพอใจ ต่อการดำเนินการเรื่องร้องทุกข์/ร้องเรียน",
        "ปัญหาการทุจริตลดลง",
        "(พิจารณาจากจำนวนข้อร้องเรียนจากประชาชน,จำนวนเบาะแสที่ประชาชนแจ้งหน่วยงาน)",
        "",
    ],
)
def test_no_invented_targets(text: str) -> None:
    assert extract_targets(text, "output") == []


def test_ita_pass_with_a_score_is_one_target() -> None:
    targets = extract_targets("บ้านผือมีผลการประเมิน ITA ผ่านเกณฑ์การประเมิน (๘๕ คะแนนขึ้นไป)", "outcome")
    assert targets == [Target("ita_score", ">=", 85.0, "คะแนน", "outcome", "๘๕ คะแนนขึ้นไป")]


def test_text_is_the_exact_span_and_source_is_kept() -> None:
    text = "ส่วนท้องถิ่นไม่น้อยกว่า ร้อย ละ ๘๐ (สำรวจโดยใช้แบบ ประเมินความพึงพอใจการ ให้บริการ)"
    assert extract_targets(text, "output") == [
        Target("satisfaction", ">=", 80.0, "ร้อยละ", "output", "ไม่น้อยกว่า ร้อย ละ ๘๐")
    ]
    complaint = "จำนวนข้อร้องเรียนเกี่ยวกับการ แสวงหาประโยชน์จาก ทรัพย์สินของราชการ ลดลง"
    assert extract_targets(complaint, "outcome")[0].text == complaint


def test_source_must_be_output_or_outcome() -> None:
    with pytest.raises(ValueError):
        extract_targets("ร้อยละ 80", "steps")


_PHRASES = st.sampled_from(
    [
        "ความพึงพอใจไม่น้อยกว่าร้อยละ {n}",
        "ร้อยละ {n} ขึ้นไป",
        "≥ {n}%",
        "จำนวนไม่น้อยกว่า {n} ฉบับ",
        "อย่างน้อย จำนวน {n} ฉบับ",
        "ผ่านเกณฑ์การประเมิน ({n} คะแนนขึ้นไป)",
        "ผู้เข้าร่วม {n} คน",
        "{n} ครั้ง/ปี",
        "ไม่เกินร้อยละ {n}",
        "จำนวนข้อร้องเรียนลดลงร้อยละ {n}",
        "๑) มีแผน พ.ศ. 25{n} - 2570",
        "ข้อ {n}) ดำเนินการ",
        "ภายใน {n} ต.ค. 67",
    ]
)


@given(_PHRASES, st.integers(0, 99), st.sampled_from(["output", "outcome"]))
def test_thai_and_arabic_digits_give_the_same_targets(phrase: str, number: int, source: str) -> None:
    text = phrase.format(n=number)
    arabic = extract_targets(text, source)
    thai = extract_targets(to_thai_digits(text), source)
    assert [(t.metric, t.op, t.value, t.unit, t.source, to_arabic_digits(t.text)) for t in thai] == [
        (t.metric, t.op, t.value, t.unit, t.source, t.text) for t in arabic
    ]


@given(st.text(max_size=120), st.sampled_from(["output", "outcome"]))
def test_any_text_gives_well_formed_targets(text: str, source: str) -> None:
    for target in extract_targets(text, source):
        assert target.metric in METRICS
        assert target.op in OPS
        assert target.source == source
        assert target.text and target.text in text
        assert (target.value is None) == (target.op in ("decrease", "increase") and not re.search(r"\d", target.text))
