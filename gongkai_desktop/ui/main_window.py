"""The main window: areas on the left, the area's items in the centre, the item's form on the right.

It only wires the pieces (each in its own module) together and turns user actions into undo
commands over the core. Other parts of the application add their actions to its menus through
`add_menu_action` (导出, 提交, 审核 …).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .. import identity, reference, vocab
from ..changes import Changes
from ..errors import DomainError
from ..records import AreaInfo, Problem, UnitInfo
from ..settings import LAST_AREA
from ..unit import catalogs
from ..workspace import ROLE_REVIEW, ROLE_UNIT, Workspace
from . import settings
from .area_panel import AreaPanel, status_text
from .backup_dialog import install as install_backups
from .document import AreaDocument
from .identity_flow import choose_identity
from .item_actions import ItemActions
from .item_form import ItemForm
from .item_table import ItemTableModel, ItemTableView
from .problems_panel import SCOPE_UNIT, ProblemsPanel
from .undo import UndoController
from .unit_menus import install as install_unit_actions

APP_TITLE = "政务公开事项标准目录"
MENU_ORDER = ("文件", "编辑", "视图", "设置", "审核", "帮助")
REVIEW_MESSAGE = (
    "本工作区属于 {office}（审核端）。导入各单位报送包、逐项审核、退回修改或通过、汇总全县目录等审核功能，"
    "均在菜单“审核”中。左侧可浏览 26 个试点领域的国家标准指引。"
)


class MainWindow(ItemActions, QMainWindow):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.menus: dict[str, QMenu] = {}
        self.actions_: dict[str, QAction] = {}
        self.undo = UndoController(lambda: self.ws, self.show_error, self)
        self.doc = AreaDocument(ws, self)
        self.areas: dict[str, AreaInfo] = {}
        self.unit: UnitInfo | None = None  # this workspace's unit (None for the review office)
        self._last_area: str | None = None  # the area the workspace remembers as last opened
        self._unit_problems: dict[str, list[Problem]] = {}
        self._build_widgets()
        self._build_menus()
        self._connect()
        self._restore_state()
        self.reload_all()
        install_unit_actions(self)  # 提交报送, 导出, 导入, 审核意见, 本单位密钥
        install_backups(self)  # 设置 → 备份与恢复…
        if self.is_review_office:  # 导入报送, 审核队列, 进度看板, 汇总, 密钥登记册
            from .review import install_review_ui
            install_review_ui(self)

    # Building -----------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.area_panel = AreaPanel()
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找（Ctrl+F）：输入任意文字，在全部要素中筛选，多个词用空格分隔")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")
        self.banner = QFrame()
        self.banner.setStyleSheet("QFrame { background: #fff8e1; border: 1px solid #f0d48a; border-radius: 4px; }")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(10, 6, 10, 6)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setStyleSheet("border: none;")
        self.start_button = QPushButton("从国家标准指引开始编制")
        self.start_button.clicked.connect(self.start_current_area)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.start_button)
        self.model = ItemTableModel(self.doc, self)
        self.table = ItemTableView(self.model)
        self.form = ItemForm()
        self.problems = ProblemsPanel()

        centre = QWidget()
        col = QVBoxLayout(centre)
        col.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        col.addLayout(top)
        col.addWidget(self.banner)
        col.addWidget(self.table, 1)
        self.centre_split = QSplitter(Qt.Orientation.Vertical)
        self.centre_split.addWidget(centre)
        self.centre_split.addWidget(self.problems)
        self.centre_split.setStretchFactor(0, 4)
        self.centre_split.setStretchFactor(1, 1)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.area_panel)
        self.main_split.addWidget(self.centre_split)
        self.main_split.addWidget(self.form)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([270, 690, 400])
        self.centre_split.setSizes([480, 150])
        self.setCentralWidget(self.main_split)
        self.saved_label = QLabel("每次修改都已即时保存")
        self.statusBar().addPermanentWidget(self.saved_label)

    def _action(self, key: str, text: str, slot: Any, shortcut: Any = None, menu: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.triggered.connect(slot)
        self.actions_[key] = action
        if menu:
            self.add_menu_action(menu, action)
        return action

    def _build_menus(self) -> None:
        seq = QKeySequence.StandardKey
        self._action("data_dir", "数据目录…", self.choose_data_dir, menu="文件")
        self.menu("文件").addSeparator()
        self._action("quit", "退出", self.close, seq.Quit, menu="文件")
        undo, redo = self.undo.undo_action, self.undo.redo_action
        self.actions_["undo"], self.actions_["redo"] = undo, redo
        self.add_menu_action("编辑", undo)
        self.add_menu_action("编辑", redo)
        self.menu("编辑").addSeparator()
        self._action("new_item", "新增事项…", self.new_item, "Ctrl+N", menu="编辑")
        self._action("delete_item", "删除事项", self.delete_item, menu="编辑")
        self.actions_["delete_item"].setShortcut(QKeySequence(seq.Delete))
        self.actions_["delete_item"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.actions_["delete_item"])
        self._action("not_applicable", "标记不适用…", self.toggle_not_applicable, "Ctrl+D", menu="编辑")
        self._action("move_up", "上移", lambda: self.move_current(-1), "Ctrl+Up", menu="编辑")
        self._action("move_down", "下移", lambda: self.move_current(+1), "Ctrl+Down", menu="编辑")
        self.menu("编辑").addSeparator()
        self._action("find", "查找", self.focus_search, seq.Find, menu="编辑")
        self._action("start_area", "从国家标准指引开始编制本领域", self.start_current_area, menu="编辑")
        self._action("show_problems", "显示问题面板", self._toggle_problems, menu="视图")
        self.actions_["show_problems"].setCheckable(True)
        self.actions_["show_problems"].setChecked(True)
        self._action("show_areas", "显示领域列表", self._toggle_areas, menu="视图")
        self.actions_["show_areas"].setCheckable(True)
        self.actions_["show_areas"].setChecked(True)
        self.menu("视图").addSeparator()
        self._action("font_bigger", "字号放大", lambda: self.change_font(+1), "Ctrl+=", menu="视图")
        self._action("font_smaller", "字号缩小", lambda: self.change_font(-1), "Ctrl+-", menu="视图")
        self._action("choose_unit", "本单位…", self.choose_unit, menu="设置")
        self.add_menu_action("设置", self.actions_["data_dir"])
        self._action("about", "关于", self.about, menu="帮助")

    def menu(self, name: str) -> QMenu:
        """The menu called ``name``, created in the usual order (文件 编辑 视图 设置 审核 帮助) if missing."""
        if name not in self.menus:
            menu = QMenu(name, self)
            later = [self.menus[n] for n in MENU_ORDER[MENU_ORDER.index(name) + 1:] if n in self.menus] \
                if name in MENU_ORDER else [self.menus["帮助"]] if "帮助" in self.menus else []
            if later:
                self.menuBar().insertMenu(later[0].menuAction(), menu)
            else:
                self.menuBar().addMenu(menu)
            menu.aboutToShow.connect(self.form.flush)  # what is typed is saved before any menu command
            self.menus[name] = menu
        return self.menus[name]

    def add_menu_action(self, menu_name: str, action: QAction) -> QAction:
        """For other parts of the application: put ``action`` in a menu (created when missing)."""
        self.menu(menu_name).addAction(action)
        if action.parent() is None:
            action.setParent(self)
        return action

    def _connect(self) -> None:
        self.area_panel.area_chosen.connect(self.open_area)
        self.area_panel.progress_wanted.connect(self._fill_area_progress)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.table.setFocus)  # Enter: on to the rows found
        self.search.installEventFilter(self)
        self.table.current_item_changed.connect(self._show_current)
        self.model.move_requested.connect(lambda item_id, pos: QTimer.singleShot(0, lambda: self.move_item(item_id, pos)))
        self.form.commit.connect(self._commit)
        self.form.compare_requested.connect(self.compare_with_template)
        self.problems.go_to.connect(self.go_to)
        self.problems.scope_changed.connect(lambda _scope: self._refresh_problems(reload_others=True))
        self.doc.item_changed.connect(self._item_changed)
        self.doc.problems_changed.connect(self._problems_changed)
        self.doc.catalog_loaded.connect(self._catalog_loaded)
        self.undo.before.append(self.form.flush)
        self.undo.changed.connect(self.apply_changes)

    # Whole-window refresh -----------------------------------------------------------------------
    @property
    def is_review_office(self) -> bool:
        return self.ws.role == ROLE_REVIEW

    def reload_all(self) -> None:
        """Title, areas with progress, and the last area opened (or the first started one)."""
        role, unit_code = self.ws.role, self.ws.unit_code
        self.unit = unit = reference.find_unit(self.ws, unit_code) if unit_code and role != ROLE_REVIEW else None
        whose = unit.name if unit is not None and role == ROLE_UNIT else identity.describe(self.ws)
        self.setWindowTitle(f"{whose} — {APP_TITLE}")
        if role == ROLE_REVIEW and "review_help" not in self.actions_:
            self._action("review_help", "审核端说明", self.review_help, menu="审核")
        self.areas = {a.code: a for a in reference.list_areas(self.ws)}
        # Before the window is first shown, the areas' progress (every catalog read and validated)
        # is filled in right after the area list's first paint (`_fill_area_progress`).
        with_progress = self.isVisible()
        infos = {c.area_code: c for c in catalogs.list_catalogs(self.ws, with_progress=with_progress)} if unit else {}
        self.area_panel.set_areas(list(self.areas.values()), unit.areas if unit else [], infos, with_progress)
        self.statusBar().showMessage(f"数据目录：{self.ws.data_dir}", 8000)
        self._last_area = last = self.ws.get(LAST_AREA)
        first = next(iter(infos), None) or (unit.areas[0] if unit and unit.areas else None)
        target = last if last in self.areas else first
        if target:
            self.area_panel.select_area(target)
            if self.doc.area is None or self.doc.area.code != target:
                self.open_area(target)
        else:
            self.doc.clear()
            self._update_banner()

    def _fill_area_progress(self) -> None:
        """Every started area's progress in the area list; the open one's comes from memory."""
        if not self.ws.unit_code or self.is_review_office:
            return
        for info in catalogs.list_catalogs(self.ws):
            here = self.doc.catalog is not None and self.doc.catalog.id == info.id
            progress = self.doc.progress() if here else (info.complete_count, info.item_count, info.problem_count)
            self.area_panel.update_area(info.area_code, *progress, status_text(info))

    def open_area(self, area_code: str) -> None:
        area = self.areas.get(area_code)
        if area is None:
            return
        self.form.flush()
        try:
            self.doc.load_area(area)
        except DomainError as exc:
            self.show_error(exc)
            return
        if area_code != self._last_area:
            self.ws.put(LAST_AREA, area_code)
            self._last_area = area_code

    def _catalog_loaded(self, area_code: str) -> None:
        self.area_panel.select_area(area_code)
        self._update_banner()
        self._refresh_problems(reload_others=True)
        self._update_actions()

    def _update_banner(self) -> None:
        area = self.doc.area
        if self.is_review_office:
            office = identity.describe(self.ws)
            self.banner_text.setText(REVIEW_MESSAGE.format(office=office))
            self.start_button.hide()
            self.banner.show()
        elif area is not None and self.doc.catalog is None:
            has_template = bool(self.doc.templates)
            mine = self.unit is not None and area.code in self.unit.areas
            text = f"“{area.name}”尚未开始编制。" + ("" if mine else "本单位不是该领域的责任单位。")
            text += f"下表为国家标准指引的 {len(self.doc.items)} 个事项（只读预览）。" if has_template \
                else "该领域的国家标准指引尚未收录。"
            self.banner_text.setText(text)
            self.start_button.setVisible(has_template)
            self.banner.show()
        else:
            self.banner.hide()
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.doc.items)
        self.count_label.setText(f"显示 {shown} / {total} 项" if shown != total else f"共 {total} 项")

    def _update_actions(self) -> None:
        item = self.current_item()
        editable = self.doc.editable
        self.actions_["new_item"].setEnabled(editable)
        self.actions_["delete_item"].setEnabled(editable and item is not None)
        self.actions_["not_applicable"].setEnabled(editable and item is not None)
        self.actions_["not_applicable"].setText("恢复适用" if item and item.not_applicable else "标记不适用…")
        for key in ("move_up", "move_down"):
            self.actions_[key].setEnabled(editable and item is not None)
        self.actions_["start_area"].setEnabled(self.doc.area is not None and not editable and bool(self.doc.templates)
                                               and not self.is_review_office)

    # Reacting to the document ---------------------------------------------------------------------
    def current_item(self) -> Any:
        return self.doc.by_id.get(self.table.current_item_id())

    def _show_current(self, item_id: str) -> None:
        item = self.doc.by_id.get(item_id)
        required = self.doc.required.get(item.template_code or "", []) if item else []
        self.form.show_item(item, self.doc.editable, required, self.doc.problems_by_item.get(item_id, []))
        self._update_actions()

    def _item_changed(self, item_id: str) -> None:
        if item_id == self.table.current_item_id():
            self._show_current(item_id)

    def _problems_changed(self) -> None:
        self._update_count()
        current = self.table.current_item_id()
        self.form.show_problems(self.doc.problems_by_item.get(current, []))
        self._refresh_problems(reload_others=False)
        if self.doc.catalog is not None and self.doc.area is not None:  # the open area's row, from memory
            self.area_panel.update_area(self.doc.area.code, *self.doc.progress(), status_text(self.doc.catalog))

    def _refresh_problems(self, reload_others: bool) -> None:
        groups: list[tuple[str, str, list[Problem]]] = []
        here = self.doc.area
        if self.problems.current_scope() == SCOPE_UNIT and self.ws.unit_code and not self.is_review_office:
            if reload_others:
                self._unit_problems = {c.area_code: catalogs.check_catalog(self.ws, c.id)
                                       for c in catalogs.list_catalogs(self.ws)}
            for code, problems in self._unit_problems.items():
                if here is not None and code == here.code:
                    problems = self.doc.problems
                groups.append((code, self.areas[code].name if code in self.areas else code, problems))
        elif here is not None:
            groups.append((here.code, here.name, self.doc.problems))
        self.problems.set_problems(groups)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Esc in the search box: show every item again and go back to the table."""
        if obj is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            self.search.clear()
            self.table.setFocus()
            return True
        return super().eventFilter(obj, event)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_count()

    # User actions -----------------------------------------------------------------------------------
    def show_error(self, exc: DomainError) -> None:
        QMessageBox.warning(self, "无法完成操作", exc.message)

    def run(self, operation: Callable[[], Changes]) -> Changes | None:
        """Every change the window makes goes through here: one core operation, one undo entry."""
        return self.undo.run(operation)

    def _commit(self, item_id: str, changes: dict, merge_key: str | None) -> None:
        if self.doc.catalog is None:
            return
        self.run(lambda: catalogs.edit_item(self.ws, item_id, changes, merge_key=merge_key))
        if changes.get("applicability") == "not_applicable":
            self.form.focus_field("applicability_reason")

    def start_current_area(self) -> None:
        """One undoable entry: 撤销 takes the new catalog away again, 重做 brings back the same items."""
        area = self.doc.area
        if area is None or self.doc.catalog is not None or self.is_review_office:
            return
        if self.run(lambda: catalogs.start_catalog(self.ws, area.code)):
            self.statusBar().showMessage(f"已从国家标准指引开始编制“{area.name}”，共 {len(self.doc.items)} 个事项。", 8000)

    def apply_changes(self, changes: Changes) -> None:
        """After any operation, undo or redo: refresh what it changed.

        An undo or redo that concerns another area first opens that area, so the user sees it.
        """
        here = self.doc.area.code if self.doc.area is not None else None
        areas = [st.area_code for st in changes.catalogs.values() if st.area_code]
        if areas and here not in areas:
            self.open_area(areas[0])
        self.doc.apply(changes)
        if self.doc.area is not None:
            if self.doc.catalog is None:
                self.area_panel.mark_not_started(self.doc.area.code)
            elif self.doc.catalog.id in changes.catalogs:
                self.area_panel.update_area(self.doc.area.code, *self.doc.progress(), status_text(self.doc.catalog))
            self._update_banner()
        self._update_actions()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def go_to(self, area_code: str, item_id: str, field: str) -> None:
        """Open the area if needed, select the item and put the cursor on the field."""
        if self.doc.area is None or self.doc.area.code != area_code:
            self.open_area(area_code)
        if not self.table.select_item(item_id):
            self.search.clear()
            self.table.select_item(item_id)
        self.form.focus_field(field or None)

    def choose_unit(self) -> None:
        self.form.flush()
        if choose_identity(self.ws, self):
            self.doc.clear()
            self.undo.refresh()
            self.reload_all()

    def choose_data_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "选择数据目录", str(self.ws.data_dir))
        if path:
            self.switch_data_dir(Path(path))

    def switch_data_dir(self, path: Path) -> bool:
        """Open the workspace at ``path`` in this window (asking whose it is when new)."""
        self.form.flush()
        try:
            ws = Workspace.open(path)
        except DomainError as exc:
            self.show_error(exc)
            return False
        if ws.role is None and not choose_identity(ws, self):
            ws.close()
            return False
        settings.set_data_dir(path)
        self.doc.clear()
        old, self.ws = self.ws, ws
        self.doc.ws = ws
        old.close()
        self.undo.refresh()  # the 编辑 menu now names the other workspace's entries
        self.reload_all()
        return True

    def change_font(self, step: int) -> None:
        size = settings.set_point_size(settings.point_size() + step)
        settings.apply_font(size)
        self.table.refresh_row_height()
        self.statusBar().showMessage(f"字号：{size} 磅", 3000)

    def _toggle_problems(self, shown: bool) -> None:
        self.problems.setVisible(shown)

    def _toggle_areas(self, shown: bool) -> None:
        self.area_panel.setVisible(shown)

    def review_help(self) -> None:
        rounds = "、".join(vocab.REVIEW_ROUNDS)
        QMessageBox.information(self, "审核端说明", REVIEW_MESSAGE.format(office=identity.describe(self.ws))
                                + f"\n\n审核轮次：{rounds}。")

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "关于", f"{APP_TITLE}编制与报送软件 {__version__}\n\n离线编制本单位各试点领域的政务公开事项标准目录；"
                          "每次修改即时保存，可撤销、重做。")

    # Window state ---------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = settings.load_state("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1440, screen.width()), min(860, screen.height()))
            if screen.width() <= 1600:  # a laptop screen: use all of it
                self.setWindowState(Qt.WindowState.WindowMaximized)
        for key, widget in (("main_split", self.main_split), ("centre_split", self.centre_split)):
            state = settings.load_state(key)
            if state is not None:
                widget.restoreState(state)
        header = settings.load_state("item_columns")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
            self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # open in catalog order
        problems_header = settings.load_state("problem_columns")
        if problems_header is not None:
            self.problems.view.horizontalHeader().restoreState(problems_header)

    def save_state(self) -> None:
        settings.save_state("geometry", self.saveGeometry())
        settings.save_state("main_split", self.main_split.saveState())
        settings.save_state("centre_split", self.centre_split.saveState())
        settings.save_state("item_columns", self.table.horizontalHeader().saveState())
        settings.save_state("problem_columns", self.problems.view.horizontalHeader().saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.form.flush()
        self.save_state()
        settings.settings().sync()
        super().closeEvent(event)
