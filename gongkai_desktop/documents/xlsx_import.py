"""Reading a catalog a unit keeps in Excel (.xlsx) into a preview, within fixed limits.

`read_xlsx` checks the file as hostile (`xlsx_safety`), then streams each visible worksheet's cells
with openpyxl's sheet parser — only the cells that exist, never the sheet's rectangle — charging
them to a `read_limits.Budget`, and hands the rows with text to the one table reader
(`table_reader`). Nothing is written here; `unit.imports` writes what the preview holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import DomainError
from . import read_limits
from .import_preview import ImportPreview, RowProblem, SheetPreview
from .read_limits import MAX_COLS, Budget
from .sparse_grid import Cells, Merge, rows_with_text
from .table_reader import RawTable, empty_row, parse_row, read_table
from .xlsx_safety import check_xlsx_file

__all__ = ["ImportPreview", "RowProblem", "SheetPreview", "cell_text", "empty_row", "parse_row", "read_xlsx",
           "xlsx_tables", "preview_from_tables"]

MAX_ROWS = read_limits.MAX_ROWS
FORMULA_START = ("=", "+", "-", "@")


def read_xlsx(path: str | Path, areas: Sequence[tuple[str, str]] | None = None,
              area_code: str | None = None) -> ImportPreview:
    """Read every visible sheet of ``path``; ``areas`` are (code, name) pairs to recognise sheets by.

    ``area_code`` assigns every sheet to that area. Raises `DomainError` for a file that cannot be
    read at all (not an .xlsx, password, macros, bomb, corrupt, too big); problems of single rows go
    in the preview.
    """
    check_xlsx_file(path)
    return preview_from_tables(path, xlsx_tables(Path(path)), areas, area_code, "xlsx")


def preview_from_tables(path: str | Path, tables: Iterator[RawTable | SheetPreview],
                        areas: Sequence[tuple[str, str]] | None, area_code: str | None, kind: str) -> ImportPreview:
    """The preview of a file from its tables (a reader yields a `SheetPreview` for a table it skipped)."""
    areas = list(areas) if areas is not None else shipped_areas()
    preview = ImportPreview(str(path), kind=kind)
    for table in tables:
        if isinstance(table, SheetPreview):
            preview.sheets.append(table)
            continue
        previous = next((s for s in reversed(preview.sheets) if not s.skipped), None)
        parts = read_table(table, areas, area_code, previous)
        if _continues(table, parts, previous):  # a Word table split across pages, header not repeated
            assert previous is not None
            rows = [(previous.header_row, r) for r in previous.header_cells] + table.rows
            parts = read_table(RawTable(table.name, rows, table.context, table.row_word, True), areas, area_code,
                               previous)
        preview.sheets += parts
    if not preview.sheets:
        raise DomainError("no_sheets", "文件中没有可读取的工作表或表格。")
    return preview


def _continues(table: RawTable, parts: list[SheetPreview], previous: SheetPreview | None) -> bool:
    return (table.inherit_area and previous is not None and bool(previous.header_cells) and len(parts) == 1
            and parts[0].skipped.startswith("未找到表头") and bool(table.rows)
            and abs(len(table.rows[0][1]) - len(previous.header_cells[0])) <= 1)


def shipped_areas() -> list[tuple[str, str]]:
    from ..resources import load_areas

    return [(a.code, a.name) for a in load_areas()]


def xlsx_tables(path: Path) -> Iterator[RawTable | SheetPreview]:
    """Each visible worksheet as a `RawTable` (or a skipped `SheetPreview` when it is too big)."""
    wb = _open_workbook(path)
    budget = Budget(path.name)
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible" or not hasattr(ws, "_get_source"):
                continue
            budget.table()
            yield _sheet(wb, ws, budget)
    finally:
        wb.close()


def _open_workbook(path: Path) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except InvalidFileException as exc:
        raise DomainError("not_xlsx", f"{path.name} 不是 Excel 工作簿（.xlsx）。") from exc
    except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile file is one message
        raise _parse_error(path, exc) from exc


def _parse_error(path: Path, exc: Exception) -> DomainError:
    name = type(exc).__name__
    if name in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"):
        return DomainError("xml_entities", f"{path.name} 含有不允许的 XML 实体声明，可能是恶意构造的文件，已拒绝。")
    if isinstance(exc, DomainError):
        return exc
    return DomainError("corrupt_xlsx", f"{path.name} 已损坏或格式不正确，无法读取（{name}）。")


def _sheet(wb: Any, ws: Any, budget: Budget) -> RawTable | SheetPreview:
    """Stream one sheet: the cells that exist, within the limits; merged ranges read with them."""
    from openpyxl.worksheet._reader import WorkSheetParser

    cells: Cells = {}
    styles = wb._cell_styles
    try:
        with ws._get_source() as src:
            _prescan(src, budget)
        with ws._get_source() as src:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                     date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for r, row in parser.parse():
                budget.cell(len(row) or 1)
                kept = _row_texts(row, styles)
                if kept:
                    cells[r - 1] = kept
                    if len(cells) > MAX_ROWS:
                        return SheetPreview(ws.title, skipped=f"超过 {MAX_ROWS} 行，过大")
            merges = _merges(parser.merged_cells, budget)
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile sheet's parse error is one message
        raise _parse_error(Path(budget.name), exc) from exc
    return RawTable(ws.title, rows_with_text(cells, merges, budget), context=ws.title)


CELL_TAGS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")
MERGE_TAGS = (b"<mergeCell ", b"<mergeCell/", b":mergeCell ")
CHUNK = 1 << 20


def _prescan(src: Any, budget: Budget) -> None:
    """The sheet's real extent before any parsing: its cell and merged-range tags counted in the raw
    XML (a few milliseconds per megabyte), so a sheet of millions of cells or merges is refused at
    once instead of after a long parse. The parse then charges every cell again."""
    cells = merges = 0
    tail = b""
    while chunk := src.read(CHUNK):
        data = tail + chunk
        cells += sum(data.count(t) for t in CELL_TAGS)
        merges += sum(data.count(t) for t in MERGE_TAGS)
        tail = data[-16:]
        cells -= sum(tail.count(t) for t in CELL_TAGS)  # counted again with the next chunk
        merges -= sum(tail.count(t) for t in MERGE_TAGS)
        if budget.cells + cells > read_limits.MAX_CELLS:
            budget.cell(cells)
        budget.merges(merges)
    cells += sum(tail.count(t) for t in CELL_TAGS)
    merges += sum(tail.count(t) for t in MERGE_TAGS)
    budget.merges(merges)
    if budget.cells + cells > read_limits.MAX_CELLS:
        budget.cell(cells)


def _row_texts(row: list[dict[str, Any]], styles: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    for c in row:
        col = c["column"]
        if col > MAX_COLS or c["value"] is None:
            continue
        text = cell_text(c["value"])
        if text[:1] == "'" and text[1:2] in FORMULA_START and text[1:2] and not _quote_prefixed(styles, c):
            text = text[1:]  # '=… typed to keep a formula as text: the apostrophe is the escape
        if text:
            out[col - 1] = text
    return out


def _quote_prefixed(styles: Any, cell: dict[str, Any]) -> bool:
    """A cell with Excel's own quote-prefix style was escaped that way, and its apostrophe is real text
    (our exporter writes “'=x” so)."""
    try:
        return bool(styles[cell["style_id"]].quotePrefix) if cell["style_id"] else False
    except (IndexError, KeyError, TypeError):
        return False


def _merges(merged: Any, budget: Budget) -> list[Merge]:
    from openpyxl.utils.cell import range_boundaries

    if not merged:
        return []
    ranges = list(merged.mergeCell)
    budget.merges(len(ranges))
    out = []
    for m in ranges:
        try:
            c1, r1, c2, r2 = range_boundaries(m.ref)
        except (ValueError, TypeError):
            continue
        if None not in (c1, r1, c2, r2):
            out.append((r1 - 1, c1 - 1, r2 - 1, c2 - 1))
    return out


def cell_text(value: Any) -> str:
    """A cell's value as the text a user typed: numbers without “.0”, dates as dates, no formula quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "").strip()
