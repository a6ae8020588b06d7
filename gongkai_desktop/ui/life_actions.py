"""The catalog's life in the unit's window (动态调整), installed beside the other parts.

编辑: 事项修改记录… (Ctrl+Shift+H), 改用新法; 视图: 版本与修订对照… (Ctrl+Shift+V), 国家标准指引更新… (Ctrl+Shift+T);
a banner above the items when the template the open catalog follows has a newer version; and the
提醒 of items citing a repealed law in the problems panel. The review office's parts are in
`ui/review/life_office.py`. Everything calls core operations through the window (`window.run`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from .. import faults, laws
from ..changes import Changes
from ..errors import DomainError
from ..workspace import ROLE_REVIEW

if TYPE_CHECKING:
    from .history_dialog import HistoryDialog
    from .main_window import MainWindow
    from .template_changes_dialog import TemplateChangesDialog
    from .versions_dialog import VersionsDialog


class LifeActions(QObject):
    """Versions, item history, template upgrades and repealed-law 提醒 for one unit window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.index: laws.LawIndex | None = None
        self.followed: str | None = None  # the template version the open catalog follows
        self.template_dialog: TemplateChangesDialog | None = None
        self.warnings: dict[str, list[Any]] = {}  # item id → its 提醒
        self.last_dialog: Any = None
        self._build_banner()
        self._build_actions()
        doc = window.doc
        doc.catalog_loaded.connect(lambda _code: self._area_opened())
        doc.reset.connect(self._all_warnings)
        doc.item_changed.connect(self._item_warnings)
        window.undo.changed.connect(self._after_change)
        # right after the first frame (as the other areas' progress): the window's cold start does not wait
        QTimer.singleShot(0, self, self._area_opened)

    @property
    def ws(self) -> Any:
        return self.w.ws

    @property
    def is_unit(self) -> bool:
        return self.ws.role != ROLE_REVIEW and bool(self.ws.unit_code)

    # Building ---------------------------------------------------------------------------------------
    def _build_banner(self) -> None:
        self.banner = QFrame()
        self.banner.setStyleSheet("QFrame { background: #e3f2fd; border: 1px solid #90caf9; border-radius: 4px; }")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(10, 6, 10, 6)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setStyleSheet("border: none;")
        self.banner_button = QPushButton("查看并处理…")
        self.banner_button.clicked.connect(lambda: self.show_template_changes())
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_button)
        column = self.w.table.parentWidget().layout()
        if isinstance(column, QVBoxLayout):
            column.insertWidget(column.indexOf(self.w.table), self.banner)
        self.banner.hide()

    def _action(self, key: str, text: str, slot: Any, menu: str, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.w)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.w.actions_[key] = action
        self.w.add_menu_action(menu, action)
        return action

    def _build_actions(self) -> None:
        self.w.menu("编辑").addSeparator()
        self.history_action = self._action("item_history", "事项修改记录…", self.show_history, "编辑", "Ctrl+Shift+H")
        self.successor_action = self._action("use_successor", "改用新法（替换已废止的法律法规）", self.use_successor, "编辑")
        self.w.menu("视图").addSeparator()
        self.versions_action = self._action("versions", "版本与修订对照…", self.show_versions, "视图", "Ctrl+Shift+V")
        self.template_action = self._action("template_changes", "国家标准指引更新…", self.show_template_changes, "视图",
                                            "Ctrl+Shift+T")
        self.w.table.current_item_changed.connect(lambda _id: self.update_actions())

    # State ------------------------------------------------------------------------------------------
    def update_actions(self) -> None:
        doc = self.w.doc
        item = self.w.current_item()
        started = self.is_unit and doc.catalog is not None
        for action in (self.history_action, self.successor_action, self.versions_action, self.template_action):
            action.setVisible(self.is_unit)  # the review office has its own (审核 menu)
        self.history_action.setEnabled(started and item is not None)
        self.versions_action.setEnabled(started)
        self.template_action.setEnabled(started)
        self.successor_action.setEnabled(started and item is not None and bool(self.warnings.get(item.id)))

    def _area_opened(self) -> None:
        self.index = None
        catalog = self.w.doc.catalog
        self.followed = catalog.template_version if catalog is not None else None
        try:
            self._all_warnings()
            self._update_banner()
        except Exception as exc:  # a full disk or a held file while the area reloads: the window has said so
            if not faults.is_known(exc):
                raise
            self.index, self.warnings = None, {}
            self.banner.hide()

    def _after_change(self, changes: Changes) -> None:
        """After an undo or redo of the open catalog (the window has applied it already): it may have
        taken back a template answer. Plain edits never change the template state, so they cost nothing here."""
        from ..unit.catalogs import catalog_info

        doc = self.w.doc
        catalog = doc.catalog
        if catalog is not None and changes.name.startswith(("撤销 ", "重做 ")):
            if catalog_info(self.ws, catalog.id, with_progress=False).template_version != self.followed \
                    and doc.area is not None:
                doc.load_area(doc.area)  # another template version: other required channels
            else:
                self._update_banner()
            dialog = self.template_dialog
            if dialog is not None and dialog.isVisible():
                dialog.reload()
        self.update_actions()

    def _update_banner(self) -> None:
        from ..unit.template_upgrade import template_changes

        catalog = self.w.doc.catalog
        up = None
        if self.is_unit and catalog is not None:
            try:
                up = template_changes(self.ws, catalog.id)
            except DomainError as exc:
                self.banner_text.setText(exc.message)
                self.banner_button.hide()
                self.banner.show()
                return
        self.banner_button.show()
        if up is None or not up.pending:
            self.banner.hide()
        else:
            self.banner_text.setText(f"国家标准指引已更新：{up.summary()}可逐项采用新模板的内容或保留本单位的内容。")
            self.banner.show()
        self.update_actions()

    # 提醒: repealed laws ------------------------------------------------------------------------------
    def _law_index(self) -> laws.LawIndex:
        if self.index is None:
            from ..unit.law_fix import law_index

            self.index = law_index(self.ws)
        return self.index

    def _all_warnings(self) -> None:
        doc = self.w.doc
        items = doc.items if doc.catalog is not None and self.is_unit else []
        self.warnings = {}
        for p in laws.warnings(items, self._law_index()) if items else []:
            self.warnings.setdefault(p.item_id or "", []).append(p)
        self._show_warnings()

    def _item_warnings(self, item_id: str) -> None:
        item = self.w.doc.by_id.get(item_id)
        if item is None:
            return
        mine = laws.warnings([item], self._law_index())
        if mine != self.warnings.get(item_id, []):
            if mine:
                self.warnings[item_id] = mine
            else:
                self.warnings.pop(item_id, None)
            self._show_warnings()

    def _show_warnings(self) -> None:
        doc = self.w.doc
        area = doc.area
        ordered = [p for i in doc.items for p in self.warnings.get(i.id, [])]
        self.w.problems.set_warnings([(area.code, area.name, ordered)] if area is not None and ordered else [])
        self.update_actions()

    def use_successor(self) -> Changes | None:
        from ..unit.law_fix import use_successor

        item = self.w.current_item()
        if item is None or self.w.doc.catalog is None:
            return None
        return self.w.run(lambda: use_successor(self.ws, item.id))

    # Dialogs ----------------------------------------------------------------------------------------
    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def show_history(self) -> HistoryDialog | None:
        from .history_dialog import HistoryDialog

        self.w.form.flush()
        item = self.w.current_item()
        if item is None or self.w.doc.catalog is None:
            return None
        return self._open(HistoryDialog(self.ws, item, self.w.run, self.w))

    def show_versions(self) -> VersionsDialog | None:
        from ..unit import revision
        from .versions_dialog import VersionsDialog, VersionSource

        self.w.form.flush()
        doc = self.w.doc
        if doc.catalog is None or doc.area is None:
            return None
        code, ws = doc.area.code, self.ws
        source = VersionSource(
            f"{doc.catalog.unit_name} · {doc.area.name}",
            lambda: revision.list_versions(ws, code),
            lambda a, b: revision.compare_versions(ws, code, a, b),
            lambda v: revision.version_items(ws, v),
            lambda comparison, path: revision.export_revision_table(comparison, Path(path)))
        return self._open(VersionsDialog(source, self.w, self.w.show_error))

    def show_template_changes(self) -> TemplateChangesDialog | None:
        from .template_changes_dialog import TemplateChangesDialog

        self.w.form.flush()
        doc = self.w.doc
        if doc.catalog is None or doc.area is None:
            return None
        try:
            dialog = TemplateChangesDialog(self.ws, doc.catalog.id, self._run_template, self.w)
        except DomainError as exc:
            self.w.show_error(exc)
            return None
        self.template_dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "template_dialog", None))
        return self._open(dialog)

    def _run_template(self, operation: Any) -> Changes | None:
        """A template answer changes what validation judges by: the open area is read again after it."""
        changes = self.w.run(operation)
        if changes is not None and self.w.doc.area is not None:
            self.w.doc.load_area(self.w.doc.area)
        self._update_banner()
        return changes


def install(window: MainWindow) -> LifeActions:
    """Add the catalog's-life parts to ``window`` (and the review office's, when it is one)."""
    actions = LifeActions(window)
    window.life = actions  # type: ignore[attr-defined]
    if window.is_review_office and getattr(window, "review", None) is not None:
        from .review.life_office import install as install_office

        install_office(window)
    return actions
