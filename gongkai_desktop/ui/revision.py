"""A handed-in catalog in the window: locked until the clerk deliberately starts its revision.

A submitted (已提交) or approved (已通过) catalog is locked in the core (`itemrules.check_editable`);
the window says so before anyone types: a banner explains what the state means and what 开始修订
does (a new version that has to be submitted again), the form and the table are read-only, and
the banner's button — or 编辑 → 开始修订 — runs `catalogs.start_revision`, one undoable entry
(撤销 brings the locked state and its version back).

Also here: starting an area the unit is not responsible for asks first, naming who is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QPushButton

from .. import reference, vocab
from ..itemrules import LOCKED
from ..records import AreaInfo
from ..unit import catalogs

if TYPE_CHECKING:
    from .main_window import MainWindow

LOCKED_TEXT = {
    vocab.Status.APPROVED: "本目录已通过审核（v{version}），处于锁定状态。",
    vocab.Status.SUBMITTED: "本目录已提交审核（v{version}），处于锁定状态，等待市府办审核。",
}
REVISE_TEXT = "如需修改，请点击『开始修订』：将生成新版本 v{next}，修改后需重新提交审核。"


def locked_text(status: str, version: int) -> str:
    """The banner's sentence for a locked catalog (“本目录已通过审核…请点击『开始修订』…v2…”)."""
    head = LOCKED_TEXT.get(vocab.Status(status), "本目录处于锁定状态。") if status in LOCKED else ""
    return head.format(version=version) + REVISE_TEXT.format(next=version + 1)


def install(window: MainWindow) -> None:
    """The banner's 开始修订 button and 编辑 → 开始修订."""
    window.revise_button = QPushButton("开始修订")
    window.revise_button.setToolTip("生成本目录的新版本，之后即可修改；可用 Ctrl+Z 撤销")
    window.revise_button.clicked.connect(lambda: start_revision(window))
    window.banner.layout().addWidget(window.revise_button)
    window.revise_button.hide()
    window._action("start_revision", "开始修订", lambda: start_revision(window), menu="编辑")


def update(window: MainWindow) -> bool:
    """Show the locked banner when the open catalog is locked; True when it is shown."""
    cat = window.doc.catalog
    locked = cat is not None and cat.status in LOCKED and not window.is_review_office
    window.revise_button.setVisible(locked)
    window.actions_["start_revision"].setEnabled(locked)
    if locked:
        window.banner_text.setText(locked_text(cat.status, cat.version))
        window.start_button.hide()
        window.banner.show()
    return locked


def start_revision(window: MainWindow) -> None:
    cat = window.doc.catalog
    if cat is None or cat.status not in LOCKED:
        return
    catalog_id, version = cat.id, cat.version
    if window.run(lambda: catalogs.start_revision(window.ws, catalog_id)):
        window.statusBar().showMessage(f"已开始修订：本目录现为 v{version + 1}（编制中），修改后请重新提交审核。"
                                       "撤销（Ctrl+Z）可恢复原状态。", 10000)


def responsible_units(window: MainWindow, area_code: str) -> list[str]:
    return [u.name for u in reference.list_units(window.ws) if area_code in u.areas]


def confirm_not_responsible(window: MainWindow, area: AreaInfo) -> bool:
    """True when the unit is responsible for ``area`` or the clerk confirms starting it anyway."""
    if window.unit is None or area.code in window.unit.areas:
        return True
    names = responsible_units(window, area.code)
    who = "、".join(names[:12]) + (f" 等 {len(names)} 个单位" if len(names) > 12 else "") if names else "（名册中没有）"
    text = (f"按单位名册，本单位（{window.unit.name}）不是“{area.name}”领域的责任单位。\n\n"
            f"该领域的责任单位：{who}。\n\n确需由本单位编制该领域的目录吗？")
    box = QMessageBox(QMessageBox.Icon.Question, "不是本单位负责的领域", text, parent=window)
    yes = box.addButton("仍要开始编制", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(box.buttons()[-1])
    box.exec()
    return box.clickedButton() is yes
