"""文件 → 最近的工作区: the workspace folders this computer opened last, newest first.

The list belongs to the computer, not to any workspace (it names several of them), so it is a user
preference in QSettings (`settings.RECENT_WORKSPACES`, a JSON list: QSettings' INI format would turn a
one-element list into a plain string). Each entry keeps whose workspace it is, read when it was open,
so the menu can say “市公安局 — D:\\目录” without opening every folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from .. import settings as registry
from . import settings

MAX_RECENT = 8


@dataclass(frozen=True)
class RecentWorkspace:
    path: Path
    label: str  # whose workspace it is (单位名称 / 市府办政务公开办)


def recent_workspaces() -> list[RecentWorkspace]:
    try:
        rows = json.loads(str(settings.value(registry.RECENT_WORKSPACES) or "[]"))
    except ValueError:
        return []
    if not isinstance(rows, list):
        return []
    return [RecentWorkspace(Path(r["path"]), str(r.get("label", ""))) for r in rows
            if isinstance(r, dict) and isinstance(r.get("path"), str)][:MAX_RECENT]


def remember(path: Path, label: str) -> None:
    """Put ``path`` first (once) in the list."""
    path = Path(path).resolve()
    rows = [r for r in recent_workspaces() if r.path.resolve() != path]
    rows.insert(0, RecentWorkspace(path, label))
    text = json.dumps([{"path": str(r.path), "label": r.label} for r in rows[:MAX_RECENT]], ensure_ascii=False)
    settings.set_value(registry.RECENT_WORKSPACES, text)


def forget(path: Path) -> None:
    rows = [r for r in recent_workspaces() if r.path.resolve() != Path(path).resolve()]
    settings.set_value(registry.RECENT_WORKSPACES,
                       json.dumps([{"path": str(r.path), "label": r.label} for r in rows], ensure_ascii=False))


class RecentMenu(QMenu):
    """Filled each time it opens; choosing an entry switches the window to that workspace."""

    def __init__(self, window: Any) -> None:
        super().__init__("最近的工作区", window)
        self.window_ = window
        self.aboutToShow.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        self.clear()
        current = Path(self.window_.ws.data_dir).resolve()
        entries = recent_workspaces()
        for n, entry in enumerate(entries, start=1):
            here = entry.path.resolve() == current
            action = QAction(f"&{n}  {entry.label or '工作区'} — {entry.path}" + ("（当前）" if here else ""), self)
            action.setData(str(entry.path))
            action.setEnabled(not here)
            action.triggered.connect(lambda _checked=False, p=entry.path: self.open(p))
            self.addAction(action)
        if not entries:
            empty = self.addAction("（尚无）")
            empty.setEnabled(False)

    def entries(self) -> list[str]:
        """The paths listed (tests look at them)."""
        self.fill()
        return [str(a.data()) for a in self.actions() if a.data()]

    def open(self, path: Path) -> bool:
        if not path.is_dir():
            forget(path)
            QMessageBox.warning(self.window_, "工作区已不存在",
                                f"目录“{path}”已不存在（可能已被移动、删除，或U盘未插入），已从“最近的工作区”中移除。"
                                "如工作区已移到别处，请用“文件 → 数据目录…”选择新的位置。")
            return False
        return bool(self.window_.switch_data_dir(path))
