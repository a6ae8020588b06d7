"""The shipped data matches the county's action plan: 26 areas, their level-1 items, units, responsibilities."""

from __future__ import annotations

import re

import pytest

from gongkai_desktop import resources, vocab

# Section 二 of 江山市全面推进政务公开标准化规范化工作三年行动计划(2020-2022), as printed.
PLAN_SECTION_2 = """
(一)重大建设项目。主要包括批准服务信息、批准结果信息、招标投标信息、征收土地信息、重大设计变更信息、施工有关信息、质量安全监督信息、竣工有关信息。责任单位:市发改局、各乡镇(街道)。
(二)公共资源交易。主要包括工程建设项目招标投标信息、政府采购信息、国有土地使用权出让信息、矿业权出让信息、国有产权交易信息。责任单位:市监管办、各乡镇(街道)。
(三)义务教育。主要包括政策文件、教育概况、民办学校信息、财务信息、招生管理、学生管理、教师管理、重要政策执行情况、教育督导、校园安全。责任单位:市教育局、各乡镇(街道)。
(四)户籍管理。主要包括出生登记、收养和入籍等登记、注销登记、迁移登记、户口登记项目变更更正、暂住登记及居住证管理、港澳台居民居住证管理、居民身份证管理。责任单位:市公安局、各乡镇(街道)。
(五)社会救助。主要包括综合业务、最低生活保障、特困人员救助供养、临时救助。责任单位:市民政局、各乡镇(街道)。
(六)养老服务。主要包括养老服务通用政策、养老服务业务办理、养老服务行业管理信息。责任单位:市民政局、各乡镇(街道)。
(七)公共法律服务。主要包括法治宣传教育、律师、公证、法律援助、基层法律服务、人民调解、法律查询服务、法律咨询服务、公共法律服务平台。责任单位:市司法局、各乡镇(街道)。
(八)财政预决算。主要包括财政预决算等。责任单位:市财政局、市级各部门、各乡镇(街道)。
(九)就业。主要包括就业信息服务、职业介绍、职业指导和创业开业指导、公共就业服务专项活动、就业失业登记、创业服务、对就业困难人员(含建档立卡贫困劳动力)实施就业援助、高校毕业生就业服务、基本公共就业创业政府购买服务、国(境)外人员入境就业。责任单位:市人社局、各乡镇(街道)。
(十)社会保险。主要包括社会保险登记、社会保险参保信息维护、社会保险缴费申报、社会保险参保缴费记录查询、养老保险服务、工伤保险服务、失业保险服务、企业年金方案备案、社会保障卡服务。责任单位:市人社局、各乡镇(街道)。
(十一)城乡规划。主要包括公共服务、规划编制、规划许可、行政处罚。责任单位:市资规局、各乡镇(街道)。
(十二)农村集体土地征收。主要包括征地管理政策、征地前期准备、征地审查报批、征地组织实施。责任单位:市资规局、各乡镇(街道)。
(十三)生态环境。主要包括行政许可、行政处罚行政强制和行政命令、行政管理、其他行政职责、公共服务事项。责任单位:生态环境分局、各乡镇(街道)。
(十四)保障性住房。主要包括法规政策、重大决策、规划计划、建设管理、配给管理、配后管理、办事指南、政策解读、回应关切、评价结果。责任单位:市住建局。
(十五)国有土地上房屋征收。主要包括法规政策、征收、评估、补偿。责任单位:市住建局、各乡镇(街道)。
(十六)农村危房改造。主要包括部门文件、政策解读、计划实施、条件与标准、对象认定、预算管理、决策部署、年度任务实施、舆情收集、热点及关键问题回应。责任单位:市住建局、各乡镇(街道)。
(十七)市政服务。主要包括城镇燃气管理、市政设施建设类审批、城市园林绿化管理、城市供水、城镇排水与污水处理。责任单位:市住建局、市交通运输局。
(十八)城市综合执法。主要包括房地产管理等。责任单位:市综合执法局、各乡镇(街道)。
(十九)涉农补贴。主要包括农业生产发展资金、农业资源及生态保护补助资金、动物防疫等补助经费。责任单位:市农业农村局、各乡镇(街道)。
(二十)公共文化服务。主要包括行政许可、行政处罚、行政强制、公共服务。责任单位:市文旅局。
(二十一)卫生健康。主要包括行政许可类事项、行政处罚类事项。责任单位:市卫健局。
(二十二)安全生产。主要包括政策文件、依法行政、行政管理、公共服务、重点领域信息公开。责任单位:市应急管理局、各乡镇(街道)。
(二十三)救灾生产。主要包括政策文件、备灾管理、灾后救助款物管理、工作动态。责任单位:市应急管理局、各乡镇(街道)。
(二十四)食品药品监管。主要包括行政审批、监督检查、行政处罚、公共服务。责任单位:市市场监管局、各乡镇(街道)。
(二十五)税收管理。主要包括政策法规、纳税服务、行政执法。责任单位:市税务局、各乡镇(街道)。
(二十六)扶贫。主要包括政策文件、扶贫对象、扶贫资金、扶贫项目、监督管理。责任单位:市农业农村局、市民政局、各乡镇(街道)。
"""
PLAN_RE = re.compile(r"\((?P<num>[一二三四五六七八九十]+)\)(?P<name>[^。]+)。主要包括(?P<l1>[^。]+?)等?。责任单位:(?P<resp>[^。]+)。")
PLAN = [m.groupdict() for m in PLAN_RE.finditer(PLAN_SECTION_2)]

# The 附件 《市级有关单位名单》: 47 units.
ANNEX = ["市府办", "发改局", "经信局", "教育局", "科技局", "公安局", "民政局", "司法局", "财政局", "人力社保局", "资规局", "住建局", "交通运输局", "水利局", "农业农村局", "林业局", "商务局", "文旅局", "卫健局", "退役军人事务局", "应急管理局", "审计局", "市场监管局", "体育局", "统计局", "医保局", "综合执法局", "消防救援大队", "生态环境分局", "经济开发区", "营商办", "监管办", "机关事务保障中心", "经济技术协作中心", "传媒集团", "峡水中心", "碗水中心", "移民中心", "担保中心", "供销联社", "铁建中心", "税务局", "烟草局", "气象局", "供电公司", "人行江山支行", "水务集团"]
TOWNSHIPS = ["双塔街道", "虎山街道", "清湖街道", "上余镇", "四都镇", "贺村镇", "新塘边镇", "坛石镇", "大桥镇", "凤林镇", "峡口镇", "廿八都镇", "长台镇", "石门镇", "大陈乡", "碗窑乡", "保安乡", "张村乡", "塘源口乡"]


@pytest.fixture(scope="module")
def areas() -> list[resources.AreaSpec]:
    return resources.load_areas()


@pytest.fixture(scope="module")
def registry(areas) -> resources.RegistrySpec:
    return resources.load_registry(areas=areas)


def test_plan_excerpt_parses_into_26_areas() -> None:
    assert len(PLAN) == 26


def test_every_area_is_named_and_has_level1_items_as_in_the_plan(areas) -> None:
    assert [a.name for a in areas] == [p["name"] for p in PLAN]
    for area, plan in zip(areas, PLAN, strict=True):
        assert area.level1 == plan["l1"].split("、"), area.name
    assert [a.code for a in areas] == [f"{i:02d}" for i in range(1, 27)]


def _unit_names(unit: resources.UnitSpec) -> set[str]:
    return {unit.name, *unit.aliases}


def test_registry_has_the_47_annex_units_and_19_townships(registry) -> None:
    depts = [u for u in registry.units if u.kind == "department"]
    towns = [u for u in registry.units if u.kind == "township"]
    assert len(depts) == 47 and len(towns) == 19
    for name in ANNEX:
        assert any(name in _unit_names(u) for u in depts), name
    assert [u.name for u in towns] == TOWNSHIPS
    assert registry.county == "江山市"


def test_every_units_responsibilities_follow_section_2(registry) -> None:
    """Derive the responsibilities from the plan text independently and compare with the registry."""
    expected: dict[str, set[str]] = {u.code: set() for u in registry.units}
    for code, plan in enumerate(PLAN, 1):
        for token in plan["resp"].split("、"):
            if token == "各乡镇(街道)":
                targets = [u for u in registry.units if u.kind == "township"]
            elif token == "市级各部门":
                targets = [u for u in registry.units if u.kind == "department"]
            else:
                targets = [u for u in registry.units if token in _unit_names(u)]
                assert len(targets) == 1, token
            for u in targets:
                expected[u.code].add(f"{code:02d}")
    for u in registry.units:
        assert set(u.areas) == expected[u.code], u.name


def test_spot_checks_of_responsibilities(registry) -> None:
    by_name = {u.name: u for u in registry.units}
    assert by_name["市民政局"].areas == ["05", "06", "08", "26"]
    assert by_name["市住建局"].areas == ["08", "14", "15", "16", "17"]
    assert by_name["市交通运输局"].areas == ["08", "17"]
    assert "14" not in by_name["双塔街道"].areas and "01" in by_name["双塔街道"].areas


def test_every_area_has_a_template_with_items_under_every_level1(areas) -> None:
    templates = {t.area_code: t for t in resources.load_templates(areas)}
    assert sorted(templates) == [a.code for a in areas]
    for t in templates.values():
        for l1 in t.level1:
            assert any(i["level1"] == l1 for i in t.items), (t.area_code, l1)
        for i in t.items:
            assert i["level2"], i["code"]
            for ch in i["channels_required"] + i["channels_optional"]:
                assert ch in vocab.CHANNELS


def test_templates_reach_several_hundred_items(areas) -> None:
    total = sum(len(t.items) for t in resources.load_templates(areas))
    assert total >= 300


def test_a_broken_template_is_refused_with_a_chinese_message(tmp_path, areas) -> None:
    bad = {"format": "gongkai-template", "area_code": "04", "level1": ["出生登记"], "items": []}
    with pytest.raises(resources.ResourceError) as err:
        resources.validate_template(tmp_path / "04.json", bad, areas[3])
    assert "一级事项应与行动计划一致" in err.value.message


def test_a_template_with_an_unknown_channel_is_refused(tmp_path, areas) -> None:
    area = areas[3]
    items = [{"code": f"04-{i:02d}-01", "level1": l1, "level2": l1, "channels_required": ["微博"]}
             for i, l1 in enumerate(area.level1, 1)]
    data = {"format": "gongkai-template", "area_code": "04", "level1": area.level1, "items": items}
    with pytest.raises(resources.ResourceError) as err:
        resources.validate_template(tmp_path / "04.json", data, area)
    assert "微博" in err.value.message


def test_a_malformed_registry_file_is_refused(tmp_path, areas) -> None:
    p = tmp_path / "reg.json"
    p.write_text('{"format": "gongkai-unit-registry", "units": [{"code": "X1", "name": "某局", "kind": "department", "areas": ["99"]}]}', encoding="utf-8")
    with pytest.raises(resources.ResourceError) as err:
        resources.load_registry(p, areas)
    assert "99" in err.value.message
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(resources.ResourceError):
        resources.load_registry(p, areas)
