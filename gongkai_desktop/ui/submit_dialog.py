"""提交报送: choose the areas and attachments, see what is wrong before sending, then the result.

The dialog shows the catalogs as the core reports them (items, problems, status) and collects
choices; `package.submission.export_submission` signs and writes the package and marks the
catalogs submitted. Problems do not block a submission, but they are shown loudly and the user
must tick that they know before 提交 is enabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..package.build import ATTACHMENT_TYPES, ExportResult
from ..package.signing import fingerprint_digits
from ..records import CatalogInfo
from . import export_dialog
from .export_dialog import AreaChecklist, PathRow, remembered_dir
from .widgets import ok_cancel_buttons

WARNING_STYLE = ("QFrame#warning { background: #fdecea; border: 2px solid #c62828; border-radius: 4px; }"
                 " QLabel { color: #b71c1c; border: none; }")
ATTACHMENT_FILTER = "报告文件 (" + " ".join(f"*{s}" for s in ATTACHMENT_TYPES) + ")"


def default_areas(infos: Sequence[CatalogInfo], current: str | None) -> list[str]:
    """Preselect what still has to go to the office (编制中, 退回修改); else the current area."""
    todo = [i.area_code for i in infos if i.status in ("draft", "returned")]
    return todo or ([current] if current else [])


class SubmitDialog(QDialog):
    def __init__(self, unit_name: str, infos: Sequence[CatalogInfo], current_area: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("提交报送")
        self.infos = {i.area_code: i for i in infos}
        layout = QVBoxLayout(self)
        intro = QLabel(f"把 {unit_name} 所选领域的目录签名打包为一个报送文件（.gkpkg），"
                       "通过电子邮件或 U 盘交市府办政务公开办审核。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel("报送的领域（领域 · 事项数 · 问题数 · 状态）："))
        self.checklist = AreaChecklist(infos, default_areas(infos, current_area))
        layout.addWidget(self.checklist)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        layout.addWidget(self._warning_box())
        layout.addLayout(self._attachments_box())
        form = QFormLayout()
        self.folder = PathRow("dir", "报送文件保存到")
        self.folder.set_path(remembered_dir("submit"))
        form.addRow("保存到文件夹：", self.folder)
        hint = QLabel("文件名由软件生成：单位_领域_日期_第N号.gkpkg")
        hint.setStyleSheet("color: #666;")
        form.addRow("", hint)
        layout.addLayout(form)
        self.buttons, self.ok_button = ok_cancel_buttons(self, "提交")
        layout.addWidget(self.buttons)
        self.checklist.checked_changed.connect(self._update)
        self.folder.changed.connect(lambda _t: self._update())
        self.setMinimumWidth(600)
        self._update()

    def _warning_box(self) -> QFrame:
        self.warning = QFrame()
        self.warning.setObjectName("warning")
        self.warning.setStyleSheet(WARNING_STYLE)
        col = QVBoxLayout(self.warning)
        self.warning_text = QLabel()
        self.warning_text.setWordWrap(True)
        font = self.warning_text.font()
        font.setBold(True)
        self.warning_text.setFont(font)
        self.confirm = QCheckBox("我已知悉上述问题，仍要提交")
        self.confirm.toggled.connect(lambda _on: self._update())
        col.addWidget(self.warning_text)
        col.addWidget(self.confirm)
        return self.warning

    def _attachments_box(self) -> QHBoxLayout:
        row = QHBoxLayout()
        col = QVBoxLayout()
        col.addWidget(QLabel("附件（可选），如试点工作总体报告（Word 或 PDF）："))
        self.attachments = QListWidget()
        self.attachments.setFixedHeight(self.attachments.fontMetrics().height() * 3 + 12)
        col.addWidget(self.attachments)
        row.addLayout(col, 1)
        buttons = QVBoxLayout()
        self.add_attachment_button = QPushButton("添加附件…")
        self.add_attachment_button.clicked.connect(self.choose_attachments)
        self.remove_attachment_button = QPushButton("移除")
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
        for button in (self.add_attachment_button, self.remove_attachment_button):
            button.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.add_attachment_button)
        buttons.addWidget(self.remove_attachment_button)
        row.addLayout(buttons)
        return row

    # Values -------------------------------------------------------------------------------------
    def area_codes(self) -> list[str]:
        return self.checklist.checked_codes()

    def attachment_paths(self) -> list[Path]:
        return [Path(self.attachments.item(n).toolTip()) for n in range(self.attachments.count())]

    def out_dir(self) -> Path | None:
        return self.folder.path()

    def problem_count(self) -> int:
        return sum(self.infos[c].problem_count for c in self.area_codes())

    def add_attachment(self, path: Path) -> None:
        if str(path) in {str(p) for p in self.attachment_paths()}:
            return
        self.attachments.addItem(path.name)
        self.attachments.item(self.attachments.count() - 1).setToolTip(str(path))

    def choose_attachments(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择附件", str(remembered_dir("attachments")), ATTACHMENT_FILTER)
        for p in paths:
            self.add_attachment(Path(p))
        if paths:
            export_dialog.remember_dir("attachments", Path(paths[0]).parent)

    def remove_attachment(self) -> None:
        row = self.attachments.currentRow()
        if row >= 0:
            self.attachments.takeItem(row)

    # State --------------------------------------------------------------------------------------
    def _update(self) -> None:
        codes = self.area_codes()
        items = sum(self.infos[c].item_count for c in codes)
        problems = self.problem_count()
        self.summary.setText(f"已选 {len(codes)} 个领域，共 {items} 个事项" + (f"，⚠ {problems} 个问题" if problems else "，无问题")
                             if codes else "请至少选择一个领域。")
        with_problems = [self.infos[c] for c in codes if self.infos[c].problem_count]
        self.warning.setVisible(bool(with_problems))
        if with_problems:
            where = "、".join(f"{i.area_name} {i.problem_count} 个" for i in with_problems)
            self.warning_text.setText(f"⚠ 所选领域仍有 {problems} 个问题未解决（{where}）。"
                                      "带着问题提交，审核时很可能被退回修改。建议先在“问题”面板中逐条处理。")
        ready = bool(codes) and self.out_dir() is not None and (not with_problems or self.confirm.isChecked())
        self.ok_button.setEnabled(ready)


class SubmitResultDialog(QDialog):
    """What was written, and the key's digits the office may ask for on the phone."""

    def __init__(self, result: ExportResult, area_names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("报送文件已生成")
        self.result = result
        layout = QVBoxLayout(self)
        head = QLabel(f"已生成第 {result.sequence} 号报送文件，所选领域已标记为“已提交”。请把该文件交市府办政务公开办。")
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.path_label = QLabel(str(result.path))
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("文件：", self.path_label)
        form.addRow("报送序号：", QLabel(f"第 {result.sequence} 号"))
        form.addRow("领域：", QLabel("、".join(area_names)))
        problems = f"，其中 {result.problems_count} 个问题未解决" if result.problems_count else ""
        form.addRow("事项：", QLabel(f"{result.item_count} 个{problems}"))
        layout.addLayout(form)
        layout.addWidget(QLabel("本单位密钥指纹（市府办电话核对时请逐组读出）："))
        self.digits = QLabel(digit_lines(fingerprint_digits(result.fingerprint)) if result.fingerprint else "")
        self.digits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.digits.setFont(big_digits_font(self.font()))
        layout.addWidget(self.digits)
        buttons = QDialogButtonBox()
        self.folder_button = buttons.addButton("打开所在文件夹", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.folder_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.folder_button.clicked.connect(
            lambda: export_dialog.OPENER(QUrl.fromLocalFile(str(Path(result.path).parent))))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def digit_lines(digits: str) -> str:
    """8 groups of 5 digits as two lines of four, the way they are read aloud."""
    groups = digits.split()
    return "\n".join("  ".join(groups[i:i + 4]) for i in range(0, len(groups), 4))


def big_digits_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setFamilies(["Consolas", "DejaVu Sans Mono", "Noto Sans Mono", "monospace"])
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(max(16, base.pointSize() * 2))
    font.setBold(True)
    return font
