"""A unit's submission: its catalogs of one or more areas, signed, as one .gkpkg file."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import durable, userfiles, versions
from ..errors import DomainError
from ..models import Area, Catalog, CatalogItem, Setting, Unit, utcnow
from ..package.build import (
    ExportResult,
    build_package,
    item_payload,
    package_filename,
    read_attachments,
    stage_package,
)
from ..package.jsonsafe import dumps
from ..package.payloads import RESPONSES_FILE, attachment_file, catalog_file
from ..records import ItemRecord
from ..sequences import next_sequence
from ..validation import validate_items
from ..workspace import ROLE_REVIEW
from .catalogs import ITEM_COLUMNS, current_unit, required_channels_for
from .replies import answered_result, replies_by_area
from .results import addressed_by_area, sent_setting


def _catalogs(s: Any, unit_code: str, area_codes: list[str] | None) -> list[Catalog]:
    q = select(Catalog).where(Catalog.unit_code == unit_code).order_by(Catalog.area_code)
    cats = list(s.scalars(q))
    if area_codes:
        wanted = list(dict.fromkeys(area_codes))
        have = {c.area_code: c for c in cats}
        missing = [a for a in wanted if a not in have]
        if missing:
            raise DomainError("catalog_not_started", f"本单位尚未开始编制领域 {'、'.join(missing)} 的目录，无法导出。")
        cats = [have[a] for a in sorted(wanted)]
    if not cats:
        raise DomainError("nothing_to_export", "本单位还没有任何目录可以导出。请先开始编制目录。")
    return cats


def _catalog_payload(s: Any, cat: Catalog, area_name: str) -> tuple[dict[str, Any], int]:
    rows = s.execute(select(*ITEM_COLUMNS).where(CatalogItem.catalog_id == cat.id).order_by(CatalogItem.position)).all()
    records = [ItemRecord(**r._mapping) for r in rows]
    problems = validate_items(records, required_channels_for(s, cat))
    payload = {"area_code": cat.area_code, "area_name": area_name, "unit_code": cat.unit_code,
               "catalog_version": cat.version, "template_version": cat.template_version or "",
               "status": "submitted", "items": [item_payload(r._mapping) for r in rows]}
    return payload, len(problems)


def export_submission(ws: Any, area_codes: list[str] | None = None, out_path: Path | str | None = None,
                      attachments: Iterable[Path | str] = (), unit_code: str | None = None,
                      passphrase: str | None = None) -> ExportResult:
    """Export the unit's catalogs (all, or ``area_codes``) as one signed package; mark them submitted.

    One transaction: the sequence number and the catalogs' status commit together, with the file
    already written and flushed under a temporary name; only then is it renamed into place, so a
    visible package always has its sequence recorded (a crash in between leaves a temporary file,
    removed on the next start, and a used number). If writing the file fails nothing changes.
    """
    from ..keys import load_signer

    if ws.role == ROLE_REVIEW and not unit_code:
        raise DomainError("role_conflict", "审核端不能报送目录。")
    unit_code = current_unit(ws, unit_code)
    files = read_attachments(attachments)
    signer = load_signer(ws, unit_code, passphrase)
    return _export(ws, unit_code, area_codes, out_path, files, signer)


def _export(ws: Any, unit_code: str, area_codes: list[str] | None, out_path: Path | str | None,
            files: list[tuple[str, bytes]], signer: Any) -> ExportResult:
    with durable.AfterCommit() as written, ws.session(write=True) as s:  # no file may claim an uncommitted number
        unit = s.get(Unit, unit_code)
        unit_name = unit.name if unit else unit_code
        cats = _catalogs(s, unit_code, area_codes)
        area_names = {a.code: a.name for a in s.scalars(select(Area))}
        payload: dict[str, bytes] = {}
        info: dict[str, dict[str, Any]] = {}
        areas, total_items, total_problems = [], 0, 0
        for cat in cats:
            if cat.status == "returned":  # answered as it is (issue 18): still the office's next version
                cat.version += 1
            name = catalog_file(cat.area_code)
            data, problems = _catalog_payload(s, cat, area_names.get(cat.area_code, cat.area_code))
            payload[name] = dumps(data)
            info[name] = {"role": "catalog", "area_code": cat.area_code}
            areas.append({"code": cat.area_code, "name": data["area_name"], "catalog_version": cat.version,
                          "template_version": cat.template_version or "", "item_count": len(data["items"]),
                          "problem_count": problems, "file": name})
            if (answers := answered_result(s, cat.area_code)) is not None:
                areas[-1]["answers_result"] = answers
            total_items += len(data["items"])
            total_problems += problems
        for n, (original, content) in enumerate(files, 1):
            name = attachment_file(n, Path(original).suffix)
            payload[name] = content
            info[name] = {"role": "attachment", "original_name": original}
        addressed = addressed_by_area(s, unit_code, [c.area_code for c in cats])
        replies = replies_by_area(s, unit_code, [c.area_code for c in cats])
        if addressed or replies:  # which review comments the unit says it has dealt with, and its answers
            payload[RESPONSES_FILE] = dumps({"addressed": addressed, **({"replies": replies} if replies else {})})
            info[RESPONSES_FILE] = {"role": "responses"}
        sequence = next_sequence(ws, s, unit_code)
        extra = {"areas": areas, "template_versions": {a["code"]: a["template_version"] for a in areas},
                 "item_count": total_items, "problem_count": total_problems}
        package_id = uuid.uuid4().hex
        built = build_package("submission", {"code": unit_code, "name": unit_name}, payload, extra, signer,
                              sequence=sequence, file_info=info, package_id=package_id)
        # what was sent, so a review result can be matched to it (`results.check_result`)
        s.merge(Setting(key=sent_setting(package_id), value={
            "sequence": sequence, "areas": {a["code"]: a["catalog_version"] for a in areas}}))
        path = _target(ws, out_path, package_filename(unit_name, [a["name"] for a in areas], sequence))
        now = utcnow()
        for cat in cats:
            cat.status, cat.updated_at = "submitted", now
            versions.keep_handed_in(s, cat, built.manifest["package_id"], sequence)
        s.flush()
        written.add(stage_package(path, built.data))
    return ExportResult(path=path, package_id=built.manifest["package_id"], sequence=sequence,
                        areas=[a["code"] for a in areas], item_count=total_items, problems_count=total_problems,
                        fingerprint=signer.public.fingerprint)


def _target(ws: Any, out_path: Path | str | None, default_name: str) -> Path:
    """``-o inbox/`` or an existing folder: the generated name inside it (`userfiles.output_path`)."""
    return userfiles.output_path(out_path, default_name, ws.data_dir / "outbox")
