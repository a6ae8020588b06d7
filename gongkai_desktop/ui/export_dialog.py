"""导出 Excel / Word: which areas, how the table prints, where the file goes; plus the pieces the
other unit dialogs share (a file row, an area checklist, "open the file?" after writing one).

The dialog only collects choices; `documents.ops.export_catalogs` does the work, on a worker
thread (`jobs.run_job`), and the window then offers to open what was written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..documents.layout import ExportOptions
from ..records import CatalogInfo
from ..settings import LAST_FOLDER
from . import settings
from .widgets import ok_cancel_buttons

FORMATS = {"xlsx": ("Excel", "Excel 工作簿 (*.xlsx)"), "docx": ("Word", "Word 文档 (*.docx)")}
CHANNEL_STYLES = [("checklist", "■□ 清单（列出全部渠道，■ 为选中）"), ("chosen_only", "只列所选渠道"),
                  ("tick_columns", "每个渠道一列（√）")]
LEVEL_STYLES = [("standard", "县级 / 乡级"), ("zhejiang", "市级 / 镇街乡 / 村（浙江）")]
PAPERS = [("A4", "A4 横向"), ("A3", "A3 横向")]
SCOPE_CURRENT, SCOPE_CHOSEN, SCOPE_ALL = "current", "chosen", "all"
ROLE_CODE = Qt.ItemDataRole.UserRole

# How a file is opened; tests replace it so nothing is actually opened.
OPENER: Callable[[QUrl], bool] = QDesktopServices.openUrl


# Shared pieces ----------------------------------------------------------------------------------

def remembered_dir(key: str) -> Path:
    """The folder last used for ``key`` (export, submission …), else the user's documents folder."""
    saved = settings.value(LAST_FOLDER.of(key))
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remember_dir(key: str, folder: Path) -> None:
    settings.set_value(LAST_FOLDER.of(key), str(folder))


def safe_filename(name: str) -> str:
    """A file name Windows accepts (the names here come from unit and area names)."""
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name).strip() or "导出"


class PathRow(QWidget):
    """A path field with a 浏览… button (a file to save, a file to open, or a folder)."""

    changed = Signal(str)

    def __init__(self, mode: str, title: str, filter_: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode, self.title, self.filter = mode, title, filter_
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.textChanged.connect(self.changed)
        self.button = QPushButton("浏览…")
        self.button.setAutoDefault(False)  # Enter in a dialog means its main button, not 浏览…
        self.button.clicked.connect(self.browse)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None

    def set_path(self, path: Path | str) -> None:
        self.edit.setText(str(path))

    def browse(self) -> None:
        current = self.edit.text().strip()
        if self.mode == "dir":
            chosen = QFileDialog.getExistingDirectory(self, self.title, current)
        elif self.mode == "save":
            chosen, _ = QFileDialog.getSaveFileName(self, self.title, current, self.filter)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.title, current, self.filter)
        if chosen:
            self.set_path(chosen)


def catalog_line(info: CatalogInfo) -> str:
    status = vocab.CATALOG_STATUSES.get(info.status, info.status)
    problems = f"，⚠ {info.problem_count} 个问题" if info.problem_count else "，无问题"
    return f"{info.area_code} {info.area_name}　{info.item_count} 项{problems}　{status}"


class AreaChecklist(QListWidget):
    """The unit's catalogs as checkable lines (领域 · 事项数 · 问题数 · 状态)."""

    checked_changed = Signal()

    def __init__(self, infos: Sequence[CatalogInfo], checked: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.infos = {i.area_code: i for i in infos}
        for info in infos:
            row = QListWidgetItem(catalog_line(info))
            row.setData(ROLE_CODE, info.area_code)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            row.setCheckState(Qt.CheckState.Checked if info.area_code in checked else Qt.CheckState.Unchecked)
            if info.problem_count:
                row.setForeground(Qt.GlobalColor.darkRed)
            self.addItem(row)
        self.itemChanged.connect(lambda _row: self.checked_changed.emit())
        rows = max(2, min(len(infos), 6))
        self.setFixedHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4)

    def checked_codes(self) -> list[str]:
        return [str(self.item(n).data(ROLE_CODE)) for n in range(self.count())
                if self.item(n).checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes: Sequence[str]) -> None:
        for n in range(self.count()):
            row = self.item(n)
            row.setCheckState(Qt.CheckState.Checked if row.data(ROLE_CODE) in codes else Qt.CheckState.Unchecked)


def offer_open(parent: QWidget, title: str, text: str, path: Path, open_file: bool = True) -> QMessageBox:
    """After writing a file: 打开文件 / 打开所在文件夹 / 关闭 (window-modal, not blocking)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    file_button = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole) if open_file else None
    folder_button = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    close_button = box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(file_button or folder_button)
    box.setEscapeButton(close_button)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def clicked(button: object) -> None:
        if button is file_button:
            OPENER(QUrl.fromLocalFile(str(path)))
        elif button is folder_button:
            OPENER(QUrl.fromLocalFile(str(path.parent)))

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def combo(options: list[tuple[str, str]], current: str = "") -> QComboBox:
    box = QComboBox()
    for value, text in options:
        box.addItem(text, value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


# The export dialog ------------------------------------------------------------------------------

class ExportDialog(QDialog):
    """导出目录: scope (current area / chosen / all), format, print options and the file."""

    def __init__(self, unit_name: str, infos: Sequence[CatalogInfo], current_area: str | None, fmt: str = "xlsx",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出目录")
        self.unit_name = unit_name
        self.infos = list(infos)
        self.current_area = current_area if current_area in {i.area_code for i in infos} else None
        self._auto_path = ""
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"导出 {unit_name} 的政务公开事项标准目录（国家目录格式）。"))
        layout.addLayout(self._scope_box())
        form = QFormLayout()
        self.format = combo([(k, v[0]) for k, v in FORMATS.items()], fmt)
        self.channels = combo(CHANNEL_STYLES)
        self.levels = combo(LEVEL_STYLES)
        self.paper = combo(PAPERS)
        self.skip_na = QCheckBox("不导出标记为“不适用”的事项")
        self.all_columns = QCheckBox("打印全部列（另加公开属性、不予公开依据、适用情况、来源、模板编号、五公开、备注）")
        self.all_columns.setToolTip("默认只打印国家目录表格的列，A4 纸上字号不小于 9 磅；打印全部列时建议选 A3 纸。")
        self.path = PathRow("save", "导出到", "")
        form.addRow("格式：", self.format)
        form.addRow("公开渠道：", self.channels)
        form.addRow("公开层级：", self.levels)
        form.addRow("纸张：", self.paper)
        form.addRow("", self.skip_na)
        form.addRow("", self.all_columns)
        form.addRow("保存为：", self.path)
        layout.addLayout(form)
        self.buttons, self.ok_button = ok_cancel_buttons(self, "导出")
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(lambda _i: self._suggest_path())
        self.path.changed.connect(lambda _t: self._update())
        self.setMinimumWidth(560)
        self._scope_changed()

    def _scope_box(self) -> QVBoxLayout:
        col = QVBoxLayout()
        self.scope_group = QButtonGroup(self)
        current = next((i for i in self.infos if i.area_code == self.current_area), None)
        self.scope_current = QRadioButton(f"当前领域（{current.area_name}）" if current else "当前领域（未开始编制，不可导出）")
        self.scope_chosen = QRadioButton("选择领域：")
        self.scope_all = QRadioButton(f"本单位全部已编制的领域（{len(self.infos)} 个）")
        for n, button in enumerate((self.scope_current, self.scope_chosen, self.scope_all)):
            self.scope_group.addButton(button, n)
            col.addWidget(button)
            if button is self.scope_chosen:
                self.checklist = AreaChecklist(self.infos, [self.current_area] if self.current_area else [])
                col.addWidget(self.checklist)
        self.scope_current.setEnabled(current is not None)
        (self.scope_current if current else self.scope_all).setChecked(True)
        self.scope_group.idToggled.connect(lambda _id, on: on and self._scope_changed())
        self.checklist.checked_changed.connect(self._scope_changed)
        return col

    def scope(self) -> str:
        return (SCOPE_CURRENT, SCOPE_CHOSEN, SCOPE_ALL)[self.scope_group.checkedId()]

    def area_codes(self) -> list[str] | None:
        """The areas to export; None means every catalog of the unit."""
        scope = self.scope()
        if scope == SCOPE_CURRENT:
            return [self.current_area] if self.current_area else []
        return self.checklist.checked_codes() if scope == SCOPE_CHOSEN else None

    def fmt(self) -> str:
        return str(self.format.currentData())

    def options(self) -> ExportOptions:
        return ExportOptions(channels=str(self.channels.currentData()), levels=str(self.levels.currentData()),
                             paper=str(self.paper.currentData()), skip_not_applicable=self.skip_na.isChecked(),
                             national_only=False if self.all_columns.isChecked() else None)

    def out_path(self) -> Path | None:
        path = self.path.path()
        if path is None:
            return None
        suffix = f".{self.fmt()}"
        if path.suffix.lower() == suffix:
            return path
        return path.with_suffix(suffix) if path.suffix.lower() in (".xlsx", ".docx") else path.with_name(path.name + suffix)

    def _scope_changed(self) -> None:
        self.checklist.setEnabled(self.scope() == SCOPE_CHOSEN)
        self._suggest_path()

    def default_name(self) -> str:
        codes = self.area_codes()
        names = [i.area_name for i in self.infos if codes is None or i.area_code in codes]
        what = names[0] if len(names) == 1 else "全部领域" if codes is None else f"{names[0]}等{len(names)}个领域" \
            if names else ""
        return safe_filename(f"{self.unit_name}{what}政务公开事项标准目录.{self.fmt()}")

    def _suggest_path(self) -> None:
        """Follow the scope and format with the file name, unless the user typed their own."""
        self.path.filter = FORMATS[self.fmt()][1]
        current = self.path.edit.text().strip()
        if not current or current == self._auto_path:
            folder = Path(current).parent if current else remembered_dir("export")
            self._auto_path = str(folder / self.default_name())
            self.path.set_path(self._auto_path)
        self._update()

    def _update(self) -> None:
        codes = self.area_codes()
        self.ok_button.setEnabled(self.path.path() is not None and (codes is None or bool(codes)))
