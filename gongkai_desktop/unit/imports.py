"""Writing what a catalog file's preview understood into the unit's catalogs (Excel, Word, old formats).

`read_catalog` reads any catalog file (`documents.catalog_files`) and adds to the preview how its
rows match the template (`plan_import`: matched, the unit's own, template items the file does not
cover). `apply_import` writes exactly the preview's rows with the same matching, so every row the
preview calls readable is written. One transaction per call. A catalog not yet started is created; an existing one is updated item by
item (matched by template code, then by 一级事项 + 二级事项) and nothing that is not in the file is
deleted. Rows that name a template item (by code, or by the same 一级/二级 names) become template
items (来源 国家标准指引, 采用 or 调整采用); the others become the unit's own items (来源 其他
unless the file says otherwise). Every created item and every changed field gets a change-log row,
as catalogs.py writes them, so the history and version comparison see imports like edits.
"""

from __future__ import annotations

import uuid
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from .. import backups, reference, vocab
from ..documents.catalog_files import read_catalog_file
from ..documents.import_preview import ImportPreview, SheetPreview
from ..documents.table_reader import CLEANED_MARK
from ..errors import DomainError, NotFound
from ..itemrules import (
    TEMPLATE_TEXT_FIELDS,
    applicability_from_template,
    apply_edit,
    next_catalog_state,
    normalise,
)
from ..models import Area, Catalog, CatalogItem, ChangeLog, Template, TemplateItem, Unit, utcnow
from ..names import key, name_key
from ..records import ITEM_DATA_FIELDS
from ..workspace import Workspace
from .catalogs import current_unit

# Fields an import may change on an existing item, when the file has a column for them.
UPDATABLE = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "channel_other",
             "audience", "mode", "levels", "attribute", "legal_ground", "applicability",
             "applicability_reason", "remarks", "five_disclosures")


@dataclass(slots=True)
class ImportSummary:
    """What an import wrote, for the message after it and for the window to refresh."""

    catalog_ids: list[int] = field(default_factory=list)
    catalogs_created: list[str] = field(default_factory=list)
    catalogs_updated: list[str] = field(default_factory=list)
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    template_matched: int = 0
    rows_refused: int = 0

    def lines(self) -> list[str]:
        out = []
        if self.catalogs_created:
            out.append(f"新建目录：{'、'.join(self.catalogs_created)}")
        if self.catalogs_updated:
            out.append(f"更新目录：{'、'.join(self.catalogs_updated)}")
        out.append(f"新增事项 {self.items_created} 个（其中对应国家标准指引事项 {self.template_matched} 个），"
                   f"修改事项 {self.items_updated} 个，未变 {self.items_unchanged} 个。")
        if self.rows_refused:
            out.append(f"有 {self.rows_refused} 行无法读取，未导入。")
        return out


def read_catalog(ws: Workspace, path: str | Path, area: str | None = None) -> ImportPreview:
    """Any catalog file's preview with the workspace's areas and the template matching of its rows;
    ``area`` (code or name) assigns every table to it."""
    code = reference.get_area(ws, area).code if area else None
    areas = [(a.code, a.name) for a in reference.list_areas(ws)]
    preview = read_catalog_file(path, areas, code)
    preview.plan_lines = plan_import(ws, preview, code).lines()
    return preview


read_catalog_xlsx = read_catalog  # the name the first release used


@dataclass(slots=True)
class AreaPlan:
    """How one area's rows meet its template and the unit's catalog."""

    area_code: str
    area_name: str
    matched: int = 0
    own: int = 0
    existing: int = 0  # rows that update an item the catalog already has
    uncovered: list[str] = field(default_factory=list)  # template items no row names
    own_names: list[str] = field(default_factory=list)  # the rows that become the unit's own items


@dataclass(slots=True)
class ImportPlan:
    areas: list[AreaPlan] = field(default_factory=list)
    unknown_sheets: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for a in self.areas:
            line = f"领域（{a.area_code}）{a.area_name}：对应国家标准指引事项 {a.matched} 个，本单位自有事项 {a.own} 个"
            if a.existing:
                line += f"，更新目录中已有的事项 {a.existing} 个"
            out.append(line + "。")
            if a.own_names:
                shown = "、".join(a.own_names[:12]) + ("等" if len(a.own_names) > 12 else "")
                out.append(f"  本单位自有事项（模板中没有同名事项）：{shown}")
            if a.uncovered:
                shown = "、".join(a.uncovered[:12]) + ("等" if len(a.uncovered) > 12 else "")
                out.append(f"  文件未包含的国家标准指引事项 {len(a.uncovered)} 个：{shown}")
        if self.unknown_sheets:
            out.append(f"无法判断“{'、'.join(self.unknown_sheets)}”属于哪个试点领域，请指定领域（--area）后再导入。")
        return out


def plan_import(ws: Workspace, preview: ImportPreview, area_code: str | None = None,
                unit_code: str | None = None) -> ImportPlan:
    """What `apply_import` will do with the preview's rows, decided by the same functions (nothing written)."""
    plan = ImportPlan(unknown_sheets=[] if area_code else preview.unknown_area_sheets())
    try:
        groups = _group_by_area(ws, preview, area_code)
    except DomainError:
        return plan
    unit = _unit_or_none(ws, unit_code)
    for code, parts in groups.items():
        tpl = _template_index(ws, code)
        existing = _existing_items(ws, unit, code)
        matcher = _Matcher(existing)
        used = {i.template_code for i in existing if i.template_code}
        area = AreaPlan(code, reference.get_area(ws, code).name)
        for sheet in parts:
            has_code = "template_code" in sheet.fields
            for row in sheet.rows:
                if matcher.find(row) is not None:
                    area.existing += 1
                elif match_template(row, tpl, used, has_code):
                    area.matched += 1
                else:
                    area.own += 1
                    area.own_names.append(f"{row['level1']}/{row['level2']}")
        area.uncovered = [f"{t.level1}/{t.level2}" for t in tpl.by_code.values() if t.code not in used]
        plan.areas.append(area)
    return plan


def _unit_or_none(ws: Workspace, unit_code: str | None) -> str | None:
    try:
        return current_unit(ws, unit_code)
    except DomainError:
        return None


def _existing_items(ws: Workspace, unit_code: str | None, area_code: str) -> list[CatalogItem]:
    if unit_code is None:
        return []
    with ws.session() as s:
        cat = s.scalar(select(Catalog.id).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code))
        if cat is None:
            return []
        items = list(s.scalars(select(CatalogItem).where(CatalogItem.catalog_id == cat).order_by(CatalogItem.position)))
        s.expunge_all()
    return items


def apply_import(ws: Workspace, preview: ImportPreview, area_code: str | None = None,
                 unit_code: str | None = None) -> ImportSummary:
    """Write the rows read into the unit's catalogs (refused rows are left out), in one transaction."""
    unit_code = current_unit(ws, unit_code)
    groups = _group_by_area(ws, preview, area_code)
    templates = {code: _template_index(ws, code) for code in groups}
    summary = ImportSummary(rows_refused=len(preview.refused))
    backups.automatic(ws, backups.BEFORE_IMPORT)  # a restorable copy first (issue 14)
    with ws.session() as s:
        if s.get(Unit, unit_code) is None:
            raise NotFound("unit_not_found", f"单位名册中没有编号为 {unit_code} 的单位。")
        for code, parts in groups.items():
            _import_area(s, unit_code, code, parts, templates[code], summary)
    return summary


def _group_by_area(ws: Workspace, preview: ImportPreview,
                   area_code: str | None) -> dict[str, list[SheetPreview]]:
    forced = reference.get_area(ws, area_code).code if area_code else None
    groups: dict[str, list[SheetPreview]] = defaultdict(list)
    for sheet in preview.sheets:
        if sheet.skipped or not sheet.rows:
            continue
        code = forced or sheet.area_code
        if not code:
            raise DomainError("area_unknown", f"无法判断工作表“{sheet.name}”属于哪个试点领域，请指定领域（--area）。")
        groups[code].append(sheet)
    if not groups:
        raise DomainError("nothing_to_import", "文件中没有可以导入的事项。")
    return dict(groups)


@dataclass(slots=True)
class _TemplateIndex:
    version: str
    codes: set[str]  # every code any version of the area's template used
    by_code: dict[str, TemplateItem]
    by_name: dict[tuple[str, str], str]  # latest version: names → code
    by_level2: dict[str, str | None] = field(default_factory=dict)  # level-2 name → code (None: not unique)


def _template_index(ws: Workspace, area_code: str) -> _TemplateIndex:
    latest = reference.latest_template(ws, area_code)
    with ws.session() as s:
        codes = set(s.scalars(select(TemplateItem.code).join(Template, Template.id == TemplateItem.template_id)
                              .where(Template.area_code == area_code)))
        items = [] if latest is None else list(s.scalars(
            select(TemplateItem).where(TemplateItem.template_id == latest[0]).order_by(TemplateItem.position)))
        s.expunge_all()
    by_name: dict[tuple[str, str], str] = {}
    by_level2: dict[str, str | None] = {}
    for t in items:
        by_name.setdefault(key(t.level1, t.level2), t.code)
        k2 = name_key(t.level2)
        by_level2[k2] = None if k2 in by_level2 else t.code
    return _TemplateIndex(latest[1] if latest else "", codes, {t.code: t for t in items}, by_name, by_level2)


def match_template(row: dict[str, Any], tpl: _TemplateIndex, used: set[str], has_code_column: bool) -> str | None:
    """The template item a new row is: by its 模板编号; or, when the file has no such column, by its
    names — 一级 + 二级 first, then a 二级 name the template has only once. Each code is used once.
    A file with a 模板编号 column whose cell is empty names an own item."""
    code = row.get("template_code")
    if code and (code not in tpl.codes or code in used):
        code = None
    if not code and not (has_code_column and not row.get("template_code")):  # an empty 模板编号: an own item
        code = tpl.by_name.get(key(row["level1"], row["level2"]))
        if code is None or code in used:
            code = tpl.by_level2.get(name_key(row["level2"]))
        code = None if code in used else code
    if code:
        used.add(code)
    return code or None


def _import_area(s: Any, unit_code: str, area_code: str, parts: Sequence[SheetPreview], tpl: _TemplateIndex,
                 summary: ImportSummary) -> None:
    area = s.get(Area, area_code)
    if area is None:
        raise NotFound("area_not_found", f"没有编号为 {area_code} 的试点领域。")
    cat = s.scalar(select(Catalog).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code))
    created = cat is None
    if created:
        cat = Catalog(unit_code=unit_code, area_code=area_code, status="draft", version=1,
                      template_version=tpl.version)
        s.add(cat)
        s.flush()
        summary.catalogs_created.append(area.name)
    existing = list(s.scalars(select(CatalogItem).where(CatalogItem.catalog_id == cat.id)
                              .order_by(CatalogItem.position)))
    matcher = _Matcher(existing)
    used_codes = {i.template_code for i in existing if i.template_code}
    position = (s.scalar(select(func.max(CatalogItem.position)).where(CatalogItem.catalog_id == cat.id)) or -1) + 1
    changed = False
    new_items: list[dict[str, Any]] = []
    now = utcnow()
    for sheet in parts:
        present = set(sheet.fields)
        for row in sheet.rows:
            obj = matcher.find(row)
            if not changed and (obj is None or _update_item(s, cat, obj, row, present, dry_run=True)):
                _touch(cat, created)  # before the first change, so its log rows carry the new version
                changed = True
            if obj is None:
                new_items.append(_new_item(cat.id, position, row, tpl, used_codes, summary, "template_code" in present))
                position += 1
                summary.items_created += 1
            elif _update_item(s, cat, obj, row, present):
                summary.items_updated += 1
            else:
                summary.items_unchanged += 1
    if new_items:  # one round trip per table, not per row (performance.md: Core executemany on imports)
        s.flush()
        s.execute(CatalogItem.__table__.insert(), new_items)
        s.execute(ChangeLog.__table__.insert(), [
            {"catalog_id": cat.id, "item_id": rec["id"], "at": now, "action": "create", "field": None, "old": None,
             "new": _json_safe(rec), "catalog_version": cat.version} for rec in new_items])
    if changed and not created:
        summary.catalogs_updated.append(area.name)
    summary.catalog_ids.append(cat.id)


class _Matcher:
    """Existing items of a catalog, found by template code first, then by their names, each used once."""

    def __init__(self, items: Sequence[CatalogItem]) -> None:
        self.by_code = {i.template_code: i for i in items if i.template_code}
        self.by_name: dict[tuple[str, str], deque[CatalogItem]] = defaultdict(deque)
        for i in items:
            self.by_name[key(i.level1, i.level2)].append(i)
        self.taken: set[str] = set()

    def find(self, row: dict[str, Any]) -> CatalogItem | None:
        obj = self.by_code.get(row.get("template_code") or "")
        if obj is None or obj.id in self.taken:
            queue = self.by_name.get(key(row["level1"], row["level2"]), deque())
            while queue and queue[0].id in self.taken:
                queue.popleft()
            obj = queue.popleft() if queue else None
        if obj is not None:
            self.taken.add(obj.id)
        return obj


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """The row's values as the item rules keep them. The reader cleaned a preview's rows with the same
    `normalise` already (and marked them): those are taken as they are, so the write never refuses a
    value the preview accepted; a row built any other way is checked here."""
    if row.get(CLEANED_MARK):
        return {f: row[f] for f in UPDATABLE if not (f == "applicability" and not row.get(f))}
    out = {}
    for f in UPDATABLE:
        value = row.get(f)
        if f in ("applicability",) and not value:
            continue
        out[f] = normalise(f, value if value is not None else "")
    return out


def _new_item(catalog_id: int, position: int, row: dict[str, Any], tpl: _TemplateIndex, used: set[str],
              summary: ImportSummary, has_code_column: bool) -> dict[str, Any]:
    """A new item: a template item when `match_template` finds one, the unit's own otherwise."""
    data = _clean(row)
    code = match_template(row, tpl, used, has_code_column)
    if code:
        summary.template_matched += 1
        source = vocab.SOURCE_TEMPLATE
        if not data.get("applicability"):
            data["applicability"] = _applicability(data, tpl.by_code.get(code))
    else:
        given = row.get("source")
        source = given if isinstance(given, str) and given not in ("", vocab.SOURCE_TEMPLATE) else "other"
        data.setdefault("applicability", "adopted")
    return {"id": str(uuid.uuid4()), "catalog_id": catalog_id, "position": position, "revision": 1,
            "template_code": code, "source": source, **data, "updated_at": utcnow()}


def _applicability(data: dict[str, Any], t: TemplateItem | None) -> str:
    template = None if t is None else {f: getattr(t, f) for f in TEMPLATE_TEXT_FIELDS}
    return applicability_from_template(data, template)


def _update_item(s: Any, cat: Catalog, obj: CatalogItem, row: dict[str, Any], present: set[str],
                 dry_run: bool = False) -> bool:
    """Set the fields the file has columns for, exactly as an edit would (`itemrules.apply_edit`);
    True when something changed (``dry_run``: only tell)."""
    data = {f: v for f, v in _clean(row).items() if f in present}
    if data.get("applicability") == obj.applicability:  # the file repeats it: as an edit, which never says it
        del data["applicability"]
    current = {f: getattr(obj, f) for f in (*data, "applicability")}
    diff = apply_edit(current, data, is_template_item=obj.template_code is not None, already_clean=True)
    if not diff or dry_run:
        return bool(diff)
    now = utcnow()
    for f, v in diff.new.items():
        setattr(obj, f, v)
    obj.revision += 1
    obj.updated_at = now
    s.execute(ChangeLog.__table__.insert(), [
        {"catalog_id": cat.id, "item_id": obj.id, "at": now, "action": "update", "field": f, "old": diff.old[f],
         "new": v, "catalog_version": cat.version} for f, v in diff.new.items()])
    return True


def _touch(cat: Catalog, created: bool) -> None:
    """A change to a handed-in catalog starts its next version, exactly as an edit does."""
    if not created:
        cat.status, cat.version = next_catalog_state(cat.status, cat.version)
    cat.updated_at = utcnow()


def _json_safe(rec: dict[str, Any]) -> dict[str, Any]:
    return {f: rec[f] for f in ITEM_DATA_FIELDS if f in rec}
