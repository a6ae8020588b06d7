"""The review office's window: the main window's centre becomes tabs — 审核队列, 进度看板, the national
templates (the unit window's browser, unchanged) and one closable tab per open submission — and
the 审核 menu gets the office's commands. Files or folders dropped anywhere on the window go to
the import dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QTabWidget, QWidget

from ... import levels
from ...errors import DomainError
from ...office.forward import require_reporting_office
from .. import jobs
from .aggregate_actions import OutputActions
from .aggregate_view import AggregateView
from .common import Chooser, ReviewContext
from .dashboard import DashboardView, DeadlinesDialog
from .import_dialog import ImportDialog
from .keys_view import KeysDialog
from .publish_action import PublishAction
from .queue_view import QueueView
from .reviewers_ui import AuditDialog, ReviewerDialog
from .submission_view import SubmissionView
from .upward_actions import UpwardActions

MENU = "审核"


class ReviewWorkbench(QTabWidget):
    """The tabs of the review office (the main window's central widget)."""

    def __init__(self, window: Any, templates: QWidget | None, chooser: Chooser | None = None) -> None:
        super().__init__()
        self.window_ = window
        self.ctx = ReviewContext(window, chooser)
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.queue = QueueView()
        self.dashboard = DashboardView()
        self.addTab(self.queue, "审核队列")
        self.addTab(self.dashboard, "进度看板")
        self.aggregate = AggregateView(self.ctx)
        self.whole = levels.whole_word(self.ws)  # 全县, or 全市 at a prefecture
        self.addTab(self.aggregate, f"{self.whole}汇总")
        self.fixed = 3
        if templates is not None:
            self.addTab(templates, "国家标准指引")
            self.fixed = 4
        for n in range(self.fixed):
            self.tabBar().setTabButton(n, self.tabBar().ButtonPosition.RightSide, None)
        self.views: dict[int, SubmissionView] = {}
        self.import_dialog: ImportDialog | None = None
        self.keys_dialog: KeysDialog | None = None
        self.outputs = OutputActions(self.ctx, window)
        self.publisher = PublishAction(self.ctx, window)
        self.upward = UpwardActions(self.ctx, window)
        self.aggregate.publish_button.clicked.connect(self.publisher.publish)
        self.queue.open_requested.connect(self.open_submission)
        self.queue.import_requested.connect(lambda: self.show_import())
        self.queue.take_requested.connect(self.take)
        self.dashboard.open_requested.connect(self.open_submission)
        self.dashboard.deadlines_requested.connect(self.edit_deadlines)
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._tab_shown)
        self.ctx.submission_changed.connect(lambda _id: self.reload())
        self.ctx.submissions_imported.connect(self.reload)
        self.reload()

    @property
    def ws(self) -> Any:
        return self.ctx.ws

    def reload(self) -> None:
        """Queue and dashboard from the core (cheap: run after imports, decisions, tab switches)."""
        try:
            self.queue.reload(self.ws)
            self.dashboard.reload(self.ws)
        except DomainError as exc:
            self.ctx.show_error(exc)

    def _tab_shown(self, index: int) -> None:
        if self.widget(index) in (self.queue, self.dashboard):
            self.reload()

    # Submissions --------------------------------------------------------------------------------------
    def open_submission(self, submission_id: int) -> SubmissionView | None:
        view = self.views.get(submission_id)
        if view is None:
            try:
                view = SubmissionView(self.ctx, submission_id)
            except DomainError as exc:
                self.ctx.show_error(exc)
                return None
            self.views[submission_id] = view
            index = self.addTab(view, view.title)
            self.setTabToolTip(index, f"{view.title}（第 {view.data.info.catalog_version} 版）")
        self.setCurrentWidget(view)
        view.table.setFocus()
        return view

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if index < self.fixed or not isinstance(widget, SubmissionView):
            return
        widget.save_general_comment()
        self.views.pop(widget.submission_id, None)
        self.removeTab(index)
        widget.deleteLater()

    def close_current_submission(self) -> None:
        self.close_tab(self.currentIndex())

    # Import -------------------------------------------------------------------------------------------
    def show_import(self, paths: list[Path] | None = None) -> ImportDialog:
        """The (one) import dialog, modeless so the queue stays usable; ``paths`` are checked at once."""
        if self.import_dialog is None:
            self.import_dialog = ImportDialog(self.ws, self.ctx.chooser, self.window_)
            self.import_dialog.imported.connect(lambda _summary: self.ctx.submissions_imported.emit())
        dialog = self.import_dialog
        dialog.ws = self.ws
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if paths:
            dialog.add_paths(paths)
        return dialog

    # Several reviewers (issue 18) -------------------------------------------------------------------
    def take(self, submission_id: int) -> None:
        from ...office import conversation

        if not self.ws.reviewer and self.ask_reviewer(modal=True) != QDialog.DialogCode.Accepted:
            return
        if self.ctx.run(lambda: conversation.take(self.ws, submission_id)) is not None:
            self.reload()

    def ask_reviewer(self, modal: bool = False) -> int:
        """审核人…: asked at the first start without blocking the window (``modal`` when an action needs it)."""
        dialog = ReviewerDialog(self.ws, self.window_)
        if modal:
            return dialog.exec()
        self.reviewer_dialog = dialog
        dialog.show()
        return 0

    def show_audit(self) -> AuditDialog:
        dialog = AuditDialog(self.ws, None, self.window_)
        self.audit_dialog = dialog
        dialog.show()
        return dialog

    def edit_database(self) -> None:
        from ..database_dialog import DatabaseDialog

        DatabaseDialog(self.ws.data_dir, self.window_).exec()

    # Dialogs ------------------------------------------------------------------------------------------
    def edit_deadlines(self) -> None:
        if DeadlinesDialog(self.ws, self.window_).exec() == QDialog.DialogCode.Accepted:
            self.dashboard.reload(self.ws)

    def show_keys(self) -> KeysDialog:
        """The key registry (modeless, one at a time)."""
        if self.keys_dialog is None or self.keys_dialog.ws is not self.ws:
            self.keys_dialog = KeysDialog(self.ws, self.ctx.chooser, self.window_)
        else:
            self.keys_dialog.reload()
        self.keys_dialog.show()
        self.keys_dialog.raise_()
        return self.keys_dialog


class DropFilter(QObject):
    """Files or folders dropped on the window open the import dialog with them; closing saves typing."""

    def __init__(self, workbench: ReviewWorkbench) -> None:
        super().__init__(workbench)
        self.workbench = workbench

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Close:  # a general comment still being typed is not lost
            for view in list(self.workbench.views.values()):
                view.save_general_comment()
            jobs.stop_all()
            return False
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) \
                and isinstance(event, QDragEnterEvent | QDropEvent) and event.mimeData().hasUrls():
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent) and event.mimeData().hasUrls():
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.workbench.show_import(paths)
                return True
        return False


def _add(window: Any, key: str, text: str, slot: Any, shortcut: str | None = None) -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    window.actions_[key] = action
    window.add_menu_action(MENU, action)
    return action


def install_review_ui(window: Any, chooser: Chooser | None = None) -> ReviewWorkbench:
    """Turn the main window into the review office's window (called when ``ws.role == ROLE_REVIEW``)."""
    templates = window.takeCentralWidget()
    bench = ReviewWorkbench(window, templates, chooser)
    window.setCentralWidget(bench)
    window.review = bench
    window.setAcceptDrops(True)
    drops = DropFilter(bench)
    window.installEventFilter(drops)
    bench.setAcceptDrops(True)
    bench.installEventFilter(drops)
    menu = window.menu(MENU)
    first = menu.actions()[0] if menu.actions() else None
    before = len(menu.actions())
    _add(window, "review_import", "导入报送文件包…", lambda: bench.show_import(), "Ctrl+I")
    _add(window, "review_queue", "审核队列", lambda: bench.setCurrentWidget(bench.queue), "Alt+1")
    _add(window, "review_dashboard", "进度看板", lambda: bench.setCurrentWidget(bench.dashboard), "Alt+2")
    _add(window, "review_aggregate", f"{bench.whole}汇总", lambda: bench.setCurrentWidget(bench.aggregate), "Alt+3")
    _add(window, "review_close_tab", "关闭当前报送", bench.close_current_submission, "Ctrl+W")
    menu.addSeparator()
    outputs = bench.outputs
    _add(window, "review_aggregate_xlsx", f"导出{bench.whole}汇总目录（Excel）…", lambda: outputs.export_aggregate("xlsx"))
    _add(window, "review_aggregate_docx", f"导出{bench.whole}汇总目录（Word）…", lambda: outputs.export_aggregate("docx"))
    _add(window, "review_aggregate_pdf", f"导出{bench.whole}汇总目录（PDF）…", lambda: outputs.export_aggregate("pdf"))
    _add(window, "review_negative_list", "导出负面清单（Word）…", outputs.export_negative_list)
    _add(window, "review_publish", "发布到网站…", bench.publisher.publish)
    _add(window, "review_weekly", "生成一周一进度（Word）…", outputs.export_weekly)
    try:  # an office the hierarchy places under a level above (江山市 → 衢州市): 报送 and the answers back
        above = require_reporting_office(bench.ws)[1].name
    except DomainError:
        above = ""
    if above:
        menu.addSeparator()
        upward = bench.upward
        _add(window, "review_forward", f"报送{above}…", upward.send)
        _add(window, "review_upstream_import", f"导入{above}审核结果…", lambda: upward.import_result())
        _add(window, "review_upstream", f"{above}审核意见…", upward.show_results)
    menu.addSeparator()
    _add(window, "review_deadlines", "各轮截止日期…", bench.edit_deadlines)
    _add(window, "review_keys", "单位密钥登记册…", bench.show_keys)
    menu.addSeparator()
    _add(window, "review_reviewer", "审核人…", lambda: bench.ask_reviewer(modal=True))
    _add(window, "review_audit", "审核日志…", bench.show_audit)
    _add(window, "review_database", "共享数据库…", bench.edit_database)
    if first is not None and before:  # keep the existing 审核端说明 last
        menu.removeAction(first)
        menu.addSeparator()
        menu.addAction(first)
    bench.setCurrentWidget(bench.queue)
    if not bench.ws.reviewer:  # first start of this data folder: who reviews here (not blocking)
        bench.ask_reviewer()
    return bench
