"""The bad-input corpus: every kind of hostile or malformed input the upload and import paths meet.

Each `cases_*.py` module in this package exports `CASES: list[BadInput]`. `tests/test_bad_inputs.py`
runs every case through the page's function, the command line and the store, and asserts: the
expected problem codes, a Thai message (with its sheet, Excel row and column where the case names
them), no planted identity in any output, log line or stored field, and a byte-identical store
whenever the input is refused.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BadInput:
    """One kind of bad input and what the product must say about it."""

    name: str  # short, unique id (the pytest id)
    build: Callable[[], bytes]  # the file's bytes, built in code
    codes: tuple[str, ...]  # problem codes that must all be reported
    filename: str = "upload.xlsx"
    path: str = "upload"  # "upload" (workbook upload) or "report" (report import)
    at: tuple[str | None, int | None, str | None] | None = None  # (sheet, Excel row, column) of codes[0]
    identities: tuple[str, ...] = ()  # planted values that must never appear in any output or the store
    refused: bool = True  # False: accepted with warnings only (then it is committed and the store searched)


def all_cases() -> list[BadInput]:
    """Every case of every cases_* module, names checked unique."""
    cases: list[BadInput] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("cases_"):
            cases.extend(importlib.import_module(f"{__name__}.{info.name}").CASES)
    names = [c.name for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"duplicate case names: {duplicates}"
    return cases
