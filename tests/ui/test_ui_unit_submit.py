"""提交报送 in the real window: the dialog, the warning about problems, the package, the result."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop import keys
from gongkai_desktop.package.verify import verify_package
from gongkai_desktop.ui import export_dialog, jobs
from gongkai_desktop.ui.submit_dialog import SubmitDialog, SubmitResultDialog
from gongkai_desktop.unit import catalogs
from tests.ui.test_ui_window import show


@pytest.fixture(autouse=True)
def quiet(monkeypatch) -> list:
    """Jobs run at once; nothing is really opened; refusals are collected instead of shown."""
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)
    opened: list = []
    monkeypatch.setattr(export_dialog, "OPENER", opened.append)
    return opened


def test_submit_with_problems_warns_then_exports_a_package_the_office_accepts(qtbot, county, tmp_path, quiet) -> None:
    office, units = county
    police = units["市公安局"]
    cat = catalogs.find_catalog(police, "04")
    catalogs.add_item(police, cat.id, "sanding", "户口迁移", "新的事项")  # names only: the other elements are missing
    problems = catalogs.catalog_info(police, cat.id).problem_count
    assert problems > 0
    import docx

    report = tmp_path / "试点工作总体报告.docx"
    document = docx.Document()
    document.add_paragraph("试点工作总体报告")
    document.save(report)  # a real Word file: the package checks an attachment is what its type says
    window = show(qtbot, police)
    window.actions_["submit"].trigger()
    dialog = window.unit_actions.last_dialog
    assert isinstance(dialog, SubmitDialog) and dialog.isVisible()

    # what goes in, and the loud warning
    assert dialog.area_codes() == ["04"]
    assert dialog.checklist.item(0).text().startswith("04 户籍管理")
    assert f"⚠ {problems} 个问题" in dialog.summary.text()
    assert dialog.warning.isVisible() and f"仍有 {problems} 个问题未解决" in dialog.warning_text.text()
    assert not dialog.ok_button.isEnabled()  # not before the user says they know

    dialog.folder.set_path(tmp_path / "out")
    dialog.add_attachment(report)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.confirm.height() // 2))
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    result_dialog = window.unit_actions.last_dialog
    assert isinstance(result_dialog, SubmitResultDialog)
    path = result_dialog.result.path
    assert path.exists() and path.parent == tmp_path / "out" and path.suffix == ".gkpkg"
    assert "市公安局" in path.name and "第1号" in path.name
    assert str(path) == result_dialog.path_label.text()
    digits = keys.own_key_info(police).digits
    assert " ".join(result_dialog.digits.text().split()) == digits

    # the office's workspace, with the unit's key enrolled, accepts the package
    pkg = verify_package(office, path, kind="submission")
    assert pkg.manifest["unit"]["code"] == police.unit_code
    assert [a["code"] for a in pkg.manifest["areas"]] == ["04"]
    assert pkg.manifest["problem_count"] == problems
    assert [name for name, _ in pkg.attachments.values()] == ["试点工作总体报告.docx"]

    # the catalog is submitted, and the area tree says so
    assert catalogs.find_catalog(police, "04").status == "submitted"
    assert window.area_panel.area_text("04")[1] == "已提交"

    qtbot.mouseClick(result_dialog.folder_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in quiet] == [str(tmp_path / "out")]


def test_submit_without_problems_has_no_warning_and_the_second_package_counts_up(qtbot, county, tmp_path) -> None:
    _office, units = county
    police = units["市公安局"]
    window = show(qtbot, police)
    sequences = []
    for _ in range(2):
        window.actions_["submit"].trigger()
        dialog = window.unit_actions.last_dialog
        assert not dialog.warning.isVisible()
        if not dialog.area_codes():  # already submitted: the current area is preselected
            dialog.checklist.set_checked(["04"])
        assert dialog.area_codes() == ["04"]
        dialog.folder.set_path(tmp_path / "sent")
        assert dialog.ok_button.isEnabled()
        dialog.accept()
        sequences.append(window.unit_actions.last_dialog.result.sequence)
        window.unit_actions.last_dialog.close()
    assert sequences == [1, 2]
    names = sorted(p.name for p in (tmp_path / "sent").glob("*.gkpkg"))
    assert len(names) == 2 and names[0].endswith("第1号.gkpkg") and names[1].endswith("第2号.gkpkg")


def test_submit_refusal_is_shown_and_changes_nothing(qtbot, county, tmp_path, monkeypatch) -> None:
    _office, units = county
    police = units["市公安局"]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    window = show(qtbot, police)
    window.actions_["submit"].trigger()
    dialog = window.unit_actions.last_dialog
    bad = tmp_path / "notes.txt"
    bad.write_text("x")
    dialog.add_attachment(bad)
    dialog.folder.set_path(tmp_path / "out")
    dialog.accept()
    assert shown and "附件“notes.txt”的类型不受支持" in shown[0]
    assert catalogs.find_catalog(police, "04").status == "draft"
    assert window.area_panel.area_text("04")[1] == "编制中"
    assert not list((tmp_path / "out").glob("*.gkpkg"))
