"""What every flat record table in both windows shares: a model over ``rows`` under fixed headers,
and a read-only, one-row-at-a-time view.

Seven tables (items, problems, received comments, import verdicts, queue, keys, submission items)
each wrote the same rowCount/columnCount/headerData and the same view set-up; a change to how a
table behaves (say, selection) now happens once. The models still hold no rules (style.md #5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A flat table: one record per entry of ``rows``, one column per entry of ``headers``."""

    headers: Sequence[str] = ()
    rows: Sequence[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def read_only_rows(view: QTableView, widths: Iterable[int] = (), dense: bool = False) -> None:
    """Whole rows selected one at a time, no in-place editing (edits go through dialogs or commands),
    no row numbers; then the columns' starting widths.

    ``dense``: the small panels under the form (问题, 审核意见) show one line per row at a fixed
    height, in alternating colours, so many rows fit.
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)
    if dense:
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
