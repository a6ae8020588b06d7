"""Fixtures of the window tests: QSettings kept in a temp file, message boxes recorded, not shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def qsettings_tmp(tmp_path: Path, qapp) -> None:
    """Keep window state in a temp INI file, never in the user's settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Chinese refusals shown to the user (instead of a blocking message box)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def mz(new_workspace):
    """市民政局 with 社会救助 (05) and 养老服务 (06) started (the window-at-1366 tests)."""
    from gongkai_desktop import identity
    from gongkai_desktop.unit import catalogs

    w = new_workspace("mz")
    identity.choose_unit(w, "市民政局")
    catalogs.start_catalog(w, "05")
    catalogs.start_catalog(w, "06")
    return w
