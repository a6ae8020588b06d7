"""First start: ask whose workspace this is when it has no role yet (and on 设置 → 本单位).

A new workspace first asks for the role (`RoleDialog`: 本单位填报 / 市府办审核 / 市级审核, explicit
buttons), then, for a unit, which unit (`UnitDialog`), for 市级审核 which prefecture
(`PrefectureDialog`); cancelling the second step goes back to the role choice. The choice is recorded
by the same core operations as `gongkai init --unit / --review-office / --prefecture`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from .. import identity, reference
from ..errors import DomainError
from ..levels import choose_prefecture
from ..workspace import ROLE_REVIEW, Workspace
from . import prefecture_choice


def choose_identity(ws: Workspace, parent: QWidget | None = None) -> bool:
    """Record whose workspace this is; False when the user cancelled or it was refused."""
    from .role_dialog import ROLE_OFFICE_CHOICE, ROLE_PREFECTURE_CHOICE, RoleDialog  # first start, 设置 → 本单位

    if ws.role == ROLE_REVIEW:
        QMessageBox.information(parent, "本单位", "此工作区属于市府办政务公开办（审核端），不能改为单位工作区。如需编制单位目录，请在“文件 → 数据目录”中另选一个目录。")
        return False
    if ws.role is not None:  # a unit's workspace: only the unit can be changed (设置 → 本单位)
        return _choose_unit(ws, parent)
    while True:
        dialog = RoleDialog(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return False
        if dialog.chosen() == ROLE_OFFICE_CHOICE:
            return _record(parent, lambda: identity.choose_review_office(ws))
        if dialog.chosen() == ROLE_PREFECTURE_CHOICE:
            region = prefecture_choice.pick_region(parent)
            if region is not None:
                return _record(parent, lambda code=region: choose_prefecture(ws, code))
            continue
        if _choose_unit(ws, parent):
            return True


def _choose_unit(ws: Workspace, parent: QWidget | None) -> bool:
    from .unit_dialog import UnitDialog

    dialog = UnitDialog(reference.list_units(ws), reference.list_areas(ws), current=ws.unit_code,
                        allow_review_office=False, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    chosen = dialog.chosen()
    return chosen is not None and _record(parent, lambda: identity.choose_unit(ws, chosen))


def _record(parent: QWidget | None, choose: Callable[[], object]) -> bool:
    try:
        choose()
    except DomainError as exc:
        QMessageBox.warning(parent, "无法选择", exc.message)
        return False
    return True
