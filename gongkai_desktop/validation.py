"""Validation of a catalog: every problem with its item, its field and a Chinese message.

Pure functions over `ItemRecord`s so the window, the CLI, packages and the review office all
judge a catalog the same way, and fast enough (no database) to run on every edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import vocab
from .records import ItemRecord, Problem

# The eight elements the action plan requires (名称、内容、依据、时限、主体、渠道、对象、方式).
REQUIRED_TEXT: tuple[tuple[str, str], ...] = (
    ("level2", "事项名称"),
    ("content", "公开内容"),
    ("basis", "公开依据"),
    ("time_limit", "公开时限"),
    ("publisher", "公开主体"),
)

# What a 不予公开 item (on the negative list) still needs besides its legal ground.
NOT_DISCLOSED_REQUIRED: tuple[tuple[str, str], ...] = (("level2", "事项名称"), ("content", "公开内容"),
                                                       ("publisher", "公开主体"))

# The fields the duplicate-name rule compares across the catalog: changing any other field of an
# item changes only that item's own problems (`revalidate_item`).
CROSS_ITEM_FIELDS: tuple[str, ...] = ("level1", "level2", "applicability")
DUPLICATE_NAME = "duplicate_name"

_NUM = r"[0-9０-９一二三四五六七八九十百两]+"
PERIOD_RE = re.compile(
    rf"{_NUM}\s*个?(工作日|日|天|个月|月|年|周|小时|季度)|实时|即时|当日|当天|随时|长期|常年|每年|每季度|每月|按年度|年度|季度"
)


def states_period(time_limit: str) -> bool:
    """A time limit must say when: a number with a unit, or 实时/长期-like wording."""
    return bool(PERIOD_RE.search(time_limit))


def item_label(item: ItemRecord) -> str:
    name = " / ".join(x for x in (item.level1, item.level2) if x)
    return name or "（未命名事项）"


def validate_item(item: ItemRecord, required_channels: Iterable[str] = ()) -> list[Problem]:
    """Problems of one item on its own (duplicates need the whole catalog)."""
    label = item_label(item)

    def p(field: str | None, code: str, msg: str) -> Problem:
        return Problem(item.id, field, code, msg, label)

    out: list[Problem] = []
    if item.not_applicable:
        if not item.applicability_reason.strip():
            out.append(p("applicability_reason", "na_without_reason", "标记为不适用，但未填写不适用理由"))
        return out
    if not item.level1.strip():
        out.append(p("level1", "missing_level1", "缺少一级事项名称"))
    if item.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED:
        # not published: no time limit, channel, audience, mode or level to ask for; the legal ground instead
        for field, name in NOT_DISCLOSED_REQUIRED:
            if not getattr(item, field).strip():
                out.append(p(field, f"missing_{field}", f"缺少{name}"))
        if not item.legal_ground.strip():
            out.append(p("legal_ground", "not_disclosed_without_ground", "不予公开的事项必须写明法律依据"))
        return out
    for field, name in REQUIRED_TEXT:
        if not getattr(item, field).strip():
            out.append(p(field, f"missing_{field}", f"缺少{name}"))
    if item.time_limit.strip() and not states_period(item.time_limit):
        out.append(p("time_limit", "time_limit_no_period", "公开时限未写明期限（如“20个工作日内”“实时”）"))
    if not item.channels:
        out.append(p("channels", "missing_channels", "未勾选任何公开渠道和载体"))
    elif vocab.CHANNEL_OTHER in item.channels and not item.channel_other.strip():
        out.append(p("channel_other", "other_channel_empty", "勾选了“其他”渠道，但未写明是什么渠道"))
    missing_req = [c for c in required_channels if c not in item.channels]
    if item.channels and missing_req:
        out.append(p("channels", "required_channel_missing", f"未勾选模板必选渠道：{'、'.join(missing_req)}"))
    if not item.audience:
        out.append(p("audience", "missing_audience", "未选择公开对象（全社会或特定群体）"))
    if not item.mode:
        out.append(p("mode", "missing_mode", "未选择公开方式（主动或依申请）"))
    if not item.levels:
        out.append(p("levels", "missing_levels", "未选择公开层级"))
    if item.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED and not item.legal_ground.strip():
        out.append(p("legal_ground", "not_disclosed_without_ground", "不予公开的事项必须写明法律依据"))
    return out


def validate_items(
    items: list[ItemRecord], required_channels: Mapping[str, list[str]] | None = None, *, names_unique: bool = True
) -> list[Problem]:
    """Every problem of a catalog, in item order; ``required_channels`` maps template codes to ■ channels.

    ``names_unique=False`` for a catalog that gathers several submitters' items (a county's, reviewed by
    its prefecture): two departments each disclosing 部门预算 is no duplicate there, and each unit's own
    duplicates were its county's to judge.
    """
    required_channels = required_channels or {}
    out: list[Problem] = []
    seen: dict[tuple[str, str], ItemRecord] = {}
    for item in items:
        out.extend(validate_item(item, required_channels.get(item.template_code or "", ())))
        if not names_unique or item.not_applicable or not item.level2.strip():
            continue
        key = (item.level1.strip(), item.level2.strip())
        first = seen.setdefault(key, item)
        if first is not item:
            out.append(
                Problem(item.id, "level2", DUPLICATE_NAME, f"与另一事项重名（一级事项“{key[0]}”下的“{key[1]}”）", item_label(item))
            )
    return out


def affects_other_items(old: ItemRecord, new: ItemRecord) -> bool:
    """Whether an edit from ``old`` to ``new`` can change the problems of other items of the catalog."""
    return any(getattr(old, f) != getattr(new, f) for f in CROSS_ITEM_FIELDS)


def revalidate_item(before: list[Problem], item: ItemRecord, required_channels: Iterable[str] = ()) -> list[Problem]:
    """The problems of an item after an edit that did not `affects_other_items`, as `validate_items`
    would list them for it: its own rules again; its duplicate-name problem (``before``, decided only
    by fields that did not change) kept."""
    return validate_item(item, required_channels) + [p for p in before if p.code == DUPLICATE_NAME]


def complete_count(items: list[ItemRecord], problems: list[Problem]) -> int:
    bad = {p.item_id for p in problems}
    return sum(1 for i in items if i.id not in bad)
