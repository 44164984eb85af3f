"""Rules of the house that a test can hold: pure kpi/, one catalogue, documented limits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kpi.messages import PROBLEMS, UI
from kpi.settings import undocumented_limits

ROOT = Path(__file__).resolve().parents[1]
KPI = sorted((ROOT / "kpi").glob("*.py"))


def test_kpi_never_imports_streamlit() -> None:
    offenders = []
    for path in KPI:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_every_problem_code_used_has_a_thai_message() -> None:
    used: set[str] = set()
    for path in KPI:
        used |= set(re.findall(r'\bproblem\(\s*"([a-z_0-9]+)"', path.read_text(encoding="utf-8")))
        used |= set(re.findall(r'\bproblem_message\(\s*"([a-z_0-9]+)"', path.read_text(encoding="utf-8")))
    assert used, "the scan found no problem codes at all"
    missing = sorted(code for code in used if code not in PROBLEMS)
    assert missing == []
    assert all(re.search("[\u0e00-\u0e7f]", PROBLEMS[code]) for code in used)


def test_every_screen_text_key_used_exists() -> None:
    used: set[str] = set()
    for path in [*KPI, *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]:
        used |= set(re.findall(r'\bt\(\s*"([a-z_0-9]+)"\s*[,)]', path.read_text(encoding="utf-8")))
    assert len(used) > 50
    assert sorted(key for key in used if key not in UI) == []


def test_every_limit_has_a_line_of_help() -> None:
    assert undocumented_limits() == []


def test_pages_hold_no_thai_literals() -> None:
    """User-facing Thai lives in the catalogue, not in the page modules (docstrings aside)."""
    offenders = []
    for path in sorted((ROOT / "views").glob("*.py")) + [ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef) and node.body and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            if is_text and re.search("[\u0e00-\u0e7f]", node.value):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
