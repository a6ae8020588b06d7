"""Versions on both sides, kept read-only; diffs (added, removed, moved, changed field by field); the
修订对照表 in Word and Excel; an item's history and restoring an earlier value."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from gongkai_desktop import keys
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import decisions, importing, revision, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.records import ItemRecord
from gongkai_desktop.revisions import diff_catalogs, revision_rows
from gongkai_desktop.unit import catalogs, history
from gongkai_desktop.unit import results as unit_results
from gongkai_desktop.unit import revision as unit_revision
from gongkai_desktop.unit.submit import export_submission

AREA = "04"


def item(n: int, **kw: object) -> ItemRecord:
    return ItemRecord(id=f"i{n}", catalog_id=1, position=n, level1="一级", level2=f"事项{n}", **kw)  # type: ignore[arg-type]


def test_diff_finds_added_removed_changed_and_only_really_moved_items() -> None:
    old = [item(n) for n in range(8)]
    new = [item(0), item(2, content="新内容"), item(9), item(3), item(4), item(1), item(6), item(7)]
    d = diff_catalogs(old, new)
    assert [(c.item_id, c.kind, c.moved) for c in d.changes] == [
        ("i2", "changed", False), ("i9", "added", False), ("i1", "moved", True), ("i5", "removed", False)]
    assert d.changes[0].fields == {"content": ("", "新内容")}
    assert (d.count("added"), d.count("removed"), d.count("changed"), d.count("moved")) == (1, 1, 1, 1)
    assert d.summary() == "新增 1 项，删除 1 项，修改 1 项，移动 1 项。"


def test_diff_marks_few_moves_however_the_items_shuffle() -> None:
    """Moving one item anywhere marks that one item, never the ones it passed (longest kept run)."""
    rng = random.Random(3)
    for _ in range(200):
        old = [item(n) for n in range(rng.randint(2, 40))]
        new = list(old)
        moved = new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new) + 1), moved)
        d = diff_catalogs(old, new)
        assert len(d.changes) == (0 if new == old else 1)
        for c in d.changes:  # moving that one item alone explains the new order (a swap may name either)
            assert c.kind == "moved" and [i for i in old if i.id != c.item_id] == [i for i in new if i.id != c.item_id]
        assert diff_catalogs(old, old).changes == []


def _handed_in(ws, tmp: Path, name: str) -> Path:
    return export_submission(ws, [AREA], tmp / f"{name}.gkpkg").path


def test_every_version_is_kept_on_both_sides(county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    cid = catalogs.find_catalog(police, AREA).id
    items = catalogs.load_items(police, cid)
    catalogs.edit_item(police, items[1].id, {"time_limit": "10个工作日内"})
    importing.import_files(office, [_handed_in(police, tmp_path, "v1")])
    sub1 = next(s for s in submissions.list_submissions(office) if s.unit_code == police.unit_code)
    decisions.decide(office, sub1.id, "returned", "第一轮梳理", comment="请补充依据", accept_problems=True)
    unit_results.import_result(police, office_results.export_result(office, sub1.id, tmp_path / "r1.gkpkg").path)

    catalogs.edit_item(police, items[2].id, {"basis": "《户口登记条例》"})
    catalogs.move_item(police, items[0].id, 5)
    new = catalogs.add_item(police, cid, "other", items[0].level1, "新增的事项").created[0]
    importing.import_files(office, [_handed_in(police, tmp_path, "v2")])
    sub2 = next(s for s in submissions.list_submissions(office) if s.unit_code == police.unit_code)
    decisions.decide(office, sub2.id, "approved", "第二轮梳理", accept_problems=True)
    unit_results.import_result(police, office_results.export_result(office, sub2.id, tmp_path / "r2.gkpkg").path)
    catalogs.start_revision(police, cid)  # an approved catalog changes only in a deliberate revision: version 3
    catalogs.edit_item(police, items[3].id, {"remarks": "草稿中的修改"})

    mine = unit_revision.list_versions(police, AREA)
    assert [(v.number, v.state, v.ref.kind) for v in mine] == [(1, "returned", "kept"), (2, "approved", "kept"),
                                                                (3, "draft", "draft")]
    assert mine[0].round == "第一轮梳理" and mine[1].round == "第二轮梳理" and mine[2].current
    v1_items = unit_revision.version_items(police, mine[0])
    assert next(i for i in v1_items if i.id == items[1].id).time_limit == "10个工作日内"
    assert next(i for i in v1_items if i.id == items[2].id).basis == items[2].basis  # read-only: as handed in

    theirs = revision.list_versions(office, police.unit_code, AREA)
    assert [(v.number, v.state, v.ref.kind) for v in theirs] == [(1, "returned", "submission"),
                                                                  (2, "approved", "submission")]
    assert theirs[1].round == "第二轮梳理"

    # the unit's default diff: the approved version against the draft
    d = unit_revision.compare_versions(police, AREA)
    assert (d.old.number, d.new.number) == (2, 3)
    assert [(c.item_id, list(c.fields)) for c in d.diff.changes] == [(items[3].id, ["remarks"])]
    # v1 → v2 on both sides: the same changes
    mine12 = unit_revision.compare_versions(police, AREA, "1", "v2").diff
    theirs12 = revision.compare_versions(office, police.unit_code, AREA, "1", "2").diff
    summary = [(c.item_id, c.kind, sorted(c.fields), c.moved) for c in mine12.changes]
    assert summary == [(c.item_id, c.kind, sorted(c.fields), c.moved) for c in theirs12.changes]
    assert (items[0].id, "moved", [], True) in summary and (new, "added", [], False) in summary
    assert (items[2].id, "changed", ["applicability", "basis"], False) in summary
    with pytest.raises(DomainError) as err:
        unit_revision.compare_versions(police, AREA, "7")
    assert err.value.code == "version_not_found" and "v1" in err.value.message


def test_revision_table_in_word_and_excel(ws, tmp_path) -> None:
    cid = catalogs.start_catalog(ws, AREA).catalog.id
    items = catalogs.load_items(ws, cid)
    keys.ensure_own_key(ws, ws.unit_code)
    export_submission(ws, [AREA], tmp_path / "v1.gkpkg")
    catalogs.start_revision(ws, cid)  # 开始修订: version 2's draft
    catalogs.edit_item(ws, items[1].id, {"time_limit": "=10个工作日内"})  # looks like a formula
    catalogs.add_item(ws, cid, "other", "新一级", "新事项", fields={"content": "新内容"})
    comparison = unit_revision.compare_versions(ws, AREA)
    rows = revision_rows(comparison.diff, comparison.notes)
    assert [r.kind for r in rows] == ["修改", "新增"]
    assert "公开时限：形成或者变更之日起20个工作日内予以公开" in rows[0].original
    assert rows[0].revised.startswith("公开时限：=10个工作日内") and rows[0].note.startswith("修改公开时限")

    docx_path = unit_revision.export_revision_table(comparison, tmp_path / "对照表.docx")
    doc = Document(str(docx_path))
    assert doc.paragraphs[0].text == "市公安局户籍管理政务公开事项标准目录修订对照表"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "事项", "修改类型", "原内容", "修改后", "修改说明"]
    assert table.rows[1].cells[3].text.startswith("公开时限：形成或者变更之日起")
    assert table.rows[2].cells[2].text == "新增" and "新内容" in table.rows[2].cells[4].text
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape

    xlsx_path = unit_revision.export_revision_table(comparison, tmp_path / "对照表.xlsx")
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet["A1"].value == doc.paragraphs[0].text
    assert [c.value for c in sheet[3]] == ["序号", "事项", "修改类型", "原内容", "修改后", "修改说明"]
    assert sheet["E4"].data_type == "s" and sheet["E4"].value.startswith("公开时限：=10个工作日内")
    assert sheet.freeze_panes == "A4" and sheet.print_title_rows == "$3:$3"
    with pytest.raises(DomainError) as err:
        unit_revision.export_revision_table(comparison, tmp_path / "x.pdf")
    assert err.value.code == "bad_format"


def test_item_history_and_restore_as_one_undoable_edit(ws) -> None:
    cid = catalogs.start_catalog(ws, AREA).catalog.id
    target = catalogs.load_items(ws, cid)[2]
    catalogs.edit_item(ws, target.id, {"time_limit": "实时"})
    catalogs.edit_item(ws, target.id, {"time_limit": "5个工作日内", "remarks": "备注"})
    entries = history.history(ws, target.id)
    assert [(e.number, e.action, e.field) for e in entries] == [
        (1, "create", None), (2, "update", "time_limit"), (3, "update", "applicability"),
        (4, "update", "time_limit"), (5, "update", "remarks")]
    assert entries[1].change_text == f"{target.time_limit} → 实时" and entries[1].origin == "修改公开时限"
    assert history.item_at(ws, AREA, 3).id == target.id

    changes = history.restore(ws, target.id, 2)  # the value before change 2: the template's text
    after = changes.item
    assert changes.name == "恢复公开时限" and after.time_limit == target.time_limit
    assert after.applicability == "adopted"  # back to the template's wording: 采用 again
    assert after.remarks == "备注"
    assert history.history(ws, target.id)[-1].origin == "恢复公开时限"
    ws.undo()
    assert catalogs.get_item(ws, target.id).time_limit == "5个工作日内"
    with pytest.raises(DomainError) as err:
        history.restore(ws, target.id, 1)
    assert err.value.code == "change_not_restorable"
    with pytest.raises(DomainError) as err:
        history.restore(ws, target.id, 99)
    assert err.value.code == "change_not_found"
    with pytest.raises(DomainError) as err:
        history.item_at(ws, AREA, 999)
    assert err.value.code == "item_not_found"


def test_undo_and_import_say_where_a_change_came_from(ws) -> None:
    cid = catalogs.start_catalog(ws, AREA).catalog.id
    target = catalogs.load_items(ws, cid)[0]
    catalogs.edit_item(ws, target.id, {"remarks": "一"})
    ws.undo()
    last = history.history(ws, target.id)[-1]
    assert (last.action, last.field, last.origin) == ("undo", "remarks", "撤销 修改备注")
