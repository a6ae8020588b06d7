"""The prefecture's review and its merge across counties on SQLite and on PostgreSQL: the merge above
the county is counted by the database (office/aggregate_upper), so each engine's SQL is run for real."""

from __future__ import annotations

from gongkai_desktop import keys
from gongkai_desktop.identity import choose_unit  # noqa: F401 - (kept for symmetry with the helpers)
from gongkai_desktop.levels import choose_prefecture
from gongkai_desktop.office import aggregate, decisions, importing, prefecture, provenance, submissions
from gongkai_desktop.office.forward import forward
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from tests.pg_support import office_engine  # noqa: F401 - every test here runs on SQLite and on PostgreSQL
from tests.prefecture_helpers import AREA, approve_all, build_county, build_prefecture


def test_the_merge_across_counties_on_either_engine(new_workspace, tmp_path, office_url) -> None:
    counties = {name: build_county(new_workspace, tmp_path, name) for name in ("江山市", "龙游县")}
    police = counties["龙游县"]["units"]["市公安局"]  # one county writes a time limit its own way
    cat = catalogs.find_catalog(police, AREA)
    first = catalogs.load_items(police, cat.id)[0]
    catalogs.start_revision(police, cat.id)
    catalogs.edit_item(police, first.id, {"time_limit": "  信息形成之日起5个工作日内\u3000"})
    importing.import_files(counties["龙游县"]["office"],
                           [export_submission(police, [AREA], tmp_path / "ly-police.gkpkg").path])
    approve_all(counties["龙游县"]["office"])

    pref = build_prefecture(new_workspace, counties, url=office_url)
    sent = {n: forward(c["office"], [AREA], tmp_path / f"{n}.gkpkg") for n, c in counties.items()}
    importing.import_files(pref, [r.path for r in sent.values()])
    for s in submissions.list_submissions(pref):
        decisions.decide(pref, s.id, "approved", "第一轮梳理", accept_problems=True)

    agg = aggregate.aggregate_area(pref, AREA)
    assert {n: c.items for n, c in agg.by_unit.items()} == {n: r.item_count for n, r in sent.items()}
    assert agg.counts.items == sum(r.item_count for r in sent.values())
    row = next(r for r in agg.rows if r.item.template_code == first.template_code)
    assert row.scope == "counties" and row.units == ["龙游县", "江山市"]  # in the hierarchy's order (by code)
    assert row.flags == ["各县（市、区）公开时限不一致（2 种写法）"]
    assert sum(1 for r in agg.rows if r.flags) == 1  # whitespace alone is no difference
    assert all(r.units == ["龙游县", "江山市"] for r in agg.rows)  # the same catalogs otherwise
    summary = prefecture.aggregate_prefecture(pref)
    assert summary.total.items == agg.counts.items and sorted(e.unit_name for e in summary.negative) == ["江山市", "龙游县"]

    # the prefecture reports to its province: every row's sources, read by this engine's SQL
    province = new_workspace("province")
    choose_prefecture(province, "浙江省")
    result = keys.import_enrolment(province, keys.export_enrolment(pref, owner=keys.OFFICE_OWNER))
    keys.confirm_key(province, result.key.unit_code, keys.own_key_info(pref, keys.OFFICE_OWNER).digits)
    up = forward(pref, [AREA], tmp_path / "to-province.gkpkg")
    importing.import_files(province, [up.path])
    (sub,) = submissions.list_submissions(province)
    origin = provenance.provenance_of(province, sub.id)
    merged = origin[next(i.id for i in submissions.submission_items(province, sub.id)
                         if i.template_code == first.template_code)]
    assert merged.scope == "counties" and merged.unit_names == ["龙游县", "江山市"]
    assert all(len(p.units) == 2 for p in origin.values())
