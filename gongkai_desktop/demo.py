"""A realistic synthetic county for tests and benchmarks (`gongkai demo`).

Catalogs are started from the real templates and then edited the way units edit them: publishers
made local, some texts rewritten, some items marked not applicable, own items added from the
三定方案 / 权责清单, a few 不予公开 items with their legal ground. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

from sqlalchemy import func, select

from . import vocab
from .models import Catalog, CatalogItem, ChangeLog, utcnow
from .reference import list_areas, list_units
from .unit.catalogs import start_catalog
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
# 权责清单 items (the bulk of a real unit's own items): kind of power, what it acts on, its law.
POWER_KINDS = ("行政许可", "行政处罚", "行政强制", "行政检查", "行政征收", "行政给付", "行政确认", "行政奖励", "其他行政权力")
POWER_SUBJECTS = ("经营场所", "从业人员资格", "建设工程", "生产经营单位", "公共场所卫生", "广告设置", "占用道路", "排放污染物",
                  "特种设备", "食品经营", "农药经营", "林木采伐", "取水", "户外活动", "民办学校", "社会团体", "养老机构",
                  "医疗机构执业", "出租汽车经营", "危险化学品", "文化娱乐场所", "网络服务场所", "燃气经营", "渔业捕捞")
POWER_LAWS = ("《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》", "《中华人民共和国行政强制法》",
              "《浙江省行政程序办法》", "《中华人民共和国政府信息公开条例》第二十条", "《优化营商环境条例》")
POWER_CONTENT = ("事项名称、设定依据、实施主体、申请条件、申请材料、办理流程、办理时限、收费标准、办理结果",
                 "执法主体、执法依据、违法事实、处罚种类和幅度、处罚决定书文号、作出决定日期",
                 "检查主体、检查依据、检查对象、检查内容、检查方式、检查结果及处理情况",
                 "实施依据、对象范围、标准及程序、办理结果、监督投诉渠道")


def make_demo(ws: Workspace, county_size: int = 5, big_area: int = 0, seed: int = 1,
              progress: Progress | None = None, own_items: int = 0) -> str:
    """Fill the workspace with catalogs of ``county_size`` units (plus an optional big catalog).

    ``own_items`` adds that many 权责清单 items per unit, spread over its catalogs: a real unit
    lists hundreds of 行政许可 / 行政处罚 items, which is what brings a county to ~60,000 items.
    They come from their own random stream, so the rest of the demo is the same with or without them.
    """
    rnd = random.Random(seed)
    rnd_own = random.Random(seed * 7919 + 1)
    progress = progress or (lambda f, m: None)
    units = [u for u in list_units(ws) if u.areas]
    depts = [u for u in units if u.kind == "department" and len(u.areas) > 1]
    towns = [u for u in units if u.kind == "township"]
    others = [u for u in units if u not in depts and u not in towns]
    chosen = (depts + towns + others)[:county_size]
    total = 0
    # the big area is one the unit is responsible for (the office refuses any other), kept for it
    big_unit = (towns or chosen)[0] if big_area else None
    for n, unit in enumerate(chosen):
        progress(n / max(1, len(chosen)), f"生成 {unit.name} 的目录")
        for area in unit.areas:
            if unit is not big_unit or area != unit.areas[-1]:
                total += _demo_catalog(ws, unit.code, unit.name, area, rnd)
        if own_items:
            total += _power_items(ws, unit.code, unit.name, own_items, rnd_own)
    if big_unit is not None:
        total += _big_catalog(ws, big_unit.code, big_area, rnd, big_unit.areas[-1])
    progress(1.0, "")
    return f"已生成 {len(chosen)} 个单位的模拟目录，共 {total} 个事项。"


def _demo_catalog(ws: Workspace, unit_code: str, unit_name: str, area_code: str, rnd: random.Random) -> int:
    with ws.session() as s:
        if s.scalar(select(Catalog.id).where(Catalog.unit_code == unit_code, Catalog.area_code == area_code)):
            return 0
    try:
        info = start_catalog(ws, area_code, unit_code, undoable=False).catalog
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


def _big_catalog(ws: Workspace, unit_code: str, n: int, rnd: random.Random, area_code: str) -> int:
    """One catalog of ``n`` items (the benchmark's 1,500-item area) in one of the unit's own areas."""
    area = next(a for a in list_areas(ws) if a.code == area_code)
    with ws.session() as s:
        cat = Catalog(unit_code=unit_code, area_code=area.code, status="draft", version=1, template_version="")
        s.add(cat)
        s.flush()
        rows = []
        for i in range(n):
            it = _own_item(cat.id, i, area.level1[i % len(area.level1)], f"{rnd.choice(OWN_LEVEL2)}（第{i + 1}项）", "演示单位", rnd)
            rows.append({c.name: getattr(it, c.name) for c in CatalogItem.__table__.columns if c.name != "updated_at"})
        s.execute(CatalogItem.__table__.insert(), rows)
    return n


def _power_items(ws: Workspace, unit_code: str, unit_name: str, n: int, rnd: random.Random) -> int:
    """``n`` 权责清单 items spread evenly over the unit's catalogs, appended after their items."""
    with ws.session() as s:
        cats = s.execute(select(Catalog.id, Catalog.area_code).where(Catalog.unit_code == unit_code)
                         .order_by(Catalog.area_code)).all()
        if not cats:
            return 0
        level1 = {a.code: a.level1 for a in list_areas(ws)}
        rows = []
        for k, (cat_id, area_code) in enumerate(cats):
            share = n // len(cats) + (1 if k < n % len(cats) else 0)
            pos = s.scalar(select(func.count()).select_from(CatalogItem).where(CatalogItem.catalog_id == cat_id)) or 0
            names = level1.get(area_code) or ["其他事项"]
            for i in range(share):
                kind, subject = rnd.choice(POWER_KINDS), rnd.choice(POWER_SUBJECTS)
                it = _own_item(cat_id, pos + i, rnd.choice(names), f"{subject}{kind}（第{i + 1}项）", unit_name, rnd)
                it.source, it.basis = "power_list", f"{rnd.choice(POWER_LAWS)}；{kind}事项目录"
                it.content = f"{kind}：{rnd.choice(POWER_CONTENT)}"
                it.mode = "依申请" if kind == "行政许可" and rnd.random() < 0.2 else "主动"
                rows.append({c.name: getattr(it, c.name) for c in CatalogItem.__table__.columns if c.name != "updated_at"})
        s.execute(CatalogItem.__table__.insert(), rows)
    return len(rows)
