"""The unit's side of the window for packages, documents and review results.

`install(window)` adds, in 文件: 提交报送…, 导出 ▸ (Excel, Word, 负面清单, 一周一进度), 导入目录（Excel / Word）…,
导入审核结果…, 导入市府办下发文件…; in 设置: 本单位密钥…; a small toolbar; and a 审核意见 tab next
to the problems panel. Each action opens its dialog and then calls one core function (on a
worker thread when it can take long); nothing here decides a business rule.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox, QTabWidget, QToolBar

from .. import reference
from ..errors import DomainError
from ..unit import catalogs, results
from ..unit.results import ReceivedCommentInfo
from ..workspace import ROLE_REVIEW, Workspace
from .received_comments import ReceivedCommentsPanel, open_comments_by_field

# The documents, package and key modules (and their dialogs) are imported when their action runs:
# the window's first frame does not wait for them (see benchmarks: cold_start).
if TYPE_CHECKING:
    from ..unit import exports as ops
    from ..unit import imports as import_ops
    from .export_dialog import ExportDialog
    from .import_xlsx_dialog import ImportXlsxDialog
    from .key_dialog import KeyDialog
    from .main_window import MainWindow
    from .submit_dialog import SubmitDialog

T = TypeVar("T")
D = TypeVar("D", bound=QDialog)

PACKAGE_FILTER = "政务公开文件包 (*.gkpkg);;所有文件 (*)"
DECISIONS = {"returned": "退回修改", "approved": "通过"}
COMMENTS_TAB = 1


class UnitActions(QObject):
    """Owns the unit's package/document actions of one window, and the 审核意见 panel."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.comments: list[ReceivedCommentInfo] = []
        self.last_dialog: Any = None  # the dialog or message box opened last (tests look at it)
        self._place_panel()
        self._build_actions()
        self._connect()
        self.update_actions()
        self._area_opened()
        self._problems_tab_text()

    # Building -----------------------------------------------------------------------------------
    def _place_panel(self) -> None:
        """A tab widget where the problems panel was: 问题 | 审核意见."""
        w = self.w
        self.panel = ReceivedCommentsPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        index = w.centre_split.indexOf(w.problems)
        w.centre_split.replaceWidget(index, self.tabs)
        self.tabs.addTab(w.problems, "问题")
        self.tabs.addTab(self.panel, "审核意见")
        show = w.actions_.get("show_problems")
        if show is not None:  # the panel toggle now shows or hides both tabs
            with contextlib.suppress(RuntimeError, TypeError):
                show.triggered.disconnect(w._toggle_problems)
            show.setText("显示问题和审核意见面板")
            show.toggled.connect(lambda shown: self.tabs.setVisible(bool(shown)))

    def _action(self, key: str, text: str, slot: Any, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.w)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.w.actions_[key] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.unit_only = [
            a("submit", "提交报送…", self.submit, "Ctrl+Shift+S"),
            a("export_xlsx", "导出 Excel…", lambda: self.export("xlsx"), "Ctrl+E"),
            a("export_docx", "导出 Word…", lambda: self.export("docx")),
            a("print_pdf", "打印预览 / 导出 PDF…", self.print_pdf, "Ctrl+P"),
            a("export_negative", "导出负面清单（Word）…", self.export_negative_list),
            a("export_weekly", "导出一周一进度（Word）…", self.export_weekly_report),
            a("import_xlsx", "导入目录（Excel / Word）…", self.import_xlsx),
            a("import_result", "导入审核结果…", self.import_result),
            a("import_distribution", "导入市府办下发文件…", self.import_distribution),
        ]
        self.key_action = a("own_key", "本单位密钥…", self.show_key)
        file_menu = self.w.menu("文件")
        before = file_menu.actions()[0] if file_menu.actions() else None
        self.export_menu = QMenu("导出", self.w)
        for key in ("export_xlsx", "export_docx", "print_pdf"):
            self.export_menu.addAction(self.w.actions_[key])
        self.export_menu.addSeparator()
        for key in ("export_negative", "export_weekly"):
            self.export_menu.addAction(self.w.actions_[key])
        file_menu.insertAction(before, self.w.actions_["submit"])
        self.export_menu_action = file_menu.insertMenu(before, self.export_menu)
        file_menu.insertSeparator(before)
        for key in ("import_xlsx", "import_result", "import_distribution"):
            file_menu.insertAction(before, self.w.actions_[key])
        file_menu.insertSeparator(before)
        settings_menu = self.w.menu("设置")
        settings_menu.insertAction(settings_menu.actions()[0] if settings_menu.actions() else None, self.key_action)
        self.toolbar = QToolBar("报送", self.w)
        self.toolbar.setObjectName("unit_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for key in ("submit", "export_xlsx", "export_docx", "import_result"):
            self.toolbar.addAction(self.w.actions_[key])
        self.w.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        for menu in (file_menu, settings_menu):
            menu.aboutToShow.connect(self.update_actions)

    def _connect(self) -> None:
        from .package_drop import UnitDrop

        self.drops = UnitDrop(self)  # review results, distributions and catalog files dropped on the window
        doc = self.w.doc
        doc.catalog_loaded.connect(lambda _code: self._area_opened())
        doc.catalog_loaded.connect(lambda _code: self.update_actions())
        doc.reset.connect(self.refresh_comments)
        self.w.undo.changed.connect(lambda changes: self.refresh_comments() if changes.received_comments else None)
        doc.problems_changed.connect(self._problems_tab_text)
        self.w.table.current_item_changed.connect(lambda _id: self.update_form())
        self.panel.go_to.connect(self._go_to)
        self.panel.toggle_requested.connect(self.mark_addressed)
        self.panel.reply_requested.connect(self.reply)

    # State --------------------------------------------------------------------------------------
    @property
    def ws(self) -> Any:
        return self.w.ws

    @property
    def is_unit(self) -> bool:
        return self.ws.role != ROLE_REVIEW and bool(self.ws.unit_code)

    def unit_name(self) -> str:
        try:
            return reference.find_unit(self.ws, self.ws.unit_code).name
        except DomainError:
            return self.ws.unit_code or ""

    def update_actions(self) -> None:
        unit = self.is_unit
        for action in self.unit_only:
            action.setVisible(unit)
        self.export_menu_action.setVisible(unit)
        self.toolbar.setVisible(unit)
        self.tabs.setTabVisible(COMMENTS_TAB, unit)
        self.key_action.setText("本单位密钥…" if unit else "本机（审核端）密钥…")

    def _problems_tab_text(self) -> None:
        n = self.w.problems.count()
        self.tabs.setTabText(0, f"问题（{n}）" if n else "问题")

    def inform(self, title: str, text: str, warning: bool = False) -> QMessageBox:
        """A window-modal message that does not block (so the window can refresh behind it)."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.w)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        return self._show(box)

    def _show(self, dialog: D) -> D:
        """Open ``dialog`` without blocking; it deletes itself when closed; tests find it as `last_dialog`."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def _catalogs_dialog(self, make: Callable[[list[Any]], D], on_accept: Callable[[D], None]) -> D | None:
        """A dialog over the unit's started catalogs (提交报送, 导出): none started, the user is told why."""
        self.w.form.flush()
        if not self.is_unit:
            return None
        infos = self._started_catalogs()
        if not infos:
            return None
        dialog = make(infos)
        dialog.accepted.connect(lambda: on_accept(dialog))
        return self._show(dialog)

    def _started_catalogs(self) -> list[Any]:
        infos = catalogs.list_catalogs(self.ws)
        if not infos:
            self.inform("没有可用的目录", "本单位还没有开始编制任何领域的目录。请先在左侧选择本单位负责的领域，"
                        "点击“从国家标准指引开始编制”。")
        return infos

    def _current_area(self) -> str | None:
        return self.w.doc.area.code if self.w.doc.area is not None else None

    def _after_change(self) -> None:
        """Catalog statuses or items changed underneath: the area tree and the open area reload."""
        self.w.reload_all()
        if self.w.doc.area is not None:
            self.w.doc.load_area(self.w.doc.area)

    def _job_error(self, exc: DomainError) -> None:
        if exc.code == "cancelled":
            self.w.statusBar().showMessage(exc.message, 8000)
            return
        self.w.show_error(exc)

    # 提交报送 -----------------------------------------------------------------------------------
    def submit(self) -> SubmitDialog | None:
        from .submit_dialog import SubmitDialog

        return self._catalogs_dialog(lambda infos: SubmitDialog(self.unit_name(), infos, self._current_area(), self.w),
                                     self._do_submit)

    def _do_submit(self, dialog: SubmitDialog) -> None:
        from ..unit.submit import export_submission
        from .export_dialog import remember_dir
        from .key_dialog import with_passphrase
        from .submit_dialog import SubmitResultDialog

        folder, codes, attachments = dialog.out_dir(), dialog.area_codes(), dialog.attachment_paths()
        names = [dialog.infos[c].area_name for c in codes]
        try:
            assert folder is not None
            folder.mkdir(parents=True, exist_ok=True)
            result = with_passphrase(self.w, export_submission, self.ws, codes, folder, attachments=attachments)
        except DomainError as exc:
            self.w.show_error(exc)
            return
        except OSError as exc:
            self.w.show_error(DomainError("write_failed", f"无法写入文件夹 {folder}：{exc.strerror or exc}。"))
            return
        remember_dir("submit", folder)
        self._after_change()
        self.w.statusBar().showMessage(f"已生成第 {result.sequence} 号报送文件：{result.path}", 10000)
        box = SubmitResultDialog(result, names, self.w)
        self._show(box)

    # 导出 ---------------------------------------------------------------------------------------
    def export(self, fmt: str) -> ExportDialog | None:
        from .export_dialog import ExportDialog

        return self._catalogs_dialog(
            lambda infos: ExportDialog(self.unit_name(), infos, self._current_area(), fmt, self.w), self._do_export)

    def print_pdf(self) -> Any:
        from .pdf_dialog import open_pdf_dialog

        return open_pdf_dialog(self)

    def _do_export(self, dialog: ExportDialog) -> None:
        from ..unit import exports as ops
        from .export_dialog import remember_dir
        from .jobs import run_job

        path, fmt, codes, options = dialog.out_path(), dialog.fmt(), dialog.area_codes(), dialog.options()
        if path is None:
            return
        remember_dir("export", path.parent)
        self.job = run_job(self.w, "导出目录",
                           lambda progress, cancelled: ops.export_catalogs(self.ws, fmt, codes, path, options,
                                                                           progress, cancelled),
                           lambda r: self._offer(r.path, "导出完成", r.message()), self._job_error)

    def _offer(self, path: Path, title: str, text: str) -> None:
        from .export_dialog import offer_open

        self.w.statusBar().showMessage(text, 10000)
        self.last_dialog = offer_open(self.w, title, text, Path(path))

    def _save_path(self, title: str, name: str) -> Path | None:
        from .export_dialog import remember_dir, remembered_dir, safe_filename

        chosen, _ = QFileDialog.getSaveFileName(self.w, title, str(remembered_dir("export") / safe_filename(name)),
                                                "Word 文档 (*.docx)")
        if not chosen:
            return None
        path = Path(chosen)
        path = path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")
        remember_dir("export", path.parent)
        return path

    def export_negative_list(self) -> None:
        from ..unit import exports as ops

        self._export_docx("导出负面清单", "政务公开负面清单", ops.export_negative_list,
                          lambda r: f"已导出负面清单：{r.rows} 个不予公开事项，保存到 {r.path}")

    def export_weekly_report(self) -> None:
        from ..unit import exports as ops

        self._export_docx("导出一周一进度", "一周一进度", ops.export_weekly_report,
                          lambda r: f"已导出一周一进度（{r.sheets} 个领域），保存到 {r.path}")

    def _export_docx(self, title: str, name: str, export: Callable[[Workspace, Path], ops.ExportResult],
                     done_text: Callable[[ops.ExportResult], str]) -> None:
        """A one-document Word export of the whole unit (short: not cancellable), then 打开文件."""
        from .jobs import run_job

        self.w.form.flush()
        if not self.is_unit or not self._started_catalogs():
            return
        path = self._save_path(title, f"{self.unit_name()}{name}.docx")
        if path is None:
            return
        self.job = run_job(self.w, title, lambda _p, _c: export(self.ws, path),
                           lambda r: self._offer(r.path, "导出完成", done_text(r)), self._job_error, cancellable=False)

    # 导入目录 (Excel, Word, WPS; also by drag and drop) ----------------------------------------------------------------------
    def import_xlsx(self, path: Path | str | None = None) -> ImportXlsxDialog | None:
        from ..unit import imports as import_ops
        from .export_dialog import remember_dir, remembered_dir
        from .import_xlsx_dialog import FILE_FILTER, ImportXlsxDialog
        from .jobs import run_job

        self.w.form.flush()
        if not self.is_unit:
            return None
        unit = reference.find_unit(self.ws, self.ws.unit_code)
        dialog = ImportXlsxDialog(list(self.w.areas.values()), unit.areas, lambda p, a: None, self.w)
        dialog.reader = lambda p, a: run_job(dialog, "读取目录文件",
                                             lambda _pr, _c: import_ops.read_catalog(self.ws, p, a),
                                             dialog.show_preview, dialog.show_error, cancellable=False)
        dialog.accepted.connect(lambda: self._apply_import(dialog))
        self._show(dialog)
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(dialog, "选择目录文件（Excel / Word）", str(remembered_dir("import")),
                                                    FILE_FILTER)
            path = chosen or None
        if path:
            remember_dir("import", Path(path).parent)
            dialog.set_file(path)
        return dialog

    def _apply_import(self, dialog: ImportXlsxDialog) -> None:
        from ..unit import imports as import_ops
        from .jobs import run_job

        preview, area = dialog.preview, dialog.area_code()
        if preview is None:
            return
        self.job = run_job(self.w, "导入目录", lambda _p, _c: import_ops.apply_import(self.ws, preview, area),
                           self._imported, self.w.show_error, cancellable=False)

    def _imported(self, summary: import_ops.ImportSummary) -> None:
        self._after_change()
        self.w.undo.refresh()  # the core decided what the import leaves undoable
        self.inform("导入完成", "\n".join(summary.lines()))

    # 导入审核结果 / 下发文件 ----------------------------------------------------------------------
    def _choose_package(self, title: str) -> Path | None:
        from .export_dialog import remember_dir, remembered_dir

        chosen, _ = QFileDialog.getOpenFileName(self.w, title, str(remembered_dir("packages")), PACKAGE_FILTER)
        if not chosen:
            return None
        remember_dir("packages", Path(chosen).parent)
        return Path(chosen)

    def _import_package(self, title: str, path: Path | str | None, read: Callable[[Workspace, Path | str], T]) -> T | None:
        """Choose (unless given) and import one package; a refusal is shown and gives None."""
        self.w.form.flush()
        if not self.is_unit:
            return None
        path = path or self._choose_package(title)
        if path is None:
            return None
        try:
            got = read(self.ws, path)
        except DomainError as exc:
            self.w.show_error(exc)
            return None
        self.w.reload_all()
        return got

    def import_result(self, path: Path | str | None = None) -> bool:
        got = self._import_package("导入审核结果", path, results.import_result)
        if got is None:
            return False
        self.w.open_area(got.area_code)
        if self.w.doc.area is not None:
            self.w.doc.load_area(self.w.doc.area)
        self.refresh_comments()
        self.tabs.setCurrentWidget(self.panel)
        area = self.w.areas[got.area_code].name if got.area_code in self.w.areas else got.area_code
        decision = DECISIONS.get(got.decision, got.decision)
        text = f"“{area}”的审核结论：{decision}（{got.round}）。\n市府办提出 {got.comment_count} 条意见，已列在“审核意见”中。"
        if got.general_comment.strip():
            text += f"\n\n总体意见：{got.general_comment.strip()}"
        if got.decision == "returned":
            text += "\n\n请按意见逐条修改，改好一条就勾选一条，全部处理后重新提交报送。"
        if not got.status_applied:
            text += f"\n\n注意：该结论针对的是已报送的版本；目录在报送后又有修改，目录状态未改为“{decision}”。"
        self.inform("已导入审核结果", text)
        return True

    def import_distribution(self, path: Path | str | None = None) -> bool:
        from ..unit.distribution import import_distribution

        got = self._import_package("导入市府办下发文件", path, self._distribution_with_fingerprint(import_distribution))
        if got is None:
            return False
        lines = [f"已导入{got.office_name}下发的第 {got.sequence} 号文件：单位名册 {got.unit_count} 个单位。"]
        if got.templates:
            lines.append(f"更新了 {len(got.templates)} 个领域的国家标准指引：{'、'.join(got.templates)}。")
        deadlines = [f"{k} {v}" for k, v in got.deadlines.items() if isinstance(v, str)]
        if deadlines:
            lines.append(f"截止日期：{'；'.join(deadlines)}。")
        if got.learned_key:
            lines.append("这是第一次导入市府办的文件：指纹核对一致，已认可市府办的密钥，今后只接受该密钥"
                         "（或由它签名担保的新密钥）签名的文件。")
        if got.rotated_key:
            lines.append("市府办已更换密钥：新密钥由原认可的密钥签名担保，今后认可新密钥。")
        self.inform("已导入下发文件", "\n".join(lines))
        return True

    def _distribution_with_fingerprint(self, run: Callable[..., T]) -> Callable[[Workspace, Path | str], T]:
        """The first distribution needs the office's fingerprint, typed by the clerk the way the office
        confirms a unit's key (`ui.review.keys_view`): asked only when the core says it is needed."""
        def read(ws: Workspace, path: Path | str) -> T:
            try:
                return run(ws, path)
            except DomainError as exc:
                if exc.code != "office_fingerprint_required":
                    raise
            digits, ok = QInputDialog.getText(
                self.w, "核对市府办的密钥指纹",
                "这是第一次导入市府办的下发文件，须先核对市府办的密钥指纹。\n"
                "请从市府办的通知或电话中获取指纹（8 组 5 位数字），逐位输入（可带空格）：")
            if not ok or not digits.strip():
                raise DomainError("office_fingerprint_required", "未核对市府办的密钥指纹，下发文件没有导入，本工作区未作任何改动。")
            return run(ws, path, office_fingerprint=digits)
        return read

    # 审核意见 -------------------------------------------------------------------------------------
    def refresh_comments(self) -> None:
        doc = self.w.doc
        if doc.catalog is None or not self.is_unit:
            self.comments = []
        else:
            self.comments = results.received_comments(self.ws, doc.catalog.id)
        labels = {i.id: f"{i.position + 1}. {i.level2 or i.level1 or '（未命名事项）'}" for i in doc.items}
        self.panel.set_comments(self.comments, labels, doc.area.name if doc.area and self.comments else "")
        n = self.panel.open_count()
        self.tabs.setTabText(COMMENTS_TAB, f"审核意见（{n}）" if n else "审核意见")
        self.update_form()

    def _area_opened(self) -> None:
        """An area with open review comments opens on them: they are what is left to do."""
        self.refresh_comments()
        if self.panel.open_count():
            self.tabs.setCurrentWidget(self.panel)

    def update_form(self) -> None:
        item = self.w.form.item
        if item is not None:
            self.w.form.show_comments(open_comments_by_field(self.comments, item.id))

    def _go_to(self, item_id: str, field: str) -> None:
        if self.w.doc.area is not None:
            self.w.go_to(self.w.doc.area.code, item_id, field)

    def mark_addressed(self, comment_id: str, addressed: bool) -> None:
        comment = next((c for c in self.comments if c.id == comment_id), None)
        if comment is None:
            return
        if comment.catalog_id != (self.w.doc.catalog.id if self.w.doc.catalog else None):
            return
        self.w.run(lambda: results.mark_addressed(self.ws, comment_id, addressed))

    def reply(self, comment_id: str, text: str) -> None:
        """答复审核意见 (issue 18): one undoable entry; sent with the next submission."""
        from ..unit import replies

        if any(c.id == comment_id for c in self.comments):
            self.w.run(lambda: replies.reply(self.ws, comment_id, text))

    # 本单位密钥 -----------------------------------------------------------------------------------
    def show_key(self) -> KeyDialog | None:
        from .key_dialog import KeyDialog

        try:
            dialog = KeyDialog(self.ws, self.unit_name() if self.is_unit else "本机（审核端）", self.w)
        except DomainError as exc:
            self.w.show_error(exc)
            return None
        return self._show(dialog)


def install(window: MainWindow) -> UnitActions:
    """Add the unit's package, document and review-result actions and the 审核意见 panel to ``window``."""
    actions = UnitActions(window)
    window.unit_actions = actions  # type: ignore[attr-defined]
    return actions
