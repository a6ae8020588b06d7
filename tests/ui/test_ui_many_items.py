"""Editing many items in the window: select rows, 批量修改, 向下填充, 查找替换 — each one undo entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from gongkai_desktop import identity
from gongkai_desktop.ui.batch_edit import BatchEditDialog
from gongkai_desktop.ui.item_table import COLUMN_OF_FIELD
from gongkai_desktop.ui.replace_dialog import ReplaceDialog
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace
from tests.ui.test_ui_review_support import type_chinese
from tests.ui.test_ui_window_1366 import laptop_window

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def rs(new_workspace) -> Workspace:
    """市人力社保局 with 社会保险 (48 template items) started."""
    w = new_workspace("rs")
    identity.choose_unit(w, "市人力社保局")
    catalogs.start_catalog(w, "10")
    return w


def select_rows(window, first: int, last: int) -> list[str]:
    model = window.table.item_model()
    selection = QItemSelection(model.index(first, 0), model.index(last, model.columnCount() - 1))
    window.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    return [model.item_at(r).id for r in range(first, last + 1)]


def drive_dialog(steps) -> None:
    """Run ``steps(dialog)`` on the next modal dialog once exec() shows it."""
    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, drive)
            return
        steps(dialog)
    QTimer.singleShot(0, drive)


def items(ws: Workspace) -> dict[str, object]:
    cat = catalogs.find_catalog(ws, "10")
    return {i.id: i for i in catalogs.load_items(ws, cat.id)}


def test_set_levels_on_20_rows_is_one_entry_that_undo_reverts(qtbot, rs, errors) -> None:
    window = laptop_window(qtbot, rs)
    before = items(rs)
    ids = select_rows(window, 0, 19)
    assert window.selection_bar.isVisible() and "已选择 20 项" in window.selection_label.text()

    def fill(dialog: BatchEditDialog) -> None:
        assert "20" in dialog.windowTitle()
        dialog.set_value("levels", ["县级", "乡级"])
        dialog.set_value("publisher", "江山市人力资源和社会保障局")
        dialog.ok.click()

    drive_dialog(fill)
    qtbot.keyClick(window.table, Qt.Key.Key_B, CTRL)
    after = items(rs)
    assert all(after[i].levels == ["县级", "乡级"] and after[i].publisher == "江山市人力资源和社会保障局" for i in ids)
    untouched = [i for i in before if i not in ids]
    assert all(after[i] == before[i] for i in untouched)
    assert window.actions_["undo"].text() == "撤销 批量修改事项（20 项）"
    assert all(window.doc.by_id[i].levels == ["县级", "乡级"] for i in ids)  # the table shows it at once

    window.actions_["undo"].trigger()
    reverted = items(rs)
    assert all((reverted[i].levels, reverted[i].publisher) == (before[i].levels, before[i].publisher) for i in ids)
    assert all(window.doc.by_id[i].levels == before[i].levels for i in ids)
    assert errors == []


def test_ctrl_a_selects_every_row_the_filter_shows(qtbot, rs) -> None:
    window = laptop_window(qtbot, rs)
    window.search.setText("养老")
    shown = window.model.rowCount()
    assert 0 < shown < len(window.doc.items)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, CTRL)
    assert len(window.table.selectionModel().selectedRows()) == shown
    window.run(lambda: catalogs.set_fields(rs, [window.model.item_at(r).id for r in range(shown)],
                                           {"levels": ["县级"]}))
    assert sum(1 for i in items(rs).values() if i.levels == ["县级"]) >= shown


def test_fill_down_copies_the_current_column_from_the_first_row(qtbot, rs, errors) -> None:
    window = laptop_window(qtbot, rs)
    ids = select_rows(window, 2, 7)
    window.run(lambda: catalogs.edit_item(rs, ids[0], {"time_limit": "信息形成之日起5个工作日内"}))
    ids = select_rows(window, 2, 7)
    column = COLUMN_OF_FIELD["time_limit"]
    window.table.selectionModel().setCurrentIndex(window.model.index(2, column), QItemSelectionModel.SelectionFlag.NoUpdate)
    first = window.doc.by_id[ids[0]]
    before = items(rs)
    assert all(before[i].time_limit != first.time_limit for i in ids[1:])
    qtbot.keyClick(window.table, Qt.Key.Key_D, CTRL)
    after = items(rs)
    assert all(after[i].time_limit == first.time_limit for i in ids)
    assert all(after[i].content == before[i].content for i in ids)  # only that element
    assert window.actions_["undo"].text() == "撤销 向下填充公开时限（5 项）"
    window.actions_["undo"].trigger()
    assert all(items(rs)[i].time_limit == before[i].time_limit for i in ids)
    assert errors == []


def test_fill_down_of_channels_takes_the_other_channel_text_along(qtbot, rs) -> None:
    window = laptop_window(qtbot, rs)
    ids = select_rows(window, 0, 3)
    window.run(lambda: catalogs.edit_item(rs, ids[0], {"channels": ["政府网站", "其他"], "channel_other": "办税服务厅"}))
    select_rows(window, 0, 3)
    from gongkai_desktop.ui import batch_actions

    assert batch_actions.fill_down(window, "channels")
    after = items(rs)
    assert all(after[i].channels == ["政府网站", "其他"] and after[i].channel_other == "办税服务厅" for i in ids)


def test_find_and_replace_previews_the_count_then_replaces_in_one_entry(qtbot, rs, errors) -> None:
    window = laptop_window(qtbot, rs)
    before = items(rs)
    find, repl = "社会保险", "社会保障"
    expected_items = [i for i in before.values()
                      if any(find in getattr(i, f) for f in ("level1", "level2", "content", "basis", "time_limit",
                                                              "publisher", "channel_other", "legal_ground", "remarks"))]
    places = sum(getattr(i, f).count(find) for i in expected_items
                 for f in ("level1", "level2", "content", "basis", "time_limit", "publisher", "channel_other",
                           "legal_ground", "remarks"))
    assert expected_items
    seen: list[str] = []

    def fill(dialog: ReplaceDialog) -> None:
        type_chinese(dialog.find, find)
        type_chinese(dialog.replace, repl)
        seen.append(dialog.preview.text())
        dialog.ok.click()

    drive_dialog(fill)
    qtbot.keyClick(window.table, Qt.Key.Key_H, CTRL)
    assert seen == [f"将在 {len(expected_items)} 个事项中替换 {places} 处。"]
    after = items(rs)
    assert not any(find in i.content or find in i.level2 or find in i.basis for i in after.values())
    assert all(after[i.id].content == i.content.replace(find, repl) for i in expected_items)
    assert window.actions_["undo"].text() == f"撤销 查找替换“{find}”"
    window.actions_["undo"].trigger()
    assert items(rs) == before
    assert errors == []


def test_replace_with_nothing_found_cannot_be_applied(qtbot, rs) -> None:
    window = laptop_window(qtbot, rs)
    dialog = ReplaceDialog(window.doc.items, [], window)
    dialog.find.setText("不存在的文字")
    assert dialog.preview.text() == "没有找到，替换不会改变任何事项。" and not dialog.ok.isEnabled()
