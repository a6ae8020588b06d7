"""Storing received catalogs and reading them back: the review queue and a submission's items."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..db import bulk_insert
from ..errors import NotFound
from ..itemrows import JSON_FIELDS, read_items
from ..models.review import Submission, SubmissionItem
from ..records import ITEM_DATA_FIELDS, ItemRecord
from ..workspace import Workspace


@dataclass(slots=True)
class SubmissionInfo:
    """A submission as the queue and the dashboard show it."""

    id: int
    package_id: str
    unit_code: str
    unit_name: str
    area_code: str
    area_name: str
    sequence: int
    catalog_version: int
    status: str
    item_count: int
    received_at: datetime
    previous_id: int | None
    superseded_by: int | None
    signer_fingerprint: str
    general_comment: str
    addressed_comments: list[str]
    template_version: str = ""


def content_digest(catalog: dict[str, Any]) -> str:
    """What makes two submissions identical: the items and their order, nothing about the package.

    The importer uses the SHA-256 the signed manifest lists for the catalog's file instead (free,
    and equal for an unchanged catalog exported again); this is for catalogs from elsewhere.
    """
    body = json.dumps(catalog.get("items", []), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def find_identical(s: Session, unit_code: str, area_code: str, digest: str) -> Submission | None:
    return s.scalar(select(Submission).where(Submission.unit_code == unit_code, Submission.area_code == area_code,
                                             Submission.content_sha256 == digest).limit(1))


def latest_submission(s: Session, unit_code: str, area_code: str) -> Submission | None:
    """The current (not superseded) submission of a unit's area."""
    return s.scalar(select(Submission).where(Submission.unit_code == unit_code, Submission.area_code == area_code,
                                             Submission.superseded_by.is_(None)).order_by(Submission.id.desc()).limit(1))


def store_submission(s: Session, manifest: dict[str, Any], catalog: dict[str, Any], fingerprint: str,
                     digest: str | None = None, previous_id: int | None = -1) -> Submission:
    """Insert one received catalog; the unit's previous submission of that area is superseded, kept in history.

    ``digest`` and ``previous_id`` (the current submission, None for none): when the caller knows
    them already (the importer looks them up once per package); otherwise they are computed here.
    """
    unit = manifest.get("unit", {})
    digest = digest or content_digest(catalog)
    prev = (latest_submission(s, unit["code"], catalog["area_code"]) if previous_id == -1
            else s.get(Submission, previous_id) if previous_id is not None else None)
    sub = Submission(
        package_id=manifest["package_id"], unit_code=unit["code"], unit_name=unit.get("name", ""),
        area_code=catalog["area_code"], sequence=int(manifest.get("sequence", 0)),
        catalog_version=int(catalog.get("catalog_version", 1)), template_version=str(catalog.get("template_version", "")),
        content_sha256=digest, signer_fingerprint=fingerprint, status="submitted",
        previous_id=prev.id if prev else None, item_count=len(catalog.get("items", [])),
        addressed_comments=list(catalog.get("addressed_comments", [])),
    )
    s.add(sub)
    s.flush()
    if prev is not None:
        s.execute(update(Submission).where(Submission.id == prev.id).values(superseded_by=sub.id))
        if prev.status == "submitted":
            s.execute(update(Submission).where(Submission.id == prev.id).values(status="superseded"))
    rows = [_item_row(raw, sub.id, pos) for pos, raw in enumerate(catalog.get("items", []))]
    bulk_insert(s, SubmissionItem.__table__, ITEM_ROW_COLUMNS, rows)
    return sub


# Lists are encoded once per distinct value (a county repeats ["县级"] sixty thousand times).
@lru_cache(maxsize=8192)
def _encode_list(values: tuple[Any, ...]) -> str:
    return json.dumps(list(values))


ITEM_ROW_COLUMNS = ["submission_id", "position", *(f for f in ITEM_DATA_FIELDS if f != "position")]
_ROW_FIELDS = ITEM_ROW_COLUMNS[2:]


def _item_row(raw: dict[str, Any], submission_id: int, position: int) -> tuple[Any, ...]:
    """A received item (exactly the record's fields: the package reader checked them) as a table row."""
    return (submission_id, position, *(
        _encode_list(tuple(raw[f])) if f in JSON_FIELDS else raw[f] for f in _ROW_FIELDS))


def unit_digests(s: Session, unit_code: str) -> tuple[set[tuple[str, str]], dict[str, int]]:
    """For one unit, with one query: every (area, digest) received, and area → current submission id."""
    rows = s.execute(select(Submission.id, Submission.area_code, Submission.content_sha256, Submission.superseded_by)
                     .where(Submission.unit_code == unit_code)).all()
    return {(a, d) for _, a, d, _ in rows}, {a: i for i, a, _, sup in rows if sup is None}


def _info(sub: Submission, area_names: dict[str, str]) -> SubmissionInfo:
    return SubmissionInfo(
        id=sub.id, package_id=sub.package_id, unit_code=sub.unit_code, unit_name=sub.unit_name,
        area_code=sub.area_code, area_name=area_names.get(sub.area_code, sub.area_code), sequence=sub.sequence,
        catalog_version=sub.catalog_version, status=sub.status, item_count=sub.item_count,
        received_at=sub.received_at, previous_id=sub.previous_id, superseded_by=sub.superseded_by,
        signer_fingerprint=sub.signer_fingerprint, general_comment=sub.general_comment,
        addressed_comments=list(sub.addressed_comments or []), template_version=sub.template_version or "",
    )


def _area_names(s: Session) -> dict[str, str]:
    from ..models import Area

    return dict(s.execute(select(Area.code, Area.name)).all())


def list_submissions(ws: Workspace, status: str | None = None, current_only: bool = True) -> list[SubmissionInfo]:
    """The queue: by default the current submission of every unit's area, oldest first."""
    with ws.session() as s:
        q = select(Submission).order_by(Submission.received_at, Submission.id)
        if current_only:
            q = q.where(Submission.superseded_by.is_(None))
        if status:
            q = q.where(Submission.status == status)
        names = _area_names(s)
        return [_info(sub, names) for sub in s.scalars(q)]


def get_submission(ws: Workspace, submission_id: int) -> SubmissionInfo:
    with ws.session() as s:
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise NotFound("submission_not_found", f"没有编号为 {submission_id} 的报送记录。请用 `gongkai review list` 查看。")
        return _info(sub, _area_names(s))


def submission_items(ws: Workspace, submission_id: int) -> list[ItemRecord]:
    table = SubmissionItem.__table__
    with ws.session() as s:
        return read_items(s, table, "submission_id", table.c.submission_id == submission_id)


def history(ws: Workspace, unit_code: str, area_code: str) -> list[SubmissionInfo]:
    """Every submission of a unit's area, oldest first (动态调整: all versions are kept)."""
    with ws.session() as s:
        names = _area_names(s)
        q = select(Submission).where(Submission.unit_code == unit_code, Submission.area_code == area_code).order_by(Submission.id)
        return [_info(sub, names) for sub in s.scalars(q)]
