"""First start offers 市级审核; choosing it opens the review window as the prefecture's, whose queue
holds its counties' submissions."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from gongkai_desktop import reference
from gongkai_desktop.office import importing
from gongkai_desktop.office.forward import forward
from gongkai_desktop.ui import identity_flow
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.ui.prefecture_choice import PREFECTURE, add_prefecture_choices
from gongkai_desktop.ui.unit_dialog import REVIEW_OFFICE, UnitDialog
from gongkai_desktop.workspace import ROLE_REVIEW
from tests.prefecture_helpers import AREA, build_county, build_prefecture
from tests.ui.test_ui_window import type_chinese


def test_first_start_offers_the_prefecture_beside_unit_and_county_office(qtbot, new_workspace) -> None:
    ws = new_workspace("fresh")
    dialog = UnitDialog(reference.list_units(ws), reference.list_areas(ws), allow_review_office=True)
    add_prefecture_choices(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    codes = dialog.visible_codes()
    assert REVIEW_OFFICE in codes and PREFECTURE + "330800" in codes and dialog.chosen() is None
    type_chinese(dialog.search, "衢州")
    assert dialog.chosen() == PREFECTURE + "330800"


def test_choosing_the_prefecture_opens_its_review_window(qtbot, new_workspace, tmp_path, monkeypatch) -> None:
    ws = new_workspace("quzhou")

    def pick(self) -> int:  # the clerk types 衢州 and presses Enter
        type_chinese(self.search, "衢州市市级审核")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnitDialog, "exec", pick)
    assert identity_flow.choose_identity(ws)
    assert ws.role == ROLE_REVIEW and [u.name for u in reference.list_units(ws)][-1] == "江山市"
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    assert "衢州市" in window.windowTitle() and window.review is not None


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
