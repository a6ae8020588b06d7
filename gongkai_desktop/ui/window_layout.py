"""The unit window's layout on the screen it opens on, and the same layout after a restart.

Made for a 1366×768 laptop first: the area list as wide as its longest name, the form wide enough
for its two-column grid, the problems panel tall enough for a handful of rows, the table with the
columns a clerk needs (`column_chooser`). The three panels (领域列表, 问题, 事项表单) can be hidden
from 视图 or collapsed by dragging their splitter; which ones are hidden, the splitters and the
table's columns are kept in `WINDOW_STATE` (QSettings) and restored at the next start.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from .. import settings as registry
from . import settings
from .column_chooser import ColumnChooser
from .item_table import COLUMNS

if TYPE_CHECKING:
    from .main_window import MainWindow

NARROW_COLUMNS = ("序号", "标记", "一级事项", "二级事项", "公开内容", "公开时限", "层级")
HIDDEN_PANELS = registry.WINDOW_STATE.of("hidden_panels")
PANEL_ACTIONS = {"areas": "show_areas", "problems": "show_problems", "form": "show_form"}


def panels(window: MainWindow) -> dict[str, QWidget]:
    """The three panels as the splitters hold them (问题 sits in a tab widget with 审核意见 on a unit)."""
    return {"areas": window.area_panel, "problems": window.centre_split.widget(1), "form": window.form}


def install(window: MainWindow) -> None:
    """The column chooser on the table header and the 视图 toggle of the form (the others exist)."""
    window.columns = ColumnChooser(window.table, (c[0] for c in COLUMNS), NARROW_COLUMNS)
    action = window._action("show_form", "显示事项表单", lambda on: set_panel(window, "form", on), menu="视图")
    action.setCheckable(True)
    action.setChecked(True)
    window._action("columns", "选择表格中显示的列…", lambda: show_columns_menu(window), menu="视图")
    window._action("reset_layout", "恢复默认布局", lambda: default_layout(window), menu="视图")


def show_columns_menu(window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    window.columns.menu().exec(header.mapToGlobal(header.rect().bottomLeft()))


def set_panel(window: MainWindow, name: str, shown: bool) -> None:
    panels(window)[name].setVisible(shown)
    action = window.actions_.get(PANEL_ACTIONS[name])
    if action is not None and action.isChecked() != shown:
        action.setChecked(shown)


def area_panel_width(window: MainWindow) -> int:
    """Wide enough for the longest area name with its progress and status at the current font."""
    fm = QFontMetrics(window.area_panel.font())
    names = [f"{a.code} {a.name}" for a in window.areas.values()] or ["15 国有土地上房屋征收"]
    longest = max(fm.horizontalAdvance(n) for n in names)
    return longest + fm.horizontalAdvance("13/13 ⚠11") + fm.horizontalAdvance("退回修改") + 44


def default_layout(window: MainWindow) -> None:
    """Columns for the screen the window is on and splitters for the window's size (the first start,
    or 视图 → 恢复默认布局); until the user drags a splitter, the splitters follow the window's size."""
    for name in PANEL_ACTIONS:
        set_panel(window, name, True)
    window.columns.defaults_for_width(window.screen().availableGeometry().width())
    AutoSplit.attach(window)


class AutoSplit(QObject):
    """Lays the splitters out from the window's real size on every resize (a maximised laptop window
    gets its size only after it is shown) until the user moves a splitter."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.main_split.installEventFilter(self)
        window.main_split.splitterMoved.connect(self.stop)
        window.centre_split.splitterMoved.connect(self.stop)
        self.apply()

    @classmethod
    def attach(cls, window: MainWindow) -> None:
        old = getattr(window, "_auto_split", None)
        if old is not None:
            old.stop()
        window._auto_split = cls(window)

    def stop(self) -> None:
        self.window.main_split.removeEventFilter(self)
        for split in (self.window.main_split, self.window.centre_split):
            with contextlib.suppress(RuntimeError, TypeError):
                split.splitterMoved.disconnect(self.stop)
        self.window._auto_split = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        window = self.window
        width = max(window.main_split.width(), window.width(), 640)
        height = max(window.main_split.height(), 400)  # the centre split fills it (its own size lags a resize)
        fm = QFontMetrics(window.form.font())
        areas = min(area_panel_width(window), width // 4)
        needed = window.form.widget().minimumSizeHint().width() + window.form.verticalScrollBar().sizeHint().width() + 4
        form = max(min(fm.horizontalAdvance("公开内容") * 6 + 100, width // 3), min(needed, width - areas - 250))
        window.main_split.setSizes([areas, width - areas - form, form])
        problems = max(fm.height() * 8 + 40, height * 2 // 5)  # about six rows at 768 px
        window.centre_split.setSizes([height - problems, problems])
        window.columns.fit(width - areas - form - 30)


def restore(window: MainWindow) -> bool:
    """The saved layout, if any (False: nothing saved, the caller lays the window out anew)."""
    restored = False
    for key, widget in (("main_split", window.main_split), ("centre_split", window.centre_split)):
        state = settings.load_state(key)
        if state is not None:
            restored = widget.restoreState(state) or restored
    header = settings.load_state("item_columns")
    if header is not None and window.table.horizontalHeader().restoreState(header):
        restored = True
    hidden = str(settings.value(HIDDEN_PANELS) or "").split(",")
    for name in PANEL_ACTIONS:
        set_panel(window, name, name not in hidden)
    return restored


def save(window: MainWindow) -> None:
    settings.save_state("main_split", window.main_split.saveState())
    settings.save_state("centre_split", window.centre_split.saveState())
    settings.save_state("item_columns", window.table.horizontalHeader().saveState())
    hidden = [name for name, widget in panels(window).items() if widget.isHidden()]
    settings.set_value(HIDDEN_PANELS, ",".join(hidden))
