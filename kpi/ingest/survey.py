"""Raw survey responses (Google Forms / Microsoft Forms exports) into one satisfaction row.

An export has one row per respondent and one column per question (CSV from Google Forms, XLSX
from Microsoft Forms):

    ประทับเวลา | ที่อยู่อีเมล | ความพึงพอใจต่อ… | ความพึงพอใจต่อ… | ข้อเสนอแนะ
    2025/01/05 | a@b.co      | มากที่สุด        | 4                | บริการดี

Every column whose answers are Likert answers (มากที่สุด…น้อยที่สุด, "พึงพอใจมาก", 5…1) counts,
each answer cell one rating, unless one question column is chosen. Timestamps, free text and
identity columns (name, e-mail, phone, ID) are ignored: their values are never kept, stored or shown,
only their header (or "คอลัมน์ N" when the header itself looks like an identity). Answers that are
neither blank nor Likert are counted and reported. Limits are checked before anything is parsed;
nothing here backtracks (plain string operations and the csv module).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from kpi.core.messages import t
from kpi.core.problems import WARNING, Problem, has_errors, problem
from kpi.core.settings import LIMITS, Limits
from kpi.ingest.safety import inspect_xlsx
from kpi.privacy import identity as privacy

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Header words of the form tools' own columns (compared case-folded, spaces removed).
_TIMESTAMP_HEADERS = (
    "ประทับเวลา", "timestamp", "เวลาเริ่มต้น", "เวลาที่เสร็จสมบูรณ์", "เวลาแก้ไขล่าสุด",
    "starttime", "completiontime", "lastmodifiedtime",
)  # fmt: skip
_ID_HEADERS = ("id", "รหัส", "รหัสผู้ตอบ", "responseid", "เลขที่")

# Answer words, longest first so that มากที่สุด is not read as มาก.
_WORDS: tuple[tuple[str, int], ...] = (
    ("มากที่สุด", 5), ("น้อยที่สุด", 1), ("ปานกลาง", 3), ("มาก", 4), ("น้อย", 2),
)  # fmt: skip
_PREFIXES = ("ความพึงพอใจ", "พึงพอใจ", "พอใจ", "ระดับ")
_ZERO_WIDTH = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}

# The kinds of column, and why a column was not counted.
LIKERT, TIMESTAMP, IDENTITY, TEXT, EMPTY = "likert", "timestamp", "identity", "text", "empty"


@dataclass(frozen=True)
class SurveyTally:
    """What a survey export holds: level counts of the counted columns and what was left out."""

    counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # n5..n1
    respondents: int = 0  # rows with at least one rating in the counted columns
    questions: tuple[str, ...] = ()  # headers of the counted columns
    ignored: tuple[tuple[str, str], ...] = ()  # (header, kind) of every column not counted
    unknown: int = 0  # answers in counted columns that are neither blank nor Likert
    blank: int = 0  # blank answers in counted columns of respondents' rows
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def likert_level(value: Any) -> int | None:
    """The level 5..1 of one answer (มากที่สุด, "พึงพอใจมาก", 5, "๕", "5 - มากที่สุด"), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 1 <= value <= 5 else None
    text = "".join(unicodedata.normalize("NFC", str(value)).translate(_ZERO_WIDTH).split())
    if not text:
        return None
    first = text[0]
    if first.isdecimal():
        digit = unicodedata.decimal(first)
        rest = text[1:]
        if rest.startswith("."):  # "5.0" is 5; "4.5" is no level
            rest = rest[1:].lstrip("0")
        if 1 <= digit <= 5 and not (rest and rest[0].isdecimal()):
            return digit  # "5", "5.0", "5 (มากที่สุด)", "5=มากที่สุด"
        return None
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    text = text.strip("()[]-:.")
    return next((level for word, level in _WORDS if text == word), None)


def read_survey(data: bytes, filename: str, question: str | None = None, limits: Limits = LIMITS) -> SurveyTally:
    """Tally a survey export (CSV or XLSX); never raises on any input."""
    if not data:
        return SurveyTally(problems=[problem("file_empty")])
    if len(data) > limits.max_upload_bytes:
        size = problem("file_too_large", size_mb=len(data) / 2**20, limit_mb=limits.max_upload_bytes / 2**20)
        return SurveyTally(problems=[size])
    if data.startswith(_OLE_MAGIC):
        return SurveyTally(problems=[problem("encrypted")])
    rows = _xlsx_rows(data, filename, limits) if data.startswith(_ZIP_MAGIC) else _csv_rows(data, limits)
    if isinstance(rows, Problem):
        return SurveyTally(problems=[rows])
    return tally_rows(rows, question, limits)


def _csv_rows(data: bytes, limits: Limits) -> list[list[Any]] | Problem:
    """Rows of a CSV export (UTF-8 as Google Forms writes it, or Windows Thai as Excel saves it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp874")
        except UnicodeDecodeError:
            return problem("survey_not_table")
    if "\x00" in text:
        return problem("survey_not_table")
    header_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=header_line.count)
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= limits.max_rows:
                return problem("survey_too_many_rows", limit=limits.max_rows)
            if len(row) > limits.max_columns:
                return problem("survey_too_many_columns", limit=limits.max_columns)
            rows.append(row)
    except csv.Error:  # a cell over the csv module's field limit, or broken quoting
        return problem("survey_not_table")
    return rows


def _xlsx_rows(data: bytes, filename: str, limits: Limits) -> list[list[Any]] | Problem:
    """Rows of the first visible sheet, after the same safety gate as a workbook upload."""
    inspection = inspect_xlsx(data, "survey.xlsx", limits)  # the content decides, not the name
    if not inspection.safe:
        return next((p for p in inspection.problems if p.is_error), problem("corrupt_file"))
    visible = [info for info in inspection.sheets if info.state == "visible"]
    if not visible:
        return problem("survey_not_table")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows: list[list[Any]] = workbook.get_sheet_by_name(visible[0].name).to_python(skip_empty_area=False)
    except Exception:  # calamine's own errors on a damaged part
        return problem("corrupt_file")
    if len(rows) > limits.max_rows:
        return problem("survey_too_many_rows", limit=limits.max_rows)
    if any(len(r) > limits.max_columns for r in rows[:1]):
        return problem("survey_too_many_columns", limit=limits.max_columns)
    return rows


def _key(header: str) -> str:
    return "".join(header.casefold().split())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _label(header: Any, position: int) -> str:
    """A header as it may be shown: one line, and never a header that itself holds an identity."""
    text = " ".join(str(header if header is not None else "").split())[:120]
    if not text or privacy.identity_text(text):
        return t("survey_column_label", position=position)
    return text


def _kind(header: str, values: Sequence[Any]) -> str:
    key = _key(header)
    if any(word in key for word in _TIMESTAMP_HEADERS) or any(isinstance(v, dt.datetime | dt.date) for v in values):
        return TIMESTAMP
    if key in _ID_HEADERS or privacy.identity_column(header):
        return IDENTITY
    answers = [v for v in values if not _blank(v)]
    if not answers:
        return EMPTY
    rated = sum(1 for v in answers if likert_level(v) is not None)
    return LIKERT if rated * 2 >= len(answers) else TEXT


def tally_rows(rows: Sequence[Sequence[Any]], question: str | None = None, limits: Limits = LIMITS) -> SurveyTally:
    """Tally rows whose first row is the header: the Likert columns (or the chosen one) count."""
    if not rows:
        return SurveyTally(problems=[problem("survey_no_rows")])
    header = list(rows[0])
    body = [list(r) for r in rows[1:] if any(not _blank(v) for v in r)]
    if not body:
        return SurveyTally(problems=[problem("survey_no_rows")])
    width = max(len(header), *(len(r) for r in body))
    if width > limits.max_columns:
        return SurveyTally(problems=[problem("survey_too_many_columns", limit=limits.max_columns)])
    columns = []
    for index in range(width):
        raw = header[index] if index < len(header) else None
        name = " ".join(str(raw if raw is not None else "").split())
        values = [r[index] if index < len(r) else None for r in body]
        columns.append((index, name, _label(raw, index + 1), _kind(name, values)))
    if question is not None:
        wanted = _key(question)
        chosen = [c for c in columns if c[1] and _key(c[1]) == wanted]
        if not chosen:
            listed = ", ".join(c[2] for c in columns if c[3] == LIKERT) or "-"
            return SurveyTally(problems=[problem("survey_question_not_found", questions=listed)])
        if chosen[0][3] != LIKERT:
            return SurveyTally(problems=[problem("survey_question_not_likert", column=chosen[0][2])])
        counted = chosen[:1]
    else:
        counted = [c for c in columns if c[3] == LIKERT]
        if not counted:
            return SurveyTally(problems=[problem("survey_no_likert")])
    return _count(body, counted, [c for c in columns if c not in counted])


def _count(
    body: Iterable[list[Any]], counted: list[tuple[int, str, str, str]], others: list[tuple[int, str, str, str]]
) -> SurveyTally:
    levels = [0, 0, 0, 0, 0, 0]  # index = level; 0 unused
    respondents = unknown = blank = 0
    for row in body:
        rated = False
        for index, *_ in counted:
            value = row[index] if index < len(row) else None
            if _blank(value):
                blank += 1
                continue
            level = likert_level(value)
            if level is None:
                unknown += 1
                continue
            levels[level] += 1
            rated = True
        respondents += rated
    problems: list[Problem] = []
    if respondents == 0:
        problems.append(problem("survey_no_ratings"))
    if unknown:
        problems.append(problem("survey_unknown_answers", severity=WARNING, count=unknown))
    if blank:
        problems.append(problem("survey_blank_answers", severity=WARNING, count=blank))
    return SurveyTally(
        counts=(levels[5], levels[4], levels[3], levels[2], levels[1]),
        respondents=respondents,
        questions=tuple(c[2] for c in counted),
        ignored=tuple((c[2], c[3]) for c in others),
        unknown=unknown,
        blank=blank,
        problems=problems,
    )
