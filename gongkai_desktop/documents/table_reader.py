"""One reader for real catalog tables, whatever file they came from.

The format readers (`xlsx_import`, `xls_import`, `docx_import`) turn a worksheet or a Word table
into a `RawTable`: the rows that have text of their own, merged cells already filled with their
value, each with the row number the user sees. This module finds the header wherever it is (one or
two rows, repeated on every page), maps the columns by meaning (`xlsx_columns`), follows section
rows (“一、政策文件”) and area titles inside a table (a 汇编 holds many areas), skips spacer and
notes rows, and reads each row into the values an item stores — cleaned by the same item rules an
edit uses, so the write never meets a value the preview accepted and the rules refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import vocab
from ..errors import DomainError
from ..itemrules import normalise
from . import xlsx_columns as xc
from .import_preview import RowProblem, SheetPreview

HEADER_SEARCH_ROWS = 40
CLEANED_MARK = "_cleaned"  # a row whose values went through itemrules.normalise here
NOTE_PREFIXES = ("注：", "注:", "说明：", "说明:", "备注：", "备注:", "填表说明", "注 ：", "填报单位", "填报人",
                 "填表人", "审核人", "制表人", "制表：", "联系人", "联系电话：", "单位（盖章）", "单位(盖章)")
# The fields a row carries, cleaned by `itemrules.normalise` (applicability and source are codes).
CLEANED = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "channel_other",
           "audience", "mode", "levels", "attribute", "legal_ground", "applicability_reason", "remarks",
           "five_disclosures")


@dataclass(slots=True)
class RawTable:
    """A table as text: ``rows`` are (row number, cells) of the rows with text of their own."""

    name: str
    rows: list[tuple[int, list[str]]]
    context: str = ""  # text around the table that may name its area (a Word heading, the sheet name)
    row_word: str = "行"
    inherit_area: bool = False  # a Word table under no heading of its own continues the one before


def column_letter(c: int) -> str:
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(65 + r) + out
    return out


def read_table(table: RawTable, areas: Sequence[tuple[str, str]], area_code: str | None,
               previous: SheetPreview | None = None) -> list[SheetPreview]:
    """The table's previews: one, or one per area when area titles divide it (a template collection)."""
    reader = _Reader(table, areas, area_code, previous)
    return reader.run()


@dataclass(slots=True)
class _Header:
    at: int  # index into table.rows of the first header row
    depth: int
    maps: list[xc.ColumnMap | None]
    texts: set[str] = field(default_factory=set)
    by_column: list[set[str]] = field(default_factory=list)  # each column's header texts


def _repeats(cells: Sequence[str], header: _Header) -> bool:
    """A row that is the header again: its texts stand in the columns where the header has them."""
    filled = [(c, xc.norm(v)) for c, v in enumerate(cells) if v]
    same = sum(1 for c, v in filled if c < len(header.by_column) and v in header.by_column[c])
    return same >= 3 and same >= 0.8 * len(filled)


class _Reader:
    def __init__(self, table: RawTable, areas: Sequence[tuple[str, str]], area_code: str | None,
                 previous: SheetPreview | None) -> None:
        self.t = table
        self.areas = list(areas)
        self.forced = area_code
        self.previous = previous
        self.parts: list[SheetPreview] = []

    def run(self) -> list[SheetPreview]:
        rows = self.t.rows
        sheet = SheetPreview(self.t.name, row_word=self.t.row_word)
        self.parts.append(sheet)
        at = _find_header(rows)
        if at is None:
            sheet.skipped = "未找到表头（应有“一级事项”“二级事项”“公开内容”等列）"
            return self.parts
        header = self._header(sheet, at)
        sheet.title = " ".join(dict.fromkeys(v for _n, r in rows[:at] for v in r if v))[:200]
        self._assign_area(sheet, " ".join((self.t.context, sheet.title)))
        if sheet.skipped:
            return self.parts
        self._rows(sheet, header)
        return [p for p in self.parts if p.rows or p.refused or p is self.parts[0]]

    # Header ------------------------------------------------------------------------------------
    def _header(self, sheet: SheetPreview, at: int) -> _Header:
        rows = self.t.rows
        top = rows[at][1]
        nxt = rows[at + 1][1] if at + 1 < len(rows) else []
        depth = 2 if _is_sub_row(top, nxt) else 1
        sheet.header_row = rows[at][0]
        sheet.header_cells = [rows[r][1] for r in range(at, min(at + depth, len(rows)))]
        maps = _map_columns(top, nxt if depth == 2 else [], sheet)
        texts = {xc.norm(v) for r in range(at, at + depth) for v in rows[r][1] if v}
        by_column = [{xc.norm(_at(rows[r][1], c)) for r in range(at, min(at + depth, len(rows)))} - {""}
                     for c in range(len(maps))]
        if not any(m and m.field in ("level1", "level2") for m in maps):
            sheet.skipped = "表头中没有“一级事项”或“二级事项”列"
        return _Header(at, depth, maps, texts, by_column)

    def _assign_area(self, sheet: SheetPreview, text: str) -> None:
        names = dict(self.areas)
        if self.forced:
            sheet.area_code, sheet.area_name = self.forced, names.get(self.forced, self.forced)
            return
        hit = area_in(self.t.name, self.areas) or area_in(text, self.areas)
        if hit:
            sheet.area_code, sheet.area_name = hit
        elif self.t.inherit_area and self.previous is not None and self.previous.area_code:
            sheet.area_code, sheet.area_name = self.previous.area_code, self.previous.area_name

    # Rows --------------------------------------------------------------------------------------
    def _rows(self, sheet: SheetPreview, header: _Header) -> None:
        rows = self.t.rows
        level1 = ""
        i = header.at + header.depth
        while i < len(rows):
            number, cells = rows[i]
            i += 1
            maps = header.maps
            cells = cells + [""] * (len(maps) - len(cells))
            used = [v for v, m in zip(cells, maps) if v and m and m.kind != "index"]
            if not used:
                continue
            if _looks_like_header(cells) and _repeats(cells, header):
                continue  # the header repeated (every page of a Word table, a page break in a sheet)
            if _looks_like_header(cells):
                trial = SheetPreview(sheet.name)  # another layout further down (a collection)?
                new = self._header(trial, i - 1)
                if not trial.skipped:
                    if sheet.rows or sheet.refused:
                        trial.header_row = sheet.header_row  # the first header names the table
                    for f in ("header_row", "header_cells", "columns", "ignored_columns", "notes", "fields"):
                        setattr(sheet, f, getattr(trial, f))
                    header, i = new, i - 1 + new.depth
                    continue
            distinct = set(used)
            if len(distinct) == 1 and (len(used) >= 3 or is_note(used[0]) or _only_first(cells, used[0])):
                text = used[0]
                area = None if self.forced else area_in(text, self.areas)
                if area and area[0] != sheet.area_code and ("领域" in text or "目录" in text):
                    sheet = self._new_part(sheet, area, number, header)
                    level1 = ""
                elif not is_note(text) and not area:
                    level1 = xc.strip_numbering(text)  # a section row spanning the table: 一、政策文件
                continue
            row, problems, notes = parse_row(cells, maps)
            if not row["level1"] and not row["level2"]:
                problems.append("缺少一级事项和二级事项名称")
            if not row["level1"]:
                row["level1"] = level1  # blank under a level-1 name, or under a section row: the same group
            level1 = row["level1"] or level1
            if problems:
                sheet.refused.append(RowProblem(sheet.name, number, "；".join(problems)))
                continue
            sheet.warnings += [RowProblem(sheet.name, number, n) for n in notes]
            row["row"] = number
            sheet.rows.append(row)

    def _new_part(self, sheet: SheetPreview, area: tuple[str, str], number: int, header: _Header) -> SheetPreview:
        if not sheet.rows and not sheet.refused and sheet is self.parts[-1]:
            sheet.area_code, sheet.area_name = area  # the title above the first rows
            return sheet
        part = SheetPreview(f"{self.t.name}·{area[1]}", title=area[1], area_code=area[0], area_name=area[1],
                            header_row=number, columns=dict(sheet.columns), ignored_columns=list(sheet.ignored_columns),
                            fields=list(sheet.fields), notes=list(sheet.notes), row_word=sheet.row_word)
        self.parts.append(part)
        return part


def _at(row: Sequence[str], c: int) -> str:
    return row[c] if c < len(row) else ""


def _group_left(top: Sequence[str], sub: Sequence[str], c: int) -> str:
    """A group header typed once over its columns instead of merged across them: the nearest text to
    the left in the header row, while the sub-header row continues under it."""
    while c > 0 and not _at(top, c):
        c -= 1
        if not _at(sub, c):
            return ""
    return _at(top, c)


def _is_sub_row(top: Sequence[str], nxt: Sequence[str]) -> bool:
    """Whether the row under a header row is its second header row (一级事项 / 全社会 / 江山市级 …):
    some cell is a sub-header and no cell is data (text under a header that is not a header itself)."""
    found = False
    for c, v in enumerate(nxt):
        if not v or v == _at(top, c):
            continue  # empty, or a header merged over both rows
        if xc.is_sub_header(_at(top, c) or _group_left(top, nxt, c), v):
            found = True
        elif not xc.is_header_word(v):
            return False
    return found


def _find_header(rows: Sequence[tuple[int, list[str]]]) -> int | None:
    """Index of the header: the first row (of the first 40) naming at least three known columns."""
    for i, (_n, row) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _looks_like_header(row):
            return i
    return None


def _looks_like_header(row: Sequence[str]) -> bool:
    """At least three known headers, two of them names of text columns (so a data row whose cells read
    全社会 / 主动公开 / 县级 is not taken for a header)."""
    short = [v for v in dict.fromkeys(row) if v and len(v) <= 40]
    if len(short) < 3 or sum(1 for v in short if xc.is_core_header(v)) < 2:
        return False  # data rows: mostly long texts and ticks, at most one header-like name
    return sum(1 for v in short if xc.is_header_word(v)) >= 3


def _map_columns(top: Sequence[str], sub: Sequence[str], sheet: SheetPreview) -> list[xc.ColumnMap | None]:
    width = max(len(top), len(sub))
    maps: list[xc.ColumnMap | None] = []
    texts: list[str] = []
    for c in range(width):
        head, below = _at(top, c), _at(sub, c)
        if not head and below:
            head = _group_left(top, sub, c)
        m = xc.classify(head, below if below != head else "")
        if m is not None and m.kind not in ("tick", "remark") and m.field and any(
                x and x.field == m.field and x.kind == m.kind for x in maps):
            m = xc.ColumnMap("ignored", header=m.header + "（重复的列）")
        maps.append(m)
        texts.append(xc.norm(below or head))
    _three_levels(maps)
    sheet.columns, sheet.ignored_columns, sheet.notes = {}, [], []
    for c, (m, text) in enumerate(zip(maps, texts)):
        letter = column_letter(c)
        if m is None:
            if text:
                sheet.ignored_columns.append(f"{letter} {text}")
        elif m.kind == "ignored":
            sheet.ignored_columns.append(f"{letter} {m.header}")
        else:
            sheet.columns[letter] = m.header
            if m.kind == "remark":
                sheet.notes.append(f"“{m.header}”一列没有对应的栏目，其内容记入备注")
    fields = {m.field for m in maps if m and m.field and m.kind != "ignored"}
    if "channels" in fields:
        fields.add("channel_other")
    if "mode" in fields or "attribute" in fields:
        fields |= {"mode", "attribute"}
    sheet.fields = sorted(fields - {"level3"})
    return maps


def _three_levels(maps: list[xc.ColumnMap | None]) -> None:
    """一级/二级/三级 layouts (the area in 一级): 二级 is the national level-1 item, 三级 the level-2."""
    if not any(m and m.field == "level3" for m in maps):
        return
    for n, m in enumerate(maps):
        if m and m.kind == "text":
            if m.field == "level1":
                maps[n] = xc.ColumnMap("ignored", header=m.header + "（领域）")
            elif m.field == "level2":
                maps[n] = xc.ColumnMap("text", "level1", header=m.header)
            elif m.field == "level3":
                maps[n] = xc.ColumnMap("text", "level2", header=m.header)


def area_in(text: str, areas: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The area whose name the text mentions (the longest name wins: 社会保险 over 社会)."""
    key = xc.norm(text)
    hits = [(code, name) for code, name in areas if name and xc.norm(name) in key]
    return max(hits, key=lambda h: len(h[1])) if hits else None


def is_note(text: str) -> bool:
    return xc.norm(text).startswith(tuple(xc.norm(p) for p in NOTE_PREFIXES))


def _only_first(cells: Sequence[str], text: str) -> bool:
    """A title or section typed in the first cell only, the rest of the row empty."""
    return bool(cells) and cells[0] == text and not any(cells[1:]) and len(text) > 12


# One row ----------------------------------------------------------------------------------------

def empty_row() -> dict[str, Any]:
    return {"level1": "", "level2": "", "content": "", "basis": "", "time_limit": "", "publisher": "",
            "channels": [], "channel_other": "", "channels_optional": [], "audience": [], "mode": "", "levels": [],
            "attribute": "", "legal_ground": "", "applicability": "", "applicability_reason": "", "remarks": "",
            "source": "", "template_code": None, "five_disclosures": []}


@dataclass(slots=True)
class _RowState:
    row: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    mode_unread: bool = False  # no 公开方式 column, or its cell held something else (全文发布: a form)

    def keep(self, header: str, text: str, why: str) -> None:
        """Harmless text the table has no place for: into 备注, with a line in the preview."""
        self.remarks.append(f"{header}：{text}")
        self.notes.append(f"{why}，已记入备注")


def parse_row(cells: Sequence[str], maps: Sequence[xc.ColumnMap | None]) -> tuple[dict[str, Any], list[str], list[str]]:
    """(row dict, reasons it cannot be read, notes) of one data row; values cleaned by the item rules."""
    st = _RowState(empty_row())
    st.mode_unread = not any(m is not None and m.field == "mode" for m in maps)  # no 公开方式 column at all
    for text, m in zip(cells, maps):
        if m is None or m.kind in ("index", "ignored") or not text:
            continue
        if m.kind == "text":
            _set_text(st, m, text)
        elif m.kind == "remark":
            st.remarks.append(f"{m.header}：{text}")
        elif m.kind == "channels":
            _set_channels(st, text)
        elif m.kind == "tick":
            _set_tick(st, m, text)
        elif m.kind == "choice":
            _set_choice(st, m, text)
    _finish(st)
    return st.row, st.problems, st.notes


def _set_text(st: _RowState, m: xc.ColumnMap, text: str) -> None:
    f, row = m.field, st.row
    if f in ("applicability", "source"):
        code = xc.label_to_code(f, text)
        if code is None:
            st.keep(m.header, text, f"{m.header}“{text}”不是可选项")
        row[f] = code or ""
    elif f in ("attribute", "five_disclosures"):
        _set_choice(st, m, text)
    elif f == "template_code":
        row[f] = text if len(text) <= 16 else None
    elif f == "remarks":
        st.remarks.insert(0, text)
    else:
        row[f] = text


def _set_choice(st: _RowState, m: xc.ColumnMap, text: str) -> None:
    values, unknown = xc.choice_words(text, m.field)
    if unknown:
        form = m.field == "mode" and any(w in "".join(unknown) for w in ("发布", "全文", "摘要", "链接", "公示", "公告"))
        why = "是公开形式，不是主动或依申请" if form else "无法识别"
        st.keep("公开形式" if form else m.header, "、".join(unknown), f"{m.header}中的“{'、'.join(unknown)}”{why}")
    if m.field == "mode":
        st.modes += values
        st.mode_unread = st.mode_unread or bool(unknown)
    elif m.field == "attribute":
        if len(values) > 1:
            st.notes.append(f"公开属性同时写了{'、'.join(values)}，按“{values[0]}”导入")
        st.row["attribute"] = st.row["attribute"] or (values[0] if values else "")
    else:
        st.row[m.field] = list(dict.fromkeys([*st.row[m.field], *values]))


def _set_channels(st: _RowState, text: str) -> None:
    cell = xc.parse_channels(text)
    row = st.row
    row["channels"] = list(dict.fromkeys([*row["channels"], *cell.chosen]))
    row["channels_optional"] = xc.listed_order(cell.listed)
    if cell.other:
        row["channel_other"] = "、".join(x for x in (row["channel_other"], cell.other) if x)
    if cell.unknown:
        st.notes.append(f"公开渠道“{'、'.join(cell.unknown)}”不是国家目录中的渠道，记入“其他”")


def _set_tick(st: _RowState, m: xc.ColumnMap, text: str) -> None:
    ticked, rest = xc.tick(text)
    row = st.row
    if m.field == "channels" and m.value == vocab.CHANNEL_OTHER:
        # 其他, or a channel column the national list does not have (投资项目在线审批监管平台)
        label = m.header.split("/")[-1]
        named = label != vocab.CHANNEL_OTHER
        detail = rest if ticked is not None else text
        other = "：".join(x for x in (label if named else "", detail) if x)
        if ticked or (named and ticked is None):  # text under a named channel column: that channel is used
            row["channel_other"] = "、".join(x for x in (row["channel_other"], other) if x)
            if vocab.CHANNEL_OTHER not in row["channels"]:
                row["channels"].append(vocab.CHANNEL_OTHER)
        elif detail:  # 其他 written out but not ticked (our own export of an unchosen 其他)
            row["channel_other"] = "、".join(x for x in (row["channel_other"], detail) if x)
        return
    if ticked is None:
        st.keep(m.header, text, f"“{m.header}”一栏的“{text}”不是勾选标记")
        return
    if rest:
        st.remarks.append(f"{m.header}：{rest}")
    if not ticked:
        return
    if m.field == "mode":
        st.modes.append(m.value)
    elif m.field == "attribute":
        row["attribute"] = row["attribute"] or m.value
    elif m.value not in row[m.field]:
        row[m.field].append(m.value)


def _finish(st: _RowState) -> None:
    row = st.row
    modes = list(dict.fromkeys(st.modes))
    if len(modes) > 1:
        st.notes.append("公开方式同时勾选了主动和依申请，按“主动”导入")
    row["mode"] = "主动" if "主动" in modes else (modes[0] if modes else "")
    if not row["mode"] and st.mode_unread and row["attribute"] in ("主动公开", "依申请公开"):
        row["mode"] = "主动" if row["attribute"] == "主动公开" else "依申请"  # 公开属性 says it
    if not row["attribute"] and row["mode"]:
        row["attribute"] = "依申请公开" if row["mode"] == "依申请" else "主动公开"
    row["remarks"] = "；".join(dict.fromkeys(r for r in st.remarks if r))
    for f in CLEANED:
        value = row[f]
        if not value and (value == "" or value == []):
            continue  # empty is empty under every rule (normalise gives "" and [] back)
        try:
            row[f] = normalise(f, value)
        except DomainError as exc:
            st.problems.append(exc.message)
    row[CLEANED_MARK] = not st.problems
    row["channels_optional"] = [c for c in row["channels_optional"] if c not in row["channels"]]
