"""导入目录 (Excel, old Excel, Word, WPS): read the file, show what was understood (per sheet or
table: area, rows, columns kept in 备注, refused rows with their reasons, and how the rows meet the
template: matched, own, template items not covered), and only then let the user write it.

Reading is `unit.imports.read_catalog` (it writes nothing); the window runs `apply_import` when the
user confirms, on exactly the rows shown. A bad file shows the core's Chinese message and the 导入
button stays off, so nothing can change. The same dialog opens when such a file is dropped on the
unit's window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..documents.catalog_files import CATALOG_SUFFIXES
from ..documents.import_preview import ImportPreview, SheetPreview
from ..errors import DomainError
from ..records import AreaInfo
from .export_dialog import PathRow
from .widgets import ok_cancel_buttons

AUTO = ""
NO_UNDO_NOTE = ("导入会直接写入本单位的目录：新增文件中有而目录中没有的事项，更新名称相同的事项；目录中原有、"
                "文件中没有的事项保持不变。导入不能用“撤销”（Ctrl+Z）撤回，每处修改都记入修改记录。")
REFUSED_COLOR = QColor("#c62828")
WARNING_COLOR = QColor("#8a6d00")
PLAN_COLOR = QColor("#1b5e20")
Reader = Callable[[Path, str | None], None]
FILE_FILTER = ("目录文件 (" + " ".join(f"*{s}" for s in CATALOG_SUFFIXES) + ");;Excel 工作簿 (*.xlsx *.xls *.et);;"
               "Word 文档 (*.docx *.doc *.wps);;所有文件 (*)")


class ImportXlsxDialog(QDialog):
    """Choose a file (and the area, when it cannot be told), preview, then 导入."""

    def __init__(self, areas: Sequence[AreaInfo], responsible: Sequence[str], reader: Reader,
                 parent: QWidget | None = None) -> None:
        """``reader(path, area_code)`` reads the file (maybe on a worker) and calls `show_preview`/`show_error`."""
        super().__init__(parent)
        self.setWindowTitle("导入目录（Excel / Word）")
        self.reader = reader
        self.preview: ImportPreview | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.path = PathRow("open", "选择目录文件（Excel / Word）", FILE_FILTER)
        self.path.button.clicked.connect(self._path_chosen)
        self.path.edit.editingFinished.connect(self._path_chosen)
        self.area = QComboBox()
        self.area.addItem("按工作表名称或标题自动识别", AUTO)
        ordered = [a for a in areas if a.code in responsible] + [a for a in areas if a.code not in responsible]
        for a in ordered:
            self.area.addItem(f"{a.code} {a.name}", a.code)
        self.area.activated.connect(lambda _i: self.read())
        form.addRow("文件：", self.path)
        form.addRow("导入到领域：", self.area)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addWidget(QLabel("预览（尚未写入）："))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumHeight(220)
        layout.addWidget(self.tree, 1)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        self.skip_refused = QCheckBox()
        self.skip_refused.toggled.connect(lambda _on: self._update())
        self.skip_refused.hide()
        layout.addWidget(self.skip_refused)
        note = QLabel(NO_UNDO_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.buttons, self.ok_button = ok_cancel_buttons(self, "导入")
        layout.addWidget(self.buttons)
        self.setMinimumSize(640, 480)
        self._update()

    # Reading ------------------------------------------------------------------------------------
    def area_code(self) -> str | None:
        return str(self.area.currentData()) or None

    def set_file(self, path: Path | str) -> None:
        self.path.set_path(path)
        self.read()

    def _path_chosen(self) -> None:
        if self.path.path() is not None and (self.preview is None or Path(self.preview.path) != self.path.path()):
            self.read()

    def read(self) -> None:
        path = self.path.path()
        if path is None:
            return
        self.preview = None
        self.tree.clear()
        self.summary.setText("正在读取…")
        self._update()
        self.reader(path, self.area_code())

    def show_error(self, exc: DomainError) -> None:
        """A file that cannot be read: the core's message, nothing to import."""
        self.preview = None
        self.tree.clear()
        self.error.setText(exc.message)
        self.error.show()
        self.summary.setText("")
        self._update()

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.error.hide()
        self.tree.clear()
        for sheet in preview.sheets:
            self.tree.addTopLevelItem(self._sheet_row(sheet))
        self._plan_rows(preview.plan_lines)
        unknown = self.unknown_sheets()
        if unknown:
            self.error.setText(f"无法判断工作表“{'、'.join(unknown)}”属于哪个试点领域，请在上方“导入到领域”中选择。")
            self.error.show()
        refused = len(preview.refused)
        self.summary.setText(f"合计读取 {preview.rows_read} 个事项，无法读取 {refused} 行。")
        self.skip_refused.setText(f"跳过无法读取的 {refused} 行，只导入其余 {preview.rows_read} 个事项")
        self.skip_refused.setChecked(False)
        self.skip_refused.setVisible(refused > 0 and preview.rows_read > 0)
        self._update()

    def _sheet_row(self, s: SheetPreview) -> QTreeWidgetItem:
        if s.skipped:
            return QTreeWidgetItem([f"“{s.name}”：未读取（{s.skipped}）"])
        area = f"{s.area_code} {s.area_name}" if s.area_code else "未识别领域"
        what = "表格" if self.preview is not None and self.preview.kind in ("docx", "doc", "wps") else "工作表"
        top = QTreeWidgetItem([f"{what}“{s.name}”：{area}，表头在第 {s.header_row} 行，"
                               f"读取 {len(s.rows)} 个事项，无法读取 {len(s.refused)} 行"])
        if s.ignored_columns:
            top.addChild(QTreeWidgetItem([f"未导入的列：{'、'.join(s.ignored_columns)}"]))
        for note in s.notes:
            top.addChild(QTreeWidgetItem([f"说明：{note}"]))
        for p in s.refused:
            row = QTreeWidgetItem([f"第 {p.row} 行无法读取：{p.reason}"])
            row.setForeground(0, QBrush(REFUSED_COLOR))
            top.addChild(row)
        for p in s.warnings:
            row = QTreeWidgetItem([f"第 {p.row} 行提示：{p.reason}"])
            row.setForeground(0, QBrush(WARNING_COLOR))
            top.addChild(row)
        top.setExpanded(True)
        return top

    def _plan_rows(self, lines: list[str]) -> None:
        """对应国家标准指引 / 自有 / 未包含 per area, as the core computed them for the write."""
        top: QTreeWidgetItem | None = None
        for line in lines:
            if line.startswith("  ") and top is not None:
                top.addChild(QTreeWidgetItem([line.strip()]))
                top.setExpanded(True)
                continue
            top = QTreeWidgetItem([line])
            top.setForeground(0, QBrush(PLAN_COLOR))
            self.tree.addTopLevelItem(top)

    def lines(self) -> list[str]:
        """Every line of the preview as shown (tests and screen readers)."""
        out = []
        for n in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(n)
            out += [top.text(0)] + [top.child(i).text(0) for i in range(top.childCount())]
        return out

    def unknown_sheets(self) -> list[str]:
        if self.preview is None or self.area_code():
            return []
        return [s.name for s in self.preview.sheets if not s.skipped and s.rows and not s.area_code]

    def refused_lines(self) -> list[str]:
        """The refused rows as shown (tests and screen readers)."""
        out = []
        for n in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(n)
            out += [top.child(i).text(0) for i in range(top.childCount()) if "无法读取：" in top.child(i).text(0)]
        return out

    def _update(self) -> None:
        p = self.preview
        ready = p is not None and p.rows_read > 0 and not self.unknown_sheets() \
            and (not p.refused or self.skip_refused.isChecked())
        self.ok_button.setEnabled(ready)
        self.area.setStyleSheet("QComboBox { border: 2px solid #c62828; }" if self.unknown_sheets() else "")
