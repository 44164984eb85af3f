"""Rules of the house that a test can hold: pure kpi/, one catalogue, documented limits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kpi.core.messages import UI
from kpi.core.settings import SETTINGS, settings_table, stale_help, undocumented_settings

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


# --- problem codes, wherever they are written -------------------------------------------------
#
# A problem code is written in many forms: problem("code", ...), Problem(code="code"),
# StoreFault("code"), _refusal("code"), problem_message("code"), found.add("code", ...), an issue
# tuple ("code", {...}), a dict of codes looked up or a tuple compared with `.code`. The scan below
# finds them by their position in the syntax tree, not by one spelling, and follows a variable back
# to the literals or the dict it came from.

# Callables whose first argument (or `code=`) is a problem code, and the catalogue(s) it must be in.
# A function or class anywhere in kpi/ whose first parameter is named `code` must be listed here or in
# NOT_PROBLEM_CODE_CALLS, so a new or renamed one cannot slip past this scan.
CODE_CALLS: dict[str, tuple[str, ...]] = {
    "problem": ("PROBLEMS",),
    "problem_message": ("PROBLEMS",),
    "Problem": ("PROBLEMS",),
    "BoundedProblems.add": ("PROBLEMS",),  # a method: its receiver must be built as BoundedProblems(...)
    "store_problem": ("PROBLEMS",),  # the store's errors (kpi/store/faults.py)
    "StoreError": ("PROBLEMS",),
    "StoreFault": ("PROBLEMS",),
    "StoreConflict": ("PROBLEMS",),
    "rules_problem": ("PROBLEMS",),  # the ITA rules file (kpi/domain/ita_rules.py)
    "_Checker.add": ("PROBLEMS",),
    "_argument_problem": ("PROBLEMS",),  # `python -m kpi ita` arguments
    "report_problem": ("REPORT_IMPORT", "PROBLEMS"),  # the report importer's refusals and warnings
    "report_warning": ("REPORT_IMPORT", "PROBLEMS"),
    "refusal": ("REPORT_IMPORT", "PROBLEMS"),
}
NOT_PROBLEM_CODE_CALLS = {
    "type_label": "a complaint type code (kpi/domain/complaints.py), not a problem",
    "code_order": "an OIT item code such as O12, not a problem",
    "CatalogueItem": "an OIT item code",
    "OitItem": "an OIT item code",
}
CATALOGUE_NAMES = ("PROBLEMS", "REPORT_IMPORT")  # the dicts of kpi/core/messages.py keyed by problem code
# Catalogue entries no code position names, each with the reason it stays.
DELIBERATELY_UNUSED: dict[str, str] = {
    "ita_year_unknown": "nothing raises it today; kept for the ITA rules loader's problems (issue 10): delete if still unused",
}

SCANNED = [*KPI, *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]


def _catalogues() -> dict[str, dict[str, str]]:
    from kpi.core import messages

    return {name: getattr(messages, name, {}) for name in CATALOGUE_NAMES}


def _callable_name(func: ast.expr, scope: _Scope | None = None) -> str:
    """The name a call is listed under in CODE_CALLS: `f`, `obj.f`, or `Class.method` when `obj`
    was built in the same function as `Class(...)` or is a parameter annotated `Class`."""
    if isinstance(func, ast.Name):
        return func.id
    if not isinstance(func, ast.Attribute):
        return ""
    if scope is not None and isinstance(func.value, ast.Name):
        for value in scope.values_of(func.value.id, func):
            if isinstance(value, ast.Call) and f"{_callable_name(value.func)}.{func.attr}" in CODE_CALLS:
                return f"{_callable_name(value.func)}.{func.attr}"
    return func.attr


def _first_parameter(node: ast.FunctionDef | ast.ClassDef) -> str | None:
    """The first parameter after self of a function, a class's __init__, or a dataclass's first field."""
    if isinstance(node, ast.FunctionDef):
        args = [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]
        return args[0] if args else None
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            return _first_parameter(item)
    fields = [i.target.id for i in node.body if isinstance(i, ast.AnnAssign) and isinstance(i.target, ast.Name)]
    return fields[0] if fields else None


class _Scope:
    """Assignments of one module and its functions, to follow a variable back to what it holds."""

    def __init__(self, tree: ast.Module) -> None:
        self.module: dict[str, list[ast.expr]] = {}
        self.functions: dict[int, dict[str, list[ast.expr]]] = {}
        self.enclosing: dict[int, int] = {}
        for statement in tree.body:
            self._assignments(statement, self.module)
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef):
                local: dict[str, list[ast.expr]] = {}
                for node in ast.walk(function):
                    self._assignments(node, local)
                    self.enclosing[id(node)] = id(function)
                self.functions[id(function)] = local

    @staticmethod
    def _assignments(node: ast.AST, into: dict[str, list[ast.expr]]) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    into.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            into.setdefault(node.target.id, []).append(node.value)

    def values_of(self, name: str, at: ast.AST) -> list[ast.expr]:
        local = self.functions.get(self.enclosing.get(id(at), -1), {})
        return local.get(name) or self.module.get(name, [])

    def strings(self, expr: ast.expr | None, at: ast.AST, seen: frozenset[str] = frozenset()) -> set[str]:
        """The string literals an expression in code position can evaluate to (a dict gives its values)."""
        if expr is None:
            return set()
        if isinstance(expr, ast.Constant):
            return {expr.value} if isinstance(expr.value, str) and expr.value else set()
        if isinstance(expr, ast.IfExp):
            return self.strings(expr.body, at, seen) | self.strings(expr.orelse, at, seen)
        if isinstance(expr, ast.BoolOp):
            return set().union(*(self.strings(v, at, seen) for v in expr.values))
        if isinstance(expr, ast.Tuple | ast.List | ast.Set):
            return set().union(*(self.strings(e, at, seen) for e in expr.elts))
        if isinstance(expr, ast.Dict):
            return set().union(*(self.strings(v, at, seen) for v in expr.values))
        if isinstance(expr, ast.Name) and expr.id not in seen:
            return set().union(*(self.strings(v, at, seen | {expr.id}) for v in self.values_of(expr.id, at)))
        if isinstance(expr, ast.Subscript):  # a lookup in a dict of codes
            return self.strings(expr.value, at, seen)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
            default = expr.args[1] if len(expr.args) > 1 else None
            return self.strings(expr.func.value, at, seen) | self.strings(default, at, seen)
        return set()

    def dict_keys(self, expr: ast.expr, at: ast.AST) -> set[str]:
        """The string keys of the dict literal a name holds."""
        values = self.values_of(expr.id, at) if isinstance(expr, ast.Name) else [expr]
        return {
            k.value
            for v in values
            if isinstance(v, ast.Dict)
            for k in v.keys
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }


def _is_code_expression(expr: ast.expr) -> bool:
    """`x.code` (a Problem's, a StoreFault's ...): the value compared or looked up is a problem code.
    (A bare variable named `code` is not enough: complaint types and OIT items have codes too.)"""
    return isinstance(expr, ast.Attribute) and expr.attr == "code"


def _method_call_name(call: ast.Call, cls: ast.ClassDef) -> str | None:
    """`self.add(...)` inside class C is `C.add`; `super().__init__(...)` is the listed base class."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    if isinstance(func.value, ast.Name) and func.value.id == "self":
        return f"{cls.name}.{func.attr}"
    if func.attr == "__init__" and isinstance(func.value, ast.Call) and _callable_name(func.value.func) == "super":
        bases = [b.id for b in cls.bases if isinstance(b, ast.Name) and b.id in CODE_CALLS]
        return bases[0] if bases else None
    return None


def written_codes() -> tuple[dict[str, set[tuple[str, ...]]], list[str]]:
    """Every problem code written in kpi/, views/ and app.py: code -> the catalogue choices it was
    written against; and a list of code positions the scan cannot read (f-strings and the like)."""
    found: dict[str, set[tuple[str, ...]]] = {}
    unreadable: list[str] = []
    anywhere = CATALOGUE_NAMES

    def note(codes: set[str], catalogues: tuple[str, ...]) -> None:
        for code in codes:
            found.setdefault(code, set()).add(catalogues)

    for path in SCANNED:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scope = _Scope(tree)
        aliases = {name: name for name in CATALOGUE_NAMES}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                aliases |= {a.asname: a.name for a in node.names if a.asname and a.name in CATALOGUE_NAMES}
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                aliases |= {t.id: aliases[node.value.id] for t in node.targets if isinstance(t, ast.Name)}
        annotated = {
            (arg.arg, id(inner)): arg.annotation.id
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef)
            for arg in function.args.args
            if isinstance(arg.annotation, ast.Name)
            for inner in ast.walk(function)
        }
        class_of = {
            id(inner): cls for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef) for inner in ast.walk(cls)
        }
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            name = _callable_name(node.func, scope) if isinstance(node, ast.Call) else ""
            if isinstance(node, ast.Call) and id(node) in class_of:
                name = _method_call_name(node, class_of[id(node)]) or name
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = node.func.value  # a parameter annotated with its class: `check: _Checker`
                if isinstance(receiver, ast.Name) and (receiver.id, id(node)) in annotated:
                    name = f"{annotated[receiver.id, id(node)]}.{node.func.attr}"
            if isinstance(node, ast.Call) and name in CODE_CALLS:
                catalogues = CODE_CALLS[name]
                arguments = [k.value for k in node.keywords if k.arg in ("code", "text_key")] + node.args[:1]
                for argument in arguments:
                    if isinstance(argument, ast.JoinedStr | ast.BinOp):
                        unreadable.append(f"{where}: a problem code built from parts")
                    note(scope.strings(argument, node), catalogues)
            elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                note(scope.strings(node.slice, node), (aliases[node.value.id],))
            elif isinstance(node, ast.Compare) and _is_code_expression(node.left):
                if all(isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn) for op in node.ops):
                    note(set().union(*(scope.strings(c, node) for c in node.comparators)), anywhere)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
                if node.args and _is_code_expression(node.args[0]):  # a dict keyed by problem code
                    note(scope.dict_keys(node.func.value, node), anywhere)
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[1], ast.Dict):
                first = node.elts[0]  # an issue: ("code", {details})
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    note({first.value}, ("PROBLEMS",))
    return found, unreadable


def test_every_callable_taking_a_code_is_known_to_the_scan() -> None:
    """A new function or class whose first parameter is `code` must be classified above."""
    unknown = []
    listed: dict[int, str] = {}  # methods, by their Class.method name
    for path in KPI:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = [m for m in node.body if isinstance(m, ast.FunctionDef) and m.name != "__init__"]
                for method in methods:
                    if _first_parameter(method) == "code":
                        listed[id(method)] = f"{node.name}.{method.name}"
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and _first_parameter(node) == "code":
                name = listed.get(id(node), node.name)
                if name not in CODE_CALLS and name not in NOT_PROBLEM_CODE_CALLS and node.name != "__init__":
                    unknown.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert unknown == [], "add these to CODE_CALLS (problem codes) or NOT_PROBLEM_CODE_CALLS (with a reason)"
    defined = set(listed.values()) | {
        node.name
        for path in KPI
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    gone = sorted(set(CODE_CALLS) - defined)
    assert gone == [], f"renamed or removed: update CODE_CALLS (else the scan silently misses codes): {gone}"


def test_every_problem_code_written_is_in_the_catalogue() -> None:
    catalogues = _catalogues()
    found, unreadable = written_codes()
    assert len(found) > 80, f"the scan found only {len(found)} problem codes"
    assert unreadable == [], "write problem codes as literals so this test can find them"
    missing = sorted(
        f"{code} (expected in {' or '.join(choice)})"
        for code, choices in found.items()
        for choice in choices
        if not any(code in catalogues[name] for name in choice)
    )
    assert missing == [], "problem codes written without a catalogue entry in kpi/core/messages.py:\n" + "\n".join(
        missing
    )
    texts = {code: next(c[code] for c in catalogues.values() if code in c) for code in found}
    assert [code for code, text in texts.items() if not re.search("[\u0e00-\u0e7f]", text)] == []


def test_every_catalogue_problem_code_is_used() -> None:
    found, _ = written_codes()
    unused = sorted(
        f"{name}[{code!r}]"
        for name, catalogue in _catalogues().items()
        for code in catalogue
        if code not in found and code not in DELIBERATELY_UNUSED
    )
    assert unused == [], "catalogue entries no code uses (delete them, or list them in DELIBERATELY_UNUSED):\n" + (
        "\n".join(unused)
    )
    assert sorted(code for code in DELIBERATELY_UNUSED if code in found) == [], "now used: drop from the list"


def test_every_screen_text_key_used_exists() -> None:
    used: set[str] = set()
    for path in [*KPI, *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py", ROOT / "scripts" / "launch.py"]:
        used |= set(re.findall(r'\bt\(\s*"([a-z_0-9]+)"\s*[,)]', path.read_text(encoding="utf-8")))
    assert len(used) > 50
    assert sorted(key for key in used if key not in UI) == []


# --- one settings registry -------------------------------------------------------------------

# Settings no code reads yet, each with the reason it stays (the list can only shrink).
UNUSED_SETTINGS: dict[str, str] = {}  # a setting kept though nothing reads it, with the reason


def test_every_setting_has_a_line_of_help() -> None:
    assert len(SETTINGS) > 30
    assert undocumented_settings() == []
    assert stale_help() == [], "help for settings that no longer exist: delete those lines"


def test_every_setting_is_used_outside_the_registry() -> None:
    """Each setting is read by name somewhere in kpi/ or views/ (an attribute, a name or a call)."""
    used: set[str] = set()
    for path in [*KPI, *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]:
        if path.name == "settings.py" and path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.Name):
                used.add(node.id)
            elif isinstance(node, ast.alias):
                used.add(node.asname or node.name)
    names = {s.name for s in SETTINGS}
    assert sorted(names - used - set(UNUSED_SETTINGS)) == [], "settings nothing reads: use or delete them"
    assert sorted(set(UNUSED_SETTINGS) & used) == [], "now used: drop them from UNUSED_SETTINGS"
    assert sorted(set(UNUSED_SETTINGS) - names) == [], "gone from the registry: drop them from UNUSED_SETTINGS"


def test_only_the_registry_reads_the_environment() -> None:
    """Every setting read from the environment is read in kpi/core/settings.py, so the registry lists it."""
    offenders = []
    for path in [*KPI, *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]:
        if path.name == "settings.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(r"os\.environ|os\.getenv|getenv\(", text)]
    assert offenders == []


def test_readme_lists_every_setting() -> None:
    """README.md's settings table is the registry's (regenerate it with `python -m kpi.core.settings`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme, "README.md's settings table is out of date: paste `python -m kpi.core.settings`"


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


def test_no_test_can_skip_silently_in_ci() -> None:
    """Under CI=true a missing dependency fails: no importorskip, and every skip is guarded by in_ci()."""
    offenders, seen = [], 0
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "skip" and _callable_name(node.value) == "mark":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: pytest.mark.skip always skips")
            if not isinstance(node, ast.Call):
                continue
            name = _callable_name(node.func)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name == "importorskip":
                offenders.append(f"{where}: importorskip (use conftest.require)")
            elif name in ("skip", "skipif"):
                seen += 1
                # the guard sits in the skipif condition, or in the function that calls pytest.skip
                scope = (
                    node
                    if name == "skipif"
                    else next((f for f in reversed(functions) if f.lineno <= node.lineno <= (f.end_lineno or 0)), None)
                )
                called = {_callable_name(c.func) for c in ast.walk(scope or node) if isinstance(c, ast.Call)}
                if not called & {"in_ci", "unless_ci"}:
                    offenders.append(f"{where}: a skip that CI=true would take too (guard it with in_ci/unless_ci)")
    assert seen >= 3, "the scan found no skip at all"
    assert offenders == []


# Paths README.md names that another helper of issue 10 (screens) is creating; must become EMPTY:
# the test fails when one of them exists, so the lead deletes it from here at merge.
README_PATHS_PENDING: set[str] = set()  # paths the README names before they exist


def test_every_path_the_readme_names_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # (data/store/ and the error log are made at run time: not checked)
    named = set(
        re.findall(r"\b((?:(?:kpi|views|tests|bench|scripts|static)/|data/sample|data/report)[\w/.-]*\w)", readme)
    )
    named = {path for path in named if "/x." not in path}  # the README's placeholder for "a new screen x"
    assert len(named) > 15
    missing = sorted(path for path in named - README_PATHS_PENDING if not (ROOT / path).exists())
    assert missing == [], "README.md names paths that do not exist (update it to the layout)"
    arrived = sorted(path for path in README_PATHS_PENDING if (ROOT / path).exists())
    assert arrived == [], "these now exist: delete them from README_PATHS_PENDING"
