"""审核意见: the review office's comments on the open area's catalog, as the unit received them.

A model over `results.received_comments` (plain records): 已处理 (a checkbox) · 事项 · 要素 ·
审核意见 · 轮次 · 结论. Ticking a box does not write: the panel asks (``toggle_requested``) and the
window runs `MarkAddressedCommand`, one undoable entry ("标记意见已处理") over
`results.mark_addressed`. Double-click goes to the item and field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..unit.results import ReceivedCommentInfo
from .tables import Index, RowsModel, read_only_rows
from .widgets import panel_header

HEADERS = ("处理", "事项", "要素", "审核意见", "轮次", "结论")
DECISIONS = {"returned": "退回修改", "approved": "通过"}
GENERAL = "（总体意见）"
GONE = "（该事项已删除）"
DONE_COLOR = QColor("#8a8a8a")
OPEN_COLOR = QColor("#1f5fa8")


def field_label(field: str | None) -> str:
    if not field:
        return ""
    return vocab.FIELD_LABELS.get("channels" if field == "channel_other" else field, field)


class ReceivedCommentsModel(RowsModel):
    headers = HEADERS

    toggle_requested = Signal(str, bool)  # comment id, addressed

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ReceivedCommentInfo] = []
        self.labels: dict[str, str] = {}

    def set_rows(self, rows: list[ReceivedCommentInfo], labels: dict[str, str]) -> None:
        """``labels``: item id → how the item is named in the table (二级事项 or 一级事项)."""
        self.beginResetModel()
        self.rows, self.labels = rows, labels
        self.endResetModel()

    def item_label(self, c: ReceivedCommentInfo) -> str:
        if not c.item_id:
            return GENERAL
        return self.labels.get(c.item_id, GONE)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if c.addressed else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            return DONE_COLOR if c.addressed else (OPEN_COLOR if col == 0 else None)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return ("已处理" if c.addressed else "未处理", self.item_label(c), field_label(c.field),
                    c.text if role == Qt.ItemDataRole.ToolTipRole else " ".join(c.text.split()), c.round,
                    DECISIONS.get(c.decision, c.decision))[col]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """A tick asks the window to run the undoable command; the model changes when it is reloaded."""
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.toggle_requested.emit(self.rows[index.row()].id, checked)
        return True

    def open_count(self) -> int:
        return sum(1 for c in self.rows if not c.addressed)


class ReceivedCommentsPanel(QWidget):
    """The received comments of the open area; double-click goes to the item and field."""

    go_to = Signal(str, str)  # item id, field
    toggle_requested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.open_only = QCheckBox("只显示未处理")
        self.open_only.toggled.connect(lambda _on: self._show())
        top, self.title = panel_header("审核意见", self.open_only, "按意见修改后勾选“处理”；双击转到该事项和要素")
        layout.addLayout(top)
        self.model = ReceivedCommentsModel(self)
        self.model.toggle_requested.connect(self.toggle_requested)
        self.view = QTableView()
        self.view.setModel(self.model)
        read_only_rows(self.view, (78, 160, 110, 300, 84, 70), dense=True)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        layout.addWidget(self.view)
        self._all: list[ReceivedCommentInfo] = []
        self._labels: dict[str, str] = {}
        self._area = ""

    def set_comments(self, comments: list[ReceivedCommentInfo], labels: dict[str, str], area_name: str = "") -> None:
        self._all, self._labels, self._area = comments, labels, area_name
        self._show()

    def _show(self) -> None:
        rows = [c for c in self._all if not (self.open_only.isChecked() and c.addressed)]
        self.model.set_rows(rows, self._labels)
        open_ = sum(1 for c in self._all if not c.addressed)
        where = f"“{self._area}”的" if self._area else ""
        self.title.setText(f"{where}审核意见（未处理 {open_} / 共 {len(self._all)}）" if self._all else "审核意见（无）")

    def open_count(self) -> int:
        return sum(1 for c in self._all if not c.addressed)

    def count(self) -> int:
        return len(self._all)

    def row_of(self, comment_id: str) -> int:
        return next((n for n, c in enumerate(self.model.rows) if c.id == comment_id), -1)

    def activate_row(self, row: int) -> None:
        self._activated(self.model.index(row, 1))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() != 0:
            c = self.model.rows[index.row()]
            if c.item_id:
                self.go_to.emit(c.item_id, c.field or "")


def open_comments_by_field(comments: list[ReceivedCommentInfo], item_id: str) -> dict[str, list[str]]:
    """The item's comments not yet addressed, by field ("" for the item as a whole)."""
    out: dict[str, list[str]] = {}
    for c in comments:
        if c.item_id == item_id and not c.addressed:
            out.setdefault(c.field or "", []).append(c.text)
    return out
