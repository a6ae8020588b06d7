"""Keys and trust: the review office's registry of unit keys, and the log of accepted packages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

KEY_STATUSES: dict[str, str] = {"pending": "待核对", "active": "有效", "rotated": "已更换", "revoked": "已吊销"}


class UnitKey(Base):
    """A unit's public key as the review office knows it: enrolled (pending) → confirmed by
    fingerprint over the phone (active) → replaced by a newer key (rotated) or revoked."""

    __tablename__ = "unit_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    algorithm: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    contact: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(16), default="enrolment")
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AcceptedPackage(Base):
    """Every package imported, so the same package (or an older one) is never taken twice."""

    __tablename__ = "accepted_package"
    package_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))  # submission, distribution, result, county_submission …
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
