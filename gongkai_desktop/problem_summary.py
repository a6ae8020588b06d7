"""Problems told in a few lines: how many of each kind, and the items with the most.

The same validation problems (`validation.validate_items`) are summarised for three readers: the
unit's 一周一进度 (its 存在的问题 section), the review office's refusal to approve a submission
with problems, and the window's confirmation before 通过. One summary, so the three never
disagree with each other or with the table beside them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Problem
from .validation import DUPLICATE_NAME

# Codes whose message names a particular value; their kind is the fixed part.
_KIND_OF_CODE = {DUPLICATE_NAME: "事项重名", "required_channel_missing": "未勾选模板必选渠道"}


@dataclass(frozen=True, slots=True)
class ProblemKind:
    label: str  # e.g. 缺少公开时限
    count: int


@dataclass(frozen=True, slots=True)
class WorstItem:
    label: str  # 一级事项 / 二级事项
    count: int
    kinds: tuple[str, ...]


def kind_of(problem: Problem) -> str:
    """The kind a person reads: the message without its particulars (缺少公开内容, 未选择公开层级…)."""
    if problem.code in _KIND_OF_CODE:
        return _KIND_OF_CODE[problem.code]
    return problem.message.split("（")[0].split("：")[0]


def by_kind(problems: Sequence[Problem]) -> list[ProblemKind]:
    """Counts per kind, the most frequent first (ties in the order they first appear)."""
    counts = Counter(kind_of(p) for p in problems)
    order = {k: n for n, k in enumerate(dict.fromkeys(kind_of(p) for p in problems))}
    return [ProblemKind(k, c) for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], order[kc[0]]))]


def worst_items(problems: Sequence[Problem], limit: int = 5) -> list[WorstItem]:
    """The items with the most problems (catalog order among equals)."""
    grouped: dict[str, list[Problem]] = {}
    for p in problems:
        grouped.setdefault(p.item_id or "", []).append(p)
    ranked = sorted(grouped.values(), key=lambda ps: -len(ps))[:limit]
    return [WorstItem(ps[0].item_label or "（整个目录）", len(ps), tuple(dict.fromkeys(kind_of(p) for p in ps)))
            for ps in ranked]


def kinds_text(problems: Sequence[Problem]) -> str:
    """缺少公开层级 12 个，缺少公开内容 5 个…"""
    return "，".join(f"{k.label} {k.count} 个" for k in by_kind(problems))


def worst_text(problems: Sequence[Problem], limit: int = 5) -> str:
    """“A / B”（3 个：缺少公开内容、缺少公开时限…）、…"""
    worst = worst_items(problems, limit)
    text = "；".join(f"“{w.label}”（{w.count} 个：{'、'.join(w.kinds)}）" for w in worst)
    items = len({p.item_id for p in problems})
    return text + (f"；等共 {items} 个事项" if items > len(worst) else "")


def summary_text(problems: Sequence[Problem], limit: int = 5) -> str:
    """One paragraph: the total, the counts by kind, the worst items."""
    if not problems:
        return "无。"
    return f"共 {len(problems)} 个待完善问题：{kinds_text(problems)}。问题较多的事项：{worst_text(problems, limit)}。"
