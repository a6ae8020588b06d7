"""The column model of the national catalog table, shared by the Excel and Word exporters and the reader.

One place decides what the columns are, what their two header rows say, how a channel list or a
tick is printed and how each cell turns back into a field, so an exported file always reads back
into the same items (round trip) and the printed tables match the published ones:

序号 | 公开事项: 一级事项, 二级事项 | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 |
公开对象: 全社会, 特定群体 | 公开方式: 主动, 依申请 | 公开层级: 县级, 乡级 (浙江: 市级, 镇街乡, 村)

followed, at the right, by the fields the national table has no column for (公开属性, 不予公开依据,
适用情况, 不适用理由, 来源, 模板编号, 五公开, 备注) and by any extra columns a caller adds (the county
aggregate adds 责任单位).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import vocab
from ..errors import DomainError
from ..records import ItemRecord

CHANNEL_MODES: tuple[str, ...] = ("checklist", "chosen_only", "tick_columns")
LEVEL_STYLES: tuple[str, ...] = ("standard", "zhejiang")
PAPERS: tuple[str, ...] = ("A4", "A3")

MARK_CHOSEN = "■"
MARK_UNCHOSEN = "□"
TICK = "√"
OTHER_SEPARATOR = "："

# Fonts named the way Chinese Office and WPS know them; LibreOffice substitutes Noto CJK.
FONT_TITLE = "方正小标宋简体"
FONT_HEADER = "黑体"
FONT_BODY = "仿宋"

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class ExtraColumn:
    """A caller's own column at the far right (e.g. 责任单位 in the county aggregate).

    ``value`` turns an item into the cell text; the reader ignores these columns.
    """

    header: str
    value: Callable[[ItemRecord], str]
    width: float = 12.0
    internal: bool = False  # the office's own column (审核提示): printed only with every column


@dataclass(slots=True)
class ExportOptions:
    """How a document prints: channel column style, level labels, paper, which columns."""

    channels: str = "checklist"
    levels: str = "standard"
    paper: str = "A4"
    # None or True: print the national table only (Excel keeps the other columns hidden, so the file
    # reads back exactly); False: print every column (the option “打印全部列”).
    national_only: bool | None = None
    skip_not_applicable: bool = False
    extra_columns: Sequence[ExtraColumn] = ()
    day: date | None = None

    def check(self) -> None:
        if self.channels not in CHANNEL_MODES:
            raise DomainError("bad_option", f"公开渠道的样式应为 {' / '.join(CHANNEL_MODES)} 之一。")
        if self.levels not in LEVEL_STYLES:
            raise DomainError("bad_option", "公开层级的样式应为 standard（县级/乡级）或 zhejiang（市级/镇街乡/村）。")
        if self.paper not in PAPERS:
            raise DomainError("bad_option", "纸张应为 A4 或 A3。")

    @property
    def national(self) -> bool:
        """Whether only the national table's columns are printed (the default)."""
        return self.national_only is not False

    @property
    def today(self) -> date:
        return self.day or date.today()


@dataclass(slots=True)
class SheetData:
    """One table to print: a catalog (or an area of the county aggregate), from plain data."""

    title: str
    area_name: str
    unit_name: str
    items: Sequence[ItemRecord]
    area_code: str = ""
    sheet_name: str = ""
    unit_label: str = "填报单位"  # the county's catalog: 编制单位 (the 市府办 compiles it)

    @property
    def name(self) -> str:
        return self.sheet_name or self.area_name or "目录"


@dataclass(frozen=True, slots=True)
class Column:
    """One printed column: its group header (row 1), its own header (row 2), width and kind.

    ``kind``: ``index`` (序号), ``text`` (a text field), ``channels`` (the channel list),
    ``tick`` (a √ column for ``field`` = ``value``), ``extra`` (a non-national field),
    ``custom`` (a caller's `ExtraColumn`).
    """

    key: str
    group: str
    header: str
    width: float
    kind: str
    field: str = ""
    value: str = ""
    national: bool = True
    custom: ExtraColumn | None = None

    @property
    def grouped(self) -> bool:
        return self.group != self.header


LEVEL_LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    # (printed label, stored level) — in Zhejiang 村 is printed but the catalog has no village level.
    "standard": (("县级", "县级"), ("乡级", "乡级")),
    "zhejiang": (("市级", "县级"), ("镇街乡", "乡级"), ("村", "")),
}

# Non-national fields, in the order they sit at the right of the national columns.
EXTRA_FIELDS: tuple[tuple[str, str, float], ...] = (
    ("attribute", "公开属性", 10),
    ("legal_ground", "不予公开依据", 18),
    ("applicability", "适用情况", 9),
    ("applicability_reason", "不适用理由", 14),
    ("source", "来源", 12),
    ("template_code", "模板编号", 10),
    ("five_disclosures", "五公开", 9),
    ("remarks", "备注", 14),
)

TEXT_COLUMNS: tuple[tuple[str, str, str, float], ...] = (
    ("level1", "公开事项", "一级事项", 10),
    ("level2", "公开事项", "二级事项", 12),
    ("content", "公开内容（要素）", "公开内容（要素）", 26),
    ("basis", "公开依据", "公开依据", 22),
    ("time_limit", "公开时限", "公开时限", 14),
    ("publisher", "公开主体", "公开主体", 11),
)


def columns(options: ExportOptions, national_only: bool = False) -> list[Column]:
    """The printed columns for these options, left to right."""
    cols = [Column("index", "序号", "序号", 6, "index")]
    cols += [Column(f, g, h, w, "text", field=f) for f, g, h, w in TEXT_COLUMNS]
    cols += _channel_columns(options.channels)
    cols += [Column(f"audience:{a}", "公开对象", a, 5.5, "tick", "audience", a) for a in vocab.AUDIENCES]
    cols += [Column(f"mode:{m}", "公开方式", m, 5.5, "tick", "mode", m) for m in vocab.MODES]
    cols += [Column(f"levels:{label}", "公开层级", label, 5.5, "tick", "levels", stored)
             for label, stored in LEVEL_LABELS[options.levels]]
    if not national_only:
        cols += [Column(f, h, h, w, "extra", field=f, national=False) for f, h, w in EXTRA_FIELDS]
    cols += [Column(f"custom:{i}", c.header, c.header, c.width, "custom", national=not c.internal, custom=c)
             for i, c in enumerate(options.extra_columns) if not (national_only and c.internal)]
    return cols


def _channel_columns(mode: str) -> list[Column]:
    group = "公开渠道和载体"
    if mode == "tick_columns":
        return [Column(f"channel:{c}", group, c, 6.5 if len(c) < 8 else 10, "tick", "channels", c)
                for c in vocab.CHANNELS]
    return [Column("channels", group, group, 22 if mode == "checklist" else 16, "channels", field="channels")]


# Cell text -------------------------------------------------------------------------------------

def channel_text(item: ItemRecord, mode: str) -> str:
    """公开渠道和载体 as the published tables print it (■ chosen, □ not chosen)."""
    chosen = set(item.channels)
    parts = []
    for ch in vocab.CHANNELS:
        label = ch
        if ch == vocab.CHANNEL_OTHER and item.channel_other:
            label = f"{ch}{OTHER_SEPARATOR}{item.channel_other}"
        if ch in chosen:
            parts.append(MARK_CHOSEN + label)
        elif mode == "checklist" or label != ch:  # an 其他 text is kept even when 其他 is not ticked
            parts.append(MARK_UNCHOSEN + label)
    return " ".join(parts)


def tick_text(item: ItemRecord, col: Column) -> str:
    """√ or empty; the 其他 channel column also carries the 其他 text."""
    if col.field == "channels":
        ticked = col.value in item.channels
        if col.value == vocab.CHANNEL_OTHER and item.channel_other:
            return f"{TICK}{item.channel_other}" if ticked else item.channel_other
        return TICK if ticked else ""
    if col.field == "mode":
        return TICK if item.mode == col.value else ""
    if not col.value:  # 村 in the Zhejiang layout: no stored level behind it
        return ""
    return TICK if col.value in getattr(item, col.field) else ""


def extra_text(item: ItemRecord, name: str) -> str:
    value = getattr(item, name)
    if name == "applicability":
        return vocab.APPLICABILITY.get(value, value)
    if name == "source":
        return vocab.SOURCES.get(value, value)
    if name == "five_disclosures":
        return "、".join(value)
    return value or ""


def cell_text(item: ItemRecord, col: Column, index: int, mode: str) -> str:
    """The text of one cell (``index`` is the 1-based row number printed in 序号)."""
    if col.kind == "index":
        return str(index)
    if col.kind == "text":
        return getattr(item, col.field)
    if col.kind == "channels":
        return channel_text(item, mode)
    if col.kind == "tick":
        return tick_text(item, col)
    if col.kind == "extra":
        return extra_text(item, col.field)
    return col.custom.value(item) if col.custom else ""


def row_texts(item: ItemRecord, cols: Sequence[Column], index: int, mode: str) -> list[str]:
    return [cell_text(item, c, index, mode) for c in cols]


def group_spans(cols: Sequence[Column]) -> list[tuple[int, int, str]]:
    """(first, last, text) of each run of columns under one group header (first row of the header)."""
    spans: list[tuple[int, int, str]] = []
    for i, c in enumerate(cols):
        if spans and c.grouped and spans[-1][2] == c.group and cols[spans[-1][0]].grouped:
            spans[-1] = (spans[-1][0], i, c.group)
        else:
            spans.append((i, i, c.group))
    return spans


def level1_runs(items: Sequence[ItemRecord]) -> Iterable[tuple[int, int]]:
    """(first, last) indexes of consecutive items sharing a level-1 name (merged in print)."""
    start = 0
    for i in range(1, len(items) + 1):
        if i == len(items) or items[i].level1 != items[start].level1 or not items[i].level1:
            yield start, i - 1
            start = i


def visible_items(items: Sequence[ItemRecord], options: ExportOptions) -> list[ItemRecord]:
    if options.skip_not_applicable:
        return [i for i in items if not i.not_applicable]
    return list(items)


@dataclass(slots=True)
class ExportResult:
    path: Path
    sheets: int
    rows: int
    note: str = ""  # e.g. that these columns print below the readable size on this paper

    def message(self) -> str:
        text = f"已导出 {self.sheets} 个领域、{self.rows} 个事项到 {self.path}"
        return f"{text}\n{self.note}" if self.note else text
