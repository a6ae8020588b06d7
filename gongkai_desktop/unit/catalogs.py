"""Catalog operations: start from a template, edit, add, mark not applicable, reorder, delete.

Each mutating function is one user action: it validates its input, writes in one transaction
(with a change-log row per changed field and one named undo entry, see `undo`) and returns a
`Changes` value saying what changed, so the window refreshes only that. Undo and redo are the
workspace's (`ws.undo()`, `ws.redo()`): no operation needs a hand-written inverse.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import bindparam, func, select, update

from .. import reference, vocab
from ..changes import CatalogState, Changes
from ..errors import DomainError, NotFound
from ..itemrows import read_items
from ..itemrules import (
    TEMPLATE_TEXT_FIELDS,
    applicability_from_template,
    apply_edit,
    canonical,
    next_catalog_state,
    normalise,
    normalise_all,
    revision_state,
)
from ..models import Area, Catalog, CatalogItem, ChangeLog, Template, TemplateItem, Unit, UnitArea, utcnow
from ..records import ITEM_DATA_FIELDS, CatalogInfo, ItemRecord, Problem
from ..reference import latest_template, required_channels_by_version
from ..undo import Operation
from ..validation import complete_count, validate_items
from ..workspace import Workspace

ITEM_COLUMNS = [CatalogItem.__table__.c[name] for name in ("catalog_id", *ITEM_DATA_FIELDS)]
POSITION = ("position",)
ITEM_TABLE = CatalogItem.__table__
CATALOG_TABLE = Catalog.__table__
# built once: every edit runs them
_SELECT_ITEM = select(ITEM_TABLE).where(ITEM_TABLE.c.id == bindparam("id"))
_SELECT_CATALOG = select(CATALOG_TABLE).where(CATALOG_TABLE.c.id == bindparam("id"))
_UPDATE_CATALOG = update(CATALOG_TABLE).where(CATALOG_TABLE.c.id == bindparam("_id")).values(
    status=bindparam("status"), version=bindparam("version"), updated_at=bindparam("updated_at"))


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
    """Template code → the template's ■ channels, for the version the catalog follows."""
    key = (cat.area_code, cat.template_version or "")
    return required_channels_by_version(s, [key])[key]


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
    """Catalog id → `required_channels_for` that catalog, for every catalog of a unit in two queries."""
    cats = s.execute(select(Catalog.id, Catalog.area_code, Catalog.template_version)
                     .where(Catalog.unit_code == unit_code)).all()
    by_version = required_channels_by_version(s, [(a, v or "") for _, a, v in cats])
    return {cid: by_version[(a, v or "")] for cid, a, v in cats}


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


def start_catalog(ws: Workspace, area_code: str, unit_code: str | None = None, *, undoable: bool = True,
                  not_responsible_ok: bool = False) -> Changes:
    """Create the unit's catalog of an area with every template item adopted, in template order.

    One undoable entry: undo takes the new catalog away, redo brings back the very same items.
    An area the registry does not give to the unit is refused unless ``not_responsible_ok`` (the
    window and the CLI ask first). (``undoable=False`` for bulk tools such as the demo generator.)
    """
    unit_code = current_unit(ws, unit_code)
    if not not_responsible_ok and not responsible_for(ws, unit_code, area_code):
        info = reference.get_area(ws, area_code)
        raise DomainError("not_responsible", f"按单位名册，本单位不是“{info.name}”领域的责任单位。"
                                             "如确需编制，请确认后再开始（命令行加 --not-responsible）。")
    latest = latest_template(ws, area_code)
    if latest is None:
        raise DomainError("no_template", "该领域尚无国家标准指引模板，无法从模板开始。可先新建目录后自行添加事项。")
    with ws.session() as s:
        area = s.get(Area, area_code)
        if area is None:
            raise NotFound("area_not_found", f"没有编号为 {area_code} 的试点领域。")
        name = f"开始编制“{area.name}”"
    with ws.operation(name) as op:
        if not undoable:
            op.forget()
        s = op.session
        if s.get(Unit, unit_code) is None:
            raise NotFound("unit_not_found", f"单位名册中没有编号为 {unit_code} 的单位。")
        if s.scalar(select(Catalog.id).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code)):
            raise DomainError("catalog_exists", "本单位该领域的目录已经开始编制，不能重复开始。")
        cat = Catalog(unit_code=unit_code, area_code=area_code, status=vocab.Status.DRAFT, version=1,
                      template_version=latest[1])
        s.add(cat)
        s.flush()
        op.created(Catalog.__table__, [cat.id])
        titems = s.scalars(select(TemplateItem).where(TemplateItem.template_id == latest[0]).order_by(TemplateItem.position))
        rows = [_item_from_template(cat.id, i, t) for i, t in enumerate(titems)]
        if rows:
            s.execute(CatalogItem.__table__.insert(), rows)
            op.created(CatalogItem.__table__, [r["id"] for r in rows])
            op.log([{"catalog_id": cat.id, "item_id": r["id"], "at": utcnow(), "action": "create", "field": None,
                     "old": None, "new": {"template_code": r["template_code"]}, "catalog_version": 1} for r in rows])
        op.changes.catalogs[cat.id] = CatalogState(cat.id, area_code, cat.status, cat.version)
        op.changes.reordered.add(cat.id)
    return op.changes


def responsible_for(ws: Workspace, unit_code: str, area_code: str) -> bool:
    """Does the registry give ``area_code`` to the unit?"""
    with ws.session() as s:
        return s.get(UnitArea, (unit_code, area_code)) is not None


def start_revision(ws: Workspace, catalog_id: int) -> Changes:
    """开始修订: a submitted or approved catalog becomes the draft of its next version (one entry;
    undo puts it back as it was)."""
    with ws.operation("开始修订") as op:
        conn = op.session.connection()
        row = conn.execute(_SELECT_CATALOG, {"id": catalog_id}).mappings().first()
        if row is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        status, version = revision_state(row["status"], row["version"])
        if (status, version) == (row["status"], row["version"]):
            raise DomainError("already_draft", "该目录正在编制中，可以直接修改，无需开始修订。")
        after = {**row, "status": status, "version": version, "updated_at": utcnow()}
        conn.execute(_UPDATE_CATALOG, {"_id": catalog_id, "status": status, "version": version,
                                       "updated_at": after["updated_at"]})
        op.record(CATALOG_TABLE, (catalog_id,), row, after)
        op.changes.catalogs[catalog_id] = CatalogState(catalog_id, row["area_code"], status, version)
    return op.changes


def set_fields(ws: Workspace, item_ids: list[str], changes: dict[str, Any], *, name: str | None = None) -> Changes:
    """The same values on many items (批量修改: 公开层级 on the 300 items that lack it): one entry.

    Every item goes through the same rule as a single edit (`_edit`); items it changes nothing on
    are left alone. ``name`` overrides the entry's name (e.g. 向下填充公开层级).
    """
    if not item_ids:
        raise DomainError("nothing_selected", "请先选择要修改的事项。")
    clean = normalise_all(changes)
    label = name or f"批量{edit_name(changes)}（{len(item_ids)} 项）"
    with ws.operation(label) as op:
        for item_id in dict.fromkeys(item_ids):
            _edit(op, _item_row(op, item_id), clean)
    return op.changes


def replace_text(ws: Workspace, catalog_id: int, find: str, replace: str, fields: list[str] | None = None,
                 item_ids: list[str] | None = None) -> Changes:
    """查找替换 in the text elements of a catalog's items (or of ``item_ids``): one entry.

    Returns the items it changed; ``Changes.items`` is empty when nothing matched.
    """
    if not find:
        raise DomainError("empty_find", "请填写要查找的文字。")
    fields = fields or [f for f in vocab.TEXT_FIELDS if f not in ("applicability_reason",)]
    unknown = [f for f in fields if f not in vocab.TEXT_FIELDS]
    if unknown:
        raise DomainError("bad_field", f"只能在文字要素中查找替换，“{'、'.join(unknown)}”不是文字要素。")
    with ws.operation(f"查找替换“{find}”") as op:
        conn = op.session.connection()
        q = select(ITEM_TABLE).where(ITEM_TABLE.c.catalog_id == catalog_id).order_by(ITEM_TABLE.c.position)
        for row in conn.execute(q).mappings().all():
            if item_ids is not None and row["id"] not in item_ids:
                continue
            new = {f: row[f].replace(find, replace) for f in fields if find in (row[f] or "")}
            if new:
                _edit(op, dict(row), normalise_all(new))
        op.changes.items = {k: v for k, v in op.changes.items.items() if k in op.changes.old}
    return op.changes


def _item_from_template(catalog_id: int, position: int, t: TemplateItem) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()), "catalog_id": catalog_id, "position": position, "revision": 1,
        "template_code": t.code, "source": vocab.SOURCE_TEMPLATE, "level1": t.level1, "level2": t.level2,
        "content": t.content, "basis": t.basis, "time_limit": t.time_limit, "publisher": t.publisher,
        "channels": canonical(t.channels_required, vocab.CHANNELS), "channel_other": t.channel_other,
        "audience": list(t.audience), "mode": t.mode, "levels": list(t.levels),
        "attribute": t.attribute or "主动公开", "legal_ground": "", "applicability": vocab.Applicability.ADOPTED,
        "applicability_reason": "", "remarks": "", "five_disclosures": [], "updated_at": utcnow(),
    }


def _touch_catalog(op: Operation, catalog_id: int) -> dict[str, Any]:
    """A change to a catalog: a handed-in one starts its next version (`itemrules.next_catalog_state`).

    Core statements, not the ORM: every edit passes here (the window commits one per field).
    """
    conn = op.session.connection()
    row = conn.execute(_SELECT_CATALOG, {"id": catalog_id}).mappings().first()
    if row is None:
        raise NotFound("catalog_not_found", "该目录不存在。")
    status, version = next_catalog_state(row["status"], row["version"])
    after = {**row, "status": status, "version": version, "updated_at": utcnow()}
    conn.execute(_UPDATE_CATALOG, {"_id": catalog_id, "status": status, "version": version,
                                   "updated_at": after["updated_at"]})
    op.record(CATALOG_TABLE, (catalog_id,), row, after)
    op.changes.catalogs[catalog_id] = CatalogState(catalog_id, row["area_code"], status, version)
    return after


def edit_name(changes: dict[str, Any]) -> str:
    """The entry's name a person reads: 修改公开时限, 标记不适用, or 修改事项 when several fields change."""
    if set(changes) == {"applicability", "applicability_reason"} and changes["applicability"] == "not_applicable":
        return "标记不适用"
    if len(changes) == 1:
        field = next(iter(changes))
        return f"修改{vocab.FIELD_LABELS.get(field, field)}"
    return "修改事项"


def _item(s: Any, item_id: str) -> CatalogItem:
    obj = s.get(CatalogItem, item_id)
    if obj is None:
        raise NotFound("item_not_found", "该事项不存在，可能已被删除。")
    return obj


def _item_row(op: Operation, item_id: str) -> dict[str, Any]:
    row = op.session.connection().execute(_SELECT_ITEM, {"id": item_id}).mappings().first()
    if row is None:
        raise NotFound("item_not_found", "该事项不存在，可能已被删除。")
    return dict(row)


def edit_item(ws: Workspace, item_id: str, changes: dict[str, Any], *, name: str | None = None,
              merge_key: str | None = None) -> Changes:
    """Change one or more elements of an item: one undoable entry; a no-op change writes nothing.

    ``Changes.old`` holds the previous value of every field that changed, side effects included
    (adopted → adapted). Edits with the same ``merge_key`` (one typing session) make one entry.
    """
    clean = normalise_all(changes)
    with ws.operation(name or edit_name(changes), merge_key) as op:
        _edit(op, _item_row(op, item_id), clean)
    return op.changes


def _edit(op: Operation, row: dict[str, Any], clean: dict[str, Any]) -> None:
    """Apply already normalised values to one item (its row as read in this transaction) inside an
    operation: edits, batch edits, restores. The revision counts up in SQL, never in Python."""
    diff = apply_edit(row, clean, is_template_item=row["template_code"] is not None, already_clean=True)
    if not diff:
        op.changes.items[row["id"]] = _row_record(row)
        return
    cat = _touch_catalog(op, row["catalog_id"])
    now = cat["updated_at"]
    after = {**row, **diff.new, "revision": row["revision"] + 1, "updated_at": now}
    op.session.connection().execute(
        update(ITEM_TABLE).where(ITEM_TABLE.c.id == row["id"])
        .values(**diff.new, revision=ITEM_TABLE.c.revision + 1, updated_at=now))
    op.record(ITEM_TABLE, (row["id"],), row, after)
    op.log([{"catalog_id": row["catalog_id"], "item_id": row["id"], "at": now, "action": "update", "field": f,
             "old": diff.old[f], "new": v, "catalog_version": cat["version"]} for f, v in diff.new.items()])
    op.changes.items[row["id"]] = _row_record(after)
    op.changes.old[row["id"]] = dict(diff.old)


def _row_record(row: dict[str, Any]) -> ItemRecord:
    return ItemRecord(catalog_id=row["catalog_id"], **{f: row[f] for f in ITEM_DATA_FIELDS})


def mark_not_applicable(ws: Workspace, item_id: str, reason: str) -> Changes:
    if not reason or not reason.strip():
        raise DomainError("na_reason_required", "标记为不适用时必须填写理由。")
    return edit_item(ws, item_id, {"applicability": "not_applicable", "applicability_reason": reason}, name="标记不适用")


def mark_applicable(ws: Workspace, item_id: str) -> Changes:
    """Back from 不适用: 采用 when the text is still the template's, 调整采用 otherwise."""
    with ws.session() as s:
        obj = _item(s, item_id)
        template = None
        if obj.template_code:
            cat = s.get_one(Catalog, obj.catalog_id)
            t = s.scalar(select(TemplateItem).join(Template, Template.id == TemplateItem.template_id).where(
                Template.area_code == cat.area_code, Template.version == cat.template_version,
                TemplateItem.code == obj.template_code))
            template = None if t is None else {f: getattr(t, f) for f in TEMPLATE_TEXT_FIELDS}
        state = applicability_from_template({f: getattr(obj, f) for f in TEMPLATE_TEXT_FIELDS}, template)
    return edit_item(ws, item_id, {"applicability": state}, name="恢复适用")


def add_item(
    ws: Workspace, catalog_id: int, source: str, level1: str, level2: str = "",
    after_item_id: str | None = None, fields: dict[str, Any] | None = None,
) -> Changes:
    """Add one of the unit's own items (三定方案 / 权责清单 / 公共服务事项清单 / 其他); its id is
    ``Changes.created[0]``."""
    if source not in vocab.SOURCES or source == vocab.SOURCE_TEMPLATE:
        raise DomainError("bad_source", "自有事项的来源应为三定方案、权责清单、公共服务事项清单或其他。")
    if not level1 or not level1.strip():
        raise DomainError("level1_required", "新增事项须填写一级事项名称。")
    data = normalise_all(fields or {})
    data.update(level1=normalise("level1", level1), level2=normalise("level2", level2))
    data.setdefault("audience", ["全社会"])
    data.setdefault("mode", "主动")
    data.setdefault("attribute", "主动公开")
    with ws.operation("新增事项") as op:
        s = op.session
        if s.get(Catalog, catalog_id) is None:
            raise NotFound("catalog_not_found", "该目录不存在。")
        position = _insert_position(s, catalog_id, data["level1"], after_item_id)
        _shift(op, catalog_id, CatalogItem.position >= position, +1)
        cat = _touch_catalog(op, catalog_id)
        obj = CatalogItem(id=str(uuid.uuid4()), catalog_id=catalog_id, position=position, revision=1,
                          template_code=None, source=source, applicability="adopted", **data)
        s.add(obj)
        s.flush()
        op.created(CatalogItem.__table__, [obj.id])
        rec = _to_record(obj)
        op.log([{"catalog_id": catalog_id, "item_id": obj.id, "at": utcnow(), "action": "create", "field": None,
                 "old": None, "new": _json_safe(rec), "catalog_version": cat["version"]}])
        op.changes.items[obj.id] = rec
        op.changes.created.append(obj.id)
        op.changes.reordered.add(catalog_id)
    return op.changes


def _shift(op: Operation, catalog_id: int, where: Any, step: int) -> None:
    """Move the positions of the catalog's items matching ``where`` by ``step`` (tracked for undo)."""
    cond = (CatalogItem.catalog_id == catalog_id) & where
    op.track_where(CatalogItem.__table__, cond, POSITION)
    op.session.execute(update(CatalogItem).where(cond).values(position=CatalogItem.position + step))


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


def delete_item(ws: Workspace, item_id: str) -> Changes:
    """Delete one of the unit's own items; template items are marked not applicable instead."""
    with ws.operation("删除事项") as op:
        s = op.session
        obj = _item(s, item_id)
        if obj.template_code:
            raise DomainError("template_item_delete", "国家标准指引中的事项不能删除；如本单位不涉及，请标记为“不适用”并写明理由。")
        rec = _to_record(obj)
        op.track(CatalogItem.__table__, item_id)
        cat = _touch_catalog(op, obj.catalog_id)
        s.delete(obj)
        s.flush()
        _shift(op, rec.catalog_id, CatalogItem.position > rec.position, -1)
        op.log([{"catalog_id": rec.catalog_id, "item_id": rec.id, "at": utcnow(), "action": "delete", "field": None,
                 "old": _json_safe(rec), "new": None, "catalog_version": cat["version"]}])
        op.changes.items[item_id] = None
        op.changes.reordered.add(rec.catalog_id)
    return op.changes


def move_item(ws: Workspace, item_id: str, new_position: int) -> Changes:
    """Move an item to ``new_position`` (0-based) within its catalog; its old position is in ``Changes.old``."""
    with ws.operation("移动事项") as op:
        s = op.session
        obj = _item(s, item_id)
        count = s.scalar(select(func.count()).where(CatalogItem.catalog_id == obj.catalog_id))
        new_position = max(0, min(new_position, count - 1))
        old = obj.position
        if new_position == old:
            return op.changes
        op.track(CatalogItem.__table__, item_id, POSITION)
        if new_position > old:
            _shift(op, obj.catalog_id, (CatalogItem.position > old) & (CatalogItem.position <= new_position), -1)
        else:
            _shift(op, obj.catalog_id, (CatalogItem.position >= new_position) & (CatalogItem.position < old), +1)
        obj.position = new_position
        cat = _touch_catalog(op, obj.catalog_id)
        op.log([{"catalog_id": obj.catalog_id, "item_id": item_id, "at": utcnow(), "action": "move",
                 "field": "position", "old": old, "new": new_position, "catalog_version": cat["version"]}])
        op.changes.items[item_id] = _to_record(obj)
        op.changes.old[item_id] = {"position": old}
        op.changes.reordered.add(obj.catalog_id)
    return op.changes


def item_history(ws: Workspace, item_id: str) -> list[dict[str, Any]]:
    """The change log of one item, oldest first."""
    with ws.session() as s:
        rows = s.scalars(select(ChangeLog).where(ChangeLog.item_id == item_id).order_by(ChangeLog.id))
        return [{"at": r.at, "action": r.action, "field": r.field, "old": r.old, "new": r.new,
                 "catalog_version": r.catalog_version} for r in rows]
