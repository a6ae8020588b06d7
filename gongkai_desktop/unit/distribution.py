"""A unit imports the review office's distribution: the office's key, the registry, deadlines, templates.

A unit learns the review office's key from the first distribution it imports (trust on first use)
and refuses review-office packages signed by any other key from then on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from .. import settings, vocab
from ..errors import DomainError
from ..models import Area, Unit, UnitArea
from ..package.errors import PackageError
from ..package.payloads import DEADLINES_FILE, REGISTRY_FILE, TEMPLATE_PREFIX
from ..package.verify import record_accepted, verify_package
from ..workspace import ROLE_REVIEW
from .office_data import apply_office_areas, apply_office_laws


@dataclass(slots=True)
class DistributionImport:
    package_id: str
    sequence: int
    office_name: str
    fingerprint: str
    learned_key: bool
    unit_count: int
    deadlines: dict[str, Any]
    templates: list[str] = field(default_factory=list)


def _bad(what: str) -> PackageError:
    return PackageError("bad_payload", f"下发文件包的内容不合格：{what}，已拒绝。")


def _check_registry(reg: Any, area_codes: set[str]) -> list[dict[str, Any]]:
    if not isinstance(reg, dict) or reg.get("format") != "gongkai-unit-registry" or not isinstance(reg.get("units"), list):
        raise _bad("单位名册格式不对")
    seen: set[str] = set()
    for u in reg["units"]:
        if not isinstance(u, dict) or not all(isinstance(u.get(k), str) and u[k] for k in ("code", "name", "kind")):
            raise _bad("单位名册中有不完整的单位")
        if u["code"] in seen or u["kind"] not in vocab.UNIT_KINDS or len(u["code"]) > 32 or len(u["name"]) > 128:
            raise _bad(f"单位 {u['code'][:32]} 重复或类型不对")
        areas, aliases = u.get("areas", []), u.get("aliases", [])
        if not isinstance(areas, list) or not set(map(str, areas)) <= area_codes or not isinstance(aliases, list) \
                or not all(isinstance(a, str) for a in [*areas, *aliases]):
            raise _bad(f"单位 {u['name'][:40]} 的负责领域不对")
        seen.add(u["code"])
    return reg["units"]


def import_distribution(ws: Any, source: Path | str | bytes, *, allow_stale: bool = False) -> DistributionImport:
    """Unit side: verify a distribution (learning the office's key the first time) and apply it in one transaction."""
    if ws.role == ROLE_REVIEW:
        raise DomainError("role_conflict", "审核端不能导入下发文件包。")
    pkg = verify_package(ws, source, kind="distribution", allow_stale=allow_stale)
    from ..keys import learn_office_key
    from ..resources import load_areas, validate_template
    from ..workspace import _sync_templates

    with ws.session() as s:
        office_areas = apply_office_areas(s, pkg.payload)  # 其他领域 first: the registry may name them
        area_codes = set(s.scalars(select(Area.code)))
        units = _check_registry(pkg.payload.get(REGISTRY_FILE), area_codes)
        deadlines = pkg.payload.get(DEADLINES_FILE, {})
        if not isinstance(deadlines, dict):
            raise _bad("截止日期格式不对")
        specs = []
        areas = {a.code: a for a in load_areas()} | office_areas
        for name, data in pkg.payload.items():
            if name.startswith(TEMPLATE_PREFIX):
                code = data.get("area_code") if isinstance(data, dict) else None
                if code not in areas:
                    raise _bad("模板的领域不对")
                try:
                    specs.append(validate_template(Path(name), data, areas[code]))
                except (DomainError, AttributeError, TypeError, ValueError, KeyError):
                    raise _bad(f"领域 {code} 的模板不合格") from None
        learned = pkg.trust == "first_use"
        if learned:
            learn_office_key(s, pkg.signer, pkg.manifest["unit"])
        for u in units:
            parent = u.get("parent") if isinstance(u.get("parent"), str) and len(u["parent"]) <= 32 else None
            s.merge(Unit(code=u["code"], name=u["name"], kind=u["kind"], aliases=list(u.get("aliases", [])),
                         parent_code=parent))
        s.flush()
        s.execute(delete(UnitArea).where(UnitArea.unit_code.in_([u["code"] for u in units])))
        rows = [{"unit_code": u["code"], "area_code": a} for u in units for a in dict.fromkeys(u.get("areas", []))]
        if rows:
            s.execute(UnitArea.__table__.insert(), rows)
        if specs:
            _sync_templates(s, specs)
        apply_office_laws(s, pkg.payload)
        settings.write(s, settings.DEADLINES, deadlines)
        settings.write(s, settings.REVIEW_OFFICE, pkg.manifest["unit"])
        # the distributed registry now wins over the shipped one, also after an app update
        settings.write(s, settings.REGISTRY, pkg.payload.get(REGISTRY_FILE))
        if isinstance(pkg.payload[REGISTRY_FILE].get("county"), str):
            settings.write(s, settings.COUNTY, pkg.payload[REGISTRY_FILE]["county"])
        record_accepted(s, pkg)
    return DistributionImport(package_id=pkg.package_id, sequence=pkg.sequence, office_name=pkg.unit_name,
                              fingerprint=pkg.fingerprint, learned_key=learned, unit_count=len(units),
                              deadlines=deadlines, templates=[sp.area_code for sp in specs])
