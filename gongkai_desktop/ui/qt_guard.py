"""A start-up check for a known-broken pairing of Python and Qt for Python.

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on every Qt call that returns
nothing (``QLabel.setText``, ``setVisible`` …). After a few hundred edits ``None``'s count reaches
zero and the interpreter aborts (``Fatal Python error: none_dealloc``), taking the clerk's window
with it. CPython 3.12 made ``None`` immortal, so the same wheel is harmless there.

``pyproject.toml`` keeps pip from installing that pairing; this check catches an environment
that got it anyway (a manual upgrade, a frozen build made from the wrong environment) before the
first edit, and says so in Chinese instead of aborting later. It costs a few dozen Qt calls.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtWidgets import QLabel

PROBE_CALLS = 64


def none_is_immortal() -> bool:
    """True on interpreters where reference counts of ``None`` never change (CPython ≥ 3.12)."""
    before = sys.getrefcount(None)
    _hold = [None] * 1000
    grew = sys.getrefcount(None) != before
    del _hold
    return not grew


def none_drift_per_call(calls: int = PROBE_CALLS) -> float:
    """References to ``None`` gained (positive) or lost (negative) per void Qt call; 0.0 is right.

    Needs a QApplication. Always 0.0 where ``None`` is immortal (nothing to measure, nothing to fear).
    """
    label = QLabel()
    label.setText("")  # the first call may create Qt's own caches
    before = sys.getrefcount(None)
    for i in range(calls):
        label.setText(str(i))
    drift = sys.getrefcount(None) - before
    label.deleteLater()
    return drift / calls


def versions() -> str:
    """'Python 3.11.7 · PySide6 6.11.3' for 关于, logs and the CI log."""
    return f"Python {sys.version.split()[0]} · PySide6 {PySide6.__version__}"


def broken_runtime_message() -> str | None:
    """A Chinese sentence saying why this window cannot run safely, or None when it can."""
    if none_is_immortal() or abs(none_drift_per_call()) < 0.5:
        return None
    return (f"当前运行环境（{versions()}）存在已知缺陷：界面每次更新都会损坏 Python 的内部计数，"
            "编辑数百次后程序会突然退出。为避免丢失工作，本次不打开窗口。\n\n"
            "请安装本软件的正式安装包，或在命令行中运行：pip install \"PySide6-Essentials<6.12\"（Python 3.11），"
            "或改用 Python 3.12 及以上版本。")
