"""Adding one of the unit's own items: its source, its level-1 item (existing or new), its name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from .widgets import ok_cancel_buttons

OWN_SOURCES = [k for k in vocab.SOURCES if k != vocab.SOURCE_TEMPLATE]


class AddItemDialog(QDialog):
    def __init__(self, level1_names: list[str], current_level1: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增本单位事项")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel("新增国家标准指引以外、本单位依职责需要公开的事项。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.source = QComboBox()
        for key in OWN_SOURCES:
            self.source.addItem(vocab.SOURCES[key], key)
        self.level1 = QComboBox()
        self.level1.setEditable(True)
        self.level1.addItems(level1_names)
        self.level1.setCurrentText(current_level1)
        self.level1.lineEdit().setPlaceholderText("选择已有一级事项，或输入新的一级事项名称")
        self.level2 = QLineEdit()
        self.level2.setPlaceholderText("二级事项名称，如：行政处罚结果")
        form.addRow("事项来源", self.source)
        form.addRow("一级事项", self.level1)
        form.addRow("二级事项", self.level2)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        buttons, _ = ok_cancel_buttons(self, "新增")
        layout.addWidget(buttons)
        self.level2.setFocus()

    def values(self) -> tuple[str, str, str]:
        """(source key, level-1 name, level-2 name)."""
        return str(self.source.currentData()), self.level1.currentText().strip(), self.level2.text().strip()

    def accept(self) -> None:
        if not self.values()[1]:
            self.error.setText("请填写一级事项名称。")
            self.level1.setFocus()
            return
        super().accept()
