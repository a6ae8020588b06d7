"""What the review office defined itself travels in its distribution — further areas (其他领域,
``payload/areas.json``), repealed laws it added (``payload/laws.json``), a village's township in the
registry (``parent``) — and is checked by the same strict schema and meaning checks as every other
payload: signed by the trusted office key but wrong, it is refused by import and verify alike and
the workspace stays byte for byte as it was."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from gongkai_desktop import keys
from gongkai_desktop.models import Area, LawChange, Unit
from gongkai_desktop.package.payloads import AREAS_FILE, LAWS_FILE
from gongkai_desktop.package.schema import MAX_LAWS, MAX_OFFICE_AREAS
from gongkai_desktop.unit.distribution import import_distribution
from tests.crafted import distribution, registry_of
from tests.test_package_unit_side import unit_refuses

AREA = {"code": "27", "number": "其他领域", "name": "供水服务", "level1": ["供水价格", "停水通知"]}
LAW = {"name": "某市供水条例", "successor": "某市城市供水条例", "effective": "2023-01-01", "kind": "replaced",
       "source": "《某市城市供水条例》第六十条：原条例同时废止。", "aliases": []}


@pytest.fixture
def office_signer(county):
    return keys.load_signer(county[0])


def office_data(areas: list | None = None, laws: list | None = None) -> dict:
    out = {}
    if areas is not None:
        out[AREAS_FILE] = ("areas", {"format": "gongkai-areas", "version": 1, "areas": areas})
    if laws is not None:
        out[LAWS_FILE] = ("laws", {"format": "gongkai-law-changes", "version": 1, "laws": laws})
    return out


def with_village(reg: dict) -> dict:
    reg = copy.deepcopy(reg)
    town = next(u for u in reg["units"] if u["kind"] == "township")
    reg["units"].append({"code": f"{town['code']}-01", "name": "某某村", "kind": "village", "aliases": [],
                         "areas": ["27"], "parent": town["code"]})
    reg["units"].append({"code": "E01", "name": "某市水务集团", "kind": "enterprise", "aliases": [], "areas": ["27"]})
    return reg


def test_a_well_formed_distribution_of_office_data_is_applied(county, office_signer, tmp_path) -> None:
    """So that each refusal below is about its one deviation."""
    office, units = county
    town = units["虎山街道"]
    data = distribution(office_signer, with_village(registry_of(office)), sequence=60,
                        extra=office_data([AREA], [LAW]))
    path = tmp_path / "ok.gkpkg"
    path.write_bytes(data)
    import_distribution(town, path)
    with town.session() as s:
        area = s.get(Area, "27")
        assert (area.name, area.origin, area.level1) == ("供水服务", "office", ["供水价格", "停水通知"])
        assert s.get(LawChange, LAW["name"]).successor == LAW["successor"]
        village = s.scalar(select(Unit).where(Unit.name == "某某村"))
        assert village is not None and village.parent_code.startswith("T")


def _too_many_areas() -> list:
    return [{**AREA, "code": f"{n}", "name": f"领域{n}"} for n in range(27, 27 + MAX_OFFICE_AREAS)] + [AREA]


@pytest.mark.parametrize("extra, code, where", [
    (office_data([{**AREA, "code": "04"}]), "bad_payload", "新增领域"),  # one of the plan's 26
    (office_data([{**AREA, "code": "100"}]), "bad_payload", "新增领域"),
    (office_data([{**AREA, "secret": 1}]), "bad_payload", "新增领域"),
    (office_data([{**AREA, "level1": []}]), "out_of_range", "新增领域"),
    (office_data([{**AREA, "name": "供水\u202e服务"}]), "hidden_characters", "新增领域"),
    (office_data(_too_many_areas()), "out_of_range", "新增领域"),
    (office_data([AREA, {**AREA, "name": "另一个"}]), "manifest_mismatch", "新增领域"),
    (office_data([], None), "out_of_range", "新增领域"),  # the writer leaves an empty list out
    (office_data(None, [{**LAW, "effective": "去年"}]), "bad_date", "法律法规"),
    (office_data(None, [{**LAW, "kind": "abolished"}]), "not_in_vocabulary", "法律法规"),
    (office_data(None, [{**LAW, "source": " "}]), "bad_payload", "法律法规"),
    (office_data(None, [LAW] * 2), "manifest_mismatch", "法律法规"),
    (office_data(None, [{**LAW, "name": f"条例{n}"} for n in range(MAX_LAWS + 1)]), "out_of_range", "法律法规"),
    (office_data(None, [{**LAW, "name": "某市供水条例\u200f"}]), "hidden_characters", "法律法规"),
])
def test_office_data_that_does_not_check_out(county, office_signer, tmp_path, capsys, extra, code, where) -> None:
    office, units = county
    data = distribution(office_signer, with_village(registry_of(office)), sequence=61, extra=extra)
    err = unit_refuses(units["虎山街道"], tmp_path, capsys, data, code, import_distribution)
    assert where in err.message


def test_the_office_data_comes_last_in_the_writers_order(county, office_signer, tmp_path, capsys) -> None:
    office, units = county
    extra = office_data([AREA], [LAW])
    swapped = {LAWS_FILE: extra[LAWS_FILE], AREAS_FILE: extra[AREAS_FILE]}
    data = distribution(office_signer, with_village(registry_of(office)), sequence=62, extra=swapped)
    unit_refuses(units["虎山街道"], tmp_path, capsys, data, "unknown_file", import_distribution)


def test_a_unit_responsible_for_an_area_nobody_defined(county, office_signer, tmp_path, capsys) -> None:
    office, units = county
    data = distribution(office_signer, with_village(registry_of(office)), sequence=63, extra=office_data(None, [LAW]))
    err = unit_refuses(units["虎山街道"], tmp_path, capsys, data, "bad_payload", import_distribution)
    assert "27" in err.message
