"""Every validation problem of the open area (or of all the unit's areas); double-click goes there.

A model over the problem list (not a widget per row): a big area can have thousands of problems
and the list is rebuilt after every edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..records import Problem
from .tables import Index, RowsModel, read_only_rows
from .widgets import panel_header

SCOPE_AREA, SCOPE_UNIT = "area", "unit"
HEADERS = ("领域", "事项", "要素", "问题")
WARNING = "warning"
WARNING_FG = QColor("#1565c0")  # 提醒 (not an error) in blue


class ProblemsModel(RowsModel):
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, Problem]] = []

    def set_rows(self, rows: list[tuple[str, str, Problem]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        _, area_name, p = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and p.severity == WARNING:
            return QBrush(WARNING_FG)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        col = index.column()
        message = f"【提醒】{p.message}" if p.severity == WARNING else p.message
        return (area_name, p.item_label, vocab.FIELD_LABELS.get(p.field or "", ""), message)[col]


class ProblemsPanel(QWidget):
    """A list of problems: 领域 · 事项 · 要素 · 问题; the scope is this area or the whole unit."""

    go_to = Signal(str, str, str)  # area code, item id, field
    scope_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.scope = QComboBox()
        self.scope.addItem("本领域", SCOPE_AREA)
        self.scope.addItem("本单位全部领域", SCOPE_UNIT)
        self.scope.activated.connect(lambda _=0: self.scope_changed.emit(self.current_scope()))
        top, self.title = panel_header("问题", self.scope, "双击一条问题，转到该事项和要素")
        layout.addLayout(top)
        self._errors: list[tuple[str, str, Problem]] = []
        self._warnings: list[tuple[str, str, Problem]] = []
        self.model = ProblemsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        read_only_rows(self.view, (110, 280, 110), dense=True)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        layout.addWidget(self.view)

    def current_scope(self) -> str:
        return str(self.scope.currentData())

    def set_problems(self, groups: list[tuple[str, str, list[Problem]]]) -> None:
        """``groups``: (area code, area name, its problems) in the order to show."""
        self._errors = [(code, name, p) for code, name, problems in groups for p in problems]
        self._render()

    def set_warnings(self, groups: list[tuple[str, str, list[Problem]]]) -> None:
        """提醒 (severity warning: a repealed law cited), listed after the problems in their own colour;
        they are not counted as problems."""
        rows = [(code, name, p) for code, name, warnings in groups for p in warnings]
        if rows != self._warnings:
            self._warnings = rows
            self._render()

    def _render(self) -> None:
        self.model.set_rows(self._errors + self._warnings)
        self.view.setColumnHidden(0, self.current_scope() == SCOPE_AREA)
        n, m = len(self._errors), len(self._warnings)
        self.title.setText((f"问题（{n}）" if n else "问题（无）") + (f"　提醒 {m}" if m else ""))

    def count(self) -> int:
        """The problems (errors) listed; 提醒 apart (`warning_count`)."""
        return len(self._errors)

    def warning_count(self) -> int:
        return len(self._warnings)

    def messages(self) -> list[str]:
        return [p.message for _, _, p in self._errors]

    def warning_messages(self) -> list[str]:
        return [p.message for _, _, p in self._warnings]

    def activate_row(self, row: int) -> None:
        self._activated(self.model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        area, _, p = self.model.rows[index.row()]
        self.go_to.emit(area, p.item_id or "", p.field or "")
