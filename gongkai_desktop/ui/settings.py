"""Window state and user preferences kept in QSettings, outside any workspace.

The data directory cannot live inside the workspace it points to, and window geometry belongs to
this computer rather than to the unit's data, so both go to QSettings (organization ``gongkai``,
application ``gongkai_desktop``). Tests redirect QSettings to a temporary INI file. Every key is
declared in the core's setting registry (`gongkai_desktop.settings`, scopes user and window).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from .. import settings as registry
from ..workspace import default_data_dir

ORGANIZATION = "gongkai"
APPLICATION = "gongkai_desktop"
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif"]
DEFAULT_POINT_SIZE = registry.FONT_POINT_SIZE.default
MIN_POINT_SIZE, MAX_POINT_SIZE = 9, 16


def settings() -> QSettings:
    """The store; its format follows QSettings.defaultFormat() so tests can point it at a temp INI file."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def data_dir(cli_value: str | None = None) -> Path:
    """The workspace location: the command line wins, then the saved setting, then the default."""
    if cli_value:
        return Path(cli_value)
    saved = settings().value(registry.DATA_DIR.key, "")
    return Path(str(saved)) if saved else default_data_dir()


def set_data_dir(path: Path) -> None:
    settings().setValue(registry.DATA_DIR.key, str(path))


def point_size() -> int:
    try:
        size = int(settings().value(registry.FONT_POINT_SIZE.key, DEFAULT_POINT_SIZE))
    except (TypeError, ValueError):
        size = DEFAULT_POINT_SIZE
    return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))


def set_point_size(size: int) -> int:
    size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
    settings().setValue(registry.FONT_POINT_SIZE.key, size)
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


def value(setting: registry.Setting) -> object:
    """A user preference or window setting from QSettings, typed as declared."""
    raw = settings().value(setting.key, setting.default)
    if setting.types == (int,):
        try:
            raw = int(raw)
        except (TypeError, ValueError):
            return setting.default
    return setting.parse(raw)


def set_value(setting: registry.Setting, value: object) -> None:
    if setting.scope is registry.Scope.WORKSPACE:
        raise ValueError(f"{setting.key} belongs to the workspace, not to QSettings")
    settings().setValue(setting.key, value)


def save_state(key: str, state: QByteArray) -> None:
    settings().setValue(registry.WINDOW_STATE.of(key).key, state)


def load_state(key: str) -> QByteArray | None:
    state = settings().value(registry.WINDOW_STATE.of(key).key)
    return state if isinstance(state, QByteArray) and not state.isEmpty() else None
