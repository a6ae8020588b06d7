"""The window's item actions: add an own item, delete, mark not applicable, reorder, compare.

A mixin of `MainWindow` (kept apart so each module stays short): every action flushes what is
typed in the form, then runs one core operation (one undo entry) through `MainWindow.run`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ..errors import DomainError
from ..unit import catalogs
from .add_item_dialog import AddItemDialog
from .template_compare import TemplateCompareDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

NA_REASONS = ["本单位无此职能", "本地无此类事项", "该事项由上级部门负责"]


class ItemActions:
    def new_item(self: MainWindow) -> None:
        if self.doc.catalog is None:
            return
        self.form.flush()
        current = self.current_item()
        dialog = AddItemDialog(self.doc.level1_names(), current.level1 if current else "", self)
        if dialog.exec() != AddItemDialog.DialogCode.Accepted:
            return
        self.add_item(*dialog.values())

    def add_item(self: MainWindow, source: str, level1: str, level2: str) -> str | None:
        """Add an own item after the current one when in the same level-1 group; returns its id."""
        assert self.doc.catalog is not None
        current = self.current_item()
        after = current.id if current is not None and current.level1 == level1.strip() else None
        catalog_id = self.doc.catalog.id
        done = self.run(lambda: catalogs.add_item(self.ws, catalog_id, source, level1, level2, after_item_id=after))
        if done is None:
            return None
        new_id = done.created[0]
        self.table.select_item(new_id)
        self.form.focus_field("content" if level2 else "level2")
        return new_id

    def delete_item(self: MainWindow) -> None:
        item = self.current_item()
        if item is None or self.doc.catalog is None:
            return
        if item.template_code:
            answer = QMessageBox.question(
                self, "不能删除", "国家标准指引中的事项不能删除。如本单位不涉及，可标记为“不适用”并写明理由。\n\n现在标记为不适用吗？")
            if answer == QMessageBox.StandardButton.Yes and not item.not_applicable:
                self.toggle_not_applicable()
            return
        self.form.flush()
        if self.run(lambda: catalogs.delete_item(self.ws, item.id)):
            self.statusBar().showMessage(f"已删除“{item.level2 or item.level1}”。可用 Ctrl+Z 撤销。", 6000)

    def toggle_not_applicable(self: MainWindow) -> None:
        item = self.current_item()
        if item is None or self.doc.catalog is None:
            return
        self.form.flush()
        item = self.current_item()
        if item.not_applicable:
            self.run(lambda: catalogs.mark_applicable(self.ws, item.id))
        else:
            reason, ok = QInputDialog.getItem(self, "标记不适用", f"“{item.level2 or item.level1}”不适用的理由：",
                                              NA_REASONS, 0, True)
            if not ok:
                return
            if not reason.strip():
                self.show_error(DomainError("na_reason_required", "标记为不适用时必须填写理由。"))
                return
            self.run(lambda: catalogs.mark_not_applicable(self.ws, item.id, reason))
        self._update_actions()

    def move_current(self: MainWindow, step: int) -> None:
        item = self.current_item()
        if item is not None:
            self.move_item(item.id, item.position + step)

    def move_item(self: MainWindow, item_id: str, position: int) -> None:
        item = self.doc.by_id.get(item_id)
        if item is None or self.doc.catalog is None or not 0 <= position < len(self.doc.items) \
                or position == item.position:
            return
        self.form.flush()
        if self.run(lambda: catalogs.move_item(self.ws, item_id, position)):
            self.table.select_item(item_id)

    def compare_with_template(self: MainWindow, item_id: str) -> None:
        item = self.doc.by_id.get(item_id)
        template = self.doc.templates.get(item.template_code or "") if item else None
        if item is None or template is None:
            QMessageBox.information(self, "对照模板原文", "没有找到该事项对应的国家标准指引原文。")
            return
        dialog = TemplateCompareDialog(template, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
