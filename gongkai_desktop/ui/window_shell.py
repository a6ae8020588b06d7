"""The window's shell, the same for a unit and for the review office.

`MainWindow` builds what both roles share (menus 文件 编辑 视图 设置 帮助, the status bar, undo and
redo, the fault boundary) and plugs in the role's own parts: `unit_menus.install` for a unit,
`review.install_review_ui` plus `install_office_key` for the review office. Neither role's window
lists the other's actions, not even disabled. This module adds the shared end of the shell:
文件 → 最近的工作区, 帮助 → 使用手册 (F1, at the section of the panel in use) / 键盘快捷键 / 关于,
and `reopen`, which opens a workspace of the other role in a new window (its menus differ).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from .. import identity
from ..errors import DomainError
from ..workspace import Workspace
from .recent import RecentMenu, remember

if TYPE_CHECKING:
    from .main_window import MainWindow


def install(window: MainWindow) -> None:
    """Recent workspaces in 文件 and the 帮助 menu; remembers this workspace as the latest one."""
    remember(window.ws.data_dir, identity.describe(window.ws))
    file_menu = window.menu("文件")
    data_dir = window.actions_["data_dir"]
    window.recent_menu = RecentMenu(window)  # type: ignore[attr-defined]
    actions = file_menu.actions()
    after = actions.index(data_dir) + 1 if data_dir in actions else len(actions)
    file_menu.insertMenu(actions[after] if after < len(actions) else None, window.recent_menu)  # type: ignore[attr-defined]
    _help_action(window, "manual", "使用手册", lambda: open_manual(window, None), QKeySequence.StandardKey.HelpContents)
    _help_action(window, "shortcuts", "键盘快捷键", lambda: show_shortcuts(window))
    window.menu("帮助").addSeparator()
    _help_action(window, "about", "关于", window.about)


def _help_action(window: MainWindow, key: str, text: str, slot: Any, shortcut: Any = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # F1 in any dialog of the window too
    action.triggered.connect(lambda _checked=False: slot())
    window.actions_[key] = action
    window.add_menu_action("帮助", action)
    return action


def open_manual(window: MainWindow, topic: str | None) -> Any:
    """帮助 → 使用手册; F1 (``topic`` None) opens the section of the panel that has the focus."""
    from .manual import ManualWindow, help_topic

    manual = getattr(window, "manual_window", None)
    if manual is None:
        manual = window.manual_window = ManualWindow(window)  # type: ignore[attr-defined]
    manual.show_topic(topic or help_topic(window))
    manual.show()
    manual.raise_()
    manual.activateWindow()
    return manual


def show_shortcuts(window: MainWindow) -> Any:
    from .shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.shortcuts_dialog = dialog  # type: ignore[attr-defined]
    return dialog


def install_office_key(window: MainWindow) -> QAction:
    """设置 → 本机（审核端）密钥…: the office reads its digits aloud to the units, as a unit does."""
    def show() -> None:
        from .key_dialog import KeyDialog

        try:
            dialog = KeyDialog(window.ws, "本机（审核端）", window)
        except DomainError as exc:
            window.show_error(exc)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action = QAction("本机（审核端）密钥…", window)
    action.triggered.connect(lambda _checked=False: show())
    window.actions_["own_key"] = action
    menu = window.menu("设置")
    menu.insertAction(menu.actions()[0] if menu.actions() else None, action)
    return action


def reopen(window: MainWindow, ws: Workspace) -> MainWindow:
    """Show ``ws`` (of the other role) in a new window of its role and close this one."""
    from .main_window import MainWindow

    window.form.flush()
    new = MainWindow(ws)
    new.setGeometry(window.geometry())
    new.show()
    window.replaced_by = new  # type: ignore[attr-defined]
    old = window.ws
    window.close()
    old.close()
    return new
