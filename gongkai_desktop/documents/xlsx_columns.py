"""Understanding the header of a catalog table and the text of its cells (Excel, Word, old formats).

Units' tables are "the national layout, or close to it", and counties print it their own way:
headers on any row, in one or two rows, with line breaks and full-width brackets; 公开层级 as
县级/乡级, 市级/镇街乡/村, 江山市级/镇（街道）, 县（市、区）级/乡（镇）/村（居）; 序号, 备注,
咨询电话, 公开形式, 五公开, 公开属性 in any order; channels as one column of ■/□ marks or a tick
column per channel; ticks drawn as √ ✓ ✔ ● ■ ☑ or written 是/有. This module maps header texts to
fields (`classify`) and cell texts to values; `table_reader` walks a table with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import vocab

CHOSEN_MARKS = "■√✓✔●☑▇◼▪☒▉█◆★"
UNCHOSEN_MARKS = "□☐○◻▫◇☆"
YES_WORDS = {"是", "有", "Y", "y", "yes", "Yes", "YES", "v", "V", "1", "对", "需要", "适用"}
NO_WORDS = {"否", "无", "N", "n", "no", "No", "×", "✗", "✘", "0", "-", "—", "/", "不适用"}
_MARKED_TOKEN = re.compile(rf"([{CHOSEN_MARKS}{UNCHOSEN_MARKS}])\s*([^{CHOSEN_MARKS}{UNCHOSEN_MARKS}]*)")
LIST_SPLIT = re.compile(r"[、，,；;\s+＋/]+")
_NUMBERING = re.compile(r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+(\.[0-9]+)*[、.．]?)\s*")
_BRACKETED = re.compile(r"\([^)]*\)")

TEXT_HEADERS: dict[str, str] = {
    "一级事项": "level1", "二级事项": "level2", "事项名称": "level2", "公开事项名称": "level2",
    "一级事项名称": "level1", "二级事项名称": "level2", "三级事项": "level3",
    "公开内容": "content", "公开内容(要素)": "content", "公开内容要素": "content", "公开要素": "content",
    "公开依据": "basis", "公开时限": "time_limit", "公开主体": "publisher", "公开责任主体": "publisher",
    "责任主体": "publisher", "公开属性": "attribute", "不予公开依据": "legal_ground", "不公开依据": "legal_ground",
    "不予公开理由及依据": "legal_ground", "适用情况": "applicability", "不适用理由": "applicability_reason",
    "来源": "source", "事项来源": "source", "模板编号": "template_code", "五公开": "five_disclosures",
    "五公开类别": "five_disclosures", "五公开属性": "five_disclosures", "备注": "remarks",
}
CHANNEL_HEADERS = ("公开渠道和载体", "公开渠道及载体", "公开渠道", "公开载体", "公开渠道和方式", "公开平台")
INDEX_HEADERS = ("序号", "编号", "序")
# Columns kept as a note in 备注 (“咨询电话：0570-…”): harmless text the national table has no field for.
REMARK_HEADERS = ("公开形式", "咨询电话", "监督举报电话", "监督电话", "投诉举报电话", "投诉电话", "举报电话",
                  "联系电话", "咨询方式", "责任科室", "责任单位", "承办科室", "说明", "公开方式(形式)")
TICK_GROUPS: dict[str, str] = {"公开对象": "audience", "公开方式": "mode", "公开层级": "levels",
                               "五公开": "five_disclosures", "公开属性": "attribute"}
_TICK_VALUES: dict[str, dict[str, str]] = {
    "audience": {"全社会": "全社会", "特定群体": "特定群体", **vocab.AUDIENCE_ALIASES},
    "mode": {"主动": "主动", "依申请": "依申请", **vocab.MODE_ALIASES},
    "attribute": {a: a for a in vocab.ATTRIBUTES} | vocab.ATTRIBUTE_ALIASES,
}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """What one column holds: ``kind`` is text / channels / tick / choice / index / remark / ignored."""

    kind: str
    field: str = ""
    value: str = ""
    header: str = ""


def norm(text: str) -> str:
    """A header or value as compared: NFKC (half-width brackets, digits, colons), no spaces or line breaks."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


# Values --------------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def value_of(field: str, word: str) -> str | None:
    """A word of a cell or sub-header as the value of ``field`` (公开层级 by meaning, the rest by name)."""
    key = norm(word).strip("、，,;；:")
    if not key:
        return None
    if field == "levels":
        return level_of(key)
    if field == "five_disclosures":
        key = key.removesuffix("公开").removesuffix("类")
        return key if key in vocab.FIVE_DISCLOSURES else None
    return _TICK_TABLES[field].get(key)


_TICK_TABLES = {f: {norm(k): v for k, v in table.items()} for f, table in _TICK_VALUES.items()}
_LEVEL_ALIASES = {norm(k): v for k, v in vocab.LEVEL_ALIASES.items()}


def level_of(text: str) -> str | None:
    """公开层级 by meaning: 江山市级 / XX县级 / 县（市、区）级 / 区级 → 县级; 乡镇 / 乡（镇） / 镇（街道） /
    镇街乡 / 街道级 → 乡级; 村（社区） / 村（居） / 村级 → 乡级 (the national table's 乡、村级)."""
    key = norm(text)
    if not key or len(key) > 14:
        return None
    bare = _BRACKETED.sub("", key).removesuffix("级").removesuffix("层面")
    if not bare:
        return None
    if key in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[key]
    if key in vocab.LEVELS:
        return key
    if bare[-1] in "县市区" and not set(bare) & set("乡镇街村社") and len(bare) <= 8:
        return "县级"
    if set(bare) <= set("乡镇街道村社区居、园"):
        return "乡级"
    return None


@lru_cache(maxsize=8192)
def canonical_channel(name: str) -> str | None:
    """The national channel a spelling means (vocab.CHANNEL_ALIASES, then CHANNEL_SUFFIXES), or None."""
    key = norm(name).strip("、，,;；:等")
    if not key:
        return None
    exact = _channel_table()
    if key in exact:
        return exact[key]
    for ending, channel in _SUFFIXES:
        if key.endswith(ending) and len(key) <= 30:
            return channel
    return None


_CHANNELS: dict[str, str] | None = None
_SUFFIXES = sorted(((norm(k), v) for k, v in vocab.CHANNEL_SUFFIXES.items()), key=lambda kv: -len(kv[0]))


def _channel_table() -> dict[str, str]:
    global _CHANNELS
    if _CHANNELS is None:
        _CHANNELS = {norm(k): v for k, v in vocab.CHANNEL_ALIASES.items()} | {norm(c): c for c in vocab.CHANNELS}
    return _CHANNELS


# Headers -------------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def classify(top: str, sub: str) -> ColumnMap | None:
    """The meaning of a column from its group header ``top`` and its own header ``sub`` (None: unknown)."""
    top, sub = _header(top), _header(sub)
    label = sub or top
    group = top if sub and sub != top else ""
    header = f"{group}/{label}" if group else label
    if label in INDEX_HEADERS:
        return ColumnMap("index", header=header)
    if label in TEXT_HEADERS:
        return ColumnMap("text", TEXT_HEADERS[label], header=header)
    if label in ("公开事项", "事项"):
        return ColumnMap("text", "level2", header=header)
    if any(label.startswith(h) for h in CHANNEL_HEADERS):
        return ColumnMap("channels", "channels", header=header)
    if any(group.startswith(h) for h in CHANNEL_HEADERS):
        ch = canonical_channel(label)
        if ch:
            return ColumnMap("tick", "channels", ch, header)
        return ColumnMap("tick", "channels", vocab.CHANNEL_OTHER, header) if label else None
    for word, field in TICK_GROUPS.items():
        if label == word:
            return ColumnMap("choice", field, header=header)
        if group == word or (not group and field in ("audience", "levels", "mode")):
            value = value_of(field, label)
            if value:
                return ColumnMap("tick", field, value, header)
    if label in REMARK_HEADERS or any(label.startswith(h) for h in REMARK_HEADERS):
        return ColumnMap("remark", "remarks", header=header)
    return None


def _header(text: str) -> str:
    """A header cell as compared; a note in brackets after the name (“公开渠道和载体（■必选）”) is kept
    only for channel headers, which start with their name anyway."""
    key = norm(text)
    base = _BRACKETED.sub("", key)
    if base and base != key and (base in TEXT_HEADERS or base in TICK_GROUPS or base in REMARK_HEADERS):
        return base
    return key


def is_header_word(text: str) -> bool:
    return len(text) <= 40 and _is_header_word(text)


@lru_cache(maxsize=8192)
def _is_header_word(text: str) -> bool:
    key = _header(text)
    return bool(key) and (classify(key, "") is not None or key in TICK_GROUPS) and len(key) <= 40


def is_core_header(text: str) -> bool:
    """A header only a header row has: a text column (一级事项, 公开内容 …), channels or 序号."""
    return len(text) <= 40 and _is_core_header(text)


@lru_cache(maxsize=8192)
def _is_core_header(text: str) -> bool:
    key = _header(text)
    return key in _CORE or key.startswith(CHANNEL_HEADERS)


_CORE = {k for k, f in TEXT_HEADERS.items() if f not in ("attribute", "five_disclosures")} | set(INDEX_HEADERS) | {
    "公开事项", "事项"}


def is_sub_header(top: str, sub: str) -> bool:
    """Whether ``sub`` (the row under a header row) is a sub-header of ``top``: 一级事项, 全社会, 江山市级…"""
    s = _header(sub)
    if not s or s == _header(top):
        return False
    if s in ("一级事项", "二级事项", "三级事项", "一级事项名称", "二级事项名称"):
        return True
    m = classify(top, sub)
    return m is not None and m.kind == "tick"


# Cells ---------------------------------------------------------------------------------------------

def tick(text: str) -> tuple[bool | None, str]:
    """(ticked?, text after the mark) of a tick cell; ticked is None when the text is not a mark."""
    t = text.strip()
    if not t:
        return False, ""
    if t[0] in CHOSEN_MARKS:
        return True, t[1:].strip()
    if t[0] in UNCHOSEN_MARKS:
        return False, t[1:].strip()
    if t in YES_WORDS:
        return True, ""
    if t in NO_WORDS:
        return False, ""
    return None, t


@dataclass(slots=True)
class ChannelCell:
    chosen: list[str]
    listed: list[str]  # shown with □: offered but not chosen (a template's optional channels)
    other: str
    unknown: list[str]


def parse_channels(text: str) -> ChannelCell:
    """A 公开渠道和载体 cell: ■/□ marked names, or a plain list of names (all chosen)."""
    cell = ChannelCell([], [], "", [])
    tokens = _MARKED_TOKEN.findall(text)
    if not tokens:
        tokens = [(CHOSEN_MARKS[0], t) for t in re.split(r"[、，,；;\s]+", text) if t]
    for mark, raw in tokens:
        name = raw.strip(" 、，,;；\n\t")
        if not name:
            continue
        chosen = mark in CHOSEN_MARKS
        if name.startswith(vocab.CHANNEL_OTHER):
            rest = name[len(vocab.CHANNEL_OTHER):].lstrip(":：").strip()
            cell.other = "、".join(x for x in (cell.other, rest) if x)
            _add(cell, vocab.CHANNEL_OTHER, chosen)
            continue
        ch = canonical_channel(name)
        if ch is None:
            cell.unknown.append(name)
            if chosen:
                cell.other = "、".join(x for x in (cell.other, name) if x)
                _add(cell, vocab.CHANNEL_OTHER, True)
            continue
        _add(cell, ch, chosen)
    return cell


def _add(cell: ChannelCell, channel: str, chosen: bool) -> None:
    target = cell.chosen if chosen else cell.listed
    if channel not in target:
        target.append(channel)
    if chosen and channel in cell.listed:
        cell.listed.remove(channel)


def choice_words(text: str, field: str) -> tuple[list[str], list[str]]:
    """(values, unknown words) of a cell such as “全社会、特定群体”, “■结果 □服务”, “主动公开”, “县级+乡、村级”.

    Marked words count only when ticked (■ √ …); a word with an unticked mark is neither a value nor
    unknown. A level word such as “乡、村级” stays one word.
    """
    values: list[str] = []
    unknown: list[str] = []
    marked = _MARKED_TOKEN.findall(text)
    words = [(m in CHOSEN_MARKS, w) for m, w in marked] if marked else [(True, w) for w in _split(text, field)]
    for chosen, raw in words:
        for word in _split(raw, field) if marked else [raw]:
            v = value_of(field, word)
            if v is None:
                if chosen and word.strip():
                    unknown.append(word.strip())
            elif chosen and v not in values:
                values.append(v)
    return values, unknown


def _split(text: str, field: str) -> list[str]:
    """The words of a cell; a separator inside brackets (县（市、区）级) does not split."""
    if value_of(field, text) is not None:
        return [text]
    words: list[str] = []
    word: list[str] = []
    depth = 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        if depth == 0 and LIST_SPLIT.fullmatch(ch):
            words.append("".join(word))
            word = []
        else:
            word.append(ch)
    words.append("".join(word))
    return [w for w in words if w]


def strip_numbering(text: str) -> str:
    """“一、政策文件” → “政策文件”: the numbering of a section row is not part of the name."""
    return _NUMBERING.sub("", text).strip()


def label_to_code(field: str, text: str) -> str | None:
    """适用情况 / 来源 printed in Chinese (or as codes) back to their stored codes."""
    table = vocab.APPLICABILITY if field == "applicability" else vocab.SOURCES
    t = norm(text)
    if t in table:
        return t
    for code, label in table.items():
        if t == label:
            return code
    if field == "source" and t in ("国家指引", "模板", "国家标准指引模板", "国家标准"):
        return vocab.SOURCE_TEMPLATE
    return None


def listed_order(values: list[str]) -> list[str]:
    return [c for c in vocab.CHANNELS if c in set(values)]
