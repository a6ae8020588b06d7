"""Read operations on the reference data: areas, units, templates."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Text, func, select, type_coerce

from .errors import DomainError, NotFound
from .itemrows import decode_list
from .models import Area, Template, TemplateItem, Unit, UnitArea
from .records import AreaInfo, TemplateItemInfo, UnitInfo
from .workspace import Workspace

TEMPLATE_ITEM_FIELDS = (
    "code", "level1", "level2", "content", "basis", "time_limit", "publisher", "channels_required",
    "channels_optional", "channel_other", "audience", "mode", "levels", "attribute", "wording", "evidence",
)


def list_areas(ws: Workspace) -> list[AreaInfo]:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return [AreaInfo(a.code, a.number, a.name, list(a.level1)) for a in s.scalars(select(Area).order_by(Area.code))]


def get_area(ws: Workspace, area: str) -> AreaInfo:
    """An area by code (``4`` or ``04``) or by name (``户籍管理``)."""
    areas = list_areas(ws)
    key = area.strip()
    if key.isdigit():
        key = f"{int(key):02d}"
    for a in areas:
        if key in (a.code, a.name):
            return a
    matches = [a for a in areas if key and key in a.name]
    if len(matches) == 1:
        return matches[0]
    raise NotFound("area_not_found", f"没有找到试点领域“{area}”。请用 `gongkai templates` 查看 26 个领域的编号和名称。")


def list_units(ws: Workspace, kind: str | None = None) -> list[UnitInfo]:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        areas: dict[str, list[str]] = {}
        for ua in s.scalars(select(UnitArea).order_by(UnitArea.area_code)):
            areas.setdefault(ua.unit_code, []).append(ua.area_code)
        q = select(Unit).order_by(Unit.kind, Unit.code)
        if kind:
            q = q.where(Unit.kind == kind)
        return [UnitInfo(u.code, u.name, u.kind, areas.get(u.code, []), list(u.aliases)) for u in s.scalars(q)]


def find_unit(ws: Workspace, name_or_code: str) -> UnitInfo:
    """A unit by code, name or alias, also written in full (江山市公安局 for 市公安局); a unique
    partial name match is accepted too; a typo gets the nearest names as suggestions."""
    key = name_or_code.strip()
    units = list_units(ws)
    county = _county(ws)
    candidates = [key]
    if county and key.startswith(county) and len(key) > len(county):
        rest = key[len(county):]
        candidates += [rest, "市" + rest]  # 江山市公安局 → 公安局, 市公安局
    for k in candidates:
        for u in units:
            if k.upper() == u.code.upper() or k == u.name or k in u.aliases:
                return u
    matches = [u for u in units if key and (key in u.name or any(key in a for a in u.aliases))]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = "、".join(u.name for u in matches[:8])
        raise DomainError("unit_ambiguous", f"“{name_or_code}”对应多个单位：{names}。请写全称或单位编号。")
    near = difflib.get_close_matches(candidates[-1], [u.name for u in units], n=3, cutoff=0.5)
    hint = f"您是不是要找：{'、'.join(near)}？" if near else ""
    raise NotFound("unit_not_found", f"单位名册中没有“{name_or_code}”。{hint}请用 `gongkai units` 查看单位名称和编号。")


def _county(ws: Workspace) -> str:
    from .settings import COUNTY

    return ws.get(COUNTY)


def latest_template(ws: Workspace, area_code: str) -> tuple[int, str] | None:
    """(template id, version) of the newest template of an area, or None when none is loaded."""
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        rows = s.execute(select(Template.id, Template.version).where(Template.area_code == area_code)).all()
    if not rows:
        return None
    tid, ver = max(rows, key=lambda r: _version_key(r[1]))
    return tid, ver


def _version_key(v: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in v.replace("-", ".").split("."))


def template_items(ws: Workspace, area_code: str) -> list[TemplateItemInfo]:
    latest = latest_template(ws, area_code)
    if latest is None:
        return []
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        rows = s.scalars(select(TemplateItem).where(TemplateItem.template_id == latest[0]).order_by(TemplateItem.position))
        return [TemplateItemInfo(**{f: getattr(r, f) for f in TEMPLATE_ITEM_FIELDS}) for r in rows]


def template_summary(ws: Workspace) -> list[tuple[AreaInfo, str, int, int]]:
    """Per area: (area, template version, level-1 count, level-2 count)."""
    out = []
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        counts = dict(
            s.execute(select(TemplateItem.template_id, func.count()).group_by(TemplateItem.template_id)).all()
        )
    for a in list_areas(ws):
        latest = latest_template(ws, a.code)
        if latest is None:
            out.append((a, "", len(a.level1), 0))
            continue
        out.append((a, latest[1], len(a.level1), counts.get(latest[0], 0)))
    return out


# The channels a template requires (■), for the template version a catalog follows ---------------
RequiredChannels = dict[str, list[str]]  # template item code → required channels


def required_channels_by_version(s: Any, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RequiredChannels]:
    """For each (area code, template version): the channels its template requires, in one query.

    The one place that says which channels are required: a unit's catalog and the review office's
    copy of it are judged against the template version the catalog was compiled against (not the
    latest one), so both sides count the same problems. A version the workspace does not hold
    falls back to the area's newest template.
    """
    wanted = set(pairs)
    if not wanted:
        return {}
    areas = {a for a, _ in wanted}
    rows = s.execute(
        select(Template.area_code, Template.version, TemplateItem.code, type_coerce(TemplateItem.channels_required, Text))
        .join(TemplateItem, TemplateItem.template_id == Template.id).where(Template.area_code.in_(areas))
    ).all()
    by_version: dict[tuple[str, str], RequiredChannels] = {}
    for area, version, code, chs in rows:
        slot = by_version.setdefault((area, version), {})
        decoded = decode_list(chs)
        if decoded:
            slot[code] = list(decoded)
    newest: dict[str, str] = {}
    for area, version in by_version:
        if area not in newest or _version_key(version) > _version_key(newest[area]):
            newest[area] = version
    out = {}
    for area, version in wanted:
        key = (area, version) if (area, version) in by_version else (area, newest.get(area, ""))
        out[(area, version)] = by_version.get(key, {})
    return out
