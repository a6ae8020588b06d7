"""The review office's round dates: asked at first start, changed later from 审核 → 各轮截止日期….

A new office must not open with every unit overdue against the plan's 2020 dates, so on its first
start (or whenever no dates are set) this dialog shows the suggestion — the plan's calendar moved to
this year or the next (`office.round_dates.suggest`) — with the year, for the office to confirm or
change. Saving goes through `office.round_dates.set_dates` (one check of the order of the rounds).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ... import vocab
from ...errors import DomainError
from ...office import progress, round_dates
from ...workspace import ROLE_REVIEW, Workspace


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class RoundDatesDialog(QDialog):
    """Four date fields (with the year); ``first_start`` explains why it is asked now."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None, first_start: bool = False,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.today = today or date.today()
        self.setWindowTitle("设置各轮截止日期" if first_start else "各轮截止日期")
        form = QFormLayout(self)
        suggested = round_dates.suggest(self.today)
        if first_start or not round_dates.are_set(ws):
            plan = "、".join(d.isoformat() for d in round_dates.PLAN_DEADLINES.values())
            intro = QLabel(f"请先设置本轮工作的截止日期。下面是建议日期：行动计划的日程（{plan}）"
                           f"移到了 {suggested[vocab.REVIEW_ROUNDS[0]].year} 年。可按本县的通知修改。")
            intro.setWordWrap(True)
            form.addRow(intro)
        current = progress.get_deadlines(ws, self.today)
        self.edits: dict[str, QDateEdit] = {}
        for name in vocab.REVIEW_ROUNDS:
            edit = QDateEdit(_qdate(current[name]))
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            self.edits[name] = edit
            form.addRow(f"{name}：", edit)
        self.suggest_button = QPushButton("用建议日期")
        self.suggest_button.clicked.connect(lambda: self.show_dates(suggested))
        form.addRow(self.suggest_button)
        note = QLabel("第一轮截止后仍未提交、总结验收截止后仍未通过的，看板上标为逾期。")
        note.setWordWrap(True)
        form.addRow(note)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        form.addRow(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("以后再说" if first_start else "取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def show_dates(self, dates: dict[str, date]) -> None:
        for name, day in dates.items():
            self.edits[name].setDate(_qdate(day))

    def dates(self) -> dict[str, date]:
        return {name: self.edits[name].date().toPython() for name in vocab.REVIEW_ROUNDS}

    def save(self) -> None:
        try:
            round_dates.set_dates(self.ws, self.dates())
        except DomainError as exc:
            self.error_label.setText(exc.message)
            return
        self.accept()


def ask_if_unset(ws: Workspace, parent: QWidget | None = None) -> bool:
    """At the office's start: the dialog when no round dates are set yet; True when dates are set."""
    if ws.role != ROLE_REVIEW or round_dates.are_set(ws):
        return True
    return RoundDatesDialog(ws, parent, first_start=True).exec() == QDialog.DialogCode.Accepted
