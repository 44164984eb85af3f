"""Finding the measures table among a report's rows and assembling its measures.

The report is a six-column table, usually preceded by title lines (domain.md §1):

    รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี พ.ศ. ๒๕๖๘   ← fiscal year
    องค์การบริหารส่วนตำบลบ้านผือ ตำบลบ้านผือ อำเภอโพนพิสัย จังหวัดหนองคาย                ← organisation
    ┌──────────────────┬──────────────┬───────────┬────────────┬─────────────┬───────────────┐
    │ มาตรการ/โครงการ/  │ ขั้นตอนหรือ    │ ช่วงระยะเวลา │ ผู้รับผิดชอบ   │ ผลการดำเนินการ │ ผลลัพธ์หรือ      │  ← header, found by
    │ กิจกรรม           │ วิธีการปฏิบัติ   │            │            │ (output)    │ ผลสัมฤทธิ์       │    its words, not
    ├──────────────────┼──────────────┼───────────┼────────────┼─────────────┼───────────────┤    its position
    │ ๑. มาตรการ “…”    │ …            │ ไตรมาสที่ ๑-๔ │ อบต.บ้านผือ  │ …           │ …             │  ← a measure
    │ (empty)          │ …rest of cell │           │            │             │               │  ← page break: the
    │ ที่ | มาตรการ | …  (the header repeated on a new page: skipped)                         │    cells continue the
    │ -- | --- | --    (a separator row: skipped)                                           │    measure above
    └──────────────────┴──────────────┴───────────┴────────────┴─────────────┴───────────────┘

The same rows come from every format (kpi.ingest.report.reading); here their cells are cleaned
(kpi.ingest.report.cleaning), the header is found, and what is not a measure is warned about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kpi.core.fiscal import be_year, fiscal_year_be, today_bangkok
from kpi.core.messages import REPORT_FIELD_LABELS
from kpi.core.problems import Problem
from kpi.core.thai import to_arabic_digits
from kpi.domain.ita_rules import pass_mark
from kpi.ingest.report import limits
from kpi.ingest.report.cleaning import clean_cell, join_fragments
from kpi.ingest.report.model import (
    ImportedMeasure,
    ImportedReport,
    SourceRow,
    quote,
    refusal,
    report_warning,
)
from kpi.ingest.report.periods import parse_period
from kpi.ingest.report.target_text import extract_targets

KINDS = ("มาตรการ", "โครงการ", "กิจกรรม")
DEFAULT_KIND = "มาตรการ"
_FIELDS = ("no", "name", "steps", "period", "responsible", "output", "outcome")

# --- finding the table ----------------------------------------------------------------------

# Header words by column, checked in this order (so "ผลการดำเนินการ" is output, not period).
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("outcome", ("ผลลัพธ์", "ผลสัมฤทธิ์", "outcome")),
    ("output", ("ผลการดำเนิน", "ผลผลิต", "ผลการปฏิบัติ", "output")),
    ("period", ("ระยะเวลา", "ช่วงเวลา", "ห้วงเวลา", "กำหนดเวลา", "ไตรมาส", "period")),
    ("responsible", ("รับผิดชอบ", "responsible")),
    ("steps", ("ขั้นตอน", "วิธีการ", "วิธีปฏิบัติ", "วิธีดำเนิน", "steps")),
    ("name", ("มาตรการ", "โครงการ", "กิจกรรม", "measure")),
)
_NUMBER_HEADERS = {"ที่", "ลำดับ", "ลำดับที่", "ข้อ", "no", "no.", "#"}
_LEADING_NUMBER = re.compile(r"^\s*(?:\(\s*(\d{1,3})\s*\)|(\d{1,3})\s*[.)](?!\d))\s*")
# "- 2 -", "หน้า 2", "2/5": page numbers a PDF export leaves between the rows.
_PAGE_MARK = re.compile(r"^[-–—\s]*(?:หน้า(?:ที่)?|page)?\s*\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[-–—_=.\s]*$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")


def _header_field(cell: str) -> str | None:
    compact = re.sub(r"\s", "", cell).lower()
    if not compact or len(compact) > 150:
        return None
    if compact in _NUMBER_HEADERS:
        return "no"
    for name, words in _HEADER_WORDS:
        if any(word in compact for word in words):
            return name
    return None


def header_cell_field(cell: str) -> str | None:
    """The field a header cell names, or None when it names none or is data (a numbered measure, a period)."""
    if leading_number(cell) is not None and not _COLUMN_NUMBER.match(cell.strip()):
        return None
    name = _header_field(cell)
    if name == "period" and parse_period(cell).recognised:
        return None
    return name


def leading_number(cell: str) -> int | None:
    """The number a measure's cell starts with ("๑. มาตรการ…", "(2)", "3)"), or a bare row number ("๔")."""
    arabic = to_arabic_digits(cell).strip()
    if _BARE_NUMBER.match(arabic):
        return int(arabic)
    number, _rest = _split_number(cell)
    return number


def is_page_mark(cell: str) -> bool:
    """Whether a cleaned line is a page number a PDF export left between rows ("- 2 -", "หน้า 2")."""
    return bool(_PAGE_MARK.match(cell))


def header_map(cells: list[str]) -> dict[str, int] | None:
    """Column of each field when this row is the table header, else None."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if _LEADING_NUMBER.match(to_arabic_digits(cell)) and not _COLUMN_NUMBER.match(cell.strip()):
            return None  # a measure row ("๑. มาตรการ…"), not a header
        name = _header_field(cell)
        if name == "period" and parse_period(cell).recognised:
            return None  # "ไตรมาสที่ ๑ - ๔" is data
        if name and name not in mapping:
            mapping[name] = index
    if "name" not in mapping or len(mapping) < 3:
        return None
    return mapping


def _sub_header(cells: list[str]) -> dict[str, int]:
    """Fields named by a second header row ("(output)" under a merged "ผลการดำเนินการ")."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not cell:
            continue
        name = _header_field(cell)
        if name is None or _LEADING_NUMBER.match(to_arabic_digits(cell)):
            return {}
        found[name] = index
    return found


def _find_header(rows: list[SourceRow], cleaned: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, (row, cells) in enumerate(zip(rows, cleaned, strict=True)):
        if row.line:
            continue
        mapping = header_map(cells)
        if mapping is None:
            continue
        if index + 1 < len(rows) and not rows[index + 1].line:
            merged = dict(mapping)
            extra = _sub_header(cleaned[index + 1])
            for name, column in extra.items():
                merged = {key: col for key, col in merged.items() if key != name and col != column}
                merged[name] = column
            if extra and "name" in merged:
                return index + 1, merged
        return index, mapping
    return None


# --- organisation and fiscal year from the title lines --------------------------------------

_ORG_PREFIXES = (
    ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล"),
    ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนจังหวัด"),
    ("เทศบาลตำบล", "เทศบาลตำบล"),
    ("เทศบาลเมือง", "เทศบาลเมือง"),
    ("เทศบาลนคร", "เทศบาลนคร"),
    ("อบต.", "องค์การบริหารส่วนตำบล"),
    ("อบจ.", "องค์การบริหารส่วนจังหวัด"),
    ("ทต.", "เทศบาลตำบล"),
    ("ทม.", "เทศบาลเมือง"),
    ("ทน.", "เทศบาลนคร"),
)
_ORG = re.compile(
    "(?P<prefix>" + "|".join(re.escape(prefix) for prefix, _ in _ORG_PREFIXES) + ")"
    r"\s?(?P<name>[\u0e01-\u0e3a\u0e40-\u0e4e]+)"
)
_ORG_CANONICAL = dict(_ORG_PREFIXES)
# Where a place name runs into the next words without a space.
_ORG_NAME_STOP = re.compile("(?:อำเภอ|ตำบล|จังหวัด|ประจำปี|ปีงบประมาณ|ได้|จึง)")
_YEAR = r"(?:พ\.\s*ศ\.\s*)?(?P<year>\d{4})(?!\d)(?!\s*[-–—]\s*\d)"
_FISCAL_YEAR_PATTERNS = (
    re.compile(r"ปีงบ(?:ประมาณ)?\s*" + _YEAR),
    re.compile(r"ประจำปี\s*" + _YEAR),
    re.compile(r"ปี\s*" + _YEAR),
    re.compile(r"พ\.\s*ศ\.\s*(?P<year>\d{4})(?!\d)(?!\s*[-–—]\s*\d)"),
)


def find_organization(lines: Iterable[str]) -> str | None:
    """The agency named in the title lines, its type written out in full."""
    for line in lines:
        for match in _ORG.finditer(line):
            name = match.group("name")
            stop = _ORG_NAME_STOP.search(name, 1)
            if stop:
                name = name[: stop.start()]
            if name:
                return _ORG_CANONICAL[match.group("prefix")] + name
    return None


def find_fiscal_year(lines: Iterable[str]) -> int | None:
    """The BE fiscal year stated in the title lines ("ประจำปี พ.ศ. ๒๕๖๘", "ปีงบประมาณ 2568")."""
    text = to_arabic_digits("\n".join(lines))
    for pattern in _FISCAL_YEAR_PATTERNS:
        for match in pattern.finditer(text):
            year = int(match.group("year"))
            if 1900 <= year <= 2200:
                year = be_year(year)
            if 2450 <= year <= 2700:
                return year
    return None


# --- assembling measures --------------------------------------------------------------------


@dataclass
class _Draft:
    no: int
    fields: dict[str, str]


def _kind_of(name: str) -> str:
    bare = name.lstrip(" “\"'(‘")
    for kind in KINDS:
        if bare.startswith(kind):
            return kind
    return DEFAULT_KIND


def _split_number(cell: str) -> tuple[int | None, str]:
    match = _LEADING_NUMBER.match(to_arabic_digits(cell))
    if not match:
        return None, cell
    return int(match.group(1) or match.group(2)), cell[match.end() :].strip()


def _is_noise(cells: list[str]) -> bool:
    """Separator rows ("--"), column-number rows ("(1) (2) (3)…") and repeated headers."""
    filled = [cell for cell in cells if cell]
    if all(_SEPARATOR.match(cell) for cell in filled):
        return True
    if len(filled) >= 3 and all(_COLUMN_NUMBER.match(to_arabic_digits(cell)) for cell in filled):
        return True
    return header_map(cells) is not None


def assemble_report(rows: list[SourceRow]) -> ImportedReport:
    """The report in one way of splitting a file into rows; raises ReportImportError when it holds none."""
    if len(rows) > limits.MAX_ROWS:
        raise refusal("too_many_rows", limit=limits.MAX_ROWS)
    chars = 0
    for row in rows:
        # Before any pattern sees the text: every clean-up and target pattern is linear, but a
        # cell longer than any real one, or more text than any report, is refused rather than read.
        longest = max(map(len, row.cells), default=0)
        if longest > limits.MAX_LINE_CHARS:
            raise refusal("line_too_long", at=row.at, count=longest, limit=limits.MAX_LINE_CHARS)
        chars += sum(map(len, row.cells))
        if chars > limits.MAX_CHARS:
            raise refusal("too_much_text", limit=limits.MAX_CHARS)
    cleaned = [[clean_cell(cell) for cell in row.cells] for row in rows]
    found = _find_header(rows, cleaned)
    if found is None:
        raise refusal("no_table")
    header_index, columns = found
    title_lines = [" ".join(cell for cell in cells if cell) for cells in cleaned[:header_index]]
    organization = find_organization(title_lines)
    fiscal_year = find_fiscal_year(title_lines)
    warnings: list[Problem] = []
    drafts: list[_Draft] = []
    numbered: bool | None = None
    seen_numbers: set[int] = set()
    stray: list[SourceRow] = []  # text lines seen since the last table row

    for row, cells in zip(rows[header_index + 1 :], cleaned[header_index + 1 :], strict=True):
        if row.line or sum(1 for cell in cells if cell) == 0:
            if row.line and any(cells) and not _PAGE_MARK.match(cells[0]):
                stray.append(SourceRow(cells[:1], row.at, line=True))
            continue
        if _is_noise(cells):
            continue
        # Text between table rows is warned about; after the last row it is the report's closing.
        warnings.extend(report_warning("stray_text", at=line.at, text=quote(line.cells[0])) for line in stray)
        stray = []
        values = {name: cells[index] if index < len(cells) else "" for name, index in columns.items()}
        number, name = _split_number(values.get("name", ""))
        if "no" in columns:
            # A separate "ที่"/"ลำดับ" column holds the number.
            number_cell, _ = _split_number(values.get("no", "") + ".")
            if number_cell is not None:
                number = number_cell
        values["name"] = name
        if number is not None or (values["name"] and (not drafts or numbered is False)):
            if numbered is None:
                numbered = number is not None
            if number is None:
                number = drafts[-1].no + 1 if drafts else 1
            if number in seen_numbers:
                warnings.append(report_warning("duplicate_no", at=row.at, no=number))
            seen_numbers.add(number)
            drafts.append(_Draft(number, {key: values.get(key, "") for key in _FIELDS if key != "no"}))
            continue
        if not drafts:
            text = next(cell for cell in cells if cell)
            warnings.append(report_warning("orphan_row", at=row.at, text=quote(text)))
            continue
        current = drafts[-1]
        if values["name"]:
            warnings.append(report_warning("merged_unnumbered", at=row.at, no=current.no))
        for key in current.fields:
            current.fields[key] = join_fragments(current.fields[key], values.get(key, ""))

    if not drafts:
        raise refusal("no_measures")
    header_warnings = [
        report_warning("column_missing", column=label)
        for key, label in REPORT_FIELD_LABELS.items()
        if key not in columns
    ]
    if organization is None:
        header_warnings.append(report_warning("no_organization"))
    if fiscal_year is None:
        header_warnings.append(report_warning("no_fiscal_year"))
    measures = [_measure(draft, fiscal_year, warnings) for draft in drafts]
    warnings = header_warnings + warnings
    if len(warnings) > limits.MAX_WARNINGS:
        extra = len(warnings) - limits.MAX_WARNINGS
        warnings = warnings[: limits.MAX_WARNINGS] + [report_warning("more_warnings", count=extra)]
    return ImportedReport(organization, fiscal_year, measures, warnings)


def _measure(draft: _Draft, fiscal_year: int | None, warnings: list[Problem]) -> ImportedMeasure:
    fields = draft.fields
    period_text = fields["period"]
    period = parse_period(period_text, fiscal_year)
    if not period_text:
        warnings.append(report_warning("period_missing", no=draft.no))
    elif not period.recognised:
        warnings.append(report_warning("period_unknown", no=draft.no, text=quote(period_text)))
    # A target "ผ่านเกณฑ์ ITA" without a number means the pass mark of the report's year (or of this year).
    mark = pass_mark(fiscal_year or fiscal_year_be(today_bangkok()))
    targets = extract_targets(fields["output"], "output", mark) + extract_targets(fields["outcome"], "outcome", mark)
    return ImportedMeasure(
        no=draft.no,
        name=fields["name"],
        kind=_kind_of(fields["name"]),
        steps=fields["steps"],
        period_text=period_text,
        quarters=list(period.quarters),
        responsible=fields["responsible"],
        output=fields["output"],
        outcome=fields["outcome"],
        targets=targets,
    )
