"""First start, after 市级审核: which prefecture (or province) this workspace reviews for.

One line per region above the county in the shipped hierarchy (`resources/hierarchy.json`), with its
review office and the counties it oversees; typing filters the list. Nothing is preselected, so Enter
on an empty choice does nothing. The choice is recorded by `levels.choose_prefecture`, the same core
operation as `gongkai init --prefecture 衢州市`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import hierarchy


class PrefectureDialog(QDialog):
    """The regions above the county; `chosen()` is a region code or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择本市（市级审核）")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        intro = QLabel("请选择本审核端所属的设区市（或省）。所辖县（市、区）即为报送单位：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入名称筛选，如：衢州")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget()
        for region in hierarchy.regions():
            if region.level == "county":
                continue
            below = "、".join(c.name for c in hierarchy.children(region))
            item = QListWidgetItem(f"{region.name}（{hierarchy.LEVELS[region.level]}）　{region.office}\n　所辖：{below}")
            item.setData(Qt.ItemDataRole.UserRole, region.code)
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{region.name} {region.office} {region.code}")
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("返回")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._accept)
        self.list.itemDoubleClicked.connect(lambda _item: self._accept())
        self.list.currentItemChanged.connect(lambda *_: self._update())
        self._update()

    def _filter(self, text: str) -> None:
        words = text.strip()
        shown = []
        for n in range(self.list.count()):
            item = self.list.item(n)
            hide = bool(words) and words not in str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(hide)
            if not hide:
                shown.append(item)
        if len(shown) == 1:
            self.list.setCurrentItem(shown[0])
        elif self.list.currentItem() is not None and self.list.currentItem().isHidden():
            self.list.setCurrentItem(None)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen() is not None)

    def _accept(self) -> None:
        if self.chosen() is not None:
            self.accept()

    def visible_codes(self) -> list[str]:
        return [str(self.list.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(self.list.count())
                if not self.list.item(n).isHidden()]

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else str(item.data(Qt.ItemDataRole.UserRole))


def pick_region(parent: QWidget | None = None) -> str | None:
    """The region code chosen, or None when the user went back."""
    dialog = PrefectureDialog(parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
