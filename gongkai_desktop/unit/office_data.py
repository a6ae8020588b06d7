"""A unit takes what the review office defined itself from its distribution: further areas (其他领域)
and further repealed laws. Checked like every payload (hostile until proven otherwise); applied in
the distribution's one transaction."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import DomainError
from ..models import Area, LawChange
from ..package.errors import PackageError
from ..package.payloads import AREAS_FILE, LAWS_FILE
from ..resources import AreaSpec, office_area_spec, parse_laws

MAX_AREAS = 73  # codes 27–99


def _bad(what: str) -> PackageError:
    return PackageError("bad_payload", f"下发文件包的内容不合格：{what}，已拒绝。")


def _text_list(values: Any, limit: int) -> bool:
    return isinstance(values, list) and 0 < len(values) <= 40 and all(
        isinstance(v, str) and 0 < len(v) <= limit for v in values)


def apply_office_areas(s: Any, payload: dict[str, Any]) -> dict[str, AreaSpec]:
    """Store the office's areas; code → the spec its distributed template is checked against."""
    raw = payload.get(AREAS_FILE)
    if raw is None:
        return {}
    if not isinstance(raw, dict) or raw.get("format") != "gongkai-areas" or not isinstance(raw.get("areas"), list) \
            or len(raw["areas"]) > MAX_AREAS:
        raise _bad("领域清单格式不对")
    out: dict[str, AreaSpec] = {}
    for a in raw["areas"]:
        if not isinstance(a, dict) or not isinstance(a.get("code"), str) or not re.fullmatch(r"\d{2}", a["code"]) \
                or int(a["code"]) < 27 or not isinstance(a.get("name"), str) or not 0 < len(a["name"]) <= 64 \
                or not isinstance(a.get("number"), str) or len(a["number"]) > 16 or not _text_list(a.get("level1"), 200):
            raise _bad("新增领域的编号、名称或一级事项不对")
        row = s.get(Area, a["code"])
        if row is not None and row.origin == "shipped":
            raise _bad(f"领域 {a['code']} 是行动计划的试点领域，不能改动")
        s.merge(Area(code=a["code"], number=a["number"], name=a["name"], level1=list(a["level1"]), origin="office"))
        # a distributed template of this area may bring level-1 items of its own
        out[a["code"]] = office_area_spec(a["code"], a["number"], a["name"], [])
    s.flush()
    return out


def apply_office_laws(s: Any, payload: dict[str, Any]) -> int:
    raw = payload.get(LAWS_FILE)
    if raw is None:
        return 0
    try:
        laws = parse_laws(raw, Path(LAWS_FILE))
    except DomainError:
        raise _bad("已废止法律法规清单不合格") from None
    for law in laws:
        row = s.get(LawChange, law.name)
        if row is not None and row.origin == "shipped":
            continue  # the shipped entry, with its source, stays
        s.merge(LawChange(name=law.name, successor=law.successor, effective=law.effective, kind=law.kind,
                          source=law.source, aliases=law.aliases, origin="office"))
    return len(laws)
