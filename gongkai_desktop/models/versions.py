"""The catalog's life (动态调整): kept versions, template upgrade choices, repealed laws.

`CatalogVersion` is one version of a unit's catalog of an area, kept read-only for good:

- on a unit, one row per version it handed in (made by the export of its package), with the
  items copied into `CatalogVersionItem`; the review result moves it to 退回修改 or 已通过;
- at the review office, one row per version it approved, and one per version it published as
  the baseline of a later round; their items are the submission's own frozen copy
  (``submission_id``), never copied again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .catalog import ItemElements

SIDE_UNIT = "unit"
SIDE_OFFICE = "office"


class CatalogVersion(Base):
    """A version of one unit's catalog of one area, as handed in, approved or published."""

    __tablename__ = "catalog_version"
    __table_args__ = (Index("ix_catalog_version_unit_area", "unit_code", "area_code", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))  # submitted / approved / published
    unit_code: Mapped[str] = mapped_column(String(32))
    area_code: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    template_version: Mapped[str] = mapped_column(String(32), default="")
    state: Mapped[str] = mapped_column(String(16), default="submitted")  # submitted / returned / approved
    submission_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    package_id: Mapped[str] = mapped_column(String(64), default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    round: Mapped[str] = mapped_column(String(32), default="")
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class CatalogVersionItem(ItemElements, Base):
    """An item of a version the unit handed in, frozen as it went out."""

    __tablename__ = "catalog_version_item"
    version_id: Mapped[int] = mapped_column(ForeignKey("catalog_version.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    template_code: Mapped[str | None] = mapped_column(String(16), nullable=True)


class TemplateChoice(Base):
    """A unit's answer to one change of its template (take it, or keep its own text), for the
    template version the catalog is moving to; when every change has one, it follows that version."""

    __tablename__ = "template_choice"
    catalog_id: Mapped[int] = mapped_column(ForeignKey("catalog.id", ondelete="CASCADE"), primary_key=True)
    template_version: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    choice: Mapped[str] = mapped_column(String(8))  # take / keep
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LawChange(Base):
    """A legal basis that was repealed or replaced (resources/laws.json, or added by the office)."""

    __tablename__ = "law_change"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    successor: Mapped[str] = mapped_column(String(128), default="")
    effective: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(16), default="replaced")
    source: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    origin: Mapped[str] = mapped_column(String(16), default="shipped")
