"""帮助 ▸ 关于 shows the one version; the window carries the application's icon."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from gongkai_desktop import __version__
from gongkai_desktop.ui.app import make_application
from tests.ui.test_ui_window import show


def test_about_shows_the_version(qtbot, ws, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window = show(qtbot, ws)
    window.actions_["about"].trigger()
    assert len(shown) == 1 and f" {__version__}\n" in shown[0]


def test_the_application_has_its_icon_in_every_size(qapp) -> None:  # noqa: ANN001
    app = make_application()
    assert app is QApplication.instance()
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    assert app.desktopFileName() == "gongkai-desktop"  # the desktop entry the window belongs to
