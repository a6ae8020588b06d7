"""County → prefecture → county, two counties in separate data dirs: the same review machinery one level up."""

from __future__ import annotations

import pytest

from gongkai_desktop import keys, reference
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import aggregate, decisions, importing, prefecture, provenance, submissions, upstream
from gongkai_desktop.office import results as office_results
from gongkai_desktop.office.forward import forward
from gongkai_desktop.package import PackageError
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit import results as unit_results
from gongkai_desktop.unit.submit import export_submission
from tests.pg_support import office_engine  # noqa: F401 - the prefecture runs on SQLite and on PostgreSQL
from tests.prefecture_helpers import AREA, approve_all, build_county, build_prefecture, county_registry


@pytest.fixture
def region(new_workspace, tmp_path, office_url):
    """Two counties (SQLite) and their prefecture, on SQLite and on PostgreSQL (the shared office database)."""
    counties = {name: build_county(new_workspace, tmp_path, name) for name in ("江山市", "龙游县")}
    return counties, build_prefecture(new_workspace, counties, url=office_url)


def sub_of(pref, county: str) -> submissions.SubmissionInfo:
    return next(s for s in submissions.list_submissions(pref) if s.unit_name == county)


def test_county_prefecture_county_round_trip(region, tmp_path) -> None:
    counties, pref = region
    js, ly = counties["江山市"], counties["龙游县"]
    pref_digits = keys.own_key_info(pref, keys.OFFICE_OWNER).digits

    # each county forwards its approved catalogs; the prefecture's dry run names them, then imports
    p_js = forward(js["office"], [AREA], tmp_path / "js-1.gkpkg").path
    p_ly = forward(ly["office"], None, tmp_path / "ly-1.gkpkg").path
    verdicts = importing.dry_run(pref, [p_js, p_ly])
    assert sorted((v.unit_name, v.verdict) for v in verdicts) == [("江山市", "new"), ("龙游县", "new")]
    summary = importing.import_verdicts(pref, verdicts)
    assert len(summary.submissions) == 2
    sub = sub_of(pref, "江山市")
    items = submissions.submission_items(pref, sub.id)
    prov = provenance.provenance_of(pref, sub.id)
    assert set(prov) == {i.id for i in items}
    # the townships' same template items are one county row naming both townships
    merged = next(p for p in prov.values() if p.scope == "township")
    assert merged.unit_names == ["双塔街道", "虎山街道"]
    police_items = {i.id for i in catalogs.load_items(js["units"]["市公安局"],
                                                       catalogs.find_catalog(js["units"]["市公安局"], AREA).id)}
    target = next(i for i in items if prov[i.id].units[0][0] == "D06" and i.id in police_items)

    # the prefecture comments on an item of 江山市 and returns it
    decisions.add_comment(pref, sub.id, "公开依据请写明条款", item_id=target.id, field="basis", author="市审核员")
    decisions.decide(pref, sub.id, "returned", "第一轮梳理", "市审核员", "请按意见修改")
    result = office_results.export_result(pref, sub.id, tmp_path / "to-js.gkpkg")

    # the county office imports it (the prefecture's fingerprint confirmed) and sees the comment on its row
    with pytest.raises(PackageError) as exc:
        upstream.import_result(js["office"], result.path)
    assert exc.value.code == "upstream_fingerprint_required"
    got = upstream.import_result(js["office"], result.path, pref_digits)
    assert got.decision == "returned" and got.learned_key and got.current
    (c,) = got.comments
    assert (c.item_id, c.field, c.text) == (target.id, "basis", "公开依据请写明条款")
    assert c.item_label == f"{target.level1} / {target.level2}" and c.units == ["市公安局"]
    assert got.general_comment == "请按意见修改"
    with pytest.raises(PackageError) as exc:  # the same result twice: a replay
        upstream.import_result(js["office"], result.path)
    assert exc.value.code == "replayed"

    # the unit fixes it (开始修订 on its approved catalog), the county approves again and re-forwards
    police = js["units"]["市公安局"]
    cat = catalogs.find_catalog(police, AREA)
    office_result = _approve_result(js["office"], police, tmp_path)
    unit_results.import_result(police, office_result)
    catalogs.start_revision(police, cat.id)
    catalogs.edit_item(police, target.id, {"basis": "《中华人民共和国户口登记条例》第六条"})
    importing.import_files(js["office"], [export_submission(police, [AREA], tmp_path / "police-2.gkpkg").path])
    approve_all(js["office"])
    p_js2 = forward(js["office"], [AREA], tmp_path / "js-2.gkpkg").path
    (v,) = importing.dry_run(pref, [p_js2])
    assert v.verdict == "newer"
    importing.import_verdicts(pref, [v])
    sub2 = sub_of(pref, "江山市")
    assert sub2.previous_id == sub.id and sub2.catalog_version == 2
    fixed = next(i for i in submissions.submission_items(pref, sub2.id) if i.id == target.id)
    assert fixed.basis == "《中华人民共和国户口登记条例》第六条"

    # the prefecture approves both counties and aggregates them
    for s in submissions.list_submissions(pref, status="submitted"):
        decisions.decide(pref, s.id, "approved", "第一轮梳理", "市审核员", accept_problems=True)
    agg = aggregate.aggregate_area(pref, AREA)
    assert sorted(agg.units) == ["江山市", "龙游县"]
    both = [r for r in agg.rows if sorted(r.units) == ["江山市", "龙游县"]]
    assert both and all(r.scope == "counties" for r in both)
    row = next(r for r in agg.rows if r.item.template_code == target.template_code)
    assert sorted(row.units) == ["江山市", "龙游县"]  # one row for the item both counties disclose
    assert set(agg.by_unit) == {"江山市", "龙游县"}
    assert agg.counts.items == sum(c.items for c in agg.by_unit.values())
    assert agg.by_unit["江山市"].items == len(submissions.submission_items(pref, sub2.id))
    summary = prefecture.aggregate_prefecture(pref)
    assert set(summary.counties) == {"江山市", "龙游县"} and summary.total.items == agg.counts.items
    assert sorted(e.unit_name for e in summary.negative) == ["江山市", "龙游县"]  # each county's 不予公开 item
    final = office_results.export_result(pref, sub2.id, tmp_path / "to-js-2.gkpkg")
    got = upstream.import_result(js["office"], final.path)
    assert got.decision == "approved" and got.current


def _approve_result(office, unit, tmp_path):
    """The county office's earlier approval, sent to the unit so its catalog is locked as 已通过."""
    sub = next(s for s in submissions.list_submissions(office) if s.unit_code == unit.unit_code)
    return office_results.export_result(office, sub.id, tmp_path / f"r-{unit.unit_code}.gkpkg").path


def test_differences_between_counties_are_flagged(region, tmp_path) -> None:
    counties, pref = region
    police = counties["龙游县"]["units"]["市公安局"]
    cat = catalogs.find_catalog(police, AREA)
    first = catalogs.load_items(police, cat.id)[0]
    catalogs.start_revision(police, cat.id)  # handed in: changed only after 开始修订
    catalogs.edit_item(police, first.id, {"time_limit": "信息形成之日起5个工作日内"})
    office = counties["龙游县"]["office"]
    importing.import_files(office, [export_submission(police, [AREA], tmp_path / "ly-police.gkpkg").path])
    approve_all(office)
    paths = [forward(c["office"], [AREA], tmp_path / f"{n}.gkpkg").path for n, c in counties.items()]
    importing.import_files(pref, paths)
    for s in submissions.list_submissions(pref):
        decisions.decide(pref, s.id, "approved", "第一轮梳理", accept_problems=True)
    agg = aggregate.aggregate_area(pref, AREA)
    row = next(r for r in agg.rows if r.item.template_code == first.template_code and r.scope == "counties")
    assert sorted(row.units) == ["江山市", "龙游县"] and any("各县（市、区）公开时限不一致" in f for f in row.flags)


def test_a_county_package_for_another_prefecture_or_from_a_unit_is_refused(region, new_workspace, tmp_path) -> None:
    counties, pref = region
    wenzhou = new_workspace("wenzhou")
    from gongkai_desktop.levels import choose_prefecture

    choose_prefecture(wenzhou, "温州市")
    path = forward(counties["江山市"]["office"], [AREA], tmp_path / "js.gkpkg").path
    (v,) = importing.dry_run(wenzhou, [path])
    assert v.verdict in ("refused", "quarantined")  # not its county, not its key
    unit_pkg = export_submission(counties["江山市"]["units"]["市公安局"], [AREA], tmp_path / "unit.gkpkg").path
    (v,) = importing.dry_run(pref, [unit_pkg])
    assert v.verdict == "refused" and "县级报送" in v.message


def test_roles_do_not_mix(region, new_workspace) -> None:
    counties, pref = region
    from gongkai_desktop.identity import choose_review_office, choose_unit
    from gongkai_desktop.levels import choose_prefecture

    with pytest.raises(DomainError):
        forward(pref)  # nothing approved yet: nothing to report to the province
    with pytest.raises(DomainError):
        choose_review_office(pref)
    with pytest.raises(DomainError):
        choose_prefecture(counties["江山市"]["office"], "衢州市")  # it has reviews of its own
    with pytest.raises(DomainError):
        choose_prefecture(counties["江山市"]["units"]["市公安局"], "衢州市")
    with pytest.raises(DomainError):
        choose_prefecture(new_workspace("x"), "江山市")  # a county is not a prefecture
    with pytest.raises(DomainError):
        choose_unit(pref, "市公安局")


def test_every_approved_area_is_forwarded_in_one_package(region, tmp_path) -> None:
    """More than one area: each with its catalog and provenance, one negative list for all."""
    counties, pref = region
    js = counties["江山市"]
    police = js["units"]["市公安局"]
    catalogs.start_catalog(police, "08")  # 财政预决算, its second area
    importing.import_files(js["office"], [export_submission(police, ["08"], tmp_path / "p08.gkpkg").path])
    approve_all(js["office"])
    path = forward(js["office"], None, tmp_path / "all.gkpkg").path
    (v,) = importing.dry_run(pref, [path])
    assert v.verdict == "new" and [a.area_code for a in v.areas] == ["04", "08"]
    importing.import_verdicts(pref, [v])
    assert sorted(s.area_code for s in submissions.list_submissions(pref)) == ["04", "08"]


def test_a_prefecture_reports_to_its_province_with_the_same_kinds(region, new_workspace, tmp_path) -> None:
    counties, pref = region
    for name, c in counties.items():
        importing.import_files(pref, [forward(c["office"], [AREA], tmp_path / f"{name}.gkpkg").path])
    for s in submissions.list_submissions(pref):
        decisions.decide(pref, s.id, "approved", "第一轮梳理", accept_problems=True)
    province = new_workspace("zhejiang")
    from gongkai_desktop.levels import choose_prefecture

    choose_prefecture(province, "浙江省")
    assert {u.name for u in reference.list_units(province)} == {"衢州市", "温州市"}  # its prefectures
    enrolled = keys.import_enrolment(province, keys.export_enrolment(pref))
    assert enrolled.key.unit_code == "330800"
    keys.confirm_key(province, "衢州市", keys.own_key_info(pref, keys.OFFICE_OWNER).digits)
    keys.ensure_own_key(province, keys.OFFICE_OWNER)
    (v,) = importing.dry_run(province, [forward(pref, [AREA], tmp_path / "quzhou.gkpkg").path])
    assert (v.unit_name, v.verdict) == ("衢州市", "new")
    importing.import_verdicts(province, [v])
    sub = submissions.list_submissions(province)[0]
    prov = provenance.provenance_of(province, sub.id)
    assert any(sorted(p.unit_names) == ["江山市", "龙游县"] for p in prov.values())  # rows both counties share
    decisions.decide(province, sub.id, "returned", "第一轮梳理", comment="请补充")
    result = office_results.export_result(province, sub.id, tmp_path / "to-quzhou.gkpkg")
    got = upstream.import_result(pref, result.path, keys.own_key_info(province, keys.OFFICE_OWNER).digits)
    assert got.sender == "浙江省" and got.decision == "returned" and got.general_comment == "请补充"


def test_the_hierarchy_is_data(new_workspace) -> None:
    from gongkai_desktop import hierarchy

    js = hierarchy.find("江山市", "county")
    quzhou = hierarchy.parent(js)
    assert (js.code, quzhou.name, hierarchy.parent(quzhou).name) == ("330881", "衢州市", "浙江省")
    assert {c.name for c in hierarchy.children(quzhou)} == {"柯城区", "衢江区", "常山县", "开化县", "龙游县", "江山市"}
    assert hierarchy.find("衢州").code == "330800"
    with pytest.raises(DomainError) as exc:
        hierarchy.find("杭州市")
    assert "衢州市" in exc.value.message  # says which regions it knows
    office = new_workspace("elsewhere")
    office.load_registry_file(county_registry(office.data_dir, "某某县"))
    from gongkai_desktop.identity import choose_review_office

    choose_review_office(office)
    with pytest.raises(DomainError) as exc:  # a county outside the hierarchy has no level above
        keys.export_enrolment(office)
    assert exc.value.code == "no_region"
    with pytest.raises(DomainError):
        forward(office)


def test_a_county_office_rotates_its_key_and_the_prefecture_revokes_it(new_workspace, tmp_path) -> None:
    """The county office's key at the prefecture: rotate (signed by the old key) → the next package is
    trusted at once and the old key no longer is; revoke → refused with a Chinese reason."""
    from gongkai_desktop.package.verify import verify_package

    county = build_county(new_workspace, tmp_path, "江山市")
    pref = build_prefecture(new_workspace, {"江山市": county})
    office = county["office"]
    first = forward(office, [AREA], tmp_path / "before.gkpkg").path
    assert verify_package(pref, first).trust == "registered"

    old = keys.own_key_info(office, keys.OFFICE_OWNER).fingerprint
    new = keys.rotate_own_key(office, keys.OFFICE_OWNER)
    rotated = keys.import_enrolment(pref, keys.export_enrolment(office, owner=keys.OFFICE_OWNER))
    assert rotated.key.status == "active" and rotated.rotated_from.fingerprint == old  # no phone call needed
    assert {k.fingerprint: k.status for k in keys.list_keys(pref, "330881")} == {old: "rotated", new.fingerprint: "active"}
    after = forward(office, [AREA], tmp_path / "after.gkpkg").path
    assert verify_package(pref, after).trust == "registered"
    with pytest.raises(PackageError) as exc:  # a package still signed with the old key
        verify_package(pref, first)
    assert exc.value.code == "rotated_key"

    keys.revoke_key(pref, new.fingerprint[:12], "审核端电脑丢失")
    with pytest.raises(PackageError) as exc:
        verify_package(pref, after)
    assert exc.value.code == "revoked_key" and "吊销" in exc.value.message
    verdicts, summary = importing.import_files(pref, [after])
    assert not summary.imported and not verdicts[0].importable and "吊销" in verdicts[0].message


def test_the_county_answers_the_prefectures_comments_with_its_next_forward(new_workspace, tmp_path, capsys) -> None:
    """退回修改 from the prefecture: the county office ticks a comment 已处理 and answers another (CLI, undoable);
    its next forward names the result it answers and carries both; the prefecture sees them on the new version."""
    from gongkai_desktop.cli import main

    county = build_county(new_workspace, tmp_path, "江山市")
    pref = build_prefecture(new_workspace, {"江山市": county})
    office = county["office"]
    importing.import_files(pref, [forward(office, [AREA], tmp_path / "v1.gkpkg").path])
    (sub,) = submissions.list_submissions(pref)
    first, second = submissions.submission_items(pref, sub.id)[:2]
    c1 = decisions.add_comment(pref, sub.id, "公开依据请写明条款", item_id=first.id, field="basis", author="市审核员").created[0]
    c2 = decisions.add_comment(pref, sub.id, "该事项是否应主动公开？", item_id=second.id, author="市审核员").created[0]
    decisions.decide(pref, sub.id, "returned", "第一轮梳理", "市审核员", "请按意见修改")
    result = office_results.export_result(pref, sub.id, tmp_path / "back.gkpkg")
    upstream.import_result(office, result.path, keys.own_key_info(pref, keys.OFFICE_OWNER).digits)

    def run(*args: str) -> tuple[int, str]:
        code = main(["--data-dir", str(office.data_dir), *args])
        return code, capsys.readouterr().out

    code, out = run("review", "upstream")
    assert code == 0 and "意见 #1 " in out and "意见 #2 " in out and "upstream-reply" in out
    assert run("review", "upstream-addressed", "#1")[0] == 0
    assert run("review", "upstream-reply", "2", "该事项涉及个人隐私，依申请公开")[0] == 0
    assert run("undo")[0] == 0  # the answer is one undoable entry…
    assert not next(c for r in upstream.results(office) for c in r.comments if c.text.startswith("该事项")).reply
    assert run("redo")[0] == 0  # …and back
    code, out = run("review", "upstream")
    assert "［已处理］" in out and "本县答复：该事项涉及个人隐私，依申请公开" in out
    code, out = run("review", "upstream-addressed", "#9")
    assert code != 0

    # the next forward (nothing else changed) answers the result; the prefecture takes it as the next version
    again = forward(office, [AREA], tmp_path / "v2.gkpkg").path
    (v,) = importing.dry_run(pref, [again])
    assert v.verdict == "newer"
    importing.import_verdicts(pref, [v])
    (now,) = [s for s in submissions.list_submissions(pref) if s.superseded_by is None]
    assert now.answers_result == result.sequence
    assert c1 in now.addressed_comments and now.replies == {c2: "该事项涉及个人隐私，依申请公开"}
    # answered once: a later forward does not answer it again
    third = forward(office, [AREA], tmp_path / "v3.gkpkg").path
    from gongkai_desktop.package.read import read_package

    assert "answers_result" not in read_package(third.read_bytes()).manifest["areas"][0]
