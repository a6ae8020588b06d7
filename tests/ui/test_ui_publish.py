"""发布到网站 in the review office's window: the 审核 menu and the 全县汇总 tab, as a job with progress."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gongkai_desktop.office import aggregate
from gongkai_desktop.ui import jobs
from gongkai_desktop.ui.review.publish_action import SITE_FOLDER
from tests.ui.test_ui_review_aggregate import open_tab, towns  # noqa: F401 - fixtures
from tests.ui.test_ui_review_support import FakeChooser, office_window, sync_jobs  # noqa: F401 - fixtures


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_menu_publishes_in_a_background_job_and_offers_the_site(qtbot, towns, tmp_path) -> None:  # noqa: F811
    office, _units, level2 = towns
    chooser = FakeChooser()
    chooser.folder_answer = tmp_path / "web"
    chooser.folder_answer.mkdir()
    window = office_window(qtbot, office, chooser)
    action = window.actions_["review_publish"]
    assert action.text() == "发布到网站…" and action in window.menu("审核").actions()
    started: list[jobs.Job] = []
    jobs.monitor.started.connect(started.append)
    progress: list[str] = []
    try:
        action.trigger()
        job = started[-1]
        job.progressed.connect(lambda _f, m: progress.append(m))
        assert not job.done  # a real worker thread: the window stays responsive meanwhile
        qtbot.waitUntil(lambda: job.done, timeout=120_000)
    finally:
        jobs.monitor.started.disconnect(started.append)
    site = tmp_path / "web" / f"江山市{SITE_FOLDER}"
    assert chooser.offered and chooser.offered[-1][0] == site / "index.html"
    assert "发布为网站" in chooser.offered[-1][1] and "原样复制" in chooser.offered[-1][1]
    assert any("网页" in m for m in progress) and any("汇总" in m for m in progress)
    page = (site / "area-04.html").read_text(encoding="utf-8")
    assert level2 in page and "双塔街道、虎山街道" in page
    assert window.review.publisher.result.items == len(aggregate.aggregate_area(office, "04").rows)
    assert QApplication.activeModalWidget() is None


@pytest.mark.usefixtures("sync_jobs")
def test_tab_button_republishes_in_place_and_a_cancel_keeps_the_old_site(qtbot, towns, tmp_path, errors) -> None:  # noqa: F811
    office, _units, _level2 = towns
    view = open_tab(qtbot, office)
    chooser = view.ctx.chooser
    web = chooser.folder_answer = tmp_path / "web"
    web.mkdir()
    qtbot.mouseClick(view.publish_button, Qt.MouseButton.LeftButton)
    site = chooser.offered[-1][0].parent
    before = digest(site)
    chooser.folder_answer = site  # choosing the published site itself replaces it in place

    def cancel_midway(job: jobs.Job) -> None:
        job.progressed.connect(lambda _f, m: job.cancel() if "网页" in m else None)

    jobs.monitor.started.connect(cancel_midway)
    try:
        qtbot.mouseClick(view.publish_button, Qt.MouseButton.LeftButton)
    finally:
        jobs.monitor.started.disconnect(cancel_midway)
    assert errors and "已取消发布" in errors[-1]
    assert digest(site) == before and len(chooser.offered) == 1
    assert sorted(p.name for p in web.iterdir()) == [site.name]  # no half site beside it


@pytest.mark.usefixtures("sync_jobs")
def test_nothing_approved_is_refused_in_chinese(qtbot, office_ws, tmp_path, errors) -> None:
    chooser = FakeChooser()
    chooser.folder_answer = tmp_path / "web"
    chooser.folder_answer.mkdir()
    window = office_window(qtbot, office_ws, chooser)
    window.actions_["review_publish"].trigger()
    assert errors == ["还没有审核通过的目录可以发布。请先审核并通过各单位的报送，再发布到网站。"]
    assert chooser.offered == [] and list(chooser.folder_answer.iterdir()) == []


def test_the_excel_worker_process_runs_from_the_window_job(qtbot, towns, tmp_path, monkeypatch) -> None:  # noqa: F811
    """A big county's .xlsx is written by a second process; here it is started from the job's thread."""
    import openpyxl

    from gongkai_desktop.documents.site import xlsx_job
    from gongkai_desktop.office import publish

    for module in (xlsx_job, publish):
        monkeypatch.setattr(module, "PARALLEL_FROM_ROWS", 1)
    submitted: list[bool] = []
    real_wait = xlsx_job.XlsxWorker.wait
    monkeypatch.setattr(xlsx_job.XlsxWorker, "wait", lambda self, c: (submitted.append(self.submitted), real_wait(self, c)))
    office, _units, level2 = towns
    chooser = FakeChooser()
    chooser.folder_answer = tmp_path / "web"
    chooser.folder_answer.mkdir()
    window = office_window(qtbot, office, chooser)
    window.actions_["review_publish"].trigger()
    qtbot.waitUntil(lambda: not jobs.running(), timeout=120_000)
    assert submitted == [True] and chooser.offered
    site = chooser.offered[-1][0].parent
    cells = [str(v) for row in openpyxl.load_workbook(site / "downloads" / "catalog.xlsx").worksheets[0].iter_rows(values_only=True)
             for v in row if v]
    assert level2 in cells and "双塔街道、虎山街道" in cells
