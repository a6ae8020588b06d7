"""Fixed limits on the work one file may cause, for every reader (Excel, old Excel, Word).

A small hostile file can describe a huge sheet: one cell at GR100000 (a dense reader builds 20
million cells), a merged range A1:XFD1048576, millions of empty cells, a shared-strings table of
millions of entries. Readers here never build a sheet's rectangle: they stream the cells that
exist, keep only the rows with text, and charge every cell, merged range and filled cell to a
`Budget`; past a limit the file is refused with a Chinese message before memory or time run out.
Real catalogs (a few thousand rows, 20 columns) stay far below every limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..errors import DomainError

MAX_COLS = 200  # columns read per table; text further right is ignored
MAX_ROWS = 100_000  # rows with text per table
MAX_CELLS = 1_000_000  # cells per file (empty ones included); a 1,500-item catalog has ~30,000
MAX_MERGES = 50_000  # merged ranges per table
MAX_FILL = 4_000_000  # cells filled from merged ranges per file
MAX_TABLES = 200  # worksheets or Word tables per file
MAX_SHARED_STRINGS = 1_000_000
MAX_PART_BYTES = 120 * 1024 * 1024  # one sheet's or document's XML, uncompressed
MAX_SECONDS = 90.0  # reading one file


@dataclass(slots=True)
class Budget:
    """What one file has cost so far; every charge checks its limit."""

    name: str
    cells: int = 0
    filled: int = 0
    tables: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float = field(default_factory=lambda: MAX_SECONDS)

    def cell(self, n: int = 1) -> None:
        self.cells += n
        if self.cells > MAX_CELLS:
            raise DomainError("too_many_cells", f"{self.name} 含有超过 {MAX_CELLS} 个单元格，远超一份目录的大小，"
                              "可能是恶意构造的文件，已拒绝。请只保留目录表格后再导入。")
        if self.cells % 4096 == 0:
            self.clock()

    def fill(self, n: int) -> None:
        self.filled += n
        if self.filled > MAX_FILL:
            raise DomainError("too_many_merged", f"{self.name} 的合并单元格范围过大（合计超过 {MAX_FILL} 个单元格），"
                              "可能是恶意构造的文件，已拒绝。")
        self.clock()

    def table(self) -> None:
        self.clock()
        self.tables += 1
        if self.tables > MAX_TABLES:
            raise DomainError("too_many_tables", f"{self.name} 含有超过 {MAX_TABLES} 个工作表或表格，已拒绝。"
                              "请把目录放在较少的工作表中再导入。")

    def merges(self, n: int) -> None:
        if n > MAX_MERGES:
            raise DomainError("too_many_merged", f"{self.name} 的一个表格中有超过 {MAX_MERGES} 处合并单元格，"
                              "可能是恶意构造的文件，已拒绝。")

    def clock(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise DomainError("read_timeout", f"读取 {self.name} 超过 {int(self.seconds)} 秒仍未完成，已停止。"
                              "文件可能过大或是恶意构造的；请只保留目录表格后再导入。")
