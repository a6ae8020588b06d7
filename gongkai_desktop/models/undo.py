"""The undo log: named entries, each holding the rows an operation changed before and after it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class UndoEntry(Base):
    """One user action (修改公开时限, 删除审核意见 …) that can be undone and redone exactly.

    ``rows`` lists, for every row the operation touched, its table, key, the columns recorded and
    the row's image before and after (None: the row did not exist). ``actor`` keeps several people
    on one shared database (the review office on PostgreSQL) from undoing each other's work.
    """

    __tablename__ = "undo_entry"
    # the newest done / oldest undone entry of an actor is one index lookup (no scan of the images)
    __table_args__ = (Index("ix_undo_entry_actor_state", "actor", "state", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(128), default="")
    name: Mapped[str] = mapped_column(String(128))
    merge_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    state: Mapped[str] = mapped_column(String(8), default="done")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    rows: Mapped[list] = mapped_column(JSON, default=list)
