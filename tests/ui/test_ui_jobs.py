"""The one background-job runner both windows use: outcomes, unexpected errors, cancelling, shutdown."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from gongkai_desktop.errors import DomainError
from gongkai_desktop.ui import jobs


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("synchronous", [True, False])
def test_results_and_refusals_reach_the_gui_thread(qtbot, parent, monkeypatch, synchronous) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", synchronous)
    results: list = []
    errors: list[DomainError] = []
    ok = jobs.run_job(parent, "计算", lambda progress, cancelled: 42, results.append, errors.append)
    qtbot.waitUntil(lambda: ok.done, timeout=10000)
    assert results == [42] and ok.result == 42 and ok.error is None

    def refused(progress, cancelled):  # noqa: ANN001, ANN202
        raise DomainError("bad_input", "输入有误")

    bad = jobs.run_job(parent, "计算", refused, results.append, errors.append)
    qtbot.waitUntil(lambda: bad.done, timeout=10000)
    assert results == [42] and [e.code for e in errors] == ["bad_input"] and bad.error is errors[0]
    assert jobs.running() == []


def broken(progress, cancelled):  # noqa: ANN001, ANN201
    raise ZeroDivisionError("division by zero")


def test_on_a_thread_an_unexpected_error_becomes_a_chinese_message(qtbot, parent, caplog) -> None:
    assert not jobs.SYNCHRONOUS
    errors: list[DomainError] = []
    job = jobs.run_job(parent, "计算", broken, lambda r: None, errors.append)
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert len(errors) == 1 and errors[0].code == "unexpected" and "ZeroDivisionError" in errors[0].message
    assert "发生意外错误" in errors[0].message and "job failed" in caplog.text  # the trace is logged
    assert jobs.running() == []


def test_synchronously_an_unexpected_error_fails_the_caller(qtbot, parent, monkeypatch) -> None:
    """A test must fail on a bug, not wait on an error message box."""
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)
    errors: list[DomainError] = []
    started: list[jobs.Job] = []
    jobs.monitor.started.connect(started.append)
    try:
        with pytest.raises(ZeroDivisionError):
            jobs.run_job(parent, "计算", broken, lambda r: None, errors.append)
    finally:
        jobs.monitor.started.disconnect(started.append)
    assert errors == [] and jobs.running() == []
    assert started[0].done and started[0].error is not None and started[0].error.code == "unexpected"


def test_synchronous_job_can_be_cancelled_from_its_progress_dialog(qtbot, parent, monkeypatch) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)
    errors: list[DomainError] = []
    steps: list[int] = []

    def press_cancel(job: jobs.Job) -> None:
        button = next(b for b in job.dialog.findChildren(QPushButton) if b.text() == "取消")
        job.progressed.connect(lambda *_: button.click() if len(steps) == 1 else None)

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        for i in range(5):
            if cancelled():
                raise DomainError("cancelled", "已取消")
            steps.append(i)
            progress(i / 5, f"第 {i + 1} 步")
        return "finished"

    jobs.monitor.started.connect(press_cancel)
    try:
        job = jobs.run_job(parent, "分步", work, lambda r: None, errors.append)
    finally:
        jobs.monitor.started.disconnect(press_cancel)
    assert job.done and job.cancelled and steps == [0]
    assert [e.code for e in errors] == ["cancelled"]


def test_stop_all_cancels_a_running_thread_and_waits_for_it(qtbot, parent) -> None:
    assert not jobs.SYNCHRONOUS
    started = threading.Event()

    def wait_for_cancel(progress, cancelled):  # noqa: ANN001, ANN202
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise DomainError("cancelled", "已取消")

    errors: list[DomainError] = []
    job = jobs.run_job(parent, "等待", wait_for_cancel, lambda r: None, errors.append)
    assert started.wait(10) and jobs.running() == [job]
    jobs.stop_all(timeout_ms=10000)
    assert job.cancelled and not job._worker.isRunning()
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert [e.code for e in errors] == ["cancelled"] and jobs.running() == []


def test_a_job_that_cannot_be_cancelled_has_no_cancel_button(qtbot, parent, monkeypatch) -> None:
    monkeypatch.setattr(jobs, "SYNCHRONOUS", True)
    seen: list[list[str]] = []
    watch = lambda job: seen.append([b.text() for b in job.dialog.findChildren(QPushButton)])  # noqa: E731
    jobs.monitor.started.connect(watch)
    try:
        job = jobs.run_job(parent, "保存", lambda p, c: None, lambda r: None, lambda e: None, cancellable=False)
    finally:
        jobs.monitor.started.disconnect(watch)
    job.cancel()
    assert seen == [[]] and not job.cancelled
