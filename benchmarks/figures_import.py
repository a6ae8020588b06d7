"""The import figures (issue 15): a unit imports its 1,500-row catalog from Excel and from Word,
preview + write, as `gongkai import catalog` and the window do; the baseline is pandas
``read_excel`` of the same Excel file (for the Word figure too: pandas cannot read Word, and the
Excel read of the same rows is what a script would do instead).

The files are made before the clock starts (`import_files`), in the Zhejiang layout with merged
cells; the size is the workload's big area (1,500 rows; 300 with --quick). Each run imports into a
fresh workspace of the unit, so every run writes every row.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from .import_files import write_docx, write_xlsx
from .one import Case
from .workload import Workload


def _rows(wl: Workload) -> int:
    return int(wl.info["sizes"]["big_area"])


def _import_case(wl: Workload, tmp: Path, path: Path) -> Case:
    from gongkai_desktop.identity import choose_unit
    from gongkai_desktop.unit.imports import apply_import, read_catalog
    from gongkai_desktop.workspace import Workspace

    n = _rows(wl)
    counter = itertools.count()
    state: dict[str, Any] = {}

    def before() -> None:
        if "ws" in state:
            state["ws"].close()
        state["ws"] = ws = Workspace.open(tmp / f"unit-{next(counter)}")
        choose_unit(ws, "市公安局")

    def run() -> Any:
        ws = state["ws"]
        preview = read_catalog(ws, path, "04")
        return preview, apply_import(ws, preview, "04")

    def after(result: Any) -> None:
        preview, summary = result
        assert preview.rows_read == n and not preview.refused, preview.lines()[:5]
        assert summary.items_created == n, summary.lines()

    return Case(run, before, after, {"rows": n, "file": path.suffix, "bytes": path.stat().st_size})


def case_import_xlsx(wl: Workload, tmp: Path) -> Case:
    """Preview + write of the 1,500-row catalog kept in Excel."""
    return _import_case(wl, tmp, write_xlsx(tmp / "目录.xlsx", _rows(wl)))


def case_import_docx(wl: Workload, tmp: Path) -> Case:
    """Preview + write of the same catalog kept as one Word table."""
    return _import_case(wl, tmp, write_docx(tmp / "目录.docx", _rows(wl)))


def case_pandas_read_excel(wl: Workload, tmp: Path) -> Case:
    """pandas ``read_excel`` of the same .xlsx: every sheet, no header, text (what a script would do)."""
    import pandas as pd

    path = write_xlsx(tmp / "目录.xlsx", _rows(wl))

    def run() -> Any:
        return pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine="openpyxl")

    def after(frames: Any) -> None:
        assert sum(len(f) for f in frames.values()) >= _rows(wl)

    return Case(run, after=after, info={"rows": _rows(wl), "engine": "openpyxl"})
