"""帮助 → 关于: the version, the national templates' versions, the data folder and where the log is.

What a clerk reads out on the phone when something goes wrong: which release, which template
versions the catalogs follow, and which folders to send (the data folder, the log file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from .. import __version__, identity, logfile, reference
from ..workspace import Workspace
from .export_dialog import OPENER

APP_TITLE = "政务公开事项标准目录编制与报送软件"


def log_file(ws: Workspace) -> Path:
    """The log file in use; before anything configured it, the one the data folder would get."""
    return logfile.log_path() or Path(ws.data_dir).absolute() / logfile.LOG_DIR / logfile.LOG_FILE


def template_lines(ws: Workspace) -> list[str]:
    """One line per area: “04 户籍管理：2020 版，35 个事项” (or not yet loaded)."""
    lines = []
    for area, version, _level1, count in reference.template_summary(ws):
        lines.append(f"{area.code} {area.name}：" + (f"{version} 版，{count} 个事项" if version else "未收录国家标准指引"))
    return lines


def about_lines(ws: Workspace) -> list[str]:
    return [
        f"{APP_TITLE}　版本 {__version__}",
        f"本工作区：{identity.describe(ws)}",
        f"数据目录：{Path(ws.data_dir).absolute()}",
        f"日志文件：{log_file(ws)}",
        "每次修改即时保存，可撤销、重做；出错时的技术细节只写入日志文件，求助时请把日志文件一并发给技术支持。",
    ]


class AboutDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("关于")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel("\n".join(about_lines(ws)))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("各试点领域的国家标准指引版本："))
        self.templates = QPlainTextEdit("\n".join(template_lines(ws)))
        self.templates.setReadOnly(True)
        layout.addWidget(self.templates, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.open_data = QPushButton("打开数据目录")
        self.open_log = QPushButton("打开日志所在文件夹")
        buttons.addButton(self.open_data, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_log, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_data.clicked.connect(lambda: OPENER(QUrl.fromLocalFile(str(Path(ws.data_dir).absolute()))))
        self.open_log.clicked.connect(lambda: OPENER(QUrl.fromLocalFile(str(log_file(ws).parent))))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_about(window: Any) -> AboutDialog:
    dialog = AboutDialog(window.ws, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.about_dialog = dialog
    return dialog
