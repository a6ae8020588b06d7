"""报送上级 (issue 19): the county office sends its approved catalogs to its prefecture, takes the
prefecture's signed result back and reads its comments — the window's side of `gongkai review
forward`, `review result import` and `review upstream`.

The level above is named in the menu (报送衢州市…) from the shipped hierarchy. Sending runs as a job
(the county's aggregate of every chosen area is read first); the first result from the prefecture
asks for its fingerprint, typed by the clerk, exactly as a unit's first distribution does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import vocab
from ...errors import DomainError
from ...office import forward as forward_ops
from ...office import upstream
from ...package.signing import fingerprint_digits
from .. import jobs
from .common import ReviewContext

FINGERPRINT_NEEDED = "upstream_fingerprint_required"


def status_text(area: forward_ops.ForwardableArea, parent: str) -> str:
    """What the dialog says of an area: how many units are approved, what was sent and answered."""
    parts = [f"已通过 {area.approved_units} 个单位"]
    if area.forwarded_version is not None:
        parts.append(f"已报送第 {area.forwarded_version} 版")
        parts.append(f"{parent}：{vocab.DECISIONS[area.decision]}" if area.decision else f"待{parent}审核")
    return "；".join(parts)


class ForwardDialog(QDialog):
    """The areas to send (those with approved catalogs, all checked); `chosen()` their codes."""

    def __init__(self, state: forward_ops.ForwardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"报送{state.parent}")
        self.resize(620, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(f"把审核通过的目录汇总为{state.region}目录，用本审核端的密钥签名，报送{state.parent}审核。"
                       "每个领域附各事项的来源单位和负面清单。请勾选要报送的领域：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for area in state.areas:
            item = QListWidgetItem(f"{area.code} {area.name}　（{status_text(area, state.parent)}）")
            item.setData(Qt.ItemDataRole.UserRole, area.code)
            if area.approved_units:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:  # nothing approved: shown, greyed, so the clerk sees why it is not sent
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("报送…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(lambda _item: self._update())
        self._update()

    def chosen(self) -> list[str]:
        return [str(self.list.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(self.list.count())
                if self.list.item(n).flags() & Qt.ItemFlag.ItemIsEnabled
                and self.list.item(n).checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        n = len(self.chosen())
        self.summary.setText(f"已选 {n} 个领域。" if n else "没有可报送的领域：请先审核通过各单位的目录。")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(n > 0)


def results_text(results: list[upstream.UpstreamResult]) -> str:
    """Every result from the level above, newest first, with its comments (the 上级审核意见 dialog)."""
    if not results:
        return "尚未收到上级的审核结果。"
    blocks = []
    for r in reversed(results):
        lines = [f"{r.area_name}：{vocab.DECISIONS[r.decision]}（{r.round}，{r.reviewer or r.sender}，{r.decided_at[:16].replace('T', ' ')}）"
                 + ("" if r.current else "［针对此前报送的版本］")]
        if r.general_comment.strip():
            lines.append(f"  总体意见：{r.general_comment}")
        for c in r.comments:
            field = vocab.FIELD_LABELS.get(c.field or "", "")
            units = f"（{'、'.join(c.units)}）" if c.units else ""
            state = "［已处理］" if c.addressed else ""
            lines.append(f"  · {c.item_label}{units}{'【' + field + '】' if field else ''}：{c.text}{state}")
            if c.reply:
                lines.append(f"      本县答复：{c.reply}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class UpstreamDialog(QDialog):
    """上级审核意见: every result as selectable text (copied into the notice to the units concerned)
    and, below, the comments to tick 已处理 or answer (答复…): both go with the area's next 报送."""

    def __init__(self, title: str, text: str, ctx: ReviewContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.resize(820, 600)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 2)
        self.comments = QListWidget()
        self.reply_button = QPushButton("答复所选意见…")
        if ctx is not None:
            hint = QLabel("处理完一条意见就勾选它；也可以答复（如说明为何不改）。下次报送时一并告知上级：")
            hint.setWordWrap(True)
            layout.addWidget(hint)
            layout.addWidget(self.comments, 1)
            layout.addWidget(self.reply_button, 0, Qt.AlignmentFlag.AlignLeft)
            self.comments.itemChanged.connect(self._ticked)
            self.comments.itemDoubleClicked.connect(lambda _item: self.ask_reply())
            self.reply_button.clicked.connect(lambda _checked=False: self.ask_reply())
            self.reload()
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def reload(self) -> None:
        """The comments of the newest result of each area (the ones the next 报送 answers)."""
        assert self.ctx is not None
        got = upstream.results(self.ctx.ws)
        numbers = upstream.comment_numbers(self.ctx.ws)
        newest = {r.area_code: r for r in got}
        self.text.setPlainText(results_text(got))
        self.comments.blockSignals(True)
        self.comments.clear()
        for r in newest.values():
            for c in r.comments:
                reply = f"　〔答复：{c.reply}〕" if c.reply else ""
                item = QListWidgetItem(f"#{numbers[c.id]}　{r.area_name} · {c.item_label}：{c.text}{reply}")
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if c.addressed else Qt.CheckState.Unchecked)
                self.comments.addItem(item)
        self.comments.blockSignals(False)
        self.reply_button.setEnabled(self.comments.count() > 0)

    def _ticked(self, item: QListWidgetItem) -> None:
        assert self.ctx is not None
        cid = str(item.data(Qt.ItemDataRole.UserRole))
        done = item.checkState() == Qt.CheckState.Checked
        self.ctx.run(lambda: upstream.answer(self.ctx.ws, cid, addressed=done))  # type: ignore[union-attr]
        self.reload()

    def ask_reply(self) -> None:
        assert self.ctx is not None
        item = self.comments.currentItem() or (self.comments.item(0) if self.comments.count() == 1 else None)
        if item is None:
            QMessageBox.information(self, "答复", "请先在列表中选择一条意见。")
            return
        cid = str(item.data(Qt.ItemDataRole.UserRole))
        current = next((c.reply for r in upstream.results(self.ctx.ws) for c in r.comments if c.id == cid), "")
        text, ok = QInputDialog.getMultiLineText(self, "答复上级审核意见", "答复内容（清空即撤回答复）：", current)
        if ok:
            self.ctx.run(lambda: upstream.answer(self.ctx.ws, cid, reply=text))  # type: ignore[union-attr]
            self.reload()


class UpwardActions:
    """The menu commands; ``parent`` owns the dialogs."""

    def __init__(self, ctx: ReviewContext, parent: QWidget) -> None:
        self.ctx = ctx
        self.parent = parent
        self.job: jobs.Job | None = None
        self.last_dialog: QDialog | None = None
        self.last_box: QMessageBox | None = None
        self.sent: Any = None

    def parent_name(self) -> str:
        """The level above (衢州市), or 上级 when the hierarchy does not know this office's region."""
        try:
            return forward_ops.require_reporting_office(self.ctx.ws)[1].name
        except DomainError:
            return "上级"

    # 报送 ---------------------------------------------------------------------------------------------
    def send(self) -> None:
        ws = self.ctx.ws
        try:
            state = forward_ops.forward_state(ws)
        except DomainError as exc:
            self.ctx.show_error(exc)
            return
        dialog = ForwardDialog(state, self.parent)
        self.last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
            return
        folder = self.ctx.chooser.folder(self.parent, f"报送{state.parent}：选择保存文件包的文件夹")
        if folder is None:
            return
        codes = dialog.chosen()
        self.job = jobs.run_job(self.parent, f"正在生成报送{state.parent}的文件包",
                                lambda _progress, _cancelled: forward_ops.forward(ws, codes, folder),
                                lambda result: self._sent(result, state.parent), self.ctx.show_error,
                                cancellable=False)

    def _sent(self, result: Any, parent: str) -> None:
        self.sent = result
        box = QMessageBox(QMessageBox.Icon.Information, f"已报送{parent}",
                          f"已生成报送{parent}的文件包（第 {result.sequence} 号）：{len(result.areas)} 个领域，"
                          f"{result.item_count} 个事项（汇总后），问题 {result.problems_count} 个。\n\n{result.path}\n\n"
                          f"请把该文件交给{parent}政务公开办；第一次报送时请电话告知本审核端的密钥指纹：\n"
                          f"{fingerprint_digits(result.fingerprint)}", parent=self.parent)
        open_dir = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        self.last_box = box
        box.exec()
        if box.clickedButton() is open_dir:
            self.ctx.chooser.open_url(Path(result.path).parent)

    # 审核结果 -----------------------------------------------------------------------------------------
    def import_result(self, path: Path | None = None) -> upstream.UpstreamResult | None:
        parent = self.parent_name()
        if path is None:
            files = self.ctx.chooser.open_files(self.parent, f"导入{parent}审核结果", "文件包 (*.gkpkg);;所有文件 (*)")
            if not files:
                return None
            path = files[0]
        ws = self.ctx.ws
        try:
            try:
                got = upstream.import_result(ws, path)
            except DomainError as exc:
                if exc.code != FINGERPRINT_NEEDED:
                    raise
                digits, ok = QInputDialog.getText(
                    self.parent, f"核对{parent}的密钥指纹",
                    f"这是第一次导入{parent}的审核结果，须先核对其密钥指纹。\n"
                    f"请从{parent}的通知或电话中获取指纹（8 组 5 位数字），逐位输入（可带空格）：")
                if not ok or not digits.strip():
                    QMessageBox.information(self.parent, "未导入", f"未核对{parent}的密钥指纹，审核结果没有导入，本工作区未作任何改动。")
                    return None
                got = upstream.import_result(ws, path, digits)
        except DomainError as exc:
            self.ctx.show_error(exc)
            return None
        note = []
        if got.learned_key:
            note.append(f"指纹核对一致，已认可{got.sender}的密钥，今后只接受该密钥签名的审核结果。")
        if not got.current:
            note.append("注意：该结论针对的是此前报送的版本，该领域此后又重新报送过。")
        self.show_text(f"{got.sender}审核结果：{got.area_name}",
                       "\n".join([*note, "" if note else "", results_text([got])]).strip())
        return got

    def show_results(self) -> None:
        try:
            text = results_text(upstream.results(self.ctx.ws))
        except DomainError as exc:
            self.ctx.show_error(exc)
            return
        self.show_text(f"{self.parent_name()}审核意见", text, answering=True)

    def show_text(self, title: str, text: str, answering: bool = False) -> UpstreamDialog:
        dialog = UpstreamDialog(title, text, self.ctx if answering else None, self.parent)
        self.last_dialog = dialog
        dialog.show()
        return dialog

