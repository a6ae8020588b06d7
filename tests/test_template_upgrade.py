"""Template upgrades, round trip in separate data dirs: the office imports version 2 of an area's template
and distributes it; a unit with edited items sees exactly the changed items, takes some, keeps others,
undoes one, resubmits; the office sees the template version the catalog now follows and the diff."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gongkai_desktop import keys
from gongkai_desktop.errors import DomainError
from gongkai_desktop.identity import choose_review_office, choose_unit
from gongkai_desktop.office import importing, inspect, progress, submissions
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.office.templates import import_template_xlsx
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit import template_upgrade as tu
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.submit import export_submission
from tests.life_helpers import AREA, V2, make_template_v2
from tests.pkg_helpers import enrol_and_confirm


@pytest.fixture
def upgraded(new_workspace, tmp_path):
    """Office and 市公安局 (edited catalog handed in once), then template 2021.1 distributed."""
    office = new_workspace("office")
    choose_review_office(office)
    digits = keys.ensure_own_key(office, keys.OFFICE_OWNER).digits  # the clerk confirms them on first contact
    police = new_workspace("police")
    choose_unit(police, "市公安局")
    import_distribution(police, export_distribution(office, tmp_path / "d1.gkpkg").path, office_fingerprint=digits)
    enrol_and_confirm(police, office)
    cid = catalogs.start_catalog(police, AREA).catalog.id
    by_code = {i.template_code: i for i in catalogs.load_items(police, cid)}
    spec = make_template_v2(new_workspace, tmp_path / "v2.xlsx")
    own_text = "本单位改写的出生登记公开内容"
    catalogs.edit_item(police, by_code[spec.content_code].id, {"content": own_text})
    catalogs.edit_item(police, by_code["04-06-01"].id, {"remarks": "与模板无关的修改"})
    importing.import_files(office, [export_submission(police, [AREA], tmp_path / "v1.gkpkg").path])

    import_template_xlsx(office, spec.path, AREA, V2)
    import_distribution(police, export_distribution(office, tmp_path / "d2.gkpkg", templates=[AREA]).path)
    return office, police, cid, spec, own_text


def test_upgrade_round_trip(upgraded, tmp_path) -> None:
    office, police, cid, spec, own_text = upgraded
    board = progress.dashboard(office)
    assert board.old_templates[police.unit_code] == [(AREA, "2019.1", V2)]  # the office sees who is behind

    up = tu.template_changes(police, cid)
    assert (up.from_version, up.to_version) == ("2019.1", V2)
    assert {c.code for c in up.changes} == spec.changed  # exactly the changed items, nothing the unit edited alone
    kinds = {c.code: c.kind for c in up.changes}
    assert kinds[spec.added_code] == "added" and kinds[spec.removed_code] == "removed"
    content = next(c for c in up.changes if c.code == spec.content_code)
    assert list(content.fields) == ["content"] and content.edited == ["content"]  # the unit had rewritten it
    assert content.item.content == own_text and content.fields["content"][1] == spec.content
    channel = next(c for c in up.changes if c.code == spec.channel_code)
    assert channel.channels_added == ["两微一端"] and not channel.fields
    assert all(c.choice is None for c in up.changes)

    # the handed-in catalog is locked: answering needs 开始修订 first, then each answer is its own entry
    with pytest.raises(DomainError) as err:
        tu.take_changes(police, cid, [spec.time_limit_code])
    assert err.value.code == "catalog_locked" and tu.template_changes(police, cid).pending == up.pending
    catalogs.start_revision(police, cid)

    # take three (one undoable entry each), keep the unit's own text for one
    tu.take_changes(police, cid, [spec.time_limit_code])
    tu.take_changes(police, cid, [spec.channel_code, spec.added_code])
    tu.keep_changes(police, cid, [spec.content_code])
    tu.take_changes(police, cid, [spec.removed_code])
    items = {i.template_code: i for i in catalogs.load_items(police, cid)}
    assert spec.removed_code not in items
    assert catalogs.catalog_info(police, cid).template_version == V2  # every change answered: follows 2021.1
    assert items[spec.time_limit_code].time_limit == spec.time_limit
    assert items[spec.time_limit_code].applicability == "adopted"  # the template's text: still 采用
    assert "两微一端" in items[spec.channel_code].channels
    assert items[spec.added_code].level2 == spec.added_level2 and items[spec.added_code].source == "template"
    assert items[spec.content_code].content == own_text

    # undo the removal: the item is back (same id), the change is open again, the catalog follows 2019.1
    removed = next(c for c in up.changes if c.code == spec.removed_code).item
    undone = police.undo()
    assert undone.name.startswith("撤销 采用模板更新")
    back = catalogs.get_item(police, removed.id)
    assert replace(back, position=removed.position) == removed  # one place later: the added item is above it
    assert catalogs.catalog_info(police, cid).template_version == "2019.1"
    again = tu.template_changes(police, cid)
    assert [c.code for c in again.pending] == [spec.removed_code]
    tu.keep_changes(police, cid, None)  # keep it after all (--all)
    assert catalogs.catalog_info(police, cid).template_version == V2
    assert tu.template_changes(police, cid) is None
    assert catalogs.get_item(police, removed.id).level2 == removed.level2

    # validation now judges against 2021.1: 两微一端 is required for that item
    assert catalogs.required_channels(police, cid)[spec.channel_code] == ["政府网站", "两微一端", "入户/现场"]

    # resubmit: the office sees the template version and what changed
    importing.import_files(office, [export_submission(police, [AREA], tmp_path / "v2.gkpkg").path])
    sub = next(s for s in submissions.list_submissions(office) if s.unit_code == police.unit_code)
    assert sub.template_version == V2
    data = inspect.inspect_submission(office, sub.id)
    assert data.latest_template == V2
    changed = {data.items[[i.id for i in data.items].index(k)].template_code: sorted(v.fields)
               for k, v in data.changes.items() if v.kind == "changed"}
    assert changed == {spec.time_limit_code: ["time_limit"], spec.channel_code: ["channels"]}
    assert [data.items[[i.id for i in data.items].index(k)].template_code
            for k, v in data.changes.items() if v.kind == "added"] == [spec.added_code]
    assert not data.removed
    assert police.unit_code not in progress.dashboard(office).old_templates


def test_take_all_is_one_entry_and_undo_restores_everything(upgraded) -> None:
    _office, police, cid, spec, _own = upgraded
    catalogs.start_revision(police, cid)
    before = catalogs.load_items(police, cid)
    changes = tu.take_changes(police, cid, None)
    assert changes.name == "全部采用模板更新（5 处）"
    after = {i.template_code: i for i in catalogs.load_items(police, cid)}
    assert after[spec.content_code].content == spec.content  # taken over the unit's own text
    assert after[spec.content_code].applicability == "adopted"
    assert catalogs.catalog_info(police, cid).template_version == V2
    police.undo()
    assert catalogs.load_items(police, cid) == before
    assert catalogs.catalog_info(police, cid).template_version == "2019.1"
    police.redo()
    assert catalogs.catalog_info(police, cid).template_version == V2


def test_refusals_say_what_to_do(upgraded) -> None:
    _office, police, cid, spec, _own = upgraded
    catalogs.start_revision(police, cid)
    with pytest.raises(DomainError) as err:
        tu.take_changes(police, cid, ["04-99-99"])
    assert err.value.code == "no_such_change" and spec.content_code in err.value.message
    tu.keep_changes(police, cid, None)
    with pytest.raises(DomainError) as err:
        tu.take_changes(police, cid, None)
    assert err.value.code == "template_current"


def test_a_handed_in_catalog_follows_the_new_template_in_its_revision(upgraded) -> None:
    _office, police, cid, _spec, _own = upgraded
    assert catalogs.catalog_info(police, cid).status == "submitted"
    with pytest.raises(DomainError) as err:  # even keeping everything changes what was handed in
        tu.keep_changes(police, cid, None)
    assert err.value.code == "catalog_locked"
    assert catalogs.catalog_info(police, cid).template_version == "2019.1"
    catalogs.start_revision(police, cid)  # 开始修订: the draft of version 2
    tu.keep_changes(police, cid, None)  # nothing taken: only the template version changes
    info = catalogs.catalog_info(police, cid)
    assert (info.status, info.version, info.template_version) == ("draft", 2, V2)
