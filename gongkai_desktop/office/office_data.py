"""What the review office defined itself and sends in its distribution beside the registry: the
areas it added (其他领域) and the repealed laws it added to the shipped list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..models import Area, LawChange
from ..package.jsonsafe import dumps
from ..package.payloads import AREAS_FILE, LAWS_FILE

AREAS_FORMAT = "gongkai-areas"
LAWS_FORMAT = "gongkai-law-changes"


def office_areas(s: Any) -> list[dict[str, Any]]:
    return [{"code": a.code, "number": a.number, "name": a.name, "level1": list(a.level1)}
            for a in s.scalars(select(Area).where(Area.origin != "shipped").order_by(Area.code))]


def office_laws(s: Any) -> list[dict[str, Any]]:
    return [{"name": x.name, "successor": x.successor, "effective": x.effective, "kind": x.kind, "source": x.source,
             "aliases": list(x.aliases or [])}
            for x in s.scalars(select(LawChange).where(LawChange.origin != "shipped").order_by(LawChange.name))]


def office_reference_payload(s: Any, info: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """The payload files (and their manifest roles, added to ``info``) for the office's own areas and
    laws; nothing when it has none, so a plain distribution stays as it was."""
    out: dict[str, bytes] = {}
    areas = office_areas(s)
    if areas:
        out[AREAS_FILE] = dumps({"format": AREAS_FORMAT, "version": 1, "areas": areas})
        info[AREAS_FILE] = {"role": "areas"}
    laws = office_laws(s)
    if laws:
        out[LAWS_FILE] = dumps({"format": LAWS_FORMAT, "version": 1, "laws": laws})
        info[LAWS_FILE] = {"role": "laws"}
    return out
