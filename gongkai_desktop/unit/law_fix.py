"""Items whose legal basis cites a repealed law: the warnings, and taking the successor with one edit."""

from __future__ import annotations

from datetime import date

from .. import laws
from ..changes import Changes
from ..errors import DomainError
from ..records import Problem
from ..workspace import Workspace
from . import catalogs


def law_index(ws: Workspace) -> laws.LawIndex:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return laws.load_index(s)


def law_warnings(ws: Workspace, catalog_id: int, today: date | None = None) -> list[Problem]:
    """The catalog's citations of repealed laws (提醒: they do not make an item incomplete)."""
    return laws.warnings(catalogs.load_items(ws, catalog_id), law_index(ws), today)


def use_successor(ws: Workspace, item_id: str) -> Changes:
    """Replace every cited repealed law that has a successor by the successor's title, in 公开依据 and
    不予公开依据: one undoable edit (“改用新法”). Article numbers are left for the unit to check."""
    index = law_index(ws)
    item = catalogs.get_item(ws, item_id)
    changes = {f: laws.replace(getattr(item, f), index) for f in laws.BASIS_FIELDS}
    changes = {f: v for f, v in changes.items() if v != getattr(item, f)}
    if not changes:
        cited = [c for c in index.citations(item)]
        if cited:
            raise DomainError("no_successor", f"{cited[0].written}{cited[0].law.describe()}，没有可替换的新法，请按实际情况修改依据。")
        raise DomainError("no_repealed_law", "该事项的依据中没有引用已废止的法律法规。")
    return catalogs.edit_item(ws, item_id, changes, name="改用新法")
