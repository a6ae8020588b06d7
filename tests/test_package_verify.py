"""Export → verify → the review office sees every item and field; and every refusal, each with a
crafted file, refused with its own code and a Chinese message, writing nothing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gongkai_desktop import keys
from gongkai_desktop.errors import DomainError
from gongkai_desktop.models import AcceptedPackage, Catalog
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.build import build_package
from gongkai_desktop.package.jsonsafe import dumps
from gongkai_desktop.package.manifest import make_signature_file
from gongkai_desktop.package.signing import generate
from gongkai_desktop.package.verify import record_accepted, verify_package
from gongkai_desktop.records import ITEM_DATA_FIELDS, ItemRecord
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from tests.pkg_helpers import enrol_and_confirm, entries_of, fill_catalogs, make_zip, replace_entry

CAT = "payload/catalog-08.json"


def item(**changes) -> dict:
    """A complete item as an exporter writes it, with ``changes`` applied (None removes a field)."""
    data = {f: v for f, v in ItemRecord(id="i1", catalog_id=0, position=0, level1="部门预决算").to_dict().items()
            if f in ITEM_DATA_FIELDS}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None or k == "template_code"}


@pytest.fixture
def trusted(ws, office_ws):
    """A unit with two catalogs whose key the review office has enrolled and confirmed."""
    fill_catalogs(ws)
    enrol_and_confirm(ws, office_ws)
    return ws, office_ws


def craft(signer, unit=("D06", "市公安局"), items=None, raw: bytes | None = None, sequence=1, **extra) -> bytes:
    """A correctly signed submission with arbitrary content (for the checks after the signature)."""
    items = items if items is not None else [item()]
    cat = {"area_code": "08", "area_name": "财政预决算", "unit_code": unit[0], "catalog_version": 1,
           "template_version": "", "status": "submitted", "items": items}
    areas = [{"code": "08", "name": "财政预决算", "catalog_version": 1, "template_version": "",
              "item_count": len(items), "problem_count": 0, "file": CAT}]
    manifest = {"areas": areas, "template_versions": {"08": ""}, "item_count": len(items), "problem_count": 0, **extra}
    return build_package("submission", {"code": unit[0], "name": unit[1]}, {CAT: raw if raw is not None else dumps(cat)},
                         manifest, signer, sequence=sequence,
                         file_info={CAT: {"role": "catalog", "area_code": "08"}}, check=False).data


def refused(office_ws, data: bytes, code: str, **kw) -> PackageError:
    before = _accepted(office_ws)
    with pytest.raises(PackageError) as exc:
        verify_package(office_ws, data, **kw)
    assert exc.value.code == code, exc.value.message
    assert not exc.value.message.isascii()
    assert _accepted(office_ws) == before
    return exc.value


def _accepted(ws) -> int:
    with ws.session() as s:
        return s.scalar(select(func.count()).select_from(AcceptedPackage))


# Round trip ------------------------------------------------------------------------------------

def test_round_trip_gives_back_every_item_and_field(trusted, tmp_path: Path) -> None:
    ws, office = trusted
    import docx

    report = tmp_path / "试点工作总体报告.docx"
    document = docx.Document()
    document.add_paragraph("试点工作总体报告")
    document.save(report)
    result = export_submission(ws, out_path=tmp_path, attachments=[report])
    pkg = verify_package(office, result.path)
    assert pkg.trust == "registered" and pkg.kind == "submission"
    assert (pkg.unit_code, pkg.unit_name, pkg.sequence, pkg.package_id) == ("D06", "市公安局", 1, result.package_id)
    m = pkg.manifest
    assert m["format"] == "gkpkg" and m["format_version"] == 1 and m["app"]["version"]
    assert [a["code"] for a in m["areas"]] == ["04", "08"] == result.areas
    assert m["template_versions"]["04"] and m["template_versions"]["08"] == ""
    assert m["item_count"] == result.item_count == sum(a["item_count"] for a in m["areas"])
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in m["files"])
    for cat in catalogs.list_catalogs(ws):
        original = catalogs.load_items(ws, cat.id)
        received = pkg.item_records(cat.area_code, catalog_id=cat.id)
        assert len(received) == len(original) > 0
        for a, b in zip(original, received):
            assert {f: getattr(a, f) for f in ITEM_DATA_FIELDS} == {f: getattr(b, f) for f in ITEM_DATA_FIELDS}
        payload = next(c for c in pkg.catalogs if c["area_code"] == cat.area_code)
        assert payload["catalog_version"] == cat.version and payload["status"] == "submitted"
        assert cat.status == "submitted"
    ((name, (original_name, content)),) = pkg.attachments.items()
    assert name == "payload/attachment-1.docx" and original_name == "试点工作总体报告.docx"
    assert content == report.read_bytes()


def test_exported_file_name_tells_a_person_what_it_is(trusted, tmp_path: Path) -> None:
    ws, _ = trusted
    first = export_submission(ws, ["08"], tmp_path)
    second = export_submission(ws, ["04", "08"], tmp_path)
    today = datetime.now().strftime("%Y%m%d")
    assert first.path.name == f"市公安局_财政预决算_{today}_第1号.gkpkg"
    assert second.path.name == f"市公安局_户籍管理、财政预决算_{today}_第2号.gkpkg"
    with zipfile_names(second.path) as names:
        assert names[:3] == ["mimetype", "manifest.json", "manifest.sig"]
        assert all(n.isascii() for n in names)


class zipfile_names:  # noqa: N801 - a tiny context manager for readability
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> list[str]:
        return [n for n, _ in entries_of(self.path.read_bytes())]

    def __exit__(self, *exc: object) -> None:
        return None


def test_editing_after_export_starts_a_new_version(trusted, tmp_path: Path) -> None:
    ws, _ = trusted
    export_submission(ws, ["08"], tmp_path)
    cat = catalogs.find_catalog(ws, "08")
    assert cat.status == "submitted"
    item = catalogs.load_items(ws, cat.id)[0]
    catalogs.start_revision(ws, cat.id)
    catalogs.edit_item(ws, item.id, {"remarks": "再改"})
    cat = catalogs.find_catalog(ws, "08")
    assert cat.status == "draft" and cat.version == 2


def test_export_of_an_area_not_started_is_refused(trusted, tmp_path: Path) -> None:
    ws, _ = trusted
    with pytest.raises(DomainError) as exc:
        export_submission(ws, ["01"], tmp_path / "out")
    assert exc.value.code == "catalog_not_started"
    assert not (tmp_path / "out").exists()


def test_a_unit_verifies_its_own_package(trusted, tmp_path: Path) -> None:
    ws, _ = trusted
    assert verify_package(ws, export_submission(ws, None, tmp_path).path).trust == "own"


def test_sm2_packages_round_trip(ws, office_ws, tmp_path: Path) -> None:
    ws.set_setting("signature_algorithm", "sm2")
    fill_catalogs(ws)
    enrol_and_confirm(ws, office_ws)
    assert keys.own_key_info(ws).algorithm == "sm2"
    pkg = verify_package(office_ws, export_submission(ws, None, tmp_path).path)
    assert pkg.signer.algorithm == "sm2" and pkg.trust == "registered"
    assert json.loads(entries_of(export_submission(ws, None, tmp_path).path.read_bytes())[2][1])["signer_id"]


# Structure and signature -------------------------------------------------------------------------

@pytest.fixture
def good(trusted, tmp_path: Path) -> bytes:
    ws, _ = trusted
    return export_submission(ws, ["08"], tmp_path).path.read_bytes()


def test_missing_manifest(trusted, good) -> None:
    refused(trusted[1], replace_entry(good, "manifest.json", None), "missing_manifest")


def test_missing_signature(trusted, good) -> None:
    refused(trusted[1], replace_entry(good, "manifest.sig", None), "missing_signature")


def test_entries_out_of_order(trusted, good) -> None:
    entries = entries_of(good)
    entries[1], entries[2] = entries[2], entries[1]
    refused(trusted[1], make_zip(entries), "bad_layout")


def test_wrong_mimetype(trusted, good) -> None:
    refused(trusted[1], replace_entry(good, "mimetype", b"application/zip"), "not_gkpkg")


@pytest.mark.parametrize("sig, code", [
    (b"not json", "bad_json"),
    (b'{"format": "gkpkg-signature", "version": 1, "algorithm": "ed25519", "public_key": "!!", "signature": ""}',
     "bad_signature_file"),
    (b'{"format": "other"}', "bad_signature_file"),
    (b'{"format": "gkpkg-signature", "version": 1, "algorithm": "rsa", "public_key": "", "signature": ""}',
     "unknown_algorithm"),
    (b'{"format": "gkpkg-signature", "version": 9}', "unknown_version"),
])
def test_malformed_signature_file(trusted, good, sig: bytes, code: str) -> None:
    refused(trusted[1], replace_entry(good, "manifest.sig", sig), code)


def test_manifest_changed_after_signing(trusted, good) -> None:
    manifest = dict(entries_of(good))["manifest.json"]
    changed = manifest.replace(b'"sequence":1', b'"sequence":9')
    assert changed != manifest
    refused(trusted[1], replace_entry(good, "manifest.json", changed), "bad_signature")


def test_signature_by_another_key_over_the_same_manifest(trusted, good) -> None:
    manifest = dict(entries_of(good))["manifest.json"]
    refused(trusted[1], replace_entry(good, "manifest.sig", make_signature_file(manifest, generate())), "unknown_signer")


@pytest.mark.parametrize("manifest", [b'{"format": "gkpkg"', b"[]", b'{"format": "gkpkg", "format_version": 1}',
                                      b'{"format": "zip", "format_version": 1}'])
def test_malformed_manifest_even_when_signed(trusted, manifest: bytes) -> None:
    key = keys.load_signer(trusted[0])
    data = make_zip([("mimetype", b"application/vnd.gongkai.gkpkg+zip"), ("manifest.json", manifest),
                     ("manifest.sig", make_signature_file(manifest, key))])
    err = refused(trusted[1], data, "bad_json" if manifest.endswith(b'"') else "bad_manifest")
    assert "清单" in err.message or "JSON" in err.message


def test_unknown_format_version(trusted) -> None:
    refused(trusted[1], craft(keys.load_signer(trusted[0]), format_version=2), "unknown_version")


def test_payload_changed(trusted, good) -> None:
    content = dict(entries_of(good))[CAT]
    refused(trusted[1], replace_entry(good, CAT, content.replace("部门".encode(), "单位".encode())), "payload_changed")


def test_payload_added(trusted, good) -> None:
    refused(trusted[1], make_zip([*entries_of(good), ("payload/extra.json", b"{}")]), "payload_added")


def test_payload_missing(trusted, good) -> None:
    refused(trusted[1], replace_entry(good, CAT, None), "payload_missing")


# Trust ---------------------------------------------------------------------------------------------

def test_unknown_signer_is_quarantined_with_what_is_needed_to_enrol(ws, office_ws, tmp_path: Path) -> None:
    fill_catalogs(ws)
    path = export_submission(ws, None, tmp_path).path
    err = refused(office_ws, path.read_bytes(), "unknown_signer")
    d = err.details
    assert d["unit_code"] == "D06" and d["fingerprint"] == keys.own_key_info(ws).fingerprint
    assert d["digits"] == keys.own_key_info(ws).digits and not d["key_changed"]
    assert "市公安局" in d["summary"] and d["package_id"]
    with pytest.raises(DomainError) as exc:
        keys.enrol_from_package(office_ws, d, confirmed=False)
    assert exc.value.code == "confirmation_required"
    assert keys.list_keys(office_ws) == []
    result = keys.enrol_from_package(office_ws, d, confirmed=True, digits=keys.own_key_info(ws).digits)
    assert result.key.status == "active"
    assert verify_package(office_ws, path).trust == "registered"


def test_enrolled_but_unconfirmed_key_is_still_quarantined(ws, office_ws, tmp_path: Path) -> None:
    fill_catalogs(ws)
    keys.import_enrolment(office_ws, keys.export_enrolment(ws))
    refused(office_ws, export_submission(ws, None, tmp_path).path.read_bytes(), "pending_key")


def test_a_new_key_for_a_known_unit_raises_a_loud_warning(trusted) -> None:
    err = refused(trusted[1], craft(generate()), "unknown_signer")
    assert err.details["key_changed"] and "警告" in err.message


def test_a_key_of_another_unit(trusted) -> None:
    err = refused(trusted[1], craft(keys.load_signer(trusted[0]), unit=("D01", "市府办")), "wrong_unit_key")
    assert "D06" in err.message


def test_a_revoked_key(trusted, good) -> None:
    keys.revoke_key(trusted[1], "D06", "U 盘丢失")
    refused(trusted[1], good, "revoked_key")


def test_a_rotated_key(trusted, good) -> None:
    ws, office = trusted
    keys.rotate_own_key(ws)
    keys.import_enrolment(office, keys.export_enrolment(ws))
    refused(office, good, "rotated_key")


def test_an_algorithm_other_than_the_registered_one(trusted) -> None:
    refused(trusted[1], craft(generate("sm2")), "wrong_algorithm")


def test_a_package_id_already_imported(trusted, good) -> None:
    office = trusted[1]
    pkg = verify_package(office, good)
    with office.session() as s:
        record_accepted(s, pkg)
    refused(office, good, "replayed")


def test_a_sequence_lower_than_the_last_accepted_needs_confirmation(trusted, tmp_path: Path) -> None:
    ws, office = trusted
    old = export_submission(ws, ["08"], tmp_path / "a.gkpkg").path.read_bytes()
    new = export_submission(ws, ["08"], tmp_path / "b.gkpkg").path.read_bytes()
    with office.session() as s:
        record_accepted(s, verify_package(office, new))
    err = refused(office, old, "stale_sequence")
    assert err.details == {"sequence": 1, "last_sequence": 2, "unit_code": "D06"}
    assert verify_package(office, old, allow_stale=True).sequence == 1


def test_wrong_kind(trusted, good) -> None:
    refused(trusted[1], good, "wrong_kind", kind="distribution")


# JSON and payload checks after a valid signature ----------------------------------------------------

@pytest.mark.parametrize("raw", [
    b'{"area_code": "08", "area_code": "04"}',
    b'{"n": NaN}',
    b'{"n": Infinity}',
    b"[" * 5000 + b"]" * 5000,
    b'{"a": "\\ud800"}',
    b'{"a": "\\u0000"}',
    b'{"a": "\xff"}',
])
def test_hostile_json_in_a_signed_payload(trusted, raw: bytes) -> None:
    refused(trusted[1], craft(keys.load_signer(trusted[0]), raw=raw), "bad_json")


@pytest.mark.parametrize("items", [
    [item(position="0")],
    [item(channels="政府网站")],
    [item(channels=[1])],
    [item(unknown_field="")],
    [item(id=None)],
    [item(content=None)],
    [item(), item()],
    [item(id="")],
    [item(revision=True)],
    [item(content=["a"])],
    [item(template_code=5)],
    ["not an item"],
])
def test_payload_with_wrong_types_is_refused(trusted, items) -> None:
    refused(trusted[1], craft(keys.load_signer(trusted[0]), items=items), "bad_payload")


@pytest.mark.parametrize("items, code", [
    ([item(channels=["x" * 500])], "not_in_vocabulary"),
    ([item(position=-1)], "out_of_range"),
])
def test_payload_values_outside_their_range_or_vocabulary(trusted, items, code) -> None:
    refused(trusted[1], craft(keys.load_signer(trusted[0]), items=items), code)


def test_refusal_writes_nothing_and_acceptance_logs_once(trusted, good) -> None:
    office = trusted[1]
    with pytest.raises(PackageError):
        verify_package(office, good[:-5])
    pkg = verify_package(office, good)
    with office.session() as s:
        record_accepted(s, pkg)
        assert s.get(AcceptedPackage, pkg.package_id).sequence == 1
        assert s.scalar(select(func.count()).select_from(Catalog)) == 0  # the office merged nothing itself
