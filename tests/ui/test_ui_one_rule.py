"""Issue 12's two drifts, end to end: one rule, one answer, wherever it is asked.

1. A submission with three items missing a template-required channel shows three problems in
   the unit's window, in its manifest, in the office's window, in `gongkai review show`, in the
   queue and in the weekly report — also after the office loaded a newer template of the area.
2. An Excel import into a returned catalog does exactly what the same edit in the window does.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QFileDialog

from gongkai_desktop import reference, vocab
from gongkai_desktop.models import Catalog
from gongkai_desktop.office import importing, inspect, reports, submissions
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs, exports
from gongkai_desktop.workspace import Workspace
from tests.ui.test_ui_review_support import office_window, submit, sync_jobs  # noqa: F401 - fixtures

MISSING = 3


def _drop_required_channels(ws: Workspace, area: str, count: int) -> list[str]:
    """Untick a required (■) channel on ``count`` template items of the unit's catalog."""
    cat = catalogs.find_catalog(ws, area)
    required = catalogs.required_channels(ws, cat.id)
    changed = []
    for item in catalogs.load_items(ws, cat.id):
        need = required.get(item.template_code or "")
        if need and len(changed) < count:
            keep = [c for c in item.channels if c not in need] or ["其他"]
            catalogs.edit_item(ws, item.id, {"channels": keep, "channel_other": "公示栏"})
            changed.append(item.id)
    assert len(changed) == count
    return changed


def test_the_same_problem_count_everywhere(qtbot, county, tmp_path, sync_jobs) -> None:  # noqa: F811
    office, units = county
    police = units["市公安局"]
    _drop_required_channels(police, "04", MISSING)
    cat = catalogs.find_catalog(police, "04")
    base = len(catalogs.check_catalog(police, cat.id))
    assert sum(p.code == "required_channel_missing" for p in catalogs.check_catalog(police, cat.id)) == MISSING

    # the unit's own window
    unit_window = MainWindow(police)
    qtbot.addWidget(unit_window)
    unit_window.area_panel.select_area("04")
    assert len(unit_window.doc.problems) == base

    # the manifest it signs
    package = submit(police, tmp_path / "out", "p")
    with zipfile.ZipFile(package) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["problem_count"] == base == manifest["areas"][0]["problem_count"]

    # the office loads a newer template of the area in which nothing is required any more: the
    # submission is still judged against the version the unit compiled against
    importing.import_files(office, [package])
    sub = next(s for s in submissions.list_submissions(office) if s.unit_name == "市公安局")
    with office.session() as s:
        from gongkai_desktop.models import Template, TemplateItem

        old = s.query(Template).filter_by(area_code="04").one()
        new = Template(area_code="04", version="2099.1", document=old.document, notes="", level1=list(old.level1))
        s.add(new)
        s.flush()
        for t in s.query(TemplateItem).filter_by(template_id=old.id):
            s.add(TemplateItem(template_id=new.id, position=t.position, code=t.code, level1=t.level1, level2=t.level2,
                               content=t.content, basis=t.basis, time_limit=t.time_limit, publisher=t.publisher,
                               channels_required=[], channels_optional=[], channel_other="", audience=t.audience,
                               mode=t.mode, levels=t.levels, attribute=t.attribute, wording=t.wording,
                               evidence=t.evidence))
    assert reference.latest_template(office, "04")[1] == "2099.1"

    assert inspect.inspect_submission(office, sub.id).problem_count == base
    assert inspect.problem_counts(office)[sub.id] == base

    window = office_window(qtbot, office)
    queue = window.review.queue
    queue.reload(office)
    assert queue.model.problems[sub.id] == base

    shown = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", str(office.data_dir),
                            "review", "show", str(sub.id)], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0 and f"问题 {base} 个" in shown.stdout
    listed = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", str(office.data_dir),
                             "review", "list"], capture_output=True, text=True, timeout=120)
    row = next(line for line in listed.stdout.splitlines() if "市公安局" in line)
    assert f" {base} " in f" {row} "

    week = reports.weekly_document(office, date.today())
    assert next(r for r in week.rows if r.name == "市公安局").problem_count == base


def _returned(ws: Workspace) -> int:
    cat = catalogs.find_catalog(ws, "04")
    with ws.session() as s:
        s.get(Catalog, cat.id).status = vocab.Status.RETURNED
    return cat.id


def test_an_excel_import_into_a_returned_catalog_is_the_same_edit(qtbot, ws, tmp_path, monkeypatch) -> None:
    catalogs.start_catalog(ws, "04")
    cat_id = _returned(ws)
    twin_dir = tmp_path / "twin"
    twin_dir.mkdir()
    with sqlite3.connect(ws.data_dir / "workspace.sqlite3") as src, sqlite3.connect(twin_dir / "workspace.sqlite3") as dst:
        src.backup(dst)  # the same workspace, WAL included
    item = catalogs.load_items(ws, cat_id)[1]
    new_limit = "信息形成之日起7个工作日内"

    # in the window: type the new time limit
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.area_panel.select_area("04")
    window.table.select_item(item.id)
    window._commit(item.id, {"time_limit": new_limit}, None)
    by_window = (catalogs.catalog_info(ws, cat_id, with_progress=False), catalogs.get_item(ws, item.id))

    # in the twin: the same change made in Excel and imported
    twin = Workspace.open(twin_dir)
    path = tmp_path / "户籍.xlsx"
    exports.export_catalogs(twin, "xlsx", ["04"], path)
    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[0]
    header = {c.value: c.column for c in sheet[2] if c.value}
    row = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == item.level2)
    sheet.cell(row=row[0].row, column=header["公开时限"], value=new_limit)
    wb.save(path)
    from gongkai_desktop.unit.imports import apply_import, read_catalog_xlsx

    apply_import(twin, read_catalog_xlsx(twin, Path(path)))
    by_import = (catalogs.catalog_info(twin, cat_id, with_progress=False), catalogs.get_item(twin, item.id))
    twin.close()

    assert (by_window[0].status, by_window[0].version) == (by_import[0].status, by_import[0].version) == ("draft", 2)
    assert by_window[1].time_limit == by_import[1].time_limit == new_limit
    assert by_window[1].applicability == by_import[1].applicability == "adapted"
    assert by_window[1].revision == by_import[1].revision
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
