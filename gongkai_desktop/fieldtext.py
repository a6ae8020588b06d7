"""Element names and values as people type them: “公开层级=县级,乡级”, “公开方式=依申请公开”.

The command line and the office's review commands take the Chinese names printed in every table
(公开时限, 公开层级 …) and values in the spellings counties use; this turns them into the stored
field names and values (which `itemrules.normalise` then checks). Also the 序号 lists people write:
“1-20,25”.
"""

from __future__ import annotations

import re
from typing import Any

from . import vocab
from .errors import DomainError

# Names people use for an element besides its label in vocab.FIELD_LABELS.
FIELD_SYNONYMS: dict[str, str] = {
    "事项名称": "level2", "名称": "level2", "内容": "content", "公开内容（要素）": "content", "依据": "basis",
    "时限": "time_limit", "主体": "publisher", "公开渠道": "channels", "渠道": "channels", "载体": "channels",
    "对象": "audience", "方式": "mode", "层级": "levels", "属性": "attribute", "法律依据": "legal_ground",
    "不公开依据": "legal_ground", "不适用原因": "applicability_reason", "理由": "applicability_reason",
    "其他": "channel_other", "五公开分类": "five_disclosures",
}
_BY_LABEL = {label: field for field, label in vocab.FIELD_LABELS.items()}
_SPLIT = re.compile(r"[,，、;；\s]+")
_CHOICE_WORDS: dict[str, dict[str, str]] = {
    "applicability": {label: key for key, label in vocab.APPLICABILITY.items()},
    "source": {label: key for key, label in vocab.SOURCES.items()},
}
_SET_ALIASES: dict[str, dict[str, str]] = {
    "channels": vocab.CHANNEL_ALIASES, "audience": vocab.AUDIENCE_ALIASES, "levels": vocab.LEVEL_ALIASES,
}


def field_named(name: str) -> str:
    """The stored field for a Chinese element name (or the English field name itself)."""
    key = name.strip()
    if key in vocab.FIELD_LABELS:
        return key
    field = _BY_LABEL.get(key) or FIELD_SYNONYMS.get(key)
    if field is None:
        known = "、".join(vocab.FIELD_LABELS.values())
        raise DomainError("unknown_field", f"没有名为“{name}”的要素。可用的要素：{known}。")
    return field


def parse_value(field: str, text: str) -> Any:
    """A typed value for ``field`` from what a person wrote (lists split on 、 , ；, spellings mapped)."""
    text = text.strip()
    if field in ("channels", "audience", "levels", "five_disclosures"):
        aliases = _SET_ALIASES.get(field, {})
        return [aliases.get(v, v) for v in _SPLIT.split(text) if v]
    if field == "mode":
        return vocab.MODE_ALIASES.get(text, text)
    if field in _CHOICE_WORDS:
        return _CHOICE_WORDS[field].get(text, text)
    return text


def parse_assignments(pairs: list[str]) -> dict[str, Any]:
    """``["公开层级=县级,乡级", "公开时限=实时"]`` → ``{"levels": [...], "time_limit": "实时"}``."""
    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise DomainError("bad_assignment", f"“{pair}”应写成 要素=值，例如 公开时限=信息形成之日起20个工作日内。")
        name, value = pair.split("=", 1)
        field = field_named(name)
        out[field] = parse_value(field, value)
    return out


def parse_numbers(text: str, count: int) -> list[int]:
    """“1-20,25” → [1, …, 20, 25] (1-based 序号), each between 1 and ``count``."""
    out: list[int] = []
    for part in (p for p in _SPLIT.split(text.strip()) if p):
        m = re.fullmatch(r"(\d+)(?:[-－~～至](\d+))?", part)
        if m is None:
            raise DomainError("bad_numbers", f"“{part}”不是序号或序号范围（例如 1-20,25）。")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo > hi:
            lo, hi = hi, lo
        if lo < 1 or hi > count:
            raise DomainError("bad_numbers", f"序号 {part} 超出范围：该目录共 {count} 个事项（序号 1–{count}）。")
        out.extend(range(lo, hi + 1))
    if not out:
        raise DomainError("bad_numbers", "请写明序号，例如 3 或 1-20,25。")
    return list(dict.fromkeys(out))
