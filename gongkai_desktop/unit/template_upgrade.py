"""Template upgrades: what changed in the national template a started catalog follows, taken or kept
change by change.

The review office imports a new version of an area's template and sends it in its distribution.
A catalog keeps following the version it was started from (`Catalog.template_version`: validation
judges against it) until the unit has answered every change between that version and the newest:
new items, removed items, changed elements, changed required channels. For each it *takes* the
change (the item gets the new template's text, is added, or goes) or *keeps* its own text; one at a
time or all at once, each one undoable entry. When nothing is left to answer, the catalog follows
the new version — in the same entry as the last answer.

Forms in other offline tools (ODK, Epi Info) are upgraded silently and lose what users wrote; here
the unit sees, next to each change, its own current text and whether it had edited it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from .. import vocab
from ..changes import Changes
from ..errors import DomainError, NotFound
from ..itemrules import TEMPLATE_TEXT_FIELDS, applicability_from_template, canonical, normalise
from ..models import Area, Catalog, CatalogItem, Template, TemplateChoice, TemplateItem, utcnow
from ..records import ItemRecord
from ..undo import Operation
from ..workspace import Workspace
from . import catalogs

# The template's elements compared between its versions (the channels apart: required ones matter).
TEMPLATE_FIELDS: tuple[str, ...] = ("level1", "level2", "content", "basis", "time_limit", "publisher",
                                    "channel_other", "audience", "mode", "levels", "attribute")
KINDS: dict[str, str] = {"added": "新增事项", "removed": "删除事项", "changed": "内容修改"}
CHOICES: dict[str, str] = {"take": "已采用", "keep": "保留本单位内容"}
TAKE, KEEP = "take", "keep"


@dataclass(slots=True)
class TemplateChange:
    """One template item that differs between the version the catalog follows and the newest."""

    code: str
    kind: str  # added / removed / changed
    level1: str
    level2: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # element → (old template, new template)
    channels_added: list[str] = field(default_factory=list)  # now required
    channels_removed: list[str] = field(default_factory=list)  # no longer required
    item: ItemRecord | None = None  # the unit's item of this template code, as it is now
    edited: list[str] = field(default_factory=list)  # changed elements the unit had rewritten itself
    choice: str | None = None  # take / keep, or None while the unit has not answered

    @property
    def label(self) -> str:
        return " / ".join(x for x in (self.level1, self.level2) if x)

    @property
    def kind_label(self) -> str:
        if self.kind == "changed" and not self.fields:
            return "必选渠道修改"
        if self.kind == "changed" and (self.channels_added or self.channels_removed):
            return "内容和必选渠道修改"
        return KINDS[self.kind]

    @property
    def choice_label(self) -> str:
        return CHOICES.get(self.choice or "", "待处理")

    def own_value(self, field_name: str) -> Any:
        return getattr(self.item, field_name) if self.item is not None else None


@dataclass(slots=True)
class TemplateUpgrade:
    """Everything a catalog has to answer to follow its area's newest template."""

    catalog_id: int
    area_code: str
    area_name: str
    from_version: str
    to_version: str
    changes: list[TemplateChange]

    @property
    def pending(self) -> list[TemplateChange]:
        return [c for c in self.changes if c.choice is None]

    def summary(self) -> str:
        return (f"“{self.area_name}”目录依据国家标准指引 {self.from_version} 版，最新为 {self.to_version} 版："
                f"共 {len(self.changes)} 处变化，待处理 {len(self.pending)} 处。")


# Reading ---------------------------------------------------------------------------------------------

def _template_items(s: Any, area_code: str, version: str) -> dict[str, TemplateItem]:
    rows = s.scalars(select(TemplateItem).join(Template, Template.id == TemplateItem.template_id)
                     .where(Template.area_code == area_code, Template.version == version)
                     .order_by(TemplateItem.position))
    return {t.code: t for t in rows}


def _compare(code: str, old: TemplateItem | None, new: TemplateItem | None, item: ItemRecord | None) -> TemplateChange | None:
    if old is None and new is not None:
        return TemplateChange(code, "added", new.level1, new.level2, item=item)
    if new is None and old is not None:
        return TemplateChange(code, "removed", old.level1, old.level2, item=item)
    assert old is not None and new is not None
    fields_ = {f: (getattr(old, f), getattr(new, f)) for f in TEMPLATE_FIELDS if getattr(old, f) != getattr(new, f)}
    added = [c for c in new.channels_required if c not in old.channels_required]
    removed = [c for c in old.channels_required if c not in new.channels_required]
    if not fields_ and not added and not removed:
        return None
    edited = [f for f, (before, _) in fields_.items() if item is not None and getattr(item, f) != before]
    return TemplateChange(code, "changed", new.level1, new.level2, fields_, added, removed, item, edited)


def _upgrade(s: Any, cat: Catalog) -> TemplateUpgrade | None:
    latest = _latest_version(s, cat.area_code)
    if not cat.template_version or latest is None or latest == cat.template_version:
        return None
    old = _template_items(s, cat.area_code, cat.template_version)
    if not old:
        raise DomainError("template_missing", f"本目录依据的国家标准指引 {cat.template_version} 版不在本机，无法比较模板变化。"
                                              "请向市府办索取包含该版模板的下发文件。")
    new = _template_items(s, cat.area_code, latest)
    t = CatalogItem.__table__
    from ..itemrows import read_items

    items = {i.template_code: i for i in read_items(s, t, "catalog_id", t.c.catalog_id == cat.id) if i.template_code}
    choices = dict(s.execute(select(TemplateChoice.code, TemplateChoice.choice).where(
        TemplateChoice.catalog_id == cat.id, TemplateChoice.template_version == latest)).all())
    changes = []
    for code in [*new, *(c for c in old if c not in new)]:
        change = _compare(code, old.get(code), new.get(code), items.get(code))
        if change is not None:
            change.choice = choices.get(code)
            changes.append(change)
    area = s.get(Area, cat.area_code)
    return TemplateUpgrade(cat.id, cat.area_code, area.name if area else cat.area_code, cat.template_version,
                           latest, changes)


def _latest_version(s: Any, area_code: str) -> str | None:
    from ..reference import _version_key

    versions = list(s.scalars(select(Template.version).where(Template.area_code == area_code)))
    return max(versions, key=_version_key) if versions else None


def template_changes(ws: Workspace, catalog_id: int) -> TemplateUpgrade | None:
    """What changed in the catalog's template since the version it follows (None: it follows the newest)."""
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        cat = s.get(Catalog, catalog_id)
        if cat is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        return _upgrade(s, cat)


def outdated_catalogs(ws: Workspace, unit_code: str | None = None) -> list[TemplateUpgrade]:
    """Every catalog of the unit whose area has a newer template than the one it follows."""
    unit_code = catalogs.current_unit(ws, unit_code)
    out = []
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        for cat in s.scalars(select(Catalog).where(Catalog.unit_code == unit_code).order_by(Catalog.area_code)):
            latest = _latest_version(s, cat.area_code)
            if latest and cat.template_version and latest != cat.template_version:
                up = _upgrade(s, cat)
                if up is not None:
                    out.append(up)
    return out


# Answering -------------------------------------------------------------------------------------------

def take_changes(ws: Workspace, catalog_id: int, codes: Iterable[str] | None = None) -> Changes:
    """Take the template's change for ``codes`` (None: every change still to answer): one undoable entry."""
    return _answer(ws, catalog_id, codes, TAKE)


def keep_changes(ws: Workspace, catalog_id: int, codes: Iterable[str] | None = None) -> Changes:
    """Keep the unit's own text for ``codes`` (None: every change still to answer): one undoable entry."""
    return _answer(ws, catalog_id, codes, KEEP)


def _answer(ws: Workspace, catalog_id: int, codes: Iterable[str] | None, choice: str) -> Changes:
    wanted = None if codes is None else list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    with ws.session() as s:
        cat = s.get(Catalog, catalog_id)
        if cat is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        up = _upgrade(s, cat)
    if up is None:
        raise DomainError("template_current", "本目录已依据最新版国家标准指引，没有需要处理的模板变化。")
    todo = _chosen(up, wanted)
    verb = "采用模板更新" if choice == TAKE else "保留本单位内容"
    name = f"{verb} {todo[0].code}" if len(todo) == 1 else f"{'全部' if wanted is None else ''}{verb}（{len(todo)} 处）"
    with ws.operation(name) as op:
        if choice == TAKE:
            # Whole rows, once: items added or removed shift the others' positions, and an edited item's
            # image must hold its final position, so the structural changes go first, the edits after.
            op.track_where(CatalogItem.__table__, CatalogItem.catalog_id == cat.id)
            origin = f"采用国家标准指引 {up.to_version} 版"
            for change in sorted(todo, key=lambda c: not (c.kind == "removed" or c.item is None)):
                _take(op, cat.id, change, up.to_version, origin)
        for change in todo:
            _record_choice(op, cat.id, up.to_version, change.code, choice)
        if len(todo) == len(up.pending) and all(c in todo for c in up.pending):
            _follow(op, cat.id, up.to_version)
    return op.changes


def _chosen(up: TemplateUpgrade, wanted: list[str] | None) -> list[TemplateChange]:
    if wanted is None:
        if not up.pending:
            raise DomainError("nothing_pending", "模板的每处变化都已处理。")
        return up.pending
    by_code = {c.code: c for c in up.changes}
    unknown = [c for c in wanted if c not in by_code]
    if unknown:
        codes = "、".join(c.code for c in up.changes) or "（无）"
        raise DomainError("no_such_change", f"模板编号 {'、'.join(unknown)} 在 {up.from_version} 版到 {up.to_version} 版之间"
                                            f"没有变化。有变化的模板编号：{codes}。")
    return [by_code[c] for c in wanted]


def _record_choice(op: Operation, catalog_id: int, version: str, code: str, choice: str) -> None:
    s = op.session
    key = (catalog_id, version, code)
    row = s.get(TemplateChoice, key)
    if row is None:
        op.created(TemplateChoice.__table__, [key])
        s.add(TemplateChoice(catalog_id=catalog_id, template_version=version, code=code, choice=choice, at=utcnow()))
    else:
        op.track(TemplateChoice.__table__, key)
        row.choice, row.at = choice, utcnow()
    s.flush()


def _follow(op: Operation, catalog_id: int, version: str) -> None:
    """The catalog follows ``version`` from now on (a handed-in catalog starts its next version)."""
    after = catalogs._touch_catalog(op, catalog_id)
    op.session.execute(update(Catalog).where(Catalog.id == catalog_id).values(template_version=version))
    op.record(Catalog.__table__, (catalog_id,), None, {**after, "template_version": version})
    op.changes.reordered.add(catalog_id)


def _take(op: Operation, catalog_id: int, change: TemplateChange, version: str, origin: str) -> None:
    s = op.session
    cat = s.get(Catalog, catalog_id)
    new = _template_items(s, cat.area_code, version).get(change.code)
    if change.kind == "removed":
        if change.item is not None:
            _remove(op, change.item.id, origin)
        return
    assert new is not None
    if change.item is None:
        _add(op, catalog_id, new, origin)
        return
    row = catalogs._item_row(op, change.item.id)
    clean = _taken_values(row, change, new)
    if clean:
        catalogs._edit(op, row, clean)


def _taken_values(row: dict[str, Any], change: TemplateChange, new: TemplateItem) -> dict[str, Any]:
    """The item's values after taking the template's change (only the elements the template changed)."""
    clean: dict[str, Any] = {}
    for f in change.fields:
        value = getattr(new, f)
        if f == "mode" and not value:
            continue  # the new template says nothing: the unit's choice stays
        if f == "attribute":
            value = value or "主动公开"
        clean[f] = normalise(f, value)
    if change.channels_added or change.channels_removed:
        dropped = {c for c in change.channels_removed if c not in new.channels_optional}
        chosen = (set(row["channels"]) | set(change.channels_added)) - dropped
        clean["channels"] = canonical(chosen, vocab.CHANNELS)
    if row["applicability"] != vocab.Applicability.NOT_APPLICABLE:
        wording = {f: getattr(new, f) for f in TEMPLATE_TEXT_FIELDS}
        clean["applicability"] = applicability_from_template({**row, **clean}, wording)
    return clean


def _add(op: Operation, catalog_id: int, t: TemplateItem, origin: str) -> None:
    """A new template item joins the catalog, adopted, at the end of its level-1 group."""
    s = op.session
    position = catalogs._insert_position(s, catalog_id, t.level1, None)
    _shift(op, catalog_id, CatalogItem.position >= position, +1)
    cat = catalogs._touch_catalog(op, catalog_id)
    values = catalogs._item_from_template(catalog_id, position, t)
    values["id"] = str(uuid.uuid4())
    s.execute(CatalogItem.__table__.insert(), [values])
    op.created(CatalogItem.__table__, [values["id"]])
    rec = ItemRecord(**{k: v for k, v in values.items() if k != "updated_at"})
    op.log([{"catalog_id": catalog_id, "item_id": rec.id, "at": utcnow(), "action": "create", "field": None,
             "old": None, "new": catalogs._json_safe(rec), "catalog_version": cat["version"], "origin": origin}])
    op.changes.items[rec.id] = rec
    op.changes.created.append(rec.id)
    op.changes.reordered.add(catalog_id)


def _remove(op: Operation, item_id: str, origin: str) -> None:
    """An item the new template no longer has leaves the catalog (undo brings it back)."""
    s = op.session
    obj = catalogs._item(s, item_id)
    rec = catalogs._to_record(obj)
    op.track(CatalogItem.__table__, item_id)
    cat = catalogs._touch_catalog(op, obj.catalog_id)
    s.delete(obj)
    s.flush()
    _shift(op, rec.catalog_id, CatalogItem.position > rec.position, -1)
    op.log([{"catalog_id": rec.catalog_id, "item_id": rec.id, "at": utcnow(), "action": "delete", "field": None,
             "old": catalogs._json_safe(rec), "new": None, "catalog_version": cat["version"], "origin": origin}])
    op.changes.items[item_id] = None
    op.changes.reordered.add(rec.catalog_id)


def _shift(op: Operation, catalog_id: int, where: Any, step: int) -> None:
    """Move positions of the catalog's items matching ``where`` (their whole rows are tracked already)."""
    op.session.execute(update(CatalogItem).where((CatalogItem.catalog_id == catalog_id) & where)
                       .values(position=CatalogItem.position + step))


def catalog_for_area(ws: Workspace, area_code: str) -> int:
    info = catalogs.find_catalog(ws, area_code)
    if info is None:
        raise DomainError("catalog_not_started", "本单位尚未开始编制该领域的目录。")
    return info.id
