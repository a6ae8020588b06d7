"""The window's figures, measured on the real window objects (offscreen), and Qt's proxy baseline.

Every timed step ends with ``processEvents()``, so what is measured includes the model reset and
the repaint the user waits for, not just the Python call.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .config import FILTER_TEXTS
from .one import Case
from .workload import ROOT, Workload, copy_workspace

WINDOW_SIZE = (1366, 768)  # a township laptop's screen


def _qt_app(tmp: Path) -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    from gongkai_desktop.ui.app import make_application

    return make_application()


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


def _window(wl: Workload, tmp: Path) -> Any:
    """The big-area unit's window, shown, on a normal area (the big one is opened by the figures)."""
    from gongkai_desktop.ui.main_window import MainWindow
    from gongkai_desktop.workspace import Workspace

    _qt_app(tmp)
    ws = Workspace.open(copy_workspace(wl.path("unit"), tmp / "unit"))
    window = MainWindow(ws)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.area_panel.select_area(wl.info["other_area"])
    _settle()
    return window


def _open_big(window: Any, wl: Workload) -> None:
    window.area_panel.select_area(wl.info["big_area"])
    _settle()
    assert window.doc.area is not None and window.doc.area.code == wl.info["big_area"]
    assert window.model.rowCount() == wl.info["sizes"]["big_area"], window.model.rowCount()


# Cold start ---------------------------------------------------------------------------------------

def case_cold_start(wl: Workload, tmp: Path) -> Case:
    """A new process per run: interpreter, imports, workspace, window, first paint of the item table."""
    counter = iter(range(10**6))
    state: dict[str, Path] = {}

    def before() -> None:
        n = next(counter)
        state["data"] = copy_workspace(wl.path("unit"), tmp / f"unit-{n}")
        state["settings"] = tmp / f"qsettings-{n}"

    def run() -> tuple[float, float]:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-m", "benchmarks.coldstart", str(state["data"]), str(state["settings"])],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"cold start failed: {proc.stdout[-500:]} {proc.stderr[-2000:]}")
        out = json.loads(lines[-1])
        return out["painted"] - t0, out["peak_rss_mib"]

    return Case(run, before, self_timed=True,
                info={"workspace": f"{wl.info['big_unit']}：{wl.info['unit_catalogs']} 个目录，{wl.info['unit_items']} 个事项"})


# The window's figures -----------------------------------------------------------------------------

def case_open_area(wl: Workload, tmp: Path) -> Case:
    """Click the big area in the area list: query, validate, model reset, repaint."""
    window = _window(wl, tmp)

    def before() -> None:
        window.area_panel.select_area(wl.info["other_area"])
        _settle()

    def run() -> None:
        window.area_panel.select_area(wl.info["big_area"])
        _settle()

    def after(_: Any) -> None:
        assert window.model.rowCount() == wl.info["sizes"]["big_area"]

    return Case(run, before, after, {"items": wl.info["sizes"]["big_area"]})


def case_validate_area(wl: Workload, tmp: Path) -> Case:
    """Every rule over every item of the open area (the window re-runs it after each edit)."""
    from gongkai_desktop.validation import validate_items

    window = _window(wl, tmp)
    _open_big(window, wl)
    doc = window.doc
    info: dict[str, Any] = {"items": len(doc.items)}

    def after(problems: Any) -> None:
        info["problems"] = len(problems)

    return Case(lambda: validate_items(doc.items, doc.required), after=after, info=info)


def _filter_case(wl: Workload, tmp: Path, name: str) -> Case:
    window = _window(wl, tmp)
    _open_big(window, wl)
    text = FILTER_TEXTS[name]
    info: dict[str, Any] = {"text": text, "items": len(window.doc.items)}

    def before() -> None:
        window.search.setText("")
        _settle()

    def run() -> None:
        window.search.setText(text)  # what one keystroke (or an input method's commit) does
        _settle()

    def after(_: Any) -> None:
        shown = window.model.rowCount()
        assert 0 < shown < len(window.doc.items), shown
        info["rows_shown"] = shown

    return Case(run, before, after, info)


def case_filter_2(wl: Workload, tmp: Path) -> Case:
    return _filter_case(wl, tmp, "filter_2")


def case_filter_4(wl: Workload, tmp: Path) -> Case:
    return _filter_case(wl, tmp, "filter_4")


def case_edit_commit(wl: Workload, tmp: Path) -> Case:
    """The form commits a typed change: undo entry, core edit with its change-log row, revalidation,
    row, form, problems and area list refreshed, repaint."""
    window = _window(wl, tmp)
    _open_big(window, wl)
    window.table.select_item(window.doc.items[len(window.doc.items) // 2].id)
    _settle()
    item_id = window.table.current_item_id()
    counter = iter(range(10**6))

    def run() -> None:
        window.form.commit.emit(item_id, {"remarks": f"基准测试修改第{next(counter)}次"}, None)
        _settle()

    def after(_: Any) -> None:
        assert window.doc.by_id[item_id].remarks.startswith("基准测试修改")

    from gongkai_desktop import db

    return Case(run, after=after, info={"items": len(window.doc.items), "field": "remarks", "synchronous": db.SYNCHRONOUS})


# Baseline: Qt's QSortFilterProxyModel over the same model ----------------------------------------

def _proxy_case(wl: Workload, tmp: Path, name: str) -> Case:
    """The same rows, the same window size, filtered by a QSortFilterProxyModel across all columns."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QTableView

    from gongkai_desktop.ui.item_table import ItemTableModel

    window = _window(wl, tmp)
    _open_big(window, wl)
    source = ItemTableModel(window.doc)
    source.rebuild()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.resize(window.table.size())
    view.show()
    window.hide()
    _settle()
    text = FILTER_TEXTS[name]
    info: dict[str, Any] = {"text": text}

    def before() -> None:
        proxy.setFilterFixedString("")
        _settle()

    def run() -> None:
        proxy.setFilterFixedString(text)
        _settle()

    def after(_: Any) -> None:
        info["rows_shown"] = proxy.rowCount()
        assert 0 < proxy.rowCount() < source.rowCount()

    return Case(run, before, after, info)


def case_proxy_filter_2(wl: Workload, tmp: Path) -> Case:
    return _proxy_case(wl, tmp, "proxy_filter_2")


def case_proxy_filter_4(wl: Workload, tmp: Path) -> Case:
    return _proxy_case(wl, tmp, "proxy_filter_4")
