"""Per-sender package sequence numbers: they only grow, so the receiver can refuse replays.

Stored with the workspace data (a restored backup continues from its own numbers; see the
durability rules for restores). Used by the unit's submissions and the office's results and
distributions alike.
"""

from __future__ import annotations

from typing import Any

from .models import Setting


def sequence_setting(owner: str) -> str:
    return f"package_sequence.{owner}"


def next_sequence(s: Any, owner: str) -> int:
    """The per-sender sequence only grows; stored with the data so a restored backup continues it."""
    row = s.get(Setting, sequence_setting(owner))
    value = int(row.value) + 1 if row and row.value else 1
    s.merge(Setting(key=sequence_setting(owner), value=value))
    return value
