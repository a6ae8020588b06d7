"""The 全县汇总 tab: one area's county catalog as the exports will write it, before anything is exported.

The reviewer picks an area (those with approved catalogs first), sees the merged rows with the units
that disclose each one and the hints the aggregation raises (townships writing the same item
differently), which responsible units are still not approved, the counts and the area's negative
list, and can export just this area. The rows come from `review.aggregate.aggregate_area`, which
is fast enough (< 100 ms) to run on the GUI thread; the export is a job like the menu's.

The tab reloads when a submission is decided or imported while it is shown, otherwise the next
time it is shown (a decision in another tab marks it stale).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import vocab
from ...errors import DomainError
from ...office import aggregate, reports, submissions
from ...office.aggregate import AggregateRow, AreaAggregate, NegativeEntry
from ...office.aggregate_rows import MERGED_SCOPES
from ...reference import list_areas
from ...settings import COUNTY
from ..tables import Index, RowsModel, read_only_rows
from .aggregate_actions import OutputActions
from .common import ReviewContext

FLAG_BG = QColor("#ffe0b2")
MISSING_FG = "#c62828"
MISSING_SHOWN = 8  # the rest in the tooltip, so a county of 30 units keeps the line short
COLUMNS = ("一级事项", "二级事项", "公开内容", "公开时限", "公开属性", "公开方式", "层级", "公开单位", "范围", "审核提示",
           "自上次发布")
CHANGED_BG = QColor("#e1d5f0")  # changed since the last publication (动态调整)
NEGATIVE_COLUMNS = ("单位", "一级事项", "二级事项", "公开内容", "不予公开依据")


def units_text(row: AggregateRow) -> str:
    """The units of a row; a township row also says how many townships share it."""
    text = "、".join(row.units)
    merged = MERGED_SCOPES.get(row.scope)
    return f"{text}（{len(row.units)} {merged.counter}）" if merged else text


def row_cells(row: AggregateRow) -> tuple[str, ...]:
    i = row.item
    return (i.level1, i.level2, i.content, i.time_limit, i.attribute, i.mode, "、".join(i.levels), units_text(row),
            vocab.AGGREGATE_SCOPES.get(row.scope, row.scope), "；".join(row.flags), row.change)


def since_text(agg: AreaAggregate) -> str:
    """What changed since the last publication (once a later round was opened)."""
    if not agg.publication:
        return ""
    added = sum(1 for r in agg.rows if r.change == "新增")
    changed = sum(1 for r in agg.rows if r.change == "修改")
    removed = "、".join(f"{i.level2 or i.level1}（{u}）" for u, i in agg.removed_since[:10])
    return (f"\n自上次发布（{agg.publication}基线）以来：新增 {added} 项，修改 {changed} 项，删除 {len(agg.removed_since)} 项"
            + (f"：{removed}" if removed else "") + "。")


def counts_text(counter: Counter) -> str:
    return "、".join(f"{k} {v}" for k, v in counter.most_common()) or "无"


class AggregateModel(RowsModel):
    """The area's aggregate rows; ``flagged_only`` hides the rows without 审核提示."""

    headers = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all_rows: list[AggregateRow] = []
        self.rows: list[AggregateRow] = []
        self.flagged_only = False
        self.changed_only = False

    def set_rows(self, rows: list[AggregateRow]) -> None:
        self.all_rows = rows
        self._refilter()

    def set_flagged_only(self, on: bool) -> None:
        self.flagged_only = on
        self._refilter()

    def set_changed_only(self, on: bool) -> None:
        """Only the rows new or changed since the last publication."""
        self.changed_only = on
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self.rows = [r for r in self.all_rows if (r.flags or not self.flagged_only) and (r.change or not self.changed_only)]
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = row_cells(row)[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(row.flags) if row.flags else (text or None)
            return text
        if role == Qt.ItemDataRole.BackgroundRole and row.flags:
            return QBrush(FLAG_BG)
        if role == Qt.ItemDataRole.BackgroundRole and row.change:
            return QBrush(CHANGED_BG)
        return None


class NegativeModel(RowsModel):
    """The area's 不予公开 items with their unit and legal ground (负面清单)."""

    headers = NEGATIVE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[NegativeEntry] = []

    def set_rows(self, rows: list[NegativeEntry]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.rows[index.row()]
        return (e.unit_name, e.item.level1, e.item.level2, e.item.content, e.item.legal_ground)[index.column()]


class AreaExports(OutputActions):
    """The menu's export path (job, progress, 打开文件) limited to one area."""

    def export_area(self, fmt: str, area_code: str, area_name: str) -> None:
        label = "Excel" if fmt == "xlsx" else "Word"
        county = str(self.ctx.ws.get(COUNTY))
        name = f"{county}{area_name}领域政务公开事项标准目录（汇总）.{fmt}"
        path = self.ctx.chooser.save_file(self.parent, f"导出本领域汇总目录（{label}）", name, f"{label} 文件 (*.{fmt})")
        if path is None:
            return
        path, ws = path.with_suffix(f".{fmt}"), self.ctx.ws
        self._run(f"正在导出“{area_name}”汇总目录",
                  lambda progress, cancelled: reports.export_aggregate(ws, path, [area_code], None, progress, cancelled),
                  f"已导出“{area_name}”领域的汇总目录（仅含审核通过的目录）。")


class AggregateView(QWidget):
    """The 全县汇总 tab."""

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exports = AreaExports(ctx, self)
        self.agg: AreaAggregate | None = None
        self.stale = True
        self.model = AggregateModel(self)
        self.negative_model = NegativeModel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        for label in (self.summary, self.missing_label, self.counts_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addWidget(self._tables(), 1)
        self.area_box.currentIndexChanged.connect(lambda _n: self.load_area())
        self.flagged_box.toggled.connect(self.model.set_flagged_only)
        self.changed_box.toggled.connect(self.model.set_changed_only)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.docx_button.clicked.connect(lambda: self.export("docx"))
        ctx.submission_changed.connect(lambda _id: self.changed())
        ctx.submissions_imported.connect(self.changed)

    def _top_bar(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(QLabel("领域："))
        self.area_box = QComboBox()
        self.area_box.setMinimumContentsLength(22)
        top.addWidget(self.area_box)
        self.flagged_box = QCheckBox("只看有提示的事项")
        self.flagged_box.setToolTip("只列出各乡镇写法不一致等需要审核人员留意的事项（橙色底）")
        top.addWidget(self.flagged_box)
        self.changed_box = QCheckBox("只看自上次发布以来的变化")
        self.changed_box.setToolTip("新一轮动态调整开启后：只列出自上次发布（基线）以来新增或修改的事项（紫色底）")
        top.addWidget(self.changed_box)
        top.addStretch(1)
        self.xlsx_button = QPushButton("导出本领域 Excel…")
        self.docx_button = QPushButton("导出本领域 Word…")
        top.addWidget(self.xlsx_button)
        top.addWidget(self.docx_button)
        self.publish_button = QPushButton("发布到网站…")  # the whole county; connected by the workbench
        self.publish_button.setToolTip("把审核通过的全县目录发布为静态网站，供政府信息公开专栏使用")
        top.addWidget(self.publish_button)
        return top

    def _tables(self) -> QSplitter:
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table, (110, 130, 220, 110, 70, 70, 90, 200, 70, 200, 80))
        self.negative_table = QTableView()
        self.negative_table.setModel(self.negative_model)
        read_only_rows(self.negative_table, (120, 110, 130, 240, 300), dense=True)
        self.negative_box = QGroupBox("负面清单")
        self.negative_box.setCheckable(True)  # unchecking folds the list away
        self.negative_box.toggled.connect(self.negative_table.setVisible)
        box_layout = QVBoxLayout(self.negative_box)
        box_layout.setContentsMargins(4, 4, 4, 4)
        box_layout.addWidget(self.negative_table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.negative_box)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([480, 140])
        return split

    # Loading --------------------------------------------------------------------------------------------
    def area_code(self) -> str | None:
        code = self.area_box.currentData()
        return str(code) if code else None

    def reload(self) -> None:
        """The area list (approved areas first) and the chosen area's aggregate, from the core."""
        self.stale = False
        keep = self.area_code()
        try:
            areas = list_areas(self.ctx.ws)
            approved = self._approved_units()
        except DomainError as exc:
            self.ctx.show_error(exc)
            return
        with_rows = [a for a in areas if approved.get(a.code)]
        empty = [a for a in areas if not approved.get(a.code)]
        self.area_box.blockSignals(True)
        self.area_box.clear()
        for a in with_rows:
            self.area_box.addItem(f"{a.code} {a.name}（{approved[a.code]} 个单位已通过）", a.code)
        if with_rows and empty:
            self.area_box.insertSeparator(self.area_box.count())
        for a in empty:
            self.area_box.addItem(f"{a.code} {a.name}（暂无通过的目录）", a.code)
            self.area_box.setItemData(self.area_box.count() - 1, QBrush(QColor("#888888")),
                                      Qt.ItemDataRole.ForegroundRole)
        found = self.area_box.findData(keep) if keep else -1
        self.area_box.setCurrentIndex(found if found >= 0 else 0)
        self.area_box.blockSignals(False)
        self.load_area()

    def _approved_units(self) -> dict[str, int]:
        """Area code → how many units have an approved version (a resubmission keeps the old approval)."""
        subs = submissions.list_submissions(self.ctx.ws, "approved", current_only=False)
        pairs = {(s.unit_code, s.area_code) for s in subs}
        return dict(Counter(area for _unit, area in pairs))

    def select_area(self, code: str) -> None:
        if self.stale:
            self.reload()
        self.area_box.setCurrentIndex(self.area_box.findData(code))

    def load_area(self) -> None:
        code = self.area_code()
        if code is None:
            return
        try:
            agg = aggregate.aggregate_area(self.ctx.ws, code)
        except DomainError as exc:
            self.ctx.show_error(exc)
            return
        self.agg = agg
        self.model.set_rows(agg.rows)
        self.negative_model.set_rows(agg.negative)
        self._describe(agg)

    def _describe(self, agg: AreaAggregate) -> None:
        flagged = sum(1 for r in agg.rows if r.flags)
        self.summary.setText(
            f"“{agg.area_name}”：汇总 {len(agg.rows)} 行（{agg.counts.items} 个事项），其中 {flagged} 行有审核提示；"
            f"已纳入 {len(agg.units)} 个单位" + (f"：{'、'.join(agg.units)}。" if agg.units else "。"))
        if agg.missing_units:
            names = agg.missing_units
            shown = "、".join(names[:MISSING_SHOWN]) + (" 等" if len(names) > MISSING_SHOWN else "")
            self.missing_label.setText(f"尚未审核通过（{len(names)} 个单位）：{shown}")
            self.missing_label.setToolTip("、".join(names))
            self.missing_label.setStyleSheet(f"color: {MISSING_FG};")
        else:
            self.missing_label.setText("负责本领域的单位均已审核通过。")
            self.missing_label.setStyleSheet("")
            self.missing_label.setToolTip("")
        c = agg.counts
        self.counts_label.setText(f"按公开属性：{counts_text(c.by_attribute)}；按公开方式：{counts_text(c.by_mode)}；"
                                  f"按公开层级：{counts_text(c.by_level)}" + since_text(agg))
        self.changed_box.setVisible(bool(agg.publication))
        self.negative_box.setTitle(f"负面清单（不予公开事项 {len(agg.negative)} 项）")
        for button in (self.xlsx_button, self.docx_button):
            button.setEnabled(bool(agg.rows))
            button.setToolTip("" if agg.rows else "本领域还没有审核通过的目录")

    # Refresh and export ---------------------------------------------------------------------------------
    def changed(self) -> None:
        """A decision or an import: reload now if shown, else when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self.reload()

    def export(self, fmt: str) -> None:
        if self.agg is not None and self.agg.rows:
            self.exports.export_area(fmt, self.agg.area_code, self.agg.area_name)
