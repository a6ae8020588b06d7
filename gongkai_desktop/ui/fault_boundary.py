"""The window's error boundary: any failure becomes a Chinese message box, the window stays usable.

Three layers catch failures, all through the core's one translation (`faults`):

* the undo runner (ui/undo.py) and the job runner (ui/jobs.py) turn known faults of the machine or
  the data (a full disk, a read-only folder, another program holding the workspace, a damaged
  file) into the same message their refusals show, so an edit that could not be saved is never
  pushed onto the undo stack;
* `install` sets ``sys.excepthook`` and ``threading.excepthook``: whatever escapes a slot or a
  thread (PySide6 hands an exception raised in a slot to ``sys.excepthook`` and goes on) is logged
  with its traceback to the data folder's log file and shown in a message box — on the GUI thread,
  whichever thread raised it;
* when a workspace cannot be opened, the start shows the reason with the way out — 从备份恢复 or
  新建工作区 (`backup_dialog.way_out`).

Under pytest-qt the test's own exception capture replaces the hook, so a bug still fails its test.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import faults
from ..errors import DomainError

TITLE = "无法完成操作"


class _Relay(QObject):
    """Carries a failure from any thread to the GUI thread (a queued signal)."""

    failed = Signal(object, str)

    @Slot(object, str)
    def show(self, err: DomainError, title: str) -> None:
        show(None, err, title)


_relay: _Relay | None = None


def show(parent: QWidget | None, err: DomainError, title: str = TITLE) -> None:
    """The message box of a failure, over the active window when no parent is given."""
    QMessageBox.warning(parent or QApplication.activeWindow(), title, err.message)


def handle(exc: BaseException, title: str = TITLE) -> DomainError:
    """Log ``exc`` and show its Chinese message (from any thread); returns what was shown."""
    err = faults.report(exc, context="window")
    if threading.current_thread() is not threading.main_thread():
        if _relay is not None:  # widgets only on the GUI thread
            _relay.failed.emit(err, title)
    else:
        show(None, err, title)
    return err


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    handle(exc.with_traceback(tb))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        handle(args.exc_value.with_traceback(args.exc_traceback))


def install(app: QApplication) -> None:
    """Make every unhandled failure of the window a message box (call once, after the QApplication)."""
    global _relay
    if _relay is None:
        _relay = _Relay(app)
        _relay.failed.connect(_relay.show, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def as_message(exc: BaseException) -> DomainError | None:
    """The message for a known fault (logged), or None for a bug the caller should let through."""
    if isinstance(exc, DomainError):
        return exc
    return faults.report(exc, context="window") if faults.is_known(exc) else None
