"""The review office's distribution package: its public key, the unit registry, deadlines and
(optionally) templates, sent to every unit.

A unit learns the review office's key from the first distribution it imports (trust on first use)
and refuses review-office packages signed by any other key from then on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from .. import vocab
from ..errors import DomainError
from ..models import Area, Setting, Template, TemplateItem, Unit, UnitArea
from ..unit.submit import next_sequence
from ..workspace import ROLE_REVIEW
from .build import ExportResult, build_package, write_atomically
from .errors import PackageError
from .jsonsafe import dumps
from .verify import record_accepted, verify_package

REGISTRY_FILE = "payload/registry.json"
OFFICE_KEY_FILE = "payload/office-key.json"
DEADLINES_FILE = "payload/deadlines.json"
_TEMPLATE_ITEM_KEYS = ("code", "level1", "level2", "content", "basis", "time_limit", "publisher", "channels_required",
                       "channels_optional", "channel_other", "audience", "mode", "levels", "attribute", "wording", "evidence")


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


def _registry(s: Any) -> dict[str, Any]:
    office = (s.get(Setting, "review_office").value if s.get(Setting, "review_office") else None) or {}
    county = s.get(Setting, "county")
    areas: dict[str, list[str]] = {}
    for ua in s.scalars(select(UnitArea)):
        areas.setdefault(ua.unit_code, []).append(ua.area_code)
    units = [{"code": u.code, "name": u.name, "kind": u.kind, "aliases": list(u.aliases or []),
              "areas": sorted(areas.get(u.code, []))} for u in s.scalars(select(Unit).order_by(Unit.code))]
    return {"format": "gongkai-unit-registry", "version": 1, "county": county.value if county else "",
            "review_office": office, "units": units}


def _template(s: Any, area_code: str) -> dict[str, Any]:
    from ..reference import _version_key

    rows = list(s.scalars(select(Template).where(Template.area_code == area_code)))
    if not rows:
        raise DomainError("no_template", f"领域 {area_code} 没有国家标准指引模板，无法下发。")
    t = max(rows, key=lambda r: _version_key(r.version))
    area = s.get(Area, area_code)
    items = s.scalars(select(TemplateItem).where(TemplateItem.template_id == t.id).order_by(TemplateItem.position))
    return {"format": "gongkai-template", "area_code": area_code, "area_name": area.name if area else "",
            "template_version": t.version, "document": t.document, "notes": t.notes, "level1": list(t.level1),
            "items": [{k: getattr(i, k) for k in _TEMPLATE_ITEM_KEYS} for i in items]}


def export_distribution(ws: Any, out_path: Path | str, *, templates: list[str] = (), deadlines: dict[str, Any] | None = None,
                        passphrase: str | None = None) -> ExportResult:
    """Review office: sign and write a distribution package for the units."""
    from ..keys import OFFICE_OWNER, load_signer

    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（市府办政务公开办）可以下发文件包。")
    signer = load_signer(ws, OFFICE_OWNER, passphrase)
    with ws.session() as s:
        registry = _registry(s)
        office = registry["review_office"] or {"code": "R00", "name": "市府办政务公开办"}
        payload = {REGISTRY_FILE: dumps(registry),
                   OFFICE_KEY_FILE: dumps({"algorithm": signer.algorithm, "public_key": signer.public.to_b64(),
                                           "fingerprint": signer.public.fingerprint}),
                   DEADLINES_FILE: dumps(deadlines if deadlines is not None else (ws_setting(s, "deadlines") or {}))}
        info = {REGISTRY_FILE: {"role": "registry"}, OFFICE_KEY_FILE: {"role": "office_key"},
                DEADLINES_FILE: {"role": "deadlines"}}
        for code in templates:
            name = f"payload/template-{code}.json"
            payload[name] = dumps(_template(s, code))
            info[name] = {"role": "template", "area_code": code}
        sequence = next_sequence(s, OFFICE_OWNER)
        built = build_package("distribution", {"code": office["code"], "name": office["name"]}, payload,
                              {"templates": list(templates), "unit_count": len(registry["units"])}, signer,
                              sequence=sequence, file_info=info)
        path = Path(out_path)
        write_atomically(path, built.data)
    return ExportResult(path=path, package_id=built.manifest["package_id"], sequence=sequence, areas=list(templates),
                        item_count=0, problems_count=0, fingerprint=signer.public.fingerprint)


def ws_setting(s: Any, key: str) -> Any:
    row = s.get(Setting, key)
    return row.value if row else None


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
        area_codes = set(s.scalars(select(Area.code)))
        units = _check_registry(pkg.payload.get(REGISTRY_FILE), area_codes)
        deadlines = pkg.payload.get(DEADLINES_FILE, {})
        if not isinstance(deadlines, dict):
            raise _bad("截止日期格式不对")
        specs = []
        areas = {a.code: a for a in load_areas()}
        for name, data in pkg.payload.items():
            if name.startswith("payload/template-"):
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
            s.merge(Unit(code=u["code"], name=u["name"], kind=u["kind"], aliases=list(u.get("aliases", []))))
        s.flush()
        s.execute(delete(UnitArea).where(UnitArea.unit_code.in_([u["code"] for u in units])))
        rows = [{"unit_code": u["code"], "area_code": a} for u in units for a in dict.fromkeys(u.get("areas", []))]
        if rows:
            s.execute(UnitArea.__table__.insert(), rows)
        if specs:
            _sync_templates(s, specs)
        s.merge(Setting(key="deadlines", value=deadlines))
        s.merge(Setting(key="review_office", value=pkg.manifest["unit"]))
        # the distributed registry now wins over the shipped one, also after an app update
        s.merge(Setting(key="registry", value=pkg.payload.get(REGISTRY_FILE)))
        if isinstance(pkg.payload[REGISTRY_FILE].get("county"), str):
            s.merge(Setting(key="county", value=pkg.payload[REGISTRY_FILE]["county"]))
        record_accepted(s, pkg)
    return DistributionImport(package_id=pkg.package_id, sequence=pkg.sequence, office_name=pkg.unit_name,
                              fingerprint=pkg.fingerprint, learned_key=learned, unit_count=len(units),
                              deadlines=deadlines, templates=[sp.area_code for sp in specs])
