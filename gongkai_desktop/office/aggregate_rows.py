"""The rows of an aggregate and their counts: shared by the county's merge (`aggregate`) and the
database-counted merge above the county (`aggregate_upper`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

from .. import vocab
from ..records import ItemRecord

UNFILLED = "（未填）"


@dataclass(frozen=True, slots=True)
class Merged:
    """How the items of one kind of submitter are merged: the rows' scope and how they are named."""

    scope: str  # vocab.AGGREGATE_SCOPES
    who: str  # in a flag: 各乡镇公开内容不一致
    counter: str  # after the units: （3 个乡镇）


# Submitters whose same items are merged into one row: townships and villages in a county's catalog,
# counties in a prefecture's, prefectures in a province's (a department's items stay one row each).
MERGED: dict[str, Merged] = {
    "township": Merged("township", "各乡镇", "个乡镇"),
    "village": Merged("village", "各村（社区）", "个村（社区）"),
    "county": Merged("counties", "各县（市、区）", "个县（市、区）"),
    "prefecture": Merged("prefectures", "各设区市", "个设区市"),
}
MERGED_SCOPES: dict[str, Merged] = {m.scope: m for m in MERGED.values()}
UPPER_KINDS = tuple(vocab.UPPER_KINDS)  # submitters above the county: every item of theirs is merged


@dataclass(slots=True)
class AggregateRow:
    item: ItemRecord
    units: list[str]
    scope: str  # vocab.AGGREGATE_SCOPES: county (a department's row) or a merged kind's scope
    flags: list[str] = field(default_factory=list)
    change: str = ""  # since the last publication: 新增 / 修改 / "" (only once a round has been opened)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (unit code, the unit's item id): provenance


@dataclass(slots=True)
class NegativeEntry:
    area_name: str
    unit_name: str
    item: ItemRecord


@dataclass(slots=True)
class Counts:
    items: int = 0
    by_attribute: Counter = field(default_factory=Counter)
    by_mode: Counter = field(default_factory=Counter)
    by_level: Counter = field(default_factory=Counter)

    def add(self, attribute: str, mode: str, levels: Sequence[str]) -> None:
        self.items += 1
        self.by_attribute[attribute] += 1
        self.by_mode[mode or UNFILLED] += 1
        for lv in levels or (UNFILLED,):
            self.by_level[lv] += 1

    def add_items(self, items: list[ItemRecord]) -> None:
        """Count many items at once (Counter.update counts in C)."""
        self.items += len(items)
        self.by_attribute.update(i.attribute for i in items)
        self.by_mode.update(i.mode or UNFILLED for i in items)
        self.by_level.update(chain.from_iterable(i.levels or (UNFILLED,) for i in items))

    def add_many(self, attribute: str, mode: str, levels: tuple[str, ...] | list[str], n: int) -> None:
        """``n`` items alike in these three (counted by the database)."""
        self.items += n
        self.by_attribute[attribute] += n
        self.by_mode[mode or UNFILLED] += n
        for lv in levels or (UNFILLED,):
            self.by_level[lv] += n

    def merge(self, other: Counts) -> None:
        self.items += other.items
        self.by_attribute.update(other.by_attribute)
        self.by_mode.update(other.by_mode)
        self.by_level.update(other.by_level)
