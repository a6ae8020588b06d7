"""What an operation changed: the one value every mutating core operation returns.

Like Anki's ``OpChanges``: the window and the CLI refresh only what an operation touched, from
this value, instead of re-reading everything or guessing side effects. It carries the records
after the operation where the operation has them anyway (an edited item), so a view updates from
memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .records import ItemRecord


@dataclass(slots=True, frozen=True)
class CatalogState:
    """A catalog's status and version after an operation (the area list shows them)."""

    id: int
    area_code: str
    status: str
    version: int
    exists: bool = True  # False: the catalog went away (the start of its area was undone)


@dataclass(slots=True, frozen=True)
class UndoStatus:
    """The names the 编辑 menu shows: “撤销 修改公开时限”, “重做 …”; None when there is nothing."""

    undo: str | None = None
    redo: str | None = None


@dataclass(slots=True)
class Changes:
    """The effect of one operation (or of an undo/redo of one).

    ``items`` maps each changed item to its record afterwards (None: it no longer exists);
    ``old`` holds, for edited items, the previous values of every field that changed (side
    effects included); ``reordered`` are catalogs whose list of items changed (added, removed,
    moved); ``catalogs`` the touched catalogs' status/version afterwards (``exists`` False: gone).
    """

    name: str = ""
    items: dict[str, ItemRecord | None] = field(default_factory=dict)
    old: dict[str, dict[str, Any]] = field(default_factory=dict)
    catalogs: dict[int, CatalogState] = field(default_factory=dict)
    reordered: set[int] = field(default_factory=set)
    submissions: set[int] = field(default_factory=set)
    comments: set[str] = field(default_factory=set)
    received_comments: set[str] = field(default_factory=set)
    reference: bool = False
    created: list[str] = field(default_factory=list)
    undo: UndoStatus | None = None

    def __bool__(self) -> bool:
        return bool(self.items or self.catalogs or self.reordered or self.submissions or self.comments
                    or self.received_comments or self.reference)

    @property
    def item(self) -> ItemRecord:
        """The one item an item operation changed (edit, restore): its record afterwards."""
        for rec in self.items.values():
            if rec is not None:
                return rec
        raise LookupError("no item in these changes")

    @property
    def catalog(self) -> CatalogState:
        """The one catalog a catalog operation changed (start an area, edit an item): its state afterwards."""
        for state in self.catalogs.values():
            if state.exists:
                return state
        raise LookupError("no catalog in these changes")

    def old_values(self, item_id: str | None = None) -> dict[str, Any]:
        """Previous values of the changed fields of ``item_id`` (or of the only edited item)."""
        if item_id is None:
            return next(iter(self.old.values()), {})
        return self.old.get(item_id, {})

    def merge(self, other: Changes) -> Changes:
        """Both effects, as one (several operations of one user action)."""
        self.items.update(other.items)
        for k, v in other.old.items():
            self.old.setdefault(k, {}).update({f: x for f, x in v.items() if f not in self.old.get(k, {})})
        self.catalogs.update(other.catalogs)
        self.reordered |= other.reordered
        self.submissions |= other.submissions
        self.comments |= other.comments
        self.received_comments |= other.received_comments
        self.reference = self.reference or other.reference
        self.created.extend(other.created)
        self.undo = other.undo or self.undo
        return self
