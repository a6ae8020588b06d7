"""The open area: its catalog's items held in memory, their problems, and the operations on them.

Undo commands call these methods; each one runs one core operation (which writes to the workspace
at once) and then updates the in-memory list and re-validates with the pure `validate_items`, so
the table, the form, the problems panel and the area's progress refresh without re-querying.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from .. import reference
from ..records import AreaInfo, CatalogInfo, ItemRecord, Problem, TemplateItemInfo
from ..unit import catalogs
from ..unit.catalogs import ItemEdit
from ..validation import affects_other_items, complete_count, revalidate_item, validate_items
from ..workspace import Workspace


def template_as_record(t: TemplateItemInfo, position: int) -> ItemRecord:
    """A template item shown as a read-only row (preview of an area not yet started)."""
    return ItemRecord(
        id=f"template:{t.code}", catalog_id=0, position=position, template_code=t.code, level1=t.level1,
        level2=t.level2, content=t.content, basis=t.basis, time_limit=t.time_limit, publisher=t.publisher,
        channels=list(t.channels_required), channel_other=t.channel_other, audience=list(t.audience),
        mode=t.mode, levels=list(t.levels), attribute=t.attribute or "主动公开",
    )


class AreaDocument(QObject):
    """One area as the window shows it: a started catalog (editable) or the template (preview)."""

    reset = Signal()  # the list of items changed as a whole (load, add, delete, move)
    item_changed = Signal(str)  # one item's fields changed in place
    problems_changed = Signal()
    catalog_loaded = Signal(str)  # area code, also when an undo switches to another area

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.area: AreaInfo | None = None
        self.catalog: CatalogInfo | None = None
        self.items: list[ItemRecord] = []
        self.by_id: dict[str, ItemRecord] = {}
        self.row_of: dict[str, int] = {}  # item id → index in ``items``
        self.problems: list[Problem] = []
        self.problems_by_item: dict[str, list[Problem]] = {}
        self.required: dict[str, list[str]] = {}
        self._templates: dict[str, TemplateItemInfo] | None = None

    # Loading ---------------------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return self.catalog is not None

    @property
    def templates(self) -> dict[str, TemplateItemInfo]:
        """The area's template items by code (read when first needed: a started area rarely needs them)."""
        if self._templates is None:
            self._templates = {t.code: t for t in reference.template_items(self.ws, self.area.code)} if self.area else {}
        return self._templates

    def clear(self) -> None:
        self.area, self.catalog, self._templates = None, None, None
        self._set_items([])
        self.reset.emit()
        self.problems_changed.emit()

    def load_area(self, area: AreaInfo) -> None:
        """Open the unit's catalog of ``area`` or, when not started, its template as a preview."""
        self.area, self._templates = area, None
        found = catalogs.find_catalog(self.ws, area.code) if self.ws.unit_code else None
        if found is None:
            self.catalog = None
            self.required = {}
            self._set_items([template_as_record(t, i) for i, t in enumerate(self.templates.values())])
        else:
            self.catalog = found
            self.required = catalogs.required_channels(self.ws, found.id)
            self._set_items(catalogs.load_items(self.ws, found.id))
        self.reset.emit()
        self.problems_changed.emit()
        self.catalog_loaded.emit(area.code)

    def reload(self) -> None:
        """The open catalog again after an operation that changed its list (and maybe its status)."""
        if self.catalog is None:
            return
        self.catalog = catalogs.catalog_info(self.ws, self.catalog.id, with_progress=False)
        self._set_items(catalogs.load_items(self.ws, self.catalog.id))
        self.reset.emit()
        self.problems_changed.emit()

    def _set_items(self, items: list[ItemRecord]) -> None:
        self.items = items
        self.by_id = {i.id: i for i in items}
        self.row_of = {i.id: n for n, i in enumerate(items)}
        self._revalidate()

    def _revalidate(self) -> None:
        self.problems = validate_items(self.items, self.required) if self.catalog else []
        by_item: dict[str, list[Problem]] = {}
        for p in self.problems:
            by_item.setdefault(p.item_id or "", []).append(p)
        self.problems_by_item = by_item

    def _revalidate_one(self, old: ItemRecord, new: ItemRecord) -> None:
        """After an edit of one item: only its problems change, unless the edit touched a field
        another item's problems depend on (then the whole list, as `_revalidate`)."""
        if affects_other_items(old, new):
            self._revalidate()
            return
        mine = revalidate_item(self.problems_by_item.get(new.id, []),
                               new, self.required.get(new.template_code or "", ()))
        if mine:
            self.problems_by_item[new.id] = mine
        else:
            self.problems_by_item.pop(new.id, None)
        by_item = self.problems_by_item  # the list stays in item order, as validate_items gives it
        self.problems = [p for i in self.items if i.id in by_item for p in by_item[i.id]]

    def progress(self) -> tuple[int, int, int]:
        """(complete, total, problems) of the open catalog, from memory."""
        return complete_count(self.items, self.problems), len(self.items), len(self.problems)

    def level1_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for i in self.items:
            seen.setdefault(i.level1, None)
        for name in self.area.level1 if self.area else []:
            seen.setdefault(name, None)
        return [n for n in seen if n]

    def _ensure(self, catalog_id: int) -> None:
        """Undo of an entry made in another area first opens that area, so the user sees it."""
        if self.catalog is not None and self.catalog.id == catalog_id:
            return
        info = catalogs.catalog_info(self.ws, catalog_id, with_progress=False)
        area = next(a for a in reference.list_areas(self.ws) if a.code == info.area_code)
        self.load_area(area)

    # Operations (called by the undo commands) ------------------------------------------------
    def edit(self, catalog_id: int, item_id: str, changes: dict[str, Any]) -> ItemEdit:
        self._ensure(catalog_id)
        before = self.by_id.get(item_id)
        result = catalogs.edit_item(self.ws, item_id, changes)
        if before is not None and before.applicability != result.item.applicability:
            # the core turns an adopted template item into "adapted" when its text changes;
            # undo must restore that too, so it goes into the entry's old values.
            result.old.setdefault("applicability", before.applicability)
        if self.catalog is not None and result.catalog_status is not None:
            # an edit of a handed-in catalog starts its next version (the area list shows 编制中)
            self.catalog.status, self.catalog.version = result.catalog_status, result.catalog_version or 0
        self._replace(result.item)
        return result

    def add(self, catalog_id: int, source: str, level1: str, level2: str, after: str | None,
            fields: dict[str, Any] | None = None) -> ItemRecord:
        self._ensure(catalog_id)
        rec = catalogs.add_item(self.ws, catalog_id, source, level1, level2, after_item_id=after, fields=fields)
        self.reload()
        return rec

    def delete(self, catalog_id: int, item_id: str) -> ItemRecord:
        self._ensure(catalog_id)
        rec = catalogs.delete_item(self.ws, item_id)
        self.reload()
        return rec

    def restore(self, rec: ItemRecord) -> None:
        self._ensure(rec.catalog_id)
        catalogs.restore_item(self.ws, rec)
        self.reload()

    def move(self, catalog_id: int, item_id: str, position: int) -> int:
        self._ensure(catalog_id)
        old = catalogs.move_item(self.ws, item_id, position)
        self.reload()
        return old

    def _replace(self, rec: ItemRecord) -> None:
        old = self.by_id.get(rec.id)
        if old is None:
            self.reload()
            return
        self.items[self.row_of[rec.id]] = rec
        self.by_id[rec.id] = rec
        self._revalidate_one(old, rec)
        self.item_changed.emit(rec.id)
        self.problems_changed.emit()
