"""New areas and new kinds of units, defined by the review office and distributed to the units.

The plan extends the catalogs beyond the 26 pilot areas (“政务公开其他领域事项标准目录”) and, in
2021–2022, to villages and communities (村(居)) and public enterprises and institutions (公共企事业
单位: 水务集团, 供电公司…). The office adds an area (code, name, level-1 items, its template if
it has one, the responsible units) or a unit (its kind, its township for a village, its areas);
the next distribution carries them and units compile them like the 26. The shipped areas and units
stay as data under resources/; what the office adds lives in its workspace (an area with origin
``office``, the units in the workspace's own registry, which the shipped one no longer replaces).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from .. import reference, settings, vocab
from ..errors import DomainError
from ..models import Area, Setting, Template, Unit, UnitArea
from ..records import AreaInfo, UnitInfo
from ..workspace import ROLE_REVIEW, Workspace
from .distribute import _registry

FIRST_OFFICE_AREA = 27  # 01–26 are the plan's pilot areas
CODE_PREFIX = {"department": "D", "township": "T", "enterprise": "E"}
MAX_LEVEL1 = 40


def _require_office(ws: Workspace) -> None:
    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（市府办政务公开办）可以新增领域或单位，新增后随下发文件发给各单位。")


def _names(values: Sequence[str], what: str, limit: int = 64) -> list[str]:
    out = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if any(len(v) > limit for v in out):
        raise DomainError("name_too_long", f"{what}不能超过 {limit} 个字。")
    return out


def _area_code(s: Any, code: str | None) -> str:
    taken = set(s.scalars(select(Area.code)))
    if code is None:
        n = FIRST_OFFICE_AREA
        while f"{n:02d}" in taken:
            n += 1
        if n > 99:
            raise DomainError("no_area_code", "领域编号已用完（最多 99 个领域）。")
        return f"{n:02d}"
    code = code.strip()
    if not re.fullmatch(r"\d{2}", code) or int(code) < FIRST_OFFICE_AREA:
        raise DomainError("bad_area_code", f"新增领域的编号应为两位数字，{FIRST_OFFICE_AREA}–99（01–26 是行动计划的试点领域）。")
    if code in taken:
        raise DomainError("area_exists", f"已有编号为 {code} 的领域。")
    return code


def _save_registry(s: Any, op: Any = None) -> None:
    """The workspace's units as its own registry, so reloading the shipped data keeps what the office added."""
    if op is not None:
        op.track(Setting.__table__, settings.REGISTRY.key)
    reg = _registry(s)
    reg["county"] = settings.read(s, settings.COUNTY)
    settings.write(s, settings.REGISTRY, reg)


def add_area(ws: Workspace, name: str, level1: Sequence[str], *, code: str | None = None,
             units: Sequence[str] = (), template: Path | str | None = None, template_version: str = "1") -> AreaInfo:
    """Define a further area (其他领域) with its level-1 items, responsible units and, optionally, its
    template from Excel (the same reader as a template update)."""
    _require_office(ws)
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise DomainError("bad_area_name", "请填写领域名称（不超过 64 个字）。")
    groups = _names(level1, "一级事项")
    if not groups or len(groups) > MAX_LEVEL1:
        raise DomainError("level1_required", f"请至少填写一个一级事项（最多 {MAX_LEVEL1} 个）。")
    responsible = list({u.code: u for u in (reference.find_unit(ws, u) for u in _names(units, "单位名称", 128))})
    # one undoable entry; with a template (imported in its own transaction, like every template) the
    # area cannot be taken back alone: no undo then
    with ws.operation(f"新增领域“{name}”") as op:
        if template is not None:
            op.forget()
        s = op.session
        if s.scalar(select(Area.code).where(Area.name == name)):
            raise DomainError("area_exists", f"已有名为“{name}”的领域。")
        code = _area_code(s, code)
        s.add(Area(code=code, number="其他领域", name=name, level1=groups, origin="office"))
        s.flush()
        op.created(Area.__table__, [code])
        for u in responsible:
            s.add(UnitArea(unit_code=u, area_code=code))
        s.flush()
        op.created(UnitArea.__table__, [(u, code) for u in responsible])
        _save_registry(s, op)
        op.changes.reference = True
    if template is not None:
        _import_template(ws, code, template, template_version)
    return reference.get_area(ws, code)


def _import_template(ws: Workspace, code: str, path: Path | str, version: str) -> None:
    """The area's template; a file that cannot be read leaves no half-made area behind."""
    from .templates import import_template_xlsx

    try:
        import_template_xlsx(ws, path, code, version)
    except BaseException:
        with ws.session() as s:
            s.execute(delete(Template).where(Template.area_code == code))
            s.execute(delete(UnitArea).where(UnitArea.area_code == code))
            s.execute(delete(Area).where(Area.code == code))
            _save_registry(s)
        raise
    with ws.session() as s:  # the template's level-1 items are the area's too (the add-item dialog lists them)
        area = s.get(Area, code)
        t = s.scalar(select(Template).where(Template.area_code == code, Template.version == version))
        if area is not None and t is not None:
            area.level1 = list(dict.fromkeys([*t.level1, *area.level1]))


def _unit_code(s: Any, kind: str, parent: Unit | None, code: str | None) -> str:
    taken = set(s.scalars(select(Unit.code)))
    if code:
        code = code.strip()
        if not re.fullmatch(r"[A-Za-z0-9-]{1,32}", code):
            raise DomainError("bad_unit_code", "单位编号只能由字母、数字和“-”组成，不超过 32 个字符。")
        if code in taken:
            raise DomainError("unit_exists", f"已有编号为 {code} 的单位。")
        return code
    prefix = f"{parent.code}-" if kind == "village" and parent is not None else CODE_PREFIX[kind]
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def add_unit(ws: Workspace, name: str, kind: str, *, areas: Sequence[str] = (), parent: str | None = None,
             code: str | None = None, aliases: Sequence[str] = ()) -> UnitInfo:
    """Add a unit to the county's registry: a department, a township, a village or community under
    its township, or a public enterprise or institution; with the areas it is responsible for."""
    _require_office(ws)
    name = (name or "").strip()
    if not name or len(name) > 128:
        raise DomainError("bad_unit_name", "请填写单位名称（不超过 128 个字）。")
    if kind not in vocab.SUBMITTER_KINDS:
        raise DomainError("bad_unit_kind", f"单位类型应为：{'、'.join(f'{k}（{v}）' for k, v in vocab.SUBMITTER_KINDS.items())}。")
    township = None
    if kind == "village":
        if not parent:
            raise DomainError("parent_required", "村（社区）须写明所属乡镇（街道）。")
        township = reference.find_unit(ws, parent)
        if township.kind != "township":
            raise DomainError("bad_parent", f"“{township.name}”不是乡镇（街道），村（社区）应属于某个乡镇（街道）。")
    elif parent:
        raise DomainError("bad_parent", "只有村（社区）需要写所属乡镇（街道）。")
    codes = list(dict.fromkeys(reference.get_area(ws, a).code for a in areas))
    with ws.operation(f"新增单位“{name}”") as op:  # one undoable entry
        s = op.session
        if s.scalar(select(Unit.code).where(Unit.name == name)):
            raise DomainError("unit_exists", f"单位名册中已有“{name}”。")
        parent_row = s.get(Unit, township.code) if township else None
        code = _unit_code(s, kind, parent_row, code)
        s.add(Unit(code=code, name=name, kind=kind, aliases=_names(aliases, "别名", 128),
                   parent_code=township.code if township else None))
        s.flush()
        op.created(Unit.__table__, [code])
        for a in codes:
            s.add(UnitArea(unit_code=code, area_code=a))
        s.flush()
        op.created(UnitArea.__table__, [(code, a) for a in codes])
        _save_registry(s, op)
        op.changes.reference = True
    return reference.find_unit(ws, code)


def office_area_list(ws: Workspace) -> list[AreaInfo]:
    """The areas this workspace has beyond the plan's 26."""
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return [AreaInfo(a.code, a.number, a.name, list(a.level1))
                for a in s.scalars(select(Area).where(Area.origin != "shipped").order_by(Area.code))]
