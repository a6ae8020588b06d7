"""First start offers 市级审核; choosing it opens the review window as the prefecture's, whose queue
holds its counties' submissions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from gongkai_desktop import levels, reference
from gongkai_desktop.office import importing
from gongkai_desktop.office.forward import forward
from gongkai_desktop.ui.app import open_window
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.ui.prefecture_choice import PrefectureDialog
from gongkai_desktop.ui.role_dialog import RoleDialog
from gongkai_desktop.workspace import ROLE_REVIEW
from tests.conftest import copy_workspace
from tests.prefecture_helpers import AREA, build_county, build_prefecture
from tests.ui.test_ui_window import run_dialog_later, type_chinese


def test_first_start_offers_the_prefecture_beside_unit_and_county_office(qtbot, tmp_path, base_workspace) -> None:
    """The role dialog's third button; the prefecture is then picked by typing; 返回 goes back to the roles."""
    data = copy_workspace(base_workspace, tmp_path / "quzhou")
    seen: list[str] = []

    def roles(dialog: QDialog) -> None:
        assert isinstance(dialog, RoleDialog)
        assert dialog.prefecture_button.text() == "市级审核（设区市政务公开办）"
        seen.append("roles")
        run_dialog_later(qtbot, go_back if len(seen) == 1 else pick)
        qtbot.mouseClick(dialog.prefecture_button, Qt.MouseButton.LeftButton)

    def go_back(dialog: QDialog) -> None:
        assert isinstance(dialog, PrefectureDialog)
        assert {"330800", "330300", "330000"} <= set(dialog.visible_codes()) and dialog.chosen() is None
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()  # nothing chosen for you
        seen.append("back")
        run_dialog_later(qtbot, roles)
        dialog.reject()

    def pick(dialog: QDialog) -> None:
        type_chinese(dialog.search, "衢州")
        assert dialog.visible_codes() == ["330800"] and dialog.chosen() == "330800"
        seen.append("衢州市")
        run_dialog_later(qtbot, lambda d: d.reject())  # the round dates: later
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    run_dialog_later(qtbot, roles)
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert seen == ["roles", "back", "roles", "衢州市"]
    ws = window.ws
    assert ws.role == ROLE_REVIEW and levels.level(ws) == "prefecture"
    assert [u.name for u in reference.list_units(ws)] == ["柯城区", "衢江区", "常山县", "开化县", "龙游县", "江山市"]
    assert "衢州市" in window.windowTitle() and window.review is not None
    ws.close()


def test_the_prefecture_window_lists_its_counties_submissions(qtbot, new_workspace, tmp_path) -> None:
    county = build_county(new_workspace, tmp_path, "江山市")
    pref = build_prefecture(new_workspace, {"江山市": county})
    importing.import_files(pref, [forward(county["office"], [AREA], tmp_path / "js.gkpkg").path])
    window = MainWindow(pref)
    qtbot.addWidget(window)
    window.show()
    window.review.reload()
    subs = [window.review.queue.model.submission(r) for r in range(window.review.queue.model.rowCount())]
    assert [(s.unit_name, s.area_code) for s in subs] == [("江山市", AREA)]
