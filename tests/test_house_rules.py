"""Rules of the house that a test can hold: pure kpi/, one catalogue, documented limits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kpi.core.messages import PROBLEMS, UI
from kpi.core.settings import undocumented_limits

ROOT = Path(__file__).resolve().parents[1]
KPI = sorted((ROOT / "kpi").rglob("*.py"))


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


def _raw_html_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls that hand text to the browser as HTML: st.html(...) and any call with unsafe_allow_html=True."""
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        is_html = isinstance(node.func, ast.Attribute) and node.func.attr == "html"
        unsafe = any(
            k.arg == "unsafe_allow_html" and isinstance(k.value, ast.Constant) and k.value.value for k in node.keywords
        )
        if is_html or unsafe:
            calls.append(node)
    return calls


def _constant_names(tree: ast.Module) -> set[str]:
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _css_escaped(tree: ast.Module, function: ast.FunctionDef | None, name: str) -> bool:
    """Whether `name` is assigned (in the enclosing function) only from css_string(...) calls."""
    scope = function.body if function else tree.body
    for node in ast.walk(ast.Module(body=scope, type_ignores=[])):
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in ast.walk(target) if isinstance(t, ast.Name)]
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for target, value in zip(targets, values, strict=False):
                if target.id == name:
                    return isinstance(value, ast.Call) and getattr(value.func, "id", "") == "css_string"
    return False


def test_no_uploaded_value_can_reach_raw_html() -> None:
    """Raw HTML gets only constant text, or catalogue text escaped by kpi.core.thai.css_string: never a value
    read from an upload, the store or the user."""
    offenders, seen = [], 0
    for path in [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constant_names(tree)
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for call in _raw_html_calls(tree):
            seen += 1
            enclosing = next((f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or 0)), None)
            for argument in call.args:
                parts = [argument]
                if isinstance(argument, ast.BinOp | ast.JoinedStr):
                    parts = [n for n in ast.walk(argument) if isinstance(n, ast.Constant | ast.Name | ast.Call)]
                for part in parts:
                    ok = (
                        (isinstance(part, ast.Constant) and isinstance(part.value, str | int))
                        or (isinstance(part, ast.Name) and part.id in constants)
                        or (isinstance(part, ast.Name) and _css_escaped(tree, enclosing, part.id))
                    )
                    if not ok:
                        offenders.append(f"{path.name}:{call.lineno}")
    assert seen >= 3, "the scan found no raw-HTML call at all"
    assert offenders == []


def test_css_string_cannot_leave_its_string() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from kpi.core.thai import css_string

    @given(st.text())
    def check(text: str) -> None:
        escaped = css_string(text)
        assert not any(ch in escaped for ch in "\"'<>;{}\n\r") and "*/" not in escaped
        assert re.sub(r"\\[0-9a-f]+ ", "", escaped).replace("\\", "") == re.sub(r"\\[0-9a-f]+ ", "", escaped)

    check()
