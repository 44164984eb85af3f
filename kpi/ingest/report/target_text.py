"""Find measurable targets in the output/outcome text of a measures report.

Phrasings understood (Thai or Arabic digits, spaces anywhere a line wrap may have put them):

    ไม่น้อยกว่า ร้อยละ ๘๐ · ไม่ต่ำกว่าร้อยละ 80 · จำนวนร้อยละ ๘๐ · ร้อยละ 80 ขึ้นไป · ≥ 80% · ๘๐%
    (๘๕ คะแนนขึ้นไป) · ไม่น้อยกว่า 85 คะแนน · ผ่านเกณฑ์การประเมิน ITA · คะแนน ITA ไม่น้อยกว่า 85
    จำนวนไม่น้อยกว่า ๔ ฉบับ · อย่างน้อย จำนวน ๑ ฉบับ · จำนวน ๑ ฉบับ · ๒ ครั้ง/ปี · ๓๐ คน
    จำนวนข้อร้องเรียน…ลดลง · ความพึงพอใจเพิ่มขึ้น · ข้อร้องเรียนลดลงร้อยละ 10

Operators: ไม่น้อยกว่า / ไม่ต่ำกว่า / อย่างน้อย / ขึ้นไป / ≥ → ">="; ไม่เกิน / ไม่มากกว่า / ลงมา / ≤ → "<=";
เท่ากับ → "="; a bare "ร้อยละ 80" or "จำนวน 1 ฉบับ" is a target, so ">=" (a bare 0 means "<=" 0);
ลดลง → "decrease", เพิ่มขึ้น → "increase" (value None, or the amount when one follows:
"ลดลงร้อยละ 10"). The op set has no strict comparison: มากกว่า/น้อยกว่า are read as ">="/"<=".

A number is a target only when it carries a unit (ร้อยละ, %, คะแนน, ฉบับ, เรื่อง, คน, ครั้ง, แห่ง,
โครงการ, ช่องทาง, ระบบ, หลักสูตร, กิจกรรม, ราย, รุ่น, หน่วยงาน), or an explicit operator in an ITA/คะแนน
context. Section numbers "๑.๑)", list numbers "๑)", years "พ.ศ. ๒๕๖๖ - ๒๕๗๐" and dates are never targets.

metric codes (what is measured; chosen from the words around the number):
    satisfaction   ความพึงพอใจ
    ita_score      ITA score (unit คะแนน, or "ผ่านเกณฑ์การประเมิน ITA" = 85)
    complaints     ข้อร้องเรียน / เรื่องร้องทุกข์
    knowledge      ความรู้ความเข้าใจ, แบบทดสอบ
    participation  ผู้เข้าร่วม / การมีส่วนร่วม
    documents      a count in ฉบับ
    people         a count in คน
    times          a count in ครั้ง
    count          any other count (and a "จำนวน … ลดลง" with no known subject)
    percent        a percentage whose subject is none of the above
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kpi.core.fiscal import fiscal_year_be, today_bangkok
from kpi.core.settings import LIMITS
from kpi.core.thai import to_arabic_digits
from kpi.domain.ita_rules import pass_mark

OPS = (">=", "<=", "=", "decrease", "increase")
SOURCES = ("output", "outcome")
METRICS = (
    "satisfaction",
    "ita_score",
    "complaints",
    "knowledge",
    "participation",
    "documents",
    "people",
    "times",
    "count",
    "percent",
)
MAX_TARGETS = LIMITS.report_max_targets_per_text  # per text; more is not a plan but noise
# Bounded work on untrusted text: only the first MAX_TEXT characters of a text are read (a real
# output or outcome is well under a thousand), and each pattern's matches are looked at no more
# than _MAX_CANDIDATES times (each one looks back at most _MAX_CLAUSE characters).
MAX_TEXT = LIMITS.report_max_target_text_chars
_MAX_CANDIDATES = 400


@dataclass(frozen=True)
class Target:
    """One measurable target: metric op value unit, read from `text` of the output or outcome."""

    metric: str
    op: str
    value: float | None
    unit: str
    source: str
    text: str


def distinct_targets(targets: list[Target]) -> list[Target]:
    """One target per distinct (metric, op, value, unit): reports often state the same one as output and outcome.

    The review's indicators and the `--json` output both list targets through this one function.
    """
    seen: set[tuple[str, str, float | None, str]] = set()
    kept = []
    for target in targets:
        key = (target.metric, target.op, target.value, target.unit)
        if key not in seen:
            seen.add(key)
            kept.append(target)
    return kept


def _spaced(word: str) -> str:
    """A pattern for a Thai word that tolerates a stray space (line-wrap artefact) inside it."""
    return r"\s?".join(re.escape(ch) for ch in word)


_OP_GE = ["ไม่น้อยกว่า", "ไม่ต่ำกว่า", "มากกว่าหรือเท่ากับ", "อย่างน้อย", "อย่างต่ำ", "ตั้งแต่", "มากกว่า", "เกินกว่า"]
_OP_LE = ["ไม่เกิน", "ไม่มากกว่า", "ไม่สูงกว่า", "น้อยกว่าหรือเท่ากับ", "น้อยกว่า"]
_OP_EQ = ["เท่ากับ"]
_SYMBOLS_GE = ["≥", "⩾", ">=", "=>"]
_SYMBOLS_LE = ["≤", "⩽", "<=", "=<"]
_OP_WORDS = {**dict.fromkeys(_OP_GE, ">="), **dict.fromkeys(_OP_LE, "<="), **dict.fromkeys(_OP_EQ, "=")}
_OP_PATTERN = "|".join(
    [_spaced(word) for word in sorted(_OP_WORDS, key=len, reverse=True)]
    + [re.escape(sym) for sym in _SYMBOLS_GE + _SYMBOLS_LE]
    + ["=(?!<)"]
)
_DECREASE = ["ลดน้อยลง", "ลดลง", "น้อยลง"]
_INCREASE = ["เพิ่มมากขึ้น", "เพิ่มขึ้น", "มากขึ้น", "สูงขึ้น"]
_DIRECTION_PATTERN = "|".join(_spaced(word) for word in sorted(_DECREASE + _INCREASE, key=len, reverse=True))
_PERCENT_WORD = r"ร้อย\s?ละ"
_PERCENT_SIGN = r"%|เปอร์เซ็นต์|เปอร์เซนต์"
_UNITS = ["คะแนน", "ฉบับ", "เรื่อง", "คน", "ครั้ง", "แห่ง", "โครงการ", "ช่องทาง", "ระบบ", "หลักสูตร", "กิจกรรม", "รุ่น", "หน่วยงาน"]
# "ราย" but not "รายงาน", "รายการ", "รายละเอียด", "รายชื่อ".
_UNIT_PATTERN = "|".join(re.escape(unit) for unit in _UNITS) + "|ราย(?![งกลช])"
_PER = r"/\s*(?:ปี|ไตรมาส|เดือน)|ต่อ\s*(?:ปี|ไตรมาส|เดือน)"

_NUMERIC = re.compile(
    rf"""
    (?:(?P<direction>{_DIRECTION_PATTERN})\s*)?
    (?:จำนวน\s*)?
    (?:(?P<op1>{_OP_PATTERN})\s*)?
    (?:จำนวน\s*)?
    (?:(?P<pct1>{_PERCENT_WORD})\s*)?
    (?:(?P<op2>{_OP_PATTERN})\s*)?
    (?<![\d.,/])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<frac>\d+))?(?![\d/])
    (?:\s*(?:(?P<pct2>{_PERCENT_SIGN})|(?P<unit>{_UNIT_PATTERN})))?
    (?:\s*(?:{_PER}))?
    (?:\s*(?P<post>ขึ้นไป|ลงมา))?
    """,
    re.VERBOSE,
)
# A bare number right after one of these is an identifier, a year or a date, not a target.
_NOT_A_QUANTITY_BEFORE = re.compile(r"(?:พ\.\s*ศ\.|ค\.\s*ศ\.|ปี|ที่|ข้อ|มาตรา|หมู่|เลขที่|ฉบับที่|ครั้งที่|รุ่นที่|ลำดับ|วันที่)\s*$")
_MONTH_AFTER = re.compile(
    r"\s*(?:ม\.\s?ค|ก\.\s?พ|มี\.\s?ค|เม\.\s?ย|พ\.\s?ค|มิ\.\s?ย|ก\.\s?ค|ส\.\s?ค|ก\.\s?ย|ต\.\s?ค|พ\.\s?ย|ธ\.\s?ค)\.?"
)
_DIRECTION = re.compile(_DIRECTION_PATTERN)
_ITA_PASS = re.compile(
    rf"(?:ITA\s*)?{_spaced('ผ่านเกณฑ์')}(?:\s*{_spaced('การประเมิน')})?(?:\s*(?:ITA|{_spaced('คุณธรรมและความโปร่งใส')}))?",
    re.IGNORECASE,
)
# Clause boundaries: line breaks, semicolons, bullets and list markers like "1)", "(2)", "1.1)".
_BOUNDARY = re.compile(r"\n|;|•|(?:(?<=\s)|^)\(?\d{1,2}(?:\.\d{1,2})?\)")

_KEYWORDS: dict[str, re.Pattern[str]] = {
    "satisfaction": re.compile(rf"(?:{_spaced('ความ')}\s?)?{_spaced('พึงพอใจ')}"),
    "knowledge": re.compile("|".join(_spaced(w) for w in ("ความรู้", "ความเข้าใจ", "แบบทดสอบ", "ทดสอบ"))),
    "participation": re.compile("|".join(_spaced(w) for w in ("เข้าร่วม", "มีส่วนร่วม"))),
    "complaints": re.compile("|".join(_spaced(w) for w in ("ข้อร้องเรียน", "เรื่องร้องเรียน", "ร้องเรียน", "ร้องทุกข์"))),
    "ita_score": re.compile(rf"ITA|{_spaced('คุณธรรมและความโปร่งใส')}", re.IGNORECASE),
}
_MAX_CLAUSE = 300
_PERCENT_PRIORITY = ("satisfaction", "knowledge", "participation", "complaints")
_COUNT_WORD = re.compile(_spaced("จำนวน"))
_AVERAGE = re.compile(_spaced("ค่าเฉลี่ย"))
_NATURAL_UNIT = {"complaints": "เรื่อง", "documents": "ฉบับ", "people": "คน", "times": "ครั้ง"}


def _clause_start(text: str, position: int, floor: int) -> int:
    """Start of the clause holding `position`: after the last boundary, never before `floor`.

    A clause reaches back at most _MAX_CLAUSE characters, which keeps huge cells linear.
    """
    floor = max(floor, position - _MAX_CLAUSE)
    start = floor
    for match in _BOUNDARY.finditer(text, floor, position):
        start = match.end()
    return start


def _following_context(text: str, end: int) -> str:
    """A '(…)' note or a 'ของ…' phrase right after a target names its subject (with leading spaces)."""
    rest = text[end : end + _MAX_CLAUSE]
    stripped = rest.lstrip()
    lead = len(rest) - len(stripped)
    if stripped.startswith("("):
        close = stripped.find(")")
        return rest[: lead + (close + 1 if close >= 0 else len(stripped))]
    if stripped.startswith("ของ"):
        stop = _BOUNDARY.search(stripped)
        return rest[: lead + (stop.start() if stop else len(stripped))]
    return ""


def _first_keyword(window: str, order: tuple[str, ...]) -> str | None:
    for metric in order:
        if _KEYWORDS[metric].search(window):
            return metric
    return None


def _percent_metric(before: str, after: str) -> str:
    return _first_keyword(before, _PERCENT_PRIORITY) or _first_keyword(after, _PERCENT_PRIORITY) or "percent"


def _unit_metric(unit: str, before: str, after: str) -> str:
    context = before + " " + after
    if unit == "คะแนน":
        if _KEYWORDS["knowledge"].search(context):
            return "knowledge"
        if _KEYWORDS["satisfaction"].search(context) or _AVERAGE.search(context):
            return "satisfaction"
        return "ita_score"
    if unit == "ฉบับ":
        return "documents"
    if unit == "ครั้ง":
        return "times"
    if unit == "คน":
        return "participation" if _KEYWORDS["participation"].search(context) else "people"
    if unit in ("เรื่อง", "ราย") and _KEYWORDS["complaints"].search(context):
        return "complaints"
    return "count"


def _direction_op(word: str) -> str:
    compact = re.sub(r"\s", "", word)
    return "decrease" if compact in _DECREASE else "increase"


def _comparison_op(word: str) -> str:
    compact = re.sub(r"\s", "", word)
    if compact in _OP_WORDS:
        return _OP_WORDS[compact]
    if compact in _SYMBOLS_GE:
        return ">="
    if compact in _SYMBOLS_LE:
        return "<="
    return "="


def _numeric_targets(text: str, norm: str, source: str) -> tuple[list[tuple[int, int, Target]], list[tuple[int, int]]]:
    """Targets with a number, and the 'ของ…' phrases that named their subjects."""
    found: list[tuple[int, int, Target]] = []
    subjects: list[tuple[int, int]] = []
    floor = 0
    for match in itertools.islice(_NUMERIC.finditer(norm), _MAX_CANDIDATES):
        start, end = match.start(), match.end()
        percent = bool(match.group("pct1") or match.group("pct2"))
        unit = match.group("unit")
        op_word = match.group("op1") or match.group("op2")
        value = float(match.group("num").replace(",", "") + ("." + match.group("frac") if match.group("frac") else ""))
        prefix_used = norm[start : match.start("num")].strip()
        if not prefix_used:
            # A bare number after "พ.ศ." or "ข้อ", or before a month, is not a quantity.
            if _NOT_A_QUANTITY_BEFORE.search(norm[max(0, start - 12) : start]) or _MONTH_AFTER.match(norm, end):
                continue
            if 2400 <= value <= 2700 and not percent:
                continue
        if not (percent or unit or op_word):
            continue
        before = norm[_clause_start(norm, start, floor) : start]
        after = _following_context(norm, end)
        if percent:
            metric, unit_text = _percent_metric(before, after), "ร้อยละ"
        elif unit:
            metric, unit_text = _unit_metric(unit, before, after), unit
        elif op_word and (_KEYWORDS["ita_score"].search(before) or "คะแนน" in before):
            metric, unit_text = "ita_score", "คะแนน"
        else:
            continue
        if match.group("direction"):
            op = _direction_op(match.group("direction"))
        elif op_word:
            op = _comparison_op(op_word)
        elif match.group("post") == "ลงมา" or value == 0:
            op = "<="  # "0 เรื่อง" means at most none
        else:
            op = ">="  # a bare "ร้อยละ 80" / "จำนวน 1 ฉบับ" in a plan is a minimum
        # Keep the span tight: no trailing spaces.
        span_end = start + len(norm[start:end].rstrip())
        if len(found) >= MAX_TARGETS:
            break
        found.append((start, span_end, Target(metric, op, value, unit_text, source, text[start:span_end])))
        if after:
            subjects.append((end, end + len(after)))
        floor = span_end
    return found, subjects


def _overlaps(start: int, end: int, spans: list[tuple[int, int, Target]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end, _ in spans)


def _ita_pass_targets(
    text: str, norm: str, source: str, taken: list[tuple[int, int, Target]], mark: float
) -> list[tuple[int, int, Target]]:
    if any(target.metric == "ita_score" for _, _, target in taken):
        return []  # "ผ่านเกณฑ์การประเมิน (๘๕ คะแนนขึ้นไป)" is one target, not two.
    found: list[tuple[int, int, Target]] = []
    for match in itertools.islice(_ITA_PASS.finditer(norm), _MAX_CANDIDATES):
        clause = norm[_clause_start(norm, match.start(), 0) : match.end() + 60]
        if not _KEYWORDS["ita_score"].search(clause) or _overlaps(match.start(), match.end(), taken):
            continue
        target = Target("ita_score", ">=", mark, "คะแนน", source, text[match.start() : match.end()])
        found.append((match.start(), match.end(), target))
        break
    return found


def _direction_subject(window: str) -> tuple[str, int] | None:
    """What a ลดลง/เพิ่มขึ้น refers to, and where that subject starts in the window."""
    count_word = _COUNT_WORD.search(window)
    if count_word:
        # "จำนวนข้อร้องเรียน … ลดลง": the noun right after จำนวน is what is counted.
        following = window[count_word.end() :].lstrip()
        for name in ("complaints", "participation"):
            if _KEYWORDS[name].match(following):
                return name, count_word.start()
    metric = _first_keyword(window, _PERCENT_PRIORITY)
    if metric is not None:
        if count_word:
            return metric, count_word.start()
        hit = _KEYWORDS[metric].search(window)
        return metric, hit.start() if hit else 0
    if count_word:
        return "count", count_word.start()
    percent_word = re.search(_PERCENT_WORD, window)
    if percent_word:
        return "percent", percent_word.start()
    return None  # "ปัญหาลดลง" names nothing we can count: not a target.


def _direction_targets(
    text: str, norm: str, source: str, taken: list[tuple[int, int, Target]], subjects: list[tuple[int, int]]
) -> list[tuple[int, int, Target]]:
    found: list[tuple[int, int, Target]] = []
    spans = sorted((start, end) for start, end, _ in taken)
    subject_spans = sorted(subjects)
    next_span = 0
    next_subject = 0
    floor = 0  # end of the last target before the current match
    # Matches come in reading order, so one pointer into each sorted list keeps this linear.
    for match in itertools.islice(_DIRECTION.finditer(norm), _MAX_CANDIDATES):
        while next_span < len(spans) and spans[next_span][1] <= match.start():
            floor = max(floor, spans[next_span][1])
            next_span += 1
        if next_span < len(spans) and spans[next_span][0] < match.end():
            continue  # part of a numeric target ("ลดลงร้อยละ 10")
        while next_subject < len(subject_spans) and subject_spans[next_subject][1] <= match.start():
            next_subject += 1
        if next_subject < len(subject_spans) and subject_spans[next_subject][0] <= match.start():
            continue  # "ร้อยละ 80 ของผู้เข้าร่วมมีความรู้เพิ่มขึ้น": the direction belongs to that target
        window_start = _clause_start(norm, match.start(), floor)
        subject = _direction_subject(norm[window_start : match.start()])
        if subject is None:
            continue
        metric, offset = subject
        start = window_start + offset
        unit = _NATURAL_UNIT.get(metric, "ร้อยละ" if metric == "percent" else "")
        target = Target(metric, _direction_op(match.group(0)), None, unit, source, text[start : match.end()])
        found.append((start, match.end(), target))
        floor = match.end()
        if len(found) >= MAX_TARGETS:
            break
    return found


def extract_targets(text: str, source: str, ita_pass_mark: float | None = None) -> list[Target]:
    """Every measurable target in one output or outcome text, in reading order.

    "ผ่านเกณฑ์การประเมิน ITA" without a number is a target of at least `ita_pass_mark` (by default
    the ITA rules file's pass mark for this fiscal year: kpi.domain.ita_rules.pass_mark).
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    if not text:
        return []
    text = text[:MAX_TEXT]
    norm = to_arabic_digits(text)  # same length: spans found in norm are spans of text
    found, subjects = _numeric_targets(text, norm, source)
    mark = pass_mark(fiscal_year_be(today_bangkok())) if ita_pass_mark is None else ita_pass_mark
    found += _ita_pass_targets(text, norm, source, found, mark)
    found += _direction_targets(text, norm, source, found, subjects)
    found.sort(key=lambda item: item[0])
    return [target for _, _, target in found[:MAX_TARGETS]]
