"""A new version of an area's national template, from the Excel file the review office distributes.

The same reader as catalog import; ■ channels become the template's required channels and □ ones
its optional channels. Item codes stay stable across versions: an item whose 一级事项 + 二级事项
match one of the previous version keeps its code, a new item gets the next free code in its
level-1 group (or a new group), so catalogs, coverage reports and diffs keep working.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import backups, reference
from ..documents.xlsx_import import SheetPreview, read_xlsx
from ..errors import DomainError
from ..itemrules import name_key as key
from ..models import Template, TemplateItem
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


def import_template_xlsx(ws: Workspace, path: str | Path, area_code: str, version: str) -> TemplateImportSummary:
    """Store the file's items as template ``version`` of the area; refused rows refuse the whole file."""
    area = reference.get_area(ws, area_code)
    version = (version or "").strip()
    if not version or len(version) > 32:
        raise DomainError("bad_version", "请填写模板版本号（如 2021.1），不超过 32 个字符。")
    rows = _template_rows(ws, path, area.code, area.name)
    latest = reference.latest_template(ws, area.code)
    _check_version(version, latest[1] if latest else None)
    previous = reference.template_items(ws, area.code)
    codes = _CodeBook(area.code, [(p.code, p.level1, p.level2) for p in previous])
    items = [_item(row, codes.code_for(row["level1"], row["level2"]), Path(path).name) for row in rows]
    level1 = list(dict.fromkeys(r["level1"] for r in rows))
    backups.automatic(ws, backups.BEFORE_TEMPLATE)  # a restorable copy first (issue 14)
    with ws.session() as s:
        if s.scalar(select(Template.id).where(Template.area_code == area.code, Template.version == version)):
            raise DomainError("template_version_exists", f"领域“{area.name}”已有 {version} 版模板。")
        t = Template(area_code=area.code, version=version, document=f"从 {Path(path).name} 导入",
                     notes="由 Excel 文件导入", level1=level1)
        s.add(t)
        s.flush()
        s.execute(TemplateItem.__table__.insert(),
                  [dict(item, template_id=t.id, position=i) for i, item in enumerate(items)])
    return TemplateImportSummary(area.code, version, len(items), codes.kept, codes.new)


def _template_rows(ws: Workspace, path: str | Path, area_code: str, area_name: str) -> list[dict[str, Any]]:
    preview = read_xlsx(path, [(a.code, a.name) for a in reference.list_areas(ws)], None)
    readable = [s for s in preview.sheets if not s.skipped and s.rows]
    sheets: Sequence[SheetPreview] = [s for s in readable if s.area_code == area_code] or (
        readable if len(readable) == 1 else [])
    if not sheets:
        raise DomainError("template_sheet_not_found", f"文件中没有“{area_name}”领域的工作表（可用工作表名或标题注明领域）。")
    refused = [p for s in sheets for p in s.refused]
    if refused:
        detail = "；".join(f"第 {p.row} 行：{p.reason}" for p in refused[:5])
        raise DomainError("template_rows_refused", f"模板文件有 {len(refused)} 行无法读取，未导入。{detail}")
    return [r for s in sheets for r in s.rows]


def _check_version(version: str, latest: str | None) -> None:
    if latest is None:
        return
    try:
        newer = reference._version_key(version) > reference._version_key(latest)
    except TypeError:
        newer = version > latest
    if not newer:
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
        "evidence": f"{file_name} 第 {row['row']} 行",
    }
