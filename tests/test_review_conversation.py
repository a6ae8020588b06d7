"""Issue 18: the review as a conversation, and several reviewers on one office workspace (both engines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai_desktop import settings
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import audit, conversation, decisions, importing, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.unit import catalogs, replies
from gongkai_desktop.unit import results as unit_results
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import Workspace
from tests.pg_support import office_engine  # noqa: F401 - every test here runs on SQLite and on PostgreSQL

AREA = "04"


def current(office, unit_name: str) -> submissions.SubmissionInfo:
    return next(s for s in submissions.list_submissions(office) if s.unit_name == unit_name)


def returned_with_a_question(office, police, tmp_path: Path):
    """v1 submitted, imported, returned with a question on the basis of one item; the unit has the result."""
    office.put(settings.REVIEWER_NAME, "王审核")
    importing.import_files(office, [export_submission(police, [AREA], tmp_path / "v1.gkpkg").path])
    sub = current(office, "市公安局")
    item = submissions.submission_items(office, sub.id)[1]
    cid = decisions.add_comment(office, sub.id, "请补充公开依据", item_id=item.id, field="basis").created[0]
    decisions.decide(office, sub.id, "returned", "第一轮梳理", accept_problems=True)
    unit_results.import_result(police, office_results.export_result(office, sub.id, tmp_path / "r1.gkpkg").path)
    return sub, item, cid


def test_reply_without_change_reaches_the_office_as_the_next_version(county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    sub, item, cid = returned_with_a_question(office, police, tmp_path)
    cat = catalogs.find_catalog(police, AREA)
    assert catalogs.catalog_info(police, cat.id).status == "returned"

    # the unit checks, finds the basis complete, answers without changing anything and resubmits
    replies.reply(police, cid, "公开依据已完整：《户口登记条例》第三条已列明。", addressed=True)
    assert unit_results.received_comments(police, cat.id, item.id)[0].reply.startswith("公开依据已完整")
    p2 = export_submission(police, [AREA], tmp_path / "v2.gkpkg").path
    v = importing.dry_run(office, [p2])
    assert v[0].verdict == "newer"  # not “与已导入的相同”
    importing.import_verdicts(office, v)
    sub2 = current(office, "市公安局")
    assert sub2.id != sub.id and sub2.previous_id == sub.id and sub2.catalog_version == 2
    assert sub2.status == "submitted" and sub2.answers_result is not None

    # the office sees v2 with the reply, the item unchanged
    thread = conversation.thread(office, sub2.id)
    assert [(t.id, t.reply, t.addressed, t.item_changed) for t in thread] == [
        (cid, "公开依据已完整：《户口登记条例》第三条已列明。", True, False)]
    assert thread[0].author == "王审核"

    # identical re-imports stay a no-op: the same file, and the same content packaged again
    assert importing.dry_run(office, [p2])[0].verdict == "identical"
    p3 = export_submission(police, [AREA], tmp_path / "v3.gkpkg").path
    assert importing.import_files(office, [p3])[1].submissions == []
    assert len(submissions.history(office, sub2.unit_code, AREA)) == 2

    decisions.decide(office, sub2.id, "approved", "第二轮梳理", accept_problems=True)
    assert decisions.decisions(office, sub2.id)[-1].reviewer == "王审核"
    unit_results.import_result(police, office_results.export_result(office, sub2.id, tmp_path / "r2.gkpkg").path)
    assert catalogs.catalog_info(police, cat.id).status == "approved"
    actions = [e.action for e in audit.entries(office)]
    assert actions[::-1] == ["import", "comment", "decide", "result", "import", "decide", "result"]
    assert {e.reviewer for e in audit.entries(office)} == {"王审核"}


def test_the_office_reopens_a_comment_and_it_goes_back_to_the_unit(county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    sub, item, cid = returned_with_a_question(office, police, tmp_path)
    replies.reply(police, cid, "已完整")
    importing.import_files(office, [export_submission(police, [AREA], tmp_path / "v2.gkpkg").path])
    sub2 = current(office, "市公安局")
    with pytest.raises(DomainError) as err:
        conversation.reopen(office, decisions.comments(office, sub2.id)[0].id if decisions.comments(office, sub2.id)
                            else "nope")
    assert err.value.code in ("comment_not_found", "comment_still_open")
    new = conversation.reopen(office, cid).created[0]
    assert conversation.thread(office, sub2.id)[0].reopened
    with pytest.raises(DomainError) as err:
        conversation.reopen(office, cid)
    assert err.value.code == "comment_reopened"
    reopened = decisions.comment_info(office, new)
    assert (reopened.submission_id, reopened.item_id, reopened.field, reopened.text) == (sub2.id, item.id, "basis", "请补充公开依据")
    decisions.decide(office, sub2.id, "returned", "第一轮梳理", accept_problems=True)
    got = unit_results.import_result(police, office_results.export_result(office, sub2.id, tmp_path / "r2.gkpkg").path)
    assert got.comment_count == 1
    cat = catalogs.find_catalog(police, AREA)
    assert [c.text for c in unit_results.received_comments(police, cat.id) if c.id == new] == ["请补充公开依据"]


def test_a_stale_write_is_refused_with_who_changed_it(county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [export_submission(units["双塔街道"], [AREA], tmp_path / "a.gkpkg").path])
    sub = current(office, "双塔街道")
    seen = sub.review_version
    other = Workspace.open(tmp_path / "second-reviewer", url=office.url if office.shared else None) if office.shared \
        else office
    other.put(settings.REVIEWER_NAME, "张三")
    try:
        decisions.add_comment(other, sub.id, "请核对公开主体", expected_version=seen)
        with pytest.raises(DomainError) as err:
            decisions.set_general_comment(office, sub.id, "总体尚可", expected_version=seen)
        assert err.value.code == "stale_review" and "已被 张三 修改，请刷新后再试" in err.value.message
        fresh = submissions.get_submission(office, sub.id)
        assert fresh.review_version == seen + 1 and fresh.review_by == "张三"
        decisions.set_general_comment(office, sub.id, "总体尚可", expected_version=fresh.review_version)
        assert submissions.get_submission(office, sub.id).general_comment == "总体尚可"
    finally:
        if other is not office:
            other.close()


def test_take_shows_who_reviews_what(county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [export_submission(units["双塔街道"], [AREA], tmp_path / "a.gkpkg").path])
    sub = current(office, "双塔街道")
    with pytest.raises(DomainError) as err:
        conversation.take(office, sub.id)
    assert err.value.code == "no_reviewer"
    office.put(settings.REVIEWER_NAME, "李四")
    conversation.take(office, sub.id)
    assert current(office, "双塔街道").reviewer == "李四"
    office.put(settings.REVIEWER_NAME, "张三")
    with pytest.raises(DomainError) as err:
        conversation.take(office, sub.id)
    assert err.value.code == "taken_by_other" and "李四" in err.value.message
    conversation.take(office, sub.id, force=True)
    assert current(office, "双塔街道").reviewer == "张三"
    assert [(e.reviewer, e.action) for e in audit.entries(office, sub.id)][:2] == [("张三", "take"), ("李四", "take")]


def test_the_conversation_through_the_command_line(county, tmp_path, capsys) -> None:
    office, units = county
    police = units["市公安局"]
    office_args = ["--data-dir", str(office.data_dir), *(["--db", office.url] if office.shared else [])]
    unit_args = ["--data-dir", str(police.data_dir)]

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    assert run(*office_args, "init", "--review-office", "--reviewer", "王审核")[0] == 0
    assert office.reviewer == "王审核"
    sub, item, cid = returned_with_a_question(office, police, tmp_path)
    code, out, _ = run(*unit_args, "result", "reply", cid, "依据已完整，无需修改")
    assert code == 0
    code, out, _ = run(*unit_args, "result", "comments")
    assert "本单位答复：依据已完整，无需修改" in out
    code, _, err = run(*unit_args, "result", "reply", "no-such-id", "x")
    assert code == 2 and "没有编号为 no-such-id 的审核意见" in err
    importing.import_files(office, [export_submission(police, [AREA], tmp_path / "v2.gkpkg").path])
    sub2 = current(office, "市公安局")
    code, out, _ = run(*office_args, "review", "show", str(sub2.id))
    assert code == 0 and "单位答复：依据已完整，无需修改" in out and "事项未改动" in out
    assert run(*office_args, "review", "take", str(sub2.id))[0] == 0
    code, out, _ = run(*office_args, "review", "list")
    assert "王审核" in out
    code, out, _ = run(*office_args, "review", "reopen", cid)
    assert code == 0 and "已重新打开" in out
    code, out, _ = run(*office_args, "review", "log")
    assert code == 0 and "认领" in out and "重新打开意见" in out and "导入报送" in out


def test_problem_counts_are_counted_once_and_stay_right(county, tmp_path) -> None:
    from gongkai_desktop.models import Submission
    from gongkai_desktop.office import inspect

    office, units = county
    ws = units["双塔街道"]
    cat = catalogs.find_catalog(ws, AREA)
    item = catalogs.load_items(ws, cat.id)[0]
    catalogs.edit_item(ws, item.id, {"time_limit": "", "publisher": ""})  # problems the office must count
    importing.import_files(office, [export_submission(ws, [AREA], tmp_path / "a.gkpkg").path])
    sub = current(office, "双塔街道")
    expected = len(inspect.submission_problems(office, sub, submissions.submission_items(office, sub.id)))
    assert expected > 0
    assert inspect.problem_counts(office) == {sub.id: expected}
    with office.session(write=False) as s:
        assert s.get(Submission, sub.id).problem_count == expected  # kept: the queue reads it next time
    assert inspect.problem_counts(office, [sub.id]) == {sub.id: expected}


def test_an_undo_is_a_change_of_the_review_another_reviewer_sees(county, tmp_path) -> None:
    """Undoing a comment moves the review to its next version (a view opened before refuses its stale
    edit instead of writing over it) and is itself a line in the audit log, which keeps the comment."""
    from gongkai_desktop.office import audit

    office, units = county
    importing.import_files(office, [export_submission(units["双塔街道"], [AREA], tmp_path / "a.gkpkg").path])
    sub = current(office, "双塔街道")
    office.put(settings.REVIEWER_NAME, "王审核")
    decisions.add_comment(office, sub.id, "请核对公开主体", expected_version=sub.review_version)
    seen = submissions.get_submission(office, sub.id).review_version  # what another reviewer's view shows now
    office.undo()
    after = submissions.get_submission(office, sub.id)
    assert decisions.comments(office, sub.id) == [] and after.review_version == seen + 1 and after.review_by == "王审核"
    with pytest.raises(DomainError) as err:  # the view opened before the undo
        decisions.set_general_comment(office, sub.id, "总体尚可", expected_version=seen)
    assert err.value.code == "stale_review"
    office.redo()
    assert [c.text for c in decisions.comments(office, sub.id)] == ["请核对公开主体"]
    assert submissions.get_submission(office, sub.id).review_version == seen + 2
    log = [(e.label, e.detail) for e in audit.entries(office, sub.id)]
    assert log[0] == ("撤销或重做", "重做 添加审核意见") and log[1] == ("撤销或重做", "撤销 添加审核意见")
    assert ("写审核意见", log[2][1]) == log[2] and "请核对公开主体" in log[2][1]
