"""Shared test data for the document tests: a catalog edited the way units edit them."""

from __future__ import annotations

from gongkai_desktop.records import ItemRecord
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace

COMPARED = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "channel_other",
            "audience", "mode", "levels", "attribute", "legal_ground", "applicability", "applicability_reason",
            "remarks", "source", "template_code", "five_disclosures")


def varied_catalog(ws: Workspace, area: str = "04") -> int:
    """Start ``area`` from its template and give its items every kind of value a document must carry."""
    info = catalogs.start_catalog(ws, area).catalog
    items = catalogs.load_items(ws, info.id)
    first, second = items[0], items[1]
    catalogs.edit_item(ws, first.id, {
        "content": "=SUM(A1:A3) 看起来像公式\n第二行：办理结果",
        "channels": ["政府网站", "两微一端", "其他"], "channel_other": "办税服务厅",
        "audience": ["全社会", "特定群体"], "levels": ["乡级"], "remarks": "+86 电话：0570-1234567",
        "five_disclosures": ["决策", "结果"],
    })
    catalogs.mark_not_applicable(ws, second.id, "本单位无此职能")
    catalogs.add_item(ws, info.id, "sanding", "自有一级事项", "-负号开头的二级事项", fields={
        "content": "@提及开头", "basis": "《中华人民共和国政府信息公开条例》", "time_limit": "实时公开",
        "publisher": "市公安局", "channels": ["政务服务中心"], "mode": "依申请", "levels": ["县级", "乡级"],
        "attribute": "依申请公开",
    })
    catalogs.add_item(ws, info.id, "power_list", "自有一级事项", "不予公开的事项", fields={
        "content": "涉及个人隐私的信息", "publisher": "市公安局", "attribute": "不予公开", "mode": "依申请",
        "legal_ground": "《中华人民共和国政府信息公开条例》第十五条", "channels": [], "audience": [],
        "channel_other": "乡镇便民服务大厅",
    })
    return info.id


def make_item(n: int, **kw: object) -> ItemRecord:
    base = dict(id=f"id-{n}", catalog_id=1, position=n, level1=f"一级{n // 3}", level2=f"二级{n}",
                content=f"内容{n}", basis="《条例》", time_limit="20个工作日内", publisher="某局",
                channels=["政府网站"], audience=["全社会"], mode="主动", levels=["县级"])
    base.update(kw)
    return ItemRecord(**base)  # type: ignore[arg-type]


def fields_of(item: ItemRecord | dict) -> dict:
    get = item.get if isinstance(item, dict) else lambda f: getattr(item, f)
    return {f: get(f) for f in COMPARED}
