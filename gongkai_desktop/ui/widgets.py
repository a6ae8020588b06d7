"""Small widgets shared by the form and dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)


class MultiLineEdit(QPlainTextEdit):
    """A multi-line field that says when it loses focus; Tab moves on instead of typing a tab."""

    focus_out = Signal()
    focus_in = Signal()

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height + self.fontMetrics().lineSpacing() * max(1, lines))

    def sizeHint(self) -> QSize:  # noqa: N802 - as tall as the lines asked for, not Qt's default
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.focus_out.emit()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.focus_in.emit()


class GlobalUndoFilter(QObject):
    """Lets Ctrl+Z / Ctrl+Y reach the window's undo stack while a field has nothing of its own to undo.

    Text widgets claim the undo shortcut for their own typing history; once a field's text equals
    what is saved, the user means "undo my last change", which is the window's entry.
    """

    def __init__(self, is_clean: Callable[[QObject], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.is_clean = is_clean

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            undo_redo = (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
                         or (event.key() == Qt.Key.Key_Y and event.modifiers() & Qt.KeyboardModifier.ControlModifier))
            if undo_redo and self.is_clean(obj):
                event.ignore()
                return True
        return False


def ok_cancel_buttons(dialog: QDialog, ok_text: str = "确定") -> tuple[QDialogButtonBox, QPushButton]:
    """A dialog's main button (named for what it does: 导出, 提交…; the default, so Enter presses it)
    and 取消, wired to accept/reject. Returns the box and the main button (to enable or disable)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def panel_header(title: str, control: QWidget, hint: str) -> tuple[QHBoxLayout, QLabel]:
    """The top line of a panel under the form (问题, 审核意见): bold title (it carries the count),
    the panel's one control, and a grey hint on how to use it at the right. Returns the row and the title."""
    row = QHBoxLayout()
    label = QLabel(title)
    label.setStyleSheet("font-weight: bold;")
    hint_label = QLabel(hint)
    hint_label.setStyleSheet("color: #666;")
    hint_label.setToolTip(hint)
    hint_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a narrow panel cuts the hint
    row.addWidget(label)
    row.addWidget(control)
    row.addStretch(1)
    row.addWidget(hint_label)
    return row, label
