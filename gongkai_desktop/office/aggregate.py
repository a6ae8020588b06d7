"""The county catalog of an area, aggregated from the approved catalogs of its units.

Departments' items are county-level rows with their unit; townships' items are merged: the same
template item (or the same own item name) across townships is one row listing the townships that
disclose it, with differences in content or time limit flagged for the reviewer. Counts and the
negative list are computed in the same pass; `county_summary` streams rows so it scales to a
province's two million items without holding them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Text, cast, select

from .. import vocab
from ..errors import DomainError
from ..itemrows import decode_list, read_items
from ..models import Area, Unit
from ..models.review import Submission, SubmissionItem
from ..records import ItemRecord
from ..workspace import Workspace
from .aggregate_rows import MERGED, MERGED_SCOPES, UPPER_KINDS, AggregateRow, Counts, NegativeEntry

Progress = Callable[[float, str], None]
@dataclass(slots=True)
class AreaAggregate:
    area_code: str
    area_name: str
    rows: list[AggregateRow]
    counts: Counts
    negative: list[NegativeEntry]
    units: list[str]
    missing_units: list[str]
    publication: str = ""  # the round whose opening published the baseline compared with ("" : none yet)
    removed_since: list[tuple[str, ItemRecord]] = field(default_factory=list)  # (unit, item) gone since then
    by_unit: dict[str, Counts] = field(default_factory=dict)  # unit (county) name → its counts in this area


def approved_submissions(s, area_code: str | None = None) -> list[tuple[int, str, str, str, str]]:  # noqa: ANN001
    """(submission id, unit code, unit name, unit kind, area code) of the newest approved version per unit × area."""
    q = (select(Submission.id, Submission.unit_code, Unit.name, Unit.kind, Submission.area_code)
         .join(Unit, Unit.code == Submission.unit_code).where(Submission.status == "approved")
         .order_by(Submission.unit_code, Submission.area_code, Submission.id))
    if area_code:
        q = q.where(Submission.area_code == area_code)
    latest: dict[tuple[str, str], tuple] = {}
    for row in s.execute(q):
        latest[(row[1], row[4])] = tuple(row)
    return sorted(latest.values(), key=lambda r: (r[4], r[3], r[1]))


def _items_by_submission(s, ids: list[int]) -> dict[int, list[ItemRecord]]:  # noqa: ANN001
    """The items of many submissions with one query per few hundred submissions."""
    table = SubmissionItem.__table__
    out: dict[int, list[ItemRecord]] = {i: [] for i in ids}
    for n in range(0, len(ids), 500):
        for item in read_items(s, table, "submission_id", table.c.submission_id.in_(ids[n:n + 500])):
            out[item.catalog_id].append(item)
    return out


def group_key(item: ItemRecord) -> str:
    return item.template_code or f"{item.level1.strip()}\u0000{item.level2.strip()}"


def aggregate_area(ws: Workspace, area_code: str, with_sources: bool = False) -> AreaAggregate:
    """One area's aggregate. ``with_sources`` fills every merged row's (unit code, item id) list above
    the county too (forwarding needs it; a county's rows always have it, at no cost)."""
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        area = s.get(Area, area_code)
        if area is None:
            raise DomainError("area_not_found", f"没有编号为 {area_code} 的试点领域。")
        subs = approved_submissions(s, area_code)
        from ..models import UnitArea

        responsible = s.execute(select(Unit.code, Unit.name).join(UnitArea, UnitArea.unit_code == Unit.code)
                                .where(UnitArea.area_code == area_code).order_by(Unit.kind, Unit.code)).all()
        rows: list[AggregateRow] = []
        towns: dict[tuple[str, str], AggregateRow] = {}
        variants: dict[tuple[str, str], set[tuple[str, str]]] = {}
        if subs and all(r[3] in UPPER_KINDS for r in subs):  # a prefecture's counties: merged by the database
            from .aggregate_upper import merge_upper

            upper = merge_upper(s, area.name, subs, with_sources)
            return AreaAggregate(area_code, area.name, upper[0], upper[1], upper[3], [r[2] for r in subs],
                                 [name for code, name in responsible if code not in {r[1] for r in subs}],
                                 by_unit=upper[2])
        counts = Counts()
        by_unit: dict[str, Counts] = {}
        negative: list[NegativeEntry] = []
        items = _items_by_submission(s, [r[0] for r in subs])
        since = _since_publication(s, area_code, subs, items)
        for sid, code, unit_name, kind, _area in subs:
            included = [i for i in items[sid] if not i.not_applicable]
            counts.add_items(included)
            by_unit.setdefault(unit_name, Counts()).add_items(included)
            changed = since.changed.get(sid, {})
            merged = MERGED.get(kind)
            for item in included:
                if item.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED:
                    negative.append(NegativeEntry(area.name, unit_name, item))
                if merged is None:
                    rows.append(AggregateRow(item, [unit_name], "county", change=changed.get(item.id, ""),
                                             sources=[(code, item.id)]))
                    continue
                key = (kind, group_key(item))
                row = towns.get(key)
                if row is None:
                    towns[key] = row = AggregateRow(item, [], merged.scope)
                    rows.append(row)
                if unit_name not in row.units:  # a county with two departments' rows of one item is named once
                    row.units.append(unit_name)
                row.sources.append((code, item.id))
                row.change = row.change or changed.get(item.id, "")
                variants.setdefault(key, set()).add((item.content.strip(), item.time_limit.strip()))
        for key, row in towns.items():
            written = variants[key]
            who = MERGED_SCOPES[row.scope].who
            if len({c for c, _ in written}) > 1:
                row.flags.append(f"{who}公开内容不一致（{len({c for c, _ in written})} 种写法）")
            if len({t for _, t in written}) > 1:
                row.flags.append(f"{who}公开时限不一致（{len({t for _, t in written})} 种写法）")
        submitted_units = {r[1] for r in subs}
        missing = [name for code, name in responsible if code not in submitted_units]
        return AreaAggregate(area_code, area.name, rows, counts, negative, [r[2] for r in subs], missing,
                             since.round, since.removed, by_unit)


@dataclass(slots=True)
class _Since:
    round: str = ""
    changed: dict[int, dict[str, str]] = field(default_factory=dict)  # submission → item id → 新增 / 修改
    removed: list[tuple[str, ItemRecord]] = field(default_factory=list)


def _since_publication(s, area_code: str, subs: list[tuple], items: dict[int, list[ItemRecord]]) -> _Since:  # noqa: ANN001
    """What each unit's approved catalog changed since the version published last (once a round was opened)."""
    from .. import versions
    from ..revisions import diff_catalogs

    baselines = versions.published_baselines(s, area_code)
    out = _Since(round=max(baselines.values(), key=lambda b: b[0])[1] if baselines else "")
    if not baselines:
        return out
    for sid, code, unit_name, _kind, _area in subs:
        base = baselines.get((code, area_code))
        if base is None:  # a unit that had nothing published: all of it is new
            out.changed[sid] = {i.id: "新增" for i in items[sid]}
        elif base[0] != sid:
            old = _items_by_submission(s, [base[0]])[base[0]]
            diff = diff_catalogs(old, items[sid])
            out.changed[sid] = {c.item_id: "新增" if c.kind == "added" else "修改"
                                for c in diff.changes if c.kind in ("added", "changed")}
            out.removed.extend((unit_name, c.item) for c in diff.changes if c.kind == "removed")
    return out


@dataclass(slots=True)
class CountySummary:
    per_area: dict[str, Counts]
    total: Counts
    negative_count: int
    township_groups: int
    flagged_groups: int


def aggregate_county(ws: Workspace, progress: Progress | None = None) -> tuple[list[AreaAggregate], CountySummary]:
    """Every area's county catalog and the county's counts, from one read of the approved items."""
    progress = progress or (lambda f, m: None)
    areas: list[AreaAggregate] = []
    total = Counts()
    codes = list(ws_area_codes(ws))
    for n, code in enumerate(codes):
        progress(n / len(codes), f"汇总第 {n + 1} 个领域")
        agg = aggregate_area(ws, code)
        areas.append(agg)
        total.merge(agg.counts)
    towns = [r for a in areas for r in a.rows if r.scope in MERGED_SCOPES]
    summary = CountySummary({a.area_code: a.counts for a in areas if a.counts.items}, total,
                            sum(len(a.negative) for a in areas), len(towns), sum(1 for r in towns if r.flags))
    progress(1.0, "")
    return areas, summary


def ws_area_codes(ws: Workspace) -> list[str]:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return list(s.scalars(select(Area.code).order_by(Area.code)))


def county_summary(ws: Workspace, progress: Progress | None = None, batch: int = 20000) -> CountySummary:
    """Counts per area and in total, streamed from the database (constant memory per row)."""
    progress = progress or (lambda f, m: None)
    per_area: dict[str, Counts] = {}
    total = Counts()
    negative = 0
    groups: dict[tuple[str, str, str], set[int]] = {}
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        subs = approved_submissions(s)
        kinds = {sid: kind for sid, _c, _n, kind, _a in subs}
        areas = {sid: area for sid, _c, _n, _k, area in subs}
        ids = list(kinds)
        c = SubmissionItem.__table__.c
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            q = select(c.submission_id, c.template_code, c.level1, c.level2, c.content, c.time_limit,
                       c.attribute, c.mode, cast(c.levels, Text), c.applicability).where(c.submission_id.in_(chunk))
            for sid, tcode, l1, l2, content, tl, attr, mode, levels_text, appl in s.execute(q).yield_per(batch):
                if appl == "not_applicable":
                    continue
                levels = decode_list(levels_text)
                area = areas[sid]
                counts = per_area.get(area)
                if counts is None:
                    counts = per_area[area] = Counts()
                counts.add(attr, mode, levels)
                total.add(attr, mode, levels)
                negative += attr == vocab.ATTRIBUTE_NOT_DISCLOSED
                if kinds[sid] in MERGED:
                    key = (area, kinds[sid], tcode or f"{l1}\u0000{l2}")
                    groups.setdefault(key, set()).add(hash((content, tl)))
            progress(min(1.0, (n + 500) / max(1, len(ids))), "汇总中")
    flagged = sum(1 for v in groups.values() if len(v) > 1)
    return CountySummary(per_area, total, negative, len(groups), flagged)


def negative_list(ws: Workspace, area_code: str | None = None) -> list[NegativeEntry]:
    """Every 不予公开 item of the approved catalogs with its unit and legal ground (负面清单)."""
    out: list[NegativeEntry] = []
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        names = dict(s.execute(select(Area.code, Area.name)).all())
        c = SubmissionItem.__table__.c
        for sid, _code, unit_name, _kind, area in approved_submissions(s, area_code):
            items = read_items(s, SubmissionItem.__table__, "submission_id", c.submission_id == sid,
                               c.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED, c.applicability != "not_applicable")
            out.extend(NegativeEntry(names.get(area, area), unit_name, item) for item in items)
    return out
