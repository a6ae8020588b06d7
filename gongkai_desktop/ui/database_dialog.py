"""共享数据库: where the review office's workspace lives — this folder's SQLite file or a PostgreSQL server.

The reviewer types the server's address (or its parts), presses 测试连接 and reads, in Chinese,
whether the server answered, the password was wrong or the database is missing (`server`); only
a tested address is kept (in this data folder's local.json, never in the shared database). It takes
effect when the workspace is opened again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .. import local_settings, server, settings
from ..errors import DomainError


class DatabaseDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setWindowTitle("共享数据库")
        layout = QVBoxLayout(self)
        intro = QLabel("几位审核人共用一个审核端时，把工作区放在 PostgreSQL 数据库服务器上。"
                       f"地址的写法：{server.EXAMPLE}。留空则使用本数据目录中的工作区文件。"
                       "市府办的签名密钥仍只保存在本机的数据目录中。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.url_edit = QLineEdit(local_settings.read(self.data_dir, settings.DATABASE_URL))
        self.url_edit.setPlaceholderText(server.EXAMPLE)
        layout.addWidget(self.url_edit)
        self.test_button = QPushButton("测试连接")
        layout.addWidget(self.test_button)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        self.test_button.clicked.connect(self.test)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def test(self) -> bool:
        """Connect once; the outcome is shown under the field (True when the server answered)."""
        url = self.url_edit.text().strip()
        if not url:
            self.status.setText("将使用本数据目录中的工作区文件（SQLite）。")
            return True
        try:
            version = server.check_connection(url)
        except DomainError as exc:
            self.status.setStyleSheet("color: #b71c1c;")
            self.status.setText(exc.message)
            return False
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText(f"连接成功：{version.split(',')[0]}。")
        return True

    def save(self) -> None:
        try:
            where = server.remember(self.data_dir, self.url_edit.text().strip() or None)
        except DomainError as exc:
            self.status.setStyleSheet("color: #b71c1c;")
            self.status.setText(exc.message)
            return
        self.status.setText(f"已保存：{where}。重新打开工作区后生效。")
        self.accept()
