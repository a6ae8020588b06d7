"""The window carries the application's icon (帮助 ▸ 关于 and its version: tests/ui/test_ui_shell.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gongkai_desktop.ui.app import make_application


def test_the_application_has_its_icon_in_every_size(qapp) -> None:  # noqa: ANN001
    app = make_application()
    assert app is QApplication.instance()
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    assert app.desktopFileName() == "gongkai-desktop"  # the desktop entry the window belongs to
