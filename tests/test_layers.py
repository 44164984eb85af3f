"""The house's floors: every module of kpi/ imports only from its own layer or the layers below it.

An AST walk over every .py under kpi/, imports inside functions and `if TYPE_CHECKING:` blocks included
(a lazy import is still a dependency). The order, bottom to top, is README.md's picture of the house.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KPI = ROOT / "kpi"

LAYERS = ("core", "privacy", "access", "domain", "store", "ingest", "screens", "charts", "exports", "cli")
TOP_LEVEL = {"__init__.py", "__main__.py"}  # kpi/ itself holds only the package and `python -m kpi`
ENTRY_POINT = "kpi.__main__"  # stands above every layer: it may import the command line

# Upward imports tolerated for now: none. Should one ever be needed for a while, list it here; the
# test fails on any violation not listed and on any listed pair that no longer occurs.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    """The dotted name of a module file under the repository root (a package's __init__ is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of every import anywhere in a module, relative ones resolved."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            if base == "kpi" or (node.level and not node.module):
                # `from kpi import core` imports the package kpi.core: judge each name as a module
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return found


def layer_of(module: str) -> str | None:
    """The layer a kpi module belongs to (None for kpi itself and its top-level modules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


def _scan() -> list[tuple[tuple[str, str], str]]:
    """Every upward import: its (module, imported) pair and a line saying which module imports which layer."""
    found = []
    for path in sorted(KPI.rglob("*.py")):
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for lineno, name in imported_modules(tree, module, path.name == "__init__.py"):
            if name != "kpi" and not name.startswith("kpi."):
                continue
            target = layer_of(name)
            where = f"{path.relative_to(ROOT)}:{lineno}"
            if target is None and name != "kpi":
                found.append(((module, name), f"{where}: {module} imports {name}, which belongs to no layer"))
                continue
            if module == ENTRY_POINT and target is not None:
                continue
            own = layer_of(module)
            if target is not None and (own is None or LAYERS.index(target) > LAYERS.index(own)):
                allowed = ", ".join(LAYERS[: LAYERS.index(own) + 1]) if own else "none"
                found.append(
                    (
                        (module, name),
                        f"{where}: {module} (layer {own or 'top level'}) imports {name} (layer {target}),"
                        f" a layer above it; it may import only: {allowed}",
                    )
                )
    return found


def test_no_module_imports_a_layer_above_its_own() -> None:
    new = [line for pair, line in _scan() if pair not in KNOWN_VIOLATIONS]
    assert new == [], "upward imports (move the code down, or the caller up):\n" + "\n".join(new)


def test_known_violations_only_shrink() -> None:
    gone = sorted(KNOWN_VIOLATIONS - {pair for pair, _ in _scan()})
    assert gone == [], f"these upward imports are gone: delete them from KNOWN_VIOLATIONS: {gone}"


def test_every_layer_is_a_package_and_kpi_has_only_a_handful_of_top_level_modules() -> None:
    top = sorted(p.name for p in KPI.glob("*.py"))
    assert set(top) <= TOP_LEVEL, f"kpi/ top-level modules beyond {sorted(TOP_LEVEL)}: put them in a layer: {top}"
    packages = sorted(p.name for p in KPI.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert packages == sorted(LAYERS), f"kpi/ packages {packages} differ from the layers {sorted(LAYERS)}"


def test_kpi_never_imports_views_or_the_app() -> None:
    offenders = []
    for path in sorted(KPI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for lineno, name in imported_modules(tree, module_name(path), path.name == "__init__.py"):
            if name.split(".")[0] in ("views", "app"):
                offenders.append(f"{path.relative_to(ROOT)}:{lineno} imports {name} (pages sit above kpi/)")
    assert offenders == []


def test_the_scan_sees_imports_inside_functions() -> None:
    tree = ast.parse("def f():\n    from kpi.cli.parser import x\n")
    assert imported_modules(tree, "kpi.domain.ita", False) == [(2, "kpi.cli.parser")]
    relative = ast.parse("from ..core import thai\nfrom . import periods\n")
    assert imported_modules(relative, "kpi.ingest.report.importer", False) == [
        (1, "kpi.ingest.core"),
        (2, "kpi.ingest.report.periods"),
    ]
