"""Files dropped on the unit's window: review results, distributions and catalog files are imported.

A review-result or distribution package goes through the same import as 文件 → 导入审核结果… /
导入市府办下发文件… (same checks, same messages); a catalog file (.xlsx .docx …) opens the import
preview as 文件 → 导入目录… does. Anything else — several files, a folder, a PDF, an Excel file
renamed .gkpkg, a submission meant for the office — gets a message saying what it is and what to do
(`unit.dropped.classify`). The review office's window has its own drop (`review.review_window`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from ..errors import DomainError
from ..unit import dropped


class UnitDrop(QObject):
    def __init__(self, actions: Any) -> None:
        super().__init__(actions)
        self.actions = actions  # the window's `UnitActions`
        window = actions.w
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @staticmethod
    def local_files(event: Any) -> list[Path]:
        mime = event.mimeData()
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDragEnterEvent | QDragMoveEvent) \
                and self.actions.is_unit and self.local_files(event):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent) and self.actions.is_unit:
            paths = self.local_files(event)
            if paths:
                event.acceptProposedAction()
                self.take(paths)
                return True
        return super().eventFilter(obj, event)

    def take(self, paths: list[Path]) -> str:
        """Import or explain what was dropped; returns what it was (`unit.dropped` kinds)."""
        ua = self.actions
        try:
            what = dropped.classify(paths)
        except DomainError as exc:  # a damaged package: the menu import's own message
            ua.w.show_error(exc)
            return dropped.REFUSED
        if what.kind == dropped.CATALOG:
            ua.import_xlsx(what.path)
        elif what.kind == dropped.REVIEW_RESULT:
            ua.import_result(what.path)
        elif what.kind == dropped.DISTRIBUTION:
            ua.import_distribution(what.path)
        else:
            ua.inform("不能导入拖入的文件", what.message, warning=True)
        return what.kind
