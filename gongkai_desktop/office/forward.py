"""The county review office forwards its approved catalogs to the prefecture: one signed package.

The county's submission (kind ``county_submission``) carries, per area, the county catalog as
`aggregate.aggregate_area` makes it (departments' rows, townships' items merged) in the same
catalog payload a unit sends, beside it the provenance of every row (the units that disclose it
and their own item ids, the differences flagged), and the county's negative list. It is signed with
the office's key, as the county's results and distributions are; the prefecture trusts that key by
enrolment and fingerprint, as the county trusts its units'. What was sent is recorded
(`settings.SENT_PACKAGE`, `settings.FORWARDED`) so the prefecture's result can be matched to it
(`office.upstream`), and an area forwarded again unchanged keeps its version.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import durable, hierarchy, reference, settings, userfiles, vocab
from ..errors import DomainError
from ..levels import own_region
from ..models import Setting, Submission
from ..package.build import ExportResult, build_package, item_payload, package_filename, stage_package
from ..package.jsonsafe import dumps
from ..package.payloads import NEGATIVE_FILE, RESPONSES_FILE, catalog_file, provenance_file
from ..sequences import next_sequence
from ..validation import validate_items
from ..workspace import ROLE_REVIEW, Workspace
from . import audit
from .aggregate import AreaAggregate, aggregate_area
from .problems import gathers_submitters


def require_reporting_office(ws: Workspace) -> tuple[hierarchy.Region, hierarchy.Region]:
    """This review office's region and the one it reports to (a county to its prefecture, a
    prefecture to its province)."""
    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（县级市府办政务公开办或市级审核端）可以向上级报送汇总目录。")
    region = own_region(ws)
    parent = hierarchy.parent(region)
    if parent is None:
        raise DomainError("no_parent", f"行政区划中没有{region.name}的上级地区，无法报送。")
    return region, parent


def forward(ws: Workspace, area_codes: list[str] | None = None, out_path: Path | str | None = None,
            passphrase: str | None = None) -> ExportResult:
    """Sign and write the county's approved catalogs (``area_codes``, or every area with any) for the
    prefecture; the file appears once its sequence number is committed."""
    from ..keys import OFFICE_OWNER, load_signer

    region, parent = require_reporting_office(ws)
    aggs = _aggregates(ws, area_codes)
    signer = load_signer(ws, OFFICE_OWNER, passphrase)
    with durable.AfterCommit() as written, ws.session(write=True) as s:
        payload: dict[str, bytes] = {}
        info: dict[str, dict[str, Any]] = {}
        areas, negative = [], []
        required = reference.required_channels_by_version(s, [(a.area_code, "") for a in aggs])
        versions: dict[str, dict[str, Any]] = {}
        answered, addressed, replies = responses_for(s, [a.area_code for a in aggs])
        for agg in aggs:
            cat, prov, problems = _area_payloads(s, agg, region, required[(agg.area_code, "")])
            data = dumps(cat)
            versions[agg.area_code] = _version(s, agg.area_code, data, agg.area_code in answered)
            cat["catalog_version"] = versions[agg.area_code]["version"]
            data = dumps(cat)
            name = catalog_file(agg.area_code)
            payload[name], info[name] = data, {"role": "catalog", "area_code": agg.area_code}
            areas.append({"code": agg.area_code, "name": agg.area_name, "catalog_version": cat["catalog_version"],
                          "template_version": "", "item_count": len(cat["items"]), "problem_count": problems,
                          "unit_count": len(prov["units"]), "file": name})
            negative.extend(_negative(agg.area_code, cat["items"], prov))
            pname = provenance_file(agg.area_code)
            payload[pname], info[pname] = dumps(prov), {"role": "provenance", "area_code": agg.area_code}
        payload[NEGATIVE_FILE], info[NEGATIVE_FILE] = dumps({"entries": negative}), {"role": "negative_list"}
        for a in areas:
            if a["code"] in answered:  # after 退回修改: the result this version answers (as a unit's does)
                a["answers_result"] = answered[a["code"]]
        if addressed or replies:  # which of the level above's comments were dealt with, and the answers
            payload[RESPONSES_FILE] = dumps({"addressed": addressed, **({"replies": replies} if replies else {})})
            info[RESPONSES_FILE] = {"role": "responses"}
        sequence = next_sequence(ws, s, OFFICE_OWNER)
        package_id = uuid.uuid4().hex
        extra = {"recipient": parent.identity(), "areas": areas, "template_versions": {a["code"]: "" for a in areas},
                 "item_count": sum(a["item_count"] for a in areas), "problem_count": sum(a["problem_count"] for a in areas),
                 "negative_count": len(negative)}
        built = build_package("county_submission", region.identity(), payload, extra, signer, sequence=sequence,
                              file_info=info, package_id=package_id)
        settings.write(s, settings.SENT_PACKAGE.of(package_id), {
            "kind": "county_submission", "sequence": sequence, "recipient": parent.code,
            "areas": {a["code"]: a["catalog_version"] for a in areas}})
        for code, v in versions.items():
            settings.write(s, settings.FORWARDED.of(code), dict(v, package_id=package_id, sequence=sequence))
        sent = "、".join(f"{a['name']} 第 {a['catalog_version']} 版" for a in areas)
        audit.record(s, ws.reviewer, "forward", None, f"第 {sequence} 号报送{parent.name}：{sent}")
        name = package_filename(f"{region.name}报{parent.name}", [a["name"] for a in areas], sequence)
        path = userfiles.output_path(out_path, name, ws.data_dir / "outbox")
        written.add(stage_package(path, built.data))
    return ExportResult(path=path, package_id=package_id, sequence=sequence, areas=[a["code"] for a in areas],
                        item_count=extra["item_count"], problems_count=extra["problem_count"],
                        fingerprint=signer.public.fingerprint)


def _aggregates(ws: Workspace, area_codes: list[str] | None) -> list[AreaAggregate]:
    codes = area_codes or [a.code for a in reference.list_areas(ws)]
    aggs = [aggregate_area(ws, code, with_sources=True) for code in dict.fromkeys(codes)]
    empty = [a.area_name for a in aggs if not a.units]
    if area_codes and empty:
        raise DomainError("nothing_approved", f"领域“{'、'.join(empty)}”还没有任何已通过的单位目录，无法报送。请先审核通过。")
    aggs = [a for a in aggs if a.units]
    if not aggs:
        raise DomainError("nothing_approved", "还没有任何已通过的单位目录，无法向上级报送。请先审核通过各单位的目录。")
    return aggs


def _area_payloads(s: Any, agg: AreaAggregate, region: hierarchy.Region,
                   required: Any) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The county catalog of one area and the provenance of its rows (ids kept unique)."""
    subs = {sub.unit_code: sub for sub in s.scalars(
        select(Submission).where(Submission.area_code == agg.area_code, Submission.status == "approved")
        .order_by(Submission.id))}  # the newest approved version of each unit, as the aggregate takes it
    kinds = _unit_kinds(s)
    items, rows, seen, used = [], [], set(), []
    for pos, row in enumerate(agg.rows):
        item = item_payload(row.item.to_dict())
        if item["id"] in seen:  # two units' ids alike (copied catalogs): a stable id of its own
            item["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"gongkai:{row.sources[0][0]}:{item['id']}"))
        seen.add(item["id"])
        item["position"] = pos
        items.append(item)
        codes = list(dict.fromkeys(c for c, _ in row.sources))
        ids = [next(i for c, i in row.sources if c == code) for code in codes]
        used.extend(codes)
        rows.append({"id": item["id"], "scope": row.scope, "units": codes, "item_ids": ids, "flags": row.flags[:4]})
    units = [{"code": c, "name": subs[c].unit_name, "kind": kinds.get(c, "department"),
              "catalog_version": subs[c].catalog_version} for c in dict.fromkeys(used)]
    cat = {"area_code": agg.area_code, "area_name": agg.area_name, "unit_code": region.code, "catalog_version": 1,
           "template_version": "", "status": "submitted", "items": items}
    prov = {"area_code": agg.area_code, "units": units, "rows": rows}
    return cat, prov, len(validate_items([row.item for row in agg.rows], required,
                                         names_unique=not gathers_submitters(region.level)))


def responses_for(s: Any, area_codes: list[str]) -> tuple[dict[str, int], dict[str, list[str]], dict[str, dict[str, str]]]:
    """For the next forward: per area, the result it answers (the newest 退回修改 of the version last
    sent), the comments marked 已处理 and the answers given."""
    prefix = settings.UPSTREAM_RESULT.prefix + "."
    newest: dict[str, dict[str, Any]] = {}
    for row in s.scalars(select(Setting).where(Setting.key.like(prefix + "%"))):
        v = row.value if isinstance(row.value, dict) else {}
        area = v.get("area_code")
        if area in area_codes and (area not in newest or v["decided_at"] > newest[area]["decided_at"]):
            newest[area] = v
    answered, addressed, replies = {}, {}, {}
    for area, v in newest.items():
        last = settings.read(s, settings.FORWARDED.of(area)) or {}
        if v["decision"] != "returned" or last.get("version") != v["submission"]["catalog_version"] or not v.get("sequence"):
            continue  # approved, or already answered by a later version
        answered[area] = int(v["sequence"])
        if done := [c["id"] for c in v["comments"] if c.get("addressed")]:
            addressed[area] = done
        if said := {c["id"]: c["reply"] for c in v["comments"] if c.get("reply")}:
            replies[area] = said
    return answered, addressed, replies


def _unit_kinds(s: Any) -> dict[str, str]:
    from ..models import Unit

    return dict(s.execute(select(Unit.code, Unit.kind)).all())


def _negative(area_code: str, items: list[dict[str, Any]], prov: dict[str, Any]) -> list[dict[str, Any]]:
    names = {u["code"]: u["name"] for u in prov["units"]}
    return [{"area_code": area_code, "item_id": it["id"], "level1": it["level1"], "level2": it["level2"],
             "legal_ground": it["legal_ground"], "units": [names[u] for u in r["units"]]}
            for it, r in zip(items, prov["rows"]) if it["attribute"] == vocab.ATTRIBUTE_NOT_DISCLOSED]


def _version(s: Any, area_code: str, data: bytes, answering: bool = False) -> dict[str, Any]:
    """The area's version towards the prefecture: the same as last time when nothing changed, unless
    it answers a 退回修改 (then, as a unit's answered catalog, it is the next version even unchanged)."""
    digest = hashlib.sha256(data).hexdigest()
    row = s.get(Setting, settings.FORWARDED.of(area_code).key)
    last = row.value if row and isinstance(row.value, dict) else {}
    version = int(last.get("version", 0))
    return {"version": version if last.get("digest") == digest and not answering else version + 1, "digest": digest}


def forwarded(ws: Workspace) -> dict[str, dict[str, Any]]:
    """Area code → what was last forwarded of it (version, package, sequence, the prefecture's decision)."""
    with ws.session(write=False) as s:
        prefix = settings.FORWARDED.prefix + "."
        return {r.key[len(prefix):]: dict(r.value) for r in s.scalars(select(Setting).where(Setting.key.like(prefix + "%")))
                if isinstance(r.value, dict)}


@dataclass(slots=True)
class ForwardableArea:
    """One area as the 报送上级 dialog lists it."""

    code: str
    name: str
    approved_units: int  # units (counties) whose newest catalog of the area is approved
    forwarded_version: int | None  # the version last sent up (None: never)
    decision: str | None  # the level above's decision on that version: returned / approved / None (waiting)


@dataclass(slots=True)
class ForwardState:
    region: str
    parent: str
    areas: list[ForwardableArea]


def forward_state(ws: Workspace) -> ForwardState:
    """Who this office reports to, and per area what it could send and what it sent (reads only)."""
    from .aggregate import approved_submissions

    region, parent = require_reporting_office(ws)
    sent = forwarded(ws)
    with ws.session(write=False) as s:
        counts: dict[str, int] = {}
        for _sid, _code, _name, _kind, area in approved_submissions(s):
            counts[area] = counts.get(area, 0) + 1
    areas = [ForwardableArea(a.code, a.name, counts.get(a.code, 0), sent.get(a.code, {}).get("version"),
                             sent.get(a.code, {}).get("decision")) for a in reference.list_areas(ws)]
    return ForwardState(region.name, parent.name, areas)
