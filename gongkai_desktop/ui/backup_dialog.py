"""备份与恢复 (设置 menu), and the way out when a workspace cannot be opened.

The dialog lists the workspace's backups (automatic and manual, newest first), makes one now, and
restores a chosen one — from the list or any file — after the user confirms; the window then reopens
the workspace (migrating an older backup), with the undo history cleared. Everything it does is a
core call (`backups`); failures are shown as the core's Chinese messages.

`way_out` is what the start shows when the workspace is refused (damaged, another program's file,
written by a newer release): the message, then 从备份恢复… / 新建工作区… / 退出.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import backups, faults
from ..errors import DomainError
from . import fault_boundary, settings

DAILY_BACKUP_AFTER_MS = 3000


class BackupDialog(QDialog):
    """The backups of one data folder; ``ws`` None when the workspace could not be opened."""

    def __init__(self, data_dir: Path, ws: Any | None, parent: QWidget | None = None, problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        self.setMinimumWidth(640)
        self.data_dir, self.ws = Path(data_dir), ws
        self.restored: backups.Restored | None = None
        intro = problem + "\n\n" if problem else ""
        self.info = QLabel(intro + f"备份保存在 {backups.backup_dir(self.data_dir)}：每天第一次打开、升级数据库、导入和升级模板之前"
                           f"自动备份，保留 {backups.KEEP_DAYS} 天。恢复前，当前工作区会先另存为一份备份。")
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["时间", "原因", "大小"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.status = QLabel()
        self.backup_button = QPushButton("立即备份")
        self.backup_button.setEnabled(ws is not None)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("恢复所选备份…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton("从其他文件恢复…")
        self.file_button.clicked.connect(self.restore_from_file)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.file_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        col = QVBoxLayout(self)
        col.addWidget(self.info)
        col.addWidget(self.table, 1)
        col.addWidget(self.status)
        col.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.found = backups.list_backups(self.data_dir)
        self.table.setRowCount(len(self.found))
        for r, b in enumerate(self.found):
            cells = (f"{b.created:%Y-%m-%d %H:%M:%S}", backups.REASONS.get(b.reason, b.reason), _size(b.size))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b.path))
                self.table.setItem(r, c, item)
        if self.found:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.found))

    def backup_now(self) -> None:
        try:
            made = backups.make_backup(self.ws, backups.MANUAL)
        except Exception as exc:  # noqa: BLE001 - shown as its Chinese message
            fault_boundary.show(self, faults.report(exc, self.data_dir, "backup"))
            return
        self.refresh()
        self.status.setText(f"已备份：{made.path.name}")

    def selected(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.restore(chosen.path, chosen.label)

    def restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(backups.backup_dir(self.data_dir)),
                                              "工作区备份 (*.sqlite3 *.db);;所有文件 (*)")
        if path:
            self.restore(Path(path), Path(path).name)

    def restore(self, path: Path, label: str) -> bool:
        """Ask, then restore ``path``; True (and the dialog accepted) when done."""
        answer = QMessageBox.question(
            self, "恢复备份", f"用备份“{label}”恢复工作区？\n\n当前工作区会先另存为一份备份，需要时可以再恢复回来。"
            "恢复后将重新打开工作区，撤销记录会清空。")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.restored = backups.restore(self.data_dir, path)
        except Exception as exc:  # noqa: BLE001 - shown as its Chinese message
            fault_boundary.show(self, faults.report(exc, self.data_dir, "restore"), "无法恢复")
            return False
        self.accept()
        return True


def open_dialog(window: Any) -> bool:
    """设置 → 备份与恢复…: after a restore the window reopens the workspace."""
    window.form.flush()
    dialog = BackupDialog(window.ws.data_dir, window.ws, window)
    window.last_backup_dialog = dialog
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.restored is None:
        return False
    if window.switch_data_dir(window.ws.data_dir):
        window.statusBar().showMessage(f"已从备份 {dialog.restored.source.name} 恢复工作区。", 10000)
    return True


def install(window: Any) -> QAction:
    action = QAction("备份与恢复…", window)
    action.triggered.connect(lambda: open_dialog(window))
    window.actions_["backups"] = action
    window.add_menu_action("设置", action)
    return action


def schedule_daily_backup(ws: Any, delay_ms: int = DAILY_BACKUP_AFTER_MS) -> None:
    """The day's automatic backup, after the first frame and off the GUI thread (it never raises)."""
    def start() -> None:
        threading.Thread(target=backups.automatic, args=(ws, backups.DAILY), name="daily-backup", daemon=True).start()

    QTimer.singleShot(delay_ms, start)


class WayOut(QMessageBox):
    """The workspace could not be opened: the reason, then 从备份恢复… / 新建工作区… / 退出."""

    def __init__(self, err: DomainError, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Critical, "无法打开工作区", err.message, parent=parent)
        self.restore_button = self.addButton("从备份恢复…", QMessageBox.ButtonRole.AcceptRole)
        self.new_button = self.addButton("新建工作区…", QMessageBox.ButtonRole.AcceptRole)
        self.quit_button = self.addButton("退出", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


def way_out(data_dir: Path, err: DomainError, parent: QWidget | None = None) -> Path | None:
    """Ask what to do with a workspace that cannot be opened; the folder to try next, or None to quit."""
    while True:
        box = WayOut(err, parent)
        box.exec()
        clicked = box.clickedButton()
        if clicked is box.restore_button:
            dialog = BackupDialog(data_dir, None, parent, problem=err.message)
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.restored is not None:
                return data_dir
        elif clicked is box.new_button:
            chosen = QFileDialog.getExistingDirectory(parent, "选择新工作区的文件夹（空文件夹）", str(data_dir.parent))
            if chosen:
                settings.set_data_dir(Path(chosen))
                return Path(chosen)
        else:
            return None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"
