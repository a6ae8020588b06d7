"""Above the county every submitter's items are merged (a prefecture's counties, a province's
prefectures): the merge `aggregate.aggregate_area` does for townships, counted by the database.

Ten counties bring 600,000 items; reading each into Python would cost most of the time. The rows
are grouped by the same key (`aggregate.group_key`: the template code, else 一级 + 二级事项), the
distinct contents and time limits counted (whitespace trimmed, as the county's merge strips it),
the counts taken by attribute, mode and level, all in SQL; only the one record each row shows and
the negative list's records are read whole.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Text, and_, case, cast, distinct, func, literal, select

from .. import vocab
from ..itemrows import decode_list, read_items
from ..models.review import SubmissionItem
from ..records import ItemRecord
from .aggregate_rows import MERGED, AggregateRow, Counts, NegativeEntry

# what str.strip removes from Chinese text in practice: spaces, tabs, line breaks, the full-width space
_WHITESPACE = " \t\n\r\f\v\u3000\u00a0"


def merge_upper(s: Any, area_name: str, subs: list[tuple], with_sources: bool = False,
                ) -> tuple[list[AggregateRow], Counts, dict[str, Counts], list[NegativeEntry]]:
    """``subs``: (submission id, unit code, unit name, unit kind, area) in the aggregate's order.

    ``with_sources``: each row's (unit code, the unit's item id) too, which only forwarding to the
    level above needs; without it each group brings only its submitters' ids, not all its members'
    (about a third of the time over ten counties).
    """
    c = SubmissionItem.__table__.c
    ids = [r[0] for r in subs]
    rank = {sid: n for n, sid in enumerate(ids)}
    included = and_(c.submission_id.in_(ids), c.applicability != "not_applicable")
    counts, by_unit = _counts(s, c, included, subs)
    order = cast(case(rank, value=c.submission_id), BigInteger) * literal(10**9, BigInteger) + c.position
    key = func.coalesce(c.template_code, func.trim(c.level1) + "\u001f" + func.trim(c.level2))
    q = (select(key, func.min(order), func.count(distinct(func.trim(c.content, _WHITESPACE))),
                func.count(distinct(func.trim(c.time_limit, _WHITESPACE))),
                _joined(s, cast(c.submission_id, Text).concat(":").concat(cast(c.position, Text)).concat(":").concat(c.id))
                if with_sources else _joined(s, cast(c.submission_id, Text), distinct_values=True))
         .where(included).group_by(key))
    groups = sorted(s.execute(q).all(), key=lambda g: g[1])
    first = [divmod(g[1], 10**9) for g in groups]
    records = _records(s, c, [(ids[r], pos) for r, pos in first])
    rows = []
    for (_k, _o, contents, limits, members), (r, pos) in zip(groups, first):
        row = AggregateRow(records[(ids[r], pos)], [], MERGED[subs[r][3]].scope)
        who = MERGED[subs[r][3]].who
        if with_sources:
            for sid, _pos, item_id in sorted((int(a), int(b), i) for a, b, i in (m.split(":", 2) for m in members.split(","))):
                row.sources.append((subs[rank[sid]][1], item_id))
                if subs[rank[sid]][2] not in row.units:
                    row.units.append(subs[rank[sid]][2])
        else:
            row.units.extend(dict.fromkeys(subs[n][2] for n in sorted(rank[int(sid)] for sid in members.split(","))))
        if contents > 1:
            row.flags.append(f"{who}公开内容不一致（{contents} 种写法）")
        if limits > 1:
            row.flags.append(f"{who}公开时限不一致（{limits} 种写法）")
        rows.append(row)
    names = {r[0]: r[2] for r in subs}
    negative = [NegativeEntry(area_name, names[it.catalog_id], it) for it in
                read_items(s, SubmissionItem.__table__, "submission_id", included, c.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED)]
    negative.sort(key=lambda e: rank[e.item.catalog_id])
    return rows, counts, by_unit, negative


def _joined(s: Any, value: Any, distinct_values: bool = False) -> Any:
    """The group's values joined by commas: SQLite's group_concat, PostgreSQL's string_agg."""
    if distinct_values:
        value = distinct(value)
    if s.get_bind().dialect.name == "postgresql":
        return func.string_agg(value, ",")
    return func.group_concat(value) if distinct_values else func.group_concat(value, ",")  # SQLite: DISTINCT takes no separator


def _counts(s: Any, c: Any, included: Any, subs: list[tuple]) -> tuple[Counts, dict[str, Counts]]:
    names = {r[0]: r[2] for r in subs}
    total, by_unit = Counts(), {r[2]: Counts() for r in subs}
    q = (select(c.submission_id, c.attribute, c.mode, cast(c.levels, Text), func.count())
         .where(included).group_by(c.submission_id, c.attribute, c.mode, cast(c.levels, Text)))
    for sid, attribute, mode, levels, n in s.execute(q):
        lv = decode_list(levels)
        total.add_many(attribute, mode, lv, n)
        by_unit[names[sid]].add_many(attribute, mode, lv, n)
    return total, by_unit


def _records(s: Any, c: Any, wanted: list[tuple[int, int]]) -> dict[tuple[int, int], ItemRecord]:
    """The whole records of the rows shown, by (submission, position)."""
    by_sub: dict[int, list[int]] = {}
    for sid, pos in wanted:
        by_sub.setdefault(sid, []).append(pos)
    out: dict[tuple[int, int], ItemRecord] = {}
    for sid, positions in by_sub.items():
        # one pass over the submission (an index on its id, none on position): never a scan per chunk
        where = [c.position.in_(positions)] if len(positions) <= 500 else []
        keep = set(positions)
        for rec in read_items(s, SubmissionItem.__table__, "submission_id", c.submission_id == sid, *where):
            if rec.position in keep:
                out[(sid, rec.position)] = rec
    return out
