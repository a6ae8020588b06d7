"""The review queue: every unit's current submission per area, 待审核 first, filtered by status or unit.

Problem counts come from validating each submission's items once; a submission's content never
changes after import, so the count is cached by submission id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...office import inspect, round_dates, submissions
from ...office.submissions import SubmissionInfo
from ...workspace import Workspace
from ..tables import Index, RowsModel, read_only_rows
from .common import STATUS_COLOURS, STATUS_LABELS, STATUS_ORDER, days_waiting

COLUMNS = ("状态", "单位", "领域", "等待", "事项数", "问题数", "报送序号", "目录版本", "收到时间", "审核人")
FILTERS = (("全部", None), ("待审核", "submitted"), ("退回修改", "returned"), ("已通过", "approved"))


class QueueModel(RowsModel):
    headers = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all: list[SubmissionInfo] = []
        self.rows: list[SubmissionInfo] = []
        self.problems: dict[int, int] = {}
        self.status: str | None = None
        self.needle = ""
        self.now: datetime | None = None

    def load(self, ws: Workspace) -> None:
        subs = submissions.list_submissions(ws)
        missing = [sub.id for sub in subs if sub.id not in self.problems]
        if missing:  # counted once per submission (its items never change), in three queries
            self.problems.update(inspect.problem_counts(ws, missing))
        self.all = sorted(subs, key=lambda s: (STATUS_ORDER.get(s.status, 9), s.received_at, s.unit_code, s.area_code))
        self._apply()

    def set_filter(self, status: str | None, needle: str) -> None:
        self.status, self.needle = status, needle.strip().lower()
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        rows = self.all
        if self.status:
            rows = [s for s in rows if s.status == self.status]
        if self.needle:
            rows = [s for s in rows if self.needle in f"{s.unit_name} {s.unit_code} {s.area_name}".lower()]
        self.rows = rows
        self.endResetModel()

    def submission(self, row: int) -> SubmissionInfo | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, submission_id: int) -> int:
        return next((n for n, s in enumerate(self.rows) if s.id == submission_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        sub = self.submission(index.row())
        if sub is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(sub, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0:
                return QBrush(STATUS_COLOURS.get(sub.status, QColor("#333")))
            if col == 5 and self.problems.get(sub.id):
                return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return sub.id
        return None

    def _text(self, sub: SubmissionInfo, col: int) -> str:
        if col == 0:
            return STATUS_LABELS.get(sub.status, sub.status)
        if col == 1:
            return sub.unit_name
        if col == 2:
            return sub.area_name
        if col == 3:
            return f"等待 {days_waiting(sub.received_at, self.now)} 天" if sub.status == "submitted" else ""
        if col == 4:
            return str(sub.item_count)
        if col == 5:
            return str(self.problems.get(sub.id, 0))
        if col == 6:
            return str(sub.sequence)
        if col == 7:
            return f"第 {sub.catalog_version} 版"
        if col == 9:  # who took it (认领, issue 18)
            return sub.reviewer
        return f"{sub.received_at:%Y-%m-%d %H:%M}"


class QueueTable(QTableView):
    """Enter opens the current row, like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class QueueView(QWidget):
    """The queue tab; ``open_requested(submission id)`` when a row is opened."""

    open_requested = Signal(int)
    import_requested = Signal()
    take_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QueueModel(self)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.import_button = QPushButton("导入报送文件包…")
        self.status_box = QComboBox()
        for label, status in FILTERS:
            self.status_box.addItem(label, status)
        self.search = QLineEdit()
        self.search.setPlaceholderText("按单位或领域查找")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        top.addWidget(self.import_button)
        self.take_button = QPushButton("认领")
        self.take_button.setToolTip("由本机审核人审核所选报送（其他审核人在队列中看到）")
        self.take_button.clicked.connect(self._take)
        top.addWidget(self.take_button)
        top.addWidget(QLabel("状态："))
        top.addWidget(self.status_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.table = QueueTable()
        self.table.setModel(self.model)
        read_only_rows(self.table, (90, 160, 130, 100, 70, 70, 80, 80, 140, 90))
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel("还没有导入任何报送。点击“导入报送文件包…”，或把文件包拖到窗口中。")
        self.empty_label.setStyleSheet("color: #666; padding: 12px;")
        layout.addWidget(self.empty_label)
        self.import_button.clicked.connect(self.import_requested)
        self.status_box.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated_row.connect(self._open)

    def reload(self, ws: Workspace) -> None:
        current = self.model.submission(self.table.currentIndex().row())
        self.model.load(ws)
        self.deadline_text = round_dates.next_text(ws)
        self._after_reset(current.id if current else None)

    def _filter(self) -> None:
        current = self.model.submission(self.table.currentIndex().row())
        self.model.set_filter(self.status_box.currentData(), self.search.text())
        self._after_reset(current.id if current else None)

    def _after_reset(self, keep: int | None) -> None:
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        waiting = sum(1 for s in self.model.all if s.status == "submitted")
        self.count_label.setText(f"显示 {len(self.model.rows)} / {len(self.model.all)} 项，待审核 {waiting} 项"
                                 + (f"；{self.deadline_text}" if getattr(self, "deadline_text", "") else ""))
        self.empty_label.setVisible(not self.model.all)

    def _take(self) -> None:
        sub = self.model.submission(self.table.currentIndex().row())
        if sub is not None:
            self.take_requested.emit(sub.id)

    def _open(self, row: int) -> None:
        sub = self.model.submission(row)
        if sub is not None:
            self.open_requested.emit(sub.id)
