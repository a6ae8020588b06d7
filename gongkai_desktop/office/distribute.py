"""The review office's distribution package: its public key, the unit registry, deadlines and
(optionally) templates, sent to every unit (the unit's side is `unit/distribution.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import durable, settings, userfiles
from ..errors import DomainError
from ..models import Area, Template, TemplateItem, Unit, UnitArea
from ..package.build import ExportResult, build_package, stage_package
from ..package.jsonsafe import dumps
from ..package.payloads import DEADLINES_FILE, OFFICE_KEY_FILE, REGISTRY_FILE, template_file
from ..sequences import next_sequence
from ..workspace import ROLE_REVIEW
from .office_data import office_reference_payload

TEMPLATE_ITEM_KEYS = ("code", "level1", "level2", "content", "basis", "time_limit", "publisher", "channels_required",
                      "channels_optional", "channel_other", "audience", "mode", "levels", "attribute", "wording", "evidence")


def _registry(s: Any) -> dict[str, Any]:
    office = settings.read(s, settings.REVIEW_OFFICE)
    county = settings.read(s, settings.COUNTY)
    areas: dict[str, list[str]] = {}
    for ua in s.scalars(select(UnitArea)):
        areas.setdefault(ua.unit_code, []).append(ua.area_code)
    units = [{"code": u.code, "name": u.name, "kind": u.kind, "aliases": list(u.aliases or []),
              "areas": sorted(areas.get(u.code, [])), **({"parent": u.parent_code} if u.parent_code else {})}
             for u in s.scalars(select(Unit).order_by(Unit.code))]
    return {"format": "gongkai-unit-registry", "version": 1, "county": county,
            "review_office": {"code": office["code"], "name": office["name"]} if office else {}, "units": units}


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
            "items": [{k: getattr(i, k) for k in TEMPLATE_ITEM_KEYS} for i in items]}


def export_distribution(ws: Any, out_path: Path | str, *, templates: Sequence[str] = (), deadlines: dict[str, Any] | None = None,
                        passphrase: str | None = None) -> ExportResult:
    """Review office: sign and write a distribution package for the units."""
    from ..keys import OFFICE_OWNER, load_signer, rotation_chain

    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（市府办政务公开办）可以下发文件包。")
    signer = load_signer(ws, OFFICE_OWNER, passphrase)
    templates = list(dict.fromkeys(templates))
    with durable.AfterCommit() as files, ws.session(write=True) as s:  # the file appears after the commit
        registry = _registry(s)
        office = registry["review_office"] = registry["review_office"] or {"code": "R00", "name": "市府办政务公开办"}
        office_key: dict[str, Any] = {"algorithm": signer.algorithm, "public_key": signer.public.to_b64(),
                                      "fingerprint": signer.public.fingerprint}
        rotations = rotation_chain(ws, OFFICE_OWNER)
        if rotations:  # how a unit that trusts an earlier key of the office follows it to this one
            office_key["rotations"] = rotations
        payload = {REGISTRY_FILE: dumps(registry), OFFICE_KEY_FILE: dumps(office_key),
                   DEADLINES_FILE: dumps(deadlines if deadlines is not None else settings.read(s, settings.DEADLINES))}
        info = {REGISTRY_FILE: {"role": "registry"}, OFFICE_KEY_FILE: {"role": "office_key"},
                DEADLINES_FILE: {"role": "deadlines"}}
        for code in templates:
            name = template_file(code)
            payload[name] = dumps(_template(s, code))
            info[name] = {"role": "template", "area_code": code}
        payload.update(office_reference_payload(s, info))  # its own areas and repealed laws, if any, last
        sequence = next_sequence(ws, s, OFFICE_OWNER)
        built = build_package("distribution", {"code": office["code"], "name": office["name"]}, payload,
                              {"templates": list(templates), "unit_count": len(registry["units"])}, signer,
                              sequence=sequence, file_info=info)
        name = f"{office['name']}_下发_{sequence}.gkpkg"
        path = files.add(stage_package(userfiles.output_path(out_path, name, ws.data_dir / "outbox"), built.data)).target  # flushed before the commit
    return ExportResult(path=path, package_id=built.manifest["package_id"], sequence=sequence, areas=list(templates),
                        item_count=0, problems_count=0, fingerprint=signer.public.fingerprint)
