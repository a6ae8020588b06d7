"""导出 Excel / Word from the window: the dialog, the job (at once and on a real thread), cancel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from gongkai_desktop.ui import export_dialog, jobs
from gongkai_desktop.ui.export_dialog import ExportDialog
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from tests.ui.test_ui_window import show


@pytest.fixture
def opened(monkeypatch) -> list:
    urls: list = []
    monkeypatch.setattr(export_dialog, "OPENER", urls.append)
    return urls


@pytest.fixture
def sync(monkeypatch) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)


@pytest.fixture
def on_job_start():
    """Connect to every job as it starts (as a user watching the progress dialog); disconnected after."""
    hooks: list = []

    def connect(fn) -> None:
        jobs.monitor.started.connect(fn)
        hooks.append(fn)

    yield connect
    for fn in hooks:
        jobs.monitor.started.disconnect(fn)


def police_window(qtbot, ws) -> MainWindow:
    catalogs.start_catalog(ws, "04")
    window = show(qtbot, ws)
    window.area_panel.select_area("04")
    assert window.doc.catalog is not None
    return window


def open_export(window: MainWindow, out: Path, key: str = "export_xlsx") -> ExportDialog:
    window.actions_[key].trigger()
    dialog = window.unit_actions.last_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    dialog.path.edit.setText(str(out))
    return dialog


def test_export_current_area_to_excel_then_offer_to_open(qtbot, ws, tmp_path, sync, opened) -> None:
    window = police_window(qtbot, ws)
    out = tmp_path / "我的目录"  # no suffix typed: the dialog adds .xlsx
    dialog = open_export(window, out)
    assert dialog.scope_current.isChecked() and dialog.scope_current.text() == "当前领域（户籍管理）"
    assert dialog.area_codes() == ["04"] and dialog.fmt() == "xlsx"
    assert not dialog.checklist.isEnabled()
    dialog.channels.setCurrentIndex(dialog.channels.findData("tick_columns"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    path = tmp_path / "我的目录.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["户籍管理"]
    headers = {str(c.value).replace("\n", "") for row in wb["户籍管理"].iter_rows(min_row=2, max_row=3) for c in row}
    assert "政府网站" in headers  # one column per channel, as chosen
    items = catalogs.load_items(ws, window.doc.catalog.id)
    level2 = [r[2].value for r in wb["户籍管理"].iter_rows(min_row=4)]
    assert level2[:len(items)] == [i.level2 for i in items]

    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and "已导出 1 个领域" in box.text()
    open_button = next(b for b in box.buttons() if b.text() == "打开文件")
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(path)]


def test_export_word_on_a_real_thread(qtbot, ws, tmp_path, opened) -> None:
    assert not jobs.SYNCHRONOUS
    window = police_window(qtbot, ws)
    dialog = open_export(window, tmp_path / "目录.docx", key="export_docx")
    assert dialog.fmt() == "docx"
    dialog.paper.setCurrentIndex(dialog.paper.findData("A3"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    job = window.unit_actions.job
    qtbot.waitUntil(lambda: job.done, timeout=20000)
    assert job.error is None and job.result.path == tmp_path / "目录.docx"
    assert (tmp_path / "目录.docx").stat().st_size > 0
    assert isinstance(window.unit_actions.last_dialog, QMessageBox)
    import docx

    section = docx.Document(str(tmp_path / "目录.docx")).sections[0]
    assert round(section.page_width.mm) == 420  # A3 landscape


def test_chosen_areas_and_all_areas(qtbot, ws, tmp_path, sync) -> None:
    catalogs.start_catalog(ws, "08")
    window = police_window(qtbot, ws)
    dialog = open_export(window, tmp_path / "x.xlsx")
    dialog.scope_chosen.setChecked(True)
    assert dialog.checklist.isEnabled() and dialog.area_codes() == ["04"]
    dialog.checklist.set_checked([])
    assert not dialog.ok_button.isEnabled()  # nothing chosen, nothing to export
    dialog.checklist.set_checked(["08"])
    assert dialog.area_codes() == ["08"]
    dialog.scope_all.setChecked(True)
    assert dialog.area_codes() is None
    assert dialog.path.path().name == "x.xlsx"  # what the user typed stays
    dialog.accept()
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").sheetnames == ["户籍管理", "财政预决算"]


def test_suggested_name_follows_scope_and_format(qtbot, ws, tmp_path, sync) -> None:
    window = police_window(qtbot, ws)
    window.actions_["export_xlsx"].trigger()
    dialog = window.unit_actions.last_dialog
    assert dialog.path.path().name == "市公安局户籍管理政务公开事项标准目录.xlsx"
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    assert dialog.path.path().name == "市公安局户籍管理政务公开事项标准目录.docx"
    dialog.reject()


def test_cancelling_an_export_leaves_no_file(qtbot, ws, tmp_path, sync, on_job_start) -> None:
    window = police_window(qtbot, ws)

    def press_cancel(job: jobs.Job) -> None:
        button = next(b for b in job.dialog.findChildren(QPushButton) if b.text() == "取消")
        job.progressed.connect(lambda *_: button.click())

    on_job_start(press_cancel)
    out = tmp_path / "exports"
    out.mkdir()
    dialog = open_export(window, out / "cancelled.xlsx")
    dialog.accept()
    job = window.unit_actions.job
    assert job.done and job.cancelled and job.error is not None and job.error.code == "cancelled"
    assert list(out.iterdir()) == []  # neither the file nor a temporary one
    assert "已取消导出" in window.statusBar().currentMessage()
    assert not isinstance(window.unit_actions.last_dialog, QMessageBox)


def test_negative_list_and_weekly_report(qtbot, ws, tmp_path, sync, monkeypatch) -> None:
    window = police_window(qtbot, ws)
    item = window.doc.items[0]
    catalogs.edit_item(ws, item.id, {"attribute": "不予公开", "legal_ground": "《中华人民共和国政府信息公开条例》第十四条"})
    targets = iter([tmp_path / "负面清单", tmp_path / "周报.docx"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    window.actions_["export_negative"].trigger()
    assert (tmp_path / "负面清单.docx").exists()
    assert "1 个不予公开事项" in window.unit_actions.last_dialog.text()
    window.actions_["export_weekly"].trigger()
    assert (tmp_path / "周报.docx").exists()
    import docx

    text = "\n".join(c.text for t in docx.Document(str(tmp_path / "周报.docx")).tables for r in t.rows for c in r.cells)
    assert "户籍管理" in text


def test_unit_actions_sit_in_the_file_menu(qtbot, ws) -> None:
    window = show(qtbot, ws)
    texts = [a.text() for a in window.menu("文件").actions()]
    assert texts[:2] == ["提交报送…", "导出"]
    assert {"导入目录（Excel / Word）…", "导入审核结果…", "导入市府办下发文件…"} <= set(texts)
    assert texts.index("导入审核结果…") < texts.index("数据目录…") < texts.index("退出")
    assert window.menu("设置").actions()[0].text() == "本单位密钥…"
    export_texts = [a.text() for a in window.unit_actions.export_menu.actions() if a.text()]
    assert export_texts == ["导出 Excel…", "导出 Word…", "打印预览 / 导出 PDF…", "导出负面清单（Word）…",
                            "导出一周一进度（Word）…"]
