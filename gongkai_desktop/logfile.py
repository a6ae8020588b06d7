"""The log file: the technical detail of every failure, in the data folder, never on the user's screen.

``data_dir/logs/gongkai.log``, rotated at 1 MB with five old files kept (stdlib `logging`). The file is
opened only when something is logged, so a read-only data folder costs nothing until a failure; when
the data folder cannot take it (read-only, full) the log goes to the system's temporary folder
instead, and a failure to log is never itself shown to the user. Both the command line and the
window call `configure` with the data folder they use; `faults.report` writes to it.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import tempfile
from pathlib import Path

LOG_DIR = "logs"
LOG_FILE = "gongkai.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

_handler: _SafeHandler | None = None


class _SafeHandler(logging.handlers.RotatingFileHandler):
    """A rotating file that falls back to the temporary folder, and stays silent if that fails too."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        self.fell_back = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.fell_back:
            try:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                self._fall_back()
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if self.fell_back:
            return  # nowhere left to write: never bother the user with it
        self._fall_back()
        with contextlib.suppress(Exception):  # logging must never fail an operation
            super().emit(record)

    def _fall_back(self) -> None:
        self.fell_back = True
        if self.stream is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
            self.stream = None
        folder = Path(tempfile.gettempdir()) / "gongkai_desktop-logs"
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        self.baseFilename = str(folder / LOG_FILE)


def configure(data_dir: Path | str) -> Path:
    """Send the application's log to ``data_dir/logs``; returns the log file's path."""
    global _handler
    root = logging.getLogger("gongkai_desktop")
    path = Path(data_dir).absolute() / LOG_DIR / LOG_FILE
    if _handler is not None:
        if Path(_handler.baseFilename) == path and not _handler.fell_back:
            return path
        root.removeHandler(_handler)
        _handler.close()
    _handler = _SafeHandler(path)
    _handler.setFormatter(logging.Formatter(FORMAT))
    _handler.setLevel(logging.INFO)
    root.addHandler(_handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path


def log_path() -> Path | None:
    """Where the log goes now (None before `configure`)."""
    return None if _handler is None else Path(_handler.baseFilename)
