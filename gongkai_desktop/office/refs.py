"""What reviewers type to name things: the 序号 `review show` prints, Chinese element names, short
comment numbers — each still accepting the full id (a UUID) or a unique beginning of one.

Comments are numbered per submission in the order they were written (#1, #2 …), as `review show`
lists them; a unit's received comments are numbered across the workspace in the order they arrived
(`result comments`), which only grows.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import DomainError
from ..fieldtext import field_named
from ..records import ItemRecord
from ..vocab import FIELD_LABELS
from ..workspace import Workspace
from . import decisions, submissions

MIN_PREFIX = 6


def _by_id(ids: Sequence[str], text: str, what: str) -> str | None:
    """A full id, or a unique beginning of at least `MIN_PREFIX` characters."""
    if text in ids:
        return text
    if len(text) < MIN_PREFIX:
        return None
    found = [i for i in ids if i.lower().startswith(text.lower())]
    if len(found) > 1:
        raise DomainError("ambiguous_ref", f"“{text}”对应多个{what}，请多写几位或改用序号。")
    return found[0] if found else None


def item_ref(ws: Workspace, submission_id: int, text: str) -> str:
    """The item id for a 序号 (1 = the first item `review show` lists) or an item id."""
    items: list[ItemRecord] = submissions.submission_items(ws, submission_id)
    text = text.strip()
    if text.isdigit():
        n = int(text)
        if 1 <= n <= len(items):
            return items[n - 1].id
        raise DomainError("item_not_found", f"序号 {n} 超出范围：该报送共 {len(items)} 个事项（序号 1–{len(items)}，"
                                            f"见 `gongkai review show {submission_id}`）。")
    found = _by_id([i.id for i in items], text, "事项")
    if found is None:
        raise DomainError("item_not_found", f"该报送中没有事项“{text[:40]}”。请用 `gongkai review show {submission_id}` "
                                            "列出的序号（如 --item 4）。")
    return found


def field_ref(text: str) -> str:
    """公开时限 / 时限 / time_limit → time_limit (the names `catalog edit` takes)."""
    field = field_named(text)
    if field not in FIELD_LABELS:
        raise DomainError("unknown_field", f"没有名为“{text}”的要素。")
    return field


def comment_numbers(ws: Workspace, submission_id: int) -> dict[str, int]:
    """Comment id → its short number in the submission (#1 is the first written)."""
    return {c.id: n for n, c in enumerate(decisions.comments(ws, submission_id), 1)}


def numbered_ref(numbers: dict[str, int], text: str, where: str, listed_by: str) -> str:
    """The comment id for a short number (#3 or 3), a comment id or a unique beginning of one, among
    ``numbers`` (id → number); ``where`` and ``listed_by`` say, in the refusal, whose comments and how
    to list them."""
    text = text.strip().lstrip("#＃")
    if text.isdigit():
        by_number = {n: cid for cid, n in numbers.items()}
        if int(text) in by_number:
            return by_number[int(text)]
        raise DomainError("comment_not_found", f"{where}没有第 {text} 条审核意见（共 {len(numbers)} 条，见 `{listed_by}`）。")
    found = _by_id(list(numbers), text, "审核意见")
    if found is None:
        raise DomainError("comment_not_found", f"{where}没有审核意见“{text[:40]}”（见 `{listed_by}`）。")
    return found


def comment_ref(ws: Workspace, submission_id: int, text: str) -> str:
    """The comment id for a short number (#3 or 3) or a comment id."""
    return numbered_ref(comment_numbers(ws, submission_id), text, "该报送", f"gongkai review show {submission_id}")
