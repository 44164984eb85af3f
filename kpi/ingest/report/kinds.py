"""What a file that is not a measures report seems to be, so the refusal can say where its data goes.

Agencies publish other tables beside the measures report, and users try those here too:

    satisfaction result   ระดับความพึงพอใจ | มากที่สุด … น้อยที่สุด | ค่าเฉลี่ย (x̄) | S.D. | แปลผล
    ITA score history     ปีงบประมาณ | IIT | EIT | OIT | คะแนน ITA | ระดับผลการประเมิน, one row a year
    OIT checklist         O1 โครงสร้าง | มี/ไม่มี | URL, one row an O-item
    action plan           แผนปฏิบัติการ … โครงการ | งบประมาณ (บาท) 2566 … 2570 | หน่วยงานรับผิดชอบ
    complaint statistics  เดือน/ไตรมาส/ช่องทาง | รับเรื่อง | ดำเนินการแล้วเสร็จ | อยู่ระหว่างดำเนินการ

Each kind scores the words its tables use (present or not: a long file does not score more) and
the shapes only it has (rows of year and score, O-numbers, amounts in baht). The text has passed the
importer's limits; each pattern is a bounded scan, linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi.core.thai import to_arabic_digits
from kpi.ingest.report.cleaning import clean_cell
from kpi.ingest.report.model import ReportImportError, refusal

# Past this many characters the words have long been seen: detection reads the start of the file.
_SCANNED_CHARS = 200_000
_THRESHOLD = 5
# Kinds known by a shape only their tables have; their words alone decide nothing.
_SHAPED = frozenset({"ita_history", "oit_checklist", "action_plan"})


# Each kind's refusal (REPORT_IMPORT): what the file seems to be, and where that data goes instead.
REFUSAL_CODES = {
    "satisfaction": "looks_like_satisfaction",
    "ita_history": "looks_like_ita_history",
    "oit_checklist": "looks_like_oit_checklist",
    "action_plan": "looks_like_action_plan",
    "complaints": "looks_like_complaints",
}


@dataclass(frozen=True)
class _Kind:
    name: str  # a key of REFUSAL_CODES
    words: tuple[tuple[str, int], ...]  # (word in lower case, weight)
    required: tuple[str, ...] = ()  # every one must be present


_KINDS: tuple[_Kind, ...] = (
    _Kind(
        "satisfaction",
        (
            ("ความพึงพอใจ", 1),
            ("ระดับความพึงพอใจ", 1),
            ("ค่าเฉลี่ย", 2),
            ("ส่วนเบี่ยงเบนมาตรฐาน", 2),
            ("s.d.", 2),
            ("แปลผล", 1),
            ("มากที่สุด", 1),
            ("น้อยที่สุด", 1),
            ("ปานกลาง", 1),
            ("ผู้ตอบแบบสอบถาม", 1),
            ("ควรปรับปรุง", 1),
        ),
        required=("พึงพอใจ",),
    ),
    _Kind(
        "ita_history",
        (("iit", 1), ("eit", 1), ("oit", 1), ("ผลการประเมิน", 1), ("คะแนน", 1), ("ระดับ", 1)),
        required=("ita",),
    ),
    _Kind(
        "oit_checklist",
        (("oit", 1), ("การเปิดเผยข้อมูล", 1), ("url", 1), ("ลิงก์", 1), ("ตัวชี้วัดย่อย", 1), ("หลักฐาน", 1)),
    ),
    _Kind(
        "action_plan",
        (("แผนปฏิบัติการ", 2), ("งบประมาณ", 1), ("บาท", 1), ("ยุทธศาสตร์", 1), ("แผนงาน", 1)),
        required=("งบประมาณ",),
    ),
    _Kind(
        "complaints",
        (
            ("เรื่องร้องเรียน", 1),
            ("ช่องทาง", 1),
            ("แล้วเสร็จ", 2),
            ("ระหว่างดำเนินการ", 2),
            ("รับเรื่อง", 1),
            ("สถิติ", 1),
            ("จำนวนเรื่อง", 1),
        ),
        required=("ร้องเรียน",),
    ),
)

# A BE year, then (within a few cells) a score with decimals: "2566 | 86.78", "๒๕๖๖  ๘๖.๗๘ ผ่าน".
_YEAR_SCORE = re.compile(r"25[4-7]\d[^\d\n]{1,12}\d{2,3}\.\d{1,2}(?!\d)")
_O_ITEM = re.compile(r"(?<![A-Za-z0-9])O\s?(\d{1,2})(?!\d)")
_AMOUNT = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?:\.\d{2})?(?![\d,])")
_MONTH = re.compile(r"(?:ต\.ค\.|พ\.ย\.|ธ\.ค\.|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.)")


def _shape_points(kind: _Kind, text: str) -> int:
    """Points for the shapes only this kind's tables have."""
    name = kind.name
    if name == "ita_history":
        return 4 if len(_YEAR_SCORE.findall(text)) >= 2 else 0
    if name == "oit_checklist":
        return 4 if len({int(n) for n in _O_ITEM.findall(text)}) >= 5 else 0
    if name == "action_plan":
        return 3 if len(_AMOUNT.findall(text)) >= 3 else 0
    if name == "complaints":
        return 1 if len(set(_MONTH.findall(text))) >= 3 else 0
    return 0


def plain_text(lines: list[list[str]]) -> str:
    """Rows of cells as one text to score, cleaned as the importer cleans a cell (HTML, spaces)."""
    out: list[str] = []
    size = 0
    for cells in lines:
        line = " | ".join(clean_cell(cell) for cell in cells if cell)
        out.append(line)
        size += len(line) + 1
        if size > _SCANNED_CHARS:
            break
    return "\n".join(out)


def guess_kind(text: str) -> str | None:
    """What the text seems to be (a key of REFUSAL_CODES) when it is not a measures report, or None if unclear."""
    text = to_arabic_digits(text[:_SCANNED_CHARS])
    lower = text.lower()
    scores: list[tuple[int, str]] = []
    for kind in _KINDS:
        if not all(word in lower for word in kind.required):
            continue
        shape = _shape_points(kind, text)
        if kind.name in _SHAPED and not shape:
            continue  # words alone (a report mentioning its action plan, or ITA) are not this table
        score = sum(weight for word, weight in kind.words if word in lower) + shape
        if score >= _THRESHOLD:
            scores.append((score, kind.name))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None  # nothing clear, or two kinds as likely: the general refusal says it best
    return scores[0][1]


def is_action_plan(text: str) -> bool:
    """A plan with budgets, not a results report: its table can look like the measures table."""
    head = to_arabic_digits(text[:_SCANNED_CHARS])
    return "รายงานผล" not in head and guess_kind(head) == "action_plan"


def kind_refusal(text: str) -> ReportImportError | None:
    """The refusal naming what the text seems to be and where its data goes, or None if unclear."""
    found = guess_kind(text)
    return None if found is None else refusal(REFUSAL_CODES[found])
