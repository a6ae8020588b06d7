"""The county catalog of an area, aggregated from the approved catalogs of its units.

Departments' items are county-level rows with their unit; townships' items are merged: the same
template item (or the same own item name) across townships is one row listing the townships that
disclose it, with differences in content or time limit flagged for the reviewer. Counts and the
negative list are computed in the same pass; `county_summary` streams rows so it scales to a
province's two million items without holding them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from .. import vocab
from ..errors import DomainError
from ..models import Area, Unit
from ..models.review import Submission, SubmissionItem
from ..records import ITEM_DATA_FIELDS, ItemRecord
from ..workspace import Workspace

Progress = Callable[[float, str], None]


@dataclass(slots=True)
class AggregateRow:
    item: ItemRecord
    units: list[str]
    scope: str  # county / township
    flags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NegativeEntry:
    area_name: str
    unit_name: str
    item: ItemRecord


@dataclass(slots=True)
class Counts:
    items: int = 0
    by_attribute: Counter = field(default_factory=Counter)
    by_mode: Counter = field(default_factory=Counter)
    by_level: Counter = field(default_factory=Counter)

    def add(self, attribute: str, mode: str, levels: list[str]) -> None:
        self.items += 1
        self.by_attribute[attribute] += 1
        self.by_mode[mode or "（未填）"] += 1
        for lv in levels or ["（未填）"]:
            self.by_level[lv] += 1


@dataclass(slots=True)
class AreaAggregate:
    area_code: str
    area_name: str
    rows: list[AggregateRow]
    counts: Counts
    negative: list[NegativeEntry]
    units: list[str]
    missing_units: list[str]


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


def _rows(s, submission_id: int) -> Iterator[ItemRecord]:  # noqa: ANN001
    cols = [SubmissionItem.__table__.c[n] for n in ITEM_DATA_FIELDS]
    for r in s.execute(select(*cols).where(SubmissionItem.submission_id == submission_id).order_by(SubmissionItem.position)):
        yield ItemRecord(catalog_id=submission_id, **r._mapping)


def group_key(item: ItemRecord) -> str:
    return item.template_code or f"{item.level1.strip()}\u0000{item.level2.strip()}"


def aggregate_area(ws: Workspace, area_code: str) -> AreaAggregate:
    with ws.session() as s:
        area = s.get(Area, area_code)
        if area is None:
            raise DomainError("area_not_found", f"没有编号为 {area_code} 的试点领域。")
        subs = approved_submissions(s, area_code)
        from ..models import UnitArea

        responsible = s.execute(select(Unit.code, Unit.name).join(UnitArea, UnitArea.unit_code == Unit.code)
                                .where(UnitArea.area_code == area_code).order_by(Unit.kind, Unit.code)).all()
        rows: list[AggregateRow] = []
        towns: dict[str, AggregateRow] = {}
        variants: dict[str, set[tuple[str, str]]] = {}
        counts = Counts()
        negative: list[NegativeEntry] = []
        for sid, _code, unit_name, kind, _area in subs:
            for item in _rows(s, sid):
                if item.not_applicable:
                    continue
                counts.add(item.attribute, item.mode, item.levels)
                if item.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED:
                    negative.append(NegativeEntry(area.name, unit_name, item))
                if kind != "township":
                    rows.append(AggregateRow(item, [unit_name], "county"))
                    continue
                key = group_key(item)
                row = towns.get(key)
                if row is None:
                    towns[key] = row = AggregateRow(item, [], "township")
                    rows.append(row)
                row.units.append(unit_name)
                variants.setdefault(key, set()).add((item.content.strip(), item.time_limit.strip()))
        for key, row in towns.items():
            vs = variants[key]
            if len({c for c, _ in vs}) > 1:
                row.flags.append(f"各乡镇公开内容不一致（{len({c for c, _ in vs})} 种写法）")
            if len({t for _, t in vs}) > 1:
                row.flags.append(f"各乡镇公开时限不一致（{len({t for _, t in vs})} 种写法）")
        included = {r[1] for r in subs}
        missing = [name for code, name in responsible if code not in included]
        return AreaAggregate(area_code, area.name, rows, counts, negative, [r[2] for r in subs], missing)


@dataclass(slots=True)
class CountySummary:
    per_area: dict[str, Counts]
    total: Counts
    negative_count: int
    township_groups: int
    flagged_groups: int


def county_summary(ws: Workspace, progress: Progress | None = None, batch: int = 20000) -> CountySummary:
    """Counts per area and in total, streamed from the database (constant memory per row)."""
    progress = progress or (lambda f, m: None)
    per_area: dict[str, Counts] = {}
    total = Counts()
    negative = 0
    groups: dict[tuple[str, str], set[int]] = {}
    with ws.session() as s:
        subs = approved_submissions(s)
        kinds = {sid: kind for sid, _c, _n, kind, _a in subs}
        areas = {sid: area for sid, _c, _n, _k, area in subs}
        ids = list(kinds)
        c = SubmissionItem.__table__.c
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            q = select(c.submission_id, c.template_code, c.level1, c.level2, c.content, c.time_limit,
                       c.attribute, c.mode, c.levels, c.applicability).where(c.submission_id.in_(chunk))
            for sid, tcode, l1, l2, content, tl, attr, mode, levels, appl in s.execute(q).yield_per(batch):
                if appl == "not_applicable":
                    continue
                area = areas[sid]
                counts = per_area.get(area)
                if counts is None:
                    counts = per_area[area] = Counts()
                counts.add(attr, mode, levels)
                total.add(attr, mode, levels)
                negative += attr == vocab.ATTRIBUTE_NOT_DISCLOSED
                if kinds[sid] == "township":
                    key = (area, tcode or f"{l1}\u0000{l2}")
                    groups.setdefault(key, set()).add(hash((content, tl)))
            progress(min(1.0, (n + 500) / max(1, len(ids))), "汇总中")
    flagged = sum(1 for v in groups.values() if len(v) > 1)
    return CountySummary(per_area, total, negative, len(groups), flagged)


def negative_list(ws: Workspace, area_code: str | None = None) -> list[NegativeEntry]:
    """Every 不予公开 item of the approved catalogs with its unit and legal ground (负面清单)."""
    out: list[NegativeEntry] = []
    with ws.session() as s:
        names = dict(s.execute(select(Area.code, Area.name)).all())
        for sid, _code, unit_name, _kind, area in approved_submissions(s, area_code):
            c = SubmissionItem.__table__.c
            cols = [c[n] for n in ITEM_DATA_FIELDS]
            q = select(*cols).where(c.submission_id == sid, c.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED,
                                    c.applicability != "not_applicable").order_by(c.position)
            out.extend(NegativeEntry(names.get(area, area), unit_name, ItemRecord(catalog_id=sid, **r._mapping))
                       for r in s.execute(q))
    return out
