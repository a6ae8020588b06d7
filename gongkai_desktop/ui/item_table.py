"""The items of the open area as a table: one Qt model over the in-memory rows, no widget per cell.

Filtering and sorting happen in Python over a pre-built lowercase "haystack" per row, followed by a
model reset (performance.md: a QSortFilterProxyModel over 1,500 Python rows costs 120–160 ms; this
costs a few). Rows are grouped by 一级事项: in the catalog's own order the level-1 name is shown
on the first row of each group only, and groups get alternating backgrounds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .. import vocab
from ..records import ItemRecord
from .document import AreaDocument
from .tables import Index, RowsModel

MIME_TYPE = "application/x-gongkai-item-id"


def _join(values: list[str]) -> str:
    return "、".join(values)


def _channels(item: ItemRecord) -> str:
    chosen = [f"其他（{item.channel_other}）" if c == "其他" and item.channel_other else c for c in item.channels]
    return _join(chosen)


# (header, field or None, how to show the item in that column)
COLUMNS: list[tuple[str, str | None, Callable[[ItemRecord], str]]] = [
    ("序号", None, lambda i: str(i.position + 1)),
    ("标记", None, lambda i: ""),
    ("一级事项", "level1", lambda i: i.level1),
    ("二级事项", "level2", lambda i: i.level2),
    ("公开内容", "content", lambda i: i.content),
    ("公开依据", "basis", lambda i: i.basis),
    ("公开时限", "time_limit", lambda i: i.time_limit),
    ("公开主体", "publisher", lambda i: i.publisher),
    ("渠道", "channels", _channels),
    ("对象", "audience", lambda i: _join(i.audience)),
    ("方式", "mode", lambda i: i.mode),
    ("层级", "levels", lambda i: _join(i.levels)),
    ("公开属性", "attribute", lambda i: i.attribute),
]
COL_POSITION, COL_MARK, COL_LEVEL1 = 0, 1, 2
COLUMN_OF_FIELD = {f: n for n, (_, f, _) in enumerate(COLUMNS) if f}
DEFAULT_WIDTHS = [48, 64, 120, 170, 240, 200, 150, 110, 170, 80, 60, 70, 80]

GROUP_BACKGROUNDS = (QColor("#ffffff"), QColor("#f2f6fb"))
NA_FOREGROUND = QColor("#9a9a9a")
PROBLEM_FOREGROUND = QColor("#c62828")
OWN_FOREGROUND = QColor("#1f5fa8")


def haystack(item: ItemRecord) -> str:
    """Every text a user might search for, lowercased once per row."""
    parts = [fn(item) for _, _, fn in COLUMNS[2:]]
    parts += [item.remarks, item.legal_ground, item.applicability_reason, item.template_code or ""]
    return "\n".join(parts).lower()


class ItemTableModel(RowsModel):
    """Rows = the open area's items after filter and sort; holds no rules, edits go through commands."""

    headers = tuple(c[0] for c in COLUMNS)

    move_requested = Signal(str, int)  # item id, new position (a drop)

    def __init__(self, doc: AreaDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.rows: list[ItemRecord] = []
        self.hay: dict[str, str] = {}
        self.needles: list[str] = []
        self.sort_column, self.sort_order = COL_POSITION, Qt.SortOrder.AscendingOrder
        self._group_start: list[bool] = []
        self._group_band: list[int] = []
        doc.reset.connect(self.rebuild)
        doc.item_changed.connect(self.refresh_item)
        doc.problems_changed.connect(self._problems_changed)

    # Building the visible rows ------------------------------------------------------------------
    def rebuild(self) -> None:
        self.hay = {i.id: haystack(i) for i in self.doc.items}
        self._apply()

    def set_filter(self, text: str) -> None:
        self.needles = text.lower().split()
        self._apply()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self._apply()

    @property
    def grouped(self) -> bool:
        """Level-1 groups show while rows keep the catalog's order (or are sorted by 一级事项)."""
        return self.sort_column in (COL_POSITION, COL_LEVEL1) and self.sort_order == Qt.SortOrder.AscendingOrder

    def _apply(self) -> None:
        self.beginResetModel()
        items = self.doc.items
        if self.needles:
            hay, needles = self.hay, self.needles
            items = [i for i in items if all(n in hay[i.id] for n in needles)]
        if self.sort_column != COL_POSITION:
            key = self._sort_key(self.sort_column)
            items = sorted(items, key=key)
        if self.sort_order == Qt.SortOrder.DescendingOrder:
            items = list(reversed(items))
        self.rows = list(items)
        self._compute_groups()
        self.endResetModel()

    def _sort_key(self, column: int) -> Callable[[ItemRecord], Any]:
        if column == COL_MARK:
            return lambda i: (not i.not_applicable, -len(self.doc.problems_by_item.get(i.id, ())), i.position)
        fn = COLUMNS[column][2]
        return lambda i: (fn(i), i.position)

    def _compute_groups(self) -> None:
        starts, bands, band, prev = [], [], -1, None
        for item in self.rows:
            start = item.level1 != prev
            if start:
                band += 1
                prev = item.level1
            starts.append(start)
            bands.append(band % 2)
        self._group_start, self._group_band = starts, bands

    def refresh_item(self, item_id: str) -> None:
        rec = self.doc.by_id.get(item_id)
        if rec is None:
            return
        self.hay[item_id] = haystack(rec)
        row = self.row_of(item_id)
        if row < 0:
            return
        level1_changed = self.rows[row].level1 != rec.level1
        self.rows[row] = rec
        if level1_changed:
            self._compute_groups()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
        else:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _problems_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, COL_MARK), self.index(len(self.rows) - 1, COL_MARK))

    def row_of(self, item_id: str) -> int:
        return next((r for r, i in enumerate(self.rows) if i.id == item_id), -1)

    def item_at(self, row: int) -> ItemRecord | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # Qt model interface ---------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, index.row(), col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_MARK and self.doc.problems_by_item.get(item.id):
                return QBrush(PROBLEM_FOREGROUND)
            if col == COL_MARK and item.template_code is None and not item.not_applicable:
                return QBrush(OWN_FOREGROUND)
            return QBrush(NA_FOREGROUND) if item.not_applicable else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BACKGROUNDS[self._group_band[index.row()]]) if self.grouped else None
        if role == Qt.ItemDataRole.FontRole and col == COL_LEVEL1 and self.grouped:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_POSITION, COL_MARK):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None

    def _display(self, item: ItemRecord, row: int, col: int) -> str:
        if col == COL_MARK:
            problems = self.doc.problems_by_item.get(item.id)
            if item.not_applicable:
                return "不适用" + (" ⚠" if problems else "")
            if problems:
                return f"⚠ {len(problems)}"
            return "自有" if item.template_code is None else ""
        if col == COL_LEVEL1 and self.grouped and not self._group_start[row]:
            return ""
        return COLUMNS[col][2](item).replace("\n", " ")

    def _tooltip(self, item: ItemRecord, col: int) -> str | None:
        if col == COL_MARK:
            lines = [p.message for p in self.doc.problems_by_item.get(item.id, ())]
            if item.not_applicable:
                lines.insert(0, f"不适用：{item.applicability_reason or '（未填写理由）'}")
            if item.template_code is None:
                lines.insert(0, f"本单位自有事项（{vocab.SOURCES.get(item.source, item.source)}）")
            return "\n".join(lines) or None
        text = COLUMNS[col][2](item)
        return text if len(text) > 12 else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.doc.editable:
            base |= Qt.ItemFlag.ItemIsDragEnabled
            if not index.isValid() or self.grouped:
                base |= Qt.ItemFlag.ItemIsDropEnabled
        return base

    # Drag and drop to reorder -------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        rows = sorted({i.row() for i in indexes})
        if rows:
            data.setData(MIME_TYPE, QByteArray(self.rows[rows[0]].id.encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:  # noqa: N802
        """A drop asks for a move (through an undo entry); the model itself changes nothing here."""
        if not data.hasFormat(MIME_TYPE) or not self.grouped or not self.doc.editable:
            return False
        item_id = bytes(data.data(MIME_TYPE).data()).decode()
        target_row = parent.row() if parent.isValid() else row
        if target_row < 0 or target_row >= len(self.rows):
            position = len(self.doc.items) - 1
        else:
            position = self.rows[target_row].position
        moving = self.doc.by_id.get(item_id)
        if moving is None or moving.position == position:
            return False
        if not parent.isValid() and moving.position < position:
            position -= 1  # dropped between rows below itself: it lands before the target row
        self.move_requested.emit(item_id, position)
        return False  # the move happens through the undo stack; the view removes nothing


class ItemTableView(QTableView):
    """The table widget: row selection (one or many), arrows to move, drag to reorder, remembered column widths."""

    current_item_changed = Signal(str)  # item id, or "" when nothing is selected

    def __init__(self, model: ItemTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last_id = ""
        self._keep = ""
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # Shift/Ctrl, Ctrl+A: batch edits
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.verticalHeader().setVisible(False)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for col, width in enumerate(DEFAULT_WIDTHS):
            self.setColumnWidth(col, width)
        header.setSortIndicator(COL_POSITION, Qt.SortOrder.AscendingOrder)
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._restore_current)

    def item_model(self) -> ItemTableModel:
        model = self.model()
        assert isinstance(model, ItemTableModel)
        return model

    def current_item_id(self) -> str:
        item = self.item_model().item_at(self.currentIndex().row())
        return item.id if item else ""

    def select_item(self, item_id: str, column: int = COL_LEVEL1 + 1) -> bool:
        row = self.item_model().row_of(item_id)
        if row < 0:
            return False
        index = self.item_model().index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: N802
        super().currentChanged(current, previous)
        item_id = self.current_item_id()
        if item_id != self._last_id:
            self._last_id = item_id
            self.current_item_changed.emit(item_id)

    def _remember_current(self) -> None:
        self._keep = self._last_id

    def _restore_current(self) -> None:
        keep = self._keep
        if keep and self.select_item(keep):
            return
        self._last_id = ""
        if self.item_model().rows:
            self.select_item(self.item_model().rows[0].id)
        else:
            self.current_item_changed.emit("")

    def refresh_row_height(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
