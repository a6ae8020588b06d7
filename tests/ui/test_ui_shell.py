"""The window's shell (issues 16 and 12): role chosen first, menus by role, 帮助 (manual, F1, shortcuts,
关于), 最近的工作区, and packages dropped on the unit's window."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QMessageBox

from gongkai_desktop import __version__, identity, logfile, reference
from gongkai_desktop.office import importing, submissions
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.ui import jobs
from gongkai_desktop.ui.app import open_window
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.ui.manual import MANUAL_DIR, chapters
from gongkai_desktop.ui.role_dialog import RoleDialog
from gongkai_desktop.ui.shortcuts_dialog import clean
from gongkai_desktop.ui.unit_dialog import UnitDialog
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import Workspace
from tests.conftest import copy_workspace
from tests.ui.test_ui_unit_review import returned_result
from tests.ui.test_ui_window import run_dialog_later, show, type_chinese

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "catalogs"
# What only one role does: never in the other role's menus, not even disabled.
UNIT_ONLY = ["新增事项…", "删除事项", "标记不适用…", "上移", "下移", "从国家标准指引开始编制本领域", "本单位…",
             "本单位密钥…", "提交报送…", "导出 Excel…", "导出 Word…", "导出一周一进度（Word）…",
             "导入目录（Excel / Word）…", "导入审核结果…", "导入市府办下发文件…"]
OFFICE_ONLY = ["导入报送文件包…", "审核队列", "进度看板", "全县汇总", "关闭当前报送", "导出全县汇总目录（Excel）…",
               "发布到网站…", "各轮截止日期…", "单位密钥登记册…", "本机（审核端）密钥…", "审核端说明"]
SHARED = ["撤销", "重做", "查找", "数据目录…", "退出", "备份与恢复…", "字号放大", "使用手册", "键盘快捷键", "关于"]


def menu_tree(window: QMainWindow) -> dict[tuple[str, ...], QAction]:
    """Every command in the menu bar by its path: (文件, 导出, 导出 Excel…) → action."""
    out: dict[tuple[str, ...], QAction] = {}

    def walk(menu: QMenu, path: tuple[str, ...]) -> None:
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                out[(*path, clean(action.menu().title()))] = action
                walk(action.menu(), (*path, clean(action.menu().title())))
            elif not action.isSeparator():
                out[(*path, re.sub(r"\s+", " ", clean(action.text())))] = action

    for top in window.menuBar().actions():
        walk(top.menu(), (clean(top.menu().title()),))
    return out


def command_texts(window: QMainWindow) -> set[str]:
    return {path[-1] for path in menu_tree(window)}


@pytest.fixture
def unit_ws(new_workspace) -> Workspace:
    w = new_workspace("police")
    identity.choose_unit(w, "市公安局")
    return w


def office_window(qtbot, office: Workspace) -> MainWindow:
    window = show(qtbot, office)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


# The first start --------------------------------------------------------------------------------
def test_first_start_asks_the_role_first_then_the_unit(qtbot, tmp_path, base_workspace) -> None:
    data = copy_workspace(base_workspace, tmp_path / "first")
    seen: list[str] = []

    def role_dialog(dialog: QDialog) -> None:
        assert isinstance(dialog, RoleDialog)
        assert dialog.unit_button.text() == "本单位填报（部门 / 乡镇）"
        assert dialog.office_button.text() == "市府办审核（政务公开办）"
        for target in (dialog, dialog.unit_button, dialog.office_button):  # Enter chooses nothing: no default role
            target.setFocus()
            qtbot.keyClick(target, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.chosen() is None
        seen.append("role")
        qtbot.mouseClick(dialog.unit_button, Qt.MouseButton.LeftButton)
        run_dialog_later(qtbot, unit_list_cancelled if len(seen) == 1 else unit_list)

    def unit_list_cancelled(dialog: QDialog) -> None:
        assert isinstance(dialog, UnitDialog)
        assert "__review_office__" not in dialog.visible_codes()  # the office is not a line among units
        seen.append("units cancelled")
        run_dialog_later(qtbot, role_dialog)  # cancelling the unit list goes back to the role
        dialog.reject()

    def unit_list(dialog: QDialog) -> None:
        type_chinese(dialog.search, "双塔")
        seen.append("units")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    run_dialog_later(qtbot, role_dialog)
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert seen == ["role", "units cancelled", "role", "units"]
    assert window.ws.role == "unit" and reference.find_unit(window.ws, window.ws.unit_code).name == "双塔街道"
    window.ws.close()


def test_first_start_office_button_makes_the_review_office(qtbot, tmp_path, base_workspace) -> None:
    data = copy_workspace(base_workspace, tmp_path / "office")
    def office(dialog: QDialog) -> None:
        run_dialog_later(qtbot, lambda dates: dates.reject())  # the round dates come next (test_ui_round_dates)
        qtbot.mouseClick(dialog.office_button, Qt.MouseButton.LeftButton)

    run_dialog_later(qtbot, office)
    window = open_window(str(data))
    assert window is not None
    qtbot.addWidget(window)
    assert window.ws.role == "review_office" and "审核" in window.menus
    window.ws.close()


# Menus by role -------------------------------------------------------------------------------------
def test_each_role_menus_hold_only_its_own_actions(qtbot, unit_ws, office_ws) -> None:
    unit = command_texts(show(qtbot, unit_ws))
    office = command_texts(show(qtbot, office_ws))
    assert not set(UNIT_ONLY) & office, "the review office's menus list unit actions"
    assert not set(OFFICE_ONLY) & unit, "the unit's menus list review-office actions"
    assert set(UNIT_ONLY) <= unit and set(OFFICE_ONLY) <= office
    assert set(SHARED) <= unit and set(SHARED) <= office  # one shell: the same 文件 编辑 视图 设置 帮助
    for window_texts in (unit, office):
        assert "使用手册" in window_texts


def test_opening_a_workspace_of_the_other_role_opens_its_own_window(qtbot, unit_ws, office_ws) -> None:
    window = show(qtbot, unit_ws)
    office_dir = office_ws.data_dir
    office_ws.close()
    assert window.switch_data_dir(office_dir)
    new = window.replaced_by
    qtbot.addWidget(new)
    assert new is not window and not window.isVisible() and new.isVisible()
    texts = command_texts(new)
    assert "导入报送文件包…" in texts and "新增事项…" not in texts
    new.close()
    new.ws.close()


# 帮助 ------------------------------------------------------------------------------------------------
def press_f1(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(widget, Qt.Key.Key_F1)


def test_f1_opens_the_manual_at_the_panel_in_use(qtbot, unit_ws) -> None:
    catalogs.start_catalog(unit_ws, "04")
    window = show(qtbot, unit_ws)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.area_panel.select_area("04")
    window.table.select_item(window.doc.items[0].id)
    for widget, topic, heading in ((window.form.texts["time_limit"], "item_form", "事项表单"),
                                   (window.table, "items", "事项表格与查找"),
                                   (window.problems.view, "problems", "问题面板"),
                                   (window.area_panel, "areas", "领域列表")):
        press_f1(qtbot, widget)
        manual = window.manual_window
        assert manual.isVisible() and manual.current_topic() == topic
        assert manual.browser.toPlainText().startswith(heading)
    window.actions_["manual"].trigger()  # 帮助 → 使用手册: the same window
    assert window.manual_window is manual


def test_f1_in_the_review_office_opens_the_queue_or_submission_chapter(qtbot, county, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)
    office, units = county
    sent = export_submission(units["市公安局"], ["04"], tmp_path / "s.gkpkg").path
    importing.import_verdicts(office, importing.dry_run(office, [sent]))
    window = office_window(qtbot, office)
    press_f1(qtbot, window.review.queue.table)
    assert window.manual_window.current_topic() == "review_queue"
    view = window.review.open_submission(submissions.list_submissions(office)[0].id)
    press_f1(qtbot, view.table)
    assert window.manual_window.current_topic() == "submission"
    assert "审核一份报送" in window.manual_window.browser.toPlainText()


def test_every_menu_command_the_manual_names_exists(qtbot, unit_ws, office_ws) -> None:
    """『文件 → 导入审核结果…』 in the manual must be a command of that role's window, spelled the same."""
    trees = {"unit": set(menu_tree(show(qtbot, unit_ws))), "office": set(menu_tree(show(qtbot, office_ws)))}
    trees["both"] = trees["unit"] | trees["office"]
    named = 0
    for chapter in chapters():
        for path in chapter.menu_paths():
            named += 1
            assert tuple(path) in trees[chapter.role], f"{chapter.topic}: 『{' → '.join(path)}』 is not in the menus"
    assert named >= 30
    topics = {c.topic for c in chapters()}
    assert {"unit_day", "office_day", "packages_keys", "messages", "areas", "items", "item_form", "problems",
            "review_queue", "submission"} <= topics


def test_the_messages_the_manual_explains_are_real_error_codes() -> None:
    text = (MANUAL_DIR / "12_messages.md").read_text(encoding="utf-8")
    codes = re.findall(r"（`([a-z_]+)`）", text)
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "gongkai_desktop").rglob("*.py"))
    assert len(codes) >= 15
    for code in codes:
        assert f'"{code}"' in source, f"the manual explains {code}, which no operation raises"


def test_the_manual_ships_with_the_package() -> None:
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "gongkai_desktop._resources.manual" in cfg["packages"]
    assert cfg["package-data"]["gongkai_desktop._resources.manual"] == ["*.md"]
    assert all(c.text.lstrip().startswith("<!-- role:") for c in chapters())


def test_about_shows_version_templates_data_folder_and_log(qtbot, unit_ws) -> None:
    logfile.configure(unit_ws.data_dir)
    window = show(qtbot, unit_ws)
    window.actions_["about"].trigger()
    dialog = window.about_dialog
    assert dialog.isVisible()
    text = dialog.summary.text()
    assert f"版本 {__version__}" in text and "本工作区：市公安局" in text
    assert f"数据目录：{Path(unit_ws.data_dir).absolute()}" in text
    assert f"日志文件：{Path(unit_ws.data_dir).absolute() / 'logs' / 'gongkai.log'}" in text
    versions = dialog.templates.toPlainText().splitlines()
    assert len(versions) == len(reference.list_areas(unit_ws))
    area, version, _l1, count = next(row for row in reference.template_summary(unit_ws) if row[1])
    assert f"{area.code} {area.name}：{version} 版，{count} 个事项" in versions


def test_shortcuts_list_every_shortcut_of_the_window(qtbot, unit_ws, office_ws) -> None:
    for ws in (unit_ws, office_ws):
        window = show(qtbot, ws)
        window.actions_["shortcuts"].trigger()
        rows = window.shortcuts_dialog.rows()
        expected = {(k.toString(QKeySequence.SequenceFormat.NativeText), clean(a.text()))
                    for a in window.findChildren(QAction) if a.isVisible() for k in a.shortcuts() if not k.isEmpty()}
        listed = {(key, command) for keys, command, _where in rows for key in keys.split("，")}
        assert listed == expected
        keys = [key for key, _ in listed]
        assert sorted({k for k in keys if keys.count(k) > 1}) == []  # no key is claimed by two commands
        where = {command: menu for _k, command, menu in rows}
        assert where["使用手册"] == "帮助" and where["撤销"] == "编辑"
        if ws is unit_ws:
            assert where["导出 Excel…"] == "文件 → 导出" and where["新增事项…"] == "编辑"
        else:
            assert where["审核队列"] == "审核" and "新增事项…" not in where


def test_recent_workspaces_lists_the_two_opened_and_switches(qtbot, unit_ws, new_workspace) -> None:
    other = new_workspace("fgw")
    identity.choose_unit(other, "市发改局")
    other_dir = other.data_dir
    other.close()
    window = show(qtbot, unit_ws)
    assert window.switch_data_dir(other_dir)
    entries = window.recent_menu.entries()
    assert [Path(p) for p in entries[:2]] == [Path(other_dir).resolve(), Path(unit_ws.data_dir).resolve()]
    labels = [a.text() for a in window.recent_menu.actions()]
    assert "市发改局" in labels[0] and "（当前）" in labels[0] and "市公安局" in labels[1]
    window.recent_menu.actions()[1].trigger()  # back to the first workspace
    assert window.ws.unit_code == unit_ws.unit_code and "市公安局" in window.windowTitle()
    assert [Path(p) for p in window.recent_menu.entries()[:2]] == [Path(unit_ws.data_dir).resolve(),
                                                                   Path(other_dir).resolve()]
    window.ws.close()


def test_a_recent_workspace_that_is_gone_is_explained_and_removed(qtbot, unit_ws, new_workspace, errors) -> None:
    gone = new_workspace("gone")
    identity.choose_unit(gone, "市发改局")
    gone_dir = gone.data_dir
    window = show(qtbot, gone)
    assert window.switch_data_dir(unit_ws.data_dir)
    gone.close()
    shutil.rmtree(gone_dir)
    assert not window.recent_menu.open(Path(gone_dir))
    assert errors and "已不存在" in errors[-1]
    assert str(Path(gone_dir).resolve()) not in window.recent_menu.entries()
    window.ws.close()


# Drops on the unit's window ------------------------------------------------------------------------
def drop(window: MainWindow, paths: list[Path]) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return enter.isAccepted() and event.isAccepted()


def test_dropping_a_review_result_imports_it_like_the_menu(qtbot, county, tmp_path) -> None:
    _office, units = county
    police = units["市公安局"]
    path, item_id, _comment = returned_result(county, tmp_path)
    window = show(qtbot, police)
    assert drop(window, [path])
    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and "审核结论：退回修改（第一轮梳理）" in box.text()
    assert window.area_panel.area_text("04")[1] == "退回修改"
    assert window.unit_actions.panel.count() >= 1
    assert item_id in {c.item_id for c in window.unit_actions.comments}


def test_a_dropped_package_is_refused_with_the_menu_imports_message(qtbot, county, tmp_path, errors) -> None:
    _office, units = county
    police = units["市公安局"]
    path, _item, _comment = returned_result(county, tmp_path)
    window = show(qtbot, police)
    assert drop(window, [path])
    window.unit_actions.last_dialog.close()
    assert drop(window, [path])  # the same file again: refused as the menu refuses it
    assert errors and "已于" in errors[-1] and "不再重复导入" in errors[-1]
    damaged = tmp_path / "damaged.gkpkg"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    assert drop(window, [damaged])
    from gongkai_desktop.errors import DomainError
    from gongkai_desktop.unit import results

    with pytest.raises(DomainError) as menu:
        results.import_result(police, damaged)
    assert errors[-1] == menu.value.message


def test_dropping_a_distribution_imports_it(qtbot, county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    dist = export_distribution(office, tmp_path / "dist2.gkpkg")
    window = show(qtbot, police)
    assert drop(window, [dist.path])
    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and "下发的第 " in box.text() and "单位名册" in box.text()


def test_dropping_an_excel_file_or_a_submission_says_what_it_is(qtbot, county, tmp_path) -> None:
    _office, units = county
    police = units["市公安局"]
    window = show(qtbot, police)
    renamed = tmp_path / "报送.gkpkg"  # an Excel table with a package's name
    shutil.copy(CORPUS / "社会保险_一格多值.xlsx", renamed)
    assert drop(window, [renamed])
    text = window.unit_actions.last_dialog.text()
    assert "不是文件包，而是Excel 表格" in text and "导入目录（Excel / Word）" in text
    assert "Content_Types" not in text
    sent = export_submission(units["双塔街道"], ["04"], tmp_path / "双塔.gkpkg").path
    assert drop(window, [sent])
    text = window.unit_actions.last_dialog.text()
    assert "双塔街道的报送文件包" in text and "由市府办在审核端导入" in text
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert drop(window, [pdf])
    assert "“通知.pdf”是PDF 文件，本软件不能导入" in window.unit_actions.last_dialog.text()


def test_the_office_reads_its_own_key_from_settings(qtbot, office_ws) -> None:
    from gongkai_desktop import keys
    from gongkai_desktop.ui.key_dialog import KeyDialog

    window = show(qtbot, office_ws)
    assert window.menu("设置").actions()[0].text() == "本机（审核端）密钥…"
    window.actions_["own_key"].trigger()
    dialog = next(d for d in window.findChildren(KeyDialog) if d.isVisible())
    assert dialog.shown_digits() == keys.own_key_info(office_ws, keys.OFFICE_OWNER).digits
