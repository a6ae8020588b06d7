"""The office's first start asks its round dates (suggested with the year); the dialog checks their order."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from gongkai_desktop.identity import choose_review_office
from gongkai_desktop.office import progress, round_dates
from gongkai_desktop.ui.app import make_application, open_window
from gongkai_desktop.ui.review.round_dates import RoundDatesDialog
from tests.conftest import copy_workspace
from tests.ui.test_ui_review_support import office_window, run_dialog_later

LEFT = Qt.MouseButton.LeftButton


def _choose_office_then(steps):  # noqa: ANN001, ANN202
    """First start: the role chooser says 审核端, then ``steps`` drive the dates dialog that follows."""
    def choose(dialog: QDialog) -> None:
        run_dialog_later(steps)
        dialog.office_button.click()  # 市府办审核（政务公开办）
    run_dialog_later(choose)


def _button(dialog: QDialog, which: QDialogButtonBox.StandardButton):  # noqa: ANN202
    return dialog.findChild(QDialogButtonBox).button(which)


def test_first_start_of_an_office_asks_its_round_dates_with_the_year(qtbot, tmp_path, base_workspace) -> None:
    data = copy_workspace(base_workspace, tmp_path / "office")
    suggested = round_dates.suggest(date.today())
    first = suggested["第一轮梳理"] - timedelta(days=10)
    seen: dict[str, object] = {}

    def dates(dialog: QDialog) -> None:
        assert isinstance(dialog, RoundDatesDialog)
        seen["shown"] = dialog.edits["第一轮梳理"].text()
        seen["intro"] = " ".join(w.text() for w in dialog.findChildren(type(dialog.error_label)))
        dialog.edits["第一轮梳理"].setDate(QDate(first.year, first.month, first.day))
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), LEFT)

    make_application()
    _choose_office_then(dates)
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert seen["shown"] == suggested["第一轮梳理"].isoformat()  # the suggestion, with its year
    assert f"移到了 {suggested['第一轮梳理'].year} 年" in seen["intro"]
    assert round_dates.are_set(window.ws) and progress.get_deadlines(window.ws)["第一轮梳理"] == first
    summary = window.review.dashboard.summary.text()
    assert "逾期 0" in summary and f"第一轮梳理 {first.isoformat()}" in summary and "2020-" not in summary
    assert "下一截止：第一轮梳理" in window.review.queue.count_label.text()
    window.ws.close()


def test_putting_it_off_opens_the_window_with_nobody_overdue(qtbot, tmp_path, base_workspace) -> None:
    data = copy_workspace(base_workspace, tmp_path / "office")
    make_application()
    _choose_office_then(lambda dialog: qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Cancel), LEFT))
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert not round_dates.are_set(window.ws)
    summary = window.review.dashboard.summary.text()
    assert "逾期 0" in summary and "尚未设置" in summary
    assert "截止日期尚未设置" in window.review.queue.count_label.text()
    window.ws.close()


def test_dates_out_of_order_are_refused_in_the_dialog(qtbot, new_workspace) -> None:
    office = new_workspace("office")
    choose_review_office(office)
    dialog = RoundDatesDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    one = dialog.edits["第一轮梳理"].date()
    dialog.edits["第二轮梳理"].setDate(one.addDays(-1))
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), LEFT)
    assert "早于" in dialog.error_label.text() and dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert not round_dates.are_set(office)
    qtbot.mouseClick(dialog.suggest_button, LEFT)
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), LEFT)
    assert progress.get_deadlines(office) == round_dates.suggest(date.today())


def test_an_office_with_dates_opens_without_asking(qtbot, county) -> None:
    office, _ = county
    round_dates.set_dates(office, round_dates.suggest(date.today()))
    window = office_window(qtbot, office)
    assert QApplication.activeModalWidget() is None and window.review.dashboard.late_list.count() == 0
