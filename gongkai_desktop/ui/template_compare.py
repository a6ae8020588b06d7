"""The template's original text beside the item's current text, differences highlighted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..records import ItemRecord, TemplateItemInfo

CHANGED = QColor("#fff4c2")


def channels_follow_template(t: TemplateItemInfo, item: ItemRecord) -> bool:
    """The unit kept every ■ channel, chose only among the template's channels, and kept 其他's text."""
    chosen, required = set(item.channels), set(t.channels_required)
    return required <= chosen <= required | set(t.channels_optional) and item.channel_other == t.channel_other


def comparison_rows(t: TemplateItemInfo, item: ItemRecord) -> list[tuple[str, str, str, bool]]:
    """(要素, 模板原文, 当前内容, differs) for every element both have."""
    def j(values: list[str]) -> str:
        return "、".join(values)

    channels_t = j(t.channels_required) + (f"（可选：{j(t.channels_optional)}）" if t.channels_optional else "")
    other_t = f"；其他：{t.channel_other}" if t.channel_other else ""
    other_i = f"；其他：{item.channel_other}" if item.channel_other else ""
    rows = [
        ("一级事项", t.level1, item.level1),
        ("二级事项", t.level2, item.level2),
        ("公开内容", t.content, item.content),
        ("公开依据", t.basis, item.basis),
        ("公开时限", t.time_limit, item.time_limit),
        ("公开主体", t.publisher, item.publisher),
        ("公开对象", j(t.audience), j(item.audience)),
        ("公开方式", t.mode, item.mode),
        ("公开层级", j(t.levels), j(item.levels)),
        ("公开属性", t.attribute, item.attribute),
    ]
    out = [(label, a, b, a != b) for label, a, b in rows]
    out.insert(6, ("公开渠道和载体", channels_t + other_t, j(item.channels) + other_i, not channels_follow_template(t, item)))
    return out


class TemplateCompareDialog(QDialog):
    def __init__(self, template: TemplateItemInfo, item: ItemRecord, parent: QWidget | None = None,
                 source_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"对照模板原文：{template.code} {template.level2}")
        self.resize(960, 620)
        layout = QVBoxLayout(self)
        note = QLabel("黄色底的要素与国家标准指引原文不同。渠道中“可选”为模板的□项，其余为■必选项。")
        note.setWordWrap(True)
        layout.addWidget(note)
        rows = comparison_rows(template, item)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["要素", "国家标准指引原文", "本单位当前内容"])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changed: list[str] = []
        for r, (label, original, current, differs) in enumerate(rows):
            cells = [QTableWidgetItem(label), QTableWidgetItem(original), QTableWidgetItem(current)]
            for c, cell in enumerate(cells):
                cell.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if differs:
                    cell.setBackground(QBrush(CHANGED))
                self.table.setItem(r, c, cell)
            if differs:
                self.changed.append(label)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        if source_text:  # the published guidance only, never the compilers' notes (template.evidence)
            source = QLabel(f"模板出处：{source_text}")
            source.setWordWrap(True)
            source.setStyleSheet("color: #555;")
            layout.addWidget(source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
