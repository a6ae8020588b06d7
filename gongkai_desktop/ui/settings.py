"""Window state and user preferences kept in QSettings, outside any workspace.

The data directory cannot live inside the workspace it points to, and window geometry belongs to
this computer rather than to the unit's data, so both go to QSettings (organization ``gongkai``,
application ``gongkai_desktop``). Tests redirect QSettings to a temporary INI file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..workspace import default_data_dir

ORGANIZATION = "gongkai"
APPLICATION = "gongkai_desktop"
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif"]
DEFAULT_POINT_SIZE = 10
MIN_POINT_SIZE, MAX_POINT_SIZE = 9, 16


def settings() -> QSettings:
    """The store; its format follows QSettings.defaultFormat() so tests can point it at a temp INI file."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def data_dir(cli_value: str | None = None) -> Path:
    """The workspace location: the command line wins, then the saved setting, then the default."""
    if cli_value:
        return Path(cli_value)
    saved = settings().value("data_dir", "")
    return Path(str(saved)) if saved else default_data_dir()


def set_data_dir(path: Path) -> None:
    settings().setValue("data_dir", str(path))


def point_size() -> int:
    try:
        size = int(settings().value("font_point_size", DEFAULT_POINT_SIZE))
    except (TypeError, ValueError):
        size = DEFAULT_POINT_SIZE
    return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))


def set_point_size(size: int) -> int:
    size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
    settings().setValue("font_point_size", size)
    return size


def app_font(size: int | None = None) -> QFont:
    """A CJK font readable on a 1366×768 laptop (YaHei on Windows, Noto/WenQuanYi on Linux)."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(size or point_size())
    return font


def apply_font(size: int | None = None) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setFont(app_font(size))


def save_state(key: str, value: QByteArray) -> None:
    settings().setValue(f"window/{key}", value)


def load_state(key: str) -> QByteArray | None:
    value = settings().value(f"window/{key}")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None
