"""The progress dashboard: units × the 26 areas, coloured by state, with counts, the late list and deadlines.

Only the cells of a unit's own areas are filled; a late cell (逾期) is drawn in red. The last
column counts per unit, the last row per area. Clicking a cell opens its submission.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...office import progress, round_dates
from ...office.progress import CELL_LABELS, Cell, Dashboard
from ...workspace import Workspace
from .round_dates import RoundDatesDialog as DeadlinesDialog  # noqa: F401 - its old name, kept for importers

Index = QModelIndex | QPersistentModelIndex
STATE_BACKGROUNDS = {"none": QColor("#e4e4e4"), "submitted": QColor("#bbdefb"), "returned": QColor("#ffcc80"),
                     "approved": QColor("#a5d6a7")}
SHORT = {"none": "未交", "submitted": "已交", "returned": "退回", "approved": "通过"}
OVERDUE_FG = QColor("#c62828")
OLD_TEMPLATE_FG = QColor("#6a1b9a")
# after 合计: who still follows an old template, and who cites repealed laws (动态调整)
LIFE_COLUMNS = (("旧版模板", "当前报送仍依据旧版国家标准指引的领域数（悬停看明细）"),
                ("废止法律", "公开依据引用已废止法律法规的事项数（提醒，不是错误）"))


def area_header(code: str, name: str) -> str:
    """Three short lines (code, name in threes) so 26 columns fit a 1366-pixel screen."""
    return "\n".join(x for x in (code, name[:3], name[3:6]) if x)


class DashboardModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.board: Dashboard | None = None
        self.units: list[tuple[str, str]] = []

    def set_board(self, board: Dashboard) -> None:
        self.beginResetModel()
        self.board = board
        have = {u for u, _ in board.cells}  # units with no area of their own have no row
        self.units = [u for u in board.units if u[0] in have]
        self.endResetModel()

    def cell(self, row: int, col: int) -> Cell | None:
        b = self.board
        if b is None or not (0 <= row < len(self.units) and 0 <= col < len(b.areas)):
            return None
        return b.cells.get((self.units[row][0], b.areas[col][0]))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.board is None else len(self.units) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.board is None else len(self.board.areas) + 1 + len(LIFE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        b = self.board
        if b is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section > len(b.areas):
                header, tip = LIFE_COLUMNS[section - len(b.areas) - 1]
                return header if role == Qt.ItemDataRole.DisplayRole else tip if role == Qt.ItemDataRole.ToolTipRole else None
            if section == len(b.areas):
                return "合计" if role == Qt.ItemDataRole.DisplayRole else None
            code, name = b.areas[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return area_header(code, name)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{code} {name}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "各领域合计" if section == len(self.units) else self.units[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        b = self.board
        if b is None:
            return None
        row, col = index.row(), index.column()
        if col > len(b.areas):
            return self._life(row, col - len(b.areas) - 1, role)
        if row == len(self.units) or col == len(b.areas):
            return self._total(row, col, role)
        cell = self.cell(row, col)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return SHORT[cell.state] + ("!" if cell.overdue else "")
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(STATE_BACKGROUNDS[cell.state])
        if role == Qt.ItemDataRole.ForegroundRole and cell.overdue:
            return QBrush(OVERDUE_FG)
        if role == Qt.ItemDataRole.FontRole and cell.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.units[row][1]} · {b.areas[col][1]}：{cell.label}" + ("（单击打开报送）" if cell.submission_id else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _life(self, row: int, which: int, role: int) -> Any:
        """旧版模板: the unit's areas whose current submission follows an older template than the newest;
        废止法律: its items citing a repealed law. The last row counts the units."""
        b = self.board
        assert b is not None
        areas = dict(b.areas)
        if row == len(self.units):
            n = len(b.old_templates) if which == 0 else sum(1 for v in b.law_counts.values() if v)
            return (f"{n} 个单位" if n else "") if role == Qt.ItemDataRole.DisplayRole else None
        code = self.units[row][0]
        if which == 0:
            old = b.old_templates.get(code, [])
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{len(old)} 个领域" if old else ""
            if role == Qt.ItemDataRole.ToolTipRole and old:
                return "仍依据旧版国家标准指引：\n" + "\n".join(f"{areas.get(a, a)}：{v} 版（最新 {latest} 版）"
                                                          for a, v, latest in old)
            if role == Qt.ItemDataRole.ForegroundRole and old:
                return QBrush(OLD_TEMPLATE_FG)
            return None
        n = b.law_counts.get(code, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{n} 项" if n else ""
        if role == Qt.ItemDataRole.ToolTipRole and n:
            return f"{n} 个事项的公开依据引用了已废止的法律法规（提醒）"
        return None

    def _total(self, row: int, col: int, role: int) -> Any:
        b = self.board
        assert b is not None
        if row == len(self.units) and col == len(b.areas):
            counts = {k: sum(c[k] for c in b.per_area.values()) for k in (*CELL_LABELS, "overdue")}
        elif row == len(self.units):
            counts = b.per_area.get(b.areas[col][0], {})
        else:
            counts = b.per_unit.get(self.units[row][0], {})
        total = sum(counts.get(k, 0) for k in CELL_LABELS)
        if role == Qt.ItemDataRole.DisplayRole:
            if not total:
                return ""
            done = counts.get("approved", 0)
            sent = total - counts.get("none", 0)
            return f"交{sent}/{total} 过{done}" + (f" 逾{counts['overdue']}" if counts.get("overdue") else "")
        if role == Qt.ItemDataRole.ToolTipRole and total:
            parts = [f"{CELL_LABELS[k]} {counts.get(k, 0)}" for k in CELL_LABELS]
            return "，".join(parts) + f"，逾期 {counts.get('overdue', 0)}"
        if role == Qt.ItemDataRole.ForegroundRole and counts.get("overdue"):
            return QBrush(OVERDUE_FG)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#f7f7f7"))
        return None


class DashboardView(QWidget):
    """The dashboard tab; ``open_requested(submission id)`` when a filled cell is opened."""

    open_requested = Signal(int)
    deadlines_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DashboardModel(self)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.deadlines_button = QPushButton("截止日期…")
        top.addWidget(self.summary, 1)
        top.addWidget(self.deadlines_button)
        layout.addLayout(top)
        legend = QLabel("<span style='background:#e4e4e4'>　未交　</span> <span style='background:#bbdefb'>　已交　</span> "
                        "<span style='background:#ffcc80'>　退回　</span> <span style='background:#a5d6a7'>　通过　</span> "
                        "<span style='color:#c62828;font-weight:bold'>红字带 ! ＝逾期</span>　空白＝不是该单位负责的领域")
        layout.addWidget(legend)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setDefaultSectionSize(42)
        self.table.horizontalHeader().setMinimumSectionSize(30)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.late_list = QListWidget()
        self.late_list.setFlow(QListWidget.Flow.LeftToRight)
        self.late_list.setWrapping(True)
        self.late_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.late_list.setSpacing(2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        self.late_label = QLabel("逾期：")
        col.addWidget(self.late_label)
        col.addWidget(self.late_list, 1)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 120])
        layout.addWidget(split, 1)
        self.table.clicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.late_list.itemActivated.connect(self._open_late)
        self.late_list.itemDoubleClicked.connect(self._open_late)
        self.deadlines_button.clicked.connect(self.deadlines_requested)
        self._ws: Workspace | None = None
        self._today: date | None = None

    def reload(self, ws: Workspace, today: date | None = None) -> None:
        self._ws, self._today = ws, today
        board = progress.dashboard(ws, today)
        self.model.set_board(board)
        self.table.setColumnWidth(len(board.areas), 104)
        for n in range(len(LIFE_COLUMNS)):
            self.table.setColumnWidth(len(board.areas) + 1 + n, 72)
        self.table.horizontalHeader().setFixedHeight(self.table.fontMetrics().lineSpacing() * 3 + 8)
        dl = round_dates.text(board.deadlines) if board.deadlines_set else "尚未设置（不计逾期；点“截止日期…”设置）"
        totals = {k: sum(c[k] for c in board.per_area.values()) for k in (*CELL_LABELS, "overdue")}
        counts = "，".join(f"{label} {totals[k]}" for k, label in CELL_LABELS.items())
        self.summary.setText(f"截至 {board.today:%Y-%m-%d}：{counts}，逾期 {totals['overdue']}。截止日期：{dl}。")
        self.late_list.clear()
        names = dict(board.units)
        areas = dict(board.areas)
        for cell in sorted(board.late, key=lambda c: (c.unit_code, c.area_code)):
            entry = QListWidgetItem(f"{names.get(cell.unit_code, cell.unit_code)} · {areas.get(cell.area_code, cell.area_code)}："
                                    f"{CELL_LABELS[cell.state]}")
            entry.setForeground(QBrush(OVERDUE_FG))
            entry.setData(Qt.ItemDataRole.UserRole, cell.submission_id)
            self.late_list.addItem(entry)
        self.late_label.setText(f"逾期（{len(board.late)} 项）：" if board.late else "没有逾期的单位。")

    def _open(self, index: QModelIndex) -> None:
        cell = self.model.cell(index.row(), index.column())
        if cell is not None and cell.submission_id is not None:
            self.open_requested.emit(cell.submission_id)

    def _open_late(self, entry: QListWidgetItem) -> None:
        sid = entry.data(Qt.ItemDataRole.UserRole)
        if sid:
            self.open_requested.emit(int(sid))
