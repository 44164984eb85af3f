"""Write the workbook: the blank template, or filled with records (sample data, imported reports).

Each data sheet: header row 1 (bold, frozen, locked), data rows unlocked, a dropdown for every
choice column, whole-number / decimal ranges for numeric columns, an input message with the
column's help. The first sheet explains how to fill it in, in Thai.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kpi.core.dataset import Record
from kpi.core.messages import TEMPLATE_INSTRUCTIONS as INSTRUCTIONS
from kpi.core.messages import t
from kpi.core.schema import INSTRUCTIONS_TITLE, SHEETS, Column, SheetSpec, category_choices, label_of
from kpi.core.text_safety import keep_as_text

TEMPLATE_ROWS = 500  # data rows prepared with validation and unlocked cells
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
_FONT = "TH Sarabun New"


def _display_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "choice":
        return label_of(column.choices, str(value))
    if column.kind == "category":  # choices from a setting; the original codes keep their labels
        return label_of({**column.choices, **category_choices(column.key)[0]}, str(value))
    if column.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)  # stored ISO text → a real Excel date, read back as one
        except ValueError:
            return value
    if column.kind == "quarters":
        parts = [q.strip() for q in str(value).split(",") if q.strip()]
        if not all(q.isdigit() for q in parts):
            return value  # as the user typed it: the validator names the problem
        quarters = [int(q) for q in parts]
        if quarters and quarters == list(range(quarters[0], quarters[-1] + 1)) and len(quarters) > 1:
            return f"{quarters[0]}-{quarters[-1]}"
        return ",".join(str(q) for q in quarters)
    return value


def _write_cell(ws, row: int, col: int, value: Any) -> None:  # type: ignore[no-untyped-def]
    keep_as_text(ws.cell(row=row, column=col, value=value))  # user text stays text, never a live formula


def _validation(column: Column) -> DataValidation | None:
    if column.kind == "choice":
        listed = ",".join(column.choices)
        return DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True, showDropDown=False)
    if column.kind == "category":
        listed = ",".join(label for label in category_choices(column.key)[0] if "," not in label)
        # Excel refuses a list formula over 255 characters: a long configured list gets no dropdown.
        if listed and len(listed) <= 250:
            return DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True, showDropDown=False)
        return None
    if column.kind in ("int", "year", "quarter") and column.low is not None and column.high is not None:
        return DataValidation(
            type="whole",
            operator="between",
            formula1=str(int(column.low)),
            formula2=str(int(column.high)),
            allow_blank=True,
        )
    if column.kind == "number" and column.low is not None and column.high is not None and column.high < 1e9:
        return DataValidation(
            type="decimal", operator="between", formula1=str(column.low), formula2=str(column.high), allow_blank=True
        )
    return None


def _add_sheet(wb: Workbook, spec: SheetSpec, records: list[Record]) -> None:
    ws = wb.create_sheet(spec.title)
    rows = max(TEMPLATE_ROWS, len(records) + 50)
    for index, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.title)
        cell.font = Font(name=_FONT, bold=True, color="FFFFFF", size=14)
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.protection = Protection(locked=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
        validation = _validation(column)
        letter = get_column_letter(index)
        if validation is not None:
            validation.promptTitle = column.title[:32]
            validation.prompt = (column.help or column.title)[:250]
            validation.errorTitle = t("template_error_title")
            validation.error = (column.help or t("template_error_help"))[:250]
            validation.showErrorMessage = True
            validation.showInputMessage = True
            validation.add(f"{letter}2:{letter}{rows + 1}")
            ws.add_data_validation(validation)
    ws.row_dimensions[1].height = 42
    for r, record in enumerate(records, start=2):
        for c, column in enumerate(spec.columns, start=1):
            _write_cell(ws, r, c, _display_value(column, record.get(column.key)))
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, max_row=rows + 1, max_col=len(spec.columns)):
        for cell in row:
            cell.protection = unlocked
            if cell.value is not None and isinstance(cell.value, str) and len(cell.value) > 30:
                cell.alignment = wrap
    ws.freeze_panes = "A2"
    # Lock the header row only; users may still sort, filter, format and add rows.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.sort = False
    ws.protection.autoFilter = False


def build_workbook(records: Mapping[str, list[Record]] | None = None, sheets: tuple[str, ...] | None = None) -> bytes:
    """The template (records=None) or a filled workbook, as .xlsx bytes."""
    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_TITLE
    lines = list(INSTRUCTIONS)
    for spec in SHEETS:
        lines.append(f"• {spec.title}: {spec.help}")
    for row, line in enumerate(lines, start=1):
        cell = info.cell(row=row, column=1, value=line)
        cell.font = Font(name=_FONT, size=16, bold=row in (1, 3, len(INSTRUCTIONS)))
    info.column_dimensions["A"].width = 120
    wanted = sheets or tuple(s.key for s in SHEETS)
    for spec in SHEETS:
        if spec.key in wanted:
            _add_sheet(wb, spec, list((records or {}).get(spec.key, [])))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
