"""The catalogs units compile, their items, and the change log that keeps their history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Catalog(Base):
    """One unit's catalog of one area (标准目录)."""

    __tablename__ = "catalog"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("unit.code"), index=True)
    area_code: Mapped[str] = mapped_column(ForeignKey("area.code"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    template_version: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ItemElements:
    """The columns of an item's elements, shared by a unit's catalog items and the review office's
    frozen copies of submitted items (`SubmissionItem`), so both store exactly the same record."""

    source: Mapped[str] = mapped_column(String(16), default="template")
    level1: Mapped[str] = mapped_column(Text, default="")
    level2: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    time_limit: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[list] = mapped_column(JSON, default=list)
    channel_other: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[list] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16), default="")
    levels: Mapped[list] = mapped_column(JSON, default=list)
    attribute: Mapped[str] = mapped_column(String(16), default="主动公开")
    legal_ground: Mapped[str] = mapped_column(Text, default="")
    applicability: Mapped[str] = mapped_column(String(16), default="adopted")
    applicability_reason: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    five_disclosures: Mapped[list] = mapped_column(JSON, default=list)


class CatalogItem(ItemElements, Base):
    """One disclosure item (公开事项) of a catalog."""

    __tablename__ = "catalog_item"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    catalog_id: Mapped[int] = mapped_column(ForeignKey("catalog.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    template_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ChangeLog(Base):
    """Every change to a catalog item, field by field, so any two versions can be compared."""

    __tablename__ = "change_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(Integer, index=True)
    item_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(16))
    field: Mapped[str | None] = mapped_column(String(32), nullable=True)
    old: Mapped[object] = mapped_column(JSON, nullable=True)
    new: Mapped[object] = mapped_column(JSON, nullable=True)
    catalog_version: Mapped[int] = mapped_column(Integer, default=1)


class Setting(Base):
    """Workspace settings and identity (role, unit), stored with the data they belong to."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)



