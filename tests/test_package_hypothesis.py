"""Property tests: random damage to a valid package never imports anything and never raises
anything but `PackageError`.

Damage to bytes that carry no data at all (a timestamp or permission bit in the central directory)
may leave the very same signed content readable; the property allows that and nothing else: if a
damaged file verifies, its manifest and payload are exactly the original's.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai_desktop.identity import choose_review_office, choose_unit
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.read import read_package
from gongkai_desktop.package.verify import verify_package
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import Workspace
from tests.conftest import copy_workspace
from tests.pkg_helpers import enrol_and_confirm, entries_of, fill_catalogs, make_zip

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", params=["submission", "county_submission"])
def setup(request, base_workspace, tmp_path_factory):
    """A unit's package verified by its county office, and a county's verified by its prefecture."""
    if request.param == "county_submission":
        yield from _county_setup(base_workspace, tmp_path_factory)
        return
    root = tmp_path_factory.mktemp("hypo")
    unit = Workspace.open(copy_workspace(base_workspace, root / "unit"))
    office = Workspace.open(copy_workspace(base_workspace, root / "office"))
    choose_unit(unit, "市公安局")
    choose_review_office(office)
    fill_catalogs(unit)
    enrol_and_confirm(unit, office)
    data = export_submission(unit, None, root / "p.gkpkg").path.read_bytes()
    original = verify_package(office, data)
    yield office, data, original
    unit.close()
    office.close()


def _county_setup(base_workspace, tmp_path_factory):
    from gongkai_desktop.office.forward import forward
    from tests.prefecture_helpers import AREA, build_county, build_prefecture

    root = tmp_path_factory.mktemp("hypo-county")
    opened: list[Workspace] = []

    def make(name: str, url: str | None = None) -> Workspace:  # the factory `new_workspace` is (SQLite only here)
        assert url is None
        opened.append(Workspace.open(copy_workspace(base_workspace, root / name)))
        return opened[-1]

    county = build_county(make, root, "江山市")
    pref = build_prefecture(make, {"江山市": county})
    data = forward(county["office"], [AREA], root / "c.gkpkg").path.read_bytes()
    yield pref, data, verify_package(pref, data)
    for ws in opened:
        ws.close()


def check(office, damaged: bytes, original) -> None:
    try:
        pkg = verify_package(office, damaged)
    except PackageError as exc:
        assert exc.code and exc.message
        return
    assert pkg.manifest_sha256 == original.manifest_sha256 and pkg.payload == original.payload


@SETTINGS
@given(data=st.data())
def test_bit_flips(setup, data) -> None:
    office, good, original = setup
    buf = bytearray(good)
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(buf) - 1))
        buf[pos] ^= 1 << data.draw(st.integers(0, 7))
    assume(bytes(buf) != good)
    check(office, bytes(buf), original)


@SETTINGS
@given(data=st.data())
def test_truncation_insertion_and_overwrite(setup, data) -> None:
    office, good, original = setup
    pos = data.draw(st.integers(0, len(good)))
    how = data.draw(st.sampled_from(["truncate", "insert", "overwrite", "delete"]))
    junk = data.draw(st.binary(min_size=1, max_size=64))
    damaged = {"truncate": good[:pos], "insert": good[:pos] + junk + good[pos:],
               "overwrite": good[:pos] + junk + good[pos + len(junk):],
               "delete": good[:pos] + good[pos + len(junk):]}[how]
    assume(damaged != good)
    check(office, damaged, original)


@SETTINGS
@given(data=st.data())
def test_content_damage_inside_a_well_formed_archive_never_verifies(setup, data) -> None:
    """Re-zipped with valid CRCs, so only the signature and the manifest's hashes stand guard."""
    office, good, _ = setup
    entries = entries_of(good)
    index = data.draw(st.integers(0, len(entries) - 1))
    name, content = entries[index]
    action = data.draw(st.sampled_from(["flip", "replace", "append", "drop"]))
    if action == "flip" and content:
        pos = data.draw(st.integers(0, len(content) - 1))
        new = content[:pos] + bytes([content[pos] ^ data.draw(st.integers(1, 255))]) + content[pos + 1:]
    elif action == "append":
        new = content + data.draw(st.binary(min_size=1, max_size=32))
    elif action == "drop":
        new = None
    else:
        new = data.draw(st.binary(max_size=256))
    assume(new != content)
    damaged = [(n, new if i == index else c) for i, (n, c) in enumerate(entries) if i != index or new is not None]
    with pytest.raises(PackageError):
        verify_package(office, make_zip(damaged))


@SETTINGS
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise_anything_else(setup, blob: bytes) -> None:
    with pytest.raises(PackageError):
        read_package(blob)
