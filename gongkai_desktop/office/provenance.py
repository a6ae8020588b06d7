"""At a prefecture: the provenance of a county's rows, stored with its submission and read back.

A county's catalog row may stand for one department's item or for the same item of many townships;
the prefecture's reviewer sees which units disclose it (`gongkai review show`, the negative list),
and its comments go back to the county on that row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import bulk_insert
from ..models import ItemProvenance
from ..package.payloads import provenance_file
from ..package.read import VerifiedPackage
from ..workspace import Workspace

COLUMNS = ["submission_id", "item_id", "position", "scope", "units", "flags"]


@dataclass(slots=True)
class Provenance:
    item_id: str
    scope: str
    units: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, the unit's item id)
    flags: list[str] = field(default_factory=list)

    @property
    def unit_names(self) -> list[str]:
        return [name for _c, name, _i in self.units]


def store_provenance(s: Session, submission_id: int, pkg: VerifiedPackage, area_code: str) -> None:
    """The provenance rows of one area of a county's submission (checked against its catalog on reading)."""
    prov = pkg.payload[provenance_file(area_code)]
    names = {u["code"]: u["name"] for u in prov["units"]}
    rows = [(submission_id, r["id"], n, r["scope"],
             json.dumps([[c, names[c], i] for c, i in zip(r["units"], r["item_ids"])], ensure_ascii=False),
             json.dumps(r["flags"], ensure_ascii=False)) for n, r in enumerate(prov["rows"])]
    bulk_insert(s, ItemProvenance.__table__, COLUMNS, rows)


def provenance_of(ws: Workspace, submission_id: int) -> dict[str, Provenance]:
    """Item id → where that row of a county's submission comes from (empty for a unit's submission)."""
    with ws.session(write=False) as s:
        return _rows(s, submission_id)


def _rows(s: Session, submission_id: int) -> dict[str, Provenance]:
    q = select(ItemProvenance).where(ItemProvenance.submission_id == submission_id).order_by(ItemProvenance.position)
    return {p.item_id: Provenance(p.item_id, p.scope, [tuple(u) for u in p.units], list(p.flags)) for p in s.scalars(q)}


def is_county_submission(pkg: VerifiedPackage | Any) -> bool:
    return getattr(pkg, "kind", "") == "county_submission"
