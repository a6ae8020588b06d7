"""A unit imports the review office's distribution: the office's key, the registry, deadlines, templates.

Trust starts with the clerk: the first distribution is imported only with the office's fingerprint
the clerk read from an independent channel (the plan's notice, a phone call) and typed; until it
matches, nothing it carries touches the workspace. From then on only the trusted key, or a new key
the trusted one vouched for (a signed rotation), is accepted. What the signed content says is checked
against the workspace before anything is written (`check_distribution`), and `gongkai package
verify` runs the same check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from .. import backups, settings
from ..errors import DomainError
from ..models import Area, Unit, UnitArea
from ..package.errors import PackageError
from ..package.payloads import DEADLINES_FILE, REGISTRY_FILE, TEMPLATE_PREFIX
from ..package.read import VerifiedPackage
from ..package.verify import record_accepted, verify_package
from ..workspace import ROLE_REVIEW


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
    rotated_key: bool = False


def _bad(what: str) -> PackageError:
    return PackageError("bad_payload", f"下发文件包的内容不合格：{what}，已拒绝。")


def check_distribution(s: Any, ws: Any, pkg: VerifiedPackage, office_fingerprint: str | None = None) -> list[Any]:
    """Everything a distribution must prove before it is applied; returns its templates, checked.

    The signer: a first contact needs the clerk's fingerprint; given digits must match whatever key
    signed it. The content: every unit's areas exist, this unit is in the registry, each template
    fits its area (`resources.validate_template`). Raises `PackageError`; writes nothing.
    """
    from ..office_key import confirm_first_contact
    from ..resources import load_areas, validate_template

    if pkg.trust == "first_contact" or office_fingerprint is not None:
        confirm_first_contact(pkg.signer, office_fingerprint)
    area_codes = set(s.scalars(select(Area.code)))
    units = pkg.payload[REGISTRY_FILE]["units"]
    for u in units:
        unknown = sorted(set(u["areas"]) - area_codes)
        if unknown:
            raise _bad(f"单位“{u['name'][:40]}”负责的领域 {'、'.join(unknown)} 不存在")
    own = ws.unit_code
    if own and own not in {u["code"] for u in units}:
        raise _bad(f"单位名册中没有本单位（{own}）")
    areas = {a.code: a for a in load_areas()}
    specs = []
    for name, data in pkg.payload.items():
        if name.startswith(TEMPLATE_PREFIX):
            try:
                specs.append(validate_template(Path(name), data, areas[data["area_code"]]))
            except (DomainError, KeyError) as exc:
                raise _bad(f"领域 {data['area_code']} 的模板不合格（{getattr(exc, 'message', exc)}）") from None
    return specs


def import_distribution(ws: Any, source: Path | str | bytes, *, allow_stale: bool = False,
                        office_fingerprint: str | None = None) -> DistributionImport:
    """Unit side: verify a distribution, check what it says, and apply it in one transaction.

    ``office_fingerprint``: the digits the clerk read from the office's notice or a phone call;
    required the first time (no office key trusted yet), checked against the signer whenever given.
    """
    if ws.role == ROLE_REVIEW:
        raise DomainError("role_conflict", "审核端不能导入下发文件包。")
    pkg = verify_package(ws, source, kind="distribution", allow_stale=allow_stale)
    from ..office_key import trust_office_key
    from ..workspace import _sync_templates

    with ws.session(write=False) as s:  # refused before anything is written, the backup included
        check_distribution(s, ws, pkg, office_fingerprint)
    backups.automatic(ws, backups.BEFORE_IMPORT)  # a restorable copy first (issue 14)
    with ws.session() as s:
        specs = check_distribution(s, ws, pkg, office_fingerprint)
        registry = pkg.payload[REGISTRY_FILE]
        units = registry["units"]
        deadlines = pkg.payload[DEADLINES_FILE]
        if pkg.trust in ("first_contact", "rotation"):
            trust_office_key(s, pkg.signer, pkg.manifest["unit"], "fingerprint" if pkg.trust == "first_contact" else "rotation")
        for u in units:
            s.merge(Unit(code=u["code"], name=u["name"], kind=u["kind"], aliases=list(u["aliases"])))
        s.flush()
        s.execute(delete(UnitArea).where(UnitArea.unit_code.in_([u["code"] for u in units])))
        rows = [{"unit_code": u["code"], "area_code": a} for u in units for a in u["areas"]]
        if rows:
            s.execute(UnitArea.__table__.insert(), rows)
        if specs:
            _sync_templates(s, specs)
        settings.write(s, settings.DEADLINES, deadlines)
        settings.write(s, settings.REVIEW_OFFICE, pkg.manifest["unit"])
        # the distributed registry now wins over the shipped one, also after an app update
        settings.write(s, settings.REGISTRY, registry)
        if registry["county"]:
            settings.write(s, settings.COUNTY, registry["county"])
        record_accepted(s, pkg)
    return DistributionImport(package_id=pkg.package_id, sequence=pkg.sequence, office_name=pkg.unit_name,
                              fingerprint=pkg.fingerprint, learned_key=pkg.trust == "first_contact", unit_count=len(units),
                              deadlines=deadlines, templates=[sp.area_code for sp in specs],
                              rotated_key=pkg.trust == "rotation")
