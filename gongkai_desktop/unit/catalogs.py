"""Catalog operations: start from a template, edit, add, mark not applicable, reorder, delete.

Each function is one user action: it validates its input, writes in one transaction (with a
change-log row per changed field) and returns what changed, so the window can refresh only that
and keep an undo entry that calls the inverse operation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, delete, func, select, type_coerce, update

from .. import vocab
from ..errors import DomainError, NotFound
from ..itemrows import decode_list, read_items
from ..itemrules import apply_edit, canonical, next_catalog_state, normalise, normalise_all
from ..models import Area, Catalog, CatalogItem, ChangeLog, Template, TemplateItem, Unit, utcnow
from ..records import ITEM_DATA_FIELDS, CatalogInfo, ItemRecord, Problem
from ..reference import latest_template
from ..validation import complete_count, validate_items
from ..workspace import Workspace

ITEM_COLUMNS = [CatalogItem.__table__.c[name] for name in ("catalog_id", *ITEM_DATA_FIELDS)]


@dataclass(slots=True)
class ItemEdit:
    """The result of an edit: the item as it is now and the previous values of what changed, and
    its catalog's status and version after the edit (None when nothing changed), so a window can
    show them without reading the catalog again."""

    item: ItemRecord
    old: dict[str, Any]
    catalog_status: str | None = None
    catalog_version: int | None = None


def current_unit(ws: Workspace, unit_code: str | None = None) -> str:
    code = unit_code or ws.unit_code
    if not code:
        raise DomainError("no_unit", "尚未选择本单位。请先运行 `gongkai init --unit 单位名称`，或在软件中选择单位。")
    return code


def _to_record(obj: CatalogItem) -> ItemRecord:
    return ItemRecord(catalog_id=obj.catalog_id, **{f: getattr(obj, f) for f in ITEM_DATA_FIELDS})


def load_items(ws: Workspace, catalog_id: int) -> list[ItemRecord]:
    """All items of a catalog in order, read with one Core query (the window's hot path)."""
    table = CatalogItem.__table__
    with ws.session() as s:
        return read_items(s, table, "catalog_id", table.c.catalog_id == catalog_id)


def get_item(ws: Workspace, item_id: str) -> ItemRecord:
    with ws.session() as s:
        obj = s.get(CatalogItem, item_id)
        if obj is None:
            raise NotFound("item_not_found", "该事项不存在，可能已被删除。")
        return _to_record(obj)


def _catalog_info(s: Any, cat: Catalog, items: list[ItemRecord] | None = None) -> CatalogInfo:
    unit = s.get(Unit, cat.unit_code)
    area = s.get(Area, cat.area_code)
    info = CatalogInfo(
        id=cat.id, unit_code=cat.unit_code, unit_name=unit.name if unit else cat.unit_code,
        area_code=cat.area_code, area_name=area.name if area else cat.area_code,
        status=cat.status, version=cat.version, template_version=cat.template_version,
    )
    if items is not None:
        _add_progress(info, items, required_channels_for(s, cat))
    return info


def _add_progress(info: CatalogInfo, items: list[ItemRecord], required: dict[str, list[str]]) -> None:
    problems = validate_items(items, required)
    info.item_count = len(items)
    info.complete_count = complete_count(items, problems)
    info.problem_count = len(problems)
    info.not_applicable_count = sum(1 for i in items if i.not_applicable)


def required_channels_for(s: Any, cat: Catalog) -> dict[str, list[str]]:
    """Template code → the template's ■ channels, for the version the catalog was started from."""
    rows = s.execute(
        select(TemplateItem.code, type_coerce(TemplateItem.channels_required, Text))
        .join(Template, Template.id == TemplateItem.template_id)
        .where(Template.area_code == cat.area_code, Template.version == cat.template_version)
    ).all()
    return {code: list(decode_list(chs)) for code, chs in rows if decode_list(chs)}


def find_catalog(ws: Workspace, area_code: str, unit_code: str | None = None) -> CatalogInfo | None:
    unit_code = current_unit(ws, unit_code)
    with ws.session() as s:
        found = _catalog_infos(s, Catalog.unit_code == unit_code, Catalog.area_code == area_code)
        return found[0] if found else None


def catalog_info(ws: Workspace, catalog_id: int, with_progress: bool = True) -> CatalogInfo:
    items = load_items(ws, catalog_id) if with_progress else None
    with ws.session() as s:
        cat = s.get(Catalog, catalog_id)
        if cat is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        return _catalog_info(s, cat, items)


def list_catalogs(ws: Workspace, unit_code: str | None = None, with_progress: bool = True) -> list[CatalogInfo]:
    """The unit's catalogs in area order with their progress (items complete / total, problems).

    Three queries whatever the number of catalogs: the catalogs with their names, all their items,
    and the template channels they require. ``with_progress=False`` reads only the first (status
    and names; the counts stay 0), for a window that wants its area list before it validates.
    """
    unit_code = current_unit(ws, unit_code)
    with ws.session() as s:
        infos = _catalog_infos(s, Catalog.unit_code == unit_code)
        if not with_progress or not infos:
            return infos
        table = CatalogItem.__table__
        items = read_items(s, table, "catalog_id",
                           table.c.catalog_id.in_(select(Catalog.id).where(Catalog.unit_code == unit_code)))
        required = _required_channels_of_unit(s, unit_code)
    by_catalog: dict[int, list[ItemRecord]] = {info.id: [] for info in infos}
    for item in items:
        by_catalog[item.catalog_id].append(item)
    for info in infos:
        _add_progress(info, by_catalog[info.id], required.get(info.id, {}))
    return infos


def _catalog_infos(s: Any, *where: Any) -> list[CatalogInfo]:
    """Catalogs matching ``where`` in area order, with their unit's and area's names (one query)."""
    rows = s.execute(
        select(Catalog.id, Catalog.unit_code, Unit.name, Catalog.area_code, Area.name, Catalog.status,
               Catalog.version, Catalog.template_version)
        .outerjoin(Unit, Unit.code == Catalog.unit_code)
        .outerjoin(Area, Area.code == Catalog.area_code)
        .where(*where).order_by(Catalog.area_code)
    ).all()
    return [CatalogInfo(id=cid, unit_code=unit, unit_name=unit_name or unit, area_code=area,
                        area_name=area_name or area, status=status, version=version, template_version=tv)
            for cid, unit, unit_name, area, area_name, status, version, tv in rows]


def _required_channels_of_unit(s: Any, unit_code: str) -> dict[int, dict[str, list[str]]]:
    """Catalog id → `required_channels_for` that catalog, for every catalog of a unit in one query."""
    rows = s.execute(
        select(Catalog.id, TemplateItem.code, type_coerce(TemplateItem.channels_required, Text))
        .join(Template, (Template.area_code == Catalog.area_code) & (Template.version == Catalog.template_version))
        .join(TemplateItem, TemplateItem.template_id == Template.id)
        .where(Catalog.unit_code == unit_code)
    ).all()
    out: dict[int, dict[str, list[str]]] = {}
    for cid, code, chs in rows:
        decoded = decode_list(chs)
        if decoded:
            out.setdefault(cid, {})[code] = list(decoded)
    return out


def check_catalog(ws: Workspace, catalog_id: int) -> list[Problem]:
    items = load_items(ws, catalog_id)
    with ws.session() as s:
        cat = s.get(Catalog, catalog_id)
        if cat is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        return validate_items(items, required_channels_for(s, cat))


def required_channels(ws: Workspace, catalog_id: int) -> dict[str, list[str]]:
    with ws.session() as s:
        cat = s.get(Catalog, catalog_id)
        return {} if cat is None else required_channels_for(s, cat)


def start_catalog(ws: Workspace, area_code: str, unit_code: str | None = None) -> CatalogInfo:
    """Create the unit's catalog of an area with every template item adopted, in template order."""
    unit_code = current_unit(ws, unit_code)
    latest = latest_template(ws, area_code)
    if latest is None:
        raise DomainError("no_template", "该领域尚无国家标准指引模板，无法从模板开始。可先新建目录后自行添加事项。")
    with ws.session() as s:
        if s.get(Area, area_code) is None:
            raise NotFound("area_not_found", f"没有编号为 {area_code} 的试点领域。")
        if s.get(Unit, unit_code) is None:
            raise NotFound("unit_not_found", f"单位名册中没有编号为 {unit_code} 的单位。")
        if s.scalar(select(Catalog.id).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code)):
            raise DomainError("catalog_exists", "本单位该领域的目录已经开始编制，不能重复开始。")
        cat = Catalog(unit_code=unit_code, area_code=area_code, status="draft", version=1, template_version=latest[1])
        s.add(cat)
        s.flush()
        titems = s.scalars(select(TemplateItem).where(TemplateItem.template_id == latest[0]).order_by(TemplateItem.position))
        rows = [_item_from_template(cat.id, i, t) for i, t in enumerate(titems)]
        if rows:
            s.execute(CatalogItem.__table__.insert(), rows)
            s.execute(
                ChangeLog.__table__.insert(),
                [{"catalog_id": cat.id, "item_id": r["id"], "at": utcnow(), "action": "create", "field": None,
                  "old": None, "new": {"template_code": r["template_code"]}, "catalog_version": 1} for r in rows],
            )
        return _catalog_info(s, cat)


@dataclass(slots=True)
class StartedCatalog:
    """What `discard_catalog` took away, so `restore_catalog` can bring it back exactly (undo/redo)."""

    catalog_id: int
    unit_code: str
    area_code: str
    template_version: str
    items: list[ItemRecord]


def discard_catalog(ws: Workspace, catalog_id: int) -> StartedCatalog:
    """Undo of starting an area: only a catalog never handed in (the window undoes its later edits first).

    The returned snapshot holds every item as it is, so a redo loses nothing.
    """
    items = load_items(ws, catalog_id)
    with ws.session() as s:
        cat = s.get(Catalog, catalog_id)
        if cat is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        if cat.status != "draft" or cat.version != 1:
            raise DomainError("catalog_in_use", "该目录已经报送过，不能撤销“开始编制”。")
        snapshot = StartedCatalog(cat.id, cat.unit_code, cat.area_code, cat.template_version, items)
        s.execute(delete(ChangeLog).where(ChangeLog.catalog_id == catalog_id))
        s.execute(delete(CatalogItem).where(CatalogItem.catalog_id == catalog_id))
        s.delete(cat)
    return snapshot


def restore_catalog(ws: Workspace, snap: StartedCatalog) -> CatalogInfo:
    """Redo of starting an area: the same catalog id and the same items (ids, texts, order)."""
    with ws.session() as s:
        if s.get(Catalog, snap.catalog_id) is not None or s.scalar(select(Catalog.id).where(
                Catalog.unit_code == snap.unit_code, Catalog.area_code == snap.area_code)):
            raise DomainError("catalog_exists", "该领域的目录已重新开始编制，无法恢复。")
        cat = Catalog(id=snap.catalog_id, unit_code=snap.unit_code, area_code=snap.area_code, status="draft",
                      version=1, template_version=snap.template_version)
        s.add(cat)
        s.flush()
        rows = [dict(i.to_dict(), updated_at=utcnow()) for i in snap.items]
        if rows:
            s.execute(CatalogItem.__table__.insert(), rows)
            s.execute(ChangeLog.__table__.insert(), [
                {"catalog_id": cat.id, "item_id": r["id"], "at": utcnow(), "action": "create", "field": None, "old": None,
                 "new": {"template_code": r["template_code"]}, "catalog_version": 1} for r in rows])
        return _catalog_info(s, cat)


def _item_from_template(catalog_id: int, position: int, t: TemplateItem) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()), "catalog_id": catalog_id, "position": position, "revision": 1,
        "template_code": t.code, "source": vocab.SOURCE_TEMPLATE, "level1": t.level1, "level2": t.level2,
        "content": t.content, "basis": t.basis, "time_limit": t.time_limit, "publisher": t.publisher,
        "channels": canonical(t.channels_required, vocab.CHANNELS), "channel_other": t.channel_other,
        "audience": list(t.audience), "mode": t.mode, "levels": list(t.levels),
        "attribute": t.attribute or "主动公开", "legal_ground": "", "applicability": "adopted",
        "applicability_reason": "", "remarks": "", "five_disclosures": [], "updated_at": utcnow(),
    }


def _touch_catalog(s: Any, catalog_id: int) -> Catalog:
    """A change to a catalog: a handed-in one starts its next version (`itemrules.next_catalog_state`)."""
    cat = s.get(Catalog, catalog_id)
    cat.status, cat.version = next_catalog_state(cat.status, cat.version)
    cat.updated_at = utcnow()
    return cat


def edit_item(ws: Workspace, item_id: str, changes: dict[str, Any]) -> ItemEdit:
    """Change one or more elements of an item; a no-op change writes nothing.

    ``ItemEdit.old`` holds the previous value of every field that changed, side effects included
    (adopted → adapted), so the caller never has to guess them.
    """
    clean = normalise_all(changes)
    with ws.session() as s:
        obj = s.get(CatalogItem, item_id)
        if obj is None:
            raise NotFound("item_not_found", "该事项不存在，可能已被删除。")
        current = {f: getattr(obj, f) for f in (*clean, "applicability")}
        diff = apply_edit(current, clean, is_template_item=obj.template_code is not None, already_clean=True)
        if not diff:
            return ItemEdit(_to_record(obj), {})
        cat = _touch_catalog(s, obj.catalog_id)
        now = utcnow()
        for f, v in diff.new.items():
            setattr(obj, f, v)
        obj.revision += 1
        obj.updated_at = now
        s.execute(
            ChangeLog.__table__.insert(),
            [{"catalog_id": obj.catalog_id, "item_id": item_id, "at": now, "action": "update", "field": f,
              "old": diff.old[f], "new": v, "catalog_version": cat.version} for f, v in diff.new.items()],
        )
        return ItemEdit(_to_record(obj), diff.old, cat.status, cat.version)


def mark_not_applicable(ws: Workspace, item_id: str, reason: str) -> ItemEdit:
    if not reason or not reason.strip():
        raise DomainError("na_reason_required", "标记为不适用时必须填写理由。")
    return edit_item(ws, item_id, {"applicability": "not_applicable", "applicability_reason": reason})


def add_item(
    ws: Workspace, catalog_id: int, source: str, level1: str, level2: str = "",
    after_item_id: str | None = None, fields: dict[str, Any] | None = None,
) -> ItemRecord:
    """Add one of the unit's own items (三定方案 / 权责清单 / 公共服务事项清单 / 其他)."""
    if source not in vocab.SOURCES or source == vocab.SOURCE_TEMPLATE:
        raise DomainError("bad_source", "自有事项的来源应为三定方案、权责清单、公共服务事项清单或其他。")
    if not level1 or not level1.strip():
        raise DomainError("level1_required", "新增事项须填写一级事项名称。")
    data = normalise_all(fields or {})
    data.update(level1=normalise("level1", level1), level2=normalise("level2", level2))
    data.setdefault("audience", ["全社会"])
    data.setdefault("mode", "主动")
    data.setdefault("attribute", "主动公开")
    with ws.session() as s:
        if s.get(Catalog, catalog_id) is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        position = _insert_position(s, catalog_id, data["level1"], after_item_id)
        s.execute(
            update(CatalogItem)
            .where(CatalogItem.catalog_id == catalog_id, CatalogItem.position >= position)
            .values(position=CatalogItem.position + 1)
        )
        cat = _touch_catalog(s, catalog_id)
        obj = CatalogItem(id=str(uuid.uuid4()), catalog_id=catalog_id, position=position, revision=1,
                          template_code=None, source=source, applicability="adopted", **data)
        s.add(obj)
        s.flush()
        rec = _to_record(obj)
        s.add(ChangeLog(catalog_id=catalog_id, item_id=obj.id, action="create", new=_json_safe(rec),
                        catalog_version=cat.version))
        return rec


def _insert_position(s: Any, catalog_id: int, level1: str, after_item_id: str | None) -> int:
    if after_item_id:
        after = s.get(CatalogItem, after_item_id)
        if after is None or after.catalog_id != catalog_id:
            raise NotFound("item_not_found", "插入位置的事项不存在。")
        return after.position + 1
    last_in_group = s.scalar(
        select(func.max(CatalogItem.position)).where(CatalogItem.catalog_id == catalog_id, CatalogItem.level1 == level1)
    )
    if last_in_group is not None:
        return last_in_group + 1
    return (s.scalar(select(func.max(CatalogItem.position)).where(CatalogItem.catalog_id == catalog_id)) or -1) + 1


def _json_safe(rec: ItemRecord) -> dict[str, Any]:
    d = rec.to_dict()
    d.pop("catalog_id", None)
    return d


def delete_item(ws: Workspace, item_id: str) -> ItemRecord:
    """Delete one of the unit's own items; template items are marked not applicable instead."""
    with ws.session() as s:
        obj = s.get(CatalogItem, item_id)
        if obj is None:
            raise NotFound("item_not_found", "该事项不存在，可能已被删除。")
        if obj.template_code:
            raise DomainError("template_item_delete", "国家标准指引中的事项不能删除；如本单位不涉及，请标记为“不适用”并写明理由。")
        rec = _to_record(obj)
        cat = _touch_catalog(s, obj.catalog_id)
        s.delete(obj)
        s.flush()
        s.execute(
            update(CatalogItem)
            .where(CatalogItem.catalog_id == rec.catalog_id, CatalogItem.position > rec.position)
            .values(position=CatalogItem.position - 1)
        )
        s.add(ChangeLog(catalog_id=rec.catalog_id, item_id=rec.id, action="delete", old=_json_safe(rec),
                        catalog_version=cat.version))
        return rec


def restore_item(ws: Workspace, rec: ItemRecord) -> ItemRecord:
    """Put a deleted item back where it was (the inverse of `delete_item`, for undo)."""
    with ws.session() as s:
        if s.get(CatalogItem, rec.id) is not None:
            raise DomainError("item_exists", "该事项已存在，无需恢复。")
        s.execute(
            update(CatalogItem)
            .where(CatalogItem.catalog_id == rec.catalog_id, CatalogItem.position >= rec.position)
            .values(position=CatalogItem.position + 1)
        )
        cat = _touch_catalog(s, rec.catalog_id)
        s.add(CatalogItem(**rec.to_dict()))
        s.add(ChangeLog(catalog_id=rec.catalog_id, item_id=rec.id, action="restore", new=_json_safe(rec),
                        catalog_version=cat.version))
    return rec


def move_item(ws: Workspace, item_id: str, new_position: int) -> int:
    """Move an item to ``new_position`` (0-based) within its catalog; returns the old position."""
    with ws.session() as s:
        obj = s.get(CatalogItem, item_id)
        if obj is None:
            raise NotFound("item_not_found", "该事项不存在，可能已被删除。")
        count = s.scalar(select(func.count()).where(CatalogItem.catalog_id == obj.catalog_id))
        new_position = max(0, min(new_position, count - 1))
        old = obj.position
        if new_position == old:
            return old
        if new_position > old:
            s.execute(update(CatalogItem).where(CatalogItem.catalog_id == obj.catalog_id,
                      CatalogItem.position > old, CatalogItem.position <= new_position)
                      .values(position=CatalogItem.position - 1))
        else:
            s.execute(update(CatalogItem).where(CatalogItem.catalog_id == obj.catalog_id,
                      CatalogItem.position >= new_position, CatalogItem.position < old)
                      .values(position=CatalogItem.position + 1))
        obj.position = new_position
        cat = _touch_catalog(s, obj.catalog_id)
        s.add(ChangeLog(catalog_id=obj.catalog_id, item_id=item_id, action="move", field="position",
                        old=old, new=new_position, catalog_version=cat.version))
        return old


def item_history(ws: Workspace, item_id: str) -> list[dict[str, Any]]:
    """The change log of one item, oldest first."""
    with ws.session() as s:
        rows = s.scalars(select(ChangeLog).where(ChangeLog.item_id == item_id).order_by(ChangeLog.id))
        return [{"at": r.at, "action": r.action, "field": r.field, "old": r.old, "new": r.new,
                 "catalog_version": r.catalog_version} for r in rows]
