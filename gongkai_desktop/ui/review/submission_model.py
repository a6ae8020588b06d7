"""A submission's items as a table: the unit's national columns plus the reviewer's markers.

Markers: 结论 (合格 / 需修改), 变化 against the unit's previous submission (新增 / 修改 N 处), 指引
against the national template (不适用 / 改动 / 自增), 问题 and 意见 counts. Cells of fields that
changed since the previous submission are highlighted, with the old value in the tooltip; fields
with a review comment are underlined. No rules here: verdicts and comments go through commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ... import vocab
from ...office.decisions import VERDICTS
from ...office.inspect import SubmissionData
from ...records import ItemRecord
from ..item_table import COLUMNS as ITEM_COLUMNS
from ..tables import Index, RowsModel

MARKERS = ("序号", "结论", "变化", "指引", "问题", "意见")
COL_POS, COL_VERDICT, COL_CHANGE, COL_TEMPLATE, COL_PROBLEMS, COL_COMMENTS = range(6)
FIELD_COLUMNS = ITEM_COLUMNS[2:]  # (header, field, text) from 一级事项 to 公开属性
COLUMN_OF_FIELD = {f: len(MARKERS) + n for n, (_, f, _) in enumerate(FIELD_COLUMNS) if f}
CHANGED_BG = QColor("#ffe98f")
ADDED_BG = QColor("#dcf3e2")
NA_FG = QColor("#9a9a9a")
VERDICT_FG = {"ok": QColor("#2e7d32"), "change": QColor("#d84315")}
FILTERS = (("全部事项", "all"), ("有变化的", "changed"), ("有问题的", "problems"), ("需修改的", "change"),
           ("尚未审核的", "open"), ("有意见的", "comments"))


def show_value(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（空）"
    if value in vocab.APPLICABILITY:
        return vocab.APPLICABILITY[str(value)]
    return str(value) if value not in (None, "") else "（空）"


class SubmissionItemModel(RowsModel):
    headers = MARKERS + tuple(c[0] for c in FIELD_COLUMNS)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.data_: SubmissionData | None = None
        self.rows: list[ItemRecord] = []
        self.filter = "all"
        self.needle = ""

    def set_data(self, data: SubmissionData) -> None:
        self.data_ = data
        self._apply()

    def set_filter(self, kind: str, needle: str = "") -> None:
        self.filter, self.needle = kind, needle.strip().lower()
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        d = self.data_
        rows = list(d.items) if d else []
        if d is not None and self.filter != "all":
            rows = [i for i in rows if self._keep(d, i)]
        if self.needle:
            rows = [i for i in rows if self.needle in " ".join(fn(i) for _, _, fn in FIELD_COLUMNS).lower()]
        self.rows = rows
        self.endResetModel()

    def _keep(self, d: SubmissionData, item: ItemRecord) -> bool:
        if self.filter == "changed":
            return item.id in d.changes
        if self.filter == "problems":
            return bool(d.problems.get(item.id))
        if self.filter == "change":
            return d.verdicts.get(item.id) == "change"
        if self.filter == "open":
            return item.id not in d.verdicts
        return bool(d.item_comments(item.id))

    def refresh_review(self) -> None:
        """Verdicts or comments changed: repaint the marker columns (rows stay, unless filtered by them)."""
        if self.filter in ("change", "open", "comments"):
            self._apply()
        elif self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))

    def item(self, row: int) -> ItemRecord | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, item_id: str) -> int:
        return next((n for n, i in enumerate(self.rows) if i.id == item_id), -1)

    @staticmethod
    def field_of(column: int) -> str | None:
        n = column - len(MARKERS)
        return FIELD_COLUMNS[n][1] if 0 <= n < len(FIELD_COLUMNS) else None

    # Qt model ---------------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item, d = self.item(index.row()), self.data_
        if item is None or d is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(d, item, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(d, item, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_VERDICT:
                return QBrush(VERDICT_FG.get(d.verdicts.get(item.id, ""), QColor("#333")))
            if col == COL_PROBLEMS and d.problems.get(item.id):
                return QBrush(QColor("#c62828"))
            if item.not_applicable:
                return QBrush(NA_FG)
        if role == Qt.ItemDataRole.FontRole:
            field = self.field_of(col)
            commented = field is not None and any(c.field == field for c in d.item_comments(item.id))
            if commented or col == COL_VERDICT:
                font = QFont()
                font.setUnderline(commented)
                font.setBold(col == COL_VERDICT)
                return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(d, item, col)
        return None

    def _text(self, d: SubmissionData, item: ItemRecord, col: int) -> str:
        if col == COL_POS:
            return str(item.position + 1)
        if col == COL_VERDICT:
            return VERDICTS.get(d.verdicts.get(item.id, ""), "")
        if col == COL_CHANGE:
            change = d.changes.get(item.id)
            if change is None:
                return ""
            return "新增" if change.kind == "added" else f"修改 {len(change.fields)} 处"
        if col == COL_TEMPLATE:
            if not item.template_code:
                return "自增"
            dev = d.template.get(item.id)
            return "" if dev is None else ("不适用" if dev.kind == "not_applicable" else "改动")
        if col == COL_PROBLEMS:
            n = len(d.problems.get(item.id, []))
            return str(n) if n else ""
        if col == COL_COMMENTS:
            n = len(d.item_comments(item.id))
            return str(n) if n else ""
        return FIELD_COLUMNS[col - len(MARKERS)][2](item)

    def _background(self, d: SubmissionData, item: ItemRecord, col: int) -> QBrush | None:
        change = d.changes.get(item.id)
        if change is None:
            return None
        if change.kind == "added":
            return QBrush(ADDED_BG)
        field = self.field_of(col)
        changed = set(change.fields)
        if (field is not None and field in changed) or (col == COL_CHANGE) \
                or (field == "channels" and "channel_other" in changed):
            return QBrush(CHANGED_BG)
        return None

    def _tooltip(self, d: SubmissionData, item: ItemRecord, col: int) -> str | None:
        field = self.field_of(col)
        change = d.changes.get(item.id)
        if col == COL_CHANGE and change is not None and change.kind == "changed":
            return "与上次报送相比修改了：" + "、".join(vocab.FIELD_LABELS.get(f, f) for f in change.fields)
        if field and change is not None and field in change.fields:
            return f"上次报送为：{show_value(change.fields[field][0])}"
        dev = d.template.get(item.id)
        if col == COL_TEMPLATE and dev is not None:
            if dev.kind == "not_applicable":
                return f"不适用理由：{item.applicability_reason or '（未填写）'}"
            return "与国家标准指引不同：" + "、".join(vocab.FIELD_LABELS.get(f, f) for f in dev.fields)
        if col == COL_PROBLEMS and d.problems.get(item.id):
            return "\n".join(p.message for p in d.problems[item.id])
        return None
