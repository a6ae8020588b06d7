"""Undo entries of the unit window: thin QUndoCommands over the area document's operations (style.md #3).

Each command performs its operation once before it is pushed (`UndoRunner.run`), so a refusal never
lands on the stack; the shared plumbing (skip the push's redo, drop an entry whose undo fails) is in
ui/undo.py, used by the review's commands too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from .. import vocab
from ..records import ItemRecord
from ..unit import catalogs
from .document import AreaDocument
from .undo import ErrorSink, PerformedCommand, push_performed

EDIT_COMMAND_ID = 1001


def edit_text(changes: dict[str, Any]) -> str:
    """The entry's name in the Edit menu: 修改公开时限, or 修改事项 when several fields change."""
    if len(changes) == 1:
        field = next(iter(changes))
        return f"修改{vocab.FIELD_LABELS.get(field, field)}"
    if set(changes) == {"applicability", "applicability_reason"} and changes["applicability"] == "not_applicable":
        return "标记不适用"
    return "修改事项"


class CoreCommand(PerformedCommand):
    """An entry over the open area's document (`perform` / `revert` call its operations)."""

    def __init__(self, doc: AreaDocument, text: str, on_error: ErrorSink) -> None:
        super().__init__(text, on_error)
        self.doc = doc


class EditItemCommand(CoreCommand):
    """Change fields of one item; consecutive commits from one typing session merge into one entry."""

    def __init__(self, doc: AreaDocument, catalog_id: int, item_id: str, changes: dict[str, Any],
                 on_error: ErrorSink, text: str | None = None, merge_key: object | None = None) -> None:
        super().__init__(doc, text or edit_text(changes), on_error)
        self.catalog_id, self.item_id = catalog_id, item_id
        self.new = dict(changes)
        self.old: dict[str, Any] = {}
        self.merge_key = merge_key
        self.changed = False  # set by perform: an edit that changes nothing is no entry

    def perform(self) -> None:
        result = self.doc.edit(self.catalog_id, self.item_id, self.new)
        if not self.old:
            # applicability may also change as a side effect (adopted → adapted): keep it to restore it.
            self.old = dict(result.old)
        self.changed = bool(result.old)

    def revert(self) -> None:
        self.doc.edit(self.catalog_id, self.item_id, self.old)

    def id(self) -> int:
        return EDIT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (isinstance(other, EditItemCommand) and self.merge_key is not None
                and other.merge_key == self.merge_key and other.item_id == self.item_id
                and set(other.new) == set(self.new)):
            return False
        self.new = dict(other.new)
        for k, v in other.old.items():
            self.old.setdefault(k, v)
        return True


class AddItemCommand(CoreCommand):
    def __init__(self, doc: AreaDocument, catalog_id: int, source: str, level1: str, level2: str,
                 after: str | None, on_error: ErrorSink) -> None:
        super().__init__(doc, "新增事项", on_error)
        self.catalog_id = catalog_id
        self.args = (source, level1, level2, after)
        self.record: ItemRecord | None = None

    def perform(self) -> None:
        if self.record is None:
            self.record = self.doc.add(self.catalog_id, *self.args)
        else:  # redo after undo: bring back the same item (same id, same place)
            self.doc.restore(self.record)

    def revert(self) -> None:
        assert self.record is not None
        self.record = self.doc.delete(self.catalog_id, self.record.id)


class DeleteItemCommand(CoreCommand):
    def __init__(self, doc: AreaDocument, catalog_id: int, item_id: str, on_error: ErrorSink) -> None:
        super().__init__(doc, "删除事项", on_error)
        self.catalog_id, self.item_id = catalog_id, item_id
        self.record: ItemRecord | None = None

    def perform(self) -> None:
        self.record = self.doc.delete(self.catalog_id, self.item_id)

    def revert(self) -> None:
        assert self.record is not None
        self.doc.restore(self.record)


class MoveItemCommand(CoreCommand):
    def __init__(self, doc: AreaDocument, catalog_id: int, item_id: str, position: int, on_error: ErrorSink) -> None:
        super().__init__(doc, "移动事项", on_error)
        self.catalog_id, self.item_id, self.position = catalog_id, item_id, position
        self.old_position: int | None = None

    def perform(self) -> None:
        self.old_position = self.doc.move(self.catalog_id, self.item_id, self.position)

    def revert(self) -> None:
        assert self.old_position is not None
        self.doc.move(self.catalog_id, self.item_id, self.old_position)


class UndoRunner:
    """Runs a command's operation, shows a refusal, and pushes only what succeeded."""

    def __init__(self, stack: QUndoStack, on_error: ErrorSink) -> None:
        self.stack = stack
        self.on_error = on_error

    def run(self, cmd: CoreCommand) -> bool:
        return push_performed(self.stack, cmd, self.on_error)


class StartAreaCommand(PerformedCommand):
    """从国家标准指引开始编制: undo discards the new catalog, redo brings back the very same items."""

    def __init__(self, window: Any, area: Any, on_error: ErrorSink) -> None:
        super().__init__(f"开始编制“{area.name}”", on_error)
        self.window, self.area = window, area
        self.snapshot: catalogs.StartedCatalog | None = None
        self.catalog_id: int | None = None  # an import into this catalog makes the entry stale

    def perform(self) -> None:
        if self.snapshot is None:
            self.catalog_id = catalogs.start_catalog(self.window.ws, self.area.code).id
        else:
            self.catalog_id = catalogs.restore_catalog(self.window.ws, self.snapshot).id
        self.window.show_area(self.area)

    def revert(self) -> None:
        found = catalogs.find_catalog(self.window.ws, self.area.code)
        if found is not None:
            self.snapshot = catalogs.discard_catalog(self.window.ws, found.id)
        self.window.show_area(self.area)
