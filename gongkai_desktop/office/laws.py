"""The review office extends the list of repealed laws; its distribution carries the additions.

The shipped list (resources/laws.json) holds only what is verifiable, with dates and sources; an
office that learns of another repeal (a provincial regulation, say) adds it with its own source,
and every unit that imports the next distribution warns about it too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..errors import DomainError
from ..laws import RepealedLaw, load_index
from ..models import LawChange
from ..resources import parse_laws
from ..workspace import ROLE_REVIEW, Workspace


def list_laws(ws: Workspace) -> list[RepealedLaw]:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return sorted(load_index(s).laws, key=lambda law: (law.effective, law.name))


def add_law(ws: Workspace, name: str, successor: str, effective: str, source: str, kind: str = "replaced") -> RepealedLaw:
    """Add (or correct) a repealed law of the office's own; the shipped entries cannot be changed here."""
    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（市府办政务公开办）可以补充已废止法律法规清单，补充后随下发文件发给各单位。")
    raw = {"name": name or "", "successor": successor or "", "effective": effective or "", "kind": kind,
           "source": source or ""}
    try:
        spec = parse_laws({"format": "gongkai-law-changes", "laws": [raw]}, Path("（新增条目）"))[0]
    except DomainError as exc:
        raise DomainError("bad_law", exc.message.replace("数据文件 （新增条目） 有误：", "")) from exc
    with ws.operation(f"补充已废止的《{spec.name}》"[:64]) as op:  # one undoable entry
        s = op.session
        row = s.get(LawChange, spec.name)
        if row is not None and row.origin == "shipped":
            raise DomainError("law_shipped", f"《{spec.name}》已在软件自带的清单中。")
        op.track(LawChange.__table__, spec.name)
        op.changes.reference = True
        s.merge(LawChange(name=spec.name, successor=spec.successor, effective=spec.effective, kind=spec.kind,
                          source=spec.source, aliases=[], origin="office"))
    return RepealedLaw(spec.name, spec.successor, date.fromisoformat(spec.effective), spec.kind, spec.source)


def office_law_names(ws: Workspace) -> list[str]:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return list(s.scalars(select(LawChange.name).where(LawChange.origin != "shipped").order_by(LawChange.name)))
