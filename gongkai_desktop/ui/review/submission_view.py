"""Reviewing one submission: its items as the unit sees them, what changed, problems, verdicts, comments, decision.

Left: the items (SubmissionItemModel). Right, tab 事项: the current item with its differences
against the previous submission and the template, its problems, 合格 / 需修改 (Ctrl+1 / Ctrl+2,
Ctrl+0 clears), and its comments (on the whole item or on one of its elements). Tab 整体: the
previous round's comments and which the unit marked 已处理, removed items, template items not
adopted, the general comment and the decision history. Bottom: round, reviewer, 退回修改 / 通过.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import vocab
from ...changes import Changes
from ...errors import DomainError
from ...office import conversation, decisions, results, rounds
from ...office.decisions import DECISIONS, CommentInfo
from ...office.inspect import SubmissionData, inspect_submission, refresh_review
from ...records import ItemRecord
from ...validation import item_label
from ..tables import read_only_rows
from ..widgets import MultiLineEdit
from .approve_dialog import confirm_approval
from .common import STATUS_LABELS, ReviewContext, last_reviewer, last_round, remember_reviewer
from .submission_model import FILTERS, SubmissionItemModel, show_value

# The elements a comment can point at, in the order of the national table.
COMMENT_FIELDS = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "audience", "mode",
                  "levels", "attribute", "legal_ground", "applicability_reason", "remarks")
WHOLE_ITEM = "整个事项"
TEMPLATE_KINDS = {"dropped": "未采用（删除）", "not_applicable": "不适用", "changed": "文字改动"}


class CommentEdit(MultiLineEdit):
    """The comment box: Ctrl+Enter adds the comment (Enter alone starts a new line)."""

    submit = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submit.emit()
            return
        super().keyPressEvent(event)


def life_line(d: SubmissionData) -> str:
    """The template version it follows, what changed since the round's baseline, repealed laws cited."""
    tv = d.info.template_version or "（未注明）"
    parts = [f"依据国家标准指引 {html.escape(tv)} 版" + (
        f"（<span style='color:#6a1b9a'>最新为 {html.escape(d.latest_template)} 版</span>）"
        if d.latest_template and d.info.template_version and d.latest_template != d.info.template_version else "")]
    if d.baseline is not None:
        parts.append(f"自{html.escape(d.baseline_round)}基线（第 {d.baseline.catalog_version} 版）以来："
                     f"{len(d.since_baseline)} 项有变化，删除 {len(d.removed_since_baseline)} 项")
    warned = sum(len(w) for w in d.warnings.values())
    if warned:
        parts.append(f"<span style='color:#1565c0'>提醒：{warned} 处引用已废止的法律法规</span>")
    return "；".join(parts) + "。"


def field_label(field: str | None) -> str:
    return vocab.FIELD_LABELS.get(field, field) if field else WHOLE_ITEM


class SubmissionView(QWidget):
    """One open submission (a tab of the review workbench)."""

    def __init__(self, ctx: ReviewContext, submission_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.submission_id = submission_id
        self.data: SubmissionData = inspect_submission(ctx.ws, submission_id)
        self.model = SubmissionItemModel(self)
        self._build()
        self._build_actions()
        self.model.set_data(self.data)
        if self.data.baseline is not None:  # a later round: the review shows what changed since the baseline
            self.filter_box.setCurrentIndex(self.filter_box.findData("since_baseline"))
        ctx.submission_changed.connect(self._changed)
        self._refresh_all()
        if self.model.rows:
            self.table.selectRow(0)

    @property
    def title(self) -> str:
        return f"{self.data.info.unit_name} · {self.data.info.area_name}"

    # Building ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)
        top = QHBoxLayout()
        self.filter_box = QComboBox()
        for label, kind in FILTERS:
            self.filter_box.addItem(label, kind)
        self.search = QLineEdit()
        self.search.setPlaceholderText("在本报送中查找")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        top.addWidget(QLabel("显示："))
        top.addWidget(self.filter_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table, (36, 52, 66, 40, 36, 36, 92, 118, 130, 120, 130, 96, 130, 64, 48, 60, 70))
        self.table.setWordWrap(False)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.table)
        self.side = QTabWidget()
        self.side.addTab(self._build_item_tab(), "事项审核")
        self.side.addTab(self._build_overall_tab(), "整体意见")
        self.split.addWidget(self.side)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([900, 430])
        layout.addWidget(self.split, 1)
        layout.addLayout(self._build_decision_bar())
        self.filter_box.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self.table.selectionModel().currentChanged.connect(self._current_changed)

    def _build_item_tab(self) -> QWidget:
        tab = QWidget()
        col = QVBoxLayout(tab)
        col.setContentsMargins(4, 4, 4, 4)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        col.addWidget(self.detail, 4)
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(QLabel("本事项结论："))
        self.ok_button = QPushButton("合格 (Ctrl+1)")
        self.change_button = QPushButton("需修改 (Ctrl+2)")
        self.clear_button = QPushButton("清除 (Ctrl+0)")
        for b in (self.ok_button, self.change_button, self.clear_button):
            verdict_row.addWidget(b)
        verdict_row.addStretch(1)
        col.addLayout(verdict_row)
        col.addWidget(QLabel("本事项的审核意见："))
        self.comment_list = QListWidget()
        self.comment_list.setWordWrap(True)
        self.comment_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        col.addWidget(self.comment_list, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("针对："))
        self.field_box = QComboBox()
        self.field_box.addItem(WHOLE_ITEM, None)
        for f in COMMENT_FIELDS:
            self.field_box.addItem(vocab.FIELD_LABELS[f], f)
        row.addWidget(self.field_box, 1)
        self.delete_comment_button = QPushButton("删除所选意见")
        row.addWidget(self.delete_comment_button)
        col.addLayout(row)
        self.comment_edit = CommentEdit(lines=2)
        self.comment_edit.setPlaceholderText("写审核意见，Ctrl+Enter 添加")
        col.addWidget(self.comment_edit)
        self.add_comment_button = QPushButton("添加意见 (Ctrl+Enter)")
        col.addWidget(self.add_comment_button)
        self.ok_button.clicked.connect(lambda: self.set_verdict("ok"))
        self.change_button.clicked.connect(lambda: self.set_verdict("change"))
        self.clear_button.clicked.connect(lambda: self.set_verdict(None))
        self.add_comment_button.clicked.connect(self.add_comment)
        self.delete_comment_button.clicked.connect(self.delete_selected_comment)
        return tab

    def _build_overall_tab(self) -> QWidget:
        tab = QWidget()
        col = QVBoxLayout(tab)
        col.setContentsMargins(4, 4, 4, 4)
        self.overall = QTextBrowser()
        self.overall.setOpenLinks(False)
        self.overall.anchorClicked.connect(self._anchor)
        col.addWidget(self.overall, 3)
        col.addWidget(QLabel("总体意见（发给单位，离开此框即保存）："))
        self.general_edit = MultiLineEdit(lines=3)
        self.general_edit.focus_out.connect(self.save_general_comment)
        col.addWidget(self.general_edit, 1)
        return tab

    def _build_decision_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("轮次："))
        self.round_box = QComboBox()
        names = [r.name for r in rounds.list_rounds(self.ctx.ws)]  # the plan's four and those opened since
        self.round_box.addItems(names)
        if last_round() in names:
            self.round_box.setCurrentText(last_round())
        opened = names[len(vocab.REVIEW_ROUNDS):]
        if opened and last_round() not in opened:  # a round after the first four is open: it is the one
            self.round_box.setCurrentText(opened[-1])
        bar.addWidget(self.round_box)
        bar.addWidget(QLabel("审核人："))
        self.reviewer_edit = QLineEdit(self.ctx.ws.reviewer or last_reviewer())
        self.reviewer_edit.setPlaceholderText("姓名")
        self.reviewer_edit.setMaximumWidth(160)
        bar.addWidget(self.reviewer_edit)
        self.status_label = QLabel()
        bar.addWidget(self.status_label, 1)
        self.return_button = QPushButton("退回修改…")
        self.return_button.setStyleSheet("QPushButton { color: #bf360c; font-weight: bold; }")
        self.approve_button = QPushButton("通过…")
        self.approve_button.setStyleSheet("QPushButton { color: #1b5e20; font-weight: bold; }")
        self.result_button = QPushButton("生成审核结果文件包…")
        for b in (self.return_button, self.approve_button, self.result_button):
            bar.addWidget(b)
        self.return_button.clicked.connect(lambda: self.decide("returned"))
        self.approve_button.clicked.connect(lambda: self.decide("approved"))
        self.result_button.clicked.connect(self.export_result)
        return bar

    def _build_actions(self) -> None:
        def action(text: str, keys: str, slot: object) -> QAction:
            a = QAction(text, self)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.ok_action = action("合格", "Ctrl+1", lambda: self.set_verdict("ok"))
        self.change_action = action("需修改", "Ctrl+2", lambda: self.set_verdict("change"))
        self.clear_action = action("清除结论", "Ctrl+0", lambda: self.set_verdict(None))
        self.comment_edit.submit.connect(self.add_comment)

    # Refreshing -------------------------------------------------------------------------------------
    def _changed(self, submission_id: int) -> None:
        if submission_id != self.submission_id:
            return
        refresh_review(self.ctx.ws, self.data)
        self.model.refresh_review()
        self._refresh_all()

    def _refresh_all(self) -> None:
        self._refresh_header()
        self._show_current()
        self._refresh_overall()
        editable = self.data.editable
        for w in (self.ok_button, self.change_button, self.clear_button, self.add_comment_button,
                  self.delete_comment_button, self.comment_edit, self.general_edit, self.return_button,
                  self.approve_button, self.field_box):
            w.setEnabled(editable)
        for a in (self.ok_action, self.change_action, self.clear_action):
            a.setEnabled(editable)
        self.result_button.setEnabled(bool(self.data.decisions))
        if not self.general_edit.hasFocus():
            self.general_edit.setPlainText(self.data.info.general_comment)
        self.count_label.setText(f"显示 {len(self.model.rows)} / {len(self.data.items)} 项")

    def _refresh_header(self) -> None:
        d, info = self.data, self.data.info
        changed = sum(1 for c in d.changes.values() if c.kind == "changed")
        added = sum(1 for c in d.changes.values() if c.kind == "added")
        marked = len(d.verdicts)
        need = sum(1 for v in d.verdicts.values() if v == "change")
        status = STATUS_LABELS.get(info.status, info.status)
        prev = (f"与上次报送（第 {d.previous.catalog_version} 版）相比：修改 {changed} 项，新增 {added} 项，删除 {len(d.removed)} 项"
                if d.previous else "首次报送")
        self.header.setText(
            f"<b style='font-size:12pt'>{html.escape(self.title)}</b>　第 {info.catalog_version} 版（报送序号 {info.sequence}），"
            f"收到于 {info.received_at:%Y-%m-%d %H:%M}　状态：<b>{status}</b><br>"
            f"共 {len(d.items)} 项，问题 {d.problem_count} 个；{prev}；与国家指引不同 {len(d.template) + len(d.dropped)} 处。"
            f"　已审 {marked} 项，需修改 {need} 项，审核意见 {len(d.comments)} 条。<br>" + life_line(d))
        last = d.decisions[-1] if d.decisions else None
        self.status_label.setText(f"已于 {last.at:%Y-%m-%d} {DECISIONS[last.decision]}（{last.round}，{last.reviewer}）"
                                  if last else "")

    def _filter(self) -> None:
        keep = self.current_item()
        self.model.set_filter(self.filter_box.currentData(), self.search.text())
        row = self.model.row_of(keep.id) if keep else -1
        self.table.selectRow(row if row >= 0 else 0)
        self.count_label.setText(f"显示 {len(self.model.rows)} / {len(self.data.items)} 项")
        self._show_current()

    def current_item(self) -> ItemRecord | None:
        return self.model.item(self.table.currentIndex().row())

    def select_item(self, item_id: str) -> bool:
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        field = self.model.field_of(current.column())
        if field in COMMENT_FIELDS:
            self.field_box.setCurrentIndex(self.field_box.findData(field))
        if current.row() != previous.row():
            self._show_current()

    def _show_current(self) -> None:
        item = self.current_item()
        self.detail.setHtml(self._item_html(item) if item else "<p>（没有事项）</p>")
        self.comment_list.clear()
        if item is None:
            return
        for c in self.data.item_comments(item.id):
            entry = QListWidgetItem(f"［{field_label(c.field)}］{c.text}　—— {c.author or '审核人'} {c.at:%m-%d %H:%M}")
            entry.setData(Qt.ItemDataRole.UserRole, c.id)
            self.comment_list.addItem(entry)

    def _item_html(self, item: ItemRecord) -> str:
        d = self.data
        change = d.changes.get(item.id)
        dev = d.template.get(item.id)
        verdict = decisions.VERDICTS.get(d.verdicts.get(item.id, ""), "未审")
        parts = [f"<h3>{html.escape(item_label(item))}　<span style='color:#555'>［{verdict}］</span></h3>"]
        if change is not None and change.kind == "added":
            parts.append("<p style='background:#dcf3e2'>本次新增的事项（上次报送中没有）。</p>")
        if item.not_applicable:
            parts.append(f"<p style='color:#777'>标记为不适用，理由：{html.escape(item.applicability_reason or '（未填写）')}</p>")
        rows = []
        for f in COMMENT_FIELDS:
            value = getattr(item, f)
            if f in ("legal_ground", "applicability_reason") and not value:
                continue
            text = html.escape(show_value(value) if isinstance(value, list) or value else "")
            if f == "channels" and item.channel_other:
                text += html.escape(f"（其他：{item.channel_other}）")
            style = ""
            if change is not None and change.kind == "changed" and f in change.fields:
                style = " style='background:#ffe98f'"
                text += f"<br><span style='color:#777'>上次：<s>{html.escape(show_value(change.fields[f][0]))}</s></span>"
            if dev is not None and dev.kind == "changed" and f in dev.fields:
                text += f"<br><span style='color:#1f5fa8'>指引原文：{html.escape(show_value(dev.fields[f][0]))}</span>"
            rows.append(f"<tr><td style='color:#555;white-space:nowrap'>{vocab.FIELD_LABELS[f]}</td><td{style}>{text}</td></tr>")
        parts.append("<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>")
        origin = f"来源：{vocab.SOURCES.get(item.source, item.source)}"
        parts.append(f"<p style='color:#555'>{origin}" + (f"；指引事项 {item.template_code}" if item.template_code else "") + "</p>")
        problems = d.problems.get(item.id, [])
        if problems:
            parts.append("<p style='color:#c62828'><b>问题：</b>" + "；".join(
                f"{html.escape(field_label(p.field))}：{html.escape(p.message)}" for p in problems) + "</p>")
        warned = d.warnings.get(item.id, [])
        if warned:
            parts.append("<p style='color:#1565c0'><b>提醒：</b>" + "；".join(html.escape(w.message) for w in warned) + "</p>")
        since = d.since_baseline.get(item.id)
        if since is not None:
            what = "新增" if since.kind == "added" else ("修改了" + "、".join(vocab.FIELD_LABELS.get(f, f) for f in since.fields)
                                                        if since.fields else "调整了顺序")
            parts.append(f"<p style='color:#6a1b9a'>自{html.escape(d.baseline_round)}基线以来：{what}。</p>")
        return "".join(parts)

    def _answer_html(self, comment_id: str, item_id: str | None) -> str:
        """The unit's reply, whether the item changed since, and 重新打开 (issue 18)."""
        d = self.data
        reply = d.info.replies.get(comment_id, "")
        changed = (item_id in d.changes) if item_id else bool(d.changes)
        text = (f"<br>　单位答复：<b>{html.escape(reply)}</b>" if reply else "<br>　<span style='color:#9e9e9e'>单位未答复</span>")
        text += "　<span style='color:#555'>" + ("事项已修改" if changed else "事项未改动") + "</span>"
        reopened = {c.reopens for c in d.comments if c.reopens}
        if comment_id in reopened:
            return text + "　<i>已重新打开</i>"
        return text + (f"　<a href='reopen:{comment_id}'>重新打开</a>" if d.editable else "")

    def _general_replies(self) -> list[str]:
        """Replies to the previous result's general comment (its id is ``<result package>-general``)."""
        return [f"<p>对上次总体意见的答复：<b>{html.escape(text)}</b></p>"
                for cid, text in self.data.info.replies.items() if cid.endswith(conversation.GENERAL_SUFFIX)]

    def _refresh_overall(self) -> None:
        d = self.data
        by_id = {i.id: i for i in d.items} | d.removed_items
        parts = ["<h3>上一轮审核意见的处理情况</h3>"]
        if not d.previous_comments:
            parts.append("<p style='color:#777'>（上次报送没有审核意见）</p>" if d.previous else "<p style='color:#777'>（首次报送）</p>")
        for c in d.previous_comments:
            where = f"{item_label(by_id[c.item_id])}［{field_label(c.field)}］" if c.item_id in by_id else (
                "整体" if c.item_id is None else "（已删除的事项）")
            mark = ("<b style='color:#2e7d32'>已处理</b>" if d.addressed(c.id)
                    else "<b style='color:#9e9e9e'>未标记处理</b>")
            parts.append(f"<p>{mark}　{html.escape(where)}：{html.escape(c.text)}（{html.escape(c.author or '市府办')}）"
                         + self._answer_html(c.id, c.item_id) + "</p>")
        parts.extend(self._general_replies())
        if d.removed:
            parts.append("<h3>本次删除的事项</h3><ul>" + "".join(f"<li>{html.escape(r.label)}</li>" for r in d.removed) + "</ul>")
        if d.dropped or d.template:
            parts.append("<h3>与国家标准指引不同之处</h3><ul>" + "".join(
                f"<li>{html.escape(t.label)}：{TEMPLATE_KINDS[t.kind]}</li>" for t in [*d.dropped, *d.template.values()]) + "</ul>")
        general = [c for c in d.item_comments(None)]
        if general:
            parts.append("<h3>对整个报送的意见</h3>" + "".join(f"<p>{html.escape(c.text)}</p>" for c in general))
        if d.decisions:
            parts.append("<h3>审核记录</h3>" + "".join(
                f"<p>{x.at:%Y-%m-%d %H:%M} {DECISIONS[x.decision]}（{x.round}，{html.escape(x.reviewer)}）"
                f"{html.escape(x.comment)}</p>" for x in d.decisions))
        self.overall.setHtml("".join(parts))

    # Reviewer actions -------------------------------------------------------------------------------
    def _review(self, operation: Callable[[int], Changes]) -> Changes | None:
        """A change to this review, made against the version this view shows (issue 18): when another
        reviewer changed it meanwhile the core refuses (已被 张三 修改，请刷新后再试) and the view reloads."""
        done = self.ctx.run(lambda: operation(self.data.info.review_version))
        if done is None:
            self._changed(self.submission_id)
        return done

    def reopen_comment(self, comment_id: str) -> None:
        """重新打开: an earlier version's comment becomes an open comment of this version again."""
        self._review(lambda v: conversation.reopen(self.ctx.ws, comment_id, expected_version=v))

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "reopen":
            self.reopen_comment(url.path())

    def _notify(self, submission_id: int) -> None:
        self.ctx.submission_changed.emit(submission_id)

    def set_verdict(self, verdict: str | None) -> None:
        item = self.current_item()
        if item is None:
            return
        self._review(lambda v: decisions.set_verdict(self.ctx.ws, self.submission_id, item.id, verdict, expected_version=v))

    def add_comment(self) -> None:
        item = self.current_item()
        text = self.comment_edit.toPlainText().strip()
        if item is None or not text:
            return
        field, author = self.field_box.currentData(), self.reviewer_edit.text().strip()
        if self._review(lambda v: decisions.add_comment(self.ctx.ws, self.submission_id, text, item.id, field, author,
                                                        expected_version=v)):
            self.comment_edit.clear()

    def delete_selected_comment(self) -> None:
        entry = self.comment_list.currentItem()
        comment = self._comment(entry.data(Qt.ItemDataRole.UserRole)) if entry else None
        if comment is not None:
            self._review(lambda v: decisions.delete_comment(self.ctx.ws, comment.id, expected_version=v))

    def _comment(self, comment_id: str) -> CommentInfo | None:
        return next((c for c in self.data.comments if c.id == comment_id), None)

    def save_general_comment(self) -> None:
        text = self.general_edit.toPlainText().strip()
        if not self.data.editable or text == self.data.info.general_comment.strip():
            return
        if self._review(lambda v: decisions.set_general_comment(self.ctx.ws, self.submission_id, text,
                                                                expected_version=v)) is None:
            self.general_edit.setPlainText(text)  # reloaded under it: what was typed stays, to save again

    def decide(self, decision: str) -> None:
        """退回修改 / 通过 after a confirmation; not undoable. Then offer the result package."""
        self.save_general_comment()
        d, reviewer, round_name = self.data, self.reviewer_edit.text().strip(), self.round_box.currentText()
        need = sum(1 for v in d.verdicts.values() if v == "change")
        problems = [p for ps in d.problems.values() for p in ps] if decision == "approved" else []
        if problems:  # the blanks would go into the county catalog: a confirmation that lists them
            if not confirm_approval(self.title, problems, round_name, reviewer, self):
                return
        else:
            lock = "通过后该版本锁定，作为汇总依据。" if decision == "approved" else ""
            text = (f"确定将“{self.title}”（第 {d.info.catalog_version} 版）{DECISIONS[decision]}？\n\n轮次：{round_name}\n"
                    f"审核人：{reviewer or '（未填写）'}\n需修改 {need} 项，审核意见 {len(d.comments)} 条。\n\n{lock}此决定不能撤销。")
            answer = QMessageBox.question(self, DECISIONS[decision], text,
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self._review(lambda v: decisions.decide(self.ctx.ws, self.submission_id, decision, round_name, reviewer,
                                                   expected_version=v, accept_problems=bool(problems))) is None:
            return
        remember_reviewer(reviewer, round_name)
        ask = QMessageBox.question(self, "生成审核结果", f"已{DECISIONS[decision]}。现在生成发给{d.info.unit_name}的审核结果文件包吗？",
                                   QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                   QMessageBox.StandardButton.Yes)
        if ask == QMessageBox.StandardButton.Yes:
            self.export_result()

    def export_result(self) -> None:
        folder = self.ctx.chooser.folder(self, "选择审核结果文件包的保存位置")
        if folder is None:
            return
        try:
            written = results.export_result(self.ctx.ws, self.submission_id, folder)
        except DomainError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.chooser.offer_open(self, written.path, f"已生成审核结果文件包，请发给{self.data.info.unit_name}。")
