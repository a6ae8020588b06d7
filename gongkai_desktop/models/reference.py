"""Reference data loaded from resources/: areas, templates with their items, and units."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Area(Base):
    """One of the 26 national pilot areas (试点领域)."""

    __tablename__ = "area"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    level1: Mapped[list] = mapped_column(JSON, default=list)
    # shipped (the 26 of the plan, from resources/) or office (其他领域 the review office defined)
    origin: Mapped[str] = mapped_column(String(16), default="shipped", server_default="shipped")


class Template(Base):
    """A version of the national guidance template (标准指引) of an area."""

    __tablename__ = "template"
    __table_args__ = (UniqueConstraint("area_code", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(ForeignKey("area.code"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    document: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    level1: Mapped[list] = mapped_column(JSON, default=list)


class TemplateItem(Base):
    """A level-2 item of a template, with the stable code catalog items keep (e.g. 04-02-03)."""

    __tablename__ = "template_item"
    __table_args__ = (UniqueConstraint("template_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("template.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str] = mapped_column(Text, default="")
    level2: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    time_limit: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    channels_required: Mapped[list] = mapped_column(JSON, default=list)
    channels_optional: Mapped[list] = mapped_column(JSON, default=list)
    channel_other: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[list] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16), default="")
    levels: Mapped[list] = mapped_column(JSON, default=list)
    attribute: Mapped[str] = mapped_column(String(16), default="")
    wording: Mapped[str] = mapped_column(String(16), default="drafted")
    evidence: Mapped[str] = mapped_column(Text, default="")


class Unit(Base):
    """A responsible unit (责任单位): a county department or a township."""

    __tablename__ = "unit"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    # a village or community (村/社区) belongs to its township
    parent_code: Mapped[str | None] = mapped_column(String(32), nullable=True)


class UnitArea(Base):
    """The areas a unit is responsible for."""

    __tablename__ = "unit_area"
    unit_code: Mapped[str] = mapped_column(ForeignKey("unit.code", ondelete="CASCADE"), primary_key=True)
    area_code: Mapped[str] = mapped_column(ForeignKey("area.code"), primary_key=True)
