"""A realistic synthetic county for tests and benchmarks (`gongkai demo`).

Catalogs are started from the real templates and then edited the way units edit them: publishers
made local, some texts rewritten, some items marked not applicable, own items added from the
三定方案 / 权责清单, a few 不予公开 items with their legal ground. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

from sqlalchemy import select

from . import vocab
from .catalogs import start_catalog
from .models import Catalog, CatalogItem, ChangeLog, utcnow
from .reference import list_areas, list_units
from .workspace import Workspace

Progress = Callable[[float, str], None]

OWN_LEVEL2 = ("行政许可事项办理", "行政处罚结果", "行政检查计划", "专项资金分配", "年度工作计划", "工作总结", "政策解读",
              "办事指南", "收费项目及标准", "投诉举报受理", "重大决策预公开", "建议提案办理结果")
NOT_DISCLOSED = (
    ("涉及国家秘密的事项", "《中华人民共和国政府信息公开条例》第十四条"),
    ("涉及商业秘密、个人隐私的事项", "《中华人民共和国政府信息公开条例》第十五条"),
    ("内部事务信息", "《中华人民共和国政府信息公开条例》第十六条"),
)
NA_REASONS = ("本单位无此职能", "本地无此类事项", "该事项由上级部门负责")


def make_demo(ws: Workspace, county_size: int = 5, big_area: int = 0, seed: int = 1,
              progress: Progress | None = None) -> str:
    """Fill the workspace with catalogs of ``county_size`` units (plus an optional big catalog)."""
    rnd = random.Random(seed)
    progress = progress or (lambda f, m: None)
    units = [u for u in list_units(ws) if u.areas]
    depts = [u for u in units if u.kind == "department" and len(u.areas) > 1]
    towns = [u for u in units if u.kind == "township"]
    others = [u for u in units if u not in depts and u not in towns]
    chosen = (depts + towns + others)[:county_size]
    total = 0
    for n, unit in enumerate(chosen):
        progress(n / max(1, len(chosen)), f"生成 {unit.name} 的目录")
        for area in unit.areas:
            total += _demo_catalog(ws, unit.code, unit.name, area, rnd)
    if big_area:
        unit = (towns or chosen)[0]
        total += _big_catalog(ws, unit.code, big_area, rnd)
    progress(1.0, "")
    return f"已生成 {len(chosen)} 个单位的模拟目录，共 {total} 个事项。"


def _demo_catalog(ws: Workspace, unit_code: str, unit_name: str, area_code: str, rnd: random.Random) -> int:
    with ws.session() as s:
        if s.scalar(select(Catalog.id).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code)):
            return 0
    try:
        info = start_catalog(ws, area_code, unit_code)
    except Exception:  # noqa: BLE001 - an area without a template is simply skipped in the demo
        return 0
    with ws.session() as s:
        items = s.scalars(select(CatalogItem).where(CatalogItem.catalog_id == info.id).order_by(CatalogItem.position)).all()
        for it in items:
            _edit_like_a_unit(it, unit_name, rnd)
        level1s = sorted({i.level1 for i in items}) or ["其他事项"]
        pos = len(items)
        for k in range(rnd.randint(1, 4)):
            s.add(_own_item(info.id, pos, rnd.choice(level1s), f"{rnd.choice(OWN_LEVEL2)}（{k + 1}）", unit_name, rnd))
            pos += 1
        if rnd.random() < 0.3:
            name, ground = rnd.choice(NOT_DISCLOSED)
            own = _own_item(info.id, pos, level1s[0], name, unit_name, rnd)
            own.attribute, own.legal_ground, own.mode = "不予公开", ground, "依申请"
            s.add(own)
            pos += 1
        s.add(ChangeLog(catalog_id=info.id, item_id="-", action="demo", at=utcnow()))
        return pos


def _edit_like_a_unit(it: CatalogItem, unit_name: str, rnd: random.Random) -> None:
    it.publisher = unit_name
    r = rnd.random()
    if r < 0.08:
        it.applicability, it.applicability_reason = "not_applicable", rnd.choice(NA_REASONS)
    elif r < 0.35:
        it.content = (it.content or "") + "；本地实施细则及办理结果"
        it.applicability = "adapted"
    if not it.channels:
        it.channels = ["政府网站"]
    if rnd.random() < 0.3:
        extra = rnd.choice(vocab.CHANNELS[:-1])
        it.channels = [c for c in vocab.CHANNELS if c in set(it.channels) | {extra}]
    it.audience = it.audience or ["全社会"]
    it.mode = it.mode or "主动"
    it.levels = it.levels or ["县级"]
    it.basis = it.basis or "《中华人民共和国政府信息公开条例》"
    it.time_limit = it.time_limit or "信息形成或者变更之日起20个工作日内"
    it.content = it.content or "相关政策文件及办理结果"
    it.revision += 1


def _own_item(catalog_id: int, pos: int, level1: str, level2: str, unit_name: str, rnd: random.Random) -> CatalogItem:
    return CatalogItem(
        id=str(uuid.uuid4()), catalog_id=catalog_id, position=pos, revision=1, template_code=None,
        source=rnd.choice(["sanding", "power_list", "service_list"]), level1=level1, level2=level2,
        content="事项名称、办理依据、办理条件、办理流程、办理结果", basis="《中华人民共和国政府信息公开条例》",
        time_limit="信息形成或者变更之日起20个工作日内", publisher=unit_name,
        channels=["政府网站", "政务服务中心"], channel_other="", audience=["全社会"], mode="主动", levels=["县级"],
        attribute="主动公开", legal_ground="", applicability="adopted", applicability_reason="", remarks="",
        five_disclosures=[rnd.choice(vocab.FIVE_DISCLOSURES)],
    )


def _big_catalog(ws: Workspace, unit_code: str, n: int, rnd: random.Random) -> int:
    """One catalog of ``n`` items (the benchmark's 1,500-item area) in an area the unit has not started."""
    areas = [a for a in list_areas(ws)]
    with ws.session() as s:
        started = set(s.scalars(select(Catalog.area_code).where(Catalog.unit_code == unit_code)))
        area = next((a for a in areas if a.code not in started), areas[0])
        cat = Catalog(unit_code=unit_code, area_code=area.code, status="draft", version=1, template_version="")
        s.add(cat)
        s.flush()
        rows = []
        for i in range(n):
            it = _own_item(cat.id, i, area.level1[i % len(area.level1)], f"{rnd.choice(OWN_LEVEL2)}（第{i + 1}项）", "演示单位", rnd)
            rows.append({c.name: getattr(it, c.name) for c in CatalogItem.__table__.columns if c.name != "updated_at"})
        s.execute(CatalogItem.__table__.insert(), rows)
    return n
