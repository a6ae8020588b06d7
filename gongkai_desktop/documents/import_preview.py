"""What a read of a catalog file understood, before anything is written: the import's preview.

The readers (Excel, old Excel, Word, converted WPS/.doc) fill these records; the CLI prints
`ImportPreview.lines()` and the window lists the same. `unit.imports` writes exactly the rows a
preview holds (`SheetPreview.rows`, already cleaned by the item rules), so what the preview calls
readable is what gets written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RowProblem:
    sheet: str
    row: int
    reason: str


@dataclass(slots=True)
class SheetPreview:
    """What was understood of one table: a worksheet, a Word table, or one area's part of either."""

    name: str
    title: str = ""
    area_code: str | None = None
    area_name: str = ""
    header_row: int = 0  # 1-based; 0 when no header was found
    columns: dict[str, str] = field(default_factory=dict)  # column letter → what it was read as
    ignored_columns: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # item fields the table has columns for
    rows: list[dict[str, Any]] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the whole table (a column kept in 备注 …)
    skipped: str = ""  # why the whole table was not read
    row_word: str = "行"  # how a row is named in messages
    header_cells: list[list[str]] = field(default_factory=list, repr=False)  # for a Word table continued without one


@dataclass(slots=True)
class ImportPreview:
    path: str
    sheets: list[SheetPreview] = field(default_factory=list)
    kind: str = "xlsx"  # xlsx / xls / docx, and the original format when converted (doc, wps, et)
    plan_lines: list[str] = field(default_factory=list)  # matching to the template, filled by unit.imports

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

    def unknown_area_sheets(self) -> list[str]:
        return [s.name for s in self.sheets if not s.skipped and s.rows and not s.area_code]

    def sheet_lines(self, s: SheetPreview) -> list[str]:
        """One table's lines: the head line, then ignored columns, notes, refused rows, hints."""
        if s.skipped:
            return [f"{_what(self.kind)}“{s.name}”：未读取（{s.skipped}）"]
        area = f"（{s.area_code}）{s.area_name}" if s.area_code else "未识别领域"
        out = [f"{_what(self.kind)}“{s.name}”：{area}，表头在第 {s.header_row} 行，读取 {len(s.rows)} 个事项，"
               f"无法读取 {len(s.refused)} 行"]
        if s.ignored_columns:
            out.append(f"  未导入的列：{'、'.join(s.ignored_columns)}")
        out += [f"  说明：{n}" for n in s.notes]
        out += [f"  第 {p.row} 行无法读取：{p.reason}" for p in s.refused]
        out += [f"  第 {p.row} 行提示：{p.reason}" for p in s.warnings]
        return out

    def lines(self) -> list[str]:
        """The preview as the CLI prints it and the window lists it (Chinese)."""
        out = [line for s in self.sheets for line in self.sheet_lines(s)]
        out += self.plan_lines
        out.append(f"合计读取 {self.rows_read} 个事项，无法读取 {len(self.refused)} 行。")
        return out


def _what(kind: str) -> str:
    return "表格" if kind in ("docx", "doc", "wps") else "工作表"
