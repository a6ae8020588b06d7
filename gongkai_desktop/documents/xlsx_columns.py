"""Understanding the header of a catalog sheet and the text of its cells.

Units' spreadsheets are "the national layout, or close to it": headers may sit on any row, in one
or two rows, with the usual variants (特定群众 for 特定群体, 依申请公开 for 依申请, 市级/镇街乡/村 for
县级/乡级), channels as one column of ■/□ marks or as one tick column per channel, and ticks drawn
as √ ✓ ● ■. This module maps header texts to fields and cell texts to values; xlsx_import walks
the sheets with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocab

CHOSEN_MARKS = "■√✓✔●☑▇◼▪☒"
UNCHOSEN_MARKS = "□☐○◻▫"
YES_WORDS = {"是", "有", "Y", "y", "yes", "Yes", "YES", "v", "V", "1", "对"}
NO_WORDS = {"否", "无", "N", "n", "no", "No", "×", "✗", "✘", "0", "-", "—", "/"}
_MARKED_TOKEN = re.compile(rf"([{CHOSEN_MARKS}{UNCHOSEN_MARKS}])\s*([^{CHOSEN_MARKS}{UNCHOSEN_MARKS}]*)")
_LIST_SPLIT = re.compile(r"[、，,；;\s]+")
_NUMBERING = re.compile(r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．])\s*")

# Channel spellings seen in units' own sheets, beyond vocab.CHANNEL_ALIASES.
MORE_CHANNEL_ALIASES: dict[str, str] = {
    "政府门户网站": "政府网站", "门户网站": "政府网站", "部门网站": "政府网站", "网站": "政府网站",
    "微信": "两微一端", "微博": "两微一端", "政务微信": "两微一端", "政务微博": "两微一端",
    "微信公众号": "两微一端", "客户端": "两微一端", "政务新媒体": "两微一端",
    "新闻发布会": "发布会/听证会", "广播": "广播电视", "电视": "广播电视", "报纸": "纸质媒体", "报刊": "纸质媒体",
    "政务服务大厅": "政务服务中心", "便民服务中心": "便民服务站", "公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "村务公开栏": "社区/企事业单位/村公示栏（电子屏）", "电子屏": "社区/企事业单位/村公示栏（电子屏）",
    "入户": "入户/现场", "现场": "入户/现场",
}

TEXT_HEADERS: dict[str, str] = {
    "一级事项": "level1", "二级事项": "level2", "事项名称": "level2",
    "公开内容": "content", "公开内容(要素)": "content", "公开内容要素": "content", "公开要素": "content",
    "公开依据": "basis", "公开时限": "time_limit", "公开主体": "publisher",
    "公开属性": "attribute", "不予公开依据": "legal_ground", "不公开依据": "legal_ground",
    "适用情况": "applicability", "不适用理由": "applicability_reason", "来源": "source", "事项来源": "source",
    "模板编号": "template_code", "五公开": "five_disclosures", "备注": "remarks",
}
CHANNEL_HEADERS = ("公开渠道和载体", "公开渠道及载体", "公开渠道", "公开载体", "公开渠道和方式")
INDEX_HEADERS = ("序号", "编号")
IGNORED_HEADERS = ("公开形式",)
TICK_GROUPS: dict[str, str] = {"公开对象": "audience", "公开方式": "mode", "公开层级": "levels"}
TICK_VALUES: dict[str, dict[str, str]] = {
    "audience": {"全社会": "全社会", "特定群体": "特定群体", "特定群众": "特定群体", "特定对象": "特定群体"},
    "mode": {"主动": "主动", "主动公开": "主动", "依申请": "依申请", "依申请公开": "依申请"},
    "levels": {"县级": "县级", "市级": "县级", "县(市、区)级": "县级", "乡级": "乡级", "镇街乡": "乡级",
               "乡镇": "乡级", "乡、村级": "乡级", "乡村级": "乡级", "村级": "乡级", "村": "乡级", "乡镇(街道)": "乡级"},
}
SUB_HEADER_WORDS = {"一级事项", "二级事项"} | {w for vals in TICK_VALUES.values() for w in vals}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """What one sheet column holds: ``kind`` is text / channels / tick / choice / index / ignored."""

    kind: str
    field: str = ""
    value: str = ""
    header: str = ""


def norm(text: str) -> str:
    """A header cell as compared: no spaces or line breaks, half-width parentheses."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").replace("：", ":")


def canonical_channel(name: str) -> str | None:
    key = norm(name).strip("、，,;；:")
    if not key:
        return None
    for ch in vocab.CHANNELS:
        if key == norm(ch):
            return ch
    aliases = {norm(k): v for k, v in {**vocab.CHANNEL_ALIASES, **MORE_CHANNEL_ALIASES}.items()}
    return aliases.get(key)


def classify(top: str, sub: str) -> ColumnMap | None:
    """The meaning of a column from its group header ``top`` and its own header ``sub`` (None: unknown)."""
    top, sub = norm(top), norm(sub)
    label = sub or top
    group = top if sub and sub != top else ""
    header = f"{group}/{label}" if group else label
    if label in INDEX_HEADERS:
        return ColumnMap("index", header=header)
    if label in TEXT_HEADERS:
        return ColumnMap("text", TEXT_HEADERS[label], header=header)
    if label == "公开事项":
        return ColumnMap("text", "level2", header=header)
    if any(label.startswith(h) for h in CHANNEL_HEADERS):
        return ColumnMap("channels", "channels", header=header)
    if any(group.startswith(h) for h in CHANNEL_HEADERS):
        ch = canonical_channel(label)
        return ColumnMap("tick", "channels", ch, header) if ch else None
    for word, field in TICK_GROUPS.items():
        if label == word:
            return ColumnMap("choice", field, header=header)
        if group == word or not group:
            value = TICK_VALUES[field].get(label)
            if value:
                return ColumnMap("tick", field, value, header)
    if label in IGNORED_HEADERS:
        return ColumnMap("ignored", header=header)
    return None


def is_header_word(text: str) -> bool:
    key = norm(text)
    return bool(key) and (classify(key, "") is not None or key in TICK_GROUPS or key in SUB_HEADER_WORDS)


# Cells -----------------------------------------------------------------------------------------

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
        tokens = [(CHOSEN_MARKS[0], t) for t in _LIST_SPLIT.split(text) if t]
    for mark, raw in tokens:
        name = raw.strip(" 、，,;；\n\t")
        if not name:
            continue
        chosen = mark in CHOSEN_MARKS
        if name.startswith(vocab.CHANNEL_OTHER):
            rest = name[len(vocab.CHANNEL_OTHER):].lstrip(":：").strip()
            cell.other = rest or cell.other
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
    """(values, unknown words) of a text cell such as “全社会、特定群体” or “主动公开”."""
    values, unknown = [], []
    for word in _LIST_SPLIT.split(text.replace("/", "、")):
        if not word:
            continue
        v = TICK_VALUES[field].get(norm(word))
        if v is None:
            unknown.append(word)
        elif v not in values:
            values.append(v)
    return values, unknown


def strip_numbering(text: str) -> str:
    """“一、政策文件” → “政策文件”: the numbering of a section row is not part of the name."""
    return _NUMBERING.sub("", text).strip()


def label_to_code(field: str, text: str) -> str | None:
    """适用情况 / 来源 printed in Chinese (or as codes) back to their stored codes."""
    table = vocab.APPLICABILITY if field == "applicability" else vocab.SOURCES
    t = text.strip()
    if t in table:
        return t
    for code, label in table.items():
        if t == label:
            return code
    if field == "source" and t in ("国家指引", "模板", "国家标准指引模板"):
        return vocab.SOURCE_TEMPLATE
    return None


def listed_order(values: list[str]) -> list[str]:
    return [c for c in vocab.CHANNELS if c in set(values)]

