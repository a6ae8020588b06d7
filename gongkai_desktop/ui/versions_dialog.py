"""Versions of a catalog (both sides): the kept versions, a comparison of any two with the changes
highlighted, a filter to changed items, a kept version opened read-only, and the 修订对照表.

The dialog holds no rules: a `VersionSource` (the unit's or the office's core functions for one
unit × area) lists the versions, compares two, reads one and writes the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
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

from ..errors import DomainError
from ..records import ItemRecord
from ..revisions import CatalogDiff, ItemChange, describe, show_value
from ..versions import Comparison, VersionInfo
from .tables import Index, RowsModel, read_only_rows

KIND_BG = {"added": QColor("#dcf3e2"), "removed": QColor("#fbe0e0"), "changed": QColor("#ffe98f"),
           "moved": QColor("#dbe9fb")}
HEADERS = ("序号", "变化", "一级事项", "二级事项", "修改的要素", "原内容", "修改后")
TEXT_FIELDS = ("content", "basis", "time_limit", "publisher")


@dataclass(slots=True)
class VersionSource:
    """The core functions for one unit × area, bound by the caller (unit or office)."""

    title: str
    list_versions: Callable[[], list[VersionInfo]]
    compare: Callable[[str, str], Comparison]
    items: Callable[[VersionInfo], list[ItemRecord]]
    export: Callable[[Comparison, Path], Path]


@dataclass(slots=True)
class DiffRow:
    item: ItemRecord
    change: ItemChange | None  # None: the item did not change


class DiffModel(RowsModel):
    """The newer version's items (or only the changed ones), each change highlighted."""

    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all_rows: list[DiffRow] = []
        self.changed_rows: list[DiffRow] = []
        self.rows: list[DiffRow] = []
        self.changed_only = True

    def set_diff(self, diff: CatalogDiff, newer: list[ItemRecord]) -> None:
        """Changed only: the diff's order (a removed item where it was); all: the newer version's items,
        the removed ones after them."""
        by_id = diff.by_id
        self.changed_rows = [DiffRow(c.item, c) for c in diff.changes]
        self.all_rows = [DiffRow(i, by_id.get(i.id)) for i in newer] + [
            DiffRow(c.item, c) for c in diff.changes if c.kind == "removed"]
        self._apply()

    def set_changed_only(self, on: bool) -> None:
        self.changed_only = on
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self.rows = list(self.changed_rows if self.changed_only else self.all_rows)
        self.endResetModel()

    def text(self, row: DiffRow, col: int) -> str:
        c, i = row.change, row.item
        if col == 0:
            return str(i.position + 1)
        if col == 1:
            return c.kind_label if c else ""
        if col == 2:
            return i.level1
        if col == 3:
            return i.level2
        if c is None:
            return ""
        if col == 4:
            return describe(c.fields) + ("（调整顺序）" if c.moved else "")
        side = 0 if col == 5 else 1
        if c.kind == "added":
            return "" if side == 0 else "；".join(f"{describe([f])}：{show_value(f, getattr(i, f))}" for f in TEXT_FIELDS)
        if c.kind == "removed":
            return "（已删除）" if side == 1 else "；".join(f"{describe([f])}：{show_value(f, getattr(i, f))}"
                                                       for f in TEXT_FIELDS)
        return "；".join(f"{describe([f])}：{show_value(f, v[side])}" for f, v in c.fields.items())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.text(row, index.column()) or None
        if role == Qt.ItemDataRole.BackgroundRole and row.change is not None:
            return QBrush(KIND_BG[row.change.kind])
        if role == Qt.ItemDataRole.ForegroundRole and row.change is not None and row.change.kind == "removed":
            return QBrush(QColor("#8a2b2b"))
        return None


class ItemsModel(RowsModel):
    """A kept version's items, read-only."""

    headers = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体")

    def __init__(self, items: list[ItemRecord], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = items

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        i = self.rows[index.row()]
        return (str(i.position + 1), i.level1, i.level2, i.content, i.basis, i.time_limit, i.publisher,
                show_value("channels", i.channels))[index.column()]


class VersionItemsDialog(QDialog):
    """One kept version, read-only (nothing here edits)."""

    def __init__(self, title: str, version: VersionInfo, items: list[ItemRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} · {version.label}（只读）")
        self.resize(1100, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{version.label}，依据国家标准指引 {version.template_version or '—'} 版，"
                                f"共 {len(items)} 项。已保留的版本只能查看，不能修改。"))
        self.table = QTableView()
        self.model = ItemsModel(items, self)
        self.table.setModel(self.model)
        read_only_rows(self.table, (44, 110, 150, 260, 200, 140, 110, 160))
        layout.addWidget(self.table, 1)


class VersionsDialog(QDialog):
    """The version list on the left; on the right the comparison of two versions."""

    def __init__(self, source: VersionSource, parent: QWidget | None = None,
                 on_error: Callable[[DomainError], None] | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.on_error = on_error or (lambda exc: None)
        self.comparison: Comparison | None = None
        self.versions: list[VersionInfo] = []
        self.setWindowTitle(f"版本与修订对照 · {source.title}")
        self.resize(1280, 680)
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel("保留的版本（只读）："))
        self.version_list = QListWidget()
        col.addWidget(self.version_list, 1)
        self.open_button = QPushButton("打开所选版本（只读）")
        col.addWidget(self.open_button)
        split.addWidget(left)
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("比较："))
        self.old_box, self.new_box = QComboBox(), QComboBox()
        top.addWidget(self.old_box)
        top.addWidget(QLabel("→"))
        top.addWidget(self.new_box)
        self.changed_only = QCheckBox("只显示有变化的事项")
        self.changed_only.setChecked(True)
        top.addWidget(self.changed_only)
        top.addStretch(1)
        self.export_button = QPushButton("导出修订对照表…")
        top.addWidget(self.export_button)
        rcol.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        rcol.addWidget(self.summary)
        legend = QLabel("<span style='background:#dcf3e2'>　新增　</span> <span style='background:#fbe0e0'>　删除　</span> "
                        "<span style='background:#ffe98f'>　修改　</span> <span style='background:#dbe9fb'>　移动　</span>")
        rcol.addWidget(legend)
        self.model = DiffModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table, (44, 70, 110, 160, 130, 280, 280))
        rcol.addWidget(self.table, 1)
        split.addWidget(right)
        split.setSizes([280, 1000])
        layout.addWidget(split, 1)
        self.old_box.currentIndexChanged.connect(lambda _n: self.compare())
        self.new_box.currentIndexChanged.connect(lambda _n: self.compare())
        self.changed_only.toggled.connect(self.model.set_changed_only)
        self.open_button.clicked.connect(self.open_selected)
        self.version_list.itemDoubleClicked.connect(lambda _i: self.open_selected())
        self.export_button.clicked.connect(self.export)

    # Loading ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            self.versions = self.source.list_versions()
        except DomainError as exc:
            self.on_error(exc)
            return
        self.version_list.clear()
        for box in (self.old_box, self.new_box):
            box.blockSignals(True)
            box.clear()
        for n, v in enumerate(self.versions):
            when = f"　{v.at:%Y-%m-%d}" if v.at else ""
            entry = QListWidgetItem(f"{v.label}{when}\n模板 {v.template_version or '—'} 版，{v.item_count} 项")
            entry.setData(Qt.ItemDataRole.UserRole, n)
            self.version_list.addItem(entry)
            for box in (self.old_box, self.new_box):
                box.addItem(v.label, n)
        if len(self.versions) >= 2:
            base = _default_base(self.versions)
            self.old_box.setCurrentIndex(base)
            self.new_box.setCurrentIndex(len(self.versions) - 1)
        for box in (self.old_box, self.new_box):
            box.blockSignals(False)
        self.compare()

    def _spec(self, box: QComboBox) -> str | None:
        n = box.currentData()
        if n is None:
            return None
        v = self.versions[int(n)]
        return "草稿" if v.ref.kind == "draft" else str(v.number)

    def select(self, old: int, new: int) -> None:
        """Compare the versions at positions ``old`` and ``new`` of the list."""
        self.old_box.setCurrentIndex(old)
        self.new_box.setCurrentIndex(new)

    def compare(self) -> None:
        first, second = self._spec(self.old_box), self._spec(self.new_box)
        enough = len(self.versions) >= 2 and first is not None and second is not None
        self.export_button.setEnabled(enough)
        if not enough:
            self.comparison = None
            self.summary.setText("只有一个版本。目录每次提交报送的版本都会保留，之后可在这里比较。")
            self.model.set_diff(CatalogDiff([], 0, 0), [])
            return
        try:
            self.comparison = self.source.compare(first, second)
            newer = self.source.items(self.versions[int(self.new_box.currentData())])
        except DomainError as exc:
            self.on_error(exc)
            return
        self.model.set_diff(self.comparison.diff, newer)
        self.summary.setText(f"{self.comparison.old.label} → {self.comparison.new.label}：{self.comparison.diff.summary()}")

    # Actions ----------------------------------------------------------------------------------------
    def open_selected(self) -> VersionItemsDialog | None:
        entry = self.version_list.currentItem()
        if entry is None:
            return None
        v = self.versions[int(entry.data(Qt.ItemDataRole.UserRole))]
        try:
            items = self.source.items(v)
        except DomainError as exc:
            self.on_error(exc)
            return None
        dialog = VersionItemsDialog(self.source.title, v, items, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def export(self, path: Path | None = None) -> Path | None:
        """The 修订对照表 of the comparison shown (Word or Excel by the name's extension)."""
        if self.comparison is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "导出修订对照表", f"{self.comparison.title}.docx",
                                                    "Word 文档 (*.docx);;Excel 工作簿 (*.xlsx)")
            if not chosen:
                return None
            path = Path(chosen)
            if path.suffix.lower() not in (".docx", ".xlsx"):
                path = path.with_name(path.name + ".docx")
        try:
            return self.source.export(self.comparison, path)
        except DomainError as exc:
            self.on_error(exc)
            return None


def _default_base(versions: list[VersionInfo]) -> int:
    """The version approved last (else the one before the newest): what a reviewer compares with."""
    earlier = list(range(len(versions) - 1))
    return next((n for n in reversed(earlier) if versions[n].state == "approved"), earlier[-1])
