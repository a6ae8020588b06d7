"""Choosing whose workspace this is: a unit from the county's registry, or the review office."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..records import AreaInfo, UnitInfo
from .widgets import ok_cancel_buttons

REVIEW_OFFICE = "__review_office__"
REVIEW_OFFICE_TEXT = "市府办政务公开办（审核端）"


def unit_line(unit: UnitInfo, area_names: dict[str, str]) -> str:
    areas = "、".join(area_names.get(a, a) for a in unit.areas) or "无"
    return f"{unit.name}　{unit.code}　{vocab.SUBMITTER_KINDS.get(unit.kind, unit.kind)} · 负责：{areas}"


class UnitDialog(QDialog):
    """Type to search by name, alias or code; Enter or double-click chooses."""

    def __init__(self, units: list[UnitInfo], areas: list[AreaInfo], current: str | None = None,
                 allow_review_office: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择本单位")
        self.resize(640, 520)
        self.units = units
        names = {a.code: a.name for a in areas}
        layout = QVBoxLayout(self)
        intro = QLabel("请选择使用本软件的单位。之后可在“设置 → 本单位”中更改。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入单位名称、简称或编号搜索，如：公安局、D06、双塔")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        for unit in units:
            item = QListWidgetItem(unit_line(unit, names))
            item.setData(Qt.ItemDataRole.UserRole, unit.code)
            item.setData(Qt.ItemDataRole.UserRole + 1, " ".join([unit.name, unit.code, *unit.aliases]).lower())
            self.list.addItem(item)
            if unit.code == current:
                self.list.setCurrentItem(item)
        # The review office comes last and nothing is chosen for the user on first start: a clerk
        # pressing Enter must not turn a unit's laptop into the review office by accident.
        if allow_review_office:
            item = QListWidgetItem(f"{REVIEW_OFFICE_TEXT}　接收、审核、汇总各单位报送的目录（仅市府办使用）")
            item.setData(Qt.ItemDataRole.UserRole, REVIEW_OFFICE)
            item.setData(Qt.ItemDataRole.UserRole + 1, REVIEW_OFFICE_TEXT + " 审核端 市府办 公开办")
            self.list.addItem(item)
        self.buttons, self.ok_button = ok_cancel_buttons(self)
        layout.addWidget(self.buttons)
        self.list.currentItemChanged.connect(self._update_ok)
        self._update_ok()
        self.search.returnPressed.connect(self.accept)
        self.search.installEventFilter(self)
        self.search.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up/Down in the search box move through the list, so the mouse is never needed."""
        if obj is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            QApplication.sendEvent(self.list, QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return super().eventFilter(obj, event)

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(needle) and needle not in item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    def _update_ok(self, *_args: object) -> None:
        self.ok_button.setEnabled(self.chosen() is not None)

    def visible_codes(self) -> list[str]:
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())
                if not self.list.item(r).isHidden()]

    def chosen(self) -> str | None:
        """The chosen unit code, `REVIEW_OFFICE`, or None."""
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else str(item.data(Qt.ItemDataRole.UserRole))

    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()
