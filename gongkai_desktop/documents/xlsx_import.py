"""Reading a catalog a unit keeps in Excel (.xlsx) into a preview, within fixed limits.

`read_xlsx` checks the file as hostile (`xlsx_safety`), then measures each sheet's real extent from
its raw XML before any parser runs (cells, merged ranges, the last row and column actually used,
which cells carry Excel's quote-prefix style). A sheet whose used rectangle is small — every real
catalog — is read by python-calamine (Rust; ~10× faster than openpyxl); a sheet whose few cells sit
far apart (one cell at GR100000) is streamed instead with openpyxl's sheet parser, which visits only
the cells that exist. Either way cells are charged to a `read_limits.Budget` and the rows with text
go to the one table reader (`table_reader`). Nothing is written here; `unit.imports` writes what
the preview holds.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
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


MAX_DENSE = 3_000_000  # cells of a sheet's used rectangle that calamine may build


def xlsx_tables(path: Path) -> Iterator[RawTable | SheetPreview]:
    """Each visible worksheet as a `RawTable` (or a skipped `SheetPreview` when it is too big)."""
    budget = Budget(path.name)
    extents = _measure(path, budget)
    if extents and all(e.rows * e.cols <= MAX_DENSE for e in extents.values()):
        yield from _calamine_tables(path, extents, budget)
    else:
        yield from _openpyxl_tables(path, budget)


@dataclass(slots=True)
class Extent:
    """A sheet as its XML says it really is, before any parsing."""

    name: str
    part: str
    rows: int = 0
    cols: int = 0
    quoted: set[tuple[int, int]] = field(default_factory=set)  # cells styled quote-prefix (0-based)


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_STYLE = re.compile(rb'\bs="([0-9]+)"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,7})"')


def _measure(path: Path, budget: Budget) -> dict[str, Extent]:
    """The visible worksheets with their real extent, read from the package's XML with no parser."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        quoted_styles = _quoted_styles(zf, names)
        out: dict[str, Extent] = {}
        for name, part in _visible_sheets(zf, names):
            budget.table()
            extent = Extent(name, part)
            with zf.open(part) as src:
                _prescan(src, budget, extent, quoted_styles)
            out[name] = extent
    return out


def _visible_sheets(zf: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    from xml.sax.saxutils import unescape

    book = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    targets = {}
    for m in _REL.finditer(rels):
        a = dict(_ATTR.findall(m.group(0)))
        target = a.get(b"Target", b"").decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[a.get(b"Id", b"")] = part
    out = []
    for m in _SHEET.finditer(book):
        a = {k.split(b":")[-1]: v for k, v in _ATTR.findall(m.group(0))}
        part = targets.get(a.get(b"id", b""), "")
        if a.get(b"state", b"visible") in (b"hidden", b"veryHidden") or part not in names:
            continue
        out.append((unescape(a.get(b"name", b"").decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"}), part))
    return out


def _quoted_styles(zf: zipfile.ZipFile, names: set[str]) -> set[int]:
    """Indices of the cell styles (cellXfs) with Excel's quote prefix."""
    if "xl/styles.xml" not in names:
        return set()
    xml = zf.read("xl/styles.xml")
    start = xml.find(b"cellXfs")
    if start < 0:
        return set()
    end = xml.find(b"cellXfs", start + 7)
    return {i for i, m in enumerate(_XF.finditer(xml[start:end if end > 0 else len(xml)]))
            if b'quotePrefix="1"' in m.group(1) or b'quotePrefix="true"' in m.group(1)}


def _calamine_tables(path: Path, extents: dict[str, Extent], budget: Budget) -> Iterator[RawTable | SheetPreview]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile file is one message
        raise _parse_error(path, exc) from exc
    try:
        for name, extent in extents.items():
            try:
                sheet = wb.get_sheet_by_name(name)
                values = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except Exception as exc:  # noqa: BLE001
                raise _parse_error(path, exc) from exc
            yield _calamine_sheet(name, values, merged, extent, budget)
    finally:
        wb.close()


def _calamine_sheet(name: str, values: list[list[Any]], merged: list[Any], extent: Extent,
                    budget: Budget) -> RawTable | SheetPreview:
    cells: Cells = {}
    quoted = extent.quoted
    for r, row in enumerate(values):
        kept: dict[int, str] = {}
        for c, value in enumerate(row[:MAX_COLS]):
            if value == "" or value is None:
                continue
            text = cell_text(value)
            if text[:1] == "'" and text[1:2] in FORMULA_START and text[1:2] and (r, c) not in quoted:
                text = text[1:]  # '=… typed to keep a formula as text: the apostrophe is the escape
            if text:
                kept[c] = text
        budget.cell(len(kept) or 1)  # the rectangle is bounded by MAX_DENSE; the cells with text count
        if kept:
            cells[r] = kept
            if len(cells) > MAX_ROWS:
                return SheetPreview(name, skipped=f"超过 {MAX_ROWS} 行，过大")
    budget.merges(len(merged))
    merges = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in merged]
    return RawTable(name, rows_with_text(cells, merges, budget), context=name)


def _openpyxl_tables(path: Path, budget: Budget) -> Iterator[RawTable | SheetPreview]:
    """The streaming path: only the cells that exist are visited (a sheet whose cells sit far apart)."""
    wb = _open_workbook(path)
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible" or not hasattr(ws, "_get_source"):
                continue
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


def _prescan(src: Any, budget: Budget, extent: Extent, quoted_styles: set[int]) -> None:
    """The sheet's real extent before any parsing, from the raw XML (milliseconds per megabyte): its
    cell and merged-range tags counted (a sheet of millions is refused at once, not after a long
    parse), the last row and column that hold a cell, and the cells with a quote-prefix style."""
    cells = merges = 0
    tail = b""
    while chunk := src.read(CHUNK):
        data = tail + chunk
        cut = max(data.rfind(b">"), 0) + 1  # whole tags only; the rest waits for the next chunk
        whole, tail = data[:cut], data[cut:]
        cells += sum(whole.count(t) for t in CELL_TAGS)
        merges += sum(whole.count(t) for t in MERGE_TAGS)
        if budget.cells + cells > read_limits.MAX_CELLS:
            budget.cell(cells)
        budget.merges(merges)
        _refs(whole, extent, quoted_styles)
        if len(tail) > CHUNK:
            tail = b""  # no tag end in a whole chunk: not XML a cell can hide in
    budget.merges(merges)
    if budget.cells + cells > read_limits.MAX_CELLS:
        budget.cell(cells)


def _refs(xml: bytes, extent: Extent, quoted_styles: set[int]) -> None:
    """The last row and column used, and the quote-prefixed cells, with regular expressions only (no
    Python loop per cell: a sheet of a million cells is measured in a fraction of a second)."""
    rows = _ROW_REF.findall(xml)
    if rows:
        extent.rows = max(extent.rows, max(map(int, rows)))
    if extent.cols < 26 * 27:  # columns A–Z need no exact count: the rectangle is bounded by rows × 26
        for width in (3, 2):
            if _COL_REFS[width].search(xml):
                letters = _COL_REFS[width].findall(xml)
                extent.cols = max(extent.cols, min(_col_number(max(letters)), MAX_COLS))
                break
        else:
            extent.cols = max(extent.cols, 26)
    if quoted_styles:
        for pattern in _quoted_patterns(frozenset(quoted_styles)):
            for letters, row in pattern.findall(xml):
                extent.quoted.add((int(row) - 1, _col_number(letters) - 1))
                extent.rows = max(extent.rows, int(row))


def _col_number(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col


# A cell reference with n letters (r="AB12"); no other attribute of a sheet is named r with letters.
_COL_REFS = {n: re.compile(rb'\br="([A-Z]{%d})[0-9]' % n) for n in (1, 2, 3)}
_QUOTED: dict[frozenset[int], tuple[re.Pattern[bytes], re.Pattern[bytes]]] = {}


def _quoted_patterns(styles: frozenset[int]) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    if styles not in _QUOTED:
        alt = b"|".join(str(i).encode() for i in sorted(styles))
        _QUOTED[styles] = (
            re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?\bs="(?:' + alt + rb')"'),
            re.compile(rb'<(?:\w+:)?c\b[^>]*?\bs="(?:' + alt + rb')"[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"'))
    return _QUOTED[styles]


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
    if type(value) is str:  # the common case first
        if "\r" in value or "_x000D_" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
        return value.strip()
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
