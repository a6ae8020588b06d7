"""Long work off the GUI thread: a plain function ``fn(progress, cancelled)`` with a progress dialog.

The core's long operations (exports, imports) take a ``progress(fraction, message)`` callback and a
``cancelled()`` check and never touch Qt (style.md #4). `run_job` runs one in a `QThread`, maps its
progress to a window-modal `QProgressDialog` whose 取消 button sets the cancel flag, and hands the
result (or the `DomainError`) back on the GUI thread. Only plain records cross threads: core
functions open their own session, so the worker gets its own SQLite connection.

Tests set ``SYNCHRONOUS = True`` to run jobs at once on the calling thread (Picard's fake pool); at
least one test runs the real thread. `monitor.started` announces every job, so a test can act as the
user would (press 取消 on the progress dialog) at a known point.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..errors import DomainError

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
JobFn = Callable[[Progress, Cancelled], Any]

SYNCHRONOUS = False
STEPS = 1000
SHOW_AFTER_MS = 400
log = logging.getLogger(__name__)


def as_domain_error(exc: BaseException) -> DomainError:
    """A bug in a job must not kill the window silently: show it as a Chinese message, log the trace."""
    if isinstance(exc, DomainError):
        return exc
    log.exception("job failed", exc_info=exc)
    return DomainError("unexpected", f"发生意外错误，操作未完成：{type(exc).__name__}: {exc}")


class _Thread(QThread):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: JobFn, cancel: threading.Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn, self.cancel = fn, cancel

    def run(self) -> None:
        try:
            result = self.fn(lambda f, m="": self.progressed.emit(float(f), m), self.cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the window
            self.failed.emit(as_domain_error(exc))
            return
        self.succeeded.emit(result)


class Job(QObject):
    """One running job; ``done`` turns True once its callback has run (tests wait on it)."""

    progressed = Signal(float, str)
    finished = Signal()

    def __init__(self, parent: QWidget, title: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.cancellable = cancellable
        self.done = False
        self.result: Any = None
        self.error: DomainError | None = None
        self.dialog = QProgressDialog(title, "取消" if cancellable else "", 0, STEPS, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.setValue(0)

    def cancel(self) -> None:
        """What 取消 does: the job stops at its next check and reports `cancelled`."""
        if self.cancellable:
            self.cancel_event.set()
            self.dialog.setLabelText("正在取消…")

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def _progress(self, fraction: float, message: str) -> None:
        self.dialog.setValue(int(max(0.0, min(1.0, fraction)) * STEPS))
        if message and not self.cancelled:
            self.dialog.setLabelText(message)
        self.progressed.emit(fraction, message)

    def _finish(self, result: Any, error: DomainError | None) -> None:
        self.result, self.error = result, error
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()
        self.done = True
        self.finished.emit()


class _Monitor(QObject):
    started = Signal(object)  # the Job, before its function runs


monitor = _Monitor()


def run_job(parent: QWidget, title: str, fn: JobFn, on_done: Callable[[Any], None],
            on_error: Callable[[DomainError], None], cancellable: bool = True) -> Job:
    """Run ``fn(progress, cancelled)`` with a progress dialog; then ``on_done(result)`` or ``on_error(exc)``.

    Both callbacks run on the GUI thread. A job cancelled by the user reports the core's
    `cancelled` error to ``on_error`` (whose message says nothing was written).
    """
    job = Job(parent, title, cancellable)

    def finish(result: Any, error: DomainError | None) -> None:
        job._finish(result, error)
        if error is not None:
            on_error(error)
        else:
            on_done(result)

    monitor.started.emit(job)
    if SYNCHRONOUS:
        try:
            result = fn(job._progress, job.cancel_event.is_set)
        except BaseException as exc:  # noqa: BLE001
            finish(None, as_domain_error(exc))
        else:
            finish(result, None)
        return job
    thread = _Thread(fn, job.cancel_event, job)
    thread.progressed.connect(job._progress)
    thread.succeeded.connect(lambda result: finish(result, None))
    thread.failed.connect(lambda error: finish(None, error))
    thread.finished.connect(thread.deleteLater)
    job._thread = thread  # type: ignore[attr-defined]  # kept alive with the job
    thread.start()
    return job
