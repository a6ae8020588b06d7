"""The window's printing (issue 16): the export dialog's 打印全部列 option, and 打印预览 / 导出 PDF…
through real LibreOffice — or, without it, a Chinese message saying what to install."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.ui import export_dialog, jobs
from gongkai_desktop.ui.pdf_dialog import PdfDialog
from tests.print_helpers import HAS_SOFFICE, NO_SOFFICE, read_pdf
from tests.ui.test_ui_unit_export import open_export, police_window


@pytest.fixture
def sync(monkeypatch) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)


@pytest.fixture
def opened(monkeypatch) -> list:
    urls: list = []
    monkeypatch.setattr(export_dialog, "OPENER", urls.append)
    return urls


def test_the_export_prints_the_national_table_unless_all_columns_is_ticked(qtbot, ws, tmp_path, sync) -> None:
    window = police_window(qtbot, ws)
    dialog = open_export(window, tmp_path / "国家.xlsx")
    assert not dialog.all_columns.isChecked()  # the default: the national table only
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    dialog = open_export(window, tmp_path / "全部.xlsx")
    dialog.all_columns.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    national = openpyxl.load_workbook(tmp_path / "国家.xlsx").active
    everything = openpyxl.load_workbook(tmp_path / "全部.xlsx").active
    assert national.column_dimensions["O"].hidden and not everything.column_dimensions["O"].hidden
    assert everything["O2"].value == "公开属性"
    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and "A3" in box.text()  # every column on A4 is too small: it says so


def test_pdf_without_libreoffice_says_what_to_install(qtbot, ws, tmp_path, monkeypatch) -> None:
    window = police_window(qtbot, ws)
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # LibreOffice is looked up on the PATH, as on a PC without it
    window.actions_["print_pdf"].trigger()
    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "没有找到 LibreOffice" in box.text() and "安装 LibreOffice" in box.text() and "WPS" in box.text()


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)
def test_print_preview_makes_the_pdf_and_opens_it(qtbot, ws, tmp_path, sync, opened) -> None:
    window = police_window(qtbot, ws)
    window.actions_["print_pdf"].trigger()
    dialog = window.unit_actions.last_dialog
    assert isinstance(dialog, PdfDialog) and dialog.path.path().suffix == ".pdf"
    dialog.path.edit.setText(str(tmp_path / "预览"))
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "预览.pdf"
    assert [u.toLocalFile() for u in opened] == [str(pdf)]
    pages = read_pdf(pdf)
    assert "户籍管理" in pages[0].text and "填报单位：市公安局" in pages[0].text
