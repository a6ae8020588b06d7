"""Settings of one data folder on one computer, kept beside the key in ``local.json``.

The review office's workspace may live in a shared PostgreSQL database, but some things belong to
the computer and the person at it, never to the shared database: who reviews here (the reviewer's
name on comments and decisions) and which database this folder opens (its URL may carry a password,
so the file is readable only by the user). A missing or damaged file reads as the defaults.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

from . import durable
from .settings import Scope, Setting

FILE = "local.json"
T = TypeVar("T")


def _load(data_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _check(setting: Setting[Any]) -> None:
    if setting.scope is not Scope.LOCAL:
        raise ValueError(f"{setting.key} is not kept in the data folder")


def read(data_dir: Path | str, setting: Setting[T]) -> T:
    _check(setting)
    return setting.parse(_load(Path(data_dir)).get(setting.key))


def write(data_dir: Path | str, setting: Setting[T], value: T) -> None:
    """Store durably (a power cut leaves the old file or the new one, never half of one)."""
    _check(setting)
    folder = Path(data_dir)
    data = _load(folder)
    if value is None or value == setting.default:
        data.pop(setting.key, None)
    else:
        data[setting.key] = value
    folder.mkdir(parents=True, exist_ok=True)
    durable.write_file(folder / FILE, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), private=True)
