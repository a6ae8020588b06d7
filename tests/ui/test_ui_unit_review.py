"""导入审核结果 / 下发文件 in the unit's window; the 审核意见 panel, the form's markers, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.package.signing import fingerprint_digits
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit import results as unit_results
from gongkai_desktop.unit.submit import export_submission
from tests.ui.test_ui_window import show

COMMENT = "公开时限请写明具体天数"
GENERAL = "请按意见修改后重新报送"




def returned_result(county, tmp_path: Path) -> tuple[Path, str, str]:
    """The office returns 市公安局's 户籍管理 with a comment on one item's 公开时限: (file, item id, comment id)."""
    office, units = county
    police = units["市公安局"]
    cat = catalogs.find_catalog(police, "04")
    target = catalogs.load_items(police, cat.id)[2]
    sent = export_submission(police, ["04"], tmp_path / "v1.gkpkg").path
    importing.import_verdicts(office, importing.dry_run(office, [sent]))
    sub = next(s for s in submissions.list_submissions(office) if s.unit_name == "市公安局")
    comment = decisions.comment_info(office, decisions.add_comment(
        office, sub.id, COMMENT, item_id=target.id, field="time_limit", author="王审核").created[0])
    decisions.decide(office, sub.id, "returned", "第一轮梳理", "王审核", GENERAL)
    return office_results.export_result(office, sub.id, tmp_path / "result.gkpkg").path, target.id, comment.id


def import_via_menu(window: MainWindow, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.actions_["import_result"].trigger()


def test_review_result_shows_comments_markers_and_marking_addressed_undoes(qtbot, county, tmp_path, monkeypatch) -> None:
    _office, units = county
    police = units["市公安局"]
    path, item_id, comment_id = returned_result(county, tmp_path)
    window = show(qtbot, police)
    ua = window.unit_actions
    import_via_menu(window, monkeypatch, path)

    # the decision and the number of comments, the area's status
    box = ua.last_dialog
    assert isinstance(box, QMessageBox) and "审核结论：退回修改（第一轮梳理）" in box.text()
    assert "市府办提出 2 条意见" in box.text() and f"总体意见：{GENERAL}" in box.text()  # one on a field, one general
    box.close()
    assert window.area_panel.area_text("04")[1] == "退回修改"

    # the panel: the field comment and the general comment, both open
    panel = ua.panel
    assert ua.tabs.currentWidget() is panel and ua.tabs.tabText(1) == "审核意见（2）"
    rows = [[panel.model.index(r, c).data() for c in range(6)] for r in range(panel.model.rowCount())]
    field_row = next(r for r in rows if r[2] == "公开时限")
    item = window.doc.by_id[item_id]
    assert field_row == ["未处理", f"{item.position + 1}. {item.level2}", "公开时限", COMMENT, "第一轮梳理", "退回修改"]
    assert any(r[1] == "（总体意见）" and r[3] == GENERAL for r in rows)

    # double-click goes to the item and the field; the form marks the field
    row = panel.row_of(comment_id)
    panel.activate_row(row)
    assert window.form.item.id == item_id
    assert window.focusWidget() is window.form.texts["time_limit"]
    label = window.form.labels["time_limit"]
    assert label.text() == "◆ 公开时限" and COMMENT in label.toolTip()
    assert window.form.comment_note.isVisible() and COMMENT in window.form.comment_note.text()

    # tick it (keyboard: Space on the checkbox cell): saved at once, one undo entry
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert [c.addressed for c in unit_results.received_comments(police, window.doc.catalog.id, item_id)] == [True]
    assert panel.model.index(panel.row_of(comment_id), 0).data() == "已处理"
    assert ua.tabs.tabText(1) == "审核意见（1）"
    assert window.actions_["undo"].text() == "撤销 标记意见已处理"
    window.table.select_item(item_id)
    assert window.form.labels["time_limit"].text() == "公开时限" and not window.form.comment_note.isVisible()

    # undo brings the open comment back, in the core and on screen
    window.actions_["undo"].trigger()
    assert [c.addressed for c in unit_results.received_comments(police, window.doc.catalog.id, item_id)] == [False]
    assert panel.model.index(panel.row_of(comment_id), 0).data() == "未处理"
    assert window.form.labels["time_limit"].text() == "◆ 公开时限"
    window.actions_["redo"].trigger()
    assert unit_results.received_comments(police, window.doc.catalog.id, item_id)[0].addressed

    # the next submission, with the fix, tells the office which comments were dealt with
    catalogs.edit_item(police, item_id, {"time_limit": "信息形成之日起10个工作日内"})
    sent = export_submission(police, ["04"], tmp_path / "v2.gkpkg").path
    office = county[0]
    importing.import_verdicts(office, importing.dry_run(office, [sent]))
    latest = max(submissions.list_submissions(office), key=lambda s: s.id)
    assert latest.sequence == 2 and comment_id in latest.addressed_comments


def test_only_open_filter_and_other_area_has_no_comments(qtbot, county, tmp_path, monkeypatch) -> None:
    _office, units = county
    path, _item_id, comment_id = returned_result(county, tmp_path)
    window = show(qtbot, units["市公安局"])
    import_via_menu(window, monkeypatch, path)
    window.unit_actions.last_dialog.close()
    panel = window.unit_actions.panel
    unit_results.mark_addressed(window.ws, comment_id)
    window.unit_actions.refresh_comments()
    panel.open_only.setChecked(True)
    assert panel.model.rowCount() == 1 and panel.model.index(0, 1).data() == "（总体意见）"
    window.area_panel.select_area("08")
    assert panel.count() == 0 and window.unit_actions.tabs.tabText(1) == "审核意见"
    tabs = window.unit_actions.tabs
    tabs.setCurrentIndex(0)
    window.area_panel.select_area("04")  # an area with open comments opens on them
    assert tabs.currentWidget() is panel and panel.count() == 2


def test_the_panel_toggle_hides_and_shows_both_tabs(qtbot, ws) -> None:
    window = show(qtbot, ws)
    tabs, toggle = window.unit_actions.tabs, window.actions_["show_problems"]
    assert toggle.text() == "显示问题和审核意见面板" and tabs.isVisible()
    toggle.trigger()
    assert not tabs.isVisible()
    tabs.setCurrentIndex(1)
    toggle.trigger()
    assert tabs.isVisible() and not window.problems.isVisible()  # only the current tab's page shows


def test_a_result_for_another_unit_is_refused_and_changes_nothing(qtbot, county, tmp_path, monkeypatch, errors) -> None:
    _office, units = county
    path, _item_id, _cid = returned_result(county, tmp_path)
    township = units["双塔街道"]
    window = show(qtbot, township)
    import_via_menu(window, monkeypatch, path)
    assert errors and "不是本单位的" in errors[0]
    assert catalogs.find_catalog(township, "04").status == "draft"
    assert window.unit_actions.panel.count() == 0


def test_import_distribution_from_the_menu(qtbot, county, tmp_path, monkeypatch) -> None:
    office, units = county
    dist = export_distribution(office, tmp_path / "dist2.gkpkg")
    window = show(qtbot, units["虎山街道"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(dist.path), ""))
    window.actions_["import_distribution"].trigger()
    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and f"第 {dist.sequence} 号文件" in box.text() and "单位名册" in box.text()
    assert "第一次导入" not in box.text()  # the office key was learned with the first one


def test_first_distribution_asks_for_the_office_fingerprint_like_the_offices_key_confirmation(
        qtbot, county, tmp_path, new_workspace, monkeypatch, errors) -> None:
    """Asked in a dialog (as 电话核对指纹 on the office's side); wrong or no digits change nothing."""
    from PySide6.QtWidgets import QInputDialog

    from gongkai_desktop import keys
    from gongkai_desktop.identity import choose_unit
    from tests.crafted import snapshot, unchanged

    office, _units = county
    dist = export_distribution(office, tmp_path / "dist-new.gkpkg")
    fresh = new_workspace("fresh")
    choose_unit(fresh, "市发改局")
    window = show(qtbot, fresh)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(dist.path), ""))
    asked: list[str] = []
    answers = iter([("", False), ("12345 " * 8, True), (keys.own_key_info(office).digits, True)])

    def answer(_parent, title, label, *a, **k):
        asked.append(f"{title}\n{label}")
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", answer)
    before = snapshot(fresh)
    window.actions_["import_distribution"].trigger()  # cancelled
    assert "未核对" in errors[-1] and unchanged(fresh, before)
    window.actions_["import_distribution"].trigger()  # wrong digits
    assert "不一致" in errors[-1] and unchanged(fresh, before)
    assert keys.trusted_office_key(fresh) is None
    assert "指纹" in asked[0] and fingerprint_digits(dist.fingerprint) not in asked[0]  # typed, never shown to copy
    window.actions_["import_distribution"].trigger()
    text = window.unit_actions.last_dialog.text()
    assert "第一次导入" in text and "指纹核对一致" in text
    assert keys.trusted_office_key(fresh)["fingerprint"] == dist.fingerprint
    assert len(asked) == 3
