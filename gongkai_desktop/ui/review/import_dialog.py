"""Importing units' packages: choose or drop files, see a dry-run verdict per file, confirm, import.

The dry run and the import both run as jobs (off the GUI thread, cancellable). Stale packages are
imported only when their row's checkbox is ticked; a quarantined package (unknown or unconfirmed
key) offers 登记此密钥…, which shows the fingerprint to compare over the phone, enrols and confirms
the key, and checks that unit's files again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
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
from ...office import importing
from ...office.importing import FileVerdict, ImportSummary
from ...package.signing import ALGORITHMS
from ...workspace import Workspace
from .. import jobs
from ..tables import Index, RowsModel, read_only_rows
from .common import Chooser

COLUMNS = ("导入", "文件", "单位", "领域", "事项数", "序号", "签名者指纹", "结论", "说明")
COL_CHECK, COL_FILE, COL_UNIT, COL_AREAS, COL_ITEMS, COL_SEQ, COL_SIGNER, COL_VERDICT, COL_MESSAGE = range(9)
VERDICT_BACKGROUNDS = {"new": "#e6f4ea", "newer": "#e3f0fc", "identical": "#efefef", "stale": "#fff0db",
                       "quarantined": "#fff7c2", "refused": "#fde7e7", "imported": "#d4edda"}
VERDICT_FOREGROUNDS = {"new": "#1b5e20", "newer": "#0d47a1", "identical": "#616161", "stale": "#bf5b00",
                       "quarantined": "#8a6d00", "refused": "#b71c1c", "imported": "#1b5e20"}
AREA_STATES = {"new": "新", "newer": "新版本", "identical": "相同"}
IMPORTED_LABEL = "已导入"


def verdict_text(fv: FileVerdict) -> str:
    """The verdict as the table shows it (拒绝 carries its reason in the 说明 column)."""
    return "与已导入的相同" if fv.verdict == "identical" else fv.label


class VerdictModel(RowsModel):
    """Rows = the dry-run verdicts; the checkbox of a stale row is the reviewer's explicit confirmation."""

    headers = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FileVerdict] = []
        self.confirmed: set[Path] = set()
        self.imported: set[Path] = set()

    def set_rows(self, rows: list[FileVerdict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        paths = {r.path for r in rows}
        self.confirmed &= paths
        self.endResetModel()

    def merge(self, rows: Iterable[FileVerdict]) -> None:
        """Replace rows of the same file, append new ones (a re-check or more files added)."""
        by_path = {r.path: r for r in self.rows}
        for r in rows:
            by_path[r.path] = r
            self.imported.discard(r.path)
        self.set_rows(list(by_path.values()))

    def verdict(self, row: int) -> FileVerdict | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def state(self, fv: FileVerdict) -> str:
        return "imported" if fv.path in self.imported else fv.verdict

    def pending(self) -> list[FileVerdict]:
        return [r for r in self.rows if r.path not in self.imported]

    def to_import(self) -> list[FileVerdict]:
        """What 导入 would write: new and newer files, stale ones only when ticked."""
        return [r for r in self.pending() if r.verdict in ("new", "newer") or (r.verdict == "stale" and r.path in self.confirmed)]

    # Qt model ---------------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        fv = self.verdict(index.row())
        if fv is not None and index.column() == COL_CHECK and fv.verdict == "stale" and fv.path not in self.imported:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        fv = self.verdict(index.row())
        if fv is None:
            return None
        col, state = index.column(), self.state(fv)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(fv, col, state)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_CHECK:
            if state == "imported" or fv.verdict in ("new", "newer"):
                return Qt.CheckState.Checked
            if fv.verdict == "stale":
                return Qt.CheckState.Checked if fv.path in self.confirmed else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(VERDICT_BACKGROUNDS[state]))
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_VERDICT, COL_MESSAGE):
            return QBrush(QColor(VERDICT_FOREGROUNDS[state]))
        if role == Qt.ItemDataRole.FontRole and col == COL_VERDICT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{fv.path}\n{fv.message}" if fv.message else str(fv.path)
        return None

    def _text(self, fv: FileVerdict, col: int, state: str) -> str:
        if col == COL_CHECK:
            return "需确认" if fv.verdict == "stale" and state != "imported" else ""
        if col == COL_FILE:
            return fv.path.name
        if col == COL_UNIT:
            return fv.unit_name
        if col == COL_AREAS:
            return "、".join(f"{a.area_name}（{AREA_STATES.get(a.state, a.state)}）" for a in fv.areas)
        if col == COL_ITEMS:
            return str(fv.item_count) if fv.package is not None else ""
        if col == COL_SEQ:
            return str(fv.sequence) if fv.sequence else ""
        if col == COL_SIGNER:
            return fv.signer
        if col == COL_VERDICT:
            return IMPORTED_LABEL if state == "imported" else verdict_text(fv)
        return fv.message

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        fv = self.verdict(index.row())
        if fv is None or role != Qt.ItemDataRole.CheckStateRole or not (self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        (self.confirmed.add if checked else self.confirmed.discard)(fv.path)
        self.dataChanged.emit(index, self.index(index.row(), len(COLUMNS) - 1))
        return True


class EnrolKeyDialog(QDialog):
    """登记此密钥: the fingerprint to read back over the phone; enrols and confirms in one step."""

    def __init__(self, ws: Workspace, fv: FileVerdict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.fv = ws, fv
        self.result_: keys.EnrolmentResult | None = None
        d = fv.details
        self.setWindowTitle("登记此密钥")
        layout = QVBoxLayout(self)
        unit = d.get("unit_name") or fv.unit_name
        intro = QLabel(f"文件包 {fv.path.name} 自称来自 <b>{unit}</b>，签名密钥尚未登记或尚未核对。"
                       "请用<b>已知的电话号码</b>联系该单位，请对方在本单位软件“设置 → 本单位密钥”中读出指纹，与下面的数字逐组核对。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if d.get("key_changed"):
            warn = QLabel("警告：该单位已有登记的有效密钥，这是一个不同的新密钥！可能有人冒充，务必电话核实。")
            warn.setWordWrap(True)
            warn.setStyleSheet("background: #c62828; color: white; padding: 8px; font-weight: bold;")
            layout.addWidget(warn)
        self.digits_label = QLabel(str(d.get("digits", fv.signer)))
        self.digits_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.digits_label.setStyleSheet("font-family: monospace; font-size: 18pt; font-weight: bold; padding: 6px;")
        layout.addWidget(self.digits_label)
        algo = ALGORITHMS.get(str(d.get("algorithm", "")), str(d.get("algorithm", "")))
        layout.addWidget(QLabel(f"签名算法：{algo}"))
        layout.addWidget(QLabel("对方读出的指纹数字（40 位，可带空格）："))
        self.digits_edit = QLineEdit()
        self.digits_edit.setPlaceholderText("例如 12345 67890 …")
        layout.addWidget(self.digits_edit)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("核对一致，登记并确认", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setEnabled(False)
        self.digits_edit.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        self.buttons.accepted.connect(self.enrol)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def enrol(self) -> None:
        try:
            self.result_ = keys.enrol_from_package(self.ws, self.fv.details, confirmed=True, digits=self.digits_edit.text())
        except DomainError as exc:
            QMessageBox.warning(self, "未能登记", exc.message)
            return
        if self.result_.warning:
            QMessageBox.warning(self, "密钥变更警告", self.result_.warning)
        self.accept()


class ImportDialog(QDialog):
    """The import window: a dry-run table, then 导入; ``imported`` fires with the summary."""

    imported = Signal(object)

    def __init__(self, ws: Workspace, chooser: Chooser | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.chooser = chooser or Chooser()
        self.job: jobs.Job | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle("导入单位报送的文件包")
        self.setAcceptDrops(True)
        self.model = VerdictModel(self)
        self._build()
        self.resize(1240, 560)
        self._update()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.add_files_button = QPushButton("添加文件…")
        self.add_folder_button = QPushButton("添加文件夹…")
        self.clear_button = QPushButton("清空列表")
        for b in (self.add_files_button, self.add_folder_button, self.clear_button):
            top.addWidget(b)
        hint = QLabel("也可以把 .gkpkg 文件或文件夹拖到此窗口。先检查（不写入任何数据），确认后再导入。")
        hint.setStyleSheet("color: #555;")
        top.addWidget(hint, 1)
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table, (64, 200, 110, 200, 60, 50, 150, 170, 300))
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        bottom = QHBoxLayout()
        self.enrol_button = QPushButton("登记此密钥…")
        self.summary_label = QLabel()
        self.import_button = QPushButton("导入")
        self.import_button.setDefault(True)
        self.close_button = QPushButton("关闭")
        bottom.addWidget(self.enrol_button)
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.clear_button.clicked.connect(self.clear)
        self.enrol_button.clicked.connect(self.enrol_current)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.accept)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.table.doubleClicked.connect(self._double_clicked)
        self.model.dataChanged.connect(lambda *_: self._update())
        self.model.modelReset.connect(self._update)

    # Choosing files ---------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths = self.chooser.open_files(self, "选择报送文件包", "政务公开文件包 (*.gkpkg);;所有文件 (*)")
        if paths:
            self.add_paths(paths)

    def choose_folder(self) -> None:
        folder = self.chooser.folder(self, "选择存放报送文件包的文件夹")
        if folder:
            self.add_paths([folder])

    def clear(self) -> None:
        self.model.imported.clear()
        self.model.set_rows([])
        self.summary = None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def add_paths(self, paths: Iterable[Path]) -> None:
        """Check the files (a folder: every .gkpkg in it) in a job, then show their verdicts."""
        sources = list(paths)
        ws = self.ws
        self._run("正在检查文件包", lambda progress, cancelled: importing.dry_run(ws, sources, progress, cancelled),
                  self._checked)

    def _checked(self, verdicts: list[FileVerdict]) -> None:
        self.summary = None
        self.model.merge(verdicts)
        if not verdicts:
            self.summary_label.setText("没有找到 .gkpkg 文件包。")
        first = next((n for n, r in enumerate(self.model.rows) if r.path in {v.path for v in verdicts}), 0)
        if self.model.rows:
            self.table.selectRow(first)
        self._update()

    # Importing --------------------------------------------------------------------------------------
    def start_import(self) -> None:
        todo = self.model.to_import()
        if not todo:
            stale = [r for r in self.model.pending() if r.verdict == "stale"]
            hint = "比已导入的旧的文件包需先勾选“导入”列确认。" if stale else ""
            self.summary_label.setText("没有可导入的文件包。" + hint)
            return
        ws, confirm = self.ws, [r.path for r in todo if r.verdict == "stale"]
        self._run("正在导入文件包", lambda progress, cancelled: importing.import_verdicts(ws, todo, confirm, progress, cancelled),
                  self._imported)

    def _imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.model.imported.update(fv.path for fv in summary.imported)
        self.model.set_rows(self.model.rows)
        self._update()
        self.summary_label.setText(summary.line())
        self.imported.emit(summary)

    # Quarantine -------------------------------------------------------------------------------------
    def current(self) -> FileVerdict | None:
        return self.model.verdict(self.table.currentIndex().row())

    def _double_clicked(self, index: QModelIndex) -> None:
        fv = self.model.verdict(index.row())
        if fv is not None and fv.verdict == "quarantined":
            self.enrol_current()

    def enrol_current(self) -> None:
        fv = self.current()
        if fv is None or fv.verdict != "quarantined" or not fv.details.get("public_key"):
            return
        dialog = EnrolKeyDialog(self.ws, fv, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.recheck_unit(fv.unit_code)

    def recheck_unit(self, unit_code: str) -> None:
        """After a key was enrolled: check that unit's quarantined files again."""
        paths = [r.path for r in self.model.pending() if r.verdict == "quarantined" and r.unit_code == unit_code]
        if paths:
            self.add_paths(paths)

    # State ------------------------------------------------------------------------------------------
    def _run(self, title: str, fn: jobs.JobFn, on_done: Any) -> None:
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def failed(exc: DomainError) -> None:
            self._set_busy(False)
            QMessageBox.warning(self, "无法完成操作", exc.message)

        self.job = jobs.run_job(self, title, fn, done, failed, cancelling="正在取消，请稍候……（已完成的部分保持完整）")

    def _set_busy(self, busy: bool) -> None:
        for b in (self.add_files_button, self.add_folder_button, self.clear_button, self.import_button, self.enrol_button):
            b.setEnabled(not busy)
        if not busy:
            self._update()

    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.done

    def _update(self) -> None:
        if self.busy:
            return
        fv = self.current()
        self.enrol_button.setEnabled(fv is not None and fv.verdict == "quarantined" and fv.path not in self.model.imported)
        self.detail.setText(f"{fv.path.name}：{fv.message}" if fv is not None and fv.message else "")
        todo = self.model.to_import()
        self.import_button.setEnabled(bool(todo))
        self.import_button.setText(f"导入 {len(todo)} 个文件包" if todo else "导入")
        if self.summary is None and self.model.rows:
            counts: dict[str, int] = {}
            for r in self.model.pending():
                counts[verdict_text(r)] = counts.get(verdict_text(r), 0) + 1
            self.summary_label.setText("检查结果：" + "，".join(f"{k} {v} 个" for k, v in counts.items()))
