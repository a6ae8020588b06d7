"""Signed but meaningless: packages correctly signed by a registered unit (or the office) whose
content contradicts the registry, the vocabularies, the manifest or the database's ranges. Each is
refused with its own code and a Chinese message, by `package verify` and by the import alike (exit
status 1 or 2), and the workspace stays byte for byte as it was."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest

from gongkai_desktop import keys
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import decisions, importing, reports, submissions
from gongkai_desktop.office.checks import check_submission
from gongkai_desktop.package.verify import verify_package
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from tests.crafted import catalog, item, snapshot, submission, unchanged, write


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


def refusal(office, data: bytes) -> DomainError:
    """What the office's import would say: the package checks, then its meaning."""
    with pytest.raises(DomainError) as exc:
        pkg = verify_package(office, data, kind="submission")
        with office.session() as s:
            check_submission(s, pkg)
    return exc.value


def office_refuses(county, capsys, tmp_path: Path, data: bytes, code: str) -> str:
    """Refused by verify and by import, with ``code``, exit status 1, nothing written."""
    office, _ = county
    path = write(tmp_path, f"crafted-{uuid.uuid4().hex[:6]}.gkpkg", data)
    before = snapshot(office)
    err = refusal(office, data)
    assert err.code == code, err.message
    assert not err.message.isascii()
    status, out = cli(capsys, "--data-dir", office.data_dir, "package", "verify", path)
    assert status == 1 and out.startswith("不通过") and err.message in out
    status, out = cli(capsys, "--data-dir", office.data_dir, "review", "import", path)
    assert status == 1 and "拒绝" in out and err.message in out
    assert unchanged(office, before)
    assert submissions.list_submissions(office) == []
    return err.message


@pytest.fixture
def police(county):
    return keys.load_signer(county[1]["市公安局"])


def test_a_well_formed_crafted_package_is_accepted_so_each_refusal_below_is_about_its_one_deviation(
        county, police, capsys, tmp_path) -> None:
    office, _ = county
    path = write(tmp_path, "ok.gkpkg", submission(police))
    status, out = cli(capsys, "--data-dir", office.data_dir, "package", "verify", path)
    assert status == 0 and out.startswith("通过"), out
    status, out = cli(capsys, "--data-dir", office.data_dir, "review", "import", path)
    assert status == 0 and "已导入 1 个文件包" in out


def test_another_units_name(county, police, capsys, tmp_path) -> None:
    msg = office_refuses(county, capsys, tmp_path, submission(police, unit=("D06", "市府办"),
                                                               catalogs=[catalog(unit_code="D06")]), "unit_name_mismatch")
    assert "市府办" in msg and "市公安局" in msg


@pytest.mark.parametrize("name", ["市公安局\u202e", "\u202e局安公市", "市公安局\u200f", "市公安局 ", "市公安局\ufeff"[:-1] + "\u2066"])
def test_a_unit_name_with_hidden_characters(county, police, capsys, tmp_path, name) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, unit=("D06", name)), "hidden_characters")


def test_an_area_that_does_not_exist(county, police, capsys, tmp_path) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, catalogs=[catalog(area="99", name="不存在的领域")]),
                   "unknown_area")


def test_an_area_the_registry_gives_to_another_unit(county, police, capsys, tmp_path) -> None:
    msg = office_refuses(county, capsys, tmp_path, submission(police, catalogs=[catalog(area="05", name="社会救助")]),
                         "not_responsible")
    assert "社会救助" in msg


def test_an_area_under_another_name(county, police, capsys, tmp_path) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, catalogs=[catalog(name="户籍管理（改）")]),
                   "area_name_mismatch")


@pytest.mark.parametrize("field, value", [("mode", "偶尔"), ("attribute", "部分公开"), ("source", "internet"),
                                          ("applicability", "maybe"), ("channels", ["微博"]), ("audience", ["外星人"]),
                                          ("levels", ["省级"]), ("five_disclosures", ["宣传"])])
def test_values_outside_the_closed_vocabularies(county, police, capsys, tmp_path, field, value) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, catalogs=[catalog(items=[item(**{field: value})])]),
                   "not_in_vocabulary")


def test_template_codes_that_do_not_exist(county, police, capsys, tmp_path) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, catalogs=[catalog(items=[item(template_code="04-99-99")])]),
                   "unknown_template_code")


def test_a_template_version_the_office_does_not_know(county, police, capsys, tmp_path) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, catalogs=[catalog(template_version="2099.9")]),
                   "unknown_template")


def test_a_field_longer_than_the_window_and_the_excel_import_allow(county, police, capsys, tmp_path) -> None:
    assert catalogs.normalise("remarks", "长" * 20000)  # the window's limit, which packages now share
    office_refuses(county, capsys, tmp_path, submission(police, catalogs=[catalog(items=[item(remarks="长" * 20001)])]),
                   "text_too_long")


def test_a_100_mb_field_is_refused_before_it_is_parsed(county, police, capsys, tmp_path) -> None:
    data = submission(police, catalogs=[catalog(items=[item(content="x" * 100_000_000)])])
    assert len(data) < 1_000_000  # it compresses well: the bound is on the declared size, before inflating
    office_refuses(county, capsys, tmp_path, data, "too_large")


@pytest.mark.parametrize("mutate, code", [
    (lambda m, p: m["areas"][0].update(item_count=5), "manifest_mismatch"),
    (lambda m, p: m.update(item_count=7), "manifest_mismatch"),
    (lambda m, p: m["areas"][0].update(catalog_version=3), "manifest_mismatch"),
    (lambda m, p: m.update(template_versions={"04": "x"}), "manifest_mismatch"),
    (lambda m, p: m.update(problem_count=3), "manifest_mismatch"),
    (lambda m, p: p["payload/catalog-04.json"].update(unit_code="D01"), "manifest_mismatch"),
    (lambda m, p: p["payload/catalog-04.json"].update(status="approved"), "manifest_mismatch"),
    (lambda m, p: m.update(extra_field=1), "bad_manifest"),
    (lambda m, p: m["areas"][0].update(file="payload/catalog-08.json"), "unknown_file"),
])
def test_counts_and_versions_that_contradict_the_manifest(county, police, capsys, tmp_path, mutate, code) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, mutate=mutate), code)


def test_unknown_payload_files(county, police, capsys, tmp_path) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, raw={"payload/evil.json": b"{}"}), "unknown_file")


def test_no_area_at_all(county, police, capsys, tmp_path) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, catalogs=[]), "out_of_range")


def _docx(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


DOCX = _docx({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.mark.parametrize("name, original, content, code", [
    ("payload/attachment-1.docx", "../../报告.docx", DOCX, "bad_attachment"),
    ("payload/attachment-1.docx", "C:报告.docx", DOCX, "bad_attachment"),
    ("payload/attachment-1.docx", "报告\u202excod.docx", DOCX, "hidden_characters"),
    ("payload/attachment-1.docx", "报告.pdf", DOCX, "bad_attachment"),
    ("payload/attachment-1.exe", "报告.exe", b"MZ\x90\x00", "bad_attachment"),
    ("payload/attachment-1.docx", "报告.docx", b"MZ\x90\x00\x03" + b"\x00" * 100, "bad_attachment"),
    ("payload/attachment-1.pdf", "报告.pdf", b"#!/bin/sh\nrm -rf ~\n", "bad_attachment"),
    ("payload/attachment-1.docx", "报告.docx", _docx({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"VBA"}),
     "bad_attachment"),
    ("payload/attachment-2.docx", "报告.docx", DOCX, "unknown_file"),
])
def test_attachments_with_unsafe_names_or_content(county, police, capsys, tmp_path, name, original, content, code) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, attachments=[(name, original, content)]), code)


def test_thousands_of_invented_addressed_comment_ids(county, police, capsys, tmp_path) -> None:
    invented = [str(uuid.uuid4()) for _ in range(3000)]
    office_refuses(county, capsys, tmp_path, submission(police, responses={"addressed": {"04": invented}}), "unknown_comment")


def test_addressed_ids_beyond_any_plausible_count(county, police, capsys, tmp_path) -> None:
    office_refuses(county, capsys, tmp_path,
                   submission(police, responses={"addressed": {"04": [f"c{n}" for n in range(6000)]}}), "out_of_range")


def _version(v: int):
    return lambda m, p: (m["areas"][0].update(catalog_version=v), p["payload/catalog-04.json"].update(catalog_version=v))


@pytest.mark.parametrize("sequence, mutate", [
    (2**31, None), (2**63, None), (2**66, None),
    (1, _version(2**66)),
    (1, lambda m, p: p["payload/catalog-04.json"]["items"][0].update(revision=2**63)),
    (1, lambda m, p: p["payload/catalog-04.json"]["items"][0].update(position=2**31)),
    (1, lambda m, p: m["areas"][0].update(problem_count=2**64) or m.update(problem_count=2**64)),
])
def test_numbers_beyond_the_databases_range_are_refused_at_verify_time(county, police, capsys, tmp_path, sequence,
                                                                       mutate) -> None:
    office_refuses(county, capsys, tmp_path, submission(police, mutate=mutate, sequence=sequence), "out_of_range")


def test_the_accepted_package_matches_its_verdict_and_its_text_is_cleaned(county, police, capsys, tmp_path) -> None:
    """U+FFFE/U+FFFF, bidi controls and decomposed text come in clean, so the county aggregate opens in Excel."""
    office, _ = county
    dirty = item(content="受理\ufffe条件\uffff", remarks="备\u202e注", level2="Cafe\u0301", basis="依据\u2066x\u2069")
    path = write(tmp_path, "dirty.gkpkg", submission(police, catalogs=[catalog(items=[dirty])]))
    status, out = cli(capsys, "--data-dir", office.data_dir, "package", "verify", path)
    assert status == 0, out
    status, out = cli(capsys, "--data-dir", office.data_dir, "review", "import", path)
    assert status == 0, out
    (sub,) = submissions.list_submissions(office)
    (got,) = submissions.submission_items(office, sub.id)
    assert (got.content, got.remarks, got.level2, got.basis) == ("受理条件", "备注", "Café", "依据x")
    decisions.decide(office, sub.id, "approved", "第一轮梳理", accept_problems=True)
    xlsx = reports.export_aggregate(office, tmp_path / "county.xlsx").path
    from lxml import etree

    with zipfile.ZipFile(xlsx) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                etree.fromstring(zf.read(name))  # raises on a character XML 1.0 forbids
        text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    assert "受理条件" in text and "\ufffe" not in text and "\u202e" not in text


def test_a_real_units_package_passes_verify_and_import_alike(county, capsys, tmp_path) -> None:
    office, units = county
    path = export_submission(units["市公安局"], ["04"], tmp_path).path
    assert cli(capsys, "--data-dir", office.data_dir, "package", "verify", path)[0] == 0
    verdicts, summary = importing.import_files(office, [path])
    assert [v.verdict for v in verdicts] == ["new"] and len(summary.submissions) == 1


def test_attachments_are_kept_under_generated_names_read_only(county, tmp_path) -> None:
    import stat
    import sys

    import docx

    from gongkai_desktop.office.attachments import list_attachments

    office, units = county
    report = tmp_path / "试点工作\u202e总体报告.docx"
    document = docx.Document()
    document.add_paragraph("试点工作总体报告")
    document.save(report)
    path = export_submission(units["市公安局"], ["04"], tmp_path, attachments=[report]).path
    verdicts, summary = importing.import_files(office, [path])
    assert summary.imported, verdicts[0].message
    (stored,) = list_attachments(office, verdicts[0].package.package_id)
    assert stored.original_name == "试点工作总体报告.docx"  # shown cleaned; never used as a file name
    assert stored.path.name == "attachment-1.docx" and stored.path.read_bytes() == report.read_bytes()
    assert stored.path.parent.parent.parent == office.data_dir / "attachments"
    if sys.platform != "win32":
        assert stat.S_IMODE(stored.path.stat().st_mode) == 0o444


def test_an_older_package_left_out_for_want_of_confirmation_exits_non_zero(county, capsys, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    old = export_submission(police, ["04"], tmp_path / "old.gkpkg").path
    new = export_submission(police, ["04"], tmp_path / "new.gkpkg").path
    assert cli(capsys, "--data-dir", office.data_dir, "review", "import", new)[0] == 0
    before = snapshot(office)
    status, out = cli(capsys, "--data-dir", office.data_dir, "review", "import", old)
    assert status == 1 and "需确认" in out and unchanged(office, before)
    assert cli(capsys, "--data-dir", office.data_dir, "review", "import", old, "--confirm-stale")[0] == 0
