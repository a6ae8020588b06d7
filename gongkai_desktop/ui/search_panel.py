"""Finding text everywhere: the unit's search across all its areas, the office's across all submissions.

The core does the search (`unit.search.search_catalogs`, `office.search.search_submissions`); this
shows the hits as a list — 领域 (and 单位 on the office side), 序号, 事项 and the matching text — and
opens a hit on activation (Enter or double-click): the unit's window switches to the area and
selects the row, the office's opens the submission at the item. The unit's filter box also says
when other areas have matches (“本领域 0 条；社会救助 12 条”), which is what a clerk who filters
the wrong area needs to know.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QTableView, QTabWidget, QVBoxLayout, QWidget

from .. import vocab
from ..errors import DomainError
from ..search import Hit
from .item_table import haystack
from .tables import Index, RowsModel, read_only_rows

if TYPE_CHECKING:
    from .main_window import MainWindow

SearchFn = Callable[[str], list[Hit]]
CONTEXT = 14  # characters shown either side of the match
DEBOUNCE_MS = 250


def snippet(hit: Hit, text: str) -> str:
    """“公开内容：…低保对象名单…” — the first element that matched, around the match."""
    if not hit.fields:
        return ""
    field = hit.fields[0]
    value = (getattr(hit.item, field) or "").replace("\n", " ")
    at = value.casefold().find(text.casefold())
    start, end = max(0, at - CONTEXT), at + len(text) + CONTEXT
    part = ("…" if start else "") + value[start:end] + ("…" if end < len(value) else "")
    return f"{vocab.FIELD_LABELS.get(field, field)}：{part}"


def per_area(hits: list[Hit]) -> list[tuple[str, str, int]]:
    """(area code, area name, hits) in area order."""
    counts = Counter((h.area_code, h.area_name) for h in hits)
    return [(code, name, n) for (code, name), n in sorted(counts.items())]


class HitsModel(RowsModel):
    def __init__(self, office: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self.office = office
        self.headers = ("领域", "单位", "序号", "事项", "匹配内容") if office else ("领域", "序号", "事项", "匹配内容")
        self.rows: list[Hit] = []
        self.text = ""

    def set_hits(self, hits: list[Hit], text: str) -> None:
        self.beginResetModel()
        self.rows, self.text = hits, text
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        hit = self.rows[index.row()]
        name = " / ".join(p for p in (hit.item.level1, hit.item.level2) if p)
        cells = [f"{hit.area_code} {hit.area_name}", str(hit.number), name, snippet(hit, self.text)]
        if self.office:
            cells.insert(1, hit.owner_name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"匹配的要素：{hit.field_labels}"
        return cells[index.column()]


class SearchPanel(QWidget):
    """A search box over everything and its hits; ``open_requested(hit)`` on Enter or double-click."""

    open_requested = Signal(object)

    def __init__(self, search: SearchFn, office: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_fn = search
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.box = QLineEdit()
        self.box.setObjectName("search_all")
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText("在全部报送中查找（Ctrl+Shift+F）：输入文字后按回车" if office
                                    else "在本单位全部领域中查找（Ctrl+Shift+F）：输入文字后按回车")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = HitsModel(office, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        read_only_rows(self.view, (130, 130, 50, 220) if office else (130, 50, 240), dense=True)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        layout.addWidget(self.box)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._enter)

    def run(self) -> list[Hit]:
        self._timer.stop()
        text = self.box.text().strip()
        if not text:
            self.model.set_hits([], "")
            self.summary.setText("")
            return []
        try:
            hits = self.search_fn(text)
        except DomainError as exc:
            self.summary.setText(exc.message)
            return []
        self.model.set_hits(hits, text)
        self.summary.setText(self._summary(hits, text))
        return hits

    def _summary(self, hits: list[Hit], text: str) -> str:
        if not hits:
            return f"没有找到“{text}”。"
        parts = "；".join(f"{name} {n} 条" for _, name, n in per_area(hits))
        return f"“{text}”共 {len(hits)} 条：{parts}。双击一条（或按回车）打开该事项。"

    def _enter(self) -> None:
        hits = self.run()
        if hits:
            self.view.setFocus()
            self.view.selectRow(0)

    def search(self, text: str) -> list[Hit]:
        self.box.setText(text)
        return self.run()

    def activate_row(self, row: int) -> None:
        self._activated(self.model.index(row, 0))

    def _activated(self, index: Any) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.rows[index.row()])


# The unit's window ---------------------------------------------------------------------------------
def install_unit(window: MainWindow) -> None:
    """A 全部领域查找 tab beside 问题 / 审核意见, Ctrl+Shift+F, and the filter box's other-areas hint."""
    from ..unit.search import search_catalogs

    panel = SearchPanel(lambda text: search_catalogs(window.ws, text))
    panel.open_requested.connect(lambda hit: open_unit_hit(window, hit))
    window.search_all = panel
    tabs = _tabs_of(window.problems)
    if tabs is not None:
        tabs.addTab(panel, "全部领域查找")
    window._action("search_all", "在全部领域中查找…", lambda: show_unit_search(window), "Ctrl+Shift+F", menu="编辑")
    window.other_areas = QLabel()
    window.other_areas.setObjectName("other_areas")
    window.other_areas.setStyleSheet("color: #8a5a00;")
    window.other_areas.setTextFormat(Qt.TextFormat.RichText)
    window.other_areas.linkActivated.connect(lambda _link: show_unit_search(window, window.search.text()))
    window.other_areas.hide()
    window.search_row.insertWidget(window.search_row.indexOf(window.count_label), window.other_areas)
    timer = QTimer(window, singleShot=True, interval=DEBOUNCE_MS)
    timer.timeout.connect(lambda: update_other_areas(window))
    window.search.textChanged.connect(lambda _t: timer.start())
    window.doc.catalog_loaded.connect(lambda _c: timer.start())


def _tabs_of(widget: QWidget) -> QTabWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QTabWidget):
        parent = parent.parentWidget()
    return parent


def show_unit_search(window: MainWindow, text: str | None = None) -> None:
    window_layout_show_problems(window)
    tabs = _tabs_of(window.search_all)
    if tabs is not None:
        tabs.setCurrentWidget(window.search_all)
    panel = window.search_all
    if text is None:
        text = window.search.text() or panel.box.text()
    if text:
        panel.search(text)
    panel.box.setFocus()
    panel.box.selectAll()


def window_layout_show_problems(window: MainWindow) -> None:
    action = window.actions_.get("show_problems")
    if action is not None and not action.isChecked():
        action.trigger()


def open_unit_hit(window: MainWindow, hit: Hit) -> None:
    """Switch to the hit's area and select its row (the filter is cleared if it hides the row)."""
    window.go_to(hit.area_code, hit.item.id, hit.fields[0] if hit.fields else "")
    window.table.setFocus()


def other_area_hits(window: MainWindow, text: str) -> list[Hit]:
    """The unit's hits of the filter's words outside the open area (the same all-words rule)."""
    from ..unit.search import search_catalogs

    needles = text.lower().split()
    if not needles or window.unit is None or window.is_review_office:
        return []
    try:
        hits = search_catalogs(window.ws, max(needles, key=len))
    except DomainError:
        return []
    here = window.doc.area.code if window.doc.area is not None else None
    return [h for h in hits if h.area_code != here and all(n in haystack(h.item) for n in needles)]


def update_other_areas(window: MainWindow) -> None:
    text = window.search.text().strip()
    hits = other_area_hits(window, text) if text else []
    if not hits:
        window.other_areas.hide()
        return
    here = window.model.rowCount()
    parts = "；".join(f"{name} {n} 条" for _, name, n in per_area(hits)[:4])
    more = "…" if len(per_area(hits)) > 4 else ""
    window.other_areas.setText(f"本领域 {here} 条；{parts}{more} <a href='all'>查看</a>")
    window.other_areas.setToolTip("其他领域也有匹配的事项：单击“查看”列出全部领域的结果")
    window.other_areas.show()


# The review office's window ------------------------------------------------------------------------
def install_office(window: MainWindow) -> None:
    """A dock with the search across all current submissions (Ctrl+Shift+F), opening submission and item."""
    from ..office.search import search_submissions

    panel = SearchPanel(lambda text: search_submissions(window.ws, text), office=True)
    dock = QDockWidget("在全部报送中查找", window)
    dock.setObjectName("office_search")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    window.search_all, window.search_dock = panel, dock
    panel.open_requested.connect(lambda hit: open_office_hit(window, hit))
    window._action("search_all", "在全部报送中查找…", lambda: show_office_search(window), "Ctrl+Shift+F", menu="编辑")


def show_office_search(window: MainWindow) -> None:
    window.search_dock.show()
    window.search_dock.raise_()
    window.search_all.box.setFocus()
    window.search_all.box.selectAll()


def open_office_hit(window: MainWindow, hit: Hit) -> None:
    view = window.review.open_submission(hit.owner_id)
    if view is not None and not view.select_item(hit.item.id):
        window.statusBar().showMessage("该事项不在当前筛选中：请清除报送页上的筛选后再试。", 8000)
