"""An item's history: every change (when, what, old → new, by which operation, import or template
upgrade), and restoring the value a field had before a change — one undoable edit through the window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ..changes import Changes
from ..records import ItemRecord
from ..unit import history
from ..unit.history import HistoryEntry
from .tables import Index, RowsModel, read_only_rows

HEADERS = ("编号", "时间", "版本", "操作", "要素", "原值 → 新值", "来源")


class HistoryModel(RowsModel):
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self.rows = list(reversed(entries))  # newest first: what a person looks for
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.rows[index.row()]
        local = e.at.strftime("%Y-%m-%d %H:%M")
        return (str(e.number), local, f"v{e.catalog_version}", e.action_label, e.field_label, e.change_text,
                e.origin_text)[index.column()]


class HistoryDialog(QDialog):
    """The history of one item; 恢复为此前的值 runs `history.restore` through ``run`` (the window's undo)."""

    def __init__(self, ws: Any, item: ItemRecord, run: Callable[[Callable[[], Changes]], Changes | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.item, self.run = ws, item, run
        self.setWindowTitle(f"修改记录 · 第 {item.position + 1} 项 {item.level2 or item.level1}")
        self.resize(980, 480)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        layout.addWidget(self.note)
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table, (44, 120, 44, 90, 90, 380, 160))
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.restore_button = QPushButton("恢复为这次修改之前的值")
        self.restore_button.setToolTip("把该要素恢复为这条记录之前的值；这是一次可撤销的修改（Ctrl+Z）")
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update())
        self.reload()

    def reload(self) -> None:
        entries = history.history(self.ws, self.item.id)
        self.model.set_entries(entries)
        self.note.setText(f"共 {len(entries)} 条记录（最新在上）。选中一条“修改”记录，可把该要素恢复为修改之前的值。")
        if entries:
            self.table.selectRow(0)
        self._update()

    def current(self) -> HistoryEntry | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def select_number(self, number: int) -> None:
        self.table.selectRow(next(n for n, e in enumerate(self.model.rows) if e.number == number))

    def _update(self) -> None:
        e = self.current()
        self.restore_button.setEnabled(e is not None and e.restorable)

    def restore_selected(self) -> Changes | None:
        e = self.current()
        if e is None or not e.restorable:
            return None
        changes = self.run(lambda: history.restore(self.ws, self.item.id, e.number))
        self.reload()
        return changes
