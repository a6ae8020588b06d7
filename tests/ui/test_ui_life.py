"""The catalog's life in the window: versions and the diff view (highlighted, filtered, exported), an
item's history with restore, template updates taken or kept one by one or all, repealed-law 提醒 in the
problems panel; at the office the dashboard's old-template and repealed-law columns, round opening,
new areas and units, the review since the baseline and the aggregate since the last publication."""

from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt

from gongkai_desktop import keys
from gongkai_desktop.identity import choose_review_office, choose_unit
from gongkai_desktop.office import decisions, importing, rounds, submissions
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.office.templates import import_template_xlsx
from gongkai_desktop.ui.versions_dialog import KIND_BG
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.submit import export_submission
from tests.life_helpers import V2, make_template_v2
from tests.pkg_helpers import enrol_and_confirm
from tests.ui.test_ui_review_support import FakeChooser, capture_warnings, office_window  # noqa: F401
from tests.ui.test_ui_window import show

LEFT = Qt.MouseButton.LeftButton


def _opened_04(qtbot, ws):  # noqa: ANN001, ANN202
    window = show(qtbot, ws)
    window.open_area("04")
    return window


def test_versions_diff_view_and_revision_table(qtbot, county, tmp_path) -> None:
    _office, units = county
    police = units["市公安局"]
    cid = catalogs.find_catalog(police, "04").id
    items = catalogs.load_items(police, cid)
    export_submission(police, ["04"], tmp_path / "v1.gkpkg")
    catalogs.start_revision(police, cid)  # 开始修订: v1 stays as handed in, v2 is the draft
    catalogs.edit_item(police, items[1].id, {"time_limit": "5个工作日内"})
    catalogs.move_item(police, items[0].id, 4)
    window = _opened_04(qtbot, police)
    assert window.actions_["versions"].isEnabled()
    window.actions_["versions"].trigger()
    dialog = window.life.last_dialog
    labels = [dialog.version_list.item(n).text().split("\n")[0] for n in range(dialog.version_list.count())]
    assert [x.split("　")[0] for x in labels] == ["第 1 版 · 已提交", "第 2 版（当前草稿）"]
    assert "修改 1 项，移动 1 项" in dialog.summary.text()
    m = dialog.model
    assert m.rowCount() == 2  # only the changed items
    changed = next(r for r in range(m.rowCount()) if m.index(r, 1).data() == "修改")
    assert m.index(changed, 4).data() == "公开时限、适用情况"
    assert m.index(changed, 6).data().startswith("公开时限：5个工作日内")
    assert m.index(changed, 0).data(Qt.ItemDataRole.BackgroundRole).color() == KIND_BG["changed"]
    dialog.changed_only.setChecked(False)
    assert m.rowCount() == len(items)
    dialog.changed_only.setChecked(True)
    dialog.version_list.setCurrentRow(0)
    shown = dialog.open_selected()
    assert shown.model.rowCount() == len(items) and "只读" in shown.windowTitle()
    assert shown.model.index(1, 5).data() == items[1].time_limit  # v1 as it was handed in
    out = dialog.export(tmp_path / "对照表.docx")
    assert Document(str(out)).tables[0].rows[1].cells[2].text in ("修改", "移动")


def test_item_history_and_restore_in_the_window(qtbot, ws) -> None:
    catalogs.start_catalog(ws, "04")
    window = _opened_04(qtbot, ws)
    item = window.doc.items[2]
    window.table.select_item(item.id)
    window.run(lambda: catalogs.edit_item(ws, item.id, {"time_limit": "实时"}))
    action = window.actions_["item_history"]
    assert action.shortcut().toString() == "Ctrl+Shift+H" and action in window.menus["编辑"].actions()
    action.trigger()
    dialog = window.life.last_dialog
    assert dialog.model.rowCount() == 3 and dialog.model.index(0, 4).data() == "适用情况"  # newest first
    dialog.select_number(2)
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert window.doc.by_id[item.id].time_limit == item.time_limit
    assert window.doc.by_id[item.id].applicability == "adopted"
    assert window.undo.undo_action.text() == "撤销 恢复公开时限"
    dialog.select_number(1)
    assert not dialog.restore_button.isEnabled()  # creating the item has no value to put back
    window.undo.undo()
    assert window.doc.by_id[item.id].time_limit == "实时"


def test_repealed_laws_are_reminders_in_the_problems_panel(qtbot, ws) -> None:
    catalogs.start_catalog(ws, "04")
    window = _opened_04(qtbot, ws)
    panel = window.problems
    errors = panel.count()
    assert panel.warning_count() == 1 and "《收养法》已于2021年1月1日废止" in panel.warning_messages()[0]
    assert errors == len(window.doc.problems)  # a reminder is not a problem
    assert "提醒 1" in panel.title.text()
    row = panel.model.rowCount() - 1
    assert panel.model.index(row, 3).data().startswith("【提醒】")
    target = panel.model.rows[row][2].item_id
    window.table.select_item(target)
    assert window.actions_["use_successor"].isEnabled()
    window.actions_["use_successor"].trigger()
    assert "《中华人民共和国民法典》" in window.doc.by_id[target].basis and panel.warning_count() == 0
    window.undo.undo()
    assert panel.warning_count() == 1


def test_template_update_banner_and_dialog(qtbot, new_workspace, tmp_path) -> None:
    office = new_workspace("office")
    choose_review_office(office)
    digits = keys.ensure_own_key(office, keys.OFFICE_OWNER).digits  # confirmed by the clerk on first contact
    police = new_workspace("police")
    choose_unit(police, "市公安局")
    import_distribution(police, export_distribution(office, tmp_path / "d1.gkpkg").path, office_fingerprint=digits)
    cid = catalogs.start_catalog(police, "04").catalog.id
    spec = make_template_v2(new_workspace, tmp_path / "v2.xlsx")
    import_template_xlsx(office, spec.path, "04", V2)
    import_distribution(police, export_distribution(office, tmp_path / "d2.gkpkg", templates=["04"]).path)
    window = _opened_04(qtbot, police)
    life = window.life
    assert life.banner.isVisible() and "待处理 5 处" in life.banner_text.text()
    qtbot.mouseClick(life.banner_button, LEFT)
    dialog = life.last_dialog
    assert {dialog.model.rows[n].code for n in range(dialog.model.rowCount())} == spec.changed
    dialog.select_codes([spec.time_limit_code])
    qtbot.mouseClick(dialog.take_button, LEFT)
    by_code = {i.template_code: i for i in window.doc.items}
    assert by_code[spec.time_limit_code].time_limit == spec.time_limit  # the open area shows it at once
    dialog.select_codes([spec.content_code])
    qtbot.mouseClick(dialog.keep_button, LEFT)
    choices = {c.code: c.choice for c in dialog.model.rows}
    assert choices[spec.time_limit_code] == "take" and choices[spec.content_code] == "keep"
    window.undo.undo()  # the keep
    assert "待处理 4 处" in life.banner_text.text()
    qtbot.mouseClick(dialog.take_all_button, LEFT)
    assert not life.banner.isVisible()
    assert catalogs.catalog_info(police, cid).template_version == V2
    assert window.doc.required[spec.channel_code] == ["政府网站", "两微一端", "入户/现场"]  # judged by 2021.1 now
    window.undo.undo()
    assert life.banner.isVisible() and window.doc.catalog.template_version == "2019.1"


def test_office_dashboard_rounds_areas_units_and_review_since_baseline(qtbot, county, new_workspace, tmp_path,
                                                                       monkeypatch) -> None:
    office, units = county
    police, town = units["市公安局"], units["双塔街道"]
    warnings = capture_warnings(monkeypatch)
    for ws in (police, town):
        importing.import_files(office, [export_submission(ws, ["04"], tmp_path / f"{ws.unit_code}.gkpkg").path])
    first = next(s.id for s in submissions.list_submissions(office) if s.unit_code == police.unit_code)
    decisions.decide(office, first, "approved", "第一轮梳理", accept_problems=True)
    spec = make_template_v2(new_workspace, tmp_path / "v2.xlsx")
    import_template_xlsx(office, spec.path, "04", V2)
    window = office_window(qtbot, office, FakeChooser())
    board = window.review.dashboard.model
    areas = len(board.board.areas)
    row = next(n for n, (_, name) in enumerate(board.units) if name == "市公安局")
    assert board.headerData(areas + 1, Qt.Orientation.Horizontal) == "旧版模板"
    assert board.index(row, areas + 1).data() == "1 个领域"
    assert "户籍管理：2019.1 版（最新 2021.1 版）" in board.index(row, areas + 1).data(Qt.ItemDataRole.ToolTipRole)
    assert board.index(row, areas + 2).data() == "1 项"  # 《收养法》

    window.actions_["review_round"].trigger()
    dialog = window.office_life.last_dialog
    dialog.name_edit.setText("2021年度动态调整")
    dialog.submit()
    assert rounds.current_round(office).name == "2021年度动态调整" and not warnings
    assert window.undo.undo_action.text() == "撤销 开启2021年度动态调整"
    window.actions_["review_add_area"].trigger()
    dialog = window.office_life.last_dialog
    dialog.name_edit.setText("政务服务")
    dialog.submit()
    assert "请至少填写一个一级事项" in dialog.error_label.text() and dialog.isVisible()
    dialog.level1_edit.setPlainText("办事指南\n办理结果\n")
    dialog.submit()
    assert dialog.result_value.code == "27" and "27" in window.areas
    assert window.undo.undo_action.text() == "撤销 新增领域“政务服务”"
    window.actions_["review_add_unit"].trigger()
    dialog = window.office_life.last_dialog
    dialog.name_edit.setText("城北社区")
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("village"))
    dialog.parent_box.setCurrentIndex(dialog.parent_box.findText("双塔街道"))
    dialog.submit()
    assert dialog.result_value.parent == "T01"

    # 市公安局 changes one item in the new round: its review opens on what changed since the baseline
    cid = catalogs.find_catalog(police, "04").id
    target = catalogs.load_items(police, cid)[3]
    catalogs.start_revision(police, cid)
    catalogs.edit_item(police, target.id, {"remarks": "2021年调整"})
    importing.import_files(office, [export_submission(police, ["04"], tmp_path / "p2.gkpkg").path])
    second = next(s.id for s in submissions.list_submissions(office) if s.unit_code == police.unit_code)
    view = window.review.open_submission(second)
    assert view.filter_box.currentData() == "since_baseline" and view.model.rowCount() == 1
    assert "自2021年度动态调整基线（第 1 版）以来：1 项有变化" in view.header.text()
    assert view.round_box.currentText() == "2021年度动态调整"
    window.actions_["review_versions"].trigger()
    versions = window.office_life.last_dialog
    assert versions.version_list.count() == 2 and "修改 1 项" in versions.summary.text()
    decisions.decide(office, second, "approved", "2021年度动态调整", accept_problems=True)
    agg = window.review.aggregate
    window.review.setCurrentWidget(agg)
    agg.select_area("04")
    assert agg.changed_box.isVisible()
    agg.changed_box.setChecked(True)
    assert agg.model.rowCount() == 1 and agg.model.index(0, 10).data() == "修改"


def test_an_area_without_a_template_starts_empty(qtbot, new_workspace, tmp_path) -> None:
    from gongkai_desktop.office import registry

    office = new_workspace("office")
    choose_review_office(office)
    digits = keys.ensure_own_key(office, keys.OFFICE_OWNER).digits
    registry.add_area(office, "政务服务", ["办事指南"], units=["市公安局"])
    police = new_workspace("police")
    import_distribution(police, export_distribution(office, tmp_path / "d.gkpkg").path, office_fingerprint=digits)
    choose_unit(police, "市公安局")
    enrol_and_confirm(police, office)
    window = show(qtbot, police)
    window.open_area("27")
    assert window.start_button.isVisible() and window.start_button.text() == "开始编制（无模板）"
    qtbot.mouseClick(window.start_button, LEFT)
    assert window.doc.catalog is not None and window.doc.items == []
    assert window.doc.level1_names() == ["办事指南"]
