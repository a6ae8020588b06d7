"""New versions of the national templates, from the files the review office has: one area's Excel,
or a whole collection (the 《全国26个试点领域基层政务公开标准目录汇编》 as Word or Excel, many areas
in one file, a sheet, table or heading per area).

The same reader as the catalog import (`documents.catalog_files`); ■ channels become the template's
required channels and □ ones its optional channels. `read_template_collection` previews the file
area by area (items, codes kept, new codes, the version each area gets) and writes nothing;
`import_template_collection` stores one new template version per area in one transaction. Item codes
stay stable across versions: an item whose names match one of the previous version (compared by
`names.key`) keeps its code, a new item gets the next free code in its level-1 group (or a new
group), so catalogs, coverage reports and diffs keep working.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import backups, reference
from ..documents.catalog_files import read_catalog_file
from ..documents.import_preview import ImportPreview, SheetPreview
from ..errors import DomainError
from ..models import Template, TemplateItem
from ..names import key
from ..workspace import Workspace

CODE_RE = re.compile(r"^(\d{2})-(\d{2})-(\d{2,})$")


@dataclass(slots=True)
class TemplateImportSummary:
    area_code: str
    version: str
    item_count: int
    kept_codes: int
    new_codes: int

    def message(self) -> str:
        return (f"已导入领域 {self.area_code} 的国家标准指引 {self.version} 版：{self.item_count} 个事项，"
                f"沿用编号 {self.kept_codes} 个，新编号 {self.new_codes} 个。")


@dataclass(slots=True)
class AreaTemplatePreview:
    """One area of a collection: its rows, the version it will get, codes kept and new."""

    area_code: str
    area_name: str
    version: str
    previous_version: str | None
    rows: list[dict[str, Any]]
    sources: list[str]  # the sheets or tables the rows came from
    refused: int
    items: list[dict[str, Any]] = field(default_factory=list)
    kept: int = 0
    new: int = 0
    dropped: list[str] = field(default_factory=list)  # items of the previous version the file no longer has

    def line(self) -> str:
        was = f"（现有 {self.previous_version} 版）" if self.previous_version else "（该领域尚无模板）"
        out = (f"领域（{self.area_code}）{self.area_name}：{len(self.items)} 个事项，沿用编号 {self.kept} 个，"
               f"新编号 {self.new} 个，将导入为 {self.version} 版{was}；来自{'、'.join(self.sources)}")
        if self.refused:
            out += f"；无法读取 {self.refused} 行"
        return out


@dataclass(slots=True)
class TemplateCollectionPreview:
    path: str
    file: ImportPreview
    areas: list[AreaTemplatePreview]
    unknown: list[str]  # tables with rows whose area could not be told

    @property
    def refused(self) -> int:
        return sum(a.refused for a in self.areas)

    def lines(self) -> list[str]:
        out = [line for s in self.file.sheets for line in self.file.sheet_lines(s)]
        out += [a.line() for a in self.areas]
        for a in self.areas:
            if a.dropped:
                shown = "、".join(a.dropped[:8]) + ("等" if len(a.dropped) > 8 else "")
                out.append(f"  （{a.area_code}）新版中没有的原有事项 {len(a.dropped)} 个：{shown}")
        if self.unknown:
            out.append(f"无法判断“{'、'.join(self.unknown)}”属于哪个试点领域（可在标题中注明领域，或用 --area 指定），未导入。")
        out.append(f"合计 {len(self.areas)} 个领域，{sum(len(a.items) for a in self.areas)} 个事项。")
        return out


def read_template_collection(ws: Workspace, path: str | Path, area: str | None = None,
                             version: str | None = None) -> TemplateCollectionPreview:
    """Preview a template file area by area; ``area`` keeps only that area (and assigns a one-area file
    to it); ``version`` is the version every area gets (default: the next one after each area's)."""
    only = reference.get_area(ws, area) if area else None
    areas = [(a.code, a.name) for a in reference.list_areas(ws)]
    file = read_catalog_file(path, areas)
    readable = [s for s in file.sheets if not s.skipped and (s.rows or s.refused)]
    if only is not None and len(readable) == 1 and readable[0].area_code != only.code:
        readable[0].area_code, readable[0].area_name = only.code, only.name  # one area's file
    groups: dict[str, list[SheetPreview]] = {}
    for sheet in readable:
        if sheet.area_code and (only is None or sheet.area_code == only.code):
            groups.setdefault(sheet.area_code, []).append(sheet)
    unknown = [s.name for s in readable if not s.area_code and only is None]
    if not groups:
        name = f"“{only.name}”领域的" if only else "能识别领域的"
        raise DomainError("template_sheet_not_found", f"文件中没有{name}表格（可用工作表名、标题或表格前的标题注明领域）。")
    wanted = _clean_version(version) if version else None
    out = [_area_preview(ws, code, parts, wanted, Path(path).name) for code, parts in groups.items()]
    return TemplateCollectionPreview(str(path), file, out, unknown)


def _area_preview(ws: Workspace, code: str, parts: Sequence[SheetPreview], version: str | None,
                  file_name: str) -> AreaTemplatePreview:
    area = reference.get_area(ws, code)
    latest = reference.latest_template(ws, code)
    previous_version = latest[1] if latest else None
    chosen = version or next_version(previous_version)
    _check_version(chosen, previous_version)
    rows = [r for s in parts for r in s.rows]
    sources = [f"“{s.name}”" for s in parts]
    preview = AreaTemplatePreview(code, area.name, chosen, previous_version, rows, sources,
                                  sum(len(s.refused) for s in parts))
    previous = reference.template_items(ws, code)
    codes = _CodeBook(code, [(p.code, p.level1, p.level2) for p in previous])
    names = {id(r): s.name for s in parts for r in s.rows}
    preview.items = [_item(r, codes.code_for(r["level1"], r["level2"]), f"{file_name} {names[id(r)]}") for r in rows]
    preview.kept, preview.new = codes.kept, codes.new
    preview.dropped = [f"{p.level1}/{p.level2}" for p in previous if p.code not in codes.given]
    return preview


def import_template_collection(ws: Workspace, preview: TemplateCollectionPreview,
                               skip_refused: bool = False) -> list[TemplateImportSummary]:
    """Store every area of the preview as a new template version, in one transaction."""
    if preview.refused and not skip_refused:
        bad = [p for s in preview.file.sheets for p in s.refused]
        detail = "；".join(f"{p.sheet} 第 {p.row} 行：{p.reason}" for p in bad[:5])
        raise DomainError("template_rows_refused", f"模板文件有 {len(bad)} 行无法读取，未导入。{detail}")
    name = Path(preview.path).name
    out = []
    backups.automatic(ws, backups.BEFORE_TEMPLATE)  # a restorable copy first (issue 14)
    with ws.session() as s:
        for a in preview.areas:
            if not a.items:
                continue
            if s.scalar(select(Template.id).where(Template.area_code == a.area_code, Template.version == a.version)):
                raise DomainError("template_version_exists", f"领域“{a.area_name}”已有 {a.version} 版模板。")
            t = Template(area_code=a.area_code, version=a.version, document=f"从 {name} 导入",
                         notes=f"由 {name} 导入（{'、'.join(a.sources)}）",
                         level1=list(dict.fromkeys(i["level1"] for i in a.items)))
            s.add(t)
            s.flush()
            s.execute(TemplateItem.__table__.insert(),
                      [dict(item, template_id=t.id, position=i) for i, item in enumerate(a.items)])
            out.append(TemplateImportSummary(a.area_code, a.version, len(a.items), a.kept, a.new))
    return out


def import_template_xlsx(ws: Workspace, path: str | Path, area_code: str, version: str) -> TemplateImportSummary:
    """One area's template from a file (the first release's command); refused rows refuse the file."""
    if not (version or "").strip():
        raise DomainError("bad_version", "请填写模板版本号（如 2021.1），不超过 32 个字符。")
    preview = read_template_collection(ws, path, area_code, version)
    return import_template_collection(ws, preview)[0]


def _clean_version(version: str) -> str:
    version = (version or "").strip()
    if not version or len(version) > 32:
        raise DomainError("bad_version", "请填写模板版本号（如 2021.1），不超过 32 个字符。")
    return version


def next_version(latest: str | None, today: dt.date | None = None) -> str:
    """The version a new template gets by default: this year's first, or the one after ``latest``."""
    year = (today or dt.date.today()).year
    n = 1
    while True:
        candidate = f"{year}.{n}"
        if latest is None or _newer(candidate, latest):
            return candidate
        n += 1
        if n > 999:
            return f"{latest}.1"


def _newer(version: str, latest: str) -> bool:
    try:
        return reference._version_key(version) > reference._version_key(latest)
    except TypeError:
        return version > latest


def _check_version(version: str, latest: str | None) -> None:
    if latest is not None and not _newer(version, latest):
        raise DomainError("template_version_old", f"新模板的版本号应高于现有的 {latest} 版。")


class _CodeBook:
    """Codes of the previous version by names, and the next free codes per level-1 group."""

    def __init__(self, area_code: str, previous: Sequence[tuple[str, str, str]]) -> None:
        self.area = area_code
        self.by_name = {key(l1, l2): code for code, l1, l2 in previous}
        self.group_of: dict[str, int] = {}
        self.last_in_group: dict[int, int] = {}
        for code, l1, _l2 in previous:
            m = CODE_RE.match(code)
            if m:
                g, n = int(m.group(2)), int(m.group(3))
                self.group_of.setdefault(key(l1, "")[0], g)
                self.last_in_group[g] = max(self.last_in_group.get(g, 0), n)
        self.given: set[str] = set()
        self.kept = self.new = 0

    def code_for(self, level1: str, level2: str) -> str:
        code = self.by_name.get(key(level1, level2))
        if code and code not in self.given:
            self.given.add(code)
            self.kept += 1
            return code
        l1 = key(level1, "")[0]
        if l1 not in self.group_of:
            self.group_of[l1] = max([0, *self.group_of.values(), *self.last_in_group]) + 1
        g = self.group_of[l1]
        self.last_in_group[g] = self.last_in_group.get(g, 0) + 1
        code = f"{self.area}-{g:02d}-{self.last_in_group[g]:02d}"
        self.given.add(code)
        self.new += 1
        return code


def _item(row: dict[str, Any], code: str, file_name: str) -> dict[str, Any]:
    return {
        "code": code, "level1": row["level1"], "level2": row["level2"], "content": row["content"],
        "basis": row["basis"], "time_limit": row["time_limit"], "publisher": row["publisher"],
        "channels_required": row["channels"], "channels_optional": row["channels_optional"],
        "channel_other": row["channel_other"], "audience": row["audience"], "mode": row["mode"],
        "levels": row["levels"], "attribute": row["attribute"], "wording": "confirmed",
        "evidence": f"{file_name} 第 {row['row']} 行"[:500],
    }
