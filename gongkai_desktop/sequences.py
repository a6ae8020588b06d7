"""Per-sender package sequence numbers: they only grow, so the receiver can refuse replays.

The number is stored with the workspace data, and — because a restored backup would otherwise hand
out numbers the office has already seen (and then refuses the unit's new work as 比已导入的旧) — also
as a high-water mark outside the database, in ``data_dir/sequences.json``. The next number is one
above both. The mark is written durably before the package file becomes visible, so no visible
package ever carries a number the mark does not cover.

`next_sequence` must run in a session that holds the write lock (``ws.session(write=True)``): the
read and the increment then happen inside one serialised transaction and two exports can never get
the same number.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import durable
from .models import Setting

HIGH_WATER_FILE = "sequences.json"


def sequence_setting(owner: str) -> str:
    return f"package_sequence.{owner}"


def high_water(data_dir: Path | str) -> dict[str, int]:
    """The largest number handed out per sender, as recorded outside the database."""
    try:
        data = json.loads((Path(data_dir) / HIGH_WATER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


def next_sequence(ws: Any, s: Any, owner: str) -> int:
    """The next number for ``owner``: above the stored one and the high-water mark; both are updated."""
    row = s.get(Setting, sequence_setting(owner))
    stored = int(row.value) if row and row.value else 0
    marks = high_water(ws.data_dir)
    value = max(stored, marks.get(owner, 0)) + 1
    s.merge(Setting(key=sequence_setting(owner), value=value))
    marks[owner] = value
    durable.write_file(Path(ws.data_dir) / HIGH_WATER_FILE, json.dumps(marks, sort_keys=True).encode("utf-8"))
    return value
