"""The review as a conversation: the unit's replies beside the office's comments, reopening, claims.

A resubmission after 退回修改 carries the unit's replies and names the result it answers; the
office's view of the new version (`thread`) lists every comment of the version before with the
unit's reply, whether the unit marked it 已处理, and whether the item it is about changed since.
A reviewer who is not satisfied reopens a comment (`reopen`): it becomes an open comment of the
current version again, and goes back to the unit with the next result. Several reviewers share the
queue: `take` (认领) records who reviews a submission; every change is in the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import settings
from ..changes import Changes
from ..errors import DomainError, NotFound
from ..models import ReviewComment, Setting, Submission, SubmissionItem
from ..workspace import Workspace
from . import audit, decisions
from .diff import diff_items
from .submissions import submission_items

GENERAL_SUFFIX = "-general"


@dataclass(slots=True)
class ThreadComment:
    """One comment of the version before, as the office sees it on the new version."""

    id: str
    submission_id: int
    item_id: str | None
    field: str | None
    text: str
    author: str
    at: datetime | None
    reply: str
    addressed: bool
    item_changed: bool
    reopened: bool


def awaiting_answer(s: Session, unit_code: str) -> dict[str, int]:
    """Area → the sequence number of the 退回修改 result its current submission got (and awaits an answer to)."""
    rows = s.execute(select(Submission.area_code, Submission.result_sequence)
                     .where(Submission.unit_code == unit_code, Submission.superseded_by.is_(None),
                            Submission.status == "returned", Submission.result_sequence.is_not(None))).all()
    return {area: seq for area, seq in rows if seq is not None}


def answers(state: str, area: str, answers_result: int | None, waiting: dict[str, int]) -> str:
    """An identical catalog that answers the result its area waits for is the next version, not a repeat."""
    if state == "identical" and answers_result is not None and waiting.get(area) == answers_result:
        return "newer"
    return state


def thread(ws: Workspace, submission_id: int) -> list[ThreadComment]:
    """The previous version's comments with the unit's replies (empty for a first submission)."""
    with ws.session(write=False) as s:
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise NotFound("submission_not_found", f"没有编号为 {submission_id} 的报送记录。")
        if sub.previous_id is None:
            return []
        prev = s.get_one(Submission, sub.previous_id)
        earlier = list(s.scalars(select(ReviewComment).where(ReviewComment.submission_id == prev.id)
                                 .order_by(ReviewComment.at, ReviewComment.id)))
        reopened = set(s.scalars(select(ReviewComment.reopens).where(ReviewComment.submission_id == sub.id,
                                                                     ReviewComment.reopens.is_not(None))))
        general = _general_ids(s, prev.id)
    changed = {d.item_id for d in diff_items(submission_items(ws, prev.id), submission_items(ws, sub.id))}
    replies, addressed = dict(sub.replies or {}), set(sub.addressed_comments or [])
    out = [ThreadComment(c.id, prev.id, c.item_id, c.field, c.text, c.author, c.at, replies.get(c.id, ""),
                         c.id in addressed, c.item_id in changed if c.item_id else bool(changed), c.id in reopened)
           for c in earlier]
    if prev.general_comment.strip():
        for gid in general:
            out.append(ThreadComment(gid, prev.id, None, None, prev.general_comment, "", None, replies.get(gid, ""),
                                     gid in addressed, bool(changed), gid in reopened))
    return out


def _general_ids(s: Session, submission_id: int) -> list[str]:
    """The ids the unit knows the general comment of each result for this submission by."""
    prefix = settings.ISSUED_RESULT.prefix + "."
    rows = s.scalars(select(Setting).where(Setting.key.like(prefix + "%")))
    return [r.key[len(prefix):] + GENERAL_SUFFIX for r in rows
            if isinstance(r.value, dict) and r.value.get("submission_id") == submission_id]


def reopen(ws: Workspace, comment_id: str, expected_version: int | None = None) -> Changes:
    """Reopen a comment of an earlier version on the unit's current submission of that area: one entry."""
    with ws.operation("重新打开审核意见") as op:
        s = op.session
        c = s.get(ReviewComment, comment_id)
        if c is None:
            raise NotFound("comment_not_found", f"没有编号为 {comment_id} 的审核意见。请用 `gongkai review show 报送编号` 查看。")
        old = s.get(Submission, c.submission_id)
        current_id = s.scalar(select(Submission.id).where(
            Submission.unit_code == old.unit_code, Submission.area_code == old.area_code,
            Submission.superseded_by.is_(None)).order_by(Submission.id.desc()).limit(1))
        if current_id == old.id:
            raise DomainError("comment_still_open", "该意见就在单位的当前版本上，仍然有效，无需重新打开。")
        sub = decisions._open_submission(s, current_id, expected_version)
        if s.scalar(select(ReviewComment.id).where(ReviewComment.submission_id == sub.id,
                                                   ReviewComment.reopens == comment_id).limit(1)):
            raise DomainError("comment_reopened", "该意见已经在当前版本上重新打开过了。")
        item_id = c.item_id if c.item_id and s.get(SubmissionItem, (sub.id, c.item_id)) else None
        decisions._track_submission(op, sub, ws.reviewer)
        new = ReviewComment(id=str(uuid.uuid4()), submission_id=sub.id, item_id=item_id,
                            field=c.field if item_id else None, text=c.text, author=ws.reviewer or c.author,
                            reopens=comment_id)
        s.add(new)
        s.flush()
        op.created(ReviewComment.__table__, [new.id])
        op.changes.comments.add(new.id)
        op.changes.created.append(new.id)
        audit.record(s, ws.reviewer, "reopen", sub.id, f"{comment_id} → {new.id}：{c.text[:200]}")
    return op.changes


def require_reviewer(ws: Workspace) -> str:
    name = ws.reviewer
    if not name:
        raise DomainError("no_reviewer", "尚未设置本机审核人的姓名。请运行 `gongkai init --review-office --reviewer 姓名`，"
                          "或在窗口中“审核人…”里填写。")
    return name


def take(ws: Workspace, submission_id: int, force: bool = False) -> Changes:
    """认领: this data folder's reviewer reviews the submission (``force`` takes it over from another)."""
    name = require_reviewer(ws)
    with ws.session() as s:
        sub = s.get(Submission, submission_id, with_for_update=True, populate_existing=True)
        if sub is None:
            raise NotFound("submission_not_found", f"没有编号为 {submission_id} 的报送记录。请用 `gongkai review list` 查看。")
        if sub.reviewer and sub.reviewer != name and not force:
            raise DomainError("taken_by_other", f"该报送已由 {sub.reviewer} 认领。如确需接手，请先与 {sub.reviewer} 商量，"
                              "再用 `gongkai review take 编号 --force`。")
        changes = Changes()
        changes.submissions.add(submission_id)
        if sub.reviewer == name:
            return changes
        audit.record(s, name, "take", submission_id, f"接手自 {sub.reviewer}" if sub.reviewer else "")
        sub.reviewer = name
    return changes
