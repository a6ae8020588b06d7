"""The template's changes for the open catalog: each change with the old and new template text beside
the unit's own, taken or kept one by one or all at once (each one undoable entry)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ..changes import Changes
from ..revisions import describe, show_value
from ..unit import template_upgrade as tu
from ..unit.template_upgrade import TemplateChange, TemplateUpgrade
from .tables import Index, RowsModel, read_only_rows

HEADERS = ("模板编号", "变化", "事项", "原模板", "新模板", "本单位现在", "处理")
CHOICE_BG = {"take": QColor("#dcf3e2"), "keep": QColor("#eeeeee")}


def _side(c: TemplateChange, side: int) -> str:
    parts = [f"{describe([f])}：{show_value(f, v[side])}" for f, v in c.fields.items()]
    if side == 1 and c.channels_added:
        parts.append(f"新增必选渠道：{'、'.join(c.channels_added)}")
    if side == 1 and c.channels_removed:
        parts.append(f"不再必选：{'、'.join(c.channels_removed)}")
    if c.kind == "added":
        return "（无此事项）" if side == 0 else "新增事项"
    if c.kind == "removed":
        return "（有此事项）" if side == 0 else "（已删除此事项）"
    return "；".join(parts)


def _own(c: TemplateChange) -> str:
    if c.item is None:
        return "（本单位无此事项）"
    if c.kind == "removed":
        return "本单位目录中有此事项"
    parts = [f"{describe([f])}：{show_value(f, c.own_value(f))}" for f in c.fields]
    if c.channels_added or c.channels_removed:
        parts.append(f"渠道：{show_value('channels', c.item.channels)}")
    mark = "（本单位改写过）" if c.edited else ""
    return mark + "；".join(parts)


class ChangesModel(RowsModel):
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[TemplateChange] = []

    def set_changes(self, changes: list[TemplateChange]) -> None:
        self.beginResetModel()
        self.rows = list(changes)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (c.code, c.kind_label, c.label, _side(c, 0), _side(c, 1), _own(c), c.choice_label)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and c.choice:
            return QBrush(CHOICE_BG[c.choice])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5 and c.edited:
            return QBrush(QColor("#bf360c"))
        return None


class TemplateChangesDialog(QDialog):
    """采用 / 保留本单位内容 for the selected change, or for all still open; ``run`` is the window's."""

    def __init__(self, ws: Any, catalog_id: int, run: Callable[[Callable[[], Changes]], Changes | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.catalog_id, self.run = ws, catalog_id, run
        self.upgrade: TemplateUpgrade | None = None
        self.setWindowTitle("国家标准指引更新")
        self.resize(1240, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("逐项决定：“采用”把新模板的内容写入本单位的事项；“保留”不改本单位的内容。"
                                "每次操作都可以撤销（Ctrl+Z）。全部处理后，本目录即依据新版模板。"))
        self.model = ChangesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table, (80, 100, 180, 220, 220, 240, 100))
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.take_button = QPushButton("采用所选")
        self.keep_button = QPushButton("保留本单位内容")
        self.take_all_button = QPushButton("全部采用")
        self.keep_all_button = QPushButton("全部保留")
        for b in (self.take_button, self.keep_button):
            row.addWidget(b)
        row.addStretch(1)
        for b in (self.take_all_button, self.keep_all_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.take_button.clicked.connect(lambda: self.answer(True, self.selected_codes()))
        self.keep_button.clicked.connect(lambda: self.answer(False, self.selected_codes()))
        self.take_all_button.clicked.connect(lambda: self.answer(True, None))
        self.keep_all_button.clicked.connect(lambda: self.answer(False, None))
        self.reload()

    def reload(self) -> None:
        self.upgrade = tu.template_changes(self.ws, self.catalog_id)
        up = self.upgrade
        self.model.set_changes(up.changes if up else [])
        if up is None:
            self.summary.setText("本目录已依据最新版国家标准指引，没有待处理的模板变化。")
        else:
            self.summary.setText(up.summary())
        pending = bool(up and up.pending)
        for b in (self.take_button, self.keep_button, self.take_all_button, self.keep_all_button):
            b.setEnabled(pending)

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].code for r in rows]

    def select_codes(self, codes: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for n, c in enumerate(self.model.rows):
            if c.code in codes:
                selection.select(self.model.index(n, 0), flags)

    def answer(self, take: bool, codes: list[str] | None) -> Changes | None:
        if codes is not None and not codes:
            return None
        fn = tu.take_changes if take else tu.keep_changes
        changes = self.run(lambda: fn(self.ws, self.catalog_id, codes))
        self.reload()
        return changes
