"""Finding across areas (and submissions), the locked catalog's 开始修订, another unit's area, the template's source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop import reference
from gongkai_desktop.models import Catalog
from gongkai_desktop.office import importing
from gongkai_desktop.ui.template_compare import TemplateCompareDialog
from gongkai_desktop.unit import catalogs
from tests.ui.test_ui_many_items import drive_dialog
from tests.ui.test_ui_review_support import office_window, submit, type_chinese
from tests.ui.test_ui_window_1366 import laptop_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_filter_says_other_areas_match_and_search_opens_the_item_there(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    window.area_panel.select_area("06")  # 养老服务 open; 低保 is in 社会救助
    assert window.doc.area.code == "06"
    type_chinese(window.search, "低保")
    assert window.model.rowCount() == 0
    qtbot.waitUntil(lambda: window.other_areas.isVisible())
    expected = sum(1 for i in catalogs.load_items(mz, catalogs.find_catalog(mz, "05").id)
                   if any("低保" in (getattr(i, f) or "") for f in ("level1", "level2", "content", "basis", "remarks")))
    assert expected > 0
    assert window.other_areas.text().startswith(f"本领域 0 条；社会救助 {expected} 条")

    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window.table, Qt.Key.Key_F, CTRL_SHIFT)
    panel = window.search_all
    assert panel.isVisible() and panel.box.text() == "低保"
    assert panel.model.rowCount() == expected
    first = panel.model.rows[0]
    assert panel.model.index(0, 0).data() == "05 社会救助" and panel.model.index(0, 1).data() == str(first.number)
    assert "低保" in panel.model.index(0, 3).data()
    panel.activate_row(0)
    assert window.doc.area.code == "05"
    assert window.table.current_item_id() == first.item.id
    assert window.form.item.id == first.item.id


def test_office_searches_all_submissions_and_opens_the_item(qtbot, county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [submit(units["市公安局"], tmp_path / "a", "a"),
                                    submit(units["双塔街道"], tmp_path / "b", "b")])
    window = office_window(qtbot, office)
    window.actions_["search_all"].trigger()
    panel = window.search_all
    assert window.search_dock.isVisible()
    hits = panel.search("出生")
    owners = {h.owner_name for h in hits}
    assert owners == {"市公安局", "双塔街道"}
    row = next(n for n, h in enumerate(panel.model.rows) if h.owner_name == "双塔街道")
    panel.activate_row(row)
    view = window.review.currentWidget()
    assert view.title == "双塔街道 · 户籍管理"
    assert view.current_item().id == panel.model.rows[row].item.id


def lock(ws, area: str, status: str) -> int:  # noqa: ANN001
    """The catalog as a review result leaves it (a test shortcut for export + approval + import)."""
    cat = catalogs.find_catalog(ws, area)
    with ws.session() as s:
        s.get(Catalog, cat.id).status = status
    return cat.id


def test_approved_catalog_is_locked_until_start_revision_and_undo_locks_it_again(qtbot, mz, errors) -> None:
    lock(mz, "05", "approved")
    window = laptop_window(qtbot, mz)
    window.area_panel.select_area("05")
    assert window.banner.isVisible() and window.revise_button.isVisible()
    assert window.banner_text.text() == ("本目录已通过审核（v1），处于锁定状态。如需修改，请点击『开始修订』：将生成新版本 v2，"
                                         "修改后需重新提交审核。")
    item = window.doc.items[0]
    window.table.select_item(item.id)
    assert not window.form.body.isEnabled() and not window.actions_["new_item"].isEnabled()
    window.run(lambda: catalogs.edit_item(mz, item.id, {"publisher": "江山市民政局"}))  # a direct attempt
    assert errors and "开始修订" in errors[0]
    info = catalogs.find_catalog(mz, "05")
    assert (info.status, info.version) == ("approved", 1)  # no silent 编制中 v2

    qtbot.mouseClick(window.revise_button, Qt.MouseButton.LeftButton)
    info = catalogs.find_catalog(mz, "05")
    assert (info.status, info.version) == ("draft", 2)
    assert not window.banner.isVisible() and window.form.body.isEnabled()
    assert window.area_panel.area_text("05")[1] == "编制中"
    assert window.actions_["undo"].text() == "撤销 开始修订"

    window.actions_["undo"].trigger()
    info = catalogs.find_catalog(mz, "05")
    assert (info.status, info.version) == ("approved", 1)
    assert window.banner.isVisible() and not window.form.body.isEnabled()
    assert window.area_panel.area_text("05")[1] == "已通过"


def test_submitted_catalog_banner_says_it_waits_for_review(qtbot, mz) -> None:
    lock(mz, "06", "submitted")
    window = laptop_window(qtbot, mz)
    window.area_panel.select_area("06")
    assert window.banner_text.text().startswith("本目录已提交审核（v1），处于锁定状态，等待市府办审核。")
    assert "v2" in window.banner_text.text()


def test_another_units_area_asks_first_and_cancel_starts_nothing(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    window.area_panel.select_area("04")  # 户籍管理: 市公安局's
    shown: list[str] = []

    def cancel(box: QMessageBox) -> None:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text() == "取消").click()

    drive_dialog(cancel)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert "不是“户籍管理”领域的责任单位" in shown[0] and "市公安局" in shown[0]
    assert catalogs.find_catalog(mz, "04") is None and window.doc.catalog is None

    drive_dialog(lambda box: next(b for b in box.buttons() if b.text() == "仍要开始编制").click())
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert catalogs.find_catalog(mz, "04") is not None and window.doc.catalog is not None


def test_own_area_starts_without_asking(qtbot, new_workspace) -> None:
    from gongkai_desktop import identity

    ws = new_workspace("mz2")
    identity.choose_unit(ws, "市民政局")
    window = laptop_window(qtbot, ws)
    window.area_panel.select_area("05")
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)  # no dialog: it would block here
    assert window.doc.catalog is not None


def test_template_source_is_the_published_guidance_only(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    window.area_panel.select_area("05")
    item = window.doc.items[0]
    template = window.doc.templates[item.template_code]
    assert "templates-sample.md" in template.evidence  # the compilers' note the dialog must not show
    window.compare_with_template(item.id)
    dialog = next(w for w in window.findChildren(TemplateCompareDialog))
    texts = [label.text() for label in dialog.findChildren(type(window.count_label))]
    source = next(t for t in texts if t.startswith("模板出处"))
    assert source == "模板出处：《社会救助领域基层政务公开标准指引》(民政部)，2019.1 版"
    assert not any(mark in " ".join(texts) for mark in ("templates-", ".md", "[multi]", "[tjbd"))
    assert reference.template_source(mz, "05") in source
    dialog.close()
