"""Reviewing a submission: per-item verdicts, comments on items and fields, and the decision."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from .. import problem_summary, versions, vocab
from ..changes import Changes
from ..errors import DomainError, NotFound
from ..models import utcnow
from ..models.review import Decision, ItemVerdict, ReviewComment, Submission, SubmissionItem
from ..records import Problem
from ..undo import Operation
from ..workspace import Workspace
from . import audit
from .problems import problems_of
from .rounds import check_round

VERDICTS = {"ok": "合格", "change": "需修改"}
DECISIONS = vocab.DECISIONS
VERDICT_NAMES = {"ok": "标记合格", "change": "标记需修改", None: "清除审核结论"}
SUBMISSION_STATE = ("status", "superseded_by", "general_comment")


@dataclass(slots=True)
class CommentInfo:
    id: str
    submission_id: int
    item_id: str | None
    field: str | None
    text: str
    author: str
    at: datetime
    reopens: str | None = None  # the earlier version's comment this one reopens (issue 18)


@dataclass(slots=True)
class DecisionInfo:
    submission_id: int
    decision: str
    round: str
    reviewer: str
    comment: str
    at: datetime


def _open_submission(s, submission_id: int, expected_version: int | None = None) -> Submission:  # noqa: ANN001
    """The submission to change, its row locked until the commit (PostgreSQL: FOR UPDATE; SQLite's
    write lock is already held), so two reviewers' changes to one review are applied one after the other.

    ``expected_version``: the `Submission.review_version` the reviewer's view shows; another
    reviewer's change since then refuses this one (the window reloads), never overwritten silently.
    """
    sub = s.get(Submission, submission_id, with_for_update=True, populate_existing=True)
    if sub is None:
        raise NotFound("submission_not_found", f"没有编号为 {submission_id} 的报送记录。")
    if sub.status == "approved":
        raise DomainError("submission_locked", "该版本已审核通过并锁定，不能再修改审核意见。")
    if sub.superseded_by is not None:
        raise DomainError("submission_superseded", "该报送已被同一单位的新版本取代，请审核最新版本。")
    check_version(sub, expected_version)
    return sub


def check_version(sub: Submission, expected_version: int | None) -> None:
    if expected_version is not None and sub.review_version != expected_version:
        who = sub.review_by or "其他审核人"
        raise DomainError("stale_review", f"该报送的审核意见或决定已被 {who} 修改，请刷新后再试。")


def touch(sub: Submission, reviewer: str) -> None:
    """A change to the review: the next version, and who made it (shown to the others on a conflict)."""
    sub.review_version = (sub.review_version or 0) + 1
    sub.review_by = reviewer or ""


def _check_item(s, submission_id: int, item_id: str | None, field: str | None) -> None:  # noqa: ANN001
    if item_id is not None and s.get(SubmissionItem, (submission_id, item_id)) is None:
        raise NotFound("item_not_found", "该报送中没有这个事项。")
    if field is not None and item_id is None:
        raise DomainError("field_without_item", "按要素写审核意见时，请同时指明是哪个事项。")
    if field is not None and field not in vocab.FIELD_LABELS:
        raise DomainError("bad_field", f"没有名为“{field}”的要素；可用：{'、'.join(vocab.FIELD_LABELS.values())}。")


def _track_submission(op: Operation, sub: Submission, reviewer: str = "") -> None:
    """Every review edit records the submission's state: once it is decided (locked) or superseded,
    an undo of an earlier comment would change a closed review, so it goes stale instead. It also
    moves the review to its next version (`touch`)."""
    op.track(Submission.__table__, sub.id, SUBMISSION_STATE)
    op.changes.submissions.add(sub.id)
    touch(sub, reviewer)


def set_verdict(ws: Workspace, submission_id: int, item_id: str, verdict: str | None,
                expected_version: int | None = None) -> Changes:
    """Mark an item 合格 / 需修改 (None clears it): one undoable entry."""
    if verdict is not None and verdict not in VERDICTS:
        raise DomainError("bad_verdict", "事项审核结论只能是“合格”或“需修改”。")
    with ws.operation(VERDICT_NAMES[verdict]) as op:
        s = op.session
        sub = _open_submission(s, submission_id, expected_version)
        _check_item(s, submission_id, item_id, None)
        row = s.get(ItemVerdict, (submission_id, item_id))
        if (row.verdict if row else None) == verdict:
            return op.changes
        _track_submission(op, sub, ws.reviewer)
        audit.record(s, ws.reviewer, "verdict", submission_id, f"{item_id}：{VERDICTS[verdict] if verdict else '清除'}")
        op.track(ItemVerdict.__table__, (submission_id, item_id))
        if verdict is None:
            s.delete(row)
        elif row:
            row.verdict, row.at = verdict, utcnow()
        else:
            s.add(ItemVerdict(submission_id=submission_id, item_id=item_id, verdict=verdict))
    return op.changes


def verdicts(ws: Workspace, submission_id: int) -> dict[str, str]:
    with ws.session() as s:
        return dict(s.execute(select(ItemVerdict.item_id, ItemVerdict.verdict)
                              .where(ItemVerdict.submission_id == submission_id)).all())


def add_comment(ws: Workspace, submission_id: int, text: str, item_id: str | None = None,
                field: str | None = None, author: str = "", expected_version: int | None = None) -> Changes:
    """A comment on the whole submission, on an item, or on one field of an item; its id is
    ``Changes.created[0]``. The author is this data folder's reviewer unless given."""
    if not text or not text.strip():
        raise DomainError("empty_comment", "审核意见不能为空。")
    with ws.operation("添加审核意见") as op:
        s = op.session
        sub = _open_submission(s, submission_id, expected_version)
        _check_item(s, submission_id, item_id, field)
        author = author or ws.reviewer
        _track_submission(op, sub, author)
        c = ReviewComment(id=str(uuid.uuid4()), submission_id=submission_id, item_id=item_id, field=field,
                          text=text.strip(), author=author)
        s.add(c)
        audit.record(s, author, "comment", submission_id, f"{c.id}：{c.text[:200]}")
        s.flush()
        op.created(ReviewComment.__table__, [c.id])
        op.changes.comments.add(c.id)
        op.changes.created.append(c.id)
    return op.changes


def delete_comment(ws: Workspace, comment_id: str, expected_version: int | None = None) -> Changes:
    """Delete a comment; undo brings back the same comment (id, author, time)."""
    with ws.operation("删除审核意见") as op:
        s = op.session
        c = s.get(ReviewComment, comment_id)
        if c is None:
            raise NotFound("comment_not_found", "该审核意见不存在。")
        _track_submission(op, _open_submission(s, c.submission_id, expected_version), ws.reviewer)
        op.track(ReviewComment.__table__, comment_id)
        audit.record(s, ws.reviewer, "delete_comment", c.submission_id, f"{c.id}：{c.text[:200]}")
        s.delete(c)
        op.changes.comments.add(comment_id)
    return op.changes


def comment_info(ws: Workspace, comment_id: str) -> CommentInfo:
    with ws.session() as s:
        c = s.get(ReviewComment, comment_id)
        if c is None:
            raise NotFound("comment_not_found", "该审核意见不存在。")
        return CommentInfo(c.id, c.submission_id, c.item_id, c.field, c.text, c.author, c.at, c.reopens)


def comments(ws: Workspace, submission_id: int) -> list[CommentInfo]:
    with ws.session() as s:
        rows = s.scalars(select(ReviewComment).where(ReviewComment.submission_id == submission_id).order_by(ReviewComment.at))
        return [CommentInfo(c.id, c.submission_id, c.item_id, c.field, c.text, c.author, c.at, c.reopens) for c in rows]


def set_general_comment(ws: Workspace, submission_id: int, text: str, expected_version: int | None = None) -> Changes:
    with ws.operation("修改总体意见") as op:
        sub = _open_submission(op.session, submission_id, expected_version)
        _track_submission(op, sub, ws.reviewer)
        audit.record(op.session, ws.reviewer, "general_comment", submission_id, (text or "").strip()[:200])
        sub.general_comment = (text or "").strip()
    return op.changes


def decide(ws: Workspace, submission_id: int, decision: str, round_name: str, reviewer: str = "",
           comment: str = "", expected_version: int | None = None, *, accept_problems: bool = False) -> Changes:
    """退回修改 or 通过; approving locks this version, which is the one that gets aggregated.

    Approving a submission that still has problems (missing 公开内容, 时限, 层级 … as
    `inspect` reads it) would put the blanks into the county catalog: it is refused, with the
    problems counted and listed, unless the reviewer confirmed them (``accept_problems``).

    Not undoable: the decision closes this round of the review, and the reviewer's own entries for
    it are forgotten (`decisions(ws, id)[-1]` reads the decision back).
    """
    if decision not in DECISIONS:
        raise DomainError("bad_decision", "审核决定只能是“退回修改”或“通过”。")
    if decision == "approved" and not accept_problems:
        _refuse_unconfirmed_problems(ws, submission_id)
    with ws.operation(f"审核决定：{DECISIONS[decision]}") as op:
        op.forget_own()
        s = op.session
        check_round(s, round_name)  # the plan's four, or a round the office opened since
        sub = _open_submission(s, submission_id, expected_version)
        reviewer = reviewer or ws.reviewer
        if decision == "returned" and not (comment.strip() or sub.general_comment.strip() or s.scalar(
                select(ReviewComment.id).where(ReviewComment.submission_id == submission_id).limit(1))):
            raise DomainError("return_without_comment", "退回修改时请至少写一条审核意见，让单位知道改什么。")
        if comment.strip():
            sub.general_comment = "\n".join(x for x in (sub.general_comment, comment.strip()) if x)
        sub.status = decision
        touch(sub, reviewer)
        audit.record(s, reviewer, "decide", submission_id, f"{DECISIONS[decision]}（{round_name}）{comment.strip()[:200]}")
        d = Decision(submission_id=submission_id, decision=decision, round=round_name, reviewer=reviewer, comment=comment.strip())
        s.add(d)
        s.flush()
        if decision == "approved":  # the approved version is kept as such (versions, 动态调整)
            versions.keep_approved(s, sub, round_name)
        op.changes.submissions.add(submission_id)
    return op.changes


class ProblemsNotConfirmed(DomainError):
    """通过 asked for a submission with problems that nobody confirmed; ``problems`` lists them."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__("approve_with_problems", message)
        self.problems = problems


def approval_problems(ws: Workspace, submission_id: int) -> list[Problem]:
    """What approving would let into the county catalog: the submission's open problems."""
    return problems_of(ws, submission_id)


def _refuse_unconfirmed_problems(ws: Workspace, submission_id: int) -> None:
    with ws.session() as s:
        _open_submission(s, submission_id)  # a locked or superseded one says so first
    found = approval_problems(ws, submission_id)
    if found:
        raise ProblemsNotConfirmed(
            f"该报送还有 {len(found)} 个问题，通过后这些空白会进入全县目录：{problem_summary.kinds_text(found)}。"
            f"问题较多的事项：{problem_summary.worst_text(found, 3)}。如确认仍要通过，请明确确认"
            f"（命令行加 --accept-problems；窗口中在确认框里点“仍然通过”）；否则请退回修改。", found)


def decisions(ws: Workspace, submission_id: int | None = None) -> list[DecisionInfo]:
    with ws.session() as s:
        q = select(Decision).order_by(Decision.at, Decision.id)
        if submission_id is not None:
            q = q.where(Decision.submission_id == submission_id)
        return [DecisionInfo(d.submission_id, d.decision, d.round, d.reviewer, d.comment, d.at) for d in s.scalars(q)]


def clear_review(ws: Workspace, submission_id: int, expected_version: int | None = None) -> Changes:
    """Drop every verdict and comment of a submission that is still open (the window's 重置): one entry."""
    with ws.operation("清除审核意见和结论") as op:
        s = op.session
        _track_submission(op, _open_submission(s, submission_id, expected_version), ws.reviewer)
        audit.record(s, ws.reviewer, "clear", submission_id)
        op.track_where(ItemVerdict.__table__, ItemVerdict.submission_id == submission_id)
        op.track_where(ReviewComment.__table__, ReviewComment.submission_id == submission_id)
        s.execute(delete(ItemVerdict).where(ItemVerdict.submission_id == submission_id))
        s.execute(delete(ReviewComment).where(ReviewComment.submission_id == submission_id))
    return op.changes
