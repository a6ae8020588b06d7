"""批量修改: the same 公开层级 / 对象 / 方式 / 渠道 / 主体 / 时限 on every selected item, one undo entry.

The dialog only collects the values: each element has a “修改” tick (unticked elements are left as
each item has them) and its value; the window hands the result to `catalogs.set_fields`, which
runs every item through the same rules as a single edit.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..records import ItemRecord
from .widgets import ok_cancel_buttons

BATCH_FIELDS = ("levels", "audience", "mode", "channels", "publisher", "time_limit")


def common_texts(items: list[ItemRecord], field: str, limit: int = 12) -> list[str]:
    """The values of ``field`` already used in the area, the most frequent first (the suggestions)."""
    counts = Counter(getattr(i, field) for i in items if getattr(i, field))
    return [text for text, _ in counts.most_common(limit)]


class BatchEditDialog(QDialog):
    """Choose which elements to set on the ``count`` selected items, and their values."""

    def __init__(self, count: int, area_items: list[ItemRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"批量修改（已选择 {count} 项）")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        note = QLabel(f"勾选“修改”的要素将在所选 {count} 个事项上统一设为下面的值，其余要素保持不变。"
                      "整个批量修改是一步操作，可用 Ctrl+Z 一次撤销。")
        note.setWordWrap(True)
        layout.addWidget(note)
        grid = QGridLayout()
        layout.addLayout(grid)
        self.use: dict[str, QCheckBox] = {}
        self.ticks: dict[str, dict[str, QCheckBox | QRadioButton]] = {}
        self.texts: dict[str, QComboBox] = {}
        for row, field in enumerate(BATCH_FIELDS):
            use = QCheckBox(f"修改{vocab.FIELD_LABELS[field]}")
            use.setObjectName(f"use:{field}")
            self.use[field] = use
            grid.addWidget(use, row, 0)
            editor = self._editor(field, area_items)
            editor.setEnabled(False)
            use.toggled.connect(editor.setEnabled)
            grid.addWidget(editor, row, 1)
        grid.setColumnStretch(1, 1)
        buttons, self.ok = ok_cancel_buttons(self, "应用到所选事项")
        layout.addWidget(buttons)

    def _editor(self, field: str, area_items: list[ItemRecord]) -> QWidget:
        if field in ("publisher", "time_limit"):
            combo = QComboBox()
            combo.setEditable(True)
            combo.setObjectName(field)
            combo.addItems(common_texts(area_items, field))
            combo.setCurrentText("")
            combo.lineEdit().setPlaceholderText("输入或从本领域已用的写法中选择")
            self.texts[field] = combo
            return combo
        options = {"levels": vocab.LEVELS, "audience": vocab.AUDIENCES, "mode": vocab.MODES,
                   "channels": vocab.CHANNELS}[field]
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(box) if field == "mode" else None
        self.ticks[field] = {}
        per_row = 3 if field == "channels" else len(options)
        for option in options:
            tick: QCheckBox | QRadioButton = QRadioButton(option) if group else QCheckBox(option)
            tick.setObjectName(f"{field}:{option}")
            if group:
                group.addButton(tick)
            self.ticks[field][option] = tick
        short = [o for o in options if len(o) <= 8]  # the long 公示栏 gets a row of its own
        for n, option in enumerate(short):
            grid.addWidget(self.ticks[field][option], *divmod(n, per_row))
        for n, option in enumerate(o for o in options if o not in short):
            grid.addWidget(self.ticks[field][option], (len(short) + per_row - 1) // per_row + n, 0, 1, per_row)
        return box

    def set_value(self, field: str, value: Any) -> None:
        """Tick “修改” for ``field`` and give it ``value`` (a list for ticks, text otherwise)."""
        self.use[field].setChecked(True)
        if field in self.texts:
            self.texts[field].setCurrentText(str(value))
            return
        chosen = {value} if isinstance(value, str) else set(value)
        for option, tick in self.ticks[field].items():
            tick.setChecked(option in chosen)

    def changes(self) -> dict[str, Any]:
        """The elements ticked “修改” with their values, as `catalogs.set_fields` takes them."""
        out: dict[str, Any] = {}
        for field, use in self.use.items():
            if not use.isChecked():
                continue
            if field in self.texts:
                out[field] = self.texts[field].currentText()
            elif field == "mode":
                out[field] = next((o for o, t in self.ticks[field].items() if t.isChecked()), "")
            else:
                out[field] = [o for o, t in self.ticks[field].items() if t.isChecked()]
        return out
