"""通过 on a submission with problems asks first, listing them; 取消 leaves it as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.office import importing, submissions
from gongkai_desktop.ui.review.approve_dialog import ApproveWithProblemsDialog
from gongkai_desktop.unit import catalogs
from tests.ui.test_ui_review_support import office_window, run_dialog_later, submit, sync_jobs  # noqa: F401

LEFT = Qt.MouseButton.LeftButton


def _submit_with_blanks(office, police, tmp_path) -> submissions.SubmissionInfo:  # noqa: ANN001
    """市公安局's 户籍管理 with 公开内容 and 公开时限 emptied on two items: four problems."""
    cat = catalogs.find_catalog(police, "04")
    items = catalogs.load_items(police, cat.id)
    for item in items[:2]:
        catalogs.edit_item(police, item.id, {"content": "", "time_limit": ""})
    importing.import_files(office, [submit(police, tmp_path / "in", "a")])
    return next(s for s in submissions.list_submissions(office) if s.unit_name == "市公安局")


def _open(qtbot, office):  # noqa: ANN001, ANN202
    window = office_window(qtbot, office)
    window.review.ctx.chooser.folder_answer = None
    queue = window.review.queue
    queue.table.selectRow(next(n for n, s in enumerate(queue.model.rows) if s.unit_name == "市公安局"))
    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    return window, window.review.currentWidget()


@pytest.mark.parametrize("choice", ["cancel", "approve"])
def test_approving_with_problems_lists_them_and_needs_the_explicit_button(qtbot, county, tmp_path, monkeypatch,
                                                                          choice) -> None:
    office, units = county
    sub = _submit_with_blanks(office, units["市公安局"], tmp_path)
    window, view = _open(qtbot, office)
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k: questions.append(title)
                        or QMessageBox.StandardButton.No)  # only the "生成审核结果？" question may come
    seen: dict[str, object] = {}

    def answer(dialog) -> None:  # noqa: ANN001
        assert isinstance(dialog, ApproveWithProblemsDialog)
        seen["summary"] = dialog.summary.text()
        seen["lines"] = [dialog.problem_list.item(n).text() for n in range(dialog.problem_list.count())]
        seen["default"] = dialog.cancel_button.isDefault()
        qtbot.mouseClick(dialog.cancel_button if choice == "cancel" else dialog.approve_button, LEFT)

    run_dialog_later(answer)
    qtbot.mouseClick(view.approve_button, LEFT)
    qtbot.waitUntil(lambda: "summary" in seen)
    assert "还有 4 个问题" in seen["summary"] and "缺少公开内容 2 个" in seen["summary"] and "缺少公开时限 2 个" in seen["summary"]
    assert len(seen["lines"]) == 4 and any("【公开内容】：缺少公开内容" in line for line in seen["lines"])
    assert seen["default"] is True  # Enter does not approve
    status = submissions.get_submission(office, sub.id).status
    if choice == "cancel":
        assert status == "submitted" and questions == []
    else:
        assert status == "approved" and questions == ["生成审核结果"]


def test_approving_without_problems_asks_the_plain_question(qtbot, county, tmp_path, monkeypatch) -> None:
    office, units = county
    importing.import_files(office, [submit(units["市公安局"], tmp_path / "in", "a")])
    window, view = _open(qtbot, office)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.approve_button, LEFT)
    assert "确定将" in asked[0] and "问题" not in asked[0].split("\n")[0]
    assert submissions.list_submissions(office)[0].status == "approved"


@pytest.mark.usefixtures("sync_jobs")
def test_an_excel_file_dropped_into_the_import_dialog_is_named_for_what_it_is(qtbot, county, tmp_path) -> None:
    """The window reads packages through the same place as the commands (userfiles.identify)."""
    import shutil
    from pathlib import Path

    from gongkai_desktop.ui.review.import_dialog import COL_MESSAGE

    office, _ = county
    xlsx = tmp_path / "目录.xlsx"
    shutil.copy(next((Path(__file__).parent.parent / "data" / "catalogs").glob("*.xlsx")), xlsx)
    window = office_window(qtbot, office)
    dialog = window.review.show_import([xlsx])
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 1 and not dialog.busy, timeout=15000)
    message = dialog.model.index(0, COL_MESSAGE).data()
    assert "是一个 Excel 文件，不是文件包" in message and "不安全" not in message
