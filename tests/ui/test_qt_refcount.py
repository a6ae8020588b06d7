"""Issue 11: the window must survive a clerk's day on the Python and Qt for Python we install.

PySide6 6.12.0 on CPython 3.11 lost a reference to ``None`` on every void Qt call and aborted the
window after a few hundred edits. Both checks run in a child process, so an abort fails the test
instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import PySide6
import pytest
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.ui import app, qt_guard

ROOT = Path(__file__).resolve().parents[2]
VOID_CALLS = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QComboBox, QLabel
    app = QApplication([])
    label, combo = QLabel(), QComboBox()
    combo.addItems(["县级", "乡级", "全社会"])
    label.setText("warm-up"); combo.setCurrentIndex(0)
    before = sys.getrefcount(None)
    for i in range({n}):
        label.setText(str(i)); label.setStyleSheet("color: #c62828;" if i % 2 else "")
        label.setToolTip(str(i)); label.setVisible(bool(i % 2)); combo.setCurrentIndex(i % 3)
    print(sys.getrefcount(None) - before)
""")


def child(*args: str, timeout: int = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_versions_in_use_are_printed_for_the_log() -> None:
    print(qt_guard.versions())
    assert qt_guard.versions() == f"Python {sys.version.split()[0]} · PySide6 {PySide6.__version__}"


def test_thousands_of_void_qt_calls_leave_none_alone() -> None:
    n = 2000
    done = child("-c", VOID_CALLS.format(n=n))
    assert done.returncode == 0, f"the process died ({done.returncode}): {done.stderr[-600:]}"
    drift = int(done.stdout.split()[-1])
    if not qt_guard.none_is_immortal():
        # 5 void calls per round: a broken binding loses 10,000 here (and aborts first)
        assert abs(drift) < 20, f"None's reference count drifted by {drift} over {5 * n} void calls"


def test_a_long_editing_session_in_the_real_window_survives(tmp_path: Path) -> None:
    rounds = 400  # 1,200 committed edits, 800 undo/redo, filters and area switches; the abort came at ~300
    done = child("-m", "tests.ui.soak_window", str(tmp_path / "soak"), str(rounds))
    assert done.returncode == 0, f"the window died ({done.returncode}): {done.stderr[-800:]}"
    fields = dict(part.split("=") for part in done.stdout.split() if "=" in part)
    assert int(fields["edits"]) == 3 * rounds
    if not qt_guard.none_is_immortal():
        # references only accumulate (undo entries, caches); a broken binding takes thousands away
        assert int(fields["none_drift"]) > -50


def test_the_running_pair_is_not_reported_broken(qapp) -> None:
    assert qt_guard.broken_runtime_message() is None


def test_a_broken_pair_is_refused_with_a_chinese_message_before_the_window(qapp, monkeypatch) -> None:
    monkeypatch.setattr(qt_guard, "none_is_immortal", lambda: False)
    monkeypatch.setattr(qt_guard, "none_drift_per_call", lambda calls=64: -1.0)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(app, "open_window", lambda *_a: pytest.fail("the window must not open"))
    assert app.main(["--data-dir", "/nonexistent-never-opened"]) == 3
    assert shown and "已知缺陷" in shown[0] and PySide6.__version__ in shown[0]
