"""The whole loop: two units and the office in separate data dirs, from compiling to the county catalog."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from gongkai_desktop import identity
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import aggregate, decisions, diff, importing, progress, round_dates, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit import results as unit_results
from gongkai_desktop.unit.submit import export_submission
from tests.pg_support import office_engine  # noqa: F401 - every test here runs on SQLite and on PostgreSQL

AREA = "04"


def submit(ws, tmp: Path, name: str) -> Path:
    return export_submission(ws, [AREA], tmp / f"{name}.gkpkg").path


def current(office, unit_name: str) -> submissions.SubmissionInfo:
    return next(s for s in submissions.list_submissions(office) if s.unit_name == unit_name)


def test_full_review_loop(county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    cat = catalogs.find_catalog(police, AREA)
    items = catalogs.load_items(police, cat.id)
    target = items[1]

    # submit, dry run, import
    p1 = submit(police, tmp_path, "v1")
    verdicts = importing.dry_run(office, [p1])
    assert [v.verdict for v in verdicts] == ["new"]
    assert verdicts[0].unit_name == "市公安局" and verdicts[0].areas[0].item_count == len(items)
    summary = importing.import_verdicts(office, verdicts)
    assert len(summary.submissions) == 1
    sub = current(office, "市公安局")
    assert sub.status == "submitted" and sub.item_count == len(items)

    # comment on a field, mark a verdict, return
    c = decisions.comment_info(office, decisions.add_comment(
        office, sub.id, "公开时限请写明具体天数", item_id=target.id, field="time_limit", author="王审核").created[0])
    decisions.set_verdict(office, sub.id, target.id, "change")
    decisions.decide(office, sub.id, "returned", "第一轮梳理", "王审核", "请按意见修改")
    result = office_results.export_result(office, sub.id, tmp_path / "r1.gkpkg")

    # the unit imports the result and sees the comment on that item and field
    got = unit_results.import_result(police, result.path)
    assert got.decision == "returned" and got.comment_count == 2  # the field comment and the general one
    assert catalogs.catalog_info(police, cat.id).status == "returned"
    received = unit_results.received_comments(police, cat.id, target.id)
    assert [(r.id, r.field, r.text) for r in received] == [(c.id, "time_limit", "公开时限请写明具体天数")]

    # fix, mark addressed, resubmit
    catalogs.edit_item(police, target.id, {"time_limit": "信息形成之日起10个工作日内"})
    unit_results.mark_addressed(police, c.id)
    p2 = submit(police, tmp_path, "v2")
    v2 = importing.dry_run(office, [p2])
    assert v2[0].verdict == "newer"
    importing.import_verdicts(office, v2)
    sub2 = current(office, "市公安局")
    assert sub2.id != sub.id and sub2.previous_id == sub.id and sub2.catalog_version == 2
    assert c.id in sub2.addressed_comments
    history = submissions.history(office, sub2.unit_code, AREA)
    assert [h.id for h in history] == [sub.id, sub2.id] and history[0].superseded_by == sub2.id

    # the office sees what changed
    changes = diff.diff_items(submissions.submission_items(office, sub.id), submissions.submission_items(office, sub2.id))
    assert [(d.item_id, list(d.fields)) for d in changes] == [(target.id, ["time_limit", "applicability"])]

    # approve, result, aggregate
    decisions.decide(office, sub2.id, "approved", "第二轮梳理", "王审核", accept_problems=True)
    with pytest.raises(DomainError) as err:
        decisions.add_comment(office, sub2.id, "再改一下")
    assert err.value.code == "submission_locked"
    unit_results.import_result(police, office_results.export_result(office, sub2.id, tmp_path / "r2.gkpkg").path)
    assert catalogs.catalog_info(police, cat.id).status == "approved"
    agg = aggregate.aggregate_area(office, AREA)
    assert agg.units == ["市公安局"]
    row = next(r for r in agg.rows if r.item.id == target.id)
    assert row.item.time_limit == "信息形成之日起10个工作日内" and row.units == ["市公安局"] and row.scope == "county"
    assert "双塔街道" in agg.missing_units


def test_identical_resubmission_is_a_noop_and_a_replay_is_identical(county, tmp_path) -> None:
    office, units = county
    ws = units["双塔街道"]
    p1 = submit(ws, tmp_path, "a")
    importing.import_files(office, [p1])
    again = importing.dry_run(office, [p1])
    assert again[0].verdict == "identical"
    assert again[0].unit_name == "双塔街道" and [a.area_code for a in again[0].areas] == [AREA]
    p2 = submit(ws, tmp_path, "b")  # same content, new package
    v = importing.dry_run(office, [p2])
    assert v[0].verdict == "identical"
    summary = importing.import_verdicts(office, v)
    assert summary.submissions == []
    assert len(submissions.history(office, current(office, "双塔街道").unit_code, AREA)) == 1


def test_a_stale_package_needs_confirmation(county, tmp_path) -> None:
    office, units = county
    ws = units["虎山街道"]
    cat = catalogs.find_catalog(ws, AREA)
    old = submit(ws, tmp_path, "old")
    item = catalogs.load_items(ws, cat.id)[0]
    catalogs.start_revision(ws, cat.id)
    catalogs.edit_item(ws, item.id, {"remarks": "第二版"})
    new = submit(ws, tmp_path, "new")
    importing.import_files(office, [new])
    v = importing.dry_run(office, [old])
    assert v[0].verdict == "stale" and "确认" in v[0].message
    assert importing.import_verdicts(office, v).submissions == []
    summary = importing.import_verdicts(office, v, confirm_stale=[old])
    assert len(summary.submissions) == 1


def test_unknown_signer_is_quarantined_and_nothing_is_written(new_workspace, county, tmp_path) -> None:
    office, _ = county
    stranger = new_workspace("stranger")
    identity.choose_unit(stranger, "清湖街道")
    catalogs.start_catalog(stranger, AREA)
    path = submit(stranger, tmp_path, "x")
    v = importing.dry_run(office, [path])
    assert v[0].verdict == "quarantined" and v[0].details["digits"]
    assert importing.import_verdicts(office, v).submissions == []
    assert all(s.unit_name != "清湖街道" for s in submissions.list_submissions(office))


def test_a_folder_with_a_broken_file_imports_the_good_ones(county, tmp_path) -> None:
    office, units = county
    folder = tmp_path / "inbox"
    folder.mkdir()
    submit(units["双塔街道"], folder, "good")
    (folder / "broken.gkpkg").write_bytes(b"PK\x03\x04 not really")
    verdicts, summary = importing.import_files(office, [folder])
    assert sorted(v.verdict for v in verdicts) == ["new", "refused"]
    assert len(summary.imported) == 1


def test_township_items_are_merged_and_differences_flagged(county, tmp_path) -> None:
    office, units = county
    for name in ("双塔街道", "虎山街道"):
        ws = units[name]
        cat = catalogs.find_catalog(ws, AREA)
        first = catalogs.load_items(ws, cat.id)[0]
        if name == "虎山街道":
            catalogs.edit_item(ws, first.id, {"time_limit": "实时公开"})
        importing.import_files(office, [submit(ws, tmp_path, name)])
        decisions.decide(office, current(office, name).id, "approved", "总结验收", accept_problems=True)
    agg = aggregate.aggregate_area(office, AREA)
    first_code = catalogs.load_items(units["双塔街道"], catalogs.find_catalog(units["双塔街道"], AREA).id)[0].template_code
    row = next(r for r in agg.rows if r.item.template_code == first_code)
    assert row.units == ["双塔街道", "虎山街道"] and row.scope == "township"
    assert any("公开时限不一致" in f for f in row.flags)
    others = [r for r in agg.rows if r.item.template_code != first_code]
    assert all(r.units == ["双塔街道", "虎山街道"] for r in others)
    assert agg.counts.items == 2 * len(catalogs.load_items(units["双塔街道"], catalogs.find_catalog(units["双塔街道"], AREA).id))


def test_dashboard_marks_late_units(county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [submit(units["市公安局"], tmp_path, "p")])
    assert progress.dashboard(office, date(2100, 1, 1)).late == []  # no dates set yet: nobody is overdue
    d = round_dates.set_dates(office, round_dates.suggest(date.today()))
    before = progress.dashboard(office, d["第一轮梳理"] - timedelta(days=1))
    assert before.late == []
    after = progress.dashboard(office, d["第一轮梳理"] + timedelta(days=1))
    police = next(c for c in after.cells.values() if c.unit_code == current(office, "市公安局").unit_code and c.area_code == AREA)
    assert police.state == "submitted" and not police.overdue
    late_units = {c.unit_code for c in after.late}
    assert "T01" in late_units  # 双塔街道 has submitted nothing
    assert after.per_area[AREA]["submitted"] == 1
    progress.set_deadline(office, "第一轮梳理", (date.today() + timedelta(days=30)).isoformat())
    assert progress.get_deadlines(office)["第一轮梳理"] == date.today() + timedelta(days=30)
    with pytest.raises(DomainError):
        progress.set_deadline(office, "第一轮梳理", "31/07/2020")


def test_return_needs_a_comment_and_rounds_are_checked(county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [submit(units["市公安局"], tmp_path, "p")])
    sub = current(office, "市公安局")
    with pytest.raises(DomainError) as err:
        decisions.decide(office, sub.id, "returned", "第一轮梳理")
    assert err.value.code == "return_without_comment"
    with pytest.raises(DomainError):
        decisions.decide(office, sub.id, "approved", "第九轮", accept_problems=True)


def test_a_unit_cannot_import_a_result_meant_for_another(county, tmp_path) -> None:
    office, units = county
    importing.import_files(office, [submit(units["双塔街道"], tmp_path, "p")])
    sub = current(office, "双塔街道")
    decisions.decide(office, sub.id, "approved", "第一轮梳理", accept_problems=True)
    path = office_results.export_result(office, sub.id, tmp_path / "r.gkpkg").path
    with pytest.raises(DomainError) as err:
        unit_results.import_result(units["虎山街道"], path)
    assert err.value.code == "wrong_recipient"


def test_county_aggregate_counts_equal_the_streamed_summary(county, tmp_path) -> None:
    office, units = county
    for name in ("市公安局", "双塔街道", "虎山街道"):
        ws = units[name]
        item = catalogs.load_items(ws, catalogs.find_catalog(ws, AREA).id)[0]
        catalogs.edit_item(ws, item.id, {"attribute": "不予公开", "legal_ground": "《中华人民共和国政府信息公开条例》第十四条"})
        importing.import_files(office, [submit(ws, tmp_path, name)])
        decisions.decide(office, current(office, name).id, "approved", "总结验收", accept_problems=True)
    areas, summary = aggregate.aggregate_county(office)
    streamed = aggregate.county_summary(office)
    assert summary.total.items == streamed.total.items == sum(a.counts.items for a in areas) > 0
    assert summary.total.by_attribute == streamed.total.by_attribute and summary.total.by_attribute["不予公开"] == 3
    assert summary.total.by_level == streamed.total.by_level and summary.total.by_mode == streamed.total.by_mode
    assert summary.negative_count == streamed.negative_count == 3
    assert (summary.township_groups, summary.flagged_groups) == (streamed.township_groups, streamed.flagged_groups)
