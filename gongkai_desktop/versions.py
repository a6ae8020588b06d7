"""Every version of a catalog, kept read-only on both sides (动态调整: catalogs live for years).

The store is the `catalog_version` table (models/versions.py):

- a **unit** keeps each version it hands in — the export of its package copies the items exactly
  as they went out (`keep_handed_in`); the review result says whether that version was returned
  or approved (`mark_reviewed`); its draft is the catalog itself;
- the **review office** keeps every submission anyway (`submission_item`): each one is a version;
  approving one (`keep_approved`) and publishing it as the baseline of a later round
  (`keep_published`) add a row that points at the submission's items, never a copy.

`list_versions` reads them as one list per unit × area for the window, the CLI and the 修订对照表;
`version_items` reads any version's items; `resolve` turns what a person types (``3``, ``v3``,
``草稿``) into a version.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, delete, func, select, update

from . import vocab
from .errors import DomainError
from .itemrows import read_items
from .models import Catalog, CatalogItem, CatalogVersion, CatalogVersionItem, Submission, SubmissionItem, utcnow
from .models.versions import SIDE_OFFICE, SIDE_UNIT
from .records import ITEM_DATA_FIELDS, ItemRecord

DRAFT, KEPT, SUBMISSION = "draft", "kept", "submission"
DRAFT_WORDS = ("草稿", "当前", "current", "draft")


@dataclass(slots=True, frozen=True)
class VersionRef:
    """Where a version's items are: the catalog itself (the draft), a kept copy, or a submission."""

    kind: str
    id: int


@dataclass(slots=True)
class VersionInfo:
    """One version of a unit's catalog of an area, as the version list shows it."""

    number: int
    state: str  # draft / submitted / returned / approved / superseded
    at: datetime | None
    template_version: str
    item_count: int
    ref: VersionRef
    round: str = ""
    sequence: int = 0
    published: list[str] = field(default_factory=list)  # rounds it was the published baseline of
    current: bool = False  # the unit's catalog is (still) this version

    @property
    def state_label(self) -> str:
        label = vocab.VERSION_STATES.get(self.state, self.state)
        if self.round and self.state in ("returned", "approved"):
            label += f"（{self.round}）"
        if self.published:
            label += f"；{'、'.join(self.published)}基线"
        return label

    @property
    def label(self) -> str:
        if self.ref.kind == DRAFT:
            return f"第 {self.number} 版（当前草稿）"
        return f"第 {self.number} 版 · {self.state_label}"


# Keeping versions ------------------------------------------------------------------------------------

_VERSION = CatalogVersion.__table__
_KEPT_ITEM = CatalogVersionItem.__table__
_ITEM = CatalogItem.__table__
# built once: an export runs them for every catalog it hands in
_KEPT_BEFORE = select(_VERSION.c.id).where(
    _VERSION.c.side == SIDE_UNIT, _VERSION.c.unit_code == bindparam("unit"), _VERSION.c.area_code == bindparam("area"),
    _VERSION.c.version == bindparam("version"))
_DROP_ITEMS = delete(_KEPT_ITEM).where(_KEPT_ITEM.c.version_id.in_(bindparam("ids", expanding=True)))
_DROP_VERSIONS = delete(_VERSION).where(_VERSION.c.id.in_(bindparam("ids", expanding=True)))
_NEW_VERSION = _VERSION.insert()
_COPY_ITEMS = _KEPT_ITEM.insert().from_select(
    ["version_id", *ITEM_DATA_FIELDS],
    select(bindparam("vid", type_=Integer), *(_ITEM.c[f] for f in ITEM_DATA_FIELDS)).where(
        _ITEM.c.catalog_id == bindparam("cid")))
_SET_COUNT = update(_VERSION).where(_VERSION.c.id == bindparam("vid")).values(item_count=bindparam("n"))


def keep_handed_in(s: Any, cat: Catalog, package_id: str, sequence: int) -> int:
    """Unit side, inside the export's transaction: keep this version of ``cat`` as it goes out.

    The items are copied inside the database (INSERT … SELECT, no row crosses into Python), with
    statements built once: the export of a unit's 2,653 items stays well under its 200 ms. Handing
    the same version in again (nothing changed since) keeps one copy, with the newer package.
    """
    conn = s.connection()
    old = [r[0] for r in conn.execute(_KEPT_BEFORE, {"unit": cat.unit_code, "area": cat.area_code,
                                                     "version": cat.version})]
    if old:
        conn.execute(_DROP_ITEMS, {"ids": old})
        conn.execute(_DROP_VERSIONS, {"ids": old})
    vid = conn.execute(_NEW_VERSION, {
        "side": SIDE_UNIT, "kind": "submitted", "unit_code": cat.unit_code, "area_code": cat.area_code,
        "version": cat.version, "template_version": cat.template_version or "", "state": "submitted",
        "package_id": package_id, "sequence": sequence, "item_count": 0, "round": "", "taken_at": utcnow(),
    }).inserted_primary_key[0]
    copied = conn.execute(_COPY_ITEMS, {"vid": vid, "cid": cat.id}).rowcount
    conn.execute(_SET_COUNT, {"vid": vid, "n": copied})
    return int(vid)


def mark_reviewed(s: Any, unit_code: str, area_code: str, version: int, decision: str, round_name: str) -> None:
    """Unit side: the review office returned or approved the version it handed in."""
    s.execute(update(CatalogVersion).where(
        CatalogVersion.side == SIDE_UNIT, CatalogVersion.unit_code == unit_code,
        CatalogVersion.area_code == area_code, CatalogVersion.version == version,
    ).values(state="approved" if decision == "approved" else "returned", round=round_name[:32], decided_at=utcnow()))


def _office_row(sub: Submission, kind: str, round_name: str) -> CatalogVersion:
    return CatalogVersion(side=SIDE_OFFICE, kind=kind, unit_code=sub.unit_code, area_code=sub.area_code,
                          version=sub.catalog_version, template_version=sub.template_version or "", state="approved",
                          submission_id=sub.id, package_id=sub.package_id, sequence=sub.sequence,
                          item_count=sub.item_count, round=round_name[:32], taken_at=sub.received_at,
                          decided_at=utcnow())


def keep_approved(s: Any, sub: Submission, round_name: str) -> CatalogVersion:
    """Office side: the approved version (its items are the submission's, locked from now on)."""
    row = _office_row(sub, "approved", round_name)
    s.add(row)
    s.flush()
    return row


def keep_published(s: Any, sub: Submission, round_name: str) -> CatalogVersion:
    """Office side: ``sub`` is the published version a new round starts from (its baseline)."""
    row = _office_row(sub, "published", round_name)
    s.add(row)
    s.flush()
    return row


def published_baselines(s: Any, area_code: str | None = None,
                        unit_code: str | None = None) -> dict[tuple[str, str], tuple[int, str]]:
    """(unit, area) → (submission id, round) of the version published last (the current baseline)."""
    q = select(CatalogVersion.unit_code, CatalogVersion.area_code, CatalogVersion.submission_id,
               CatalogVersion.round).where(CatalogVersion.side == SIDE_OFFICE, CatalogVersion.kind == "published")
    if area_code:
        q = q.where(CatalogVersion.area_code == area_code)
    if unit_code:
        q = q.where(CatalogVersion.unit_code == unit_code)
    out: dict[tuple[str, str], tuple[int, str]] = {}
    for unit, area, sid, rnd in s.execute(q.order_by(CatalogVersion.id)):
        out[(unit, area)] = (sid, rnd)
    return out


# Reading versions ------------------------------------------------------------------------------------

def list_versions(s: Any, side: str, unit_code: str, area_code: str) -> list[VersionInfo]:
    """Every kept version of the unit's catalog of the area, oldest first (the unit's draft last)."""
    return _office_versions(s, unit_code, area_code) if side == SIDE_OFFICE else _unit_versions(s, unit_code, area_code)


def _unit_versions(s: Any, unit_code: str, area_code: str) -> list[VersionInfo]:
    rows = s.scalars(select(CatalogVersion).where(
        CatalogVersion.side == SIDE_UNIT, CatalogVersion.unit_code == unit_code, CatalogVersion.area_code == area_code,
    ).order_by(CatalogVersion.version, CatalogVersion.id)).all()
    out = [VersionInfo(r.version, r.state, r.decided_at or r.taken_at, r.template_version, r.item_count,
                       VersionRef(KEPT, r.id), r.round, r.sequence) for r in rows]
    cat = s.scalar(select(Catalog).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code))
    if cat is None:
        return out
    kept = next((v for v in out if v.number == cat.version), None)
    if kept is not None and cat.status != vocab.Status.DRAFT:
        kept.current = True
        return out
    n = s.scalar(select(func.count()).select_from(CatalogItem).where(CatalogItem.catalog_id == cat.id))
    out.append(VersionInfo(cat.version, vocab.Status.DRAFT, cat.updated_at, cat.template_version or "", int(n or 0),
                           VersionRef(DRAFT, cat.id), current=True))
    return out


def _office_versions(s: Any, unit_code: str, area_code: str) -> list[VersionInfo]:
    subs = s.scalars(select(Submission).where(Submission.unit_code == unit_code, Submission.area_code == area_code)
                     .order_by(Submission.id)).all()
    marks: dict[int, list[CatalogVersion]] = {}
    for r in s.scalars(select(CatalogVersion).where(
            CatalogVersion.side == SIDE_OFFICE, CatalogVersion.unit_code == unit_code,
            CatalogVersion.area_code == area_code).order_by(CatalogVersion.id)):
        marks.setdefault(r.submission_id or 0, []).append(r)
    out = []
    for sub in subs:
        mine = marks.get(sub.id, [])
        approved = next((m for m in reversed(mine) if m.kind == "approved"), None)
        out.append(VersionInfo(sub.catalog_version, sub.status, approved.decided_at if approved else sub.received_at,
                               sub.template_version or "", sub.item_count, VersionRef(SUBMISSION, sub.id),
                               approved.round if approved else "", sub.sequence,
                               [m.round for m in mine if m.kind == "published"], current=sub.superseded_by is None))
    return out


def version_items(s: Any, ref: VersionRef) -> list[ItemRecord]:
    """The items of a version, in its order."""
    if ref.kind == DRAFT:
        t = CatalogItem.__table__
        return read_items(s, t, "catalog_id", t.c.catalog_id == ref.id)
    if ref.kind == KEPT:
        t = CatalogVersionItem.__table__
        return read_items(s, t, "version_id", t.c.version_id == ref.id)
    t = SubmissionItem.__table__
    return read_items(s, t, "submission_id", t.c.submission_id == ref.id)


_NUMBER = re.compile(r"^[vV第]?\s*(\d+)\s*版?$")


def resolve(versions: Sequence[VersionInfo], spec: str) -> VersionInfo:
    """The version a person means: ``3``, ``v3``, ``第3版`` (the newest with that number) or ``草稿``."""
    text = (spec or "").strip()
    if text.lower() in DRAFT_WORDS:
        found = next((v for v in reversed(versions) if v.current), None)
        if found is not None:
            return found
        raise DomainError("version_not_found", "没有当前草稿：该领域的目录尚未开始编制。")
    m = _NUMBER.match(text)
    if m:
        found = next((v for v in reversed(versions) if v.number == int(m.group(1))), None)
        if found is not None:
            return found
    kept = "、".join(f"v{v.number}" for v in versions) or "（无）"
    raise DomainError("version_not_found", f"没有找到版本“{spec}”。可用的版本：{kept}（或写“草稿”表示当前目录）。")


def default_pair(versions: Sequence[VersionInfo]) -> tuple[VersionInfo, VersionInfo]:
    """What `gongkai catalog diff AREA` compares without versions: the baseline (the version approved
    last, else the one handed in last) with the current catalog."""
    if not versions:
        raise DomainError("no_versions", "该领域的目录还没有任何版本。")
    current = next((v for v in reversed(versions) if v.current), versions[-1])
    earlier = [v for v in versions if v is not current]
    if not earlier:
        raise DomainError("no_earlier_version", f"只有一个版本（{current.label}），没有可以比较的早期版本。"
                                                "目录提交报送后，每次提交的版本都会保留。")
    base = next((v for v in reversed(earlier) if v.state == "approved"), earlier[-1])
    return base, current


# Comparing two versions -----------------------------------------------------------------------------

@dataclass(slots=True)
class Comparison:
    """Two versions of one unit's catalog of an area and what changed between them."""

    unit_code: str
    unit_name: str
    area_code: str
    area_name: str
    old: VersionInfo
    new: VersionInfo
    diff: Any  # revisions.CatalogDiff
    notes: dict[str, str] = field(default_factory=dict)  # item id → how it changed (template upgrade, import…)

    @property
    def title(self) -> str:
        return f"{self.unit_name}{self.area_name}政务公开事项标准目录修订对照表"

    @property
    def subtitle(self) -> str:
        return f"（{self.old.label} → {self.new.label}；{self.diff.summary().rstrip('。')}）"


def compare(s: Any, side: str, unit_code: str, area_code: str, first: str | None = None,
            second: str | None = None) -> Comparison:
    """Compare two versions (``first`` and ``second`` as a person writes them; ``second`` defaults to the
    current catalog; neither: the baseline with the current catalog)."""
    from .models import Area, Unit
    from .revisions import diff_catalogs

    found = list_versions(s, side, unit_code, area_code)
    if first is None:
        old, new = default_pair(found)
    else:
        old = resolve(found, first)
        new = resolve(found, second) if second is not None else next(
            (v for v in reversed(found) if v.current), found[-1])
    unit, area = s.get(Unit, unit_code), s.get(Area, area_code)
    diff = diff_catalogs(version_items(s, old.ref), version_items(s, new.ref))
    notes = _origins(s, unit_code, area_code, old, new, diff) if side == SIDE_UNIT else {}
    return Comparison(unit_code, unit.name if unit else unit_code, area_code, area.name if area else area_code,
                      old, new, diff, notes)


def _origins(s: Any, unit_code: str, area_code: str, old: VersionInfo, new: VersionInfo, diff: Any) -> dict[str, str]:
    """For each changed item, the operations that changed it between the two versions (from the change
    log), where they say more than the field names do: a template upgrade, an import, a restore."""
    from .models import ChangeLog

    ids = [c.item_id for c in diff.changes]
    low, high = sorted((old.number, new.number))
    cat = s.scalar(select(Catalog.id).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code))
    if not ids or cat is None:
        return {}
    plain = {f"修改{label}" for label in vocab.FIELD_LABELS.values()} | {"修改事项", "新增事项", "删除事项", "移动事项"}
    out: dict[str, list[str]] = {}
    for i in range(0, len(ids), 400):
        rows = s.execute(select(ChangeLog.item_id, ChangeLog.origin).where(
            ChangeLog.catalog_id == cat, ChangeLog.item_id.in_(ids[i:i + 400]), ChangeLog.catalog_version > low,
            ChangeLog.catalog_version <= high, ChangeLog.origin.is_not(None)).order_by(ChangeLog.id))
        for item_id, origin in rows:
            if origin and origin not in plain and origin not in out.setdefault(item_id, []):
                out[item_id].append(origin)
    return {k: "经" + "、".join(v) for k, v in out.items() if v}
