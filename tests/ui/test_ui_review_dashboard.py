"""The dashboard (late units, counts, deadlines), the county aggregate export and the key registry, in the window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from gongkai_desktop import identity, keys
from gongkai_desktop.office import decisions, importing, progress, round_dates, submissions
from gongkai_desktop.ui import jobs
from gongkai_desktop.ui.review.dashboard import OVERDUE_FG, STATE_BACKGROUNDS
from tests.print_helpers import HAS_SOFFICE, NO_SOFFICE, read_pdf
from tests.ui.test_ui_review_support import (  # noqa: F401 - fixtures
    capture_warnings,
    office_window,
    run_dialog_later,
    submit,
    sync_jobs,
)

LEFT = Qt.MouseButton.LeftButton


def cell_index(view, unit_name: str, area_code: str):  # noqa: ANN001, ANN201
    m = view.model
    row = next(n for n, (_, name) in enumerate(m.units) if name == unit_name)
    col = next(n for n, (code, _) in enumerate(m.board.areas) if code == area_code)
    return m.index(row, col)


def test_dashboard_marks_late_units_and_counts(qtbot, county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [submit(units["市公安局"], tmp_path / "in", "a")])
    today = date.today()
    round_dates.set_dates(office, {"第一轮梳理": today - timedelta(days=40), "第二轮梳理": today - timedelta(days=10),
                              "总结验收": today + timedelta(days=60), "发布实施": today + timedelta(days=90)})
    window = office_window(qtbot, office)
    window.review.queue.table.setFocus()
    qtbot.keyClick(window.review.queue.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    view = window.review.dashboard
    assert window.review.currentWidget() is view
    late = cell_index(view, "双塔街道", "04")
    assert late.data() == "未交!"
    assert late.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_FG
    assert "逾期" in late.data(Qt.ItemDataRole.ToolTipRole)
    sent = cell_index(view, "市公安局", "04")
    assert sent.data() == "已交"
    assert sent.data(Qt.ItemDataRole.BackgroundRole).color() == STATE_BACKGROUNDS["submitted"]
    assert cell_index(view, "市公安局", "01").data() is None  # not its area: empty
    late_texts = [view.late_list.item(n).text() for n in range(view.late_list.count())]
    assert "双塔街道 · 户籍管理：未提交" in late_texts
    assert not any(t.startswith("市公安局 · 户籍管理") for t in late_texts)
    m = view.model
    area_col = next(n for n, (code, _) in enumerate(m.board.areas) if code == "04")
    totals = m.index(len(m.units), area_col).data()
    board = progress.dashboard(office)
    n04 = sum(board.per_area["04"][k] for k in progress.CELL_LABELS)
    assert totals.startswith(f"交1/{n04} 过0")
    assert f"逾期 {len(board.late)}" in view.summary.text()

    qtbot.mouseClick(view.table.viewport(), LEFT, pos=view.table.visualRect(sent).center())
    opened = window.review.currentWidget()
    assert opened.submission_id == submissions.list_submissions(office)[0].id


def test_deadlines_dialog_saves_through_the_core(qtbot, county) -> None:
    office, _ = county
    window = office_window(qtbot, office)

    first = progress.get_deadlines(office)["第一轮梳理"] - timedelta(days=20)

    def change(dialog) -> None:  # noqa: ANN001
        dialog.edits["第一轮梳理"].setDate(QDate(first.year, first.month, first.day))
        dialog.save()

    run_dialog_later(change)
    window.actions_["review_deadlines"].trigger()
    assert progress.get_deadlines(office)["第一轮梳理"] == first
    assert f"第一轮梳理 {first.isoformat()}" in window.review.dashboard.summary.text()  # with the year


def test_export_county_aggregate_xlsx_in_the_background(qtbot, county, tmp_path) -> None:
    from openpyxl import load_workbook

    office, units = county
    importing.import_files(office, [submit(units["市公安局"], tmp_path / "in", "a")])
    sub = submissions.list_submissions(office)[0]
    decisions.decide(office, sub.id, "approved", "总结验收", "王审核", accept_problems=True)
    window = office_window(qtbot, office)
    chooser = window.review.ctx.chooser
    chooser.save_answer = tmp_path / "out" / "汇总"
    chooser.save_answer.parent.mkdir()
    window.actions_["review_aggregate_xlsx"].trigger()  # the real worker thread
    qtbot.waitUntil(lambda: bool(chooser.offered), timeout=20000)
    path = chooser.offered[0][0]
    assert path == tmp_path / "out" / "汇总.xlsx" and path.exists()
    wb = load_workbook(path, read_only=True)
    text = "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "市公安局" in text and "户籍管理" in text
    assert jobs.running() == []


@pytest.mark.usefixtures("sync_jobs")
def test_export_with_nothing_approved_says_why(qtbot, county, tmp_path, monkeypatch) -> None:
    office, _ = county
    shown = capture_warnings(monkeypatch)
    window = office_window(qtbot, office)
    window.review.ctx.chooser.save_answer = tmp_path / "x.xlsx"
    window.actions_["review_aggregate_xlsx"].trigger()
    assert shown and "还没有审核通过的目录" in shown[0]
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.usefixtures("sync_jobs")
def test_weekly_report_for_a_chosen_day(qtbot, county, tmp_path) -> None:
    office, _ = county
    window = office_window(qtbot, office)
    outputs = window.review.outputs
    outputs.choose_week = lambda: date(2020, 7, 30)
    window.review.ctx.chooser.save_answer = tmp_path / "weekly.docx"
    window.actions_["review_weekly"].trigger()
    assert window.review.ctx.chooser.offered[0][0] == tmp_path / "weekly.docx"
    assert (tmp_path / "weekly.docx").stat().st_size > 0


def test_key_registry_warns_on_a_changed_key_then_confirms_and_revokes(qtbot, county, new_workspace, tmp_path, monkeypatch) -> None:
    office, _ = county
    impostor = new_workspace("impostor")  # another installation claiming to be 市公安局
    identity.choose_unit(impostor, "市公安局")
    keys.ensure_own_key(impostor)
    enrolment = tmp_path / "enrol.json"
    keys.export_enrolment(impostor, {"name": "某人"}, enrolment)
    shown = capture_warnings(monkeypatch)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = office_window(qtbot, office)
    window.review.ctx.chooser.files = [enrolment]
    window.actions_["review_keys"].trigger()
    dialog = window.review.keys_dialog
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert shown and "警告" in shown[0]
    assert dialog.banner.isVisible() and "不同的新密钥" in dialog.banner.text()
    new_digits = keys.own_key_info(impostor).digits
    k = dialog.current()
    assert k.digits == new_digits and k.status == "pending"
    assert dialog.model.index(dialog.table.currentIndex().row(), 3).data() == "待核对"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (new_digits, True))
    qtbot.mouseClick(dialog.confirm_button, LEFT)
    statuses = {x.digits: x.status for x in keys.list_keys(office) if x.unit_name == "市公安局"}
    assert statuses[new_digits] == "active" and "rotated" in statuses.values()
    assert not dialog.banner.isVisible()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("电脑丢失", True))
    dialog.select_key(dialog.current().fingerprint)
    qtbot.mouseClick(dialog.revoke_button, LEFT)
    revoked = next(x for x in keys.list_keys(office) if x.digits == new_digits)
    assert revoked.status == "revoked" and revoked.revoke_reason == "电脑丢失"
    assert "电脑丢失" in dialog.model.index(dialog.table.currentIndex().row(), 6).data()


@pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)
@pytest.mark.usefixtures("sync_jobs")
def test_export_county_aggregate_as_pdf_prints_readably(qtbot, county, tmp_path) -> None:
    """导出全县汇总目录（PDF）…: LibreOffice prints the national table; its text is the catalog's."""
    office, units = county
    importing.import_files(office, [submit(units["市公安局"], tmp_path / "in", "a")])
    sub = submissions.list_submissions(office)[0]
    decisions.decide(office, sub.id, "approved", "总结验收", "王审核", accept_problems=True)
    window = office_window(qtbot, office)
    assert window.actions_["review_aggregate_pdf"].text() == "导出全县汇总目录（PDF）…"
    chooser = window.review.ctx.chooser
    chooser.save_answer = tmp_path / "汇总"
    window.actions_["review_aggregate_pdf"].trigger()
    path = chooser.offered[0][0]
    assert path == tmp_path / "汇总.pdf" and path.read_bytes().startswith(b"%PDF")
    pages = read_pdf(path)
    text = "".join(p.text for p in pages)
    assert "户籍管理" in text and "市公安局" in text
    body = [piece.size for page in pages for piece in page.pieces if "户籍" in piece.text or "登记" in piece.text]
    assert body and min(body) >= 8.9  # the national table printed at ≥ 9 pt on A4 (issue 16)
