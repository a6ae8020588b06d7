"""On a unit: review results and distributions signed by the trusted office key but meaningless —
a result for a package the unit never sent, deadlines that are not dates, a registry with areas
that do not exist, numbers beyond the database's range — are refused by import and verify alike,
and the workspace stays byte for byte as it was."""

from __future__ import annotations

import pytest

from gongkai_desktop import keys
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.identity import choose_review_office
from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.results import import_result
from gongkai_desktop.unit.submit import export_submission
from tests.crafted import distribution, registry_of, result_body, review_result, snapshot, unchanged, write


def unit_refuses(ws, tmp_path, capsys, data: bytes, code: str, run, **kw) -> DomainError:
    path = write(tmp_path, "crafted.gkpkg", data)
    before = snapshot(ws)
    with pytest.raises(DomainError) as exc:
        run(ws, path, **kw)
    assert exc.value.code == code, exc.value.message
    assert not exc.value.message.isascii()
    status = main(["--data-dir", str(ws.data_dir), "package", "verify", str(path),
                   *(["--office-fingerprint", kw["office_fingerprint"]] if kw.get("office_fingerprint") else [])])
    out = capsys.readouterr().out
    assert status == 1 and out.startswith("不通过") and exc.value.message in out
    assert unchanged(ws, before)
    return exc.value


@pytest.fixture
def office_signer(county):
    return keys.load_signer(county[0])


def test_a_result_for_a_package_the_unit_never_sent_approves_nothing(county, office_signer, tmp_path, capsys) -> None:
    _office, units = county
    police = units["市公安局"]
    data = review_result(office_signer, result_body("ab" * 16), sequence=50)
    unit_refuses(police, tmp_path, capsys, data, "result_for_unknown_package", import_result)
    assert catalogs.find_catalog(police, "04").status == "draft"


def test_a_result_naming_a_sent_package_but_another_version_approves_nothing(county, office_signer, tmp_path,
                                                                            capsys) -> None:
    _office, units = county
    police = units["市公安局"]
    sent = export_submission(police, ["04"], tmp_path)
    for body in (result_body(sent.package_id, version=7), result_body(sent.package_id, sequence=9),
                 result_body(sent.package_id, area="08")):
        unit_refuses(police, tmp_path, capsys, review_result(office_signer, body, sequence=60), "result_for_unknown_package",
                     import_result)
    assert catalogs.find_catalog(police, "04").status == "submitted"


def _real_result(county, tmp_path, decision: str = "approved"):
    office, units = county
    police = units["市公安局"]
    (tmp_path / "out").mkdir()
    path = export_submission(police, ["04"], tmp_path / "out").path
    importing.import_files(office, [path])
    (sub,) = submissions.list_submissions(office)
    if decision == "returned":
        decisions.add_comment(office, sub.id, "请补充公开依据")
    decisions.decide(office, sub.id, decision, "第一轮梳理", accept_problems=True)
    return police, office_results.export_result(office, sub.id, tmp_path / "result.gkpkg").path


def test_a_real_result_for_the_sent_version_approves_it(county, tmp_path) -> None:
    police, path = _real_result(county, tmp_path)
    got = import_result(police, path)
    assert got.status_applied and catalogs.find_catalog(police, "04").status == "approved"


def test_a_result_for_a_version_edited_since_keeps_the_comments_but_not_the_decision(county, tmp_path) -> None:
    police, path = _real_result(county, tmp_path)
    cat = catalogs.find_catalog(police, "04")
    catalogs.start_revision(police, cat.id)
    catalogs.edit_item(police, catalogs.load_items(police, cat.id)[0].id, {"remarks": "送出后又改"})
    got = import_result(police, path)
    assert not got.status_applied
    cat = catalogs.find_catalog(police, "04")
    assert cat.status == "draft" and cat.version == 2  # the edited version was never approved


@pytest.mark.parametrize("deadlines, code", [
    ({"第一轮梳理": "2020-02-30"}, "bad_date"),
    ({"第一轮梳理": "明天"}, "bad_date"),
    ({"第一轮梳理": "2020-7-31"}, "bad_date"),
    ({"第一轮梳理": 20200731}, "bad_type"),
    ({"第九轮\u202e": "2020-07-31"}, "hidden_characters"),  # a round the office opened: a plain name
    ({"轮" * 17: "2020-07-31"}, "text_too_long"),  # longer than a decision's round may be
])
def test_deadlines_that_are_not_dates(county, office_signer, tmp_path, capsys, deadlines, code) -> None:
    office, units = county
    data = distribution(office_signer, registry_of(office), deadlines, sequence=70)
    err = unit_refuses(units["虎山街道"], tmp_path, capsys, data, "bad_payload" if code == "bad_type" else code,
                       import_distribution)
    assert "截止日期" in err.message


@pytest.mark.parametrize("change, code", [
    (lambda reg: reg["units"][0].update(areas=["99"]), "bad_payload"),
    (lambda reg: reg["units"][0].update(name="市府办\u202e"), "hidden_characters"),
    (lambda reg: reg["units"][0].update(kind="alien"), "not_in_vocabulary"),
    (lambda reg: reg["units"].append(dict(reg["units"][0])), "manifest_mismatch"),
    (lambda reg: reg["units"][0].update(extra=1), "bad_payload"),
    (lambda reg: reg.update(units=[u for u in reg["units"] if u["code"] != "D06"]), "bad_payload"),
    (lambda reg: reg["units"][0].update(parent="T99"), "bad_payload"),  # a township not in the registry
    (lambda reg: reg["units"][0].update(parent="D 1"), "bad_payload"),  # not a unit code at all
    (lambda reg: reg["units"][0].update(parent=reg["units"][1]["code"]), "bad_payload"),  # a department has none
])
def test_a_registry_that_makes_no_sense(county, office_signer, tmp_path, capsys, change, code) -> None:
    office, units = county
    reg = registry_of(office)
    change(reg)
    unit_refuses(units["市公安局"], tmp_path, capsys, distribution(office_signer, reg, sequence=80), code,
                 import_distribution)


@pytest.mark.parametrize("sequence", [2**31, 2**63, 2**66])
def test_a_strangers_distribution_with_a_huge_sequence_on_a_fresh_unit(ws, new_workspace, tmp_path, capsys,
                                                                       sequence) -> None:
    stranger = new_workspace("stranger")
    choose_review_office(stranger)
    signer = keys.load_signer(stranger, keys.OFFICE_OWNER)
    data = distribution(signer, registry_of(stranger), sequence=sequence)
    unit_refuses(ws, tmp_path, capsys, data, "out_of_range", import_distribution,
                 office_fingerprint=signer.public.digits)


def test_the_writer_refuses_what_the_reader_would(county, tmp_path) -> None:
    from gongkai_desktop.office.distribute import export_distribution

    office, _ = county
    with pytest.raises(DomainError) as exc:
        export_distribution(office, tmp_path / "bad.gkpkg", deadlines={"第一轮梳理": "2020-13-01"})
    assert exc.value.code == "package_invalid" and "截止日期" in exc.value.message
    assert not (tmp_path / "bad.gkpkg").exists()
