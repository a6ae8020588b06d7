"""Which columns the item table shows: right-click the header → a checklist of the columns.

A laptop screen of 1366 px cannot show the national table's 13 columns beside the area list and
the form, so the table starts with the columns a clerk works with most (`NARROW_COLUMNS`) when the
screen is narrow, all of them when it is wide; the choice (and every width) is remembered with the
window's state (`WINDOW_STATE` ``item_columns``, the header's own saved state).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

WIDE_SCREEN = 1600  # px of available width from which every column is shown at first
MIN_WIDTH = 40


class ColumnChooser:
    """The header's context menu of columns; ``always`` columns (序号) cannot be hidden."""

    def __init__(self, view: QTableView, headers: Iterable[str], narrow: Iterable[str], always: Iterable[int] = (0,),
                 on_change: Callable[[], None] | None = None) -> None:
        self.view = view
        self.headers = list(headers)
        self.narrow = [self.headers.index(h) for h in narrow]
        self.always = set(always)
        self.on_change = on_change
        header = view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_menu)
        header.setToolTip("右键单击表头，选择显示哪些列")

    @property
    def header(self) -> QHeaderView:
        return self.view.horizontalHeader()

    def shown(self) -> list[str]:
        return [h for n, h in enumerate(self.headers) if not self.header.isSectionHidden(n)]

    def set_shown(self, column: int, shown: bool) -> None:
        if column in self.always and not shown:
            return
        self.header.setSectionHidden(column, not shown)
        if shown and self.header.sectionSize(column) < MIN_WIDTH:
            self.header.resizeSection(column, self.header.defaultSectionSize())
        if self.on_change is not None:
            self.on_change()

    def menu(self) -> QMenu:
        """The checklist (built fresh each time so it shows the current state)."""
        menu = QMenu("显示的列", self.view)
        for n, name in enumerate(self.headers):
            action = QAction(name, menu)
            action.setCheckable(True)
            action.setChecked(not self.header.isSectionHidden(n))
            action.setEnabled(n not in self.always)
            action.toggled.connect(lambda on, col=n: self.set_shown(col, on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("常用列（适合笔记本屏幕）", lambda: self.use_defaults(narrow=True))
        menu.addAction("全部列", lambda: self.use_defaults(narrow=False))
        return menu

    def show_menu(self, pos: QPoint) -> None:
        self.menu().exec(self.header.mapToGlobal(pos))

    def use_defaults(self, narrow: bool) -> None:
        """The first-start choice: the common columns on a narrow screen, all on a wide one."""
        for n in range(len(self.headers)):
            self.header.setSectionHidden(n, narrow and n not in self.narrow and n not in self.always)
        if narrow:
            self.fit()
        if self.on_change is not None:
            self.on_change()

    def defaults_for_width(self, available: int) -> None:
        self.use_defaults(narrow=available < WIDE_SCREEN)

    def fit(self, width: int | None = None) -> None:
        """Shrink the shown columns in proportion so that together they fit ``width`` (the viewport)."""
        width = width if width is not None else self.view.viewport().width()
        shown = [n for n in range(len(self.headers)) if not self.header.isSectionHidden(n)]
        total = sum(self.header.sectionSize(n) for n in shown)
        if width <= 0 or total <= width:
            return
        flexible = [n for n in shown if n not in self.always]
        fixed = total - sum(self.header.sectionSize(n) for n in flexible)
        ratio = max(0.1, (width - fixed - 2) / max(1, total - fixed))
        for n in flexible:
            self.header.resizeSection(n, max(MIN_WIDTH, int(self.header.sectionSize(n) * ratio)))
