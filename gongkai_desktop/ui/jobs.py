"""Long work off the GUI thread: a plain function ``fn(progress, cancelled)`` with a progress dialog.

The core's long operations (exports, imports, dry runs) take a ``progress(fraction, message)``
callback and a ``cancelled()`` check and never touch Qt (style.md #4). `run_job` runs one in a
`QThread`, maps its progress to a window-modal `QProgressDialog` whose 取消 button sets the cancel
flag, and hands the result (or the `DomainError`) back on the GUI thread. Only plain records cross
threads: core functions open their own session, so the worker gets its own SQLite connection. A
cancelled import stops between two packages, so each one stays whole.

Both windows (the unit's and the review office's) use this one runner, so a fix to cancelling, error
reporting or shutdown reaches every job. An unexpected exception becomes a Chinese `DomainError`
(and its trace goes to the log) instead of killing the thread silently. `running()` lists unfinished
jobs and `stop_all()` cancels them and waits for their threads when a window closes.

Tests set ``SYNCHRONOUS = True`` to run jobs at once on the calling thread (Picard's fake pool);
events are still processed between progress calls, so the dialog's 取消 button can be clicked
mid-job. There an unexpected exception propagates to the caller (after being logged) so the test
fails at once, instead of the window opening a modal message box that nobody closes and the test
hanging. At least one test per window runs the real thread. `monitor.started` announces every job,
so a test can act as the user would (press 取消 on the progress dialog) at a known point.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from .. import faults
from ..errors import DomainError

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
JobFn = Callable[[Progress, Cancelled], Any]

SYNCHRONOUS = False
"""Run jobs on the calling thread (tests); the threaded path stays the default."""
STEPS = 1000
SHOW_AFTER_MS = 400
CANCELLING = "正在取消…"
log = logging.getLogger(__name__)

_running: set[Job] = set()


def as_domain_error(exc: BaseException) -> DomainError:
    """A failure in a job must not kill the window silently: a Chinese message (`faults`), the trace logged."""
    if isinstance(exc, DomainError):
        return exc
    log.error("job failed", exc_info=exc)
    return faults.describe(exc)


class _Worker(QThread):
    """Runs the function; owned by its `Job` (no Qt parent, so closing a window cannot destroy it mid-run)."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: JobFn, cancel_event: threading.Event) -> None:
        super().__init__()
        self.fn, self.cancel_event = fn, cancel_event

    def run(self) -> None:
        try:
            result = self.fn(lambda f, m="": self.progressed.emit(float(f), str(m)), self.cancel_event.is_set)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the window
            self.failed.emit(as_domain_error(exc))
            return
        self.succeeded.emit(result)


class Job(QObject):
    """One job: its progress dialog and `cancel()`; ``done`` turns True, then ``finished`` is emitted.

    ``result`` or ``error`` hold the outcome once ``done`` (tests wait on ``done`` or on `running()`).
    """

    progressed = Signal(float, str)
    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str, fn: JobFn, on_done: Callable[[Any], None],
                 on_error: Callable[[DomainError], None], cancellable: bool = True,
                 cancelling: str = CANCELLING) -> None:
        super().__init__(parent)
        self.fn, self.on_done, self.on_error = fn, on_done, on_error
        self.cancel_event = threading.Event()
        self.cancellable = cancellable
        self.cancelling = cancelling
        self.done = False
        self.result: Any = None
        self.error: DomainError | None = None
        self._worker: _Worker | None = None
        self.dialog = _progress_dialog(parent, title, cancellable)
        self.dialog.canceled.connect(self.cancel)

    def cancel(self) -> None:
        """What 取消 does: the job stops at its next check and reports `cancelled`."""
        if self.cancellable and not self.done:
            self.cancel_event.set()
            self.dialog.setLabelText(self.cancelling)

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def start(self) -> Job:
        """Announce the job (`monitor.started`), then run it here (`SYNCHRONOUS`) or on a worker thread."""
        _running.add(self)
        monitor.started.emit(self)
        if SYNCHRONOUS:
            self._run_here()
            return self
        self._worker = _Worker(self.fn, self.cancel_event)
        self._worker.progressed.connect(self._progress)
        self._worker.succeeded.connect(lambda result: self._finish(result, None))
        self._worker.failed.connect(lambda error: self._finish(None, error))
        self._worker.start()
        return self

    def _run_here(self) -> None:
        def progress(fraction: float, message: str = "") -> None:
            self._progress(fraction, message)
            QApplication.processEvents()  # lets the cancel button be clicked between files

        try:
            result = self.fn(progress, self.cancel_event.is_set)
        except DomainError as exc:
            self._finish(None, exc)
        except Exception as exc:
            if not faults.is_known(exc):  # a bug under test: fail the test here instead of waiting
                self._close(None, as_domain_error(exc))  # on a message box nobody closes
                raise
            self._finish(None, as_domain_error(exc))  # a full disk, a locked workspace: the message
        except BaseException as exc:
            # A bug under test: fail the test here instead of waiting on a message box nobody closes.
            self._close(None, as_domain_error(exc))
            raise
        else:
            self._finish(result, None)

    def _progress(self, fraction: float, message: str) -> None:
        if self.done:
            return
        self.dialog.setValue(int(max(0.0, min(1.0, fraction)) * STEPS))
        if message and not self.cancelled:
            self.dialog.setLabelText(message)
        self.progressed.emit(fraction, message)

    def _finish(self, result: Any, error: DomainError | None) -> None:
        self._close(result, error)
        if error is not None:  # called, not connected: in tests a failing callback fails the test
            self.on_error(error)
        else:
            self.on_done(result)

    def _close(self, result: Any, error: DomainError | None) -> None:
        """The job is over: record the outcome, leave `running()`, drop the dialog, announce ``finished``."""
        self.result, self.error = result, error
        self.done = True
        _running.discard(self)
        self.dialog.reset()  # stops its show-after timer
        self.dialog.hide()  # not close(): closing a progress dialog emits `canceled`
        self.dialog.deleteLater()
        if self._worker is not None:
            self._worker.wait()  # it has emitted its outcome and is returning
        self.finished.emit()


def _progress_dialog(parent: QWidget | None, title: str, cancellable: bool) -> QProgressDialog:
    """Window-modal, shown only if the job takes longer than `SHOW_AFTER_MS`, kept open until the job ends."""
    dialog = QProgressDialog(title, "取消" if cancellable else "", 0, STEPS, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setValue(0)
    return dialog


class _Monitor(QObject):
    started = Signal(object)  # the Job, before its function runs


monitor = _Monitor()


def run_job(parent: QWidget | None, title: str, fn: JobFn, on_done: Callable[[Any], None],
            on_error: Callable[[DomainError], None], cancellable: bool = True,
            cancelling: str = CANCELLING) -> Job:
    """Run ``fn(progress, cancelled)`` with a progress dialog; then ``on_done(result)`` or ``on_error(exc)``.

    Both callbacks run on the GUI thread, after the job has left `running()`. A job cancelled by the
    user reports the core's `cancelled` error to ``on_error`` (whose message says what was kept).
    ``cancelling`` is the dialog's text while the job winds down.
    """
    return Job(parent, title, fn, on_done, on_error, cancellable, cancelling).start()


def running() -> list[Job]:
    """Jobs not yet finished (tests wait on this being empty)."""
    return list(_running)


def stop_all(timeout_ms: int = 10000) -> None:
    """The window is closing: ask every job to stop and wait for its thread (a package stays whole)."""
    for job in running():
        job.cancel()
        if job._worker is not None:
            job._worker.wait(timeout_ms)
