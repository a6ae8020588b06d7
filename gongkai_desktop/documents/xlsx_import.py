"""Reading a catalog a unit keeps in Excel (national layout or close to it) into a preview.

Nothing is written here: `read_xlsx` returns an `ImportPreview` with, per sheet, the area it was
recognised as, where its header is, which column means what, the rows read (as ItemRecord-like
dicts) and every row that could not be read with the reason — so the user sees all of it before
`documents.ops.apply_import` writes anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import vocab
from ..errors import DomainError
from ..itemrules import normalise
from . import xlsx_columns as xc
from .xlsx_safety import check_xlsx_file

MAX_ROWS = 100_000
MAX_COLS = 200
HEADER_SEARCH_ROWS = 40
FORMULA_START = ("=", "+", "-", "@")


@dataclass(slots=True)
class RowProblem:
    sheet: str
    row: int
    reason: str


@dataclass(slots=True)
class SheetPreview:
    """What was understood of one worksheet."""

    name: str
    title: str = ""
    area_code: str | None = None
    area_name: str = ""
    header_row: int = 0  # 1-based; 0 when no header was found
    columns: dict[str, str] = field(default_factory=dict)  # column letter → what it was read as
    ignored_columns: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # item fields the sheet has columns for
    rows: list[dict[str, Any]] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    skipped: str = ""  # why the whole sheet was not read


@dataclass(slots=True)
class ImportPreview:
    path: str
    sheets: list[SheetPreview] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(len(s.rows) for s in self.sheets)

    @property
    def refused(self) -> list[RowProblem]:
        return [p for s in self.sheets for p in s.refused]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for s in self.sheets for p in s.warnings]

    @property
    def ok(self) -> bool:
        """Every row was read and there is something to import."""
        return self.rows_read > 0 and not self.refused

    def lines(self) -> list[str]:
        """The preview as the CLI prints it and the window lists it (Chinese)."""
        out = []
        for s in self.sheets:
            if s.skipped:
                out.append(f"工作表“{s.name}”：未读取（{s.skipped}）")
                continue
            area = f"（{s.area_code}）{s.area_name}" if s.area_code else "未识别领域"
            out.append(f"工作表“{s.name}”：{area}，表头在第 {s.header_row} 行，读取 {len(s.rows)} 个事项，"
                       f"无法读取 {len(s.refused)} 行")
            if s.ignored_columns:
                out.append(f"  未导入的列：{'、'.join(s.ignored_columns)}")
            out += [f"  第 {p.row} 行无法读取：{p.reason}" for p in s.refused]
            out += [f"  第 {p.row} 行提示：{p.reason}" for p in s.warnings]
        out.append(f"合计读取 {self.rows_read} 个事项，无法读取 {len(self.refused)} 行。")
        return out


def read_xlsx(path: str | Path, areas: Sequence[tuple[str, str]] | None = None,
              area_code: str | None = None) -> ImportPreview:
    """Read every visible sheet of ``path``; ``areas`` are (code, name) pairs to recognise sheets by.

    ``area_code`` assigns every sheet to that area. Raises `DomainError` for a file that cannot be
    read at all (not an .xlsx, password, bomb, corrupt); problems of single rows go in the preview.
    """
    check_xlsx_file(path)
    areas = list(areas) if areas is not None else _shipped_areas()
    wb = _open_workbook(Path(path))
    preview = ImportPreview(str(path))
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            preview.sheets.append(_read_sheet(ws, areas, area_code))
    finally:
        wb.close()
    if not preview.sheets:
        raise DomainError("no_sheets", "文件中没有可读取的工作表。")
    return preview


def _shipped_areas() -> list[tuple[str, str]]:
    from ..resources import load_areas

    return [(a.code, a.name) for a in load_areas()]


def _open_workbook(path: Path) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, read_only=False, data_only=True, keep_links=False)
    except InvalidFileException as exc:
        raise DomainError("not_xlsx", f"{path.name} 不是 Excel 工作簿（.xlsx）。") from exc
    except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile file is one message
        name = type(exc).__name__
        if name in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"):
            raise DomainError("xml_entities", f"{path.name} 含有不允许的 XML 实体声明，可能是恶意构造的文件，已拒绝。") from exc
        raise DomainError("corrupt_xlsx", f"{path.name} 已损坏或格式不正确，无法读取（{name}）。") from exc


# One sheet --------------------------------------------------------------------------------------

def _read_sheet(ws: Any, areas: Sequence[tuple[str, str]], area_code: str | None) -> SheetPreview:
    sheet = SheetPreview(ws.title)
    if ws.max_row > MAX_ROWS:
        sheet.skipped = f"超过 {MAX_ROWS} 行，过大"
        return sheet
    grid, filled = _grid(ws)
    found = _find_header(grid)
    if found is None:
        sheet.skipped = "未找到表头（应有“一级事项”“二级事项”“公开内容”等列）"
        return sheet
    top, depth = found
    sheet.header_row = top + 1
    sheet.title = " ".join(v for r in grid[:top] for v in dict.fromkeys(r) if v)[:200]
    _assign_area(sheet, areas, area_code)
    maps = _map_columns(grid, top, depth, sheet)
    if not any(m and m.field in ("level1", "level2") for m in maps):
        sheet.skipped = "表头中没有“一级事项”或“二级事项”列"
        return sheet
    _read_rows(grid, filled, top + depth, maps, sheet)
    return sheet


def _grid(ws: Any) -> tuple[list[list[str]], set[int]]:
    """The sheet as text, merged ranges filled with their top-left value (merged 一级事项, 公开主体…).

    Also returns the rows that have a cell of their own (not only copies from a merged range above),
    so a spacer row inside a merged 一级事项 stays a spacer.
    """
    ncols = min(ws.max_column or 0, MAX_COLS)
    grid = [[cell_text(v) for v in row] for row in ws.iter_rows(max_col=ncols, values_only=True)]
    own = {r for r, row in enumerate(grid) if any(row)}
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text[:1] == "'" and text[1:2] in FORMULA_START and text[1:2]:
                row[c] = _unquote(ws, r, c, text)
    for rng in ws.merged_cells.ranges:
        r1, c1 = rng.min_row - 1, rng.min_col - 1
        if r1 >= len(grid) or c1 >= ncols:
            continue
        value = grid[r1][c1]
        for r in range(r1, min(rng.max_row, len(grid))):
            for c in range(c1, min(rng.max_col, ncols)):
                grid[r][c] = value
    return grid, own


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
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _unquote(ws: Any, r: int, c: int, text: str) -> str:
    """'=… typed to keep a formula as text: the apostrophe is the escape, not part of the text.

    A cell that carries Excel's own quote-prefix style was escaped that way instead, and its
    apostrophe is real text (our exporter writes “'=x” so).
    """
    return text if ws.cell(row=r + 1, column=c + 1).quotePrefix else text[1:]


def _find_header(grid: list[list[str]]) -> tuple[int, int] | None:
    """(row index, 1 or 2 rows) of the header: the first row naming at least three known columns."""
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        known = sum(1 for v in dict.fromkeys(row) if xc.is_header_word(v))
        if known >= 3:
            nxt = grid[r + 1] if r + 1 < len(grid) else []
            two = any(xc.norm(v) in xc.SUB_HEADER_WORDS or _channel_sub(row, nxt, c) for c, v in enumerate(nxt))
            return r, 2 if two else 1
    return None


def _channel_sub(top: list[str], sub: list[str], c: int) -> bool:
    return c < len(top) and xc.norm(top[c]).startswith("公开渠道") and xc.canonical_channel(sub[c]) is not None


def _assign_area(sheet: SheetPreview, areas: Sequence[tuple[str, str]], area_code: str | None) -> None:
    names = dict(areas)
    if area_code:
        sheet.area_code, sheet.area_name = area_code, names.get(area_code, area_code)
        return
    for text in (sheet.name, sheet.title):
        hits = [(code, name) for code, name in areas if name and name in text]
        if hits:
            sheet.area_code, sheet.area_name = max(hits, key=lambda h: len(h[1]))
            return


def _map_columns(grid: list[list[str]], top: int, depth: int, sheet: SheetPreview) -> list[xc.ColumnMap | None]:
    from openpyxl.utils import get_column_letter

    width = max(len(grid[top]), len(grid[top + depth - 1]))
    maps: list[xc.ColumnMap | None] = []
    group = ""
    for c in range(width):
        head = grid[top][c] if c < len(grid[top]) else ""
        sub = grid[top + 1][c] if depth == 2 and c < len(grid[top + 1]) else ""
        if not head and sub and group:
            head = group  # a group header typed once over its columns instead of merged across them
        group = head if sub and head != sub else ""
        m = xc.classify(head, sub)
        if m is not None and m.kind != "tick" and m.field and any(x and x.field == m.field and x.kind == m.kind
                                                                  for x in maps):
            m = xc.ColumnMap("ignored", header=m.header + "（重复的列）")
        maps.append(m)
        letter = get_column_letter(c + 1)
        if m is None:
            if head or sub:
                sheet.ignored_columns.append(f"{letter} {xc.norm(sub or head)}")
        elif m.kind == "ignored":
            sheet.ignored_columns.append(f"{letter} {m.header}")
        else:
            sheet.columns[letter] = m.header
    sheet.fields = sorted({m.field for m in maps if m and m.field} | _implied_fields(maps))
    return maps


def _implied_fields(maps: list[xc.ColumnMap | None]) -> set[str]:
    return {"channel_other"} if any(m and m.field == "channels" for m in maps) else set()


def _read_rows(grid: list[list[str]], own: set[int], first: int, maps: list[xc.ColumnMap | None],
               sheet: SheetPreview) -> None:
    header_texts = {xc.norm(v) for v in grid[first - 1] if v}
    level1 = ""
    for r in range(first, len(grid)):
        cells = [grid[r][c] if c < len(grid[r]) else "" for c in range(len(maps))]
        used = [v for v, m in zip(cells, maps) if v and m and m.kind != "index"]
        if not used or r not in own:
            continue  # spacer row (or only a 序号, or only what a merged range above spills into it)
        distinct = set(used)
        if sum(1 for v in used if xc.norm(v) in header_texts) >= 3:
            continue  # the header repeated (a page break in a hand-made sheet)
        if len(distinct) == 1 and (len(used) >= 3 or _is_note(used[0])):
            if not _is_note(used[0]):
                level1 = xc.strip_numbering(used[0])  # a section row spanning the table: 一、政策文件
            continue
        row, problems, notes = parse_row(cells, maps)
        if not row["level1"] and not row["level2"]:
            problems.append("缺少一级事项和二级事项名称")
        if not row["level1"]:
            row["level1"] = level1  # blank under a level-1 name, or under a section row: the same group
        level1 = row["level1"] or level1
        if problems:
            sheet.refused.append(RowProblem(sheet.name, r + 1, "；".join(problems)))
            continue
        sheet.warnings += [RowProblem(sheet.name, r + 1, n) for n in notes]
        row["row"] = r + 1
        sheet.rows.append(row)


def _is_note(text: str) -> bool:
    return text.startswith(("注：", "注:", "说明：", "说明:", "备注：", "填表说明", "注 ："))


# One row ----------------------------------------------------------------------------------------

def empty_row() -> dict[str, Any]:
    return {"level1": "", "level2": "", "content": "", "basis": "", "time_limit": "", "publisher": "",
            "channels": [], "channel_other": "", "channels_optional": [], "audience": [], "mode": "", "levels": [],
            "attribute": "", "legal_ground": "", "applicability": "", "applicability_reason": "", "remarks": "",
            "source": "", "template_code": None, "five_disclosures": []}


def parse_row(cells: Sequence[str], maps: Sequence[xc.ColumnMap | None]) -> tuple[dict[str, Any], list[str], list[str]]:
    """(row dict, reasons it cannot be read, notes) of one data row."""
    row = empty_row()
    problems: list[str] = []
    notes: list[str] = []
    modes: list[str] = []
    for text, m in zip(cells, maps):
        if m is None or m.kind in ("index", "ignored"):
            continue
        if m.kind == "text":
            _set_text(row, m, text, problems)
        elif m.kind == "channels":
            _set_channels(row, text, notes)
        elif m.kind == "tick":
            _set_tick(row, m, text, problems, modes)
        elif m.kind == "choice":
            values, unknown = xc.choice_words(text, m.field)
            if unknown:
                problems.append(f"{m.header}中的“{'、'.join(unknown)}”无法识别")
            modes += values if m.field == "mode" else []
            if m.field != "mode":
                row[m.field] = values
    _finish_mode(row, modes, notes)
    for name in ("audience", "levels", "channels"):
        row[name] = normalise(name, row[name]) if not problems else row[name]
    return row, problems, notes


def _set_text(row: dict[str, Any], m: xc.ColumnMap, text: str, problems: list[str]) -> None:
    f = m.field
    if f in ("applicability", "source"):
        if text:
            code = xc.label_to_code(f, text)
            if code is None:
                problems.append(f"{m.header}“{text}”不是可选项")
            row[f] = code or ""
        return
    if f == "attribute":
        if text and text not in vocab.ATTRIBUTES:
            problems.append(f"公开属性“{text}”应为主动公开、依申请公开或不予公开")
        row[f] = text
        return
    if f == "five_disclosures":
        words = [w for w in xc._LIST_SPLIT.split(text) if w]
        bad = [w for w in words if w not in vocab.FIVE_DISCLOSURES]
        if bad:
            problems.append(f"五公开中的“{'、'.join(bad)}”不是决策、执行、管理、服务、结果之一")
        row[f] = [w for w in vocab.FIVE_DISCLOSURES if w in words]
        return
    if f == "template_code":
        row[f] = text or None
        return
    if len(text) > 20000:
        problems.append(f"{m.header}超过 20000 字")
    row[f] = text


def _set_channels(row: dict[str, Any], text: str, notes: list[str]) -> None:
    cell = xc.parse_channels(text)
    row["channels"] = xc.listed_order(cell.chosen)
    row["channels_optional"] = xc.listed_order(cell.listed)
    row["channel_other"] = cell.other
    if cell.unknown:
        notes.append(f"未识别的公开渠道“{'、'.join(cell.unknown)}”记入“其他”")


def _set_tick(row: dict[str, Any], m: xc.ColumnMap, text: str, problems: list[str], modes: list[str]) -> None:
    ticked, rest = xc.tick(text)
    if m.field == "channels" and m.value == vocab.CHANNEL_OTHER and rest:
        row["channel_other"] = rest
        ticked = bool(ticked)
    if ticked is None:
        problems.append(f"“{m.header}”一栏的“{text}”不是勾选标记（应为 √ 或留空）")
        return
    if not ticked:
        return
    if m.field == "mode":
        modes.append(m.value)
    elif m.value not in row[m.field]:
        row[m.field].append(m.value)


def _finish_mode(row: dict[str, Any], modes: list[str], notes: list[str]) -> None:
    modes = list(dict.fromkeys(modes))
    if len(modes) > 1:
        notes.append("公开方式同时勾选了主动和依申请，按“主动”导入")
    row["mode"] = "主动" if "主动" in modes else (modes[0] if modes else "")
    if not row["attribute"]:
        row["attribute"] = "依申请公开" if row["mode"] == "依申请" else "主动公开"
