"""Core catalog operations: start, edit, add, not applicable, reorder, delete, progress, history."""

from __future__ import annotations

import pytest

from gongkai_desktop import reference, vocab
from gongkai_desktop.errors import DomainError, NotFound
from gongkai_desktop.unit import catalogs

AREA = "04"  # 户籍管理, one of 市公安局's areas


@pytest.fixture
def cat(ws):
    return catalogs.start_catalog(ws, AREA).catalog


def test_start_adopts_every_template_item_in_order(ws, cat) -> None:
    items = catalogs.load_items(ws, cat.id)
    tmpl = reference.template_items(ws, AREA)
    assert [i.template_code for i in items] == [t.code for t in tmpl]
    assert all(i.applicability == "adopted" and i.source == "template" for i in items)
    first, t0 = items[0], tmpl[0]
    assert (first.level1, first.level2, first.content, first.basis) == (t0.level1, t0.level2, t0.content, t0.basis)
    assert [i.position for i in items] == list(range(len(items)))
    assert cat.status == "draft" and cat.version == 1


def test_starting_twice_is_refused(ws, cat) -> None:
    with pytest.raises(DomainError) as err:
        catalogs.start_catalog(ws, AREA)
    assert err.value.code == "catalog_exists"


def test_edit_writes_field_revision_and_change_log(ws, cat) -> None:
    item = catalogs.load_items(ws, cat.id)[0]
    edit = catalogs.edit_item(ws, item.id, {"time_limit": "信息形成之日起10个工作日内"})
    # the edit reports its side effect too: the adopted template item is now adapted
    assert edit.old_values(item.id) == {"time_limit": item.time_limit, "applicability": "adopted"}
    assert edit.name == "修改公开时限" and edit.item.time_limit == "信息形成之日起10个工作日内"
    again = catalogs.get_item(ws, item.id)
    assert again.time_limit == "信息形成之日起10个工作日内"
    assert again.revision == item.revision + 1
    assert again.applicability == "adapted"
    history = catalogs.item_history(ws, item.id)
    assert {h["field"]: h["new"] for h in history[-2:]} == {"time_limit": "信息形成之日起10个工作日内",
                                                             "applicability": "adapted"}
    assert next(h for h in history if h["field"] == "time_limit")["old"] == item.time_limit


def test_undo_restores_the_item_exactly(ws, cat) -> None:
    item = catalogs.load_items(ws, cat.id)[0]
    edit = catalogs.edit_item(ws, item.id, {"publisher": "江山市公安局", "channels": ["政务服务中心", "政府网站"]})
    assert catalogs.get_item(ws, item.id).channels == ["政府网站", "政务服务中心"]  # canonical order
    assert edit.name == "修改事项" and ws.undo_status().undo == "修改事项"
    undone = ws.undo()
    assert undone.name == "撤销 修改事项" and undone.items[item.id] == item
    assert catalogs.get_item(ws, item.id) == item  # same text, same applicability, same revision


def test_noop_edit_writes_nothing(ws, cat) -> None:
    item = catalogs.load_items(ws, cat.id)[0]
    edit = catalogs.edit_item(ws, item.id, {"level2": item.level2})
    assert edit.old == {} and catalogs.get_item(ws, item.id).revision == item.revision
    assert ws.undo_status().undo == "开始编制“户籍管理”"  # a no-op is no entry


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"channels": ["微博"]}, "bad_value"),
        ({"mode": "被动"}, "bad_value"),
        ({"attribute": "部分公开"}, "bad_value"),
        ({"audience": "全社会"}, "bad_value"),
        ({"revision": 9}, "bad_field"),
        ({"content": 12}, "bad_value"),
        ({"source": "sanding"}, "bad_source"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(ws, cat, changes, code) -> None:
    item = catalogs.load_items(ws, cat.id)[0]
    with pytest.raises(DomainError) as err:
        catalogs.edit_item(ws, item.id, {"remarks": "改了", **changes})
    assert err.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)
    assert catalogs.get_item(ws, item.id) == item


def test_add_own_item_goes_to_the_end_of_its_level1_group(ws, cat) -> None:
    items = catalogs.load_items(ws, cat.id)
    l1 = items[0].level1
    group_end = max(i.position for i in items if i.level1 == l1)
    rec = catalogs.add_item(ws, cat.id, "power_list", l1, "本地特色事项", fields={"content": "办理流程"}).item
    assert rec.position == group_end + 1 and rec.template_code is None and rec.source == "power_list"
    after = catalogs.load_items(ws, cat.id)
    assert len(after) == len(items) + 1 and after[group_end + 1].id == rec.id
    assert [i.position for i in after] == list(range(len(after)))


def test_add_under_a_new_level1_and_refusals(ws, cat) -> None:
    rec = catalogs.add_item(ws, cat.id, "sanding", "本单位新增一级事项", "事项甲").item
    assert catalogs.load_items(ws, cat.id)[-1].id == rec.id
    with pytest.raises(DomainError):
        catalogs.add_item(ws, cat.id, "template", "x", "y")
    with pytest.raises(DomainError):
        catalogs.add_item(ws, cat.id, "other", "  ", "y")


def test_delete_own_item_and_undo(ws, cat) -> None:
    before = catalogs.load_items(ws, cat.id)
    rec = catalogs.add_item(ws, cat.id, "other", before[0].level1, "临时事项").item
    gone = catalogs.delete_item(ws, rec.id)
    assert gone.items == {rec.id: None} and gone.reordered == {cat.id}
    assert [i.id for i in catalogs.load_items(ws, cat.id)] == [i.id for i in before]
    ws.undo()
    after = catalogs.load_items(ws, cat.id)
    assert after[rec.position] == rec and [i.position for i in after] == list(range(len(after)))


def test_template_items_cannot_be_deleted(ws, cat) -> None:
    item = catalogs.load_items(ws, cat.id)[0]
    with pytest.raises(DomainError) as err:
        catalogs.delete_item(ws, item.id)
    assert err.value.code == "template_item_delete" and "不适用" in err.value.message
    assert catalogs.get_item(ws, item.id) == item


def test_mark_not_applicable_needs_a_reason(ws, cat) -> None:
    item = catalogs.load_items(ws, cat.id)[0]
    with pytest.raises(DomainError):
        catalogs.mark_not_applicable(ws, item.id, " ")
    catalogs.mark_not_applicable(ws, item.id, "本地无此类业务")
    rec = catalogs.get_item(ws, item.id)
    assert rec.not_applicable and rec.applicability_reason == "本地无此类业务"


def test_move_item_reorders_and_undo_puts_it_back(ws, cat) -> None:
    ids = [i.id for i in catalogs.load_items(ws, cat.id)]
    moved = catalogs.move_item(ws, ids[0], 2)
    assert moved.old_values(ids[0]) == {"position": 0}
    assert [i.id for i in catalogs.load_items(ws, cat.id)][:3] == [ids[1], ids[2], ids[0]]
    ws.undo()
    assert [i.id for i in catalogs.load_items(ws, cat.id)] == ids
    ws.redo()
    assert [i.id for i in catalogs.load_items(ws, cat.id)][:3] == [ids[1], ids[2], ids[0]]


def test_list_catalogs_reports_progress(ws, cat) -> None:
    items = catalogs.load_items(ws, cat.id)
    catalogs.edit_item(ws, items[0].id, {"basis": ""})
    info = next(i for i in catalogs.list_catalogs(ws) if i.area_code == AREA)
    assert info.item_count == len(items)
    assert info.problem_count >= 1 and info.complete_count <= len(items) - 1
    assert info.unit_name == "市公安局" and info.area_name == "户籍管理"


def test_list_catalogs_agrees_with_each_catalog_on_its_own(ws, cat) -> None:
    """The one-pass listing (all items, all required channels at once) judges each catalog as
    `catalog_info` and `check_catalog` do one by one, required template channels included."""
    other = catalogs.start_catalog(ws, "08").catalog
    catalogs.add_item(ws, other.id, "sanding", "本单位自有事项", "某事项", fields={"content": "内容"})
    items = catalogs.load_items(ws, cat.id)
    required = {t.code: t.channels_required for t in reference.template_items(ws, AREA)}
    item = next(i for i in items if required.get(i.template_code or ""))
    elsewhere = next(c for c in vocab.CHANNELS if c not in required[item.template_code or ""] and c != vocab.CHANNEL_OTHER)
    catalogs.edit_item(ws, item.id, {"channels": [elsewhere]})
    catalogs.edit_item(ws, next(i for i in items if i.id != item.id).id, {"basis": ""})
    assert "required_channel_missing" in {p.code for p in catalogs.check_catalog(ws, cat.id)}
    listed = catalogs.list_catalogs(ws)
    assert [i.area_code for i in listed] == ["04", "08"]
    for info in listed:
        assert info == catalogs.catalog_info(ws, info.id)
        assert info.problem_count == len(catalogs.check_catalog(ws, info.id))
        assert info.item_count == len(catalogs.load_items(ws, info.id))
    assert listed[0].problem_count >= 2 and listed[0].complete_count <= listed[0].item_count - 2


def test_list_catalogs_without_progress_and_find_catalog(ws, cat) -> None:
    quick = catalogs.list_catalogs(ws, with_progress=False)
    assert [(i.id, i.area_code, i.area_name, i.unit_name, i.status, i.item_count) for i in quick] == \
        [(cat.id, AREA, "户籍管理", "市公安局", "draft", 0)]
    assert catalogs.find_catalog(ws, AREA) == catalogs.catalog_info(ws, cat.id, with_progress=False)
    assert catalogs.find_catalog(ws, "08") is None


def test_a_submitted_catalog_is_changed_only_after_starting_a_revision(ws, cat) -> None:
    from gongkai_desktop.models import Catalog

    with ws.session() as s:
        s.get(Catalog, cat.id).status = "submitted"
    item = catalogs.load_items(ws, cat.id)[0]
    with pytest.raises(DomainError) as err:
        catalogs.edit_item(ws, item.id, {"remarks": "第二版"})
    assert err.value.code == "catalog_locked" and "开始修订" in err.value.message
    assert catalogs.get_item(ws, item.id) == item
    started = catalogs.start_revision(ws, cat.id)
    assert (started.catalog.status, started.catalog.version) == ("draft", 2)
    catalogs.edit_item(ws, item.id, {"remarks": "第二版"})
    ws.undo()
    ws.undo()  # 开始修订 is one entry: undone, the catalog is handed in again
    info = catalogs.catalog_info(ws, cat.id)
    assert (info.status, info.version) == ("submitted", 1)


def test_a_returned_catalog_starts_its_next_version_with_the_first_edit(ws, cat) -> None:
    from gongkai_desktop.models import Catalog

    with ws.session() as s:
        s.get(Catalog, cat.id).status = "returned"
    item = catalogs.load_items(ws, cat.id)[0]
    catalogs.edit_item(ws, item.id, {"remarks": "按意见修改"})
    info = catalogs.catalog_info(ws, cat.id)
    assert (info.status, info.version) == ("draft", 2)
    ws.undo()  # and undo brings 退回修改 v1 back
    info = catalogs.catalog_info(ws, cat.id)
    assert (info.status, info.version) == ("returned", 1)


def test_an_item_made_not_disclosed_is_not_asked_for_audience_mode_or_level(ws, cat) -> None:
    item = catalogs.load_items(ws, cat.id)[0]
    made = catalogs.edit_item(ws, item.id, {"attribute": "不予公开"})
    after = made.item
    assert (after.audience, after.mode, after.levels) == ([], "", [])
    assert set(made.old_values(item.id)) >= {"attribute", "audience", "mode"}
    codes = {p.code for p in catalogs.check_catalog(ws, cat.id) if p.item_id == item.id}
    assert codes == {"not_disclosed_without_ground"}
    ws.undo()
    assert catalogs.get_item(ws, item.id) == item


def test_an_area_the_unit_is_not_responsible_for_is_started_only_when_asked(ws) -> None:
    with pytest.raises(DomainError) as err:
        catalogs.start_catalog(ws, "01")  # 重大建设项目 belongs to 市发改局
    assert err.value.code == "not_responsible" and "--not-responsible" in err.value.message
    assert catalogs.start_catalog(ws, "01", not_responsible_ok=True).catalog.area_code == "01"


def test_batch_set_fill_and_replace_are_one_entry_each(ws, cat) -> None:
    items = catalogs.load_items(ws, cat.id)
    ids = [i.id for i in items[:5]]
    done = catalogs.set_fields(ws, ids, {"levels": ["乡级"]})
    assert done.name == "批量修改公开层级（5 项）" and ws.undo_status().undo == done.name
    assert all(catalogs.get_item(ws, i).levels == ["乡级"] for i in ids)
    replaced = catalogs.replace_text(ws, cat.id, "公安", "警务")
    assert replaced.items and all("公安" not in (r.content + r.basis + r.publisher) for r in replaced.items.values())
    ws.undo()
    assert [catalogs.get_item(ws, i.id) for i in items[5:]] == items[5:]
    ws.undo()
    assert [catalogs.get_item(ws, i.id).levels for i in items[:5]] == [i.levels for i in items[:5]]


def test_unknown_item_and_unit(ws) -> None:
    with pytest.raises(NotFound):
        catalogs.get_item(ws, "nope")
    with pytest.raises(DomainError):
        reference.find_unit(ws, "不存在的局")
    with pytest.raises(DomainError) as err:
        reference.find_unit(ws, "局")
    assert err.value.code == "unit_ambiguous"


def test_find_area_by_code_or_name(ws) -> None:
    assert reference.get_area(ws, "4").name == "户籍管理"
    assert reference.get_area(ws, "户籍管理").code == "04"
    with pytest.raises(NotFound):
        reference.get_area(ws, "不存在")


def test_undo_and_redo_of_starting_an_area(ws, cat) -> None:
    items = catalogs.load_items(ws, cat.id)
    undone = ws.undo()
    assert undone.catalogs[cat.id].exists is False
    assert catalogs.find_catalog(ws, AREA) is None and catalogs.load_items(ws, cat.id) == []
    redone = ws.redo()
    assert redone.catalog.id == cat.id and catalogs.load_items(ws, cat.id) == items
    with pytest.raises(DomainError) as err:
        ws.redo()
    assert err.value.code == "nothing_to_redo"


def test_a_catalog_changed_since_cannot_have_its_start_undone(ws, cat) -> None:
    """Handing a catalog in (or anything else that keeps no entry) makes older entries stale: an
    undo must never overwrite what happened since."""
    from gongkai_desktop.models import Catalog

    with ws.session() as s:
        s.get(Catalog, cat.id).status = "submitted"
    with pytest.raises(DomainError) as err:
        ws.undo()
    assert err.value.code == "undo_stale" and "无法撤销" in err.value.message
    assert catalogs.find_catalog(ws, AREA) is not None
    assert ws.undo_status().undo is None  # the stale entry is gone
