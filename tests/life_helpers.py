"""Shared by the catalog's-life tests: a version 2 of the 户籍管理 template made the way an office makes
one (an edited catalog exported to Excel in the national layout, then imported as a template)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gongkai_desktop.documents.layout import ExportOptions
from gongkai_desktop.identity import choose_unit
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.exports import export_catalogs

AREA = "04"
V2 = "2021.1"


@dataclass(frozen=True)
class TemplateV2:
    path: Path
    content_code: str = "04-01-01"  # its 公开内容 changed
    time_limit_code: str = "04-04-01"  # its 公开时限 changed
    channel_code: str = "04-08-02"  # 两微一端 became required (临时居民身份证)
    removed_code: str = "04-03-02"  # 服现役注销 is gone
    added_code: str = "04-01-02"  # a new item under 出生登记
    content: str = "出生登记的办理条件、所需材料、办理流程、办理时限、收费标准（2021年修订）"
    time_limit: str = "户籍业务办结后10个工作日内"
    added_level2: str = "出生医学证明补发"

    @property
    def changed(self) -> set[str]:
        return {self.content_code, self.time_limit_code, self.channel_code, self.removed_code, self.added_code}


def make_template_v2(new_workspace, out: Path) -> TemplateV2:  # noqa: ANN001
    """Version 2 of the 户籍管理 template as an Excel file: five changes of every kind."""
    spec = TemplateV2(out)
    scratch = new_workspace("template-author")
    choose_unit(scratch, "市公安局")
    cid = catalogs.start_catalog(scratch, AREA).catalog.id
    by_code = {i.template_code: i for i in catalogs.load_items(scratch, cid)}
    catalogs.edit_item(scratch, by_code[spec.content_code].id, {"content": spec.content})
    catalogs.edit_item(scratch, by_code[spec.time_limit_code].id, {"time_limit": spec.time_limit})
    item = by_code[spec.channel_code]
    catalogs.edit_item(scratch, item.id, {"channels": [*item.channels, "两微一端"]})
    catalogs.mark_not_applicable(scratch, by_code[spec.removed_code].id, "新版指引已删除")
    first = by_code[spec.content_code]
    catalogs.add_item(scratch, cid, "other", first.level1, spec.added_level2, after_item_id=first.id, fields={
        "content": "补发条件、所需材料、办理流程", "basis": "《中华人民共和国母婴保健法》", "time_limit": "实时",
        "publisher": first.publisher, "channels": ["政府网站", "入户/现场"], "audience": ["全社会"],
        "mode": "主动", "levels": ["县级", "乡级"]})
    export_catalogs(scratch, "xlsx", [AREA], out, ExportOptions(national_only=True, skip_not_applicable=True))
    return spec
