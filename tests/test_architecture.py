"""Layer rules: the core never imports Qt; the window never touches SQLAlchemy."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "gongkai_desktop"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_core_does_not_import_pyside6() -> None:
    offenders = [p for p in PKG.rglob("*.py")
                 if "ui" not in p.relative_to(PKG).parts[:1] and p.name != "__main__.py" and "PySide6" in imported_modules(p)]
    assert offenders == []


def test_ui_does_not_import_sqlalchemy() -> None:
    ui = PKG / "ui"
    offenders = [p for p in ui.rglob("*.py") if "sqlalchemy" in imported_modules(p)]
    assert offenders == []
