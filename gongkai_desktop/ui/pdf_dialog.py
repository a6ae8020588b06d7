"""文件 ▸ 打印预览 / 导出 PDF…: the export dialog's choices, printed to PDF by LibreOffice and opened.

The PDF is exactly what the Excel or Word export prints (same columns, paper, pages); it is saved
where the user chooses and, by default, opened in the PC's PDF viewer, which is the print preview.
Without LibreOffice the action says, in Chinese, what to install instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from ..records import CatalogInfo
from . import export_dialog
from .export_dialog import ExportDialog, remember_dir, safe_filename

if TYPE_CHECKING:
    from .unit_menus import UnitActions

LAYOUTS = {"xlsx": "Excel 表格的版式", "docx": "Word 文档的版式（公文格式）"}


class PdfDialog(ExportDialog):
    """Like 导出目录, but the file is a PDF printed in the chosen layout."""

    def __init__(self, unit_name: str, infos: Sequence[CatalogInfo], current_area: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(unit_name, infos, current_area, "xlsx", parent)
        self.setWindowTitle("打印预览 / 导出 PDF")
        for n, text in enumerate(LAYOUTS.values()):
            self.format.setItemText(n, text)
        self.open_after = QCheckBox("生成后打开 PDF（打印预览）")
        self.open_after.setChecked(True)
        self.layout().insertWidget(self.layout().count() - 1, self.open_after)
        self.layout().insertWidget(self.layout().count() - 1,
                                   QLabel("由 LibreOffice 生成 PDF，页数多时需要几分钟。"))
        self.ok_button.setText("生成 PDF")
        self._auto_path = ""
        self.path.edit.clear()
        self._suggest_path()

    def out_path(self) -> Path | None:
        path = self.path.path()
        if path is None:
            return None
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def default_name(self) -> str:
        return safe_filename(super().default_name().rsplit(".", 1)[0] + ".pdf")

    def _suggest_path(self) -> None:
        super()._suggest_path()
        self.path.filter = "PDF 文件 (*.pdf)"


def open_pdf_dialog(actions: UnitActions) -> PdfDialog | None:
    """The action: LibreOffice first (a clear message when it is missing), then the dialog."""
    from ..documents.office_convert import soffice
    from ..documents.pdf_export import MISSING_MESSAGE

    if soffice() is None:
        actions.inform("无法生成 PDF", MISSING_MESSAGE, warning=True)
        return None
    return actions._catalogs_dialog(
        lambda infos: PdfDialog(actions.unit_name(), infos, actions._current_area(), actions.w),
        lambda dialog: _make_pdf(actions, dialog))


def _make_pdf(actions: UnitActions, dialog: PdfDialog) -> None:
    from ..unit import exports as ops
    from .jobs import run_job

    path, fmt, codes, options = dialog.out_path(), dialog.fmt(), dialog.area_codes(), dialog.options()
    if path is None:
        return
    remember_dir("export", path.parent)
    open_after = dialog.open_after.isChecked()

    def done(result: ops.ExportResult) -> None:
        text = result.message()
        if open_after:
            export_dialog.OPENER(QUrl.fromLocalFile(str(result.path)))
            actions.w.statusBar().showMessage(f"已生成 PDF：{result.path}", 10000)
        else:
            actions._offer(result.path, "PDF 已生成", text)

    actions.job = run_job(actions.w, "生成 PDF",
                          lambda progress, cancelled: ops.export_catalogs(actions.ws, fmt, codes, path, options,
                                                                          progress, cancelled),
                          done, actions._job_error)
