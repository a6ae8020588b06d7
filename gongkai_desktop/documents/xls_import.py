"""Reading an old Excel workbook (.xls, and WPS's .et, which is the same BIFF format) with xlrd.

xlrd reads the whole file at once, so the file itself is capped (an .xls catalog of 1,500 rows is
about 1 MB) and rows are kept ragged (no padding to the widest row); cells and merged ranges are
then charged to the same `read_limits.Budget` as every other reader, and the rows with text go to
the one table reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import DomainError
from .read_limits import MAX_COLS, MAX_ROWS, Budget
from .sparse_grid import Cells, rows_with_text
from .table_reader import RawTable
from .xlsx_import import cell_text

MAX_XLS_BYTES = 30 * 1024 * 1024


class NotReadableXls(DomainError):
    """xlrd could not read the file (a WPS variant, a damaged file): LibreOffice may still convert it."""


def xls_tables(path: Path) -> Iterator[RawTable]:
    """Each visible worksheet of an .xls file as a `RawTable`."""
    if path.stat().st_size > MAX_XLS_BYTES:
        raise DomainError("file_too_big", f"{path.name} 超过 {MAX_XLS_BYTES // 1024 // 1024} MB，"
                          "对旧版 Excel 文件来说过大，无法导入。请另存为 .xlsx 后再导入。")
    book = _open(path)
    budget = Budget(path.name)
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility != 0:
                continue
            budget.table()
            yield _sheet(book, sheet, budget)
            book.unload_sheet(index)
    finally:
        book.release_resources()


def _open(path: Path) -> Any:
    import xlrd

    try:
        return xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, ragged_rows=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise DomainError("password_protected", "文件有密码保护，请先在 Excel 中取消密码") from exc
        raise NotReadableXls("corrupt_xls", f"{path.name} 不是有效的旧版 Excel（.xls）文件，无法读取。"
                             "请在 Excel 或 WPS 中打开后“另存为”Excel 工作簿（.xlsx）再导入。") from exc
    except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile file is one message
        raise NotReadableXls("corrupt_xls", f"{path.name} 已损坏或不是有效的 .xls 文件，无法读取"
                             f"（{type(exc).__name__}）。") from exc


def _sheet(book: Any, sheet: Any, budget: Budget) -> RawTable:
    cells: Cells = {}
    for r in range(min(sheet.nrows, MAX_ROWS * 2)):
        row = sheet.row(r)[:MAX_COLS]
        budget.cell(len(row) or 1)
        kept = {c: t for c, cell in enumerate(row) if (t := _text(book, cell))}
        if kept:
            cells[r] = kept
    budget.merges(len(sheet.merged_cells))
    merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
    return RawTable(sheet.name, rows_with_text(cells, merges, budget), context=sheet.name)


def _text(book: Any, cell: Any) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_text(cell.value)
    return cell_text(cell.value)
