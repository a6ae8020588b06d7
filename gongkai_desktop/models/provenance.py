"""At a prefecture: where each row of a county's submission comes from (the county's units)."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ItemProvenance(Base):
    """One row of a county's catalog as received: its scope (a department's row, townships merged)
    and the units that disclose it, each with its own item id, and the differences the county flagged."""

    __tablename__ = "item_provenance"
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    scope: Mapped[str] = mapped_column(String(16), default="county")
    units: Mapped[list] = mapped_column(JSON, default=list)  # [[unit code, unit name, the unit's item id], …]
    flags: Mapped[list] = mapped_column(JSON, default=list)
