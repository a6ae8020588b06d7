"""The window under faults: a message box in Chinese, the window stays usable; 备份与恢复; the way out at start."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gongkai_desktop import backups, db, identity, logfile
from gongkai_desktop.ui import fault_boundary
from gongkai_desktop.ui.app import make_application, open_window
from gongkai_desktop.ui.backup_dialog import BackupDialog, WayOut
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import DB_FILE, Workspace
from tests.fault_helpers import fill, small_disk


@pytest.fixture
def police(new_workspace) -> Workspace:
    w = new_workspace("police")
    identity.choose_unit(w, "市公安局")
    catalogs.start_catalog(w, "04")
    return w


def show(qtbot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.area_panel.select_area("04")
    return window


def commit(window: MainWindow, item_id: str, value: str) -> None:
    """What the form does when the user finishes typing a 备注."""
    window.form.commit.emit(item_id, {"remarks": value}, None)


def when_modal(steps) -> None:
    """Act on the next modal dialog once it is shown (its exec() blocks the test)."""
    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        steps(dialog)
    QTimer.singleShot(0, drive)


def test_an_edit_while_another_program_holds_the_workspace(qtbot, police, errors, monkeypatch) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.3)
    data = police.data_dir
    police.close()
    window = show(qtbot, Workspace.open(data))
    item = window.doc.items[0].id
    holder = sqlite3.connect(data / DB_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a command-line import in the middle of its transaction
    try:
        commit(window, item, "第一次")
        assert len(errors) == 1 and "另一个窗口或命令正在使用该工作区" in errors[0]
        assert window.actions_["undo"].text() == "撤销 开始编制“户籍管理”"  # nothing saved, no new entry
        assert window.doc.by_id[item].remarks == ""
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    commit(window, item, "第二次")  # the window is still usable: the same edit now goes through
    assert catalogs.get_item(window.ws, item).remarks == "第二次" and window.actions_["undo"].text() == "撤销 修改备注"
    assert len(errors) == 1
    window.close()
    window.ws.close()


@pytest.mark.slow
def test_an_edit_on_a_full_disk_shows_a_message_and_the_window_goes_on(qtbot, police, errors, tmp_path) -> None:
    police.close()
    with small_disk(tmp_path / "disk", 16 * 1024) as disk:
        data = disk / "data"
        shutil.copytree(police.data_dir, data)
        window = show(qtbot, Workspace.open(data))
        try:
            items = [i.id for i in window.doc.items]
            fill(disk)
            for item in items:
                commit(window, item, "很长的备注" * 3900)
                if errors:
                    break
            assert errors and "磁盘已满" in errors[0], errors
            assert window.doc.by_id[item].remarks == ""  # the failed edit is not shown as saved
            for p in disk.glob("filler*.bin"):
                p.unlink()
            commit(window, item, "腾出空间后再改")
            assert catalogs.get_item(window.ws, item).remarks == "腾出空间后再改"
            assert window.actions_["undo"].text() == "撤销 修改备注"
            assert len(errors) == 1
        finally:
            window.close()
            window.ws.close()


def test_an_unhandled_failure_becomes_a_message_box_and_a_logged_trace(qtbot, tmp_path, monkeypatch) -> None:
    """Whatever escapes a slot or a thread reaches the hook PySide6 calls; it shows and logs, never prints."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    log = logfile.configure(tmp_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    fault_boundary.install(make_application())
    try:
        raise OSError(28, "No space left on device", "/data/workspace.sqlite3-wal")
    except OSError as exc:
        fault_boundary._excepthook(type(exc), exc, exc.__traceback__)
    assert shown and "磁盘已满" in shown[0]
    thread = threading.Thread(target=lambda: fault_boundary.handle(KeyError("a bug in a thread")))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)  # shown on the GUI thread
    assert "发生意外错误" in shown[1] and str(log) in shown[1]
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "KeyError" in written


def test_backups_in_the_window_make_list_and_restore_then_reopen(qtbot, police, monkeypatch) -> None:
    window = show(qtbot, police)
    item = window.doc.items[0].id
    when_modal(lambda dialog: (qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton), dialog.reject()))
    window.actions_["backups"].trigger()
    assert [b.reason for b in backups.list_backups(police.data_dir)] == [backups.MANUAL]
    commit(window, item, "备份之后改的")
    assert window.actions_["undo"].text() == "撤销 修改备注"

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)

    def restore(dialog: BackupDialog) -> None:
        assert dialog.table.rowCount() == 1 and "手动备份" in dialog.table.item(0, 1).text()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_modal(restore)
    window.actions_["backups"].trigger()
    assert window.ws is not police  # the workspace was reopened
    assert catalogs.get_item(window.ws, item).remarks == "" and window.doc.by_id[item].remarks == ""
    assert not window.actions_["undo"].isEnabled()  # a restored workspace has nothing to undo
    assert backups.BEFORE_RESTORE in [b.reason for b in backups.list_backups(police.data_dir)]
    window.close()
    window.ws.close()


def test_a_damaged_workspace_at_start_is_restored_from_a_backup(qtbot, police, monkeypatch) -> None:
    backups.make_backup(police)
    data = police.data_dir
    police.close()
    raw = bytearray((data / DB_FILE).read_bytes())
    raw[4096 * 2: 4096 * 2 + 256] = b"\xee" * 256
    (data / DB_FILE).write_bytes(bytes(raw))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    seen: list[str] = []

    def way_out(box: WayOut) -> None:
        seen.append(box.text())
        when_modal(lambda dialog: qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton))
        box.restore_button.click()

    when_modal(way_out)
    make_application()
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert "工作区文件已损坏" in seen[0] and "没有改动" in seen[0]
    assert [c.area_code for c in catalogs.list_catalogs(window.ws)] == ["04"]
    assert any(p.name.startswith("damaged-") for p in backups.backup_dir(data).iterdir())
    window.close()
    window.ws.close()


def test_a_foreign_file_at_start_offers_a_new_workspace(qtbot, tmp_path, monkeypatch) -> None:
    data = tmp_path / "other-app"
    data.mkdir()
    conn = sqlite3.connect(data / DB_FILE)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.commit()
    conn.close()
    before = (data / DB_FILE).read_bytes()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    monkeypatch.setattr("gongkai_desktop.ui.backup_dialog.QFileDialog.getExistingDirectory", lambda *a: str(fresh))
    monkeypatch.setattr("gongkai_desktop.ui.app.choose_identity", lambda ws, parent=None: identity.choose_unit(ws, "市公安局") or True)
    seen: list[str] = []

    def way_out(box: WayOut) -> None:
        seen.append(box.text())
        box.new_button.click()

    when_modal(way_out)
    make_application()
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert "不是本软件的工作区" in seen[0]
    assert Path(window.ws.data_dir) == fresh and (data / DB_FILE).read_bytes() == before
    window.close()
    window.ws.close()
