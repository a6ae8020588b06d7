"""Who this workspace belongs to: one unit, or the review office."""

from __future__ import annotations

from . import settings
from .errors import DomainError
from .records import UnitInfo
from .reference import find_unit
from .workspace import ROLE_REVIEW, ROLE_UNIT, Workspace


def choose_unit(ws: Workspace, name_or_code: str) -> UnitInfo:
    """Make this a unit's workspace (can be changed later; catalogs stay with their unit)."""
    if ws.role == ROLE_REVIEW:
        raise DomainError("role_conflict", "此工作区属于市府办政务公开办（审核端），不能改为单位工作区。请另选数据目录。")
    unit = find_unit(ws, name_or_code)
    ws.put(settings.ROLE, ROLE_UNIT)
    ws.put(settings.UNIT_CODE, unit.code)
    return unit


def choose_review_office(ws: Workspace) -> str:
    """Make this the review office's workspace; returns the office's name."""
    if ws.role == ROLE_UNIT:
        raise DomainError("role_conflict", "此工作区已属于一个责任单位，不能改为审核端。请另选数据目录。")
    ws.put(settings.ROLE, ROLE_REVIEW)
    office = ws.get(settings.REVIEW_OFFICE)
    return office.get("name", "市府办政务公开办")


def describe(ws: Workspace) -> str:
    """A line for titles and CLI output: whose workspace this is."""
    if ws.role == ROLE_REVIEW:
        return ws.get(settings.REVIEW_OFFICE).get("name", "市府办政务公开办")
    if ws.role == ROLE_UNIT and ws.unit_code:
        from .reference import find_unit as _find

        return _find(ws, ws.unit_code).name
    return "（未选择单位）"
