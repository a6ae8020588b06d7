"""Finding text in items: where a word occurs, across many catalogs or submissions at once.

The unit searches all its catalogs (“低保” finds 社会救助's items though area 01 is open), the
review office all current submissions. The database narrows the rows with LIKE (fast enough for a
county: tens of thousands of items), then each hit says which elements matched, for the window's
result list and `gongkai search`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, or_

from . import vocab
from .records import ItemRecord

TEXT_SEARCHED: tuple[str, ...] = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channel_other",
                                  "legal_ground", "remarks")
MAX_HITS = 500


@dataclass(slots=True)
class Hit:
    """One item that matched: where it lives (area, unit, 序号) and which elements matched."""

    item: ItemRecord
    area_code: str
    area_name: str
    owner_name: str  # the unit (office side) or the catalog's area (unit side)
    number: int  # 序号: the item's row in its catalog, 1-based
    fields: list[str]
    owner_id: int  # the catalog (unit side) or the submission (office side)

    @property
    def field_labels(self) -> str:
        return "、".join(vocab.FIELD_LABELS.get(f, f) for f in self.fields)


def like_any(table: Table, text: str) -> Any:
    """A WHERE clause: ``text`` in any searched column (LIKE wildcards in ``text`` taken literally)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(table.c[f].like(f"%{escaped}%", escape="\\") for f in TEXT_SEARCHED))


def matched_fields(item: ItemRecord, text: str) -> list[str]:
    folded = text.casefold()
    return [f for f in TEXT_SEARCHED if folded in (getattr(item, f) or "").casefold()]
