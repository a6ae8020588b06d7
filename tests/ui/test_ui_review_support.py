"""Shared set-up for the review office window tests (no tests here): the window on the `county` office."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gongkai_desktop.ui import jobs
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.ui.review.common import Chooser
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import Workspace


@pytest.fixture
def sync_jobs(monkeypatch) -> None:
    """Jobs run at once on the GUI thread (one test per job kind also runs the real thread)."""
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)


class FakeChooser(Chooser):
    """Answers the file dialogs with prepared paths and records what would have been opened."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.folder_answer: Path | None = None
        self.save_answer: Path | None = None
        self.offered: list[tuple[Path, str]] = []

    def open_files(self, parent, title, filters):  # noqa: ANN001, ANN201
        return list(self.files)

    def folder(self, parent, title):  # noqa: ANN001, ANN201
        return self.folder_answer

    def save_file(self, parent, title, name, filters):  # noqa: ANN001, ANN201
        return self.save_answer

    def open_url(self, path):  # noqa: ANN001, ANN201
        raise AssertionError("tests never open files")

    def offer_open(self, parent, path, text):  # noqa: ANN001, ANN201
        self.offered.append((Path(path), text))


def capture_warnings(monkeypatch) -> list[str]:  # noqa: ANN001
    """QMessageBox.warning texts, recorded instead of shown."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def office_window(qtbot, office: Workspace, chooser: FakeChooser | None = None) -> MainWindow:
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.review.ctx.chooser = chooser or FakeChooser()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # keyboard shortcuts need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def submit(ws: Workspace, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return export_submission(ws, ["04"], folder / f"{name}.gkpkg").path


def type_chinese(widget: QWidget, text: str) -> None:
    """Chinese is typed through an input method: the IME commits the composed text to the field."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def run_dialog_later(steps) -> None:  # noqa: ANN001
    """Drive the next modal dialog (exec blocks) once it is shown."""
    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        steps(dialog)
    QTimer.singleShot(0, drive)
