"""Hostile county packages are refused exactly as units' are: the same archive, signature, trust,
replay and JSON checks (the same codes), plus the county kind's own schema and agreements — each
crafted file correctly signed by the county's registered key where the check comes after the
signature, each refusal writing nothing."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gongkai_desktop import keys
from gongkai_desktop.models import AcceptedPackage, Submission
from gongkai_desktop.office import importing
from gongkai_desktop.office.forward import forward
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.build import build_package
from gongkai_desktop.package.jsonsafe import dumps
from gongkai_desktop.package.manifest import make_signature_file
from gongkai_desktop.package.read import read_package
from gongkai_desktop.package.signing import generate
from gongkai_desktop.package.verify import record_accepted, verify_package
from gongkai_desktop.workspace import Workspace
from tests.conftest import copy_workspace
from tests.pkg_helpers import entries_of, make_zip, replace_entry
from tests.prefecture_helpers import AREA, build_county, build_prefecture

CAT = f"payload/catalog-{AREA}.json"
PROV = f"payload/provenance-{AREA}.json"
NEG = "payload/negative-list.json"
SEQ = itertools.count(100)


@pytest.fixture(scope="module")
def region(base_workspace, tmp_path_factory):
    """江山市 (with a 不予公开 item among its approved ones) and 衢州市, which trusts its key."""
    root = tmp_path_factory.mktemp("pref-hostile")
    opened: list[Workspace] = []

    def make(name: str, url: str | None = None) -> Workspace:  # a SQLite `new_workspace`
        ws = Workspace.open(copy_workspace(base_workspace, root / name))
        opened.append(ws)
        return ws

    county = build_county(make, root, "江山市")
    pref = build_prefecture(make, {"江山市": county})
    good = forward(county["office"], [AREA], root / "good.gkpkg").path.read_bytes()
    yield county, pref, good, root
    for ws in opened:
        ws.close()


def signer_of(county) -> object:
    return keys.load_signer(county["office"], keys.OFFICE_OWNER)


def recraft(good: bytes, signer, mutate=None, manifest_change=None) -> bytes:
    """The county's package with its payload (as dicts) or manifest fields changed, signed again."""
    pkg = read_package(good)
    payload = copy.deepcopy(pkg.payload)
    m = copy.deepcopy(pkg.manifest)
    if mutate:
        mutate(payload)
    extra = {k: m[k] for k in ("recipient", "areas", "template_versions", "item_count", "problem_count", "negative_count")}
    if manifest_change:
        manifest_change(extra)
    info = {f["name"]: {k: v for k, v in f.items() if k not in ("name", "size", "sha256")} for f in m["files"]}
    return build_package("county_submission", m["unit"], {n: dumps(v) for n, v in payload.items()}, extra, signer,
                         sequence=next(SEQ), file_info=info, check=False).data


def refused(pref, data: bytes, code: str, **kw) -> PackageError:
    before = _count(pref)
    with pytest.raises(PackageError) as exc:
        verify_package(pref, data, **kw)
    assert exc.value.code == code, exc.value.message
    assert not exc.value.message.isascii()
    assert _count(pref) == before
    return exc.value


def _count(ws) -> tuple[int, int]:
    with ws.session() as s:
        return (s.scalar(select(func.count()).select_from(AcceptedPackage)),
                s.scalar(select(func.count()).select_from(Submission)))


# The archive and the signature: what every package kind gets ----------------------------------------

@pytest.mark.parametrize("damage, code", [
    (lambda g: replace_entry(g, "manifest.json", None), "missing_manifest"),
    (lambda g: replace_entry(g, "manifest.sig", None), "missing_signature"),
    (lambda g: replace_entry(g, "mimetype", b"application/zip"), "not_gkpkg"),
    (lambda g: make_zip([*entries_of(g), ("payload/extra.json", b"{}")]), "payload_added"),
    (lambda g: replace_entry(g, PROV, None), "payload_missing"),
    (lambda g: replace_entry(g, NEG, dict(entries_of(g))[NEG] + b" "), "payload_changed"),
    (lambda g: replace_entry(g, "manifest.json", dict(entries_of(g))["manifest.json"].replace(b'"negative_count":', b'"negative_count":1')), "bad_signature"),
    (lambda g: make_zip(list(reversed(entries_of(g)))), "bad_layout"),
    (lambda g: b"MZ" + g, None),
    (lambda g: g[: len(g) // 2], None),
    (lambda g: make_zip([*entries_of(g), entries_of(g)[-1]]), None),
])
def test_damaged_county_packages_are_refused(region, damage, code) -> None:
    _county, pref, good, _root = region
    before = _count(pref)
    with pytest.raises(PackageError) as exc:
        verify_package(pref, damage(good))
    assert exc.value.message and not exc.value.message.isascii() and _count(pref) == before
    if code:
        assert exc.value.code == code, exc.value.message


def test_another_key_is_quarantined_as_for_a_unit(region) -> None:
    _county, pref, good, _root = region
    manifest = dict(entries_of(good))["manifest.json"]
    err = refused(pref, replace_entry(good, "manifest.sig", make_signature_file(manifest, generate())), "unknown_signer")
    assert err.details["unit_code"] == "330881" and err.details["digits"]
    (v,) = importing.dry_run(pref, [_write(region, "foreign.gkpkg", replace_entry(
        good, "manifest.sig", make_signature_file(manifest, generate())))])
    assert v.verdict == "quarantined"


def test_replayed_and_older_packages(region) -> None:
    county, pref, good, root = region
    older = recraft(good, signer_of(county))  # sequence 100+
    newer = recraft(good, signer_of(county))
    assert read_package(newer).sequence > read_package(older).sequence
    accepted = verify_package(pref, newer)
    with pref.session() as s:
        record_accepted(s, accepted)
    try:
        refused(pref, newer, "replayed")
        err = refused(pref, older, "stale_sequence")
        assert err.details["unit_code"] == "330881"
    finally:  # the other tests verify the county's first package again
        with pref.session() as s:
            s.delete(s.get(AcceptedPackage, accepted.package_id))


def test_a_unit_package_where_a_county_one_is_needed(region) -> None:
    _county, pref, good, _root = region
    refused(pref, good, "wrong_kind", kind="submission")


# Signed by the county, but the content does not hold together ----------------------------------------

def _drop_first_row(p):
    p[PROV]["rows"] = p[PROV]["rows"][1:]


def _swap_rows(p):
    rows = p[PROV]["rows"]
    rows[0], rows[1] = rows[1], rows[0]


def _unknown_unit(p):
    p[PROV]["rows"][0]["units"] = ["D99"]


def _bad_scope(p):
    p[PROV]["rows"][0]["scope"] = "province"


def _drop_negative(p):
    p[NEG]["entries"] = p[NEG]["entries"][1:]


def _rename_negative(p):
    p[NEG]["entries"][0]["level2"] = "另一个事项"


def _extra_field(p):
    p[PROV]["rows"][0]["note"] = "x"


def _unit_ids_mismatch(p):
    p[PROV]["rows"][0]["item_ids"] = []


def _not_applicable(p):
    p[CAT]["items"][0]["applicability"] = "not_applicable"


@pytest.mark.parametrize("mutate, code", [
    (_drop_first_row, "manifest_mismatch"),
    (_swap_rows, "manifest_mismatch"),
    (_unknown_unit, "bad_payload"),
    (_bad_scope, "not_in_vocabulary"),
    (_drop_negative, "manifest_mismatch"),
    (_rename_negative, "manifest_mismatch"),
    (_extra_field, "bad_payload"),
    (_unit_ids_mismatch, "out_of_range"),
    (_not_applicable, "manifest_mismatch"),
])
def test_inconsistent_content_is_refused(region, mutate, code) -> None:
    county, pref, good, _root = region
    refused(pref, recraft(good, signer_of(county), mutate), code)


@pytest.mark.parametrize("change, code", [
    (lambda e: e.update(negative_count=e["negative_count"] + 1), "manifest_mismatch"),
    (lambda e: e["areas"][0].update(item_count=10**6), "out_of_range"),
    (lambda e: e["areas"][0].update(unit_count=e["areas"][0]["unit_count"] + 1), "manifest_mismatch"),
    (lambda e: e.pop("recipient"), "bad_manifest"),
])
def test_manifest_that_disagrees_is_refused(region, change, code) -> None:
    county, pref, good, _root = region
    refused(pref, recraft(good, signer_of(county), manifest_change=change), code)


def test_the_good_package_has_a_negative_list_to_tamper_with(region) -> None:
    """The crafted negative-list cases above need entries: the county's approved catalogs carry some."""
    _county, pref, good, _root = region
    pkg = verify_package(pref, good)
    assert pkg.payload[NEG]["entries"] and pkg.manifest["negative_count"] == len(pkg.payload[NEG]["entries"])


def test_meaning_against_the_prefecture(region) -> None:
    """A package for another prefecture, or from a county under another name, is refused at import."""
    county, pref, good, root = region
    other = recraft(good, signer_of(county), manifest_change=lambda e: e.update(recipient={"code": "330300", "name": "温州市"}))
    (v,) = importing.dry_run(pref, [_write(region, "to-wenzhou.gkpkg", other)])
    assert v.verdict == "refused" and "温州市" in v.message
    before = _count(pref)
    importing.import_verdicts(pref, [v])
    assert _count(pref) == before


def _write(region, name: str, data: bytes) -> Path:
    path = region[3] / name
    path.write_bytes(data)
    return path
