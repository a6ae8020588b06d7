"""导入目录 in the window for every format, and a catalog file dropped on the unit's window: the same
preview (tables, notes, matching to the template), written only on 导入."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from gongkai_desktop.ui import export_dialog, jobs
from gongkai_desktop.ui.import_xlsx_dialog import ImportXlsxDialog
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from tests.ui.test_ui_window import show

CORPUS = Path(__file__).parent.parent / "data" / "catalogs"


@pytest.fixture(autouse=True)
def quiet(monkeypatch) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)
    monkeypatch.setattr(export_dialog, "OPENER", lambda _url: True)


def unit_window(qtbot, ws) -> MainWindow:
    window = show(qtbot, ws)
    window.area_panel.select_area("04")
    return window


def drop(window: MainWindow, paths: list[Path]) -> tuple[bool, bool]:
    """Drag ``paths`` over the window and drop them; (enter accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.centralWidget() or window
    pos = QPoint(target.width() // 2, target.height() // 2)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    dropped = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, dropped)
    return enter.isAccepted(), dropped.isAccepted()


def test_dropping_a_word_catalog_opens_the_preview_and_writes_on_import(qtbot, ws) -> None:
    window = unit_window(qtbot, ws)
    entered, dropped = drop(window, [CORPUS / "户籍管理_公共文化服务.docx"])
    assert entered and dropped
    dialog = window.unit_actions.last_dialog
    assert isinstance(dialog, ImportXlsxDialog) and dialog.isVisible()
    lines = dialog.lines()
    assert lines[0].startswith("表格“表格1”：04 户籍管理") and any("20 公共文化服务" in line for line in lines)
    assert any(line.startswith("领域（04）户籍管理：对应国家标准指引事项") for line in lines)
    assert any("文件未包含的国家标准指引事项" in line for line in lines)
    assert catalogs.find_catalog(ws, "04") is None  # nothing written yet
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    info = catalogs.find_catalog(ws, "04")
    assert info is not None and len(catalogs.load_items(ws, info.id)) == 7
    assert window.area_panel.area_text("04")[1] == "编制中"
    assert "新建目录：户籍管理、公共文化服务" in window.unit_actions.last_dialog.text()


def test_other_drops_are_not_taken(qtbot, ws, tmp_path: Path) -> None:
    window = unit_window(qtbot, ws)
    before = window.unit_actions.last_dialog
    text = tmp_path / "说明.txt"
    text.write_text("不是目录", encoding="utf-8")
    assert drop(window, [text]) == (False, False)
    assert drop(window, [CORPUS / "社会保险_一格多值.xlsx", CORPUS / "户籍管理_公共文化服务.docx"]) == (False, False)
    assert window.unit_actions.last_dialog is before


def test_the_file_dialog_offers_every_format_and_an_old_excel_previews(qtbot, ws, monkeypatch) -> None:
    window = unit_window(qtbot, ws)
    offered = {}

    def choose(_parent, _title, _dir, filter_):
        offered["filter"] = filter_
        return str(CORPUS / "派出所_户籍管理_三级事项.xls"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    assert window.actions_["import_xlsx"].text() == "导入目录（Excel / Word）…"
    window.actions_["import_xlsx"].trigger()
    for suffix in ("*.xlsx", "*.xls", "*.docx", "*.doc", "*.wps", "*.et"):
        assert suffix in offered["filter"]
    dialog = window.unit_actions.last_dialog
    assert dialog.lines()[0].startswith("工作表“户籍管理”：04 户籍管理") and "读取 7 个事项" in dialog.lines()[0]
    dialog.reject()
    assert catalogs.find_catalog(ws, "04") is None


def test_notes_of_a_county_layout_are_shown(qtbot, ws, monkeypatch) -> None:
    window = unit_window(qtbot, ws)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(CORPUS / "XX县民政局_社会救助_全文发布.xlsx"), ""))
    window.actions_["import_xlsx"].trigger()
    lines = window.unit_actions.last_dialog.lines()
    assert any(line == "说明：“咨询电话”一列没有对应的栏目，其内容记入备注" for line in lines)
    assert any("是公开形式，不是主动或依申请，已记入备注" in line for line in lines)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_wps_file_dropped_is_converted_and_previewed(qtbot, ws) -> None:
    window = unit_window(qtbot, ws)
    assert drop(window, [CORPUS / "户籍管理_公共文化服务.wps"]) == (True, True)
    dialog = window.unit_actions.last_dialog
    assert "读取 4 个事项" in dialog.lines()[0] and dialog.ok_button.isEnabled()
