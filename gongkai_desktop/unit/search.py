"""The unit's search across all its catalogs (see `gongkai_desktop.search`)."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import DomainError
from ..itemrows import read_items
from ..models import Area, Catalog, CatalogItem
from ..search import MAX_HITS, Hit, like_any, matched_fields
from ..workspace import Workspace
from .catalogs import current_unit


def search_catalogs(ws: Workspace, text: str, limit: int = MAX_HITS) -> list[Hit]:
    """Items of the unit's catalogs containing ``text``, in area and row order."""
    text = text.strip()
    if not text:
        raise DomainError("empty_search", "请输入要查找的文字。")
    unit_code = current_unit(ws)
    table = CatalogItem.__table__
    with ws.session() as s:
        cats = {cid: (code, name) for cid, code, name in s.execute(
            select(Catalog.id, Catalog.area_code, Area.name).join(Area, Area.code == Catalog.area_code)
            .where(Catalog.unit_code == unit_code))}
        items = read_items(s, table, "catalog_id", table.c.catalog_id.in_(list(cats)), like_any(table, text))
    hits = []
    for item in items:
        fields = matched_fields(item, text)
        if fields:  # LIKE folds ASCII case only; this is the final word
            code, name = cats[item.catalog_id]
            hits.append(Hit(item, code, name, name, item.position + 1, fields, item.catalog_id))
    hits.sort(key=lambda h: (h.area_code, h.number))
    return hits[:limit]
