"""The window over the core's undo: refusals leave no entry, typing sessions merge, undo crosses
areas, stale entries are refused; and a 1,500-item area opens and filters without a visible pause."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from gongkai_desktop import identity, reference
from gongkai_desktop.demo import make_demo
from gongkai_desktop.ui.item_form import IDLE_COMMIT_MS
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace


@pytest.fixture
def fgw(new_workspace) -> Workspace:
    w = new_workspace("fgw")
    identity.choose_unit(w, "市发改局")
    return w


def window_on(qtbot, ws: Workspace, *areas: str) -> MainWindow:
    for area in areas:
        if catalogs.find_catalog(ws, area) is None:
            catalogs.start_catalog(ws, area)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.open_area(areas[0])
    return window


def ime(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_core_edit_with_explicit_applicability_keeps_it(fgw) -> None:
    """The core turns an adopted template item into "adapted" on a text edit, unless told otherwise (undo)."""
    cat = catalogs.start_catalog(fgw, "01").catalog
    item = catalogs.load_items(fgw, cat.id)[0]
    assert catalogs.edit_item(fgw, item.id, {"content": "新内容"}).item.applicability == "adapted"
    back = catalogs.edit_item(fgw, item.id, {"content": item.content, "applicability": "adopted"})
    assert (back.item.content, back.item.applicability) == (item.content, "adopted")


def test_refused_operation_is_shown_and_not_pushed(qtbot, fgw, errors) -> None:
    window = window_on(qtbot, fgw, "01")
    assert window.add_item("power_list", "   ", "名称") is None
    assert errors == ["新增事项须填写一级事项名称。"]
    assert fgw.undo_status().undo == "开始编制“重大建设项目”"
    item = window.doc.items[0]
    window._commit(item.id, {"mode": "随便"}, None)
    assert "不是可选项" in errors[-1]
    assert fgw.undo_status().undo == "开始编制“重大建设项目”"
    assert window.actions_["undo"].text() == "撤销 开始编制“重大建设项目”"
    assert catalogs.get_item(fgw, item.id).mode == item.mode


def test_typing_in_a_multiline_field_saves_when_idle_and_is_one_undo_entry(qtbot, fgw) -> None:
    window = window_on(qtbot, fgw, "01")
    item = window.doc.items[0]
    window.table.select_item(item.id)
    edit = window.form.texts["content"]
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    ime(edit, "；审批结果")
    qtbot.wait(IDLE_COMMIT_MS + 300)
    assert catalogs.get_item(fgw, item.id).content == item.content + "；审批结果"  # saved while still typing
    ime(edit, "及批复文件")
    qtbot.wait(IDLE_COMMIT_MS + 300)
    window.table.setFocus()
    assert catalogs.get_item(fgw, item.id).content == item.content + "；审批结果及批复文件"
    assert window.actions_["undo"].text() == "撤销 修改公开内容"
    window.actions_["undo"].trigger()  # one entry for the whole typing session
    assert catalogs.get_item(fgw, item.id).content == item.content
    assert edit.toPlainText() == item.content
    assert window.actions_["undo"].text() == "撤销 开始编制“重大建设项目”"


def test_undo_of_an_edit_in_another_area_opens_that_area(qtbot, fgw) -> None:
    window = window_on(qtbot, fgw, "01", "08")
    window.area_panel.select_area("01")
    item = window.doc.items[0]
    window.table.select_item(item.id)
    window.form.texts["remarks"].setFocus()
    ime(window.form.texts["remarks"], "跨领域撤销")
    window.table.setFocus()
    window.area_panel.select_area("08")
    assert window.doc.area.code == "08"
    window.actions_["undo"].trigger()
    assert window.doc.area.code == "01" and window.area_panel.current_area() == "01"
    assert catalogs.get_item(fgw, item.id).remarks == ""
    window.actions_["redo"].trigger()
    assert window.doc.by_id[item.id].remarks == "跨领域撤销"


def test_entry_changed_behind_its_back_is_refused_with_a_message(qtbot, fgw, errors) -> None:
    from gongkai_desktop.models import CatalogItem

    window = window_on(qtbot, fgw, "01")
    new_id = window.add_item("other", "自有一级事项", "自有事项")
    assert new_id
    with fgw.session() as s:  # e.g. changed by an older program that keeps no undo entries
        s.get(CatalogItem, new_id).remarks = "别处写的"
    window.actions_["undo"].trigger()
    assert errors and "无法撤销" in errors[-1]
    assert catalogs.get_item(fgw, new_id).remarks == "别处写的"
    assert window.actions_["undo"].text() == "撤销 开始编制“重大建设项目”"


def test_a_1500_item_area_opens_and_filters_as_you_type(qtbot, new_workspace) -> None:
    """What a clerk sees with a big area: all rows, then fewer at each keystroke. How fast is a
    benchmark's business (`python -m benchmarks`: open_area, filter_2, filter_4), not a test's."""
    ws = new_workspace("big")
    make_demo(ws, county_size=0, big_area=1500)
    township = next(u.code for u in reference.list_units(ws) if u.kind == "township")
    info = next(c for c in catalogs.list_catalogs(ws, township) if c.item_count == 1500)
    identity.choose_unit(ws, info.unit_code)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.area_panel.select_area("26" if info.area_code != "26" else "25")
    window.area_panel.select_area(info.area_code)
    QApplication.processEvents()
    assert window.model.rowCount() == 1500
    shown = []
    for text in ("行", "行政", "行政处", "行政处罚", "行政处罚结果 第1"):
        window.search.setText(text)
        QApplication.processEvents()
        shown.append(window.model.rowCount())
    assert shown == sorted(shown, reverse=True) and 0 < shown[-1] < 1500
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.form.item is not None
