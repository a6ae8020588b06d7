"""`gongkai-desktop FILE.gkpkg`: what a double-click on a package runs opens it in the window.

The review office gets its import dialog with the files and their dry-run verdicts; a unit imports
a review result or a distribution through its own actions; anything else is refused in Chinese and
nothing is written. The first two tests go through `app.start` (all of `app.main` but its event loop) exactly as the desktop entry and the
Windows file association start the program (arguments → workspace → window → files).
"""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.office import round_dates, submissions
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.ui import app, first_frame
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.ui.open_files import local_path, open_packages
from gongkai_desktop.unit import catalogs, results
from gongkai_desktop.unit.submit import export_submission
from tests.ui.test_ui_review_support import submit, sync_jobs  # noqa: F401 - fixture
from tests.ui.test_ui_unit_review import returned_result
from tests.ui.test_ui_window import show


def started(qtbot, argv: list[str]) -> MainWindow:
    """`gongkai-desktop ARGS` up to its event loop (`app.start`, which `app.main` runs the loop after)."""
    window = app.start(argv)
    assert isinstance(window, MainWindow), window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window


def test_office_double_click_opens_the_import_dialog_with_the_files_checked(qtbot, county, tmp_path) -> None:
    office, units = county
    round_dates.set_dates(office, round_dates.suggest(date.today()))  # past the first start's dates dialog
    good = submit(units["市公安局"], tmp_path / "inbox", "police")
    broken = tmp_path / "inbox" / "broken.gkpkg"
    broken.write_bytes(b"PK\x03\x04 not a package")

    window = started(qtbot, ["--data-dir", str(office.data_dir), str(good), str(broken)])
    qtbot.waitUntil(lambda: window.review.import_dialog is not None and len(window.review.import_dialog.model.rows) == 2
                    and not window.review.import_dialog.busy, timeout=15000)  # the dry run on its worker thread
    dialog = window.review.import_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "导入单位报送的文件包"
    assert {r.path.name: r.verdict for r in dialog.model.rows} == {"police.gkpkg": "new", "broken.gkpkg": "refused"}
    assert submissions.list_submissions(office) == []  # nothing imported before the reviewer confirms
    window.ws.close()


def test_unit_double_click_on_a_review_result_imports_it(qtbot, county, tmp_path) -> None:
    _office, units = county
    police = units["市公安局"]
    path, _item_id, _comment_id = returned_result(county, tmp_path)

    window = started(qtbot, ["--data-dir", str(police.data_dir), f"file://{path}"])
    qtbot.waitUntil(lambda: isinstance(window.unit_actions.last_dialog, QMessageBox), timeout=5000)
    box = window.unit_actions.last_dialog
    assert box.isVisible() and "审核结论：退回修改（第一轮梳理）" in box.text()
    window.ws.close()
    cat = catalogs.find_catalog(police, "04")
    assert cat.status == "returned"
    assert len(results.received_comments(police, cat.id)) == 2


def test_unit_double_click_on_a_distribution_imports_it(qtbot, county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    dist = export_distribution(office, tmp_path / "second.gkpkg", deadlines={"第一轮梳理": "2020-08-15"})
    window = show(qtbot, police)
    open_packages(window, [dist.path])
    box = window.unit_actions.last_dialog
    assert isinstance(box, QMessageBox) and "已导入" in box.text() and "第一轮梳理 2020-08-15" in box.text()


def test_unit_refuses_a_submission_and_a_broken_file_in_chinese_and_writes_nothing(qtbot, county, tmp_path,
                                                                                  errors) -> None:
    _office, units = county
    police, other = units["市公安局"], units["双塔街道"]
    foreign = export_submission(other, ["04"], tmp_path / "other.gkpkg").path
    broken = tmp_path / "cut.gkpkg"
    broken.write_bytes(foreign.read_bytes()[:300])
    window = show(qtbot, police)
    before = [(c.area_code, c.status, c.version) for c in catalogs.list_catalogs(police)]
    open_packages(window, [foreign, broken, tmp_path / "missing.gkpkg"])
    assert len(errors) == 3
    assert "单位报送给市府办的文件包" in errors[0] and "审核端" in errors[0]
    assert all(text and "Traceback" not in text for text in errors[1:])
    assert "missing.gkpkg" in errors[2]
    assert [(c.area_code, c.status, c.version) for c in catalogs.list_catalogs(police)] == before


def test_file_urls_and_plain_paths_are_both_accepted(tmp_path) -> None:
    target = tmp_path / "结果 1.gkpkg"
    assert local_path(str(target)) == target
    assert local_path(f"file://{tmp_path}/%E7%BB%93%E6%9E%9C%201.gkpkg") == target


def test_the_version_and_files_arguments_parse() -> None:
    args = app.parse_args(["--data-dir", "d", "a.gkpkg", "b.gkpkg"])
    assert args.data_dir == "d" and args.files == ["a.gkpkg", "b.gkpkg"]
    assert app.parse_args([]).files == []


def test_first_frame_probe_writes_the_moment_of_the_first_paint(qtbot, county, tmp_path, monkeypatch) -> None:
    """What the frozen program's cold-start figure and the CI read (GONGKAI_FIRST_FRAME)."""
    _office, units = county
    out = tmp_path / "frame.json"
    monkeypatch.setenv(first_frame.VARIABLE, str(out))
    window = MainWindow(units["市公安局"])
    qtbot.addWidget(window)
    probe = first_frame.install(window)
    assert probe is not None and probe.target is window.table.viewport()  # the started area's table
    window.show()
    qtbot.waitUntil(out.exists, timeout=5000)
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["painted"] > 0 and "市公安局" in line["title"] and line["rows"] == window.model.rowCount() > 0


def test_without_the_variable_no_probe_is_installed(qtbot, county, monkeypatch) -> None:
    monkeypatch.delenv(first_frame.VARIABLE, raising=False)
    window = MainWindow(county[1]["市公安局"])
    qtbot.addWidget(window)
    assert first_frame.install(window) is None
