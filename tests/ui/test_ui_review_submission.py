"""Reviewing a submission in the window: what changed, addressed comments, verdicts and comments with undo, decision."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.ui.review.common import last_reviewer
from gongkai_desktop.ui.review.submission_model import (
    CHANGED_BG,
    COL_CHANGE,
    COL_COMMENTS,
    COL_VERDICT,
    COLUMN_OF_FIELD,
)
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit import results as unit_results
from tests.ui.test_ui_review_support import (  # noqa: F401 - fixtures
    office_window,
    submit,
    sync_jobs,
    type_chinese,
)

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def current(office, unit_name: str) -> submissions.SubmissionInfo:  # noqa: ANN001
    return next(s for s in submissions.list_submissions(office) if s.unit_name == unit_name)


@pytest.fixture
def resubmitted(county, tmp_path):  # noqa: ANN001, ANN201
    """市公安局 submitted, was returned with a comment on 公开时限, fixed it, marked it addressed, resubmitted."""
    office, units = county
    police = units["市公安局"]
    cat = catalogs.find_catalog(police, "04")
    target = catalogs.load_items(police, cat.id)[1]
    importing.import_files(office, [submit(police, tmp_path / "v1", "v1")])
    first = current(office, "市公安局")
    comment = decisions.comment_info(office, decisions.add_comment(
        office, first.id, "公开时限请写明具体天数", target.id, "time_limit", "王审核").created[0])
    decisions.decide(office, first.id, "returned", "第一轮梳理", "王审核")
    unit_results.import_result(police, office_results.export_result(office, first.id, tmp_path / "r1.gkpkg").path)
    catalogs.edit_item(police, target.id, {"time_limit": "信息形成之日起10个工作日内"})
    unit_results.mark_addressed(police, comment.id)
    importing.import_files(office, [submit(police, tmp_path / "v2", "v2")])
    return office, current(office, "市公安局"), target, comment


def open_from_queue(qtbot, window, unit_name: str):  # noqa: ANN001, ANN201
    queue = window.review.queue
    row = next(n for n, s in enumerate(queue.model.rows) if s.unit_name == unit_name)
    queue.table.selectRow(row)
    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    view = window.review.currentWidget()
    assert view.title == f"{unit_name} · 户籍管理"
    return view


def test_resubmission_shows_the_changed_field_and_the_addressed_comment(qtbot, resubmitted) -> None:
    office, sub, target, comment = resubmitted
    window = office_window(qtbot, office)
    assert window.review.queue.model.index(0, 0).data() == "待审核"
    view = open_from_queue(qtbot, window, "市公安局")
    assert view.submission_id == sub.id
    row = view.model.row_of(target.id)
    cell = view.model.index(row, COLUMN_OF_FIELD["time_limit"])
    assert cell.data() == "信息形成之日起10个工作日内"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == CHANGED_BG
    assert target.time_limit in cell.data(Qt.ItemDataRole.ToolTipRole)  # the old value
    assert view.model.index(row, COL_CHANGE).data().startswith("修改")
    untouched = view.model.index(0 if row else 2, COLUMN_OF_FIELD["time_limit"])
    assert untouched.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "与上次报送（第 1 版）相比：修改 1 项" in view.header.text()
    overall = view.overall.toPlainText()
    assert "已处理" in overall and comment.text in overall
    view.filter_box.setCurrentIndex(view.filter_box.findData("changed"))
    assert [i.id for i in view.model.rows] == [target.id]


@pytest.mark.usefixtures("sync_jobs")
def test_field_comment_and_verdict_through_the_window_then_undo(qtbot, county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [submit(units["双塔街道"], tmp_path / "in", "a")])
    sub = current(office, "双塔街道")
    window = office_window(qtbot, office)
    view = open_from_queue(qtbot, window, "双塔街道")
    item = view.model.item(1)
    # click the item's 公开时限 cell: the comment is about that element
    index = view.model.index(1, COLUMN_OF_FIELD["time_limit"])
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), LEFT, pos=view.table.visualRect(index).center())
    assert view.current_item().id == item.id
    assert view.field_box.currentData() == "time_limit"
    view.comment_edit.setFocus()
    type_chinese(view.comment_edit, "请写明多少个工作日")
    qtbot.keyClick(view.comment_edit, Qt.Key.Key_Return, CTRL)
    assert [(c.item_id, c.field, c.text) for c in decisions.comments(office, sub.id)] == [(item.id, "time_limit", "请写明多少个工作日")]
    assert view.comment_list.count() == 1 and "［公开时限］请写明多少个工作日" in view.comment_list.item(0).text()
    assert view.model.index(1, COL_COMMENTS).data() == "1"
    assert window.actions_["undo"].text() == "撤销 添加审核意见"

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_2, CTRL)  # 需修改
    assert decisions.verdicts(office, sub.id) == {item.id: "change"}
    assert view.model.index(1, COL_VERDICT).data() == "需修改"
    assert window.actions_["undo"].text() == "撤销 标记需修改"

    window.actions_["undo"].trigger()
    assert decisions.verdicts(office, sub.id) == {}
    assert view.model.index(1, COL_VERDICT).data() == ""
    assert window.actions_["undo"].text() == "撤销 添加审核意见"
    window.actions_["undo"].trigger()
    assert decisions.comments(office, sub.id) == []
    assert view.comment_list.count() == 0
    window.actions_["redo"].trigger()
    assert [c.text for c in decisions.comments(office, sub.id)] == ["请写明多少个工作日"]
    assert view.comment_list.count() == 1

    # delete the comment through the list, undo brings it back
    view.comment_list.setCurrentRow(0)
    qtbot.mouseClick(view.delete_comment_button, LEFT)
    assert decisions.comments(office, sub.id) == []
    assert window.actions_["undo"].text() == "撤销 删除审核意见"
    window.actions_["undo"].trigger()
    assert [(c.field, c.text) for c in decisions.comments(office, sub.id)] == [("time_limit", "请写明多少个工作日")]


@pytest.mark.usefixtures("sync_jobs")
def test_return_the_submission_and_write_the_result_file(qtbot, county, tmp_path, monkeypatch) -> None:
    office, units = county
    police = units["市公安局"]
    importing.import_files(office, [submit(police, tmp_path / "in", "a")])
    sub = current(office, "市公安局")
    window = office_window(qtbot, office)
    chooser = window.review.ctx.chooser
    chooser.folder_answer = tmp_path / "out"
    chooser.folder_answer.mkdir()
    view = open_from_queue(qtbot, window, "市公安局")
    view.table.selectRow(0)
    view.comment_edit.setFocus()
    type_chinese(view.comment_edit, "公开依据请写全称")
    qtbot.mouseClick(view.add_comment_button, LEFT)
    view.reviewer_edit.clear()
    type_chinese(view.reviewer_edit, "李审核")
    view.round_box.setCurrentText("第二轮梳理")
    questions: list[str] = []

    def answer_yes(_parent, title, text, *a, **k):  # noqa: ANN001, ANN202
        questions.append(f"{title}:{text}")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    qtbot.mouseClick(view.return_button, LEFT)
    assert "此决定不能撤销" in questions[0] and "李审核" in questions[0]
    assert submissions.get_submission(office, sub.id).status == "returned"
    assert [(d.decision, d.round, d.reviewer) for d in decisions.decisions(office, sub.id)] == [("returned", "第二轮梳理", "李审核")]
    assert window.actions_["undo"].text() == "撤销"  # the decision is no entry, and closes the review's own
    assert len(chooser.offered) == 1
    path = chooser.offered[0][0]
    assert path.parent == tmp_path / "out" and path.suffix == ".gkpkg"
    got = unit_results.import_result(police, path)  # the unit accepts the signed result
    assert got.decision == "returned" and got.comment_count == 1
    assert "已于" in view.status_label.text() and "退回修改" in view.status_label.text()
    assert window.review.queue.model.rows[0].status == "returned"
    assert last_reviewer() == "李审核"


@pytest.mark.usefixtures("sync_jobs")
def test_approved_submission_is_read_only(qtbot, county, tmp_path, monkeypatch) -> None:
    office, units = county
    importing.import_files(office, [submit(units["虎山街道"], tmp_path / "in", "a")])
    window = office_window(qtbot, office)
    view = open_from_queue(qtbot, window, "虎山街道")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.review.ctx.chooser.folder_answer = None  # the user cancels the folder choice
    qtbot.mouseClick(view.approve_button, LEFT)
    assert current(office, "虎山街道").status == "approved"
    assert not view.ok_button.isEnabled() and not view.add_comment_button.isEnabled()
    assert view.result_button.isEnabled()


def test_general_comment_being_typed_is_saved_when_the_window_closes(qtbot, county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [submit(units["双塔街道"], tmp_path / "in", "a")])
    sub = submissions.list_submissions(office)[0]
    window = office_window(qtbot, office)
    view = window.review.open_submission(sub.id)
    view.side.setCurrentIndex(1)
    view.general_edit.setFocus()
    type_chinese(view.general_edit, "整体较好，个别时限需写明")
    window.close()
    assert submissions.get_submission(office, sub.id).general_comment == "整体较好，个别时限需写明"
    assert window.actions_["undo"].text() == "撤销 修改总体意见"
