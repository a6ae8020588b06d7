"""The 全县汇总 tab: merged township rows with their hints, the filter, missing units, the negative
list and the one-area export."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gongkai_desktop.office import aggregate, decisions, importing, submissions
from gongkai_desktop.ui.review.aggregate_view import FLAG_BG, MISSING_FG, AggregateView
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from tests.ui.test_ui_review_support import office_window, submit, sync_jobs  # noqa: F401 - fixtures

GROUND = "《中华人民共和国政府信息公开条例》第十四条"
BG = Qt.ItemDataRole.BackgroundRole


def approve(office, ws, tmp_path, name: str) -> None:  # noqa: ANN001
    importing.import_files(office, [submit(ws, tmp_path / "in", name)])
    sub = next(s for s in submissions.list_submissions(office) if s.unit_name == name)
    decisions.decide(office, sub.id, "approved", "总结验收", "王审核", accept_problems=True)


@pytest.fixture
def towns(county, tmp_path):  # noqa: ANN001, ANN201
    """Both townships approved in 04; 虎山街道 writes another time limit for the first item and adds a
    不予公开 item. Returns the office, the units and the first item's 二级事项."""
    office, units = county
    first = None
    for name in ("双塔街道", "虎山街道"):
        ws = units[name]
        cat = catalogs.find_catalog(ws, "04")
        items = catalogs.load_items(ws, cat.id)
        first = items[0]
        if name == "虎山街道":
            catalogs.edit_item(ws, first.id, {"time_limit": "信息形成之日起5个工作日内"})
            catalogs.add_item(ws, cat.id, "other", first.level1, "涉密户籍事项", fields={
                "attribute": "不予公开", "legal_ground": GROUND})
        approve(office, ws, tmp_path, name)
    return office, units, first.level2


def rows_of(view: AggregateView) -> list[list[str]]:
    m = view.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def open_tab(qtbot, office) -> AggregateView:  # noqa: ANN001
    window = office_window(qtbot, office)
    window.review.queue.table.setFocus()
    qtbot.keyClick(window.review.queue.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    view = window.review.aggregate
    assert window.review.currentWidget() is view
    assert window.review.tabText(window.review.currentIndex()) == "全县汇总"
    return view


def test_merged_row_flagged_and_filter(qtbot, towns) -> None:
    office, _units, level2 = towns
    view = open_tab(qtbot, office)
    assert view.area_code() == "04"  # the only area with approved catalogs comes first
    assert "2 个单位已通过" in view.area_box.currentText()
    assert "暂无通过的目录" in view.area_box.itemText(view.area_box.count() - 1)
    cols = list(view.model.headers)
    unit, flag, time = cols.index("公开单位"), cols.index("审核提示"), cols.index("公开时限")
    rows = rows_of(view)
    merged = [n for n, r in enumerate(rows) if r[1] == level2]
    assert len(merged) == 1
    row = rows[merged[0]]
    assert row[unit] == "双塔街道、虎山街道（2 个乡镇）" and row[cols.index("范围")] == "乡镇"
    assert "公开时限不一致" in row[flag]
    assert view.model.index(merged[0], time).data(BG).color() == FLAG_BG
    plain = next(n for n, r in enumerate(rows) if not r[flag])
    assert view.model.index(plain, 0).data(BG) is None
    agg = aggregate.aggregate_area(office, "04")
    assert len(rows) == len(agg.rows) > 2

    view.flagged_box.click()
    flagged = rows_of(view)
    assert flagged and all(r[flag] for r in flagged)
    assert any(r[1] == level2 for r in flagged)
    assert len(flagged) == sum(1 for r in agg.rows if r.flags) < len(rows)
    view.flagged_box.click()
    assert len(rows_of(view)) == len(rows)


def test_missing_units_counts_and_negative_list(qtbot, towns) -> None:
    office, _units, _ = towns
    view = open_tab(qtbot, office)
    missing = view.missing_label.text()
    assert "市公安局" in missing and "双塔街道" not in missing
    assert "市公安局" in view.missing_label.toolTip()
    assert MISSING_FG in view.missing_label.styleSheet()
    assert "双塔街道、虎山街道" in view.summary.text()
    assert "不予公开 1" in view.counts_label.text()
    neg = view.negative_model
    assert neg.rowCount() == 1
    texts = [neg.index(0, c).data() for c in range(neg.columnCount())]
    assert texts[0] == "虎山街道" and texts[2] == "涉密户籍事项" and texts[4] == GROUND
    assert "1 项" in view.negative_box.title()


def test_refreshes_when_another_unit_is_approved(qtbot, towns, tmp_path) -> None:
    office, units, _ = towns
    view = open_tab(qtbot, office)
    assert "市公安局" in view.missing_label.text()
    importing.import_files(office, [submit(units["市公安局"], tmp_path / "police", "市公安局")])
    view.ctx.submissions_imported.emit()
    sub = next(s for s in submissions.list_submissions(office) if s.unit_name == "市公安局")
    decisions.decide(office, sub.id, "approved", "总结验收", "王审核", accept_problems=True)
    view.ctx.submission_changed.emit(sub.id)
    assert "市公安局" not in view.missing_label.text()
    assert any(r[view.model.headers.index("范围")] == "县级部门" for r in rows_of(view))
    assert "3 个单位已通过" in view.area_box.currentText()


def test_empty_area_disables_export(qtbot, towns) -> None:
    office, _units, _ = towns
    view = open_tab(qtbot, office)
    view.select_area("01")
    assert view.area_code() == "01" and view.model.rowCount() == 0
    assert not view.xlsx_button.isEnabled()


@pytest.mark.usefixtures("sync_jobs")
def test_export_this_area_excel(qtbot, towns, tmp_path) -> None:
    office, units, level2 = towns
    police = units["市公安局"]  # another approved area, which the one-area export must leave out
    catalogs.start_catalog(police, "08")
    package = export_submission(police, ["08"], tmp_path / "police08.gkpkg").path
    importing.import_files(office, [package])
    decisions.decide(office, submissions.list_submissions(office, "submitted")[0].id, "approved", "总结验收", "王审核", accept_problems=True)
    view = open_tab(qtbot, office)
    assert view.area_code() == "04"
    assert view.area_box.findData("08") < view.area_box.findData("01")  # approved areas first
    chooser = view.ctx.chooser
    chooser.save_answer = tmp_path / "out" / "户籍"
    chooser.save_answer.parent.mkdir()
    qtbot.mouseClick(view.xlsx_button, Qt.MouseButton.LeftButton)
    path, text = chooser.offered[0]
    assert path == tmp_path / "out" / "户籍.xlsx" and path.exists() and "户籍管理" in text
    wb = openpyxl.load_workbook(path, read_only=True)
    assert len(wb.sheetnames) == 1 and "户籍管理" in wb.sheetnames[0]
    cells = "\n".join(str(v) for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v)
    assert level2 in cells and "双塔街道、虎山街道" in cells
    assert QApplication.activeModalWidget() is None
