"""The selected item as a form with every element; each finished change is one commit (one undo entry).

Single-line fields commit on Enter or when focus leaves; multi-line fields when focus leaves and
600 ms after typing stops (commits of one typing session merge into one undo entry); checkboxes and
choices at once. The form never writes itself: it emits ``commit(item_id, changes, merge_key)``
and the window turns that into an undo command over the core.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..records import ItemRecord, Problem
from .widgets import GlobalUndoFilter, MultiLineEdit

IDLE_COMMIT_MS = 600
MULTI_LINE = {"content": 3, "basis": 3, "legal_ground": 2, "remarks": 2}
SINGLE_LINE = ("level1", "level2", "time_limit", "publisher", "applicability_reason", "channel_other")
OWN_SOURCES = [k for k in vocab.SOURCES if k != vocab.SOURCE_TEMPLATE]
PROBLEM_STYLE = "color: #c62828; font-weight: bold;"
COMMENT_STYLE = "color: #1f5fa8; font-weight: bold;"
COMMENT_MARK = "◆"  # a glyph every CJK font has (emoji fonts are missing on many office PCs)


def clean_text(text: str) -> str:
    """How the core stores text (normalise): so the form can tell whether anything changed."""
    return text.replace("\r\n", "\n").strip()


class ItemForm(QScrollArea):
    """Every element of one item; read-only for a template preview."""

    commit = Signal(str, dict, object)  # item id, changes, merge key (a str; None: a separate entry)
    compare_requested = Signal(str)  # item id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.item: ItemRecord | None = None
        self.editable = False
        self.required_channels: list[str] = []
        self.texts: dict[str, QLineEdit | MultiLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.checks: dict[str, dict[str, QCheckBox]] = {}
        self._sessions: dict[str, str] = {}  # field → the typing session's merge key
        self.comments: dict[str, list[str]] = {}  # open review comments of the item, by field ("" = the item)
        self._problems: list[Problem] = []
        self._undo_filter = GlobalUndoFilter(self._is_clean, self)
        self._idle = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self._idle.timeout.connect(self._commit_focused_multiline)
        self._build()
        self.show_item(None)

    # Building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(10, 6, 10, 10)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.origin = QLabel()
        self.origin.setWordWrap(True)
        self.compare_button = QPushButton("对照模板原文…")
        self.compare_button.setToolTip("并排查看国家标准指引的原文与本单位当前的内容")
        self.compare_button.clicked.connect(lambda: self.item and self.compare_requested.emit(self.item.id))
        origin_row = QHBoxLayout()
        origin_row.addWidget(self.origin, 1)
        origin_row.addWidget(self.compare_button)
        outer.addWidget(self.heading)
        outer.addLayout(origin_row)
        self.comment_note = QLabel()
        self.comment_note.setWordWrap(True)
        self.comment_note.setStyleSheet(f"{COMMENT_STYLE} background: #eef4fb; padding: 4px;")
        self.comment_note.hide()
        outer.addWidget(self.comment_note)
        self.body = QWidget()
        self.layout_ = QFormLayout(self.body)
        self.layout_.setContentsMargins(0, 4, 0, 0)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addWidget(self.body)
        outer.addStretch(1)
        for field in ("level1", "level2", "content", "basis", "time_limit", "publisher"):
            self._add_text(field)
        self._add_channels()
        self._add_checks("audience", vocab.AUDIENCES)
        self._add_checks("mode", vocab.MODES, exclusive=True)
        self._add_checks("levels", vocab.LEVELS)
        self.attribute = self._add_combo("attribute", [(a, a) for a in vocab.ATTRIBUTES])
        self._add_text("legal_ground")
        self.applicability = self._add_combo("applicability", list(vocab.APPLICABILITY.items()))
        self._add_text("applicability_reason")
        self._add_text("remarks")
        self._add_checks("five_disclosures", vocab.FIVE_DISCLOSURES)
        self.source = self._add_combo("source", [(k, vocab.SOURCES[k]) for k in OWN_SOURCES])
        self._steady_label_width()
        self.setWidget(body)

    def _steady_label_width(self) -> None:
        """Labels as wide as the widest marked one, so fields do not jump when a problem appears."""
        font = self.labels["channels"].font()
        font.setBold(True)
        width = QFontMetrics(font).horizontalAdvance(f"⚠ {COMMENT_MARK} " + vocab.FIELD_LABELS["channels"]) + 4
        for label in self.labels.values():
            label.setMinimumWidth(width)

    def _label(self, field: str) -> QLabel:
        label = QLabel(vocab.FIELD_LABELS[field] if field != "five_disclosures" else "五公开（可选）")
        self.labels[field] = label
        return label

    def _add_text(self, field: str) -> None:
        if field in MULTI_LINE:
            edit: QLineEdit | MultiLineEdit = MultiLineEdit(lines=MULTI_LINE[field])
            edit.focus_out.connect(lambda f=field: self._multiline_done(f))
            edit.focus_in.connect(lambda f=field: self._sessions.__setitem__(f, uuid.uuid4().hex))
            edit.textChanged.connect(lambda f=field: self._typing(f))
        else:
            edit = QLineEdit()
            edit.editingFinished.connect(lambda f=field: self._text_done(f))
        edit.setObjectName(field)
        edit.installEventFilter(self._undo_filter)
        self.texts[field] = edit
        self.layout_.addRow(self._label(field), edit)

    def _add_channels(self) -> None:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.checks["channels"] = {}
        for n, channel in enumerate(vocab.CHANNELS):
            cb = QCheckBox(channel)
            cb.setObjectName(f"channels:{channel}")
            cb.clicked.connect(lambda _=False: self._set_changed("channels"))
            self.checks["channels"][channel] = cb
            span = 2 if len(channel) > 10 else 1
            row, col = divmod(n, 2) if n < 10 else (5 + (n - 10), 0)
            grid.addWidget(cb, row, col, 1, span)
        other = QLineEdit()
        other.setObjectName("channel_other")
        other.setPlaceholderText("勾选“其他”时写明渠道，如：办税服务厅")
        other.editingFinished.connect(lambda: self._text_done("channel_other"))
        other.installEventFilter(self._undo_filter)
        self.texts["channel_other"] = other
        grid.addWidget(other, 8, 0, 1, 2)
        self.layout_.addRow(self._label("channels"), box)
        self.labels["channel_other"] = self.labels["channels"]

    def _add_checks(self, field: str, options: tuple[str, ...], exclusive: bool = False) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.checks[field] = {}
        group = QButtonGroup(box) if exclusive else None
        if group:
            group.setExclusive(True)
        for option in options:
            cb = QCheckBox(option)
            cb.setObjectName(f"{field}:{option}")
            cb.clicked.connect(lambda _=False, f=field: self._set_changed(f))
            if group:
                group.addButton(cb)
            self.checks[field][option] = cb
            row.addWidget(cb)
        row.addStretch(1)
        self.layout_.addRow(self._label(field), box)

    def _add_combo(self, field: str, options: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(field)
        for value, text in options:
            combo.addItem(text, value)
        combo.activated.connect(lambda _=0, f=field: self._choice_done(f))
        self.layout_.addRow(self._label(field), combo)
        return combo

    # Showing an item --------------------------------------------------------------------------
    def show_item(self, item: ItemRecord | None, editable: bool = True, required_channels: list[str] | None = None,
                  problems: list[Problem] | None = None) -> None:
        """Show ``item`` (None: nothing selected); a refresh of the same item keeps what is being typed."""
        same = item is not None and self.item is not None and item.id == self.item.id
        if not same:
            self.flush()
            self._sessions.clear()
            self.comments = {}
        self.item, self.editable = item, editable and item is not None
        self.required_channels = list(required_channels or [])
        self.body.setVisible(item is not None)
        self.compare_button.setVisible(bool(item and item.template_code and self.editable))
        if not same:
            self.comment_note.hide()
        if item is None:
            self.heading.setText("未选择事项")
            self.origin.setText("在左侧选择领域，再在表格中选择一个事项。")
            return
        self.heading.setText(f"第 {item.position + 1} 项：{item.level2 or item.level1 or '（未命名事项）'}")
        self.origin.setText(self._origin_text(item) if self.editable
                            else f"国家标准指引原文（模板编号 {item.template_code}），只读预览")
        self.body.setEnabled(self.editable)
        self._fill(item, keep_focused=same)
        self.show_problems(problems or [])

    @staticmethod
    def _origin_text(item: ItemRecord) -> str:
        if item.template_code:
            state = vocab.APPLICABILITY.get(item.applicability, item.applicability)
            return f"来源：国家标准指引（模板编号 {item.template_code}），{state}"
        return f"来源：本单位自有事项（{vocab.SOURCES.get(item.source, item.source)}）"

    def _fill(self, item: ItemRecord, keep_focused: bool) -> None:
        focused = self.focusWidget() if keep_focused else None
        for field, edit in self.texts.items():
            value = getattr(item, field)
            if edit is focused and clean_text(self._text(field)) == value:
                continue  # the user is typing here and nothing changed underneath
            edit.blockSignals(True)
            if isinstance(edit, QLineEdit):
                edit.setText(value)
                edit.setCursorPosition(0)
            else:
                edit.setPlainText(value)
            edit.blockSignals(False)
        for field, boxes in self.checks.items():
            value = getattr(item, field)
            chosen = {value} if isinstance(value, str) else set(value)
            for option, cb in boxes.items():
                cb.blockSignals(True)
                cb.setChecked(option in chosen)
                cb.blockSignals(False)
        for option, cb in self.checks["channels"].items():
            required = option in self.required_channels
            cb.setText(f"{option} ■" if required else option)
            cb.setToolTip("国家标准指引中的必选渠道" if required else "")
        self._set_combo(self.attribute, item.attribute)
        self._set_combo(self.applicability, item.applicability)
        own = item.template_code is None
        self.source.setVisible(own)
        self.labels["source"].setVisible(own)
        if own:
            self._set_combo(self.source, item.source)
        self.texts["legal_ground"].setEnabled(item.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED)
        self.texts["applicability_reason"].setEnabled(item.not_applicable or bool(item.applicability_reason))

    @staticmethod
    def _set_combo(combo: QComboBox, value: str) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        combo.blockSignals(False)

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark the labels of fields with problems in red, the messages as their tooltips."""
        self._problems = list(problems)
        by_field: dict[str, list[str]] = {}
        for p in problems:
            by_field.setdefault(p.field or "", []).append(p.message)
        for field, label in self.labels.items():
            if field == "channel_other":
                continue  # shares the channels label
            messages = by_field.get(field, []) + (by_field.get("channel_other", []) if field == "channels" else [])
            notes = self.comments.get(field, []) + (self.comments.get("channel_other", []) if field == "channels" else [])
            base = vocab.FIELD_LABELS.get(field, label.text().lstrip("⚠ "))
            if field == "five_disclosures":
                base = "五公开（可选）"
            label.setText(("⚠ " if messages else "") + (f"{COMMENT_MARK} " if notes else "") + base)
            label.setStyleSheet(PROBLEM_STYLE if messages else COMMENT_STYLE if notes else "")
            label.setToolTip("\n".join(messages + [f"审核意见：{n}" for n in notes]))

    def show_comments(self, by_field: dict[str, list[str]]) -> None:
        """Mark fields with open review comments (◆, blue, the text as tooltip) and list them on top."""
        self.comments = {f: list(texts) for f, texts in by_field.items() if texts}
        lines = [f"· {vocab.FIELD_LABELS.get(f, '本事项') if f else '本事项'}：{t}"
                 for f, texts in self.comments.items() for t in texts]
        self.comment_note.setText(f"{COMMENT_MARK} 市府办审核意见（{len(lines)} 条未处理）：\n" + "\n".join(lines))
        self.comment_note.setVisible(bool(lines) and self.item is not None)
        self.show_problems(self._problems)

    def focus_field(self, field: str | None) -> None:
        """Put the cursor on a field (a double-click in the problems panel comes here)."""
        widget: QWidget | None = self.texts.get(field or "")
        if widget is None and field in self.checks:
            widget = next(iter(self.checks[field].values()))
        if widget is None and field in ("attribute", "applicability", "source"):
            widget = {"attribute": self.attribute, "applicability": self.applicability, "source": self.source}[field]
        if widget is None:
            widget = self.texts["level2"]
        self.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # Committing -------------------------------------------------------------------------------
    def _text(self, field: str) -> str:
        edit = self.texts[field]
        return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()

    def _is_clean(self, obj: QObject) -> bool:
        field = obj.objectName()
        return self.item is None or field not in self.texts or clean_text(self._text(field)) == getattr(self.item, field)

    def _emit(self, changes: dict[str, Any], merge_key: str | None = None) -> None:
        if self.item is not None and self.editable and changes:
            self.commit.emit(self.item.id, changes, merge_key)

    def _text_done(self, field: str, merge_key: str | None = None) -> None:
        if self.item is None:
            return
        value = clean_text(self._text(field))
        if value != getattr(self.item, field):
            self._emit({field: value}, merge_key)

    def _typing(self, field: str) -> None:
        self._idle.setProperty("field", field)
        self._idle.start()

    def _commit_focused_multiline(self) -> None:
        field = self._idle.property("field")
        if field:
            self._text_done(field, self._sessions.setdefault(field, uuid.uuid4().hex))

    def _multiline_done(self, field: str) -> None:
        self._idle.stop()
        self._text_done(field, self._sessions.get(field))

    def flush(self) -> None:
        """Commit whatever is typed but not yet saved (before switching items or quitting)."""
        self._idle.stop()
        if self.item is None or not self.editable:
            return
        for field in self.texts:
            self._text_done(field, self._sessions.get(field))

    def _set_changed(self, field: str) -> None:
        boxes = self.checks[field]
        if field == "mode":
            chosen = next((o for o, cb in boxes.items() if cb.isChecked()), "")
            self._emit({"mode": chosen})
            return
        self._emit({field: [o for o, cb in boxes.items() if cb.isChecked()]})

    def _choice_done(self, field: str) -> None:
        combo = {"attribute": self.attribute, "applicability": self.applicability, "source": self.source}[field]
        value = combo.currentData()
        if self.item is not None and value != getattr(self.item, field):
            self._emit({field: value})

    def check_box(self, field: str, option: str) -> QAbstractButton:
        """The checkbox of one option (tests and keyboard users reach it by name)."""
        return self.checks[field][option]
