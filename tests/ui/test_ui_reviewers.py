"""Issue 18 in the window: the shared database setting, the reviewer's name, the unit's replies, a stale
review reloading, 重新打开 and 认领."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop import settings
from gongkai_desktop.office import audit, conversation, decisions, importing, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.ui.database_dialog import DatabaseDialog
from gongkai_desktop.ui.received_comments import REPLY_COLUMN
from gongkai_desktop.ui.review.reviewers_ui import AuditDialog, ReviewerDialog
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit import results as unit_results
from gongkai_desktop.unit.submit import export_submission
from tests.pg_support import ENV
from tests.ui.test_ui_review_support import office_window  # noqa: F401 - fixtures
from tests.ui.test_ui_window import show


def current(office, unit_name: str) -> submissions.SubmissionInfo:  # noqa: ANN001
    return next(s for s in submissions.list_submissions(office) if s.unit_name == unit_name)


def test_database_dialog_says_in_chinese_what_is_wrong_and_keeps_only_a_tested_address(qtbot, tmp_path) -> None:
    dialog = DatabaseDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.url_edit.setText("postgresql://gongkai:x@127.0.0.1:1/gongkai")  # nothing listens on port 1
    assert not dialog.test()
    assert "连接不上数据库服务器 127.0.0.1:1" in dialog.status.text()
    dialog.save()
    assert not (tmp_path / "local.json").exists()  # an untested (failed) address is not kept
    dialog.url_edit.setText("mysql://u@h/db")
    assert not dialog.test() and "PostgreSQL" in dialog.status.text()
    url = os.environ.get(ENV)
    if not url:
        pytest.skip(f"the rest needs a PostgreSQL server: set {ENV}")
    wrong = url.replace("://", "://nosuchrole:wrong@", 1) if "@" not in url else \
        url.split("://")[0] + "://nosuchrole:wrong@" + url.split("@", 1)[1]
    dialog.url_edit.setText(wrong)
    assert not dialog.test() and ("用户名或密码不对" in dialog.status.text() or "没有用户" in dialog.status.text())
    dialog.url_edit.setText(url)
    assert dialog.test() and "连接成功" in dialog.status.text()
    dialog.save()
    assert json.loads((tmp_path / "local.json").read_text(encoding="utf-8"))["database_url"].startswith("postgresql+psycopg://")


def test_first_start_asks_the_reviewer_and_comments_carry_the_name(qtbot, county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [export_submission(units["双塔街道"], ["04"], tmp_path / "a.gkpkg").path])
    window = office_window(qtbot, office)
    dialog = window.review.reviewer_dialog
    assert isinstance(dialog, ReviewerDialog) and dialog.isVisible()  # asked, without blocking the window
    dialog.name_edit.setText("张三")
    dialog.save()
    assert office.reviewer == "张三"
    sub = current(office, "双塔街道")
    view = window.review.open_submission(sub.id)
    assert view.reviewer_edit.text() == "张三"
    item = view.data.items[0]
    view.select_item(item.id)
    view.comment_edit.setPlainText("请写明公开主体")
    view.add_comment()
    assert [c.author for c in decisions.comments(office, sub.id)] == ["张三"]
    window.review.queue.table.selectRow(window.review.queue.model.row_of(sub.id))
    window.review.queue.take_button.click()
    assert current(office, "双塔街道").reviewer == "张三"
    assert window.review.queue.model.data(window.review.queue.model.index(
        window.review.queue.model.row_of(sub.id), 9)) == "张三"
    log = AuditDialog(office)
    qtbot.addWidget(log)
    texts = {log.table.item(r, 2).text() for r in range(log.table.rowCount())}
    assert {"导入报送", "写审核意见", "认领"} <= texts


def test_a_stale_view_is_refused_and_reloads(qtbot, county, tmp_path, monkeypatch) -> None:
    office, units = county
    office.put(settings.REVIEWER_NAME, "李四")
    importing.import_files(office, [export_submission(units["双塔街道"], ["04"], tmp_path / "a.gkpkg").path])
    sub = current(office, "双塔街道")
    window = office_window(qtbot, office)
    view = window.review.open_submission(sub.id)
    seen = view.data.info.review_version
    # another reviewer changes the review behind this window's back
    with office.session() as s:
        from gongkai_desktop.models import Submission

        row = s.get(Submission, sub.id)
        row.review_version, row.review_by = seen + 1, "张三"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    view.general_edit.setPlainText("总体尚可")
    view.save_general_comment()
    assert shown and "已被 张三 修改，请刷新后再试" in shown[0]
    assert submissions.get_submission(office, sub.id).general_comment == ""  # not overwritten
    assert view.data.info.review_version == seen + 1  # reloaded: the next try goes through
    view.save_general_comment()
    assert submissions.get_submission(office, sub.id).general_comment == "总体尚可"


def test_the_unit_replies_in_the_panel_and_the_office_reopens_from_the_view(qtbot, county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    office.put(settings.REVIEWER_NAME, "王审核")
    importing.import_files(office, [export_submission(police, ["04"], tmp_path / "v1.gkpkg").path])
    first = current(office, "市公安局")
    item = submissions.submission_items(office, first.id)[1]
    cid = decisions.add_comment(office, first.id, "请补充公开依据", item_id=item.id, field="basis").created[0]
    decisions.decide(office, first.id, "returned", "第一轮梳理")
    unit_results.import_result(police, office_results.export_result(office, first.id, tmp_path / "r1.gkpkg").path)

    window = show(qtbot, police)
    window.go_to("04", item.id, "basis")
    panel = window.unit_actions.panel
    qtbot.waitUntil(lambda: panel.row_of(cid) >= 0)
    model = panel.model
    index = model.index(panel.row_of(cid), REPLY_COLUMN)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "公开依据已完整", Qt.ItemDataRole.EditRole)
    cat = catalogs.find_catalog(police, "04")
    assert unit_results.received_comments(police, cat.id, item.id)[0].reply == "公开依据已完整"
    qtbot.waitUntil(lambda: model.data(model.index(panel.row_of(cid), REPLY_COLUMN)) == "公开依据已完整")
    assert window.ws.undo_status().undo == "答复审核意见"

    importing.import_files(office, [export_submission(police, ["04"], tmp_path / "v2.gkpkg").path])
    second = current(office, "市公安局")
    owin = office_window(qtbot, office)
    view = owin.review.open_submission(second.id)
    page = view.overall.toPlainText()
    assert "单位答复：公开依据已完整" in page and "事项未改动" in page and "王审核" in page
    view._anchor(QUrl(f"reopen:{cid}"))
    assert [c.reopens for c in decisions.comments(office, second.id)] == [cid]
    assert "已重新打开" in view.overall.toPlainText()
    assert audit.entries(office, second.id)[0].action == "reopen"
    assert conversation.thread(office, second.id)[0].reopened
