"""The unit's window on a 1366×768 laptop: the columns that fit, the whole form without scrolling,
enough problem rows, area names never cut, and the layout (columns, hidden panels) after a restart."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from gongkai_desktop.ui import settings as ui_settings
from gongkai_desktop.ui.item_table import COLUMNS
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.ui.window_layout import NARROW_COLUMNS
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace

NATIONAL_ELEMENTS = ("level1", "level2", "content", "basis", "time_limit", "publisher")
TICKED = ("channels", "audience", "mode", "levels")


def laptop_window(qtbot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.showNormal()
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.width() == 1366)
    QApplication.processEvents()
    return window


def inside(widget: QWidget, viewport: QWidget) -> bool:
    """Is the whole of ``widget`` drawn inside ``viewport`` (nothing to scroll to reach it)?"""
    top_left = widget.mapTo(viewport.window(), QPoint(0, 0))
    area = QRect(viewport.mapTo(viewport.window(), QPoint(0, 0)), viewport.size())
    return widget.isVisible() and area.contains(QRect(top_left, widget.size()))


def test_form_shows_every_national_element_without_scrolling(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    window.table.select_item(window.doc.items[0].id)
    form = window.form
    assert form.verticalScrollBar().value() == 0 and form.horizontalScrollBar().value() == 0
    viewport = form.viewport()
    widgets = [form.texts[f] for f in NATIONAL_ELEMENTS] + [form.attribute, form.labels["levels"]]
    widgets += [cb for f in TICKED for cb in form.checks[f].values()]
    outside = [w.objectName() or w.text() for w in widgets if not inside(w, viewport)]
    assert outside == []
    assert form.horizontalScrollBar().maximum() == 0  # nothing cut at the right either


def test_table_shows_the_laptop_columns_and_they_fit(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    assert window.columns.shown() == list(NARROW_COLUMNS)
    header = window.table.horizontalHeader()
    width = window.table.viewport().width()
    for n, (name, _, _) in enumerate(COLUMNS):
        if name in NARROW_COLUMNS:
            assert header.sectionViewportPosition(n) + header.sectionSize(n) <= width, name


def test_problems_panel_shows_several_rows(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    assert window.problems.count() >= 6
    view = window.problems.view
    assert view.viewport().height() // view.rowHeight(0) >= 5


def test_area_names_are_not_cut_at_12_pt(qtbot, mz) -> None:
    ui_settings.apply_font(12)
    try:
        window = laptop_window(qtbot, mz)
        panel = window.area_panel
        fm = QFontMetrics(panel.font())
        for code, row in panel.rows.items():
            rect = panel.visualRect(panel.indexFromItem(row, 0))  # the name's cell
            room = rect.width() - 6  # the style's text margins
            one_line = fm.horizontalAdvance(row.text(0)) <= room
            wrapped = fm.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, row.text(0))
            assert one_line or wrapped.height() <= rect.height(), row.text(0)
            assert window.areas[code].name in row.toolTip(0)
    finally:
        ui_settings.apply_font(ui_settings.DEFAULT_POINT_SIZE)


def test_column_chooser_hides_and_shows_and_is_remembered(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    menu = window.columns.menu()
    actions = {a.text(): a for a in menu.actions()}
    assert not actions["序号"].isEnabled()  # 序号 always stays
    assert not actions["公开主体"].isChecked() and actions["公开内容"].isChecked()
    actions["公开主体"].trigger()
    window.columns.menu()  # built afresh: shows the new state
    actions = {a.text(): a for a in window.columns.menu().actions()}
    assert actions["公开主体"].isChecked()
    actions["公开内容"].trigger()
    assert "公开主体" in window.columns.shown() and "公开内容" not in window.columns.shown()
    window.actions_["show_form"].trigger()  # hide the form panel and the problems panel too
    window.actions_["show_problems"].trigger()
    assert window.form.isHidden() and window.centre_split.widget(1).isHidden()
    window.close()

    again = laptop_window(qtbot, mz)
    assert "公开主体" in again.columns.shown() and "公开内容" not in again.columns.shown()
    assert again.form.isHidden() and not again.actions_["show_form"].isChecked()
    assert again.centre_split.widget(1).isHidden() and not again.actions_["show_problems"].isChecked()
    again.actions_["reset_layout"].trigger()
    assert again.columns.shown() == list(NARROW_COLUMNS) and not again.form.isHidden()


def test_origin_line_is_a_sentence(qtbot, mz) -> None:
    window = laptop_window(qtbot, mz)
    item = window.doc.items[0]
    window.table.select_item(item.id)
    assert window.form.origin.text() == f"来源：国家标准指引（模板编号 {item.template_code}），本单位直接采用。"
    window.run(lambda: catalogs.edit_item(mz, item.id, {"publisher": "江山市民政局"}))
    assert window.form.origin.text().endswith("已按本地修改。")
