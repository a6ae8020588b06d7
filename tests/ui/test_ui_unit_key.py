"""设置 → 本单位密钥: the digits to read aloud, the enrolment file, rotation, and a protected key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from gongkai_desktop import keys
from gongkai_desktop.ui import export_dialog
from gongkai_desktop.ui.key_dialog import EnrolmentDialog, KeyDialog
from gongkai_desktop.unit.submit import export_submission
from tests.ui.test_ui_window import show, type_chinese


@pytest.fixture(autouse=True)
def no_opening(monkeypatch) -> None:
    monkeypatch.setattr(export_dialog, "OPENER", lambda _url: True)


def open_key_dialog(window) -> KeyDialog:
    window.actions_["own_key"].trigger()
    dialog = window.unit_actions.last_dialog
    assert isinstance(dialog, KeyDialog) and dialog.isVisible()
    return dialog


def test_key_dialog_shows_the_digits_of_the_own_key(qtbot, ws) -> None:
    window = show(qtbot, ws)
    assert window.menu("设置").actions()[0].text() == "本单位密钥…"
    dialog = open_key_dialog(window)
    info = keys.own_key_info(ws)  # created on first use
    assert info is not None
    assert dialog.shown_digits() == info.digits
    assert len(dialog.digits.text().splitlines()) == 2  # two lines of four groups, easy to read out
    assert dialog.digits.font().pointSize() >= 16
    assert dialog.algorithm.text() == "Ed25519" and dialog.protected.text() == "否"
    assert dialog.close_button.isDefault()


def test_export_enrolment_file_that_the_office_can_enrol(qtbot, ws, office_ws, tmp_path) -> None:
    window = show(qtbot, ws)
    dialog = open_key_dialog(window)
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    enrol = dialog.findChild(EnrolmentDialog)
    assert enrol is not None and enrol.isVisible()
    assert enrol.path.path().name == "市公安局_密钥登记.json"
    type_chinese(enrol.contact, "张三")
    enrol.phone.setText("0570-1234567")
    enrol.path.set_path(tmp_path / "登记.json")
    qtbot.mouseClick(enrol.ok_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "登记.json").exists()
    result = keys.import_enrolment(office_ws, tmp_path / "登记.json")
    assert result.key.unit_name == "市公安局" and result.key.digits == dialog.shown_digits()
    assert result.key.contact == {"name": "张三", "phone": "0570-1234567"}


def test_rotate_asks_first_then_shows_the_new_digits(qtbot, ws, monkeypatch) -> None:
    window = show(qtbot, ws)
    dialog = open_key_dialog(window)
    old = dialog.shown_digits()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    assert dialog.rotate() is False
    assert keys.own_key_info(ws).digits == old  # "No" changes nothing
    qtbot.mouseClick(dialog.rotate_button, Qt.MouseButton.LeftButton)
    new = keys.own_key_info(ws).digits
    assert new != old and dialog.shown_digits() == new and new in told[0]


def test_a_protected_key_asks_for_its_passphrase_when_submitting(qtbot, ws, tmp_path, monkeypatch) -> None:
    from gongkai_desktop.unit import catalogs

    keys.create_own_key(ws, passphrase="口令123")
    catalogs.start_catalog(ws, "04")
    window = show(qtbot, ws)
    answers = iter([("错的", True), ("口令123", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    window.actions_["submit"].trigger()
    dialog = window.unit_actions.last_dialog
    dialog.folder.set_path(tmp_path)
    dialog.accept()
    result = window.unit_actions.last_dialog.result
    assert result.path.exists() and result.sequence == 1
    assert catalogs.find_catalog(ws, "04").status == "submitted"
    # the key dialog says it is protected
    assert open_key_dialog(window).protected.text() == "是"
    with pytest.raises(Exception, match="口令"):
        export_submission(ws, ["04"], tmp_path / "no-passphrase.gkpkg")
