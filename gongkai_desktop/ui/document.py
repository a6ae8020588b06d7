"""The open area: its catalog's items held in memory and their problems.

The window runs core operations; each returns a `Changes` value that `AreaDocument.apply` uses
to update the in-memory list and re-validate with the pure `validate_items`, so the table, the
form, the problems panel and the area's progress refresh without re-querying.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from .. import reference
from ..changes import Changes
from ..records import AreaInfo, CatalogInfo, ItemRecord, Problem, TemplateItemInfo
from ..unit import catalogs
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

    # Refreshing from what an operation changed ---------------------------------------------------
    def apply(self, changes: Changes) -> None:
        """Bring the open area up to date with an operation's `Changes` (an edit, an undo, a redo…).

        An item changed in place is replaced from the record the operation returned (no query);
        a changed list of items (add, delete, move, import) or a catalog that appeared or went
        away reloads the area.
        """
        if self.area is None:
            return
        mine = self.catalog.id if self.catalog is not None else None
        if mine is None:
            if any(st.exists and st.area_code == self.area.code for st in changes.catalogs.values()):
                self.load_area(self.area)  # the area was started (or its start redone)
            return
        if mine in changes.catalogs:
            state = changes.catalogs[mine]
            if not state.exists:  # the catalog went away (its start undone): show the template again
                self.load_area(self.area)
                return
            self.catalog.status, self.catalog.version = state.status, state.version
        if mine in changes.reordered:
            self.reload()
            return
        for rec in changes.items.values():
            if rec is not None and rec.catalog_id == mine:
                self._replace(rec)
        if mine in changes.catalogs and not changes.items:
            self.problems_changed.emit()  # status only: the area's row shows it

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
