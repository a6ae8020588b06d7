"""导入 Excel 目录 from the window: preview first, write only on 导入, refresh, and what undo does."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gongkai_desktop.ui import export_dialog, jobs
from gongkai_desktop.ui.import_xlsx_dialog import ImportXlsxDialog
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit import exports as ops
from tests.ui.test_ui_window import COL, cell, show

NEW_LIMIT = "自收到申请之日起15个工作日内"


@pytest.fixture(autouse=True)
def quiet(monkeypatch) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)
    monkeypatch.setattr(export_dialog, "OPENER", lambda _url: True)


def police_window(qtbot, ws) -> MainWindow:
    catalogs.start_catalog(ws, "04")
    window = show(qtbot, ws)
    window.area_panel.select_area("04")
    return window


def export_via_dialog(window: MainWindow, path: Path) -> None:
    window.actions_["export_xlsx"].trigger()
    dialog = window.unit_actions.last_dialog
    dialog.path.edit.setText(str(path))
    dialog.accept()
    assert path.exists()
    window.unit_actions.last_dialog.close()


def change_time_limit(path: Path, level2: str, text: str, bad_row: bool = False) -> None:
    """What a user does in Excel: edit one cell; optionally add a row without names (refused)."""
    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[0]
    header = {c.value: c.column for c in sheet[2] if c.value}
    row = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == level2)
    sheet.cell(row=row[0].row, column=header["公开时限"], value=text)
    if bad_row:
        last = sheet.max_row + 1
        sheet.cell(row=last, column=header["公开内容（要素）"], value="只有内容，没有事项名称")
    wb.save(path)


def open_import(window: MainWindow, monkeypatch, path: Path) -> ImportXlsxDialog:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.actions_["import_xlsx"].trigger()
    dialog = window.unit_actions.last_dialog
    assert isinstance(dialog, ImportXlsxDialog) and dialog.isVisible()
    return dialog


def test_round_trip_preview_refused_rows_then_write_on_confirm(qtbot, ws, tmp_path, monkeypatch) -> None:
    window = police_window(qtbot, ws)
    item = window.doc.items[1]
    path = tmp_path / "目录.xlsx"
    export_via_dialog(window, path)
    change_time_limit(path, item.level2, NEW_LIMIT, bad_row=True)

    dialog = open_import(window, monkeypatch, path)
    # the preview: area recognised, rows read, the refused row with its reason; nothing written yet
    top = dialog.tree.topLevelItem(0).text(0)
    assert "04 户籍管理" in top and f"读取 {len(window.doc.items)} 个事项" in top and "无法读取 1 行" in top
    assert len(dialog.refused_lines()) == 1 and "缺少一级事项和二级事项名称" in dialog.refused_lines()[0]
    assert not dialog.ok_button.isEnabled()
    assert dialog.skip_refused.isVisible()
    assert catalogs.load_items(ws, window.doc.catalog.id)[1].time_limit == item.time_limit
    assert "不能用“撤销”（Ctrl+Z）撤回" in " ".join(lbl.text() for lbl in dialog.findChildren(type(dialog.summary)))

    qtbot.mouseClick(dialog.skip_refused, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.skip_refused.height() // 2))
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # written, and the table shows it
    assert catalogs.load_items(ws, window.doc.catalog.id)[1].time_limit == NEW_LIMIT
    assert cell(window, item.id, COL["公开时限"]) == NEW_LIMIT
    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and "修改事项 1 个" in box.text() and "有 1 行无法读取" in box.text()


def test_cancel_in_the_preview_writes_nothing(qtbot, ws, tmp_path, monkeypatch) -> None:
    window = police_window(qtbot, ws)
    item = window.doc.items[0]
    path = tmp_path / "目录.xlsx"
    export_via_dialog(window, path)
    change_time_limit(path, item.level2, NEW_LIMIT)
    dialog = open_import(window, monkeypatch, path)
    assert dialog.ok_button.isEnabled() and dialog.refused_lines() == []
    dialog.reject()
    assert catalogs.load_items(ws, window.doc.catalog.id)[0].time_limit == item.time_limit


def test_bad_file_shows_the_core_message_and_changes_nothing(qtbot, ws, tmp_path, monkeypatch) -> None:
    window = police_window(qtbot, ws)
    before = catalogs.load_items(ws, window.doc.catalog.id)
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"this is not a workbook")
    dialog = open_import(window, monkeypatch, bad)
    assert dialog.error.isVisible() and "坏文件.xlsx 不是 Excel 工作簿或 Word 文档" in dialog.error.text()
    assert not dialog.ok_button.isEnabled() and dialog.preview is None
    dialog.accept()  # even forced, nothing is written without a preview
    assert catalogs.load_items(ws, window.doc.catalog.id) == before


def test_area_must_be_chosen_when_it_cannot_be_detected(qtbot, ws, tmp_path, monkeypatch) -> None:
    window = police_window(qtbot, ws)
    path = tmp_path / "目录.xlsx"
    export_via_dialog(window, path)
    wb = openpyxl.load_workbook(path)
    wb.worksheets[0].title = "Sheet1"
    wb.worksheets[0]["A1"] = "目录"
    wb.save(path)
    dialog = open_import(window, monkeypatch, path)
    assert dialog.unknown_sheets() == ["Sheet1"] and "请在上方“导入到领域”中选择" in dialog.error.text()
    assert not dialog.ok_button.isEnabled()
    dialog.area.setCurrentIndex(dialog.area.findData("08"))
    dialog.area.activated.emit(dialog.area.currentIndex())
    assert "08 财政预决算" in dialog.tree.topLevelItem(0).text(0)
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert catalogs.find_catalog(ws, "08") is not None  # a new catalog, from the file
    assert window.area_panel.area_text("08")[1] == "编制中"


def test_an_import_never_lets_undo_overwrite_what_it_wrote(qtbot, ws, tmp_path, monkeypatch, errors) -> None:
    window = police_window(qtbot, ws)
    item = window.doc.items[0]
    window._commit(item.id, {"remarks": "导入前的修改"}, None)
    assert window.actions_["undo"].text() == "撤销 修改备注"
    other = tmp_path / "财政.xlsx"
    c08 = catalogs.start_catalog(ws, "08").catalog
    catalogs.add_item(ws, c08.id, "sanding", "部门预决算", "部门预算")
    ops.export_catalogs(ws, "xlsx", ["08"], other)
    open_import(window, monkeypatch, other).accept()

    path = tmp_path / "户籍.xlsx"
    ops.export_catalogs(ws, "xlsx", ["04"], path)
    change_time_limit(path, item.level2, NEW_LIMIT)
    open_import(window, monkeypatch, path).accept()
    window.area_panel.select_area("04")
    undo, seen = window.actions_["undo"], []
    while undo.isEnabled() and len(seen) < 10:
        seen.append(undo.text())
        undo.trigger()  # every entry older than the import that rewrote its catalog: refused, not undone
    assert "撤销 修改备注" in seen and any("无法撤销" in e for e in errors)
    cat = catalogs.find_catalog(ws, "04")
    assert cat is not None and catalogs.load_items(ws, cat.id)[0].remarks == "导入前的修改"
    assert any(i.time_limit == NEW_LIMIT for i in catalogs.load_items(ws, cat.id))
