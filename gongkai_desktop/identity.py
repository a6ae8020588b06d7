"""Who this workspace belongs to: one unit, or the review office."""

from __future__ import annotations

from . import settings
from .errors import DomainError
from .records import UnitInfo
from .reference import find_unit
from .workspace import ROLE_REVIEW, ROLE_UNIT, Workspace


def choose_unit(ws: Workspace, name_or_code: str) -> UnitInfo:
    """Make this a unit's workspace.

    Once the workspace holds the unit's catalogs or its key, it cannot silently become another
    unit's (the key would sign as the other unit): that is refused with the way out.
    """
    if ws.role == ROLE_REVIEW:
        raise DomainError("role_conflict", "此工作区属于市府办政务公开办（审核端），不能改为单位工作区。请另选数据目录。")
    unit = find_unit(ws, name_or_code)
    current = ws.unit_code
    if current and current != unit.code and _in_use(ws, current):
        mine = find_unit(ws, current).name
        raise DomainError("unit_in_use", f"此工作区已属于{mine}，已有该单位的目录或密钥，不能改为{unit.name}"
                                          f"（否则本单位的密钥会以{unit.name}的名义签名）。"
                                          f"请为{unit.name}另建数据目录：gongkai --data-dir 新目录 init --unit {unit.name}。")
    ws.put(settings.ROLE, ROLE_UNIT)
    ws.put(settings.UNIT_CODE, unit.code)
    return unit


def _in_use(ws: Workspace, unit_code: str) -> bool:
    from sqlalchemy import select

    from .models import Catalog

    with ws.session() as s:
        has_catalog = s.scalar(select(Catalog.id).where(Catalog.unit_code == unit_code).limit(1)) is not None
    return has_catalog or bool(ws.get(settings.OWN_KEY.of(unit_code)))


def choose_review_office(ws: Workspace) -> str:
    """Make this the review office's workspace; returns the office's name."""
    if ws.role == ROLE_UNIT:
        raise DomainError("role_conflict", "此工作区已属于一个责任单位，不能改为审核端。请另选数据目录。")
    if ws.get(settings.LEVEL) != "county":
        raise DomainError("role_conflict", "此工作区是市级（省级）审核端，不能改为县级审核端。请另选数据目录。")
    ws.put(settings.ROLE, ROLE_REVIEW)
    office = ws.get(settings.REVIEW_OFFICE)
    return office.get("name", "市府办政务公开办")


def describe(ws: Workspace) -> str:
    """A line for titles and CLI output: whose workspace this is."""
    if ws.role == ROLE_REVIEW and ws.get(settings.LEVEL) != "county":
        from .levels import own_region

        return f"{own_region(ws).office or own_region(ws).name}（市级审核）"
    if ws.role == ROLE_REVIEW:
        return ws.get(settings.REVIEW_OFFICE).get("name", "市府办政务公开办")
    if ws.role == ROLE_UNIT and ws.unit_code:
        from .reference import find_unit as _find

        return _find(ws, ws.unit_code).name
    return "（未选择单位）"
