"""Several reviewers in the window (issue 18): who reviews here, and the office's audit log.

The reviewer's name belongs to this data folder (`settings.REVIEWER_NAME`, kept in local.json): it is
asked for, without blocking the window, at the first start of an office workspace that has none, and
is shown on every comment and decision. The audit log lists who imported, commented, decided,
exported, took or reopened what, newest first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import settings
from ...office import audit


class ReviewerDialog(QDialog):
    """审核人: the name of the person reviewing in this data folder."""

    def __init__(self, ws: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("审核人")
        layout = QVBoxLayout(self)
        note = QLabel("请填写在本机审核的人的姓名。它显示在每条审核意见和每个决定上，"
                      "几位审核人共用审核端时，大家据此知道谁在审核哪个报送。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.name_edit = QLineEdit(ws.reviewer)
        self.name_edit.setPlaceholderText("姓名，如 张三")
        self.name_edit.setMaxLength(64)
        layout.addWidget(self.name_edit)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.error.setText("姓名不能为空。")
            return
        self.ws.put(settings.REVIEWER_NAME, name)
        self.accept()


class AuditDialog(QDialog):
    """审核日志: who did what and when (one submission's, or the whole office's)."""

    HEADERS = ("时间（UTC）", "审核人", "操作", "报送", "内容")

    def __init__(self, ws: Any, submission_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.submission_id = ws, submission_id
        self.setWindowTitle("审核日志")
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.reload()

    def reload(self) -> None:
        entries = audit.entries(self.ws, self.submission_id)
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            for c, text in enumerate((f"{e.at:%Y-%m-%d %H:%M:%S}", e.reviewer or "—", e.label,
                                      str(e.submission_id or ""), e.detail)):
                self.table.setItem(r, c, QTableWidgetItem(text))
