"""Layer rules, read from the code: the core never imports Qt, the window never touches SQLAlchemy,
no import cycle (function-level imports included), and each layer imports only the ones below it.

    ui/, cli/                      the two faces
    unit/, office/, demo           services by role (unit and office never import each other)
    documents/, package/, keys     file formats on plain rows (no roles, no database) and the trust registry
    base modules                   item rules, validation, Changes, undo, settings, workspace, models
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "gongkai_desktop"
ROOT = "gongkai_desktop"


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in PKG.rglob("*.py") if "migrations" not in p.parts}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every import (module or function level) in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def internal_imports(path: Path) -> set[str]:
    """The gongkai_desktop modules ``path`` imports, anywhere in it (also inside functions)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.startswith(ROOT)]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith(ROOT):
                continue
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in MODULES else mod for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in MODULES:
                t = t.rsplit(".", 1)[0] if "." in t else ""
            if t and t != name:
                out.add(t)
    return out


GRAPH = {name: internal_imports(path) for name, path in MODULES.items()}


def layer(name: str) -> str:
    parts = name.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in ("ui", "cli"):
        return "face"
    if top in ("unit", "office", "demo", "identity"):
        return "service"
    if top in ("documents", "package", "keys", "office_key"):  # keys: the trust registry packages are verified against
        return "format"
    if top in ("__main__",):
        return "face"
    return "base"


def test_core_does_not_import_pyside6() -> None:
    offenders = [p for p in PKG.rglob("*.py")
                 if "ui" not in p.relative_to(PKG).parts[:1] and p.name != "__main__.py" and "PySide6" in imported_modules(p)]
    assert offenders == []


def test_ui_does_not_import_sqlalchemy() -> None:
    ui = PKG / "ui"
    offenders = [p for p in ui.rglob("*.py") if "sqlalchemy" in imported_modules(p)]
    assert offenders == []


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in GRAPH.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def _is_package_init_edge(a: str, b: str) -> bool:
    """A package's __init__ re-exporting its own submodule is not a cycle of meaning."""
    return b.startswith(a + ".") or a.startswith(b + ".")


def test_no_import_cycle_among_core_modules() -> None:
    core = {n for n in GRAPH if layer(n) != "face"}
    cycles = [c for c in _cycles() if set(c) <= core or set(c) & core]
    meaningful = [c for c in cycles if not all(_is_package_init_edge(a, b) for a in c for b in c if a != b)]
    assert meaningful == [], f"import cycles: {meaningful}"


ORDER = {"base": 0, "format": 1, "service": 2, "face": 3}


def test_each_layer_imports_only_the_layers_below() -> None:
    offenders = []
    for name, deps in GRAPH.items():
        for dep in deps:
            if ORDER[layer(dep)] > ORDER[layer(name)]:
                offenders.append(f"{name} → {dep}")
    assert offenders == []


def test_unit_and_office_never_import_each_other() -> None:
    def side(name: str) -> str:
        parts = name.split(".")
        return parts[1] if len(parts) > 1 else ""

    offenders = [f"{n} → {d}" for n, deps in GRAPH.items() for d in deps if {side(n), side(d)} == {"unit", "office"}]
    assert offenders == []


def test_documents_know_nothing_of_roles_or_the_database() -> None:
    """documents/ reads and writes files from plain rows: no workspace, no models, no SQLAlchemy."""
    offenders = [n for n, deps in GRAPH.items() if n.startswith(f"{ROOT}.documents")
                 and any(d.split(".")[1:2] and d.split(".")[1] in ("workspace", "models", "db", "unit", "office")
                         for d in deps)]
    offenders += [n for n in MODULES if n.startswith(f"{ROOT}.documents") and "sqlalchemy" in imported_modules(MODULES[n])]
    assert offenders == []
