"""First start: ask whose workspace this is when it has no role yet (and on 设置 → 本单位)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from .. import identity, reference
from ..errors import DomainError
from ..workspace import ROLE_REVIEW, Workspace
from . import prefecture_choice


def choose_identity(ws: Workspace, parent: QWidget | None = None) -> bool:
    """Show the unit dialog and record the choice; False when the user cancelled or it was refused."""
    from .unit_dialog import REVIEW_OFFICE, UnitDialog  # only on first start or 设置 → 本单位

    if ws.role == ROLE_REVIEW:
        QMessageBox.information(parent, "本单位", "此工作区属于市府办政务公开办（审核端），不能改为单位工作区。如需编制单位目录，请在“文件 → 数据目录”中另选一个目录。")
        return False
    dialog = UnitDialog(reference.list_units(ws), reference.list_areas(ws), current=ws.unit_code,
                        allow_review_office=ws.role is None, parent=parent)
    if ws.role is None:
        prefecture_choice.add_prefecture_choices(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    chosen = dialog.chosen()
    try:
        if prefecture_choice.is_prefecture_choice(chosen):
            prefecture_choice.choose(ws, chosen)
        elif chosen == REVIEW_OFFICE:
            identity.choose_review_office(ws)
        elif chosen:
            identity.choose_unit(ws, chosen)
    except DomainError as exc:
        QMessageBox.warning(parent, "无法选择", exc.message)
        return False
    return chosen is not None
