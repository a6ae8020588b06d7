"""The unit's answers to review comments, and what its next submission says it answers.

A review is a conversation: the unit answers each comment it received (a reply, with or without a
change to the item — “公开依据已完整，见第十四条” is an answer too). The next submission carries
the replies (``payload/responses.json``) and names the review result it answers (the result's
sequence number in the manifest's area entry, ``answers_result``), so the office receives it as the
next version even when no item changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .. import settings
from ..changes import Changes
from ..errors import DomainError, NotFound
from ..models import Catalog, ReceivedComment, utcnow
from ..package.schema import MAX_TEXT
from ..undo import catalog_state
from ..workspace import Workspace


def reply(ws: Workspace, comment_id: str, text: str, addressed: bool | None = None) -> Changes:
    """Answer a received comment (an empty text takes the answer back); ``addressed`` also marks it
    已处理 / 未处理. One undoable entry."""
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError("reply_too_long", f"答复不能超过 {MAX_TEXT} 字。")
    with ws.operation("答复审核意见" if text else "撤回答复") as op:
        c = op.session.get(ReceivedComment, comment_id)
        if c is None:
            raise NotFound("comment_not_found", f"没有编号为 {comment_id} 的审核意见。请用 `gongkai result comments` 查看。")
        if c.reply == text and (addressed is None or c.addressed == addressed):
            return op.changes
        op.track(ReceivedComment.__table__, comment_id)
        c.reply, c.replied_at = text, (utcnow() if text else None)
        if addressed is not None and c.addressed != addressed:
            c.addressed, c.addressed_at = addressed, (utcnow() if addressed else None)
        op.changes.received_comments.add(comment_id)
        state = catalog_state(op.session, c.catalog_id)
        if state is not None:
            op.changes.catalogs[c.catalog_id] = state
    return op.changes


def replies_by_area(s: Any, unit_code: str, area_codes: list[str]) -> dict[str, dict[str, str]]:
    """For the next submission: area → comment id → the unit's reply (answered comments only)."""
    rows = s.execute(select(Catalog.area_code, ReceivedComment.id, ReceivedComment.reply)
                     .join(Catalog, Catalog.id == ReceivedComment.catalog_id)
                     .where(Catalog.unit_code == unit_code, Catalog.area_code.in_(area_codes),
                            ReceivedComment.reply != "")).all()
    out: dict[str, dict[str, str]] = {}
    for area, cid, text in rows:
        out.setdefault(area, {})[cid] = text
    return out


def remember_result(s: Any, area_code: str, sequence: int, decision: str) -> None:
    """The last review result received for an area (`unit.results.import_result`)."""
    settings.write(s, settings.RECEIVED_RESULT.of(area_code), {"sequence": sequence, "decision": decision})


def answered_result(s: Any, area_code: str) -> int | None:
    """The sequence number of the 退回修改 result the area's next submission answers (None after 通过)."""
    last = settings.read(s, settings.RECEIVED_RESULT.of(area_code))
    if not last or last.get("decision") != "returned" or not isinstance(last.get("sequence"), int):
        return None
    return last["sequence"]
