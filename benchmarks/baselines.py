"""What a user or a plain script would do instead, on the same data (the ratio ours / theirs).

- import and aggregation: read the county's catalogs as Excel files with pandas and concatenate them;
- the county aggregate to xlsx: the same rows with openpyxl's plain (not write-only) API;
- the Word export: the same rows with python-docx's plain ``add_row`` API;
- one edit: the same edit committed with ``synchronous=NORMAL``, as before issue 14 (faster, but a
  power cut could lose the last edits shown as saved): the difference is what durability costs.

The rows a baseline writes are prepared before the clock starts (the exporters gather theirs from
the database inside the timed part), so the comparison favours the baseline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .one import Case
from .workload import Workload, copy_workspace


def case_pandas_read_xlsx(wl: Workload, tmp: Path) -> Case:
    """Every sheet of every unit's .xlsx (written by our exporter) into one DataFrame."""
    import pandas as pd

    files = sorted(wl.path("xlsx").glob("*.xlsx"))
    info: dict[str, Any] = {"files": len(files), "engine": "openpyxl"}

    def run() -> Any:
        frames = []
        for f in files:
            sheets = pd.read_excel(f, sheet_name=None, header=None, skiprows=3, dtype=str)
            frames.extend(sheets.values())
        return pd.concat(frames, ignore_index=True)

    def after(df: Any) -> None:
        info["rows"] = len(df)
        assert len(df) >= wl.info["items"] * 0.99, (len(df), wl.info["items"])

    return Case(run, after=after, info=info)


def _county_rows(wl: Workload, tmp: Path) -> tuple[list[str], list[str], list[tuple[str, list[list[str]]]]]:
    """The county aggregate's sheets as plain rows of text, exactly the cells our exporter writes."""
    from gongkai_desktop.documents import layout
    from gongkai_desktop.documents.layout import ExportOptions, ExtraColumn
    from gongkai_desktop.office.reports import county_sheets
    from gongkai_desktop.workspace import Workspace

    ws = Workspace.open(copy_workspace(wl.path("office-approved"), tmp / "office"))
    sheets, units, flags = county_sheets(ws)
    key = lambda i: i.id + str(i.catalog_id)  # noqa: E731
    options = ExportOptions(extra_columns=[ExtraColumn("责任单位", lambda i: units.get(key(i), "")),
                                           ExtraColumn("审核提示", lambda i: flags.get(key(i), ""))])
    cols = layout.columns(options)
    out = [(s.name, [layout.row_texts(item, cols, n + 1, options.channels) for n, item in enumerate(s.items)])
           for s in sheets]
    ws.close()
    return [c.group for c in cols], [c.header for c in cols], out


def case_openpyxl_plain(wl: Workload, tmp: Path) -> Case:
    """A workbook, a sheet per area, two header rows, ``ws.append`` per row, save."""
    from openpyxl import Workbook

    groups, headers, sheets = _county_rows(wl, tmp)
    info: dict[str, Any] = {"sheets": len(sheets), "rows": sum(len(r) for _, r in sheets), "columns": len(headers)}

    def run() -> Path:
        wb = Workbook()
        wb.remove(wb.active)
        for name, rows in sheets:
            ws = wb.create_sheet(title=name[:31])
            ws.append(groups)
            ws.append(headers)
            for row in rows:
                ws.append(row)
        path = tmp / "plain.xlsx"
        wb.save(path)
        return path

    return Case(run, after=lambda p: p.unlink(), info=info)


def case_python_docx_add_row(wl: Workload, tmp: Path) -> Case:
    """A landscape document, a table with the header row, ``table.add_row()`` per item, cell texts, save."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from gongkai_desktop.documents import layout
    from gongkai_desktop.documents.docx_export import catalog_columns
    from gongkai_desktop.documents.layout import ExportOptions
    from gongkai_desktop.unit.exports import unit_sheets
    from gongkai_desktop.workspace import Workspace

    ws = Workspace.open(copy_workspace(wl.path("docx"), tmp / "docx"))
    sheet = unit_sheets(ws, [wl.info["docx_area"]])[0]
    options = ExportOptions()
    cols, _ = catalog_columns(options)
    rows = [layout.row_texts(item, cols, n + 1, options.channels) for n, item in enumerate(sheet.items)]
    headers = [c.header for c in cols]
    ws.close()

    def run() -> Path:
        doc = Document()
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        doc.add_heading(sheet.title, level=1)
        table = doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
        path = tmp / "plain.docx"
        doc.save(path)
        return path

    return Case(run, after=lambda p: p.unlink(), info={"rows": len(rows), "columns": len(headers)})


def case_edit_commit_synchronous_normal(wl: Workload, tmp: Path) -> Case:
    """The window's edit (figure ``edit_commit``) committed the way it was before issue 14."""
    from gongkai_desktop import db

    from .figures_ui import case_edit_commit

    db.SYNCHRONOUS = "NORMAL"  # this process only: each figure and baseline runs in its own
    case = case_edit_commit(wl, tmp)
    case.info["synchronous"] = db.SYNCHRONOUS
    return case
