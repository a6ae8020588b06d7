"""查找替换 across the open area (or the selected items): a preview count, then one undo entry.

The count is worked out from the items the window holds (the same elements `catalogs.replace_text`
searches), so the user sees “将在 12 个事项中替换 15 处” before anything is written.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from .. import vocab
from ..records import ItemRecord
from .widgets import ok_cancel_buttons

REPLACE_FIELDS = tuple(f for f in vocab.TEXT_FIELDS if f != "applicability_reason")  # as catalogs.replace_text


def count_matches(items: list[ItemRecord], find: str, fields: tuple[str, ...] = REPLACE_FIELDS) -> tuple[int, int]:
    """(items that contain ``find`` in one of ``fields``, occurrences in all of them)."""
    if not find:
        return 0, 0
    per_item = [sum((getattr(i, f) or "").count(find) for f in fields) for i in items]
    return sum(1 for n in per_item if n), sum(per_item)


class ReplaceDialog(QDialog):
    """Find / replace with, where (the area or the selection) and in which element."""

    def __init__(self, area_items: list[ItemRecord], selected: list[ItemRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("查找替换")
        self.setMinimumWidth(520)
        self.area_items, self.selected = area_items, selected
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.find = QLineEdit()
        self.find.setObjectName("find")
        self.replace = QLineEdit()
        self.replace.setObjectName("replace")
        self.replace.setPlaceholderText("留空表示删除查找到的文字")
        self.scope = QComboBox()
        self.scope.addItem(f"本领域全部事项（{len(area_items)} 项）", "area")
        if len(selected) > 1:
            self.scope.addItem(f"所选事项（{len(selected)} 项）", "selection")
            self.scope.setCurrentIndex(1)
        self.field = QComboBox()
        self.field.addItem("全部文字要素", "")
        for f in REPLACE_FIELDS:
            self.field.addItem(vocab.FIELD_LABELS[f], f)
        form.addRow("查找", self.find)
        form.addRow("替换为", self.replace)
        form.addRow("范围", self.scope)
        form.addRow("要素", self.field)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        layout.addWidget(self.preview)
        buttons, self.ok = ok_cancel_buttons(self, "全部替换")
        layout.addWidget(buttons)
        self.find.textChanged.connect(self.update_preview)
        self.scope.currentIndexChanged.connect(self.update_preview)
        self.field.currentIndexChanged.connect(self.update_preview)
        self.update_preview()

    def fields(self) -> tuple[str, ...]:
        chosen = self.field.currentData()
        return (chosen,) if chosen else REPLACE_FIELDS

    def items(self) -> list[ItemRecord]:
        return self.selected if self.scope.currentData() == "selection" else self.area_items

    def counts(self) -> tuple[int, int]:
        return count_matches(self.items(), self.find.text(), self.fields())

    def update_preview(self) -> None:
        items, places = self.counts()
        if not self.find.text():
            self.preview.setText("输入要查找的文字。")
        elif not places:
            self.preview.setText("没有找到，替换不会改变任何事项。")
        else:
            self.preview.setText(f"将在 {items} 个事项中替换 {places} 处。")
        self.ok.setEnabled(places > 0)
