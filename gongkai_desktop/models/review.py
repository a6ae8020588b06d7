"""The review office's data: submissions received, their items, verdicts, comments, decisions;
and on the unit side the review results received with their comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .catalog import ItemElements


class Submission(Base):
    """One unit's catalog of one area as received in a package (one row per catalog per package)."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("package_id", "area_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(64), index=True)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    unit_name: Mapped[str] = mapped_column(String(128), default="")
    area_code: Mapped[str] = mapped_column(String(8), index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    catalog_version: Mapped[int] = mapped_column(Integer, default=1)
    template_version: Mapped[str] = mapped_column(String(32), default="")
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    signer_fingerprint: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    superseded_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    previous_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    addressed_comments: Mapped[list] = mapped_column(JSON, default=list)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    general_comment: Mapped[str] = mapped_column(Text, default="")
    # several reviewers (issue 18): every change to the review (comments, verdicts, decision) bumps
    # the version, so a reviewer writing from a stale view is refused instead of overwriting
    review_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    review_by: Mapped[str] = mapped_column(String(64), default="", server_default="")  # who changed it last
    reviewer: Mapped[str] = mapped_column(String(64), default="", server_default="")  # who took it (认领)
    result_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the last result sent for it
    answers_result: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the result this one answers
    replies: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # comment id → the unit's reply
    problem_count: Mapped[int | None] = mapped_column(Integer, nullable=True)  # computed once (`inspect.problem_counts`)


class SubmissionItem(ItemElements, Base):
    """An item of a submission, frozen as received (the unit's item UUID is kept for diffs)."""

    __tablename__ = "submission_item"
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    template_code: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)


class ItemVerdict(Base):
    """The reviewer's verdict on one item of a submission: 合格 (ok) or 需修改 (change)."""

    __tablename__ = "item_verdict"
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    verdict: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReviewComment(Base):
    """A reviewer's comment on a submission, an item, or one field of an item."""

    __tablename__ = "review_comment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    field: Mapped[str | None] = mapped_column(String(32), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reopens: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the earlier comment it reopens


class Decision(Base):
    """退回修改 or 通过 of a submission, with the round, the reviewer and the time."""

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    round: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(64), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReceivedComment(Base):
    """Unit side: a comment from a review result, which the unit marks addressed while editing."""

    __tablename__ = "received_comment"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # a general comment's is 40 characters
    catalog_id: Mapped[int] = mapped_column(ForeignKey("catalog.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    field: Mapped[str | None] = mapped_column(String(32), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(16))
    round: Mapped[str] = mapped_column(String(16), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    addressed: Mapped[bool] = mapped_column(Boolean, default=False)
    addressed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reply: Mapped[str] = mapped_column(Text, default="", server_default="")  # the unit's answer to the office
    replied_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AuditEntry(Base):
    """Who did what at the review office, and when (import, comment, decision, result, claim, reopen)."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewer: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    submission_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
