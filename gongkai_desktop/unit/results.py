"""The unit's side of review results: verify, store the comments on the catalog, mark them addressed.

`import_result` verifies a review result against the office key the unit trusts, checks that it
answers a package this unit really sent for that area (`check_result`: a result for anything else
changes nothing), and stores its comments on the catalog, where the unit marks each one addressed
while editing; the next submission carries which were (`addressed_by_area`). The decision sets the
catalog's status only while the catalog is still the version that was reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import backups, settings, versions
from ..changes import Changes
from ..errors import DomainError, NotFound
from ..models import Catalog, ReceivedComment, Setting, utcnow
from ..package.errors import PackageError
from ..package.payloads import RESULT_FILE
from ..package.read import VerifiedPackage
from ..package.verify import record_accepted, verify_package
from ..undo import catalog_state
from ..workspace import ROLE_REVIEW, Workspace
from .catalogs import current_unit
from .replies import remember_result


@dataclass(slots=True)
class ReceivedResult:
    area_code: str
    decision: str
    round: str
    comment_count: int
    general_comment: str
    status_applied: bool = True  # False when the catalog was edited after the reviewed version was sent


@dataclass(slots=True)
class ReceivedCommentInfo:
    id: str
    catalog_id: int
    item_id: str | None
    field: str | None
    text: str
    decision: str
    round: str
    at: datetime
    addressed: bool
    reply: str = ""


SENT_PREFIX = settings.SENT_PACKAGE.prefix + "."


def sent_setting(package_id: str) -> str:
    """Where a unit records a package it sent (`unit.submit`), so a result can be matched to it."""
    return settings.SENT_PACKAGE.of(package_id).key


def check_result(s: Any, unit_code: str, pkg: VerifiedPackage) -> tuple[Catalog, bool]:
    """A result must answer a package this unit sent, for an area in it, at the version it sent.

    Returns the catalog and whether the decision applies to it as it is now (not edited since).
    Raises `PackageError`; writes nothing.
    """
    result = pkg.payload[RESULT_FILE]
    if result["unit_code"] != unit_code:
        raise PackageError("wrong_recipient", "该审核结果不是发给本单位的，已拒绝。")
    reviewed = result["submission"]
    row = s.get(Setting, sent_setting(reviewed["package_id"]))
    sent = row.value if row else None
    if not sent or sent.get("areas", {}).get(result["area_code"]) != reviewed["catalog_version"] \
            or sent.get("sequence") != reviewed["sequence"]:
        raise PackageError("result_for_unknown_package",
                           f"该审核结果针对的是本单位没有报送过的文件包（第{reviewed['sequence']}号，领域 {result['area_code']}，"
                           f"目录第 {reviewed['catalog_version']} 版），已拒绝，不会改动任何目录的状态。请与市府办核实。")
    cat = s.scalar(select(Catalog).where(Catalog.unit_code == unit_code, Catalog.area_code == result["area_code"]))
    if cat is None:
        raise DomainError("catalog_not_started", "本单位没有该领域的目录，无法导入其审核结果。")
    return cat, cat.version == reviewed["catalog_version"]


def import_result(ws: Workspace, source: Path | str | bytes) -> ReceivedResult:
    """Unit side: verify a review result and attach its comments to the catalog, in one transaction."""
    if ws.role == ROLE_REVIEW:
        raise DomainError("role_conflict", "审核端不能导入审核结果。")
    unit_code = current_unit(ws)
    pkg = verify_package(ws, source, kind="review_result")
    result = pkg.payload[RESULT_FILE]
    with ws.session(write=False) as s:  # refused before anything is written, the backup included
        check_result(s, unit_code, pkg)
    backups.automatic(ws, backups.BEFORE_IMPORT)  # a restorable copy first (issue 14)
    with ws.session() as s:
        cat, current = check_result(s, unit_code, pkg)
        now = utcnow()
        for c in result["comments"]:
            if s.get(ReceivedComment, c["id"]) is None:
                s.add(ReceivedComment(id=c["id"], catalog_id=cat.id, package_id=pkg.package_id, item_id=c["item_id"],
                                      field=c["field"], text=c["text"], decision=result["decision"],
                                      round=result["round"], at=now))
        if result["general_comment"].strip():
            s.add(ReceivedComment(id=f"{pkg.package_id}-general", catalog_id=cat.id, package_id=pkg.package_id,
                                  item_id=None, field=None, text=result["general_comment"],
                                  decision=result["decision"], round=result["round"], at=now))
        if current:
            cat.status = "approved" if result["decision"] == "approved" else "returned"
        reviewed = result["submission"]  # the version the decision is about stays kept with it
        versions.mark_reviewed(s, unit_code, result["area_code"], reviewed["catalog_version"],
                               result["decision"], result["round"])
        remember_result(s, result["area_code"], pkg.sequence, result["decision"])
        record_accepted(s, pkg)
    count = len(result["comments"]) + bool(result["general_comment"].strip())
    return ReceivedResult(result["area_code"], result["decision"], result["round"], count, result["general_comment"],
                          status_applied=current)


def received_comments(ws: Workspace, catalog_id: int, item_id: str | None = None) -> list[ReceivedCommentInfo]:
    with ws.session() as s:
        q = select(ReceivedComment).where(ReceivedComment.catalog_id == catalog_id).order_by(ReceivedComment.at, ReceivedComment.id)
        if item_id is not None:
            q = q.where(ReceivedComment.item_id == item_id)
        return [ReceivedCommentInfo(c.id, c.catalog_id, c.item_id, c.field, c.text, c.decision, c.round, c.at, c.addressed,
                                    c.reply or "") for c in s.scalars(q)]


def mark_addressed(ws: Workspace, comment_id: str, addressed: bool = True) -> Changes:
    """Mark a received comment addressed (已处理) or open again: one undoable entry."""
    with ws.operation("标记意见已处理" if addressed else "标记意见未处理") as op:
        c = op.session.get(ReceivedComment, comment_id)
        if c is None:
            raise NotFound("comment_not_found", "该审核意见不存在。")
        if c.addressed == addressed:
            return op.changes
        op.track(ReceivedComment.__table__, comment_id)
        c.addressed, c.addressed_at = addressed, (utcnow() if addressed else None)
        op.changes.received_comments.add(comment_id)
        state = catalog_state(op.session, c.catalog_id)
        if state is not None:
            op.changes.catalogs[c.catalog_id] = state
    return op.changes


def addressed_by_area(s, unit_code: str, area_codes: list[str]) -> dict[str, list[str]]:  # noqa: ANN001
    """For the next submission: area → ids of comments the unit marked addressed."""
    rows = s.execute(select(Catalog.area_code, ReceivedComment.id).join(Catalog, Catalog.id == ReceivedComment.catalog_id)
                     .where(Catalog.unit_code == unit_code, Catalog.area_code.in_(area_codes),
                            ReceivedComment.addressed.is_(True))).all()
    out: dict[str, list[str]] = {}
    for area, cid in rows:
        out.setdefault(area, []).append(cid)
    return out


def comment_numbers(ws: Workspace) -> dict[str, int]:
    """Received comment id → its short number (#1 the first received; the numbers only grow)."""
    with ws.session() as s:
        ids = s.scalars(select(ReceivedComment.id).order_by(ReceivedComment.at, ReceivedComment.id))
        return {cid: n for n, cid in enumerate(ids, 1)}


def comment_ref(ws: Workspace, text: str) -> str:
    """A received comment by its short number (3 or #3), its id, or a unique beginning of the id (≥ 6)."""
    numbers = comment_numbers(ws)
    text = text.strip().lstrip("#＃")
    if text.isdigit() and int(text) in numbers.values():
        return next(cid for cid, n in numbers.items() if n == int(text))
    if text in numbers:
        return text
    found = [cid for cid in numbers if len(text) >= 6 and cid.startswith(text)]
    if len(found) == 1:
        return found[0]
    raise DomainError("comment_not_found", f"没有第“{text[:40]}”号审核意见（共 {len(numbers)} 条）。"
                                           "请用 `gongkai result comments` 查看意见号。")
