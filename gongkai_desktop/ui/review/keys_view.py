"""单位密钥登记册: the units' keys, enrolment files, confirmation by the digits read over the phone, revocation.

An enrolment that brings a different key for a unit that already has an active one is the moment
an impostor would try: the dialog shows a red banner and a warning box, and the new key stays
待核对 until the digits are confirmed by phone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import keys
from ...errors import DomainError
from ...keys import RegisteredKey
from ...package.signing import ALGORITHMS
from ...workspace import Workspace
from ..tables import Index, RowsModel, read_only_rows
from .common import Chooser

COLUMNS = ("单位", "指纹（电话核对用）", "算法", "状态", "登记日期", "确认日期", "吊销/更换", "联系人")
STATUS_FG = {"pending": QColor("#bf5b00"), "active": QColor("#2e7d32"), "rotated": QColor("#757575"),
             "revoked": QColor("#c62828")}


def _day(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


class KeysModel(RowsModel):
    headers = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[RegisteredKey] = []

    def load(self, ws: Workspace) -> None:
        self.beginResetModel()
        self.rows = keys.list_keys(ws)
        self.endResetModel()

    def key(self, row: int) -> RegisteredKey | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        k = self.key(index.row())
        if k is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (k.unit_name, k.digits, ALGORITHMS.get(k.algorithm, k.algorithm), k.status_label, _day(k.enrolled_at),
                    _day(k.confirmed_at), self._ended(k), "，".join(v for v in k.contact.values() if v))[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QBrush(STATUS_FG.get(k.status, QColor("#333")))
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return k.fingerprint
        return None

    @staticmethod
    def _ended(k: RegisteredKey) -> str:
        if k.status == "revoked":
            return f"{_day(k.revoked_at)} 吊销：{k.revoke_reason}"
        if k.status == "rotated":
            return "已被新密钥取代"
        return ""


class KeysDialog(QDialog):
    def __init__(self, ws: Workspace, chooser: Chooser | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.chooser = chooser or Chooser()
        self.setWindowTitle("单位密钥登记册")
        self.model = KeysModel(self)
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #c62828; color: white; padding: 8px; font-weight: bold;")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.search = QLineEdit()
        self.search.setPlaceholderText("按单位查找")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table, (140, 330, 110, 70, 90, 90, 160, 120))
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("导入登记文件…")
        self.confirm_button = QPushButton("电话核对并确认…")
        self.revoke_button = QPushButton("吊销…")
        self.close_button = QPushButton("关闭")
        for b in (self.import_button, self.confirm_button, self.revoke_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.import_button.clicked.connect(self.import_enrolment)
        self.confirm_button.clicked.connect(self.confirm_current)
        self.revoke_button.clicked.connect(self.revoke_current)
        self.close_button.clicked.connect(self.accept)
        self.search.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.resize(1180, 520)
        self.reload()

    def reload(self) -> None:
        self.model.load(self.ws)
        self._filter(self.search.text())
        self._update()

    def _filter(self, text: str) -> None:
        for row, k in enumerate(self.model.rows):
            self.table.setRowHidden(row, bool(text.strip()) and text.strip() not in f"{k.unit_name}{k.unit_code}")

    def current(self) -> RegisteredKey | None:
        return self.model.key(self.table.currentIndex().row())

    def _update(self) -> None:
        k = self.current()
        self.confirm_button.setEnabled(k is not None and k.status == "pending")
        self.revoke_button.setEnabled(k is not None and k.status != "revoked")

    def select_key(self, fingerprint: str) -> None:
        row = next((n for n, k in enumerate(self.model.rows) if k.fingerprint == fingerprint), -1)
        if row >= 0:
            self.table.selectRow(row)

    def import_enrolment(self) -> None:
        paths = self.chooser.open_files(self, "选择单位的密钥登记文件", "所有文件 (*);;密钥登记文件 (*.json *.gkkey)")
        for path in paths:
            try:
                result = keys.import_enrolment(self.ws, path)
            except DomainError as exc:
                QMessageBox.warning(self, "未能登记", f"{path.name}：{exc.message}")
                continue
            self.reload()
            self.select_key(result.key.fingerprint)
            if result.warning:
                self.banner.setText(result.warning)
                self.banner.show()
                QMessageBox.warning(self, "密钥变更警告", result.warning)
            elif result.already_enrolled:
                QMessageBox.information(self, "已登记", f"{result.key.unit_name}的这个密钥此前已登记（{result.key.status_label}）。")
            else:
                notes = "\n".join(result.notes) or "状态为“待核对”：请电话联系该单位核对指纹后确认。"
                QMessageBox.information(self, "已登记", f"已登记{result.key.unit_name}的密钥，指纹：\n{result.key.digits}\n\n{notes}")

    def confirm_current(self) -> None:
        k = self.current()
        if k is None or k.status != "pending":
            return
        digits, ok = QInputDialog.getText(
            self, "电话核对指纹", f"请{k.unit_name}在电话中读出其密钥指纹，逐位输入（可带空格）。\n登记册中的指纹：{k.digits}")
        if not ok or not digits.strip():
            return
        try:
            confirmed = keys.confirm_key(self.ws, k.fingerprint[:16], digits)
        except DomainError as exc:
            QMessageBox.warning(self, "未确认", exc.message)
            return
        self.banner.hide()
        self.reload()
        self.select_key(confirmed.fingerprint)

    def revoke_current(self) -> None:
        k = self.current()
        if k is None or k.status == "revoked":
            return
        reason, ok = QInputDialog.getText(self, "吊销密钥", f"吊销{k.unit_name}的密钥 {k.digits}？\n此后用它签名的文件包一律拒绝。"
                                          "请写明原因（如：电脑丢失）：")
        if not ok:
            return
        try:
            keys.revoke_key(self.ws, k.fingerprint[:16], reason)
        except DomainError as exc:
            QMessageBox.warning(self, "未吊销", exc.message)
            return
        self.reload()
        self.select_key(k.fingerprint)
