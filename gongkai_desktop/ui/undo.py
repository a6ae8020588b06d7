"""The window's side of undo: show what the core would undo, call it, and pass on what changed.

Undo lives in the core (`gongkai_desktop.undo`, `Workspace.undo/redo/undo_status`); this only
names the 编辑 menu's two actions after the core's entries (“撤销 修改公开时限”), runs every
operation through one place so a refusal becomes a message box, and emits the operation's
`Changes` so each view refreshes only what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from ..changes import Changes, UndoStatus
from ..errors import DomainError
from .fault_boundary import as_message

ErrorSink = Callable[[DomainError], None]
UNDO, REDO = "撤销", "重做"


class UndoController(QObject):
    """Owns 撤销 / 重做 of one window; `run` is how the window calls any mutating operation."""

    changed = Signal(object)  # the Changes of an operation, an undo or a redo

    def __init__(self, workspace: Callable[[], Any], on_error: ErrorSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.on_error = on_error
        self.undo_action = QAction(UNDO, parent)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = QAction(REDO, parent)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.undo_action.triggered.connect(lambda _checked=False: self.undo())
        self.redo_action.triggered.connect(lambda _checked=False: self.redo())
        self.before: list[Callable[[], None]] = []  # e.g. the form saves what is typed first
        self.status = UndoStatus()
        self.refresh()

    def run(self, operation: Callable[[], Changes]) -> Changes | None:
        """Do one operation; a refusal is shown (nothing changed) and gives None."""
        try:
            changes = operation()
        except Exception as exc:
            err = as_message(exc)  # a refusal, or a fault such as a full disk (nothing changed); a bug goes on up
            if err is None:
                raise
            self.on_error(err)
            self.refresh()
            return None
        self._done(changes)
        return changes

    def undo(self) -> Changes | None:
        for hook in self.before:
            hook()
        return self.run(lambda: self._workspace().undo())

    def redo(self) -> Changes | None:
        for hook in self.before:
            hook()
        return self.run(lambda: self._workspace().redo())

    def refresh(self, status: UndoStatus | None = None) -> None:
        """Name and enable the actions after the core's entries (read from the workspace if not given)."""
        if status is None:
            ws = self._workspace()
            status = ws.undo_status() if ws is not None else UndoStatus()
        self.status = status
        self.undo_action.setText(f"{UNDO} {status.undo}" if status.undo else UNDO)
        self.undo_action.setEnabled(status.undo is not None)
        self.redo_action.setText(f"{REDO} {status.redo}" if status.redo else REDO)
        self.redo_action.setEnabled(status.redo is not None)

    def _done(self, changes: Changes) -> None:
        self.refresh(changes.undo)
        self.changed.emit(changes)
