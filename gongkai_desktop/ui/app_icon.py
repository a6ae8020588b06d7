"""The application's icon (resources/icons/, rendered from its SVG by installer/make_icons.py).

The window, its task-bar button and its dialogs show it; the Linux desktop entry and the Windows
installer use the same files.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from ..resources import RESOURCES

ICON_NAME = "gongkai-desktop"  # also the desktop entry's name (gongkai-desktop.desktop) and its Icon=
SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """Every PNG size in one icon; Qt picks the nearest for the title bar, the task bar and Alt+Tab."""
    icon = QIcon()
    for size in SIZES:
        icon.addFile(str(RESOURCES / "icons" / f"{ICON_NAME}-{size}.png"), QSize(size, size))
    return icon
