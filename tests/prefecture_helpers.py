"""Counties with approved catalogs, built through the real unit → county office flow, and the
prefecture that reviews them — each party in its own data dir."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai_desktop import keys
from gongkai_desktop.identity import choose_review_office, choose_unit
from gongkai_desktop.levels import choose_prefecture
from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.resources import RESOURCES
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.submit import export_submission
from tests.pkg_helpers import enrol_and_confirm

AREA = "04"
UNITS = ("市公安局", "双塔街道", "虎山街道")


def county_registry(tmp: Path, county: str) -> Path:
    """Another county's unit registry, in the format every county keeps (resources/units/jiangshan.json)."""
    data = json.loads((RESOURCES / "units" / "jiangshan.json").read_text(encoding="utf-8"))
    data["county"] = county
    path = tmp / f"registry-{county}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def build_county(new_workspace, tmp: Path, county: str) -> dict:
    """A county office whose units compiled 户籍管理, submitted, and were approved."""
    office = new_workspace(f"{county}-office")
    if county != "江山市":
        office.load_registry_file(county_registry(tmp, county))
    choose_review_office(office)
    digits = keys.ensure_own_key(office, keys.OFFICE_OWNER).digits
    dist = export_distribution(office, tmp / f"{county}-dist.gkpkg")
    units = {}
    for name in UNITS:
        ws = new_workspace(f"{county}-{name}")
        choose_unit(ws, name)
        import_distribution(ws, dist.path, office_fingerprint=digits)
        enrol_and_confirm(ws, office)
        cat = catalogs.start_catalog(ws, AREA).catalog
        if name == "市公安局":  # one item the unit does not disclose: the negative list has an entry
            catalogs.add_item(ws, cat.id, "power_list", "户口登记", "涉密户籍档案", fields={
                "attribute": "不予公开", "legal_ground": "《中华人民共和国政府信息公开条例》第十四条"})
        units[name] = ws
    for name, ws in units.items():
        importing.import_files(office, [export_submission(ws, [AREA], tmp / f"{county}-{name}.gkpkg").path])
    approve_all(office)
    return {"office": office, "units": units}


def approve_all(office) -> None:
    for sub in submissions.list_submissions(office, status="submitted"):
        decisions.decide(office, sub.id, "approved", "第一轮梳理", "审核员", accept_problems=True)


def build_prefecture(new_workspace, counties: dict[str, dict], name: str = "衢州市", url: str | None = None):
    """The prefecture's workspace (on ``url``'s database when given) with each county office's key
    enrolled and confirmed by fingerprint."""
    pref = new_workspace("prefecture", url=url)
    choose_prefecture(pref, name)
    for c in counties.values():
        office = c["office"]
        result = keys.import_enrolment(pref, keys.export_enrolment(office, {"name": "联络员"}))
        keys.confirm_key(pref, result.key.unit_code, keys.own_key_info(office, keys.OFFICE_OWNER).digits)
    keys.ensure_own_key(pref, keys.OFFICE_OWNER)
    return pref
