"""Rounds after the first (approved catalogs become the baseline; the review and the county aggregate show
what changed since) and the areas and units the office adds (其他领域, 村/社区, 公共企事业单位)."""

from __future__ import annotations

import pytest

from gongkai_desktop import identity, keys, reference, settings
from gongkai_desktop.errors import DomainError
from gongkai_desktop.models import Area, Unit
from gongkai_desktop.office import aggregate, decisions, importing, inspect, progress, registry, rounds, submissions
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.submit import export_submission
from tests.life_helpers import make_template_v2
from tests.pkg_helpers import enrol_and_confirm

ROUND = "2021年度动态调整"


def _send(office, ws, tmp, name: str) -> int:
    importing.import_files(office, [export_submission(ws, ["04"], tmp / f"{name}.gkpkg").path])
    return next(s.id for s in submissions.list_submissions(office) if s.unit_code == ws.unit_code)


def test_a_new_round_starts_from_the_approved_catalogs(county, tmp_path) -> None:
    office, units = county
    police, town = units["市公安局"], units["双塔街道"]
    first = _send(office, police, tmp_path, "p1")
    decisions.decide(office, first, "approved", "第一轮梳理", accept_problems=True)
    with pytest.raises(DomainError) as err:
        rounds.open_round(police, ROUND, "2021-06-30")
    assert err.value.code == "role_conflict"
    for name, day, code in (("", "2021-06-30", "bad_round_name"), ("一" * 17, "2021-06-30", "bad_round_name"),
                            (ROUND, "6月30日", "bad_date"), ("第一轮梳理", "2021-06-30", "round_exists")):
        with pytest.raises(DomainError) as err:
            rounds.open_round(office, name, day)
        assert err.value.code == code
    with pytest.raises(DomainError) as err:
        decisions.decide(office, _send(office, town, tmp_path, "t1"), "approved", ROUND, accept_problems=True)
    assert err.value.code == "bad_round"  # not opened yet

    changes = rounds.open_round(office, ROUND, "2021-06-30")
    assert len(changes.created) == 1  # 市公安局's approved catalog is the baseline; 双塔街道 has none approved
    assert progress.get_deadlines(office)[ROUND].isoformat() == "2021-06-30"
    office.undo()
    assert rounds.current_round(office) is None and ROUND not in progress.get_deadlines(office)
    office.redo()
    assert rounds.current_round(office).name == ROUND
    progress.set_deadline(office, ROUND, "2021-07-15")
    assert rounds.current_round(office).deadline.isoformat() == "2021-07-15"

    # the unit changes two items; the review shows only those, also after a return and a resubmission
    cid = catalogs.find_catalog(police, "04").id
    items = catalogs.load_items(police, cid)
    catalogs.start_revision(police, cid)  # the handed-in catalog changes in a deliberate revision
    catalogs.edit_item(police, items[0].id, {"remarks": "2021 年调整"})
    second = _send(office, police, tmp_path, "p2")
    decisions.decide(office, second, "returned", ROUND, comment="请再补充一项", accept_problems=True)
    catalogs.start_revision(police, cid)  # (the unit revises before the result reaches it)
    catalogs.add_item(police, cid, "power_list", items[0].level1, "新增的2021年事项")
    third = _send(office, police, tmp_path, "p3")
    data = inspect.inspect_submission(office, third)
    assert data.baseline.id == first and data.baseline_round == ROUND
    since = {k: v.kind for k, v in data.since_baseline.items()}
    assert since[items[0].id] == "changed" and sorted(since.values()) == ["added", "changed"]
    assert len(data.changes) == 1  # against the returned version: only the added item
    decisions.decide(office, third, "approved", ROUND, accept_problems=True)

    agg = aggregate.aggregate_area(office, "04")
    assert agg.publication == ROUND
    changed = {r.item.level2: r.change for r in agg.rows if r.change}
    assert changed == {items[0].level2: "修改", "新增的2021年事项": "新增"}


def test_an_approved_unit_without_a_published_version_is_all_new(county, tmp_path) -> None:
    office, units = county
    police, town = units["市公安局"], units["双塔街道"]
    decisions.decide(office, _send(office, police, tmp_path, "p1"), "approved", "第一轮梳理", accept_problems=True)
    rounds.open_round(office, ROUND, "2021-06-30")
    decisions.decide(office, _send(office, town, tmp_path, "t1"), "approved", ROUND, accept_problems=True)
    agg = aggregate.aggregate_area(office, "04")
    town_rows = [r for r in agg.rows if r.scope == "township"]
    assert town_rows and all(r.change == "新增" for r in town_rows)
    assert all(not r.change for r in agg.rows if r.scope == "county")


def test_the_office_adds_an_area_with_its_template_and_units_of_new_kinds(new_workspace, tmp_path) -> None:
    office = new_workspace("office")
    identity.choose_review_office(office)
    digits = keys.ensure_own_key(office, keys.OFFICE_OWNER).digits  # each clerk confirms them on first contact
    spec = make_template_v2(new_workspace, tmp_path / "tpl.xlsx")  # any catalog-layout Excel serves as a template
    with pytest.raises(DomainError) as err:
        registry.add_area(office, "政务服务", [])
    assert err.value.code == "level1_required"
    with pytest.raises(DomainError) as err:
        registry.add_area(office, "户籍管理", ["一"])
    assert err.value.code == "area_exists"
    with pytest.raises(DomainError) as err:
        registry.add_area(office, "政务服务", ["一"], code="05")
    assert err.value.code == "bad_area_code"
    with pytest.raises(DomainError):  # a template that does not name the area refuses the whole area
        registry.add_area(office, "政务服务", ["出生登记"], template=tmp_path / "missing.xlsx")
    assert [a.code for a in registry.office_area_list(office)] == []

    area = registry.add_area(office, "户政服务", ["出生登记"], units=["市公安局"], template=spec.path,
                             template_version="2021.1")
    assert area.code == "27" and area.level1[0] == "出生登记" and len(area.level1) > 1
    assert reference.latest_template(office, "27")[1] == "2021.1"
    assert [t.code for t in reference.template_items(office, "27")][:2] == ["27-01-01", "27-01-02"]
    water = registry.add_unit(office, "江山市水务集团", "enterprise", areas=["27", "08"])
    village = registry.add_unit(office, "城北社区", "village", parent="双塔街道", areas=["04", "27"])
    village2 = registry.add_unit(office, "城南社区", "village", parent="双塔街道", areas=["04"])
    assert (water.code, village.code, village2.code) == ("E01", "T01-01", "T01-02")
    assert village.parent == "T01" and water.areas == ["08", "27"]
    for kw, code in ((dict(name="城北社区", kind="village", parent="双塔街道"), "unit_exists"),
                     (dict(name="某村", kind="village", parent="市公安局"), "bad_parent"),
                     (dict(name="某公司", kind="enterprise", parent="双塔街道"), "bad_parent"),
                     (dict(name="某公司", kind="company"), "bad_unit_kind")):
        with pytest.raises(DomainError) as err:
            registry.add_unit(office, **kw)
        assert err.value.code == code

    # a reload of the shipped data keeps what the office added
    office.put(settings.REFERENCE_DIGEST, "old")
    office.sync_reference_data()
    assert reference.find_unit(office, "城北社区").areas == ["04", "27"]
    assert reference.get_area(office, "27").name == "户政服务"

    # distributed: a village compiles the new area like the 26
    dist = export_distribution(office, tmp_path / "d.gkpkg", templates=["27"])
    ws = new_workspace("village")
    import_distribution(ws, dist.path, office_fingerprint=digits)
    identity.choose_unit(ws, "城北社区")
    enrol_and_confirm(ws, office)
    with ws.session() as s:
        assert s.get(Area, "27").origin == "office" and s.get(Unit, "T01-01").parent_code == "T01"
    info = catalogs.catalog_info(ws, catalogs.start_catalog(ws, "27").catalog.id)
    assert info.template_version == "2021.1" and info.item_count == len(reference.template_items(office, "27"))
    catalogs.start_catalog(ws, "04")
    ws.put(settings.REFERENCE_DIGEST, "old")  # an app update reloads the shipped data: the office's stay
    ws.sync_reference_data()
    assert reference.get_area(ws, "27").name == "户政服务" and reference.find_unit(ws, "江山市水务集团").kind == "enterprise"

    # the county aggregate merges the villages' items as it merges the townships'
    other = new_workspace("village2")
    import_distribution(other, dist.path, office_fingerprint=digits)
    identity.choose_unit(other, "城南社区")
    enrol_and_confirm(other, office)
    catalogs.start_catalog(other, "04")
    for unit in (ws, other):
        importing.import_files(office, [export_submission(unit, ["04"], tmp_path / f"{unit.unit_code}.gkpkg").path])
    for sub in submissions.list_submissions(office):
        decisions.decide(office, sub.id, "approved", "第一轮梳理", accept_problems=True)
    rows = aggregate.aggregate_area(office, "04").rows
    assert rows and all(r.scope == "village" and r.units == ["城北社区", "城南社区"] for r in rows)
    assert len(reference.list_areas(office)) == 27 and len(ws_areas := reference.list_areas(ws)) == 27
    assert ws_areas[-1].code == "27"


def test_adding_an_area_a_unit_or_a_law_is_one_undoable_entry(office_ws) -> None:
    from gongkai_desktop.office.laws import add_law, office_law_names

    office = office_ws
    before = office.get(settings.REGISTRY)
    area = registry.add_area(office, "政务服务", ["办事指南"], units=["市公安局"])
    assert office.undo_status().undo == "新增领域“政务服务”"
    unit = registry.add_unit(office, "江山市水务集团", "enterprise", areas=[area.code])
    assert reference.find_unit(office, "江山市水务集团").areas == [area.code]
    add_law(office, "某某县城市管理办法", "某某县城市管理条例", "2023-01-01", "《某某县城市管理条例》附则。")
    assert office_law_names(office) == ["某某县城市管理办法"]

    assert office.undo().name == "撤销 补充已废止的《某某县城市管理办法》" and office_law_names(office) == []
    office.undo()
    with office.session() as s:
        assert s.get(Unit, unit.code) is None
    office.undo()
    assert registry.office_area_list(office) == [] and office.get(settings.REGISTRY) == before
    assert "27" not in {a.code for a in reference.list_areas(office)}
    office.redo()
    assert [a.code for a in registry.office_area_list(office)] == ["27"]
    assert reference.find_unit(office, "市公安局").areas[-1] == "27"
