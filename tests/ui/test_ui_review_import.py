"""The review office's import dialog: dry-run verdicts, threaded import, cancel, quarantine → 登记此密钥."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from gongkai_desktop import identity, keys
from gongkai_desktop.office import importing, submissions
from gongkai_desktop.ui import jobs
from gongkai_desktop.ui.review.import_dialog import COL_CHECK, COL_MESSAGE, COL_VERDICT, VERDICT_BACKGROUNDS
from gongkai_desktop.unit import catalogs
from tests.ui.test_ui_review_support import (  # noqa: F401 - fixtures
    capture_warnings,
    office_window,
    run_dialog_later,
    submit,
    sync_jobs,
)

LEFT = Qt.MouseButton.LeftButton


def verdicts_shown(dialog) -> dict[str, str]:  # noqa: ANN001
    m = dialog.model
    return {r.path.name: m.index(n, COL_VERDICT).data() for n, r in enumerate(m.rows)}


def row_named(dialog, name: str) -> int:  # noqa: ANN001
    return next(n for n, r in enumerate(dialog.model.rows) if r.path.name == name)


def stranger_package(new_workspace, folder, name: str = "unknown"):  # noqa: ANN001, ANN201
    """清湖街道 never enrolled its key with the office."""
    stranger = new_workspace("stranger")
    identity.choose_unit(stranger, "清湖街道")
    catalogs.start_catalog(stranger, "04")
    return stranger, submit(stranger, folder, name)


def test_dry_run_verdicts_then_threaded_import_of_the_good_file_only(qtbot, county, new_workspace, tmp_path) -> None:
    office, units = county
    inbox = tmp_path / "inbox"
    submit(units["市公安局"], inbox, "good")
    (inbox / "broken.gkpkg").write_bytes(b"PK\x03\x04 not really a package")
    stranger_package(new_workspace, inbox)
    window = office_window(qtbot, office)
    window.review.ctx.chooser.folder_answer = inbox
    window.actions_["review_import"].trigger()
    dialog = window.review.import_dialog
    assert dialog.isVisible()

    qtbot.mouseClick(dialog.add_folder_button, LEFT)  # the real worker thread
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 3 and not dialog.busy, timeout=15000)
    assert verdicts_shown(dialog) == {"good.gkpkg": "新报送", "broken.gkpkg": "拒绝", "unknown.gkpkg": "已隔离：签名密钥未登记"}
    broken = row_named(dialog, "broken.gkpkg")
    assert dialog.model.index(broken, COL_MESSAGE).data()  # the reason is shown
    colours = {name: dialog.model.index(row_named(dialog, name), COL_VERDICT).data(Qt.ItemDataRole.BackgroundRole).color().name()
               for name in ("good.gkpkg", "broken.gkpkg", "unknown.gkpkg")}
    assert colours == {"good.gkpkg": VERDICT_BACKGROUNDS["new"], "broken.gkpkg": VERDICT_BACKGROUNDS["refused"],
                       "unknown.gkpkg": VERDICT_BACKGROUNDS["quarantined"]}
    assert submissions.list_submissions(office) == []  # the dry run wrote nothing
    assert dialog.import_button.text() == "导入 1 个文件包"

    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=15000)
    assert [s.unit_name for s in submissions.list_submissions(office)] == ["市公安局"]
    assert verdicts_shown(dialog)["good.gkpkg"] == "已导入"
    assert "已导入 1 个文件包" in dialog.summary_label.text()
    queue = window.review.queue
    assert queue.model.rowCount() == 1 and queue.model.index(0, 1).data() == "市公安局"
    assert jobs.running() == []


@pytest.mark.usefixtures("sync_jobs")
def test_cancelling_mid_import_keeps_the_imported_packages_whole(qtbot, county, tmp_path, monkeypatch) -> None:
    office, units = county
    inbox = tmp_path / "inbox"
    for name, ws in units.items():
        submit(ws, inbox, name)
    window = office_window(qtbot, office)
    dialog = window.review.show_import([inbox])
    assert set(verdicts_shown(dialog).values()) == {"新报送"}

    original = importing._import_one
    calls: list[int] = []

    def import_one_then_press_cancel(*args):  # noqa: ANN002, ANN202
        ids = original(*args)
        calls.append(1)
        if len(calls) == 1:  # the user presses 取消 on the progress dialog after the first package
            progress = jobs.running()[0].dialog
            next(b for b in progress.findChildren(QPushButton) if b.text() == "取消").click()
        return ids

    monkeypatch.setattr(importing, "_import_one", import_one_then_press_cancel)
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert dialog.summary is not None and dialog.summary.cancelled
    assert "导入已取消" in dialog.summary_label.text()
    imported = submissions.list_submissions(office)
    assert len(imported) == 1 == len(calls)
    sub = imported[0]
    assert len(submissions.submission_items(office, sub.id)) == sub.item_count > 0  # whole, not half
    shown = verdicts_shown(dialog)
    assert sorted(shown.values()) == ["已导入", "新报送", "新报送"]
    assert dialog.import_button.text() == "导入 2 个文件包"  # the rest can be imported later


@pytest.mark.usefixtures("sync_jobs")
def test_quarantined_file_enrol_key_confirm_and_recheck(qtbot, county, new_workspace, tmp_path) -> None:
    office, _ = county
    stranger, path = stranger_package(new_workspace, tmp_path / "in")
    window = office_window(qtbot, office)
    dialog = window.review.show_import([path])
    assert verdicts_shown(dialog) == {"unknown.gkpkg": "已隔离：签名密钥未登记"}
    dialog.table.selectRow(0)
    assert dialog.enrol_button.isEnabled()
    digits = keys.own_key_info(stranger).digits
    seen: list[str] = []

    def read_back(enrol) -> None:  # noqa: ANN001
        seen.append(enrol.digits_label.text())
        enrol.digits_edit.setFocus()
        qtbot.keyClicks(enrol.digits_edit, digits)
        qtbot.mouseClick(enrol.ok_button, LEFT)

    run_dialog_later(read_back)
    qtbot.mouseClick(dialog.enrol_button, LEFT)
    assert seen == [digits]  # the digits to compare over the phone were shown
    assert [(k.unit_name, k.status) for k in keys.list_keys(office) if k.unit_name == "清湖街道"] == [("清湖街道", "active")]
    assert verdicts_shown(dialog) == {"unknown.gkpkg": "新报送"}
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert [s.unit_name for s in submissions.list_submissions(office)] == ["清湖街道"]


@pytest.mark.usefixtures("sync_jobs")
def test_wrong_digits_enrol_nothing(qtbot, county, new_workspace, tmp_path, monkeypatch) -> None:
    office, _ = county
    warnings_shown = capture_warnings(monkeypatch)
    _, path = stranger_package(new_workspace, tmp_path / "in")
    window = office_window(qtbot, office)
    dialog = window.review.show_import([path])
    dialog.table.selectRow(0)

    def wrong(enrol) -> None:  # noqa: ANN001
        qtbot.keyClicks(enrol.digits_edit, "12345 67890")
        qtbot.mouseClick(enrol.ok_button, LEFT)
        assert enrol.isVisible()
        enrol.reject()

    run_dialog_later(wrong)
    qtbot.mouseClick(dialog.enrol_button, LEFT)
    assert warnings_shown and "不一致" in warnings_shown[0]
    assert all(k.unit_name != "清湖街道" for k in keys.list_keys(office))
    assert verdicts_shown(dialog) == {"unknown.gkpkg": "已隔离：签名密钥未登记"}


@pytest.mark.usefixtures("sync_jobs")
def test_stale_file_needs_its_row_ticked(qtbot, county, tmp_path) -> None:
    office, units = county
    ws = units["虎山街道"]
    old = submit(ws, tmp_path / "a", "old")
    cat = catalogs.find_catalog(ws, "04")
    catalogs.start_revision(ws, cat.id)
    catalogs.edit_item(ws, catalogs.load_items(ws, cat.id)[0].id, {"remarks": "第二版"})
    importing.import_files(office, [submit(ws, tmp_path / "b", "new")])
    window = office_window(qtbot, office)
    dialog = window.review.show_import([old])
    assert verdicts_shown(dialog) == {"old.gkpkg": "比已导入的旧（需确认）"}
    assert not dialog.import_button.isEnabled()
    check = dialog.model.index(0, COL_CHECK)
    assert check.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert dialog.model.setData(check, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.import_button.text() == "导入 1 个文件包"
    before = len(submissions.history(office, units["虎山街道"].unit_code, "04"))
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert len(submissions.history(office, units["虎山街道"].unit_code, "04")) == before + 1


@pytest.mark.usefixtures("sync_jobs")
def test_dropping_files_on_the_window_opens_the_import(qtbot, county, tmp_path) -> None:
    office, units = county
    path = submit(units["双塔街道"], tmp_path / "drop", "x")
    window = office_window(qtbot, office)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    dialog = window.review.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert verdicts_shown(dialog) == {"x.gkpkg": "新报送"}
