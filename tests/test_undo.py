"""Undo in the core, without Qt: exact inverses (same ids, same times), the change log, merging,
staleness, the review side, and `gongkai undo` / `gongkai redo` across processes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select

from gongkai_desktop.errors import DomainError
from gongkai_desktop.models import ChangeLog, ReviewComment
from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission


def _submitted(office, police, tmp_path):
    """市公安局's 户籍管理 handed in and imported by the office; its submission."""
    export_submission(police, ["04"], tmp_path / "p.gkpkg")
    importing.import_verdicts(office, importing.dry_run(office, [tmp_path / "p.gkpkg"]))
    return next(s for s in submissions.list_submissions(office) if s.unit_name == "市公安局")


def _log(ws, item_id: str) -> list[tuple[str, str | None, object, object]]:
    with ws.session() as s:
        return [(r.action, r.field, r.old, r.new)
                for r in s.scalars(select(ChangeLog).where(ChangeLog.item_id == item_id).order_by(ChangeLog.id))]


def test_edit_undo_redo_then_delete_comment_undo_without_qt(county, tmp_path) -> None:
    """The issue's own sequence: edit → undo → redo on a unit; delete a comment → undo on the office."""
    office, units = county
    police = units["市公安局"]
    cat = catalogs.find_catalog(police, "04")
    item = catalogs.load_items(police, cat.id)[1]

    edit = catalogs.edit_item(police, item.id, {"time_limit": "信息形成之日起10个工作日内"})
    after = catalogs.get_item(police, item.id)
    assert after.revision == item.revision + 1 and after.applicability == "adapted"
    assert edit.undo is not None and edit.undo.undo == "修改公开时限"

    undone = police.undo()
    assert catalogs.get_item(police, item.id) == item  # text, applicability and revision as before
    assert undone.undo is not None and undone.undo.redo == "修改公开时限"
    redone = police.redo()
    assert catalogs.get_item(police, item.id) == after
    assert redone.items[item.id] == after
    # the change log tells the whole story: the edit, its undo, its redo (field by field)
    fields = [(a, f) for a, f, _, _ in _log(police, item.id) if a != "create"]
    assert fields == [("update", "time_limit"), ("update", "applicability"),
                      ("undo", "time_limit"), ("undo", "applicability"),
                      ("redo", "time_limit"), ("redo", "applicability")]

    # the office: a comment deleted and brought back is the same comment (id, author, time)
    sub = _submitted(office, police, tmp_path)
    added = decisions.add_comment(office, sub.id, "请补充公开依据", item.id, "basis", "王审核")
    comment = decisions.comment_info(office, added.created[0])
    gone = decisions.delete_comment(office, comment.id)
    assert gone.submissions == {sub.id} and decisions.comments(office, sub.id) == []
    office.undo()
    assert decisions.comments(office, sub.id) == [comment]
    with office.session() as s:
        row = s.get(ReviewComment, comment.id)
        assert (row.at, row.author, row.text) == (comment.at, "王审核", "请补充公开依据")


def test_one_typing_session_is_one_entry(ws) -> None:
    cat = catalogs.start_catalog(ws, "04").catalog
    item = catalogs.load_items(ws, cat.id)[0]
    for text in ("本", "本局", "本局网站"):
        catalogs.edit_item(ws, item.id, {"remarks": text}, merge_key="typing-1")
    catalogs.edit_item(ws, item.id, {"remarks": "本局网站公开"}, merge_key="typing-2")
    assert ws.undo_status().undo == "修改备注"
    ws.undo()
    assert catalogs.get_item(ws, item.id).remarks == "本局网站"
    ws.undo()
    assert catalogs.get_item(ws, item.id).remarks == item.remarks
    assert ws.undo_status().undo == "开始编制“户籍管理”"


def test_a_new_action_after_undo_drops_the_redo(ws) -> None:
    cat = catalogs.start_catalog(ws, "04").catalog
    a, b = catalogs.load_items(ws, cat.id)[:2]
    catalogs.edit_item(ws, a.id, {"remarks": "甲"})
    ws.undo()
    catalogs.edit_item(ws, b.id, {"remarks": "乙"})
    assert ws.undo_status().redo is None
    with pytest.raises(DomainError) as err:
        ws.redo()
    assert err.value.code == "nothing_to_redo" and "重做" in err.value.message


def test_an_undo_never_overwrites_later_work(ws) -> None:
    """A change that kept no entry (another program, an import) makes the older entry stale."""
    from gongkai_desktop.models import CatalogItem

    cat = catalogs.start_catalog(ws, "04").catalog
    item = catalogs.load_items(ws, cat.id)[0]
    catalogs.edit_item(ws, item.id, {"remarks": "窗口里改的"})
    with ws.session() as s:
        s.get(CatalogItem, item.id).remarks = "别处改的"
    with pytest.raises(DomainError) as err:
        ws.undo()
    assert err.value.code == "undo_stale"
    assert catalogs.get_item(ws, item.id).remarks == "别处改的"


def test_verdicts_general_comment_and_clear_are_undone_exactly(county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    sub = _submitted(office, police, tmp_path)
    item_id = submissions.submission_items(office, sub.id)[0].id
    decisions.set_verdict(office, sub.id, item_id, "change")
    decisions.set_general_comment(office, sub.id, "总体较好")
    decisions.add_comment(office, sub.id, "时限不清", item_id, "time_limit", "李审核")
    before = (decisions.verdicts(office, sub.id), decisions.comments(office, sub.id))
    decisions.clear_review(office, sub.id)
    assert decisions.verdicts(office, sub.id) == {} and decisions.comments(office, sub.id) == []
    office.undo()
    assert (decisions.verdicts(office, sub.id), decisions.comments(office, sub.id)) == before
    office.undo()  # the comment
    office.undo()  # the general comment
    assert submissions.get_submission(office, sub.id).general_comment == ""
    office.undo()  # the verdict
    assert decisions.verdicts(office, sub.id) == {}


def test_a_decision_closes_the_reviewers_undo(county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    sub = _submitted(office, police, tmp_path)
    decisions.add_comment(office, sub.id, "请补充依据")
    decisions.decide(office, sub.id, "returned", "第一轮梳理", "王审核")
    assert office.undo_status().undo is None
    assert len(decisions.comments(office, sub.id)) == 1


def test_gongkai_undo_and_redo_across_processes(ws) -> None:
    """The log lives in the workspace: a command in one process undoes what another one did."""
    cat = catalogs.start_catalog(ws, "04").catalog
    item = catalogs.load_items(ws, cat.id)[0]
    catalogs.edit_item(ws, item.id, {"publisher": "江山市公安局户政科"})

    def gongkai(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", str(ws.data_dir), *args],
                              capture_output=True, text=True, timeout=120)

    done = gongkai("undo")
    assert done.returncode == 0 and "已撤销 修改公开主体" in done.stdout and "可重做：修改公开主体" in done.stdout
    assert catalogs.get_item(ws, item.id).publisher == item.publisher
    done = gongkai("redo")
    assert done.returncode == 0 and "已重做 修改公开主体" in done.stdout
    assert catalogs.get_item(ws, item.id).publisher == "江山市公安局户政科"
    gongkai("undo")
    gongkai("undo")  # the start of the area
    done = gongkai("undo")
    assert done.returncode != 0 and "没有可以撤销的操作" in done.stderr and "Traceback" not in done.stderr
