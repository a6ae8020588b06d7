"""A long scripted editing session in the real unit window, run in its own process.

``python -m tests.ui.soak_window DATA_DIR EDITS`` opens a fresh workspace of 市发改局 in DATA_DIR,
starts areas 01 and 08 and then, for EDITS rounds, types into the form, ticks channels, undoes and
redoes, filters the table and switches areas, the way a clerk's day goes. It prints one line
``edits=N none_drift=D`` and exits 0. A broken Qt binding (issue 11: PySide6 6.12.0 on Python 3.11)
aborts the process with SIGABRT long before the end, which the calling test sees as a failure.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from gongkai_desktop import identity  # noqa: E402
from gongkai_desktop.ui.app import make_application  # noqa: E402
from gongkai_desktop.ui.main_window import MainWindow  # noqa: E402
from gongkai_desktop.unit import catalogs  # noqa: E402
from gongkai_desktop.workspace import Workspace  # noqa: E402


def type_line(edit, text: str) -> None:
    """Replace a single-line field's text the way a user does (select all, IME commit, Enter)."""
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def run(data_dir: str, rounds: int) -> tuple[int, int]:
    make_application()
    QMessageBox.warning = lambda *a, **k: None  # a refusal must not block the script
    ws = Workspace.open(data_dir)
    identity.choose_unit(ws, "市发改局")
    window = MainWindow(ws)
    window.show()
    for area in ("08", "01"):
        window.area_panel.select_area(area)
        if window.doc.catalog is None:
            QTest.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    before = sys.getrefcount(None)
    edits = 0
    for n in range(rounds):
        items = window.doc.items
        item = items[n % len(items)]
        assert window.table.select_item(item.id) or (window.search.clear() or window.table.select_item(item.id))
        type_line(window.form.texts["time_limit"], f"信息形成之日起{n % 30 + 1}个工作日内")
        type_line(window.form.texts["publisher"], f"市发改局{n % 7}")
        QTest.mouseClick(window.form.check_box("channels", "精准推送"), Qt.MouseButton.LeftButton)
        edits += 3
        window.actions_["undo"].trigger()
        window.actions_["redo"].trigger()
        if n % 5 == 0:
            window.search.setText("项目" if n % 10 else "")
            window.search.setText("")
        if n % 7 == 0:
            window.area_panel.select_area("08" if window.doc.area.code == "01" else "01")
        QApplication.processEvents()
    window.form.flush()
    drift = sys.getrefcount(None) - before
    assert catalogs.list_catalogs(ws), "the catalogs must still be there"
    window.close()
    ws.close()
    return edits, drift


if __name__ == "__main__":
    made, drift = run(sys.argv[1], int(sys.argv[2]))
    print(f"edits={made} none_drift={drift}")
