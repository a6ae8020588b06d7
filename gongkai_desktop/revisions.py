"""What changed between two versions of a catalog: items added, removed, moved, changed field by field.

Pure functions over `ItemRecord`s (no database), shared by both sides: the unit compares its own
kept versions and its draft, the review office compares a unit's submissions and the version it
published. Items are matched by their UUID, which the unit's app keeps across versions (an item
imported from Excel keeps the id of the item it updated).

An item is *moved* when its place among the items both versions share changed, not when items
inserted or removed before it merely shift it: the items that keep their relative order are the
longest increasing run of their old positions, every other shared item moved (O(n log n)).

`revision_rows` turns a diff into the rows of the 修订对照表 (原内容 / 修改后 / 修改说明), the
document offices use to record a revision.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from . import vocab
from .records import ItemRecord
from .validation import item_label

# The fields a person compares (ids, revision counters and positions are not content).
COMPARED_FIELDS: tuple[str, ...] = (
    "level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "channel_other", "audience",
    "mode", "levels", "attribute", "legal_ground", "applicability", "applicability_reason", "remarks",
)
# What the 修订对照表 prints of an added or removed item, in the national table's order.
SUMMARY_FIELDS: tuple[str, ...] = (
    "level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "audience", "mode", "levels",
    "attribute", "legal_ground", "applicability", "applicability_reason", "remarks",
)
KIND_LABELS: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "移动"}
EMPTY = "（空）"


@dataclass(slots=True)
class ItemChange:
    """One item that differs: ``kind`` added / removed / changed / moved (a changed item may also
    have ``moved``); ``fields`` maps each changed field to (old value, new value)."""

    item_id: str
    kind: str
    old: ItemRecord | None
    new: ItemRecord | None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    moved: bool = False

    @property
    def item(self) -> ItemRecord:
        """The item as the newer version has it (the older one's for a removed item)."""
        rec = self.new or self.old
        assert rec is not None
        return rec

    @property
    def label(self) -> str:
        return item_label(self.item)

    @property
    def kind_label(self) -> str:
        text = KIND_LABELS[self.kind]
        return text + "、移动" if self.kind == "changed" and self.moved else text


@dataclass(slots=True)
class CatalogDiff:
    """Every difference, in the newer version's order (a removed item where it used to be)."""

    changes: list[ItemChange]
    old_count: int
    new_count: int

    @property
    def by_id(self) -> dict[str, ItemChange]:
        return {c.item_id: c for c in self.changes}

    def count(self, kind: str) -> int:
        if kind == "moved":
            return sum(1 for c in self.changes if c.moved)
        return sum(1 for c in self.changes if c.kind == kind)

    def summary(self) -> str:
        if not self.changes:
            return "两个版本的事项完全相同。"
        parts = [f"{KIND_LABELS[k]} {self.count(k)} 项" for k in ("added", "removed", "changed", "moved") if self.count(k)]
        return "，".join(parts) + "。"


_COMPARED = attrgetter(*COMPARED_FIELDS)  # one C call per item: most items of two versions are equal


def changed_fields(old: ItemRecord, new: ItemRecord) -> dict[str, tuple[Any, Any]]:
    if _COMPARED(old) == _COMPARED(new):
        return {}
    return {f: (getattr(old, f), getattr(new, f)) for f in COMPARED_FIELDS if getattr(old, f) != getattr(new, f)}


def _keep_order(old_positions: Sequence[int]) -> set[int]:
    """Indexes (into ``old_positions``) of a longest increasing run: the items that did not move."""
    tails: list[int] = []  # tails[k]: smallest old position ending a run of length k + 1
    tail_at: list[int] = []  # index in old_positions of that tail
    back: list[int] = [-1] * len(old_positions)
    for i, p in enumerate(old_positions):
        k = bisect_left(tails, p)
        if k == len(tails):
            tails.append(p)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = p, i
        back[i] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = back[i]
    return keep


def diff_catalogs(old: Sequence[ItemRecord], new: Sequence[ItemRecord]) -> CatalogDiff:
    """The differences from ``old`` to ``new`` (each in catalog order)."""
    old_index = {item.id: n for n, item in enumerate(old)}
    new_ids = {item.id for item in new}
    shared = [item for item in new if item.id in old_index]
    stayed = _keep_order([old_index[i.id] for i in shared])
    moved = {item.id for n, item in enumerate(shared) if n not in stayed}
    removed = [item for item in old if item.id not in new_ids]
    out: list[ItemChange] = []
    r = 0  # removed items are shown before the first newer item that came after them
    furthest = -1
    for item in new:
        at = old_index.get(item.id)
        if at is not None:
            furthest = max(furthest, at)
            while r < len(removed) and old_index[removed[r].id] < furthest:
                out.append(ItemChange(removed[r].id, "removed", removed[r], None))
                r += 1
            prev = old[at]
            fields_ = changed_fields(prev, item)
            if fields_:
                out.append(ItemChange(item.id, "changed", prev, item, fields_, item.id in moved))
            elif item.id in moved:
                out.append(ItemChange(item.id, "moved", prev, item, {}, True))
        else:
            out.append(ItemChange(item.id, "added", None, item))
    out.extend(ItemChange(x.id, "removed", x, None) for x in removed[r:])
    return CatalogDiff(out, len(old), len(new))


# The 修订对照表 --------------------------------------------------------------------------------------

@dataclass(slots=True)
class RevisionRow:
    """One row of the 修订对照表: which item, what it said, what it says now, and why."""

    number: int
    item: str
    kind: str
    original: str
    revised: str
    note: str
    changed_fields: tuple[str, ...] = ()


def show_value(field_name: str, value: Any) -> str:
    """A stored value as a person reads it (lists joined, codes as their Chinese labels)."""
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or EMPTY
    if field_name == "applicability":
        return vocab.APPLICABILITY.get(str(value), str(value))
    if field_name == "source":
        return vocab.SOURCES.get(str(value), str(value))
    text = "" if value is None else str(value)
    return text if text.strip() else EMPTY


def _label(field_name: str) -> str:
    return vocab.FIELD_LABELS.get(field_name, field_name)


def _item_text(item: ItemRecord) -> str:
    lines = []
    for f in SUMMARY_FIELDS:
        value = getattr(item, f)
        if f in ("legal_ground", "applicability_reason", "remarks") and not value:
            continue
        if f == "channels" and item.channel_other:
            value = [*value, f"（{item.channel_other}）"]
        lines.append(f"{_label(f)}：{show_value(f, value)}")
    return "\n".join(lines)


def _position_text(item: ItemRecord | None) -> str:
    return f"位置：第 {item.position + 1} 项" if item is not None else ""


def revision_rows(diff: CatalogDiff, notes: Mapping[str, str] | None = None) -> list[RevisionRow]:
    """The 修订对照表's rows, one per changed item; ``notes`` (item id → text) are added to 修改说明
    (e.g. the operations or the template upgrade that made the change)."""
    notes = notes or {}
    rows: list[RevisionRow] = []
    for n, c in enumerate(diff.changes, 1):
        if c.kind == "added":
            original, revised, note = "（无）", _item_text(c.item), "新增事项"
        elif c.kind == "removed":
            original, revised, note = _item_text(c.item), "（删除）", "删除事项"
        else:
            before = [f"{_label(f)}：{show_value(f, old)}" for f, (old, _) in c.fields.items()]
            after = [f"{_label(f)}：{show_value(f, new)}" for f, (_, new) in c.fields.items()]
            if c.moved:
                before.append(_position_text(c.old))
                after.append(_position_text(c.new))
            original, revised = "\n".join(before), "\n".join(after)
            parts = [f"修改{'、'.join(_label(f) for f in c.fields)}"] if c.fields else []
            if c.moved:
                parts.append("调整顺序")
            note = "；".join(parts)
        extra = notes.get(c.item_id, "")
        rows.append(RevisionRow(n, c.label, c.kind_label, original, revised,
                                f"{note}；{extra}" if extra else note, tuple(c.fields)))
    return rows


def describe(changes: Iterable[str]) -> str:
    return "、".join(_label(f) for f in changes)
