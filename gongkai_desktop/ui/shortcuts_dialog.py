"""帮助 → 键盘快捷键: every shortcut of the window, read from its actual QActions.

Never a hand-written list: whatever a role's window plugs in (the unit's 提交报送 Ctrl+Shift+S, the
office's 审核队列 Alt+1 …) is listed because it is there, with the menu it lives in.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as the user's system writes them (Ctrl+Shift+S)
    command: str  # the action's text, without & and …
    where: str  # 文件 → 导出, or “窗口” for an action outside the menus


def clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _menu_actions(menu: QMenu, path: list[str], seen: dict[int, str]) -> None:
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            _menu_actions(sub, [*path, clean(sub.title())], seen)
        elif not action.isSeparator():
            seen.setdefault(id(action), " → ".join(path))


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every visible QAction of ``window`` that has a shortcut, in menu order, then the rest."""
    where: dict[int, str] = {}
    for top in window.menuBar().actions():
        if isinstance(top.menu(), QMenu):
            _menu_actions(top.menu(), [clean(top.menu().title())], where)
    actions = {id(a): a for a in window.findChildren(QAction)}
    order = [i for i in where if i in actions] + [i for i in actions if i not in where]
    out = []
    for i in order:
        action = actions[i]
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys and action.isVisible():
            out.append(Shortcut("，".join(keys), clean(action.text()), where.get(i, "窗口")))
    return out


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("键盘快捷键")
        self.resize(620, 560)
        self.shortcuts = window_shortcuts(window)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("本窗口的全部快捷键（随窗口中实际的命令生成）。另外：在查找框中按 Esc 清除查找，"
                                "按 Enter 转到找到的事项。"))
        self.table = QTableWidget(len(self.shortcuts), 3)
        self.table.setHorizontalHeaderLabels(["快捷键", "命令", "所在菜单"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, sc in enumerate(self.shortcuts):
            for col, text in enumerate((sc.keys, sc.command, sc.where)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]  # type: ignore[misc]
