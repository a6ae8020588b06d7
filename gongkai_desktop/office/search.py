"""The review office's search across every current submission (see `gongkai_desktop.search`)."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import DomainError
from ..itemrows import read_items
from ..models import Area
from ..models.review import Submission, SubmissionItem
from ..search import MAX_HITS, Hit, like_any, matched_fields
from ..workspace import Workspace


def search_submissions(ws: Workspace, text: str, limit: int = MAX_HITS) -> list[Hit]:
    """Items of the current (not superseded) submissions containing ``text``, by unit and area."""
    text = text.strip()
    if not text:
        raise DomainError("empty_search", "请输入要查找的文字。")
    table = SubmissionItem.__table__
    with ws.session() as s:
        subs = {sid: (unit, code, name) for sid, unit, code, name in s.execute(
            select(Submission.id, Submission.unit_name, Submission.area_code, Area.name)
            .join(Area, Area.code == Submission.area_code).where(Submission.superseded_by.is_(None)))}
        items = read_items(s, table, "submission_id", table.c.submission_id.in_(list(subs)), like_any(table, text))
    hits = []
    for item in items:
        fields = matched_fields(item, text)
        if fields:
            unit, code, name = subs[item.catalog_id]
            hits.append(Hit(item, code, name, unit, item.position + 1, fields, item.catalog_id))
    hits.sort(key=lambda h: (h.owner_name, h.area_code, h.number))
    return hits[:limit]
