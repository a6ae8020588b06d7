"""帮助 → 使用手册: the user manual shipped as data (resources/manual/*.md), one chapter per file.

F1 opens the chapter of the panel that has the focus (the area list, the item table, the item
form, the problems panel, the review queue, a submission under review …), found by `help_topic`.
A chapter file starts with ``<!-- role: unit|office|both -->`` and its ``# title``; its name is
``NN_topic.md`` (NN orders the chapters). The manual names menu commands as 『文件 → 导入审核结果…』,
and a test checks that each one exists in that role's window, so the manual stays true.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QTextBrowser, QWidget

from ..resources import RESOURCES

MANUAL_DIR = RESOURCES / "manual"
ROLE_RE = re.compile(r"<!--\s*role:\s*(unit|office|both)\s*-->")
MENU_REF_RE = re.compile(r"『([^』]+)』")
DEFAULT_TOPIC = {"unit": "unit_day", "office": "office_day"}


@dataclass(frozen=True)
class Chapter:
    topic: str  # the file name without its number: “item_form”
    title: str
    role: str  # unit / office / both
    text: str  # Markdown

    def menu_paths(self) -> list[list[str]]:
        """The menu commands this chapter names: 『文件 → 导出 → 导出 Excel…』 → [文件, 导出, 导出 Excel…]."""
        return [[part.strip() for part in ref.split("→")] for ref in MENU_REF_RE.findall(self.text)]


def chapters(folder: Path = MANUAL_DIR) -> list[Chapter]:
    out = []
    for path in sorted(folder.glob("[0-9][0-9]_*.md")):
        text = path.read_text(encoding="utf-8")
        role = ROLE_RE.search(text)
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
        out.append(Chapter(path.stem[3:], title, role.group(1) if role else "both", text))
    return out


def help_topic(window: Any) -> str:
    """The chapter for the panel the user is in (F1)."""
    office = getattr(window, "review", None)
    if office is not None:
        from .review.submission_view import SubmissionView

        current = office.currentWidget()
        if current is office.queue:
            return "review_queue"
        if isinstance(current, SubmissionView):
            return "submission"
        if current is not office.dashboard and current is not office.aggregate:
            return _unit_panel(window) or "areas"
        return DEFAULT_TOPIC["office"]
    return _unit_panel(window) or DEFAULT_TOPIC["unit"]


def _unit_panel(window: Any) -> str | None:
    focus = window.focusWidget()
    if focus is None:
        return None
    panels = [(window.form, "item_form"), (window.table, "items"), (window.search, "items"),
              (window.problems, "problems"), (window.area_panel, "areas")]
    comments = getattr(getattr(window, "unit_actions", None), "panel", None)
    if comments is not None:
        panels.append((comments, "review_comments"))
    for widget, topic in panels:
        if focus is widget or widget.isAncestorOf(focus):
            return topic
    return None


class ManualWindow(QDialog):
    """Chapters on the left, the chapter on the right; not modal, so the window stays usable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用手册 — 政务公开事项标准目录")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.resize(980, 680)
        self.chapters = chapters()
        layout = QHBoxLayout(self)
        self.toc = QListWidget()
        self.toc.setFixedWidth(250)
        for chapter in self.chapters:
            mark = {"unit": "（单位）", "office": "（市府办）"}.get(chapter.role, "")
            item = QListWidgetItem(chapter.title + mark)
            item.setData(Qt.ItemDataRole.UserRole, chapter.topic)
            self.toc.addItem(item)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.show_topic(url.toString().removesuffix(".md")))
        self.browser.setOpenLinks(False)
        layout.addWidget(self.toc)
        layout.addWidget(self.browser, 1)
        self.toc.currentRowChanged.connect(self._show_row)
        if self.chapters:
            self.toc.setCurrentRow(0)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.chapters):
            self.browser.setMarkdown(self.chapters[row].text)

    def show_topic(self, topic: str) -> None:
        topics = [c.topic for c in self.chapters]
        self.toc.setCurrentRow(topics.index(topic) if topic in topics else 0)

    def current_topic(self) -> str | None:
        row = self.toc.currentRow()
        return self.chapters[row].topic if 0 <= row < len(self.chapters) else None
