"""Long review-office work (dry runs, imports, exports) on a worker thread with a cancellable progress dialog.

The job is a plain core function ``fn(progress, cancelled)`` (style.md #4). Its progress reaches the
GUI thread through a queued signal; the dialog's 取消 button sets an event the function polls
between files, so a cancelled import stops between two packages and leaves each one whole. Tests can
set `SYNCHRONOUS` to run jobs at once on the GUI thread (the dialog and its cancel button still work).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ...errors import DomainError

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
JobFn = Callable[[Progress, Cancelled], Any]

SYNCHRONOUS = False
"""Run jobs on the calling thread (tests); the threaded path stays the default."""

_running: set[Job] = set()


class _Worker(QThread):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: JobFn, cancel_event: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.cancel_event = cancel_event

    def run(self) -> None:
        try:
            result = self.fn(lambda f, m: self.progressed.emit(float(f), str(m)), self.cancel_event.is_set)
        except DomainError as exc:
            self.failed.emit(exc)
        except Exception as exc:  # noqa: BLE001 - an unexpected bug must reach the user, not kill the thread silently
            traceback.print_exc()
            self.failed.emit(DomainError("unexpected", f"处理时发生意外错误：{exc}"))
        else:
            self.succeeded.emit(result)


class Job(QObject):
    """One running job: its progress dialog, `cancel()`, and the signals ``done`` / ``failed``."""

    progressed = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, fn: JobFn) -> None:
        super().__init__(parent)
        self.fn = fn
        self.cancel_event = threading.Event()
        self.finished = False
        self.result: Any = None
        self.error: DomainError | None = None
        self.dialog = QProgressDialog(title, "取消", 0, 1000, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setMinimumWidth(420)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self._worker: _Worker | None = None

    def cancel(self) -> None:
        """Ask the job to stop at its next check (between two files)."""
        if not self.finished:
            self.cancel_event.set()
            self.dialog.setLabelText("正在取消，请稍候……（已完成的部分保持完整）")

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def _progress(self, fraction: float, message: str) -> None:
        if self.finished:
            return
        self.dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if not self.cancelled:
            self.dialog.setLabelText(message)
        self.progressed.emit(fraction, message)

    def start(self) -> Job:
        _running.add(self)
        if SYNCHRONOUS:
            self._run_here()
            return self
        self._worker = _Worker(self.fn, self.cancel_event)
        self._worker.progressed.connect(self._progress)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed)
        self._worker.start()
        return self

    def _run_here(self) -> None:
        def progress(fraction: float, message: str) -> None:
            self._progress(fraction, message)
            QApplication.processEvents()  # lets the cancel button be clicked between files

        try:
            result = self.fn(progress, self.cancel_event.is_set)
        except DomainError as exc:
            self._failed(exc)
        else:
            self._succeeded(result)

    def _finish(self) -> None:
        self.finished = True
        self.dialog.reset()
        self.dialog.hide()
        if self._worker is not None:
            self._worker.wait()
        _running.discard(self)

    def _succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        self.done.emit(result)

    def _failed(self, exc: DomainError) -> None:
        self.error = exc
        self._finish()
        self.failed.emit(exc)


def run_job(parent: QWidget | None, title: str, fn: JobFn, on_done: Callable[[Any], None],
            on_error: Callable[[DomainError], None] | None = None) -> Job:
    """Start ``fn`` off the GUI thread; ``on_done(result)`` or ``on_error(exc)`` run on the GUI thread."""
    job = Job(parent, title, fn)
    job.done.connect(on_done)
    if on_error is not None:
        job.failed.connect(on_error)
    return job.start()


def running() -> list[Job]:
    """Jobs not yet finished (tests wait on this being empty)."""
    return list(_running)


def stop_all(timeout_ms: int = 10000) -> None:
    """The window is closing: ask every job to stop and wait for its thread (a file stays whole)."""
    for job in running():
        job.cancel()
        if job._worker is not None:
            job._worker.wait(timeout_ms)
