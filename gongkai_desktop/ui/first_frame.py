"""`GONGKAI_FIRST_FRAME=FILE`: the window writes the moment of its first painted frame to FILE.

The benchmark's cold-start probe (benchmarks/coldstart.py) runs inside the Python it measures; a
frozen, installed program cannot run it. With this variable set, the program itself reports the
moment — the same moment the probe takes: the event loop back after the first paint of the item
table (or, with no area open and in the review office, of the central widget) — as one JSON line:
``{"painted": <time.time()>, "pid": …, "title": …, "peak_rss_mib": …, "rows": …}``. The benchmark's frozen figures and
the CI's check of the installed package use it; with ``GONGKAI_FIRST_FRAME_EXIT=1`` the program
then quits. Without the variable nothing is installed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer

if TYPE_CHECKING:
    from .main_window import MainWindow

VARIABLE = "GONGKAI_FIRST_FRAME"
EXIT_VARIABLE = "GONGKAI_FIRST_FRAME_EXIT"
_STAMP = QEvent.Type(QEvent.registerEventType())


def peak_rss_mib() -> float | None:
    """This process's peak resident set (Linux); None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


class FirstFrameProbe(QObject):
    """Sees the first paint of ``target``, then stamps the time when the loop is back (a high-priority event)."""

    def __init__(self, window: MainWindow, target: QObject, out: Path, quit_after: bool) -> None:
        super().__init__(window)
        self.window, self.target, self.out, self.quit_after = window, target, out, quit_after
        self.seen = False
        target.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.target and event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QCoreApplication.postEvent(self, QEvent(_STAMP), Qt.EventPriority.HighEventPriority.value)
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() != _STAMP:
            return super().event(event)
        painted = time.time()
        self.target.removeEventFilter(self)
        line = {"painted": painted, "pid": os.getpid(), "title": self.window.windowTitle(),
                "peak_rss_mib": peak_rss_mib(), "rows": self.window.model.rowCount()}
        self.out.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
        if self.quit_after:
            QTimer.singleShot(0, QCoreApplication.quit)
        return True


def install(window: MainWindow) -> FirstFrameProbe | None:
    """Watch ``window``'s first frame when ``GONGKAI_FIRST_FRAME`` names a file (call before showing it)."""
    out = os.environ.get(VARIABLE)
    if not out:
        return None
    started_area = not window.is_review_office and window.doc.catalog is not None
    target = window.table.viewport() if started_area else window.centralWidget()
    return FirstFrameProbe(window, target, Path(out), os.environ.get(EXIT_VARIABLE) == "1")
