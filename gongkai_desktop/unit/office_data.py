"""A unit takes what the review office defined itself from its distribution: further areas (其他领域)
and further repealed laws.

Their structure is checked by the package's strict schema (`package.schema`); what needs the
workspace is checked here before anything is written (`office_area_specs`, `check_office_laws`, run
by `unit.distribution.check_distribution`), and applied in the distribution's one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..errors import DomainError
from ..models import Area, LawChange
from ..package.errors import PackageError
from ..package.payloads import AREAS_FILE, LAWS_FILE
from ..resources import AreaSpec, LawSpec, office_area_spec, parse_laws


def _bad(what: str) -> PackageError:
    return PackageError("bad_payload", f"下发文件包的内容不合格：{what}，已拒绝。")


def office_area_specs(s: Any, payload: dict[str, Any]) -> dict[str, AreaSpec]:
    """code → the spec a distributed template of the office's areas is checked against: those this
    workspace already has from earlier distributions and those the package brings. An area of the
    plan's 26 is never redefined. Writes nothing."""
    out = {a.code: office_area_spec(a.code, a.number, a.name, [])
           for a in s.scalars(select(Area).where(Area.origin != "shipped"))}
    raw = payload.get(AREAS_FILE)
    for a in (raw or {}).get("areas", []):
        row = s.get(Area, a["code"])
        if row is not None and row.origin == "shipped":
            raise _bad(f"领域 {a['code']} 是行动计划的试点领域，不能改动")
        # a distributed template of this area may bring level-1 items of its own
        out[a["code"]] = office_area_spec(a["code"], a["number"], a["name"], [])
    return out


def apply_office_areas(s: Any, payload: dict[str, Any]) -> None:
    """Store the office's areas (checked by `office_area_specs` first)."""
    raw = payload.get(AREAS_FILE)
    for a in (raw or {}).get("areas", []):
        s.merge(Area(code=a["code"], number=a["number"], name=a["name"], level1=list(a["level1"]), origin="office"))
    s.flush()


def check_office_laws(payload: dict[str, Any]) -> list[LawSpec]:
    raw = payload.get(LAWS_FILE)
    if raw is None:
        return []
    try:
        return parse_laws(raw, Path(LAWS_FILE))
    except DomainError:
        raise _bad("已废止法律法规清单不合格") from None


def apply_office_laws(s: Any, payload: dict[str, Any]) -> int:
    laws = check_office_laws(payload)
    for law in laws:
        row = s.get(LawChange, law.name)
        if row is not None and row.origin == "shipped":
            continue  # the shipped entry, with its source, stays
        s.merge(LawChange(name=law.name, successor=law.successor, effective=law.effective, kind=law.kind,
                          source=law.source, aliases=law.aliases, origin="office"))
    return len(laws)
