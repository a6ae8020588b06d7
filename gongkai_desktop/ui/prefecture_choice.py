"""First start: the 市级审核 choice beside a unit and the county office (kept apart from the chooser,
which is being reworked): one line per prefecture of the shipped hierarchy, and what choosing it does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from .. import hierarchy
from ..levels import choose_prefecture
from ..workspace import Workspace

PREFECTURE = "__prefecture__:"


def add_prefecture_choices(dialog: object) -> None:
    """Append 市级审核 lines (after the county office's) to a `UnitDialog`'s list."""
    for region in hierarchy.regions():
        if region.level != "prefecture":
            continue
        item = QListWidgetItem(f"{region.name}市级审核　审核、汇总所辖县（市、区）报送的目录（仅{region.office or region.name}使用）")
        item.setData(Qt.ItemDataRole.UserRole, PREFECTURE + region.code)
        item.setData(Qt.ItemDataRole.UserRole + 1, f"{region.name}市级审核 {region.office} 审核端".lower())
        dialog.list.addItem(item)


def is_prefecture_choice(chosen: str | None) -> bool:
    return bool(chosen) and chosen.startswith(PREFECTURE)


def choose(ws: Workspace, chosen: str) -> None:
    """Make the workspace the chosen prefecture's; the window then opens as the review window."""
    choose_prefecture(ws, chosen[len(PREFECTURE):])
