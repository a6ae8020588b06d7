"""设置 → 本单位密钥: the fingerprint to read aloud, the enrolment file, and key rotation.

Also `with_passphrase`, which every signing action of the window goes through: a key protected by
a passphrase makes the core refuse with ``passphrase_required``; the window then asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import keys
from ..errors import DomainError
from ..package.signing import ALGORITHMS
from ..workspace import ROLE_REVIEW, Workspace
from .export_dialog import PathRow, offer_open, remember_dir, remembered_dir, safe_filename
from .submit_dialog import big_digits_font, digit_lines
from .widgets import ok_cancel_buttons

T = TypeVar("T")
PASSPHRASE_TRIES = 3
ROTATE_WARNING = ("更换密钥后，今后的报送文件用新密钥签名。\n\n"
                  "旧密钥会为新密钥签名担保；但仍请导出新的密钥登记文件交市府办，并在电话中核对新的指纹。\n\n"
                  "确定要更换本单位的密钥吗？")


def with_passphrase(parent: QWidget, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``fn(..., passphrase=None)``; if the private key needs a passphrase, ask (up to 3 times).

    Cancelling the question raises the core's ``passphrase_required`` error, so callers handle one
    kind of failure.
    """
    passphrase: str | None = None
    for attempt in range(PASSPHRASE_TRIES + 1):
        try:
            return fn(*args, passphrase=passphrase, **kwargs)
        except DomainError as exc:
            if exc.code not in ("passphrase_required", "bad_passphrase") or attempt == PASSPHRASE_TRIES:
                raise
            prompt = "本单位的私钥受口令保护，请输入口令：" if exc.code == "passphrase_required" \
                else "口令不正确，请重新输入私钥口令："
            text, ok = QInputDialog.getText(parent, "私钥口令", prompt, QLineEdit.EchoMode.Password)
            if not ok:
                raise DomainError("passphrase_required", "未输入私钥口令，操作已取消。") from None
            passphrase = text
    raise AssertionError("unreachable")


class EnrolmentDialog(QDialog):
    """导出密钥登记文件: who to call back (联系人, 电话) and where to save the file."""

    def __init__(self, unit_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出密钥登记文件")
        layout = QVBoxLayout(self)
        intro = QLabel("把登记文件交市府办政务公开办；市府办会打电话请联系人读出密钥指纹，核对一致后登记生效。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        self.path = PathRow("save", "保存密钥登记文件", "密钥登记文件 (*.json)")
        self.path.set_path(remembered_dir("enrolment") / safe_filename(f"{unit_name}_密钥登记.json"))
        form.addRow("联系人：", self.contact)
        form.addRow("联系电话：", self.phone)
        form.addRow("保存为：", self.path)
        layout.addLayout(form)
        buttons, self.ok_button = ok_cancel_buttons(self, "导出")
        self.path.changed.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def contact_info(self) -> dict[str, str]:
        return {k: v for k, v in (("name", self.contact.text().strip()), ("phone", self.phone.text().strip())) if v}


class KeyDialog(QDialog):
    """The workspace's own key: fingerprint digits (large), algorithm, and what to do with it."""

    def __init__(self, ws: Workspace, unit_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.unit_name = ws, unit_name
        self.setWindowTitle("本单位密钥")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{unit_name} 的签名密钥。报送文件用它签名，市府办凭指纹确认文件确由本单位发出。"))
        layout.addWidget(QLabel("密钥指纹（市府办电话核对时，请逐组读出这 8 组数字）："))
        self.digits = QLabel()
        self.digits.setFont(big_digits_font(self.font()))
        self.digits.setStyleSheet("padding: 8px; background: #f5f7fa; border: 1px solid #d0d7e2;")
        layout.addWidget(self.digits)
        form = QFormLayout()
        self.algorithm = QLabel()
        self.created = QLabel()
        self.protected = QLabel()
        form.addRow("签名算法：", self.algorithm)
        form.addRow("生成时间：", self.created)
        form.addRow("私钥口令保护：", self.protected)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton("复制指纹", QDialogButtonBox.ButtonRole.ActionRole)
        self.enrol_button = buttons.addButton("导出密钥登记文件…", QDialogButtonBox.ButtonRole.ActionRole)
        self.rotate_button = buttons.addButton("更换密钥…", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button: QPushButton = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.copy_button, self.enrol_button, self.rotate_button):
            button.setAutoDefault(False)  # Enter closes; the actions need a deliberate click
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.info.digits))
        self.enrol_button.clicked.connect(self.export_enrolment)
        self.rotate_button.clicked.connect(self.rotate)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.enrol_button.setVisible(ws.role != ROLE_REVIEW)
        self.refresh()

    def refresh(self) -> None:
        self.info = keys.ensure_own_key(self.ws)
        self.digits.setText(digit_lines(self.info.digits))
        self.algorithm.setText(ALGORITHMS.get(self.info.algorithm, self.info.algorithm))
        self.created.setText(self.info.created_at.replace("T", " "))
        self.protected.setText("是" if self.info.encrypted else "否")

    def shown_digits(self) -> str:
        """The digits as shown, in one line (what the user reads aloud)."""
        return " ".join(self.digits.text().split())

    def export_enrolment(self) -> EnrolmentDialog:
        dialog = EnrolmentDialog(self.unit_name, self)
        dialog.accepted.connect(lambda: self._write_enrolment(dialog))
        dialog.open()
        return dialog

    def _write_enrolment(self, dialog: EnrolmentDialog) -> None:
        path = dialog.path.path()
        if path is None:
            return
        try:
            with_passphrase(self, keys.export_enrolment, self.ws, dialog.contact_info(), path)
        except DomainError as exc:
            QMessageBox.warning(self, "无法完成操作", exc.message)
            return
        except OSError as exc:
            QMessageBox.warning(self, "无法完成操作", f"无法写入 {path}：{exc.strerror or exc}。")
            return
        remember_dir("enrolment", Path(path).parent)
        offer_open(self, "已导出密钥登记文件",
                   f"已保存到：\n{path}\n\n请将其交市府办政务公开办，并在电话中读出指纹：\n{self.info.digits}",
                   Path(path), open_file=False)

    def rotate(self) -> bool:
        answer = QMessageBox.question(self, "更换密钥", ROTATE_WARNING,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            # a protected key stays protected: the new one gets the same passphrase
            with_passphrase(self, lambda passphrase: keys.rotate_own_key(self.ws, passphrase=passphrase,
                                                                         new_passphrase=passphrase))
        except DomainError as exc:
            QMessageBox.warning(self, "无法完成操作", exc.message)
            return False
        self.refresh()
        QMessageBox.information(self, "已更换密钥", f"已生成新密钥，指纹：\n{self.info.digits}\n\n"
                                "请点击“导出密钥登记文件…”，把新的登记文件交市府办。")
        return True
