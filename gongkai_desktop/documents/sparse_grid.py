"""Rows of a table from the cells that exist, merged ranges filled only where rows have text.

Readers collect cells as ``{row: {column: text}}`` (0-based) and merged ranges as
(first row, first column, last row, last column); `rows_with_text` gives the table as
`table_reader.RawTable` wants it. A merged range never makes rows or columns exist: it only copies
its value into rows that have text of their own, within the columns that have text, so a range
A1:XFD1048576 costs as much as the cells actually there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from .read_limits import MAX_COLS, Budget

Cells = dict[int, dict[int, str]]
Merge = tuple[int, int, int, int]


def rows_with_text(cells: Cells, merges: Iterable[Merge], budget: Budget) -> list[tuple[int, list[str]]]:
    """(1-based row number, texts) of every row that has text of its own, merged values filled in."""
    present = sorted(r for r, row in cells.items() if any(row.values()))
    width = min(MAX_COLS, 1 + max((c for r in present for c in cells[r]), default=-1))
    grid = {r: [cells[r].get(c, "") for c in range(width)] for r in present}
    for r1, c1, r2, c2 in merges:
        if r1 not in grid or c1 >= width:
            continue
        value = grid[r1][c1]
        if not value:
            continue
        last = min(c2, width - 1)
        lo, hi = bisect_left(present, r1), bisect_right(present, r2)
        budget.fill((hi - lo) * (last - c1 + 1))
        for r in present[lo:hi]:
            row = grid[r]
            for c in range(c1, last + 1):
                row[c] = value
    return [(r + 1, grid[r]) for r in present]
