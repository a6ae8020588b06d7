"""Declarative base with a naming convention so Alembic migrations name constraints stably."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # Every model maps one plain Table (no joined or select mappings), and the core's bulk paths use
    # it directly (Core inserts, undo tracking); saying so lets mypy check those calls.
    __table__: ClassVar[Table]


def utcnow() -> datetime:
    """Timestamps are stored in UTC; the window shows them in local time."""
    return datetime.now(UTC).replace(tzinfo=None)
