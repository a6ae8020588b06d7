"""A corpus of crafted packages, built programmatically the way an attacker would: correctly signed
(by a registered unit's key or the office's), with content the writer would never produce.

`submission` / `review_result` / `distribution` give the manifest and payload a real writer makes;
``mutate`` changes them (as dicts) before they are signed, so each test states only its one
deviation. `snapshot` hashes a workspace's files, to prove a refusal left it byte for byte as it was.
"""

from __future__ import annotations

import copy
import hashlib
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gongkai_desktop.package.build import build_package
from gongkai_desktop.package.jsonsafe import dumps
from gongkai_desktop.records import ITEM_DATA_FIELDS, ItemRecord
from gongkai_desktop.workspace import DB_FILE, Workspace

Mutate = Callable[[dict[str, Any], dict[str, Any]], None]


def item(n: int = 0, **changes: Any) -> dict[str, Any]:
    """One complete item as the writer emits it."""
    data = ItemRecord(id=f"00000000-0000-4000-8000-{n:012d}", catalog_id=0, position=n, level1="户口登记",
                      level2=f"事项{n}", template_code=None, source="power_list", mode="主动").to_dict()
    data = {f: data[f] for f in ITEM_DATA_FIELDS}
    data.update(changes)
    return data


def catalog(area: str = "04", name: str = "户籍管理", unit_code: str = "D06", items: list[dict] | None = None,
            version: int = 1, template_version: str = "") -> dict[str, Any]:
    return {"area_code": area, "area_name": name, "unit_code": unit_code, "catalog_version": version,
            "template_version": template_version, "status": "submitted", "items": items if items is not None else [item()]}


def submission(signer: Any, unit: tuple[str, str] = ("D06", "市公安局"), catalogs: list[dict] | None = None,
               mutate: Mutate | None = None, sequence: int = 1, responses: dict | None = None,
               attachments: list[tuple[str, str, bytes]] = (), raw: dict[str, bytes] | None = None) -> bytes:
    """A signed submission. ``attachments``: (payload name, original name, bytes); ``raw``: payload
    files whose bytes are given as they are (not JSON-encoded)."""
    catalogs = catalogs if catalogs is not None else [catalog(unit_code=unit[0])]
    areas = [{"code": c["area_code"], "name": c["area_name"], "catalog_version": c["catalog_version"],
              "template_version": c["template_version"], "item_count": len(c["items"]), "problem_count": 0,
              "file": f"payload/catalog-{c['area_code']}.json"} for c in catalogs]
    manifest = {"areas": areas, "template_versions": {a["code"]: a["template_version"] for a in areas},
                "item_count": sum(a["item_count"] for a in areas), "problem_count": 0}
    payload: dict[str, Any] = {a["file"]: c for a, c in zip(areas, catalogs)}
    info = {a["file"]: {"role": "catalog", "area_code": a["code"]} for a in areas}
    for name, original, _content in attachments:
        info[name] = {"role": "attachment", "original_name": original}
    if responses is not None:
        payload["payload/responses.json"] = responses
        info["payload/responses.json"] = {"role": "responses"}
    return _sign("submission", unit, manifest, payload, info, signer, sequence, mutate,
                 {name: content for name, _o, content in attachments}, raw)


def review_result(signer: Any, result: dict[str, Any], recipient: tuple[str, str] = ("D06", "市公安局"),
                  mutate: Mutate | None = None, sequence: int = 1) -> bytes:
    manifest = {"recipient": {"code": recipient[0], "name": recipient[1]},
                "result": {"area_code": result["area_code"], "decision": result["decision"]}}
    return _sign("review_result", ("R00", "市府办政务公开办"), manifest, {"payload/result.json": result},
                 {"payload/result.json": {"role": "result"}}, signer, sequence, mutate)


def result_body(package_id: str, area: str = "04", unit_code: str = "D06", decision: str = "approved",
                sequence: int = 1, version: int = 1, **changes: Any) -> dict[str, Any]:
    body = {"area_code": area, "unit_code": unit_code,
            "submission": {"package_id": package_id, "sequence": sequence, "catalog_version": version},
            "decision": decision, "round": "第一轮梳理", "reviewer": "李四", "decided_at": "2026-01-05T10:00:00",
            "general_comment": "", "comments": [], "verdicts": {}}
    body.update(changes)
    return body


def distribution(signer: Any, registry: dict[str, Any], deadlines: dict[str, Any] | None = None,
                 office: tuple[str, str] = ("R00", "市府办政务公开办"), mutate: Mutate | None = None,
                 sequence: int = 1, office_key: dict[str, Any] | None = None) -> bytes:
    key = office_key or {"algorithm": signer.algorithm, "public_key": signer.public.to_b64(),
                         "fingerprint": signer.public.fingerprint}
    payload = {"payload/registry.json": registry, "payload/office-key.json": key,
               "payload/deadlines.json": deadlines or {}}
    info = {"payload/registry.json": {"role": "registry"}, "payload/office-key.json": {"role": "office_key"},
            "payload/deadlines.json": {"role": "deadlines"}}
    return _sign("distribution", office, {"templates": [], "unit_count": len(registry["units"])}, payload, info,
                 signer, sequence, mutate)


def registry_of(ws: Workspace) -> dict[str, Any]:
    """The registry a real office distributes, read from a workspace."""
    from gongkai_desktop.office.distribute import _registry

    with ws.session() as s:
        reg = _registry(s)
    reg["review_office"] = reg["review_office"] or {"code": "R00", "name": "市府办政务公开办"}
    return copy.deepcopy(reg)


def _sign(kind: str, unit: tuple[str, str], manifest: dict[str, Any], payload: dict[str, Any],
          info: dict[str, dict[str, Any]], signer: Any, sequence: int, mutate: Mutate | None,
          binary: dict[str, bytes] | None = None, raw: dict[str, bytes] | None = None) -> bytes:
    if mutate is not None:
        mutate(manifest, payload)
    files = {name: dumps(value) for name, value in payload.items()}
    files.update(binary or {})
    files.update(raw or {})
    for name in (raw or {}):
        info.setdefault(name, {"role": "catalog"})
    return build_package(kind, {"code": unit[0], "name": unit[1]}, files, manifest, signer, sequence=sequence,
                         file_info=info, check=False).data


def _hashes(ws: Workspace) -> dict[str, str]:
    return {str(p.relative_to(ws.data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(ws.data_dir.rglob("*"))
            if p.is_file() and not p.name.endswith("-shm") and not (p.name.endswith("-wal") and not p.stat().st_size)}


def snapshot(ws: Workspace) -> dict[str, str]:
    """SHA-256 of every file of the workspace (the database, its WAL, keys, outbox), by name.

    The WAL is folded into the database first, so an unchanged workspace hashes the same however
    many read transactions ran in between; SQLite's shared-memory index (-shm) is not data, and an
    empty WAL holds nothing. The workspace is opened once first, as the command line does, so the
    reference-data refresh an open performs after a distribution changed the registry is not
    counted as the refusal's doing.
    """
    Workspace.open(ws.data_dir).close()
    con = sqlite3.connect(ws.data_dir / DB_FILE)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return _hashes(ws)


def unchanged(ws: Workspace, before: dict[str, str]) -> bool:
    """Byte for byte as at `snapshot`: nothing was written to the database (nor its WAL) or beside it."""
    after = _hashes(ws)
    if after != before:
        print("changed:", sorted(k for k in set(after) | set(before) if after.get(k) != before.get(k)))
    return after == before


def patch_zip(data: bytes, name: str, *, local: dict[int, tuple[str, int]] | None = None,
              central: dict[int, tuple[str, int]] | None = None) -> bytes:
    """Overwrite header fields (offset → (struct format, value)) of entry ``name``, local and central."""
    buf = bytearray(data)
    end = len(buf) - 22
    count, _, cd_offset = struct.unpack_from("<HII", buf, end + 10)
    pos = cd_offset
    for _ in range(count):
        nlen, xlen, clen = struct.unpack_from("<HHH", buf, pos + 28)
        entry = bytes(buf[pos + 46:pos + 46 + nlen]).decode()
        local_off = struct.unpack_from("<I", buf, pos + 42)[0]
        if entry == name:
            for off, (fmt, value) in (central or {}).items():
                struct.pack_into(fmt, buf, pos + off, value)
            for off, (fmt, value) in (local or {}).items():
                struct.pack_into(fmt, buf, local_off + off, value)
        pos += 46 + nlen + xlen + clen
    return bytes(buf)


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path
