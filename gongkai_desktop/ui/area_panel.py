"""The 26 areas, the unit's responsible ones first, each with its progress and status."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from .. import vocab
from ..records import AreaInfo, CatalogInfo

ROLE_AREA = Qt.ItemDataRole.UserRole
STATUS_COLORS = {
    vocab.STATUS_NOT_STARTED: "#8a8a8a",
    "编制中": "#1f5fa8",
    "已提交": "#6a4fb3",
    "退回修改": "#c62828",
    "已通过": "#2e7d32",
}


def status_text(info: CatalogInfo | None) -> str:
    return vocab.STATUS_NOT_STARTED if info is None else vocab.CATALOG_STATUSES.get(info.status, info.status)


def progress_text(complete: int, total: int, problems: int) -> str:
    text = f"{complete}/{total}"
    return f"{text}  ⚠{problems}" if problems else text


class AreaPanel(QTreeWidget):
    """A tree of two groups (本单位负责的领域 / 其他领域); choosing an area emits ``area_chosen``.

    Filled without progress (``set_areas(..., with_progress=False)``), it emits ``progress_wanted``
    once, right after it was first painted, so a window's first frame need not wait for every
    catalog to be validated.
    """

    area_chosen = Signal(str)
    progress_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["领域", "完成/事项", "状态"])
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)  # a long name wraps onto a second line at a big font, never cut
        self.setIndentation(12)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())  # re-wrap the names
        self.rows: dict[str, QTreeWidgetItem] = {}
        self.progress_pending = False
        self.currentItemChanged.connect(self._current_changed)

    def set_areas(self, areas: list[AreaInfo], responsible: list[str], infos: dict[str, CatalogInfo],
                  with_progress: bool = True) -> None:
        """Fill the tree; an area with a catalog shows its progress (or, ``with_progress=False``,
        its status only until `update_area` gives it), others 未开始."""
        keep = self.current_area()
        self.blockSignals(True)
        self.clear()
        self.rows = {}
        mine = [a for a in areas if a.code in responsible]
        others = [a for a in areas if a.code not in responsible]
        groups = [("本单位负责的领域", mine), ("其他领域", others)] if responsible else [("全部领域", areas)]
        for title, group in groups:
            if not group:
                continue
            top = QTreeWidgetItem([f"{title}（{len(group)}）"])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for area in group:
                row = QTreeWidgetItem([f"{area.code} {area.name}", "", ""])
                row.setData(0, ROLE_AREA, area.code)
                row.setToolTip(0, f"{area.name}：{'、'.join(area.level1)}")
                top.addChild(row)
                self.rows[area.code] = row
                info = infos.get(area.code)
                if not responsible:  # the review office: no catalogs of its own, so no status
                    self._set_row(row, "", "")
                elif info is None:
                    self._set_row(row, "", vocab.STATUS_NOT_STARTED)
                elif not with_progress:
                    self._set_row(row, "", status_text(info))
                else:
                    self._set_row(row, progress_text(info.complete_count, info.item_count, info.problem_count),
                                  status_text(info))
            top.setExpanded(True)
        if keep in self.rows:
            self.setCurrentItem(self.rows[keep])
        self.blockSignals(False)
        wanted = not with_progress and bool(responsible) and bool(infos)
        if wanted and not self.progress_pending:
            self.viewport().installEventFilter(self)
        elif not wanted and self.progress_pending:
            self.viewport().removeEventFilter(self)
        self.progress_pending = wanted

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """The first paint after `set_areas` without progress: ask for it on the next loop turn."""
        if self.progress_pending and obj is self.viewport() and event.type() == QEvent.Type.Paint:
            self.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self._want_progress)
        return super().eventFilter(obj, event)

    def _want_progress(self) -> None:
        if self.progress_pending:
            self.progress_pending = False
            self.progress_wanted.emit()

    def _set_row(self, row: QTreeWidgetItem, progress: str, status: str) -> None:
        row.setText(1, progress)
        row.setText(2, status)
        row.setForeground(2, QBrush(QColor(STATUS_COLORS.get(status, "#333333"))))
        row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def update_area(self, area_code: str, complete: int, total: int, problems: int, status: str) -> None:
        row = self.rows.get(area_code)
        if row is not None:
            self._set_row(row, progress_text(complete, total, problems), status)

    def mark_not_started(self, area_code: str) -> None:
        row = self.rows.get(area_code)
        if row is not None:
            self._set_row(row, "", vocab.STATUS_NOT_STARTED)

    def select_area(self, area_code: str) -> None:
        row = self.rows.get(area_code)
        if row is not None and row is not self.currentItem():
            self.setCurrentItem(row)

    def current_area(self) -> str:
        row = self.currentItem()
        return str(row.data(0, ROLE_AREA) or "") if row is not None else ""

    def area_text(self, area_code: str) -> tuple[str, str]:
        row = self.rows[area_code]
        return row.text(1), row.text(2)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        code = current.data(0, ROLE_AREA) if current is not None else None
        if code:
            self.area_chosen.emit(str(code))
