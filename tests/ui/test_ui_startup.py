"""Starting the window fast: what the first frame waits for, and what is left for just after it.

The area list shows every started area's progress; at start-up it is computed right after the list
was first painted (the user sees the window sooner) and must then be exactly what the core says.
Modules that only a menu action needs are not imported before the window opens.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai_desktop import identity
from gongkai_desktop.ui.area_panel import progress_text
from gongkai_desktop.ui.main_window import MainWindow
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent




@pytest.fixture
def fgw(new_workspace) -> Workspace:
    """市发改局 (areas 01 and 08) with both catalogs started and problems in 08."""
    w = new_workspace("fgw")
    identity.choose_unit(w, "市发改局")
    catalogs.start_catalog(w, "01")
    other = catalogs.start_catalog(w, "08").catalog
    catalogs.add_item(w, other.id, "sanding", "自有事项", "缺少内容的事项")
    for item in catalogs.load_items(w, other.id)[:2]:
        catalogs.edit_item(w, item.id, {"publisher": ""})
    return w


def expected(ws: Workspace) -> dict[str, str]:
    return {i.area_code: progress_text(i.complete_count, i.item_count, i.problem_count) for i in catalogs.list_catalogs(ws)}


def test_area_progress_fills_in_right_after_the_first_paint(qtbot, fgw) -> None:
    want = expected(fgw)
    assert "⚠" in want["08"]
    window = MainWindow(fgw)
    qtbot.addWidget(window)
    assert window.doc.area is not None and window.doc.area.code == "01"
    # before the first frame: the open area's progress (from memory) and every status, not yet the others'
    assert window.area_panel.area_text("01") == (want["01"], "编制中")
    assert window.area_panel.area_text("08") == ("", "编制中")
    window.show()
    qtbot.waitUntil(lambda: window.area_panel.area_text("08")[0] != "", timeout=3000)
    assert {code: window.area_panel.area_text(code)[0] for code in want} == want
    assert not window.area_panel.progress_pending


def test_a_shown_window_reloads_its_areas_with_progress_at_once(qtbot, fgw) -> None:
    window = MainWindow(fgw)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.area_panel.area_text("08")[0] != "", timeout=3000)
    item = catalogs.load_items(fgw, catalogs.find_catalog(fgw, "08").id)[0]
    catalogs.edit_item(fgw, item.id, {"content": ""})  # changed underneath (as an import would)
    window.reload_all()
    assert window.area_panel.area_text("08")[0] == expected(fgw)["08"]


STARTUP_PROBE = """
import json, sys
import gongkai_desktop.ui.app
print(json.dumps(sorted(sys.modules)))
"""

NOT_AT_STARTUP = ("alembic", "openpyxl", "docx", "xlsxwriter", "cryptography", "gmssl", "lxml", "defusedxml",
                  "gongkai_desktop.documents", "gongkai_desktop.unit.distribution", "gongkai_desktop.keys",
                  "gongkai_desktop.office.importing", "gongkai_desktop.ui.review", "gongkai_desktop.ui.export_dialog",
                  "gongkai_desktop.ui.submit_dialog", "gongkai_desktop.ui.key_dialog", "gongkai_desktop.ui.unit_dialog",
                  "gongkai_desktop.ui.import_xlsx_dialog")


def test_starting_the_window_imports_no_module_only_an_action_needs() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", STARTUP_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = json.loads(proc.stdout.splitlines()[-1])
    assert "gongkai_desktop.ui.main_window" in loaded
    early = [m for m in loaded if any(m == name or m.startswith(name + ".") for name in NOT_AT_STARTUP)]
    assert early == []
