"""The unit's side of review results: verify, store the comments on the catalog, mark them addressed.

`import_result` verifies a review result against the office key the unit trusts and stores its
comments on the catalog, where the unit marks each one addressed while editing; the next
submission carries which were (`addressed_by_area`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from .. import versions, vocab
from ..changes import Changes
from ..errors import DomainError, NotFound
from ..models import Catalog, ReceivedComment, utcnow
from ..package.errors import PackageError
from ..package.payloads import RESULT_FILE
from ..package.verify import record_accepted, verify_package
from ..undo import catalog_state
from ..workspace import ROLE_REVIEW, Workspace
from .catalogs import current_unit


@dataclass(slots=True)
class ReceivedResult:
    area_code: str
    decision: str
    round: str
    comment_count: int
    general_comment: str


@dataclass(slots=True)
class ReceivedCommentInfo:
    id: str
    catalog_id: int
    item_id: str | None
    field: str | None
    text: str
    decision: str
    round: str
    at: datetime
    addressed: bool


def _bad(what: str) -> PackageError:
    return PackageError("bad_payload", f"审核结果文件包的内容不合格：{what}，已拒绝。")


def _check_result(raw: object) -> dict:
    if not isinstance(raw, dict) or raw.get("decision") not in vocab.DECISIONS:
        raise _bad("缺少审核决定")
    comments = raw.get("comments")
    if not isinstance(comments, list) or not all(
            isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("text"), str)
            and isinstance(c.get("item_id"), str | None) and isinstance(c.get("field"), str | None) for c in comments):
        raise _bad("审核意见格式不对")
    if not all(isinstance(raw.get(k), str) for k in ("area_code", "unit_code", "round", "general_comment")):
        raise _bad("领域、单位或轮次不对")
    return raw


def import_result(ws: Workspace, source: Path | str | bytes) -> ReceivedResult:
    """Unit side: verify a review result and attach its comments to the catalog, in one transaction."""
    if ws.role == ROLE_REVIEW:
        raise DomainError("role_conflict", "审核端不能导入审核结果。")
    unit_code = current_unit(ws)
    pkg = verify_package(ws, source, kind="review_result")
    result = _check_result(pkg.payload.get(RESULT_FILE))
    if result["unit_code"] != unit_code:
        raise PackageError("wrong_recipient", "该审核结果不是发给本单位的，已拒绝。")
    with ws.session() as s:
        cat = s.scalar(select(Catalog).where(Catalog.unit_code == unit_code, Catalog.area_code == result["area_code"]))
        if cat is None:
            raise DomainError("catalog_not_started", "本单位没有该领域的目录，无法导入其审核结果。")
        now = utcnow()
        for c in result["comments"]:
            if s.get(ReceivedComment, c["id"]) is None:
                s.add(ReceivedComment(id=c["id"], catalog_id=cat.id, package_id=pkg.package_id, item_id=c["item_id"],
                                      field=c["field"], text=c["text"][:20000], decision=result["decision"],
                                      round=result["round"], at=now))
        if result["general_comment"].strip():
            s.add(ReceivedComment(id=f"{pkg.package_id}-general", catalog_id=cat.id, package_id=pkg.package_id,
                                  item_id=None, field=None, text=result["general_comment"][:20000],
                                  decision=result["decision"], round=result["round"], at=now))
        cat.status = "approved" if result["decision"] == "approved" else "returned"
        handed_in = result.get("submission")  # the version the decision is about stays kept with it
        if isinstance(handed_in, dict) and isinstance(handed_in.get("catalog_version"), int):
            versions.mark_reviewed(s, unit_code, result["area_code"], handed_in["catalog_version"],
                                   result["decision"], result["round"])
        record_accepted(s, pkg)
    count = len(result["comments"]) + bool(result["general_comment"].strip())
    return ReceivedResult(result["area_code"], result["decision"], result["round"], count, result["general_comment"])


def received_comments(ws: Workspace, catalog_id: int, item_id: str | None = None) -> list[ReceivedCommentInfo]:
    with ws.session() as s:
        q = select(ReceivedComment).where(ReceivedComment.catalog_id == catalog_id).order_by(ReceivedComment.at, ReceivedComment.id)
        if item_id is not None:
            q = q.where(ReceivedComment.item_id == item_id)
        return [ReceivedCommentInfo(c.id, c.catalog_id, c.item_id, c.field, c.text, c.decision, c.round, c.at, c.addressed)
                for c in s.scalars(q)]


def mark_addressed(ws: Workspace, comment_id: str, addressed: bool = True) -> Changes:
    """Mark a received comment addressed (已处理) or open again: one undoable entry."""
    with ws.operation("标记意见已处理" if addressed else "标记意见未处理") as op:
        c = op.session.get(ReceivedComment, comment_id)
        if c is None:
            raise NotFound("comment_not_found", "该审核意见不存在。")
        if c.addressed == addressed:
            return op.changes
        op.track(ReceivedComment.__table__, comment_id)
        c.addressed, c.addressed_at = addressed, (utcnow() if addressed else None)
        op.changes.received_comments.add(comment_id)
        state = catalog_state(op.session, c.catalog_id)
        if state is not None:
            op.changes.catalogs[c.catalog_id] = state
    return op.changes


def addressed_by_area(s, unit_code: str, area_codes: list[str]) -> dict[str, list[str]]:  # noqa: ANN001
    """For the next submission: area → ids of comments the unit marked addressed."""
    rows = s.execute(select(Catalog.area_code, ReceivedComment.id).join(Catalog, Catalog.id == ReceivedComment.catalog_id)
                     .where(Catalog.unit_code == unit_code, Catalog.area_code.in_(area_codes),
                            ReceivedComment.addressed.is_(True))).all()
    out: dict[str, list[str]] = {}
    for area, cid in rows:
        out.setdefault(area, []).append(cid)
    return out
