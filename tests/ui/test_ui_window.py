"""The real window, offscreen: choose a unit, start an area, edit, undo, add, delete, filter, reopen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from gongkai_desktop import identity
from gongkai_desktop.ui.app import make_application, open_window
from gongkai_desktop.ui.item_table import COLUMN_OF_FIELD, COLUMNS
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace

COL = {header: n for n, (header, _, _) in enumerate(COLUMNS)}






@pytest.fixture
def fgw(new_workspace) -> Workspace:
    """市发改局's workspace: responsible for 01 重大建设项目 (its template exists) and 08."""
    w = new_workspace("fgw")
    identity.choose_unit(w, "市发改局")
    return w


def show(qtbot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def started(qtbot, ws: Workspace) -> MainWindow:
    """The window on area 01, started from the template through its button."""
    window = show(qtbot, ws)
    window.area_panel.select_area("01")
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert window.doc.catalog is not None
    return window


def cell(window: MainWindow, item_id: str, column: int) -> str:
    row = window.model.row_of(item_id)
    return window.model.index(row, column).data()


def select(window: MainWindow, item_id: str) -> None:
    assert window.table.select_item(item_id)
    assert window.form.item is not None and window.form.item.id == item_id


def type_chinese(widget: QWidget, text: str) -> None:
    """Chinese is typed through an input method: the IME commits the composed text to the field."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Select all, delete, type ``text`` and press Enter (Enter finishes a single-line field)."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_chinese(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def run_dialog_later(qtbot, steps) -> None:
    """Drive the next modal dialog (exec blocks) once it is shown."""
    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        steps(dialog)
    QTimer.singleShot(0, drive)


def test_first_start_asks_for_the_unit_by_search(qtbot, tmp_path, base_workspace) -> None:
    from tests.conftest import copy_workspace

    data = copy_workspace(base_workspace, tmp_path / "first")

    def choose(dialog: QDialog) -> None:
        type_chinese(dialog.search, "发改")
        assert dialog.visible_codes() == ["D02"]
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    def role(dialog: QDialog) -> None:  # first the role, then the unit list
        qtbot.mouseClick(dialog.unit_button, Qt.MouseButton.LeftButton)
        run_dialog_later(qtbot, choose)

    run_dialog_later(qtbot, role)
    make_application()
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert "市发改局" in window.windowTitle()
    assert window.ws.unit_code == "D02"
    text = window.area_panel.topLevelItem(0).text(0)
    assert text.startswith("本单位负责的领域")
    assert [window.area_panel.topLevelItem(0).child(i).data(0, Qt.ItemDataRole.UserRole) for i in range(2)] == ["01", "08"]
    window.ws.close()


def test_unit_dialog_arrows_in_search_move_the_choice(qtbot, fgw) -> None:
    from gongkai_desktop import reference
    from gongkai_desktop.ui.unit_dialog import UnitDialog

    dialog = UnitDialog(reference.list_units(fgw), reference.list_areas(fgw))
    qtbot.addWidget(dialog)
    dialog.show()
    type_chinese(dialog.search, "局")
    first = dialog.chosen()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.chosen() != first and dialog.chosen() in dialog.visible_codes()


def test_first_start_chooses_nothing_for_the_user(qtbot, fgw) -> None:
    """Enter on an untouched first-start dialog must not make a unit's laptop the review office."""
    from gongkai_desktop import reference
    from gongkai_desktop.ui.unit_dialog import REVIEW_OFFICE, UnitDialog

    dialog = UnitDialog(reference.list_units(fgw), reference.list_areas(fgw), allow_review_office=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chosen() is None and not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.visible_codes()[-1] == REVIEW_OFFICE and dialog.visible_codes()[0] == "D01"
    type_chinese(dialog.search, "公安")
    assert dialog.chosen() == "D06" and dialog.ok_button.isEnabled()


def test_first_start_can_choose_the_review_office(qtbot, tmp_path, base_workspace) -> None:
    from tests.conftest import copy_workspace

    data = copy_workspace(base_workspace, tmp_path / "office")

    def choose(dialog: QDialog) -> None:
        run_dialog_later(qtbot, lambda dates: dates.reject())  # the round dates come next (test_ui_round_dates)
        qtbot.mouseClick(dialog.office_button, Qt.MouseButton.LeftButton)

    run_dialog_later(qtbot, choose)
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    assert window.ws.role == "review_office"
    assert "市府办政务公开办" in window.windowTitle()
    window.review.setCurrentWidget(window.main_split)  # the review window's 国家标准指引 tab
    assert window.banner.isVisible() and "审核" in window.banner_text.text()
    assert "审核" in window.menus
    assert window.area_panel.topLevelItem(0).text(0).startswith("全部领域")
    assert "new_item" not in window.actions_  # the office's menus hold no unit action
    window.ws.close()


def test_start_area_from_template_then_edit_undo_redo(qtbot, fgw, errors) -> None:
    window = show(qtbot, fgw)
    window.area_panel.select_area("01")
    assert window.doc.catalog is None and window.banner.isVisible()
    preview_rows = window.model.rowCount()
    assert preview_rows > 0 and not window.form.body.isEnabled()
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
    assert window.model.rowCount() == preview_rows == len(catalogs.load_items(fgw, window.doc.catalog.id))
    assert window.area_panel.area_text("01")[1] == "编制中"

    item = window.doc.items[1]
    select(window, item.id)
    type_into(qtbot, window.form.texts["time_limit"], "信息形成之日起10个工作日内")
    assert cell(window, item.id, COL["公开时限"]) == "信息形成之日起10个工作日内"
    assert catalogs.get_item(fgw, item.id).time_limit == "信息形成之日起10个工作日内"
    assert window.actions_["undo"].text() == "撤销 修改公开时限"

    window.actions_["undo"].trigger()
    assert catalogs.get_item(fgw, item.id).time_limit == item.time_limit
    assert cell(window, item.id, COL["公开时限"]) == item.time_limit
    assert window.form.texts["time_limit"].text() == item.time_limit
    assert catalogs.get_item(fgw, item.id).applicability == "adopted"  # undo restores 采用 too

    window.actions_["redo"].trigger()
    assert catalogs.get_item(fgw, item.id).time_limit == "信息形成之日起10个工作日内"
    assert catalogs.get_item(fgw, item.id).applicability == "adapted"
    assert window.actions_["redo"].text() == "重做"
    assert errors == []


def test_starting_an_area_is_undone_and_redone_with_the_same_items(qtbot, fgw, errors) -> None:
    window = show(qtbot, fgw)
    window.area_panel.select_area("01")
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    cat_id, ids = window.doc.catalog.id, [i.id for i in window.doc.items]
    item = window.doc.items[0]
    select(window, item.id)
    type_into(qtbot, window.form.texts["publisher"], "市发改局")
    assert window.actions_["undo"].text() == "撤销 修改公开主体"
    window.actions_["undo"].trigger()
    assert window.actions_["undo"].text() == "撤销 开始编制“重大建设项目”"
    window.actions_["undo"].trigger()
    assert window.doc.catalog is None and window.banner.isVisible()
    assert catalogs.find_catalog(fgw, "01") is None
    assert window.area_panel.area_text("01")[1] == "未开始"
    window.actions_["redo"].trigger()
    assert window.doc.catalog.id == cat_id and [i.id for i in window.doc.items] == ids
    assert window.area_panel.area_text("01")[1] == "编制中"
    window.actions_["redo"].trigger()  # the edit made before comes back on the same item
    assert catalogs.get_item(fgw, item.id).publisher == "市发改局"
    assert errors == []


def test_checkboxes_and_choices_save_at_once(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    item = window.doc.items[0]
    select(window, item.id)
    box = window.form.check_box("channels", "精准推送")
    was = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert ("精准推送" in catalogs.get_item(fgw, item.id).channels) is not was
    assert ("精准推送" in cell(window, item.id, COL["渠道"])) is not was

    legal = window.form.texts["legal_ground"]
    assert not legal.isEnabled()
    combo = window.form.attribute
    combo.setCurrentIndex(combo.findData("不予公开"))
    combo.activated.emit(combo.currentIndex())
    assert catalogs.get_item(fgw, item.id).attribute == "不予公开"
    assert legal.isEnabled()
    assert any(p.code == "not_disclosed_without_ground" for p in window.doc.problems_by_item[item.id])
    assert window.actions_["undo"].text() == "撤销 修改公开属性"


def test_problem_appears_and_disappears_in_the_panel(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    item = next(i for i in window.doc.items if i.id not in window.doc.problems_by_item)
    select(window, item.id)
    before = window.problems.count()
    missing = window.problems.messages().count("缺少公开主体")
    type_into(qtbot, window.form.texts["publisher"], "")
    assert window.problems.messages().count("缺少公开主体") == missing + 1
    assert window.problems.count() == before + 1
    assert cell(window, item.id, COL["标记"]) == "⚠ 1"
    assert window.area_panel.area_text("01")[0].endswith(f"⚠{before + 1}")

    # double-click on the problem goes to the item and puts the cursor on the field
    select(window, window.doc.items[-1].id)
    row = next(r for r, (_, _, p) in enumerate(window.problems.model.rows) if p.item_id == item.id)
    window.problems.activate_row(row)
    assert window.form.item.id == item.id
    assert window.focusWidget() is window.form.texts["publisher"]

    type_into(qtbot, window.form.texts["publisher"], "市发改局")
    assert window.problems.messages().count("缺少公开主体") == missing
    assert window.problems.count() == before
    assert cell(window, item.id, COL["标记"]) == ""


def test_unit_scope_lists_problems_of_every_area(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    window.area_panel.select_area("08")
    if window.doc.templates:
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    window.problems.scope.setCurrentIndex(1)
    window.problems.scope.activated.emit(1)
    areas = {code for code, _, _ in window.problems.model.rows}
    assert "01" in areas
    total = sum(len(catalogs.check_catalog(fgw, c.id)) for c in catalogs.list_catalogs(fgw))
    assert window.problems.count() == total


def test_add_and_delete_own_item_with_undo(qtbot, fgw, errors) -> None:
    window = started(qtbot, fgw)
    anchor = window.doc.items[0]
    select(window, anchor.id)
    count = len(window.doc.items)

    def fill(dialog: QDialog) -> None:
        dialog.source.setCurrentIndex(dialog.source.findData("power_list"))
        type_chinese(dialog.level2, "行政处罚结果")
        dialog.accept()

    run_dialog_later(qtbot, fill)
    window.actions_["new_item"].trigger()
    new_id = window.table.current_item_id()
    assert new_id != anchor.id and len(window.doc.items) == count + 1
    rec = catalogs.get_item(fgw, new_id)
    assert (rec.source, rec.level1, rec.level2, rec.position) == ("power_list", anchor.level1, "行政处罚结果", 1)
    assert cell(window, new_id, COL["二级事项"]) == "行政处罚结果"
    assert "权责清单" in window.form.origin.text()
    assert window.actions_["undo"].text() == "撤销 新增事项"

    window.actions_["delete_item"].trigger()
    assert window.model.row_of(new_id) == -1
    assert len(catalogs.load_items(fgw, window.doc.catalog.id)) == count
    window.actions_["undo"].trigger()
    assert catalogs.get_item(fgw, new_id).level2 == "行政处罚结果"
    assert window.model.row_of(new_id) >= 0
    window.actions_["undo"].trigger()  # undo the add
    assert len(catalogs.load_items(fgw, window.doc.catalog.id)) == count
    window.actions_["redo"].trigger()  # the same item comes back
    assert catalogs.get_item(fgw, new_id).position == 1
    assert errors == []


def test_template_item_is_marked_not_applicable_never_deleted(qtbot, fgw, monkeypatch) -> None:
    window = started(qtbot, fgw)
    item = window.doc.items[2]
    select(window, item.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.actions_["delete_item"].trigger()
    assert catalogs.get_item(fgw, item.id).id == item.id

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("本单位无此职能", True))
    window.actions_["not_applicable"].trigger()
    rec = catalogs.get_item(fgw, item.id)
    assert (rec.applicability, rec.applicability_reason) == ("not_applicable", "本单位无此职能")
    assert cell(window, item.id, COL["标记"]).startswith("不适用")
    assert window.actions_["undo"].text() == "撤销 标记不适用"
    assert window.actions_["not_applicable"].text() == "恢复适用"
    assert item.id not in window.doc.problems_by_item

    window.actions_["undo"].trigger()
    assert catalogs.get_item(fgw, item.id).applicability == "adopted"
    assert cell(window, item.id, COL["标记"]) != "不适用"


def test_reorder_by_keys_and_by_drop(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    first, second = window.doc.items[0], window.doc.items[1]
    select(window, first.id)
    window.actions_["move_down"].trigger()
    assert catalogs.get_item(fgw, first.id).position == 1
    assert window.model.rows[1].id == first.id and window.table.current_item_id() == first.id
    assert window.actions_["undo"].text() == "撤销 移动事项"
    window.actions_["undo"].trigger()
    assert catalogs.get_item(fgw, first.id).position == 0

    # a drop on the third row moves the first item there (through the undo stack)
    data = window.model.mimeData([window.model.index(0, 0)])
    third = window.model.index(2, 0)
    window.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, third)
    qtbot.waitUntil(lambda: catalogs.get_item(fgw, first.id).position == 2)
    assert catalogs.get_item(fgw, second.id).position == 0
    assert window.actions_["undo"].text() == "撤销 移动事项" and not window.actions_["redo"].isEnabled()
    window.actions_["undo"].trigger()
    assert catalogs.get_item(fgw, first.id).position == 0


def test_filter_as_you_type_and_sort(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    total = window.model.rowCount()
    type_chinese(window.search, "招标")
    shown = window.model.rowCount()
    assert 0 < shown < total
    for row in range(shown):
        item = window.model.item_at(row)
        assert any("招标" in str(getattr(item, f)) for f in ("level1", "level2", "content", "basis", "publisher"))
    assert window.count_label.text() == f"显示 {shown} / {total} 项"
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.model.rowCount() == total

    window.table.sortByColumn(COLUMN_OF_FIELD["level2"], Qt.SortOrder.AscendingOrder)
    names = [window.model.item_at(r).level2 for r in range(total)]
    assert names == sorted(names)
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [window.model.item_at(r).position for r in range(total)] == list(range(total))


def test_shortcuts_ctrl_f_focuses_search_and_ctrl_z_reaches_the_stack(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    item = window.doc.items[0]
    select(window, item.id)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search

    edit = window.form.texts["remarks"]
    edit.setFocus()
    type_chinese(edit, "需与住建局核对")
    window.table.setFocus()  # focus leaves: committed
    assert catalogs.get_item(fgw, item.id).remarks == "需与住建局核对"
    edit.setFocus()  # the field is clean, so Ctrl+Z is the window's undo
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert catalogs.get_item(fgw, item.id).remarks == ""
    assert edit.toPlainText() == ""


def test_tab_walks_through_the_form_in_order(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    select(window, window.doc.items[0].id)
    texts = window.form.texts
    texts["level1"].setFocus()
    order = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget().objectName())
    assert order == ["level2", "content", "basis", "time_limit", "publisher"]


def test_compare_with_template_shows_changed_elements(qtbot, fgw) -> None:
    from gongkai_desktop.ui.template_compare import TemplateCompareDialog

    window = started(qtbot, fgw)
    item = window.doc.items[0]
    select(window, item.id)
    assert window.form.compare_button.isVisible()
    type_into(qtbot, window.form.texts["publisher"], "市发改局")
    window.form.compare_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, TemplateCompareDialog) and w.isVisible())
    assert dialog.changed == ["公开主体"]
    assert dialog.table.item(5, 1).text() == item.publisher and dialog.table.item(5, 2).text() == "市发改局"
    dialog.close()


def test_reopen_finds_everything_as_left(qtbot, fgw) -> None:
    window = started(qtbot, fgw)
    item = window.doc.items[3]
    select(window, item.id)
    type_into(qtbot, window.form.texts["level2"], "改过的名称")
    window.table.setColumnWidth(COL["公开内容"], 333)
    data_dir = fgw.data_dir
    window.close()
    fgw.close()

    ws = Workspace.open(data_dir)
    try:
        again = show(qtbot, ws)
        assert again.doc.area is not None and again.doc.area.code == "01"
        assert again.doc.catalog is not None
        assert cell(again, item.id, COL["二级事项"]) == "改过的名称"
        assert again.table.columnWidth(COL["公开内容"]) == 333
        assert again.area_panel.area_text("01")[1] == "编制中"
        again.close()
    finally:
        ws.close()


def test_open_window_with_data_dir_and_change_it(qtbot, fgw, new_workspace, monkeypatch) -> None:
    window = started(qtbot, fgw)
    other = new_workspace("other")
    identity.choose_unit(other, "市公安局")
    other_dir = other.data_dir
    other.close()
    assert window.switch_data_dir(other_dir)
    assert "市公安局" in window.windowTitle()
    assert window.undo.status == window.ws.undo_status()  # the 编辑 menu shows the other workspace's log
    from gongkai_desktop.ui import settings

    assert settings.data_dir() == other_dir
    window.close()
    window.ws.close()


def test_qt_standard_buttons_are_chinese(qapp) -> None:
    from gongkai_desktop.ui.app import install_chinese

    assert install_chinese(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "t", "t", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "").startswith("是")
