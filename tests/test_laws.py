"""Laws change too: repealed or replaced legal bases (shipped, with dates and sources; extended by the
office's distribution), warned about — not errors — with the successor offered and taken in one edit."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai_desktop import laws, resources
from gongkai_desktop.errors import DomainError
from gongkai_desktop.models import LawChange
from gongkai_desktop.office import importing, inspect, progress
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.office.laws import add_law
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.law_fix import law_warnings, use_successor
from gongkai_desktop.unit.submit import export_submission


def test_shipped_list_has_the_three_of_the_issue_with_dates_and_sources() -> None:
    shipped = {x.name: x for x in resources.load_laws()}
    expected = {"中华人民共和国收养法": ("中华人民共和国民法典", "2021-01-01"),
                "中华人民共和国执业医师法": ("中华人民共和国医师法", "2022-03-01"),
                "中华人民共和国环境噪声污染防治法": ("中华人民共和国噪声污染防治法", "2022-06-05")}
    for name, (successor, day) in expected.items():
        assert (shipped[name].successor, shipped[name].effective) == (successor, day)
    for x in shipped.values():  # every entry says where it is written: the new law's final article or a decision
        assert f"《{x.name}》" in x.source or f"〈{x.name}〉" in x.source, x.name
        assert ("同时废止" in x.source or "废止" in x.source) and (not x.successor or f"《{x.successor}》" in x.source)
        assert date.fromisoformat(x.effective) < date(2026, 1, 1)
    raw = json.loads((resources.RESOURCES / "laws.json").read_text(encoding="utf-8"))
    assert raw["format"] == "gongkai-law-changes" and len(raw["laws"]) == len(shipped)


def test_citations_are_matched_as_people_write_them() -> None:
    index = laws.LawIndex([laws.RepealedLaw("中华人民共和国收养法", "中华人民共和国民法典", date(2021, 1, 1), "replaced", "s")])
    text = "《收养法》第十五条；《中华人民共和国 收养法》；《中国公民收养子女登记办法》；《收养法实施细则》"
    assert [w for w, _ in index.find(text)] == ["《收养法》"]  # each law once; other titles are not it
    assert index.find("依据中华人民共和国收养法") == []  # no 《》: not a citation
    assert laws.replace(text, index) == ("《中华人民共和国民法典》第十五条；《中华人民共和国民法典》；"
                                         "《中国公民收养子女登记办法》；《收养法实施细则》")


def test_a_fresh_catalog_is_warned_but_its_problems_do_not_change(ws) -> None:
    info = catalogs.start_catalog(ws, "04").catalog
    problems = catalogs.check_catalog(ws, info.id)
    warned = law_warnings(ws, info.id)
    assert [(w.code, w.severity, w.field) for w in warned] == [("repealed_law", "warning", "basis")]
    assert "《收养法》已于2021年1月1日废止，由《中华人民共和国民法典》取代" in warned[0].message
    assert "可改为《中华人民共和国民法典》" in warned[0].message
    assert all(p.severity == "error" for p in problems)
    full = catalogs.catalog_info(ws, info.id)
    assert full.problem_count == len(problems)  # a warning never makes an item incomplete

    item = catalogs.get_item(ws, warned[0].item_id)
    changes = use_successor(ws, item.id)
    assert changes.name == "改用新法" and "《中华人民共和国民法典》" in changes.item.basis
    assert "《收养法》" not in changes.item.basis
    assert law_warnings(ws, info.id) == []
    ws.undo()
    assert catalogs.get_item(ws, item.id).basis == item.basis
    with pytest.raises(DomainError) as err:
        use_successor(ws, catalogs.load_items(ws, info.id)[0].id)
    assert err.value.code == "no_repealed_law"
    catalogs.mark_not_applicable(ws, item.id, "本单位不办理收养登记")
    assert law_warnings(ws, info.id) == []  # not applicable: nothing to disclose, nothing to warn


def test_the_office_sees_the_count_per_unit_and_extends_the_list(county, tmp_path) -> None:
    office, units = county
    police, town = units["市公安局"], units["双塔街道"]
    mine = catalogs.load_items(police, catalogs.find_catalog(police, "04").id)  # two more items cite a repealed law
    assert "收养" in mine[1].level2 and "收养" not in mine[0].level2 + mine[2].level2
    catalogs.edit_item(police, mine[0].id, {"basis": "《中华人民共和国执业医师法》第十条"})
    catalogs.edit_item(police, mine[2].id, {"basis": "《中华人民共和国环境噪声污染防治法》、《户口登记条例》"})
    for ws in (police, town):
        importing.import_files(office, [export_submission(ws, out_path=tmp_path / f"{ws.unit_code}.gkpkg").path])
    board = progress.dashboard(office)
    assert board.law_counts[police.unit_code] == 3 and board.law_counts[town.unit_code] == 1
    sub = next(s for s in inspect.submissions.list_submissions(office) if s.unit_code == town.unit_code)
    data = inspect.inspect_submission(office, sub.id)
    assert [w.severity for ws_ in data.warnings.values() for w in ws_] == ["warning"]
    assert data.problem_count == inspect.problem_counts(office, [sub.id])[sub.id]  # warnings apart from problems

    with pytest.raises(DomainError) as err:
        add_law(office, "某某条例", "", "2023-01-01", "出处")
    assert err.value.code == "bad_law" and "须写明新法的名称" in err.value.message
    with pytest.raises(DomainError) as err:
        add_law(office, "某某条例", "新条例", "2023-13-01", "出处")
    assert err.value.code == "bad_law" and "2021-01-01" in err.value.message
    with pytest.raises(DomainError) as err:
        add_law(office, "中华人民共和国收养法", "中华人民共和国民法典", "2021-01-01", "x")
    assert err.value.code == "law_shipped"
    add_law(office, "中华人民共和国户口登记条例", "某新条例", "2024-01-01", "《某新条例》附则：原条例同时废止。")
    with pytest.raises(DomainError) as err:
        add_law(town, "某某条例", "新条例", "2023-01-01", "出处")
    assert err.value.code == "role_conflict"
    import_distribution(town, export_distribution(office, tmp_path / "d2.gkpkg").path)
    cid = catalogs.find_catalog(town, "04").id
    messages = [w.message for w in law_warnings(town, cid)]
    assert sum("《户口登记条例》已于2024年1月1日废止，由《某新条例》取代" in m for m in messages) >= 1
    assert sum("《收养法》" in m for m in messages) == 1


def test_a_law_list_that_does_not_check_out_never_leaves_the_office(county, tmp_path) -> None:
    """The writer checks what it signs with the reader's schema (a crafted one a unit receives is refused
    too: tests/test_package_office_data.py)."""
    office, _units = county
    with office.session() as s:
        s.add(LawChange(name="某条例", successor="", effective="去年", kind="replaced", source="", aliases=[],
                        origin="office"))
    with pytest.raises(DomainError) as err:
        export_distribution(office, tmp_path / "bad.gkpkg")
    assert err.value.code == "package_invalid" and "法律法规" in err.value.message
    assert not (tmp_path / "bad.gkpkg").exists()
