"""First start, step one: who uses this computer — a unit that compiles its catalog, the county's
review office, or a prefecture's (市级审核, issue 19).

The roles are big buttons, side by side, before any list: the review office used to be the
67th line of the unit list, reachable only by scrolling. Nothing is chosen for the user and neither
button is the default, so a clerk pressing Enter does not turn a unit's laptop into the review office.
The unit itself is chosen next, in `UnitDialog` (search by name, alias or code).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

ROLE_UNIT_CHOICE = "unit"
ROLE_OFFICE_CHOICE = "review_office"
ROLE_PREFECTURE_CHOICE = "prefecture"

UNIT_TEXT = "本单位填报（部门 / 乡镇）"
UNIT_NOTE = "县级部门、乡镇（街道）使用：编制本单位负责领域的事项标准目录，提交报送，接收审核意见。下一步选择本单位。"
OFFICE_TEXT = "市府办审核（政务公开办）"
OFFICE_NOTE = "仅市府办政务公开办使用：导入各单位的报送文件包，逐项审核、退回或通过，汇总全县目录。"
PREFECTURE_TEXT = "市级审核（设区市政务公开办）"
PREFECTURE_NOTE = "仅设区市（如衢州市）政务公开办使用：导入所辖县（市、区）报送的目录，逐项审核、退回或通过，汇总全市目录。下一步选择本市。"


class RoleDialog(QDialog):
    """Three explicit choices; `chosen()` is a ``ROLE_*_CHOICE`` or None (cancelled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("首次使用：选择用途")
        self.resize(960, 300)
        self._chosen: str | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("欢迎使用政务公开事项标准目录软件。请先选择这台电脑的用途（以后不能在同一个数据目录中更改）：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.unit_button = self._button(UNIT_TEXT, UNIT_NOTE, ROLE_UNIT_CHOICE)
        self.office_button = self._button(OFFICE_TEXT, OFFICE_NOTE, ROLE_OFFICE_CHOICE)
        self.prefecture_button = self._button(PREFECTURE_TEXT, PREFECTURE_NOTE, ROLE_PREFECTURE_CHOICE)
        row.addWidget(self.unit_button, 1)
        row.addWidget(self.office_button, 1)
        row.addWidget(self.prefecture_button, 1)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        quit_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        quit_button.setText("退出")
        quit_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _button(self, text: str, note: str, choice: str) -> QCommandLinkButton:
        button = QCommandLinkButton(text, note)
        button.setAutoDefault(False)
        button.setDefault(False)
        button.setMinimumHeight(110)
        button.setStyleSheet("QCommandLinkButton { border: 1px solid #b8c4d6; border-radius: 6px; background: #fafcff;"
                             " padding: 8px; } QCommandLinkButton:hover, QCommandLinkButton:focus"
                             " { background: #e8f0fb; border: 2px solid #5b8bd6; }")
        font = button.font()
        font.setPointSize(font.pointSize() + 2)
        button.setFont(font)
        button.clicked.connect(lambda _checked=False: self.choose(choice))
        return button

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter chooses nothing (a role is clicked, or Tab to it and Space); Esc still cancels."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def choose(self, choice: str) -> None:
        self._chosen = choice
        self.accept()

    def chosen(self) -> str | None:
        return self._chosen
