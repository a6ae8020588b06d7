"""The review office's parts of the catalog's life (动态调整), in the 审核 menu:

开启新一轮动态调整… (name and deadline; the approved catalogs become its baseline), 新增领域… (其他领域:
name, code, level-1 items, responsible units, its template from Excel), 新增单位… (村/社区 under a
township, 公共企事业单位…), 补充已废止法律法规…, and 本报送的版本与修订对照… for the open submission.
Each dialog gathers input and calls one core function; refusals are shown, nothing is changed then.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import reference, vocab
from ...errors import DomainError
from ...office import laws as office_laws
from ...office import registry, revision, rounds
from ..widgets import ok_cancel_buttons

MENU = "审核"


def _checklist(entries: list[tuple[str, str]]) -> QListWidget:
    """A list of (label, key) with a check box each."""
    box = QListWidget()
    for label, key in entries:
        entry = QListWidgetItem(label)
        entry.setData(Qt.ItemDataRole.UserRole, key)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Unchecked)
        box.addItem(entry)
    return box


def checked(box: QListWidget) -> list[str]:
    return [box.item(n).data(Qt.ItemDataRole.UserRole) for n in range(box.count())
            if box.item(n).checkState() == Qt.CheckState.Checked]


def check(box: QListWidget, keys: list[str]) -> None:
    for n in range(box.count()):
        if box.item(n).data(Qt.ItemDataRole.UserRole) in keys:
            box.item(n).setCheckState(Qt.CheckState.Checked)


class _CoreDialog(QDialog):
    """A form whose 确定 runs one core call; a refusal keeps the dialog open with the message."""

    call: Callable[[], Any]  # each dialog's one core operation (RoundDialog goes through the window's run instead)

    def __init__(self, ws: Any, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.result_value: Any = None
        self.error: str = ""
        self.setWindowTitle(title)
        self.form = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(self.form)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        outer.addWidget(self.error_label)
        buttons, self.ok_button = ok_cancel_buttons(self, ok_text)
        buttons.accepted.disconnect()
        buttons.accepted.connect(self.submit)
        outer.addWidget(buttons)

    def submit(self) -> None:
        try:
            self.result_value = self.call()
        except DomainError as exc:
            self.error = exc.message
            self.error_label.setText(exc.message)
            return
        self.accept()


class RoundDialog(_CoreDialog):
    """开启新一轮动态调整: the round's name and deadline; the window's `run` makes it one undoable entry."""

    def __init__(self, ws: Any, run: Any, parent: QWidget | None = None) -> None:
        super().__init__(ws, "开启新一轮动态调整", "开启", parent)
        self.run = run
        year = QDate.currentDate().year()
        self.name_edit = QLineEdit(f"{year}年度动态调整")
        self.name_edit.setMaxLength(rounds.MAX_NAME)
        self.deadline = QDateEdit(QDate(year, 6, 30))
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setCalendarPopup(True)
        self.form.addRow("轮次名称：", self.name_edit)
        self.form.addRow("截止日期：", self.deadline)
        note = QLabel("开启后，各单位已审核通过的目录即为本轮的基线（已发布版本）；单位在此基础上报送调整，"
                      "审核时只看自基线以来的变化，全县汇总也标出自上次发布以来的变化。")
        note.setWordWrap(True)
        self.form.addRow(note)

    def submit(self) -> None:
        """Through the window's `run`: one entry of its 编辑 menu (撤销 开启…); a refusal is shown there."""
        name, day = self.name_edit.text(), self.deadline.date().toString("yyyy-MM-dd")
        changes = self.run(lambda: rounds.open_round(self.ws, name, day))
        if changes is not None:
            self.result_value = changes
            self.accept()


class AreaDialog(_CoreDialog):
    """新增领域: name, code (optional), level-1 items (one per line), responsible units, template (optional)."""

    def __init__(self, ws: Any, parent: QWidget | None = None) -> None:
        super().__init__(ws, "新增领域（其他领域）", "新增", parent)
        self.resize(560, 620)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如：政务服务")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("两位数字 27–99，不填自动编号")
        self.level1_edit = QPlainTextEdit()
        self.level1_edit.setPlaceholderText("每行一个一级事项")
        self.units = _checklist([(f"{u.name}（{vocab.SUBMITTER_KINDS.get(u.kind, u.kind)}）", u.code)
                                 for u in reference.list_units(ws)])
        self.template_edit = QLineEdit()
        self.template_edit.setPlaceholderText("可选：该领域的模板（Excel，格式同目录导出）")
        choose = QPushButton("选择…")
        choose.clicked.connect(self._choose_template)
        row = QHBoxLayout()
        row.addWidget(self.template_edit, 1)
        row.addWidget(choose)
        self.version_edit = QLineEdit("1")
        self.form.addRow("领域名称：", self.name_edit)
        self.form.addRow("领域编号：", self.code_edit)
        self.form.addRow("一级事项：", self.level1_edit)
        self.form.addRow("责任单位：", self.units)
        self.form.addRow("模板文件：", row)
        self.form.addRow("模板版本：", self.version_edit)

    def _choose_template(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "选择模板文件", "", "Excel 工作簿 (*.xlsx)")
        if chosen:
            self.template_edit.setText(chosen)

    def call(self) -> Any:
        template = self.template_edit.text().strip() or None
        return registry.add_area(self.ws, self.name_edit.text(), self.level1_edit.toPlainText().splitlines(),
                                 code=self.code_edit.text().strip() or None, units=checked(self.units),
                                 template=Path(template) if template else None,
                                 template_version=self.version_edit.text().strip() or "1")


class UnitDialog(_CoreDialog):
    """新增单位: name, kind, its township (村/社区), its areas, code (optional)."""

    def __init__(self, ws: Any, parent: QWidget | None = None) -> None:
        super().__init__(ws, "新增单位", "新增", parent)
        self.resize(520, 600)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如：江山市水务集团、城北社区")
        self.kind_box = QComboBox()
        for key, label in vocab.UNIT_KINDS.items():
            self.kind_box.addItem(label, key)
        self.kind_box.setCurrentIndex(self.kind_box.findData("enterprise"))
        self.parent_box = QComboBox()
        for u in reference.list_units(ws, "township"):
            self.parent_box.addItem(u.name, u.code)
        self.areas = _checklist([(f"{a.code} {a.name}", a.code) for a in reference.list_areas(ws)])
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("不填自动编号")
        self.form.addRow("单位名称：", self.name_edit)
        self.form.addRow("单位类型：", self.kind_box)
        self.form.addRow("所属乡镇（街道）：", self.parent_box)
        self.form.addRow("负责领域：", self.areas)
        self.form.addRow("单位编号：", self.code_edit)
        self.kind_box.currentIndexChanged.connect(lambda _n: self._kind_changed())
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.parent_box.setEnabled(self.kind_box.currentData() == "village")

    def call(self) -> Any:
        kind = str(self.kind_box.currentData())
        return registry.add_unit(self.ws, self.name_edit.text(), kind, areas=checked(self.areas),
                                 parent=str(self.parent_box.currentData()) if kind == "village" else None,
                                 code=self.code_edit.text().strip() or None)


class LawDialog(_CoreDialog):
    """补充已废止法律法规: the repealed one, its successor, the date and the source (new law's article)."""

    def __init__(self, ws: Any, parent: QWidget | None = None) -> None:
        super().__init__(ws, "补充已废止的法律法规", "补充", parent)
        self.resize(560, 360)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("被废止的法律法规全称")
        self.successor_edit = QLineEdit()
        self.successor_edit.setPlaceholderText("取代它的新法全称（废止且无新法的可不填）")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.source_edit = QPlainTextEdit()
        self.source_edit.setPlaceholderText("出处：新法的附则条文（如“本法自…起施行。《…》同时废止。”）或废止决定")
        self.form.addRow("已废止：", self.name_edit)
        self.form.addRow("新法：", self.successor_edit)
        self.form.addRow("废止日期：", self.date_edit)
        self.form.addRow("出处：", self.source_edit)

    def call(self) -> Any:
        successor = self.successor_edit.text().strip()
        return office_laws.add_law(self.ws, self.name_edit.text(), successor, self.date_edit.date().toString("yyyy-MM-dd"),
                                   self.source_edit.toPlainText(), "replaced" if successor else "repealed")


class OfficeLife:
    """The menu entries; ``last_dialog`` is what tests drive."""

    def __init__(self, window: Any) -> None:
        self.w = window
        self.bench = window.review
        self.last_dialog: Any = None
        menu = window.menu(MENU)
        keep_last = menu.actions()[-1] if menu.actions() else None  # 审核端说明 stays last
        entries = (("review_round", "开启新一轮动态调整…", self.open_round),
                   ("review_add_area", "新增领域（其他领域）…", self.add_area),
                   ("review_add_unit", "新增单位（村/社区、公共企事业单位）…", self.add_unit),
                   ("review_add_law", "补充已废止的法律法规…", self.add_law),
                   ("review_versions", "本报送的版本与修订对照…", self.show_versions))
        if keep_last is not None:
            menu.insertSeparator(keep_last)
        else:
            menu.addSeparator()
        for key, text, slot in entries:
            action = QAction(text, window)
            action.triggered.connect(lambda _checked=False, f=slot: f())
            window.actions_[key] = action
            if keep_last is not None:
                menu.insertAction(keep_last, action)
            else:
                menu.addAction(action)

    @property
    def ws(self) -> Any:
        return self.w.ws

    def _open(self, dialog: QDialog, done: Any = None) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if done is not None:
            dialog.accepted.connect(lambda: done(dialog))
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def _reloaded(self, text: str) -> None:
        self.bench.reload()
        self.w.undo.refresh()  # the addition is the 编辑 menu's next 撤销
        self.w.statusBar().showMessage(text, 10000)

    def open_round(self) -> QDialog:
        return self._open(RoundDialog(self.ws, self.w.run, self.w),
                          lambda d: self._reloaded(f"已开启“{d.name_edit.text().strip()}”。请下发新的截止日期。"))

    def add_area(self) -> QDialog:
        def done(d: AreaDialog) -> None:
            self.w.reload_all()
            self._reloaded(f"已新增领域（{d.result_value.code}）{d.result_value.name}。下发文件时一并发给各单位。")

        return self._open(AreaDialog(self.ws, self.w), done)

    def add_unit(self) -> QDialog:
        return self._open(UnitDialog(self.ws, self.w),
                          lambda d: self._reloaded(f"已新增单位“{d.result_value.name}”（{d.result_value.code}）。"))

    def add_law(self) -> QDialog:
        return self._open(LawDialog(self.ws, self.w),
                          lambda d: self._reloaded(f"已补充《{d.result_value.name}》。下发文件时一并发给各单位。"))

    def show_versions(self) -> QDialog | None:
        from ..versions_dialog import VersionsDialog, VersionSource

        view = self.bench.currentWidget()
        info = getattr(getattr(view, "data", None), "info", None)
        if info is None:
            QMessageBox.information(self.w, "版本与修订对照", "请先打开一个报送（在审核队列中双击），再查看该单位该领域的各个版本。")
            return None
        ws, unit, area = self.ws, info.unit_code, info.area_code
        source = VersionSource(
            f"{info.unit_name} · {info.area_name}", lambda: revision.list_versions(ws, unit, area),
            lambda a, b: revision.compare_versions(ws, unit, area, a, b), lambda v: revision.version_items(ws, v),
            lambda comparison, path: revision.export_revision_table(comparison, Path(path)))
        return self._open(VersionsDialog(source, self.w, self.w.show_error))


def install(window: Any) -> OfficeLife:
    life = OfficeLife(window)
    window.office_life = life
    return life
