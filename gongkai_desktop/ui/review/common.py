"""What the review office's views share: state labels and colours, file choosers, "open the file?".

File dialogs and the system opener go through `Chooser` so tests replace them with plain
functions instead of driving native dialogs or opening documents on the test machine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...changes import Changes
from ...errors import DomainError
from ...settings import REVIEW_FOLDER, REVIEWER, ROUND
from ...workspace import Workspace
from ..settings import set_value, value

STATUS_LABELS = {"submitted": "待审核", "returned": "退回修改", "approved": "已通过", "superseded": "已被新版本取代"}
STATUS_ORDER = {"submitted": 0, "returned": 1, "approved": 2, "superseded": 3}
STATUS_COLOURS = {"submitted": QColor("#1565c0"), "returned": QColor("#e65100"), "approved": QColor("#2e7d32"),
                  "superseded": QColor("#757575")}


def days_waiting(received: datetime, now: datetime | None = None) -> int:
    now = now or datetime.now(received.tzinfo)
    return max(0, (now.date() - received.date()).days)


def last_reviewer() -> str:
    return str(value(REVIEWER) or "")


def remember_reviewer(name: str, round_name: str) -> None:
    set_value(REVIEWER, name)
    set_value(ROUND, round_name)


def last_round() -> str:
    return str(value(ROUND) or "")


class Chooser:
    """File dialogs and the opener; replaced in tests."""

    def open_files(self, parent: QWidget, title: str, filters: str) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, str(self._last_dir()), filters)
        if paths:
            self._remember(Path(paths[0]).parent)
        return [Path(p) for p in paths]

    def folder(self, parent: QWidget, title: str) -> Path | None:
        path = QFileDialog.getExistingDirectory(parent, title, str(self._last_dir()))
        if path:
            self._remember(Path(path))
        return Path(path) if path else None

    def save_file(self, parent: QWidget, title: str, name: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(self._last_dir() / name), filters)
        if path:
            self._remember(Path(path).parent)
        return Path(path) if path else None

    def open_url(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def offer_open(self, parent: QWidget, path: Path, text: str) -> None:
        """After an export: 打开文件 / 打开所在文件夹 / 关闭."""
        box = QMessageBox(QMessageBox.Icon.Information, "已导出", f"{text}\n\n{path}", parent=parent)
        open_file = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole)
        open_dir = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_file:
            self.open_url(path)
        elif box.clickedButton() is open_dir:
            self.open_url(path.parent)

    @staticmethod
    def _last_dir() -> Path:
        return Path(str(value(REVIEW_FOLDER) or Path.home()))

    @staticmethod
    def _remember(folder: Path) -> None:
        set_value(REVIEW_FOLDER, str(folder))



class ReviewContext(QObject):
    """What every review view needs from the window: the workspace, the undo stack, errors, files.

    ``submission_changed(id)`` tells open views and the queue that a submission's review changed
    (a command was done or undone, a decision taken); ``submissions_imported`` that the queue grew.
    """

    submission_changed = Signal(int)
    submissions_imported = Signal()

    def __init__(self, window: Any, chooser: Chooser | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.chooser = chooser or Chooser()
        # every operation, undo and redo of the window: tell the views of each submission it touched
        window.undo.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        for submission_id in sorted(changes.submissions):
            self.submission_changed.emit(submission_id)

    def run(self, operation: Callable[[], Changes]) -> Changes | None:
        """One review operation (a verdict, a comment): one entry in the window's 编辑 menu."""
        return self.window.run(operation)

    @property
    def ws(self) -> Workspace:
        return self.window.ws

    def show_error(self, exc: DomainError) -> None:
        QMessageBox.warning(self.window, "无法完成操作", exc.message)
