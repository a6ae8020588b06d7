"""The window's undo controller (ui/undo.py): it only names and calls the core's undo log."""

from __future__ import annotations

from gongkai_desktop.errors import DomainError
from gongkai_desktop.ui.undo import UndoController
from gongkai_desktop.unit import catalogs


def test_actions_are_named_after_the_core_entries_and_call_them(qapp, ws) -> None:
    errors: list[DomainError] = []
    seen: list = []
    ctl = UndoController(lambda: ws, errors.append)
    ctl.changed.connect(seen.append)
    assert ctl.undo_action.text() == "撤销" and not ctl.undo_action.isEnabled()
    cat = ctl.run(lambda: catalogs.start_catalog(ws, "04")).catalog
    item = catalogs.load_items(ws, cat.id)[0]
    ctl.run(lambda: catalogs.edit_item(ws, item.id, {"remarks": "窗口里写的"}))
    assert ctl.undo_action.text() == "撤销 修改备注" and ctl.redo_action.text() == "重做"
    ctl.undo_action.trigger()
    assert catalogs.get_item(ws, item.id).remarks == item.remarks
    assert ctl.undo_action.text() == "撤销 开始编制“户籍管理”" and ctl.redo_action.text() == "重做 修改备注"
    assert [c.name for c in seen] == ["开始编制“户籍管理”", "修改备注", "撤销 修改备注"]
    assert errors == []


def test_a_refusal_is_shown_and_leaves_no_entry(qapp, ws) -> None:
    errors: list[DomainError] = []
    ctl = UndoController(lambda: ws, errors.append)
    cat = ctl.run(lambda: catalogs.start_catalog(ws, "04")).catalog
    item = catalogs.load_items(ws, cat.id)[0]
    assert ctl.run(lambda: catalogs.edit_item(ws, item.id, {"mode": "随便"})) is None
    assert [e.code for e in errors] == ["bad_value"]
    assert ctl.undo_action.text() == "撤销 开始编制“户籍管理”"


def test_what_the_command_line_did_is_undone_from_the_window(qapp, ws) -> None:
    """One log per workspace: an edit made by `gongkai catalog …` shows up in the 编辑 menu."""
    cat = catalogs.start_catalog(ws, "04").catalog
    item = catalogs.load_items(ws, cat.id)[0]
    catalogs.edit_item(ws, item.id, {"publisher": "别处改的"})  # e.g. the CLI, same workspace
    ctl = UndoController(lambda: ws, lambda e: None)
    assert ctl.undo_action.text() == "撤销 修改公开主体"
    ctl.undo()
    assert catalogs.get_item(ws, item.id).publisher == item.publisher
