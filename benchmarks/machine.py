"""The machine the figures were measured on, written next to them (figures mean nothing without it)."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name, module in (("qt", "PySide6.QtCore"), ("pyside6", "PySide6"), ("sqlalchemy", "sqlalchemy"),
                         ("openpyxl", "openpyxl"), ("python_docx", "docx"), ("xlsxwriter", "xlsxwriter"),
                         ("pandas", "pandas")):
        try:
            mod = __import__(module, fromlist=["_"])
        except ImportError:
            continue
        if name == "qt":
            out[name] = mod.qVersion()
        else:
            out[name] = getattr(mod, "__version__", "?")
    return out


def describe() -> dict[str, Any]:
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": memory_gib(),
        "load_average_at_start": load_average(),
        "python_implementation": sys.implementation.name,
        "versions": versions(),
    }
