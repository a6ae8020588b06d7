"""First start offers 市级审核; choosing it opens the review window as the prefecture's, whose queue
holds its counties' submissions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from gongkai_desktop import levels, reference
from gongkai_desktop.office import importing
from gongkai_desktop.office.forward import forward
from gongkai_desktop.ui.app import open_window
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.ui.prefecture_choice import PrefectureDialog
from gongkai_desktop.ui.role_dialog import RoleDialog
from gongkai_desktop.workspace import ROLE_REVIEW
from tests.conftest import copy_workspace
from tests.prefecture_helpers import AREA, build_county, build_prefecture
from tests.ui.test_ui_review_support import sync_jobs  # noqa: F401 - a fixture
from tests.ui.test_ui_window import run_dialog_later, type_chinese


def test_first_start_offers_the_prefecture_beside_unit_and_county_office(qtbot, tmp_path, base_workspace) -> None:
    """The role dialog's third button; the prefecture is then picked by typing; 返回 goes back to the roles."""
    data = copy_workspace(base_workspace, tmp_path / "quzhou")
    seen: list[str] = []

    def roles(dialog: QDialog) -> None:
        assert isinstance(dialog, RoleDialog)
        assert dialog.prefecture_button.text() == "市级审核（设区市政务公开办）"
        seen.append("roles")
        run_dialog_later(qtbot, go_back if len(seen) == 1 else pick)
        qtbot.mouseClick(dialog.prefecture_button, Qt.MouseButton.LeftButton)

    def go_back(dialog: QDialog) -> None:
        assert isinstance(dialog, PrefectureDialog)
        assert {"330800", "330300", "330000"} <= set(dialog.visible_codes()) and dialog.chosen() is None
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()  # nothing chosen for you
        seen.append("back")
        run_dialog_later(qtbot, roles)
        dialog.reject()

    def pick(dialog: QDialog) -> None:
        type_chinese(dialog.search, "衢州")
        assert dialog.visible_codes() == ["330800"] and dialog.chosen() == "330800"
        seen.append("衢州市")
        run_dialog_later(qtbot, lambda d: d.reject())  # the round dates: later
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    run_dialog_later(qtbot, roles)
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert seen == ["roles", "back", "roles", "衢州市"]
    ws = window.ws
    assert ws.role == ROLE_REVIEW and levels.level(ws) == "prefecture"
    assert [u.name for u in reference.list_units(ws)] == ["柯城区", "衢江区", "常山县", "开化县", "龙游县", "江山市"]
    assert "衢州市" in window.windowTitle() and window.review is not None
    ws.close()


def test_the_prefecture_window_lists_its_counties_submissions(qtbot, new_workspace, tmp_path) -> None:
    county = build_county(new_workspace, tmp_path, "江山市")
    pref = build_prefecture(new_workspace, {"江山市": county})
    importing.import_files(pref, [forward(county["office"], [AREA], tmp_path / "js.gkpkg").path])
    window = MainWindow(pref)
    qtbot.addWidget(window)
    window.show()
    window.review.reload()
    subs = [window.review.queue.model.submission(r) for r in range(window.review.queue.model.rowCount())]
    assert [(s.unit_name, s.area_code) for s in subs] == [("江山市", AREA)]


@pytest.mark.usefixtures("sync_jobs")
def test_the_county_office_sends_to_its_prefecture_and_reads_the_answer(qtbot, new_workspace, tmp_path,
                                                                         monkeypatch) -> None:
    """报送衢州市… → the prefecture returns it with a comment → 导入衢州市审核结果… (fingerprint typed) → 衢州市审核意见…"""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from gongkai_desktop import keys
    from gongkai_desktop.office import decisions, submissions, upstream
    from gongkai_desktop.office import results as office_results
    from gongkai_desktop.ui.review.upward_actions import ForwardDialog
    from tests.ui.test_ui_review_support import FakeChooser, office_window

    county = build_county(new_workspace, tmp_path, "江山市")
    pref = build_prefecture(new_workspace, {"江山市": county})
    chooser = FakeChooser()
    window = office_window(qtbot, county["office"], chooser)
    actions = window.actions_
    assert actions["review_forward"].text() == "报送衢州市…"
    assert actions["review_upstream_import"].text() == "导入衢州市审核结果…"

    def choose_areas(dialog: QDialog) -> None:
        assert isinstance(dialog, ForwardDialog)
        assert dialog.chosen() == [AREA]  # only the area with approved catalogs is offered, checked
        assert "已通过 3 个单位" in dialog.list.item(int(AREA) - 1).text()
        run_dialog_later(qtbot, lambda box: box.reject())  # the message that says where the file is
        dialog.accept()

    out = tmp_path / "to-quzhou"
    out.mkdir()
    chooser.folder_answer = out
    run_dialog_later(qtbot, choose_areas)
    actions["review_forward"].trigger()
    sent = window.review.upward.sent
    assert sent is not None and sent.path.parent == out and sent.areas == [AREA]
    assert f"第 {sent.sequence} 号" in window.review.upward.last_box.text() and "衢州市" in window.review.upward.last_box.text()

    # the prefecture reviews it with the same review code and returns it with a comment
    importing.import_files(pref, [sent.path])
    (sub,) = submissions.list_submissions(pref)
    item = submissions.submission_items(pref, sub.id)[0]
    decisions.add_comment(pref, sub.id, "公开时限请写具体", item_id=item.id, field="time_limit", author="市审核员")
    decisions.decide(pref, sub.id, "returned", "第一轮梳理", "市审核员", "请修改后重报")
    answer = office_results.export_result(pref, sub.id, tmp_path / "answer.gkpkg").path

    asked: list[str] = []
    digits = keys.own_key_info(pref, keys.OFFICE_OWNER).digits
    monkeypatch.setattr(QInputDialog, "getText", lambda _p, title, _label, *a, **k: (asked.append(title), (digits, True))[1])
    chooser.files = [answer]
    actions["review_upstream_import"].trigger()
    assert asked == ["核对衢州市的密钥指纹"]  # first contact: the fingerprint, typed
    shown = window.review.upward.last_dialog.text.toPlainText()
    assert "退回修改" in shown and "请修改后重报" in shown and "公开时限请写具体" in shown and "【公开时限】" in shown
    assert "已认可衢州市的密钥" in shown

    # the same file again is refused with a Chinese message, and nothing changes
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    actions["review_upstream_import"].trigger()
    assert warnings and "已" in warnings[0]
    actions["review_upstream"].trigger()
    dialog = window.review.upward.last_dialog
    listed = dialog.text.toPlainText()
    assert listed.count("公开时限请写具体") == 1 and "户籍管理：退回修改" in listed

    # 已处理 and 答复…, each one entry in 编辑 ▸ 撤销; the next 报送 carries them
    (comment,) = [dialog.comments.item(n) for n in range(dialog.comments.count())]
    assert comment.text().startswith("#1") and comment.checkState() == Qt.CheckState.Unchecked
    comment.setCheckState(Qt.CheckState.Checked)
    assert [c.addressed for r in upstream.results(county["office"]) for c in r.comments] == [True]
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("已请市公安局写明时限", True))
    dialog.comments.setCurrentRow(0)
    dialog.reply_button.click()
    assert "本县答复：已请市公安局写明时限" in dialog.text.toPlainText()
    window.actions_["undo"].trigger()
    assert [c.reply for r in upstream.results(county["office"]) for c in r.comments] == [""]
    window.actions_["redo"].trigger()
    assert [c.reply for r in upstream.results(county["office"]) for c in r.comments] == ["已请市公安局写明时限"]
