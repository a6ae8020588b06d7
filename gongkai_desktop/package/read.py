"""Opening a package: structure, signature, manifest, payload hashes, strict JSON and the schema — no trust yet.

The order matters: the archive's structure is checked without decompressing anything (canonical
layout, each entry compressed as the writer does and no bigger than its name allows), then it is
read into memory with bounds (`zipsafe`); the signature is checked on the exact manifest bytes
before the manifest is parsed; the manifest is checked against its kind's schema; then every payload
file is checked against the manifest (none added, none missing, none moved, none changed), parsed
strictly and checked against its schema (`schema`). `verify.verify_package` adds the trust decision
(who signed it) and replay checks; the importing side adds what needs its workspace.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .. import userfiles
from ..records import ItemRecord
from . import jsonsafe, schema
from .errors import PackageError
from .manifest import (
    MANIFEST,
    MAX_MANIFEST,
    MAX_SIGNATURE,
    MIMETYPE,
    PAYLOAD_PREFIX,
    SIGNATURE,
    parse_manifest,
    verify_signature,
)
from .payloads import ATTACHMENT_PREFIX, OFFICE_KEY_FILE
from .schema import MAX_ATTACHMENT, MAX_JSON, stored
from .signing import PublicKey
from .zipsafe import DEFAULT_LIMITS, STORED, Entry, Limits, list_entries, read_entries

FIXED = ("mimetype", MANIFEST, SIGNATURE)


@dataclass(slots=True)
class VerifiedPackage:
    """A package whose signature and files checked out; ``trust`` says who vouches for the signer."""

    manifest: dict[str, Any]
    manifest_sha256: str
    signer: PublicKey
    payload: dict[str, Any]
    attachments: dict[str, tuple[str, bytes]]
    trust: str = "unchecked"
    warnings: list[str] = field(default_factory=list)
    size: int = 0

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def unit_code(self) -> str:
        return self.manifest["unit"]["code"]

    @property
    def unit_name(self) -> str:
        return self.manifest["unit"]["name"]

    @property
    def sequence(self) -> int:
        return self.manifest["sequence"]

    @property
    def fingerprint(self) -> str:
        return self.signer.fingerprint

    @property
    def digits(self) -> str:
        return self.signer.digits

    @property
    def catalogs(self) -> list[dict[str, Any]]:
        """The catalog payloads of a submission, in the manifest's area order."""
        return [self.payload[a["file"]] for a in self.manifest.get("areas", [])]

    def item_records(self, area_code: str, catalog_id: int = 0) -> list[ItemRecord]:
        cat = next(c for c in self.catalogs if c["area_code"] == area_code)
        return [ItemRecord(catalog_id=catalog_id, **it) for it in cat["items"]]

    def summary(self) -> str:
        """One Chinese line for a verdict or a quarantine list."""
        m = self.manifest
        areas = "、".join(a["name"] for a in m.get("areas", []))
        what = f"，{areas}，{m.get('item_count', 0)} 个事项" if areas else ""
        return f"{self.unit_name}（{self.unit_code}）第{self.sequence}号{_KIND_LABELS.get(self.kind, self.kind)}{what}"


_KIND_LABELS = {"submission": "报送", "review_result": "审核结果", "distribution": "下发文件", "county_submission": "县级报送"}


def _layout(names: list[str]) -> None:
    for n in names:
        if n not in FIXED and not n.startswith(PAYLOAD_PREFIX):
            raise PackageError("unexpected_entry", f"文件包中含有不应有的文件“{n[:80]}”，已拒绝。")
    if "mimetype" not in names:
        raise PackageError("not_gkpkg", "该 ZIP 文件不是公开目录文件包（缺少类型标识）。")
    if MANIFEST not in names:
        raise PackageError("missing_manifest", "文件包缺少清单（manifest.json），已损坏或被篡改。")
    if SIGNATURE not in names:
        raise PackageError("missing_signature", "文件包缺少签名（manifest.sig），无法确认来源，已拒绝。")
    if tuple(names[:3]) != FIXED:
        raise PackageError("bad_layout", "文件包内文件的顺序不对，不是本软件生成的文件包。")


def size_limit(name: str) -> int:
    if name == "mimetype":
        return len(MIMETYPE)
    if name == MANIFEST:
        return MAX_MANIFEST
    if name == SIGNATURE:
        return MAX_SIGNATURE
    return MAX_ATTACHMENT if name.startswith(ATTACHMENT_PREFIX) else MAX_JSON


def _check_entries(entries: list[Entry]) -> None:
    """Before anything is decompressed: each entry compressed as the writer does (sizes: `size_limit`)."""
    for e in entries:
        if (e.method == STORED) != stored(e.name):
            how = "未压缩存放" if stored(e.name) else "压缩存放"
            raise PackageError("not_canonical", f"文件包中的“{e.name[:80]}”应{how}，不是本软件生成的文件包格式，已拒绝。")


def read_package(data: bytes, limits: Limits = DEFAULT_LIMITS) -> VerifiedPackage:
    """Open and check a package's bytes; raises `PackageError` for anything wrong, never anything else.

    An Excel, Word, PDF, backup, enrolment … file is said to be one (`userfiles.identify`), with what
    to do with it, before the strict checks would call it a constructed archive.
    """
    kind = userfiles.identify(data)
    if kind is not None:
        raise PackageError("not_a_package", userfiles.not_a_package(kind), {"kind": kind})
    listing = list_entries(data, limits, size_limit)
    _layout([e.name for e in listing])
    _check_entries(listing)
    entries = read_entries(data, limits)
    names = list(entries)
    if entries["mimetype"] != MIMETYPE:
        raise PackageError("not_gkpkg", "该 ZIP 文件不是公开目录文件包（类型标识不对）。")
    manifest_bytes = entries[MANIFEST]
    signer = verify_signature(manifest_bytes, entries[SIGNATURE])
    manifest = parse_manifest(manifest_bytes)
    listed = {f["name"]: f for f in manifest["files"]}
    present = [n for n in names if n.startswith(PAYLOAD_PREFIX)]
    added = [n for n in present if n not in listed]
    if added:
        raise PackageError("payload_added", f"文件包中多出了清单未列出的文件“{added[0][:80]}”，可能被篡改，已拒绝。")
    missing = [n for n in listed if n not in entries]
    if missing:
        raise PackageError("payload_missing", f"文件包缺少清单列出的文件“{missing[0][:80]}”，已拒绝。")
    if present != list(listed):
        raise PackageError("bad_layout", "文件包内文件的顺序与清单不同，不是本软件生成的文件包。")
    payload, attachments = _read_payloads(manifest, listed, entries)
    schema.check_consistency(manifest, payload)
    if manifest["kind"] == "distribution":
        _check_office_key(payload[OFFICE_KEY_FILE], signer)
    return VerifiedPackage(manifest=manifest, manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
                           signer=signer, payload=payload, attachments=attachments, size=len(data))


def _check_office_key(office_key: dict[str, Any], signer: PublicKey) -> None:
    """A distribution announces the key that signed it, and nothing else."""
    if (office_key["algorithm"], office_key["public_key"], office_key["fingerprint"]) != (
            signer.algorithm, signer.to_b64(), signer.fingerprint):
        raise PackageError("manifest_mismatch", "下发文件包中的市府办公钥与签名所用的密钥不一致，已拒绝。")


def _read_payloads(manifest: dict[str, Any], listed: dict[str, dict[str, Any]],
                   entries: dict[str, bytes]) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Each payload file against its hash, then parsed strictly and checked against its schema."""
    payload: dict[str, Any] = {}
    attachments: dict[str, tuple[str, bytes]] = {}
    areas = {a["file"]: a for a in manifest.get("areas", [])}
    for name, meta in listed.items():
        content = entries[name]
        if len(content) != meta["size"] or hashlib.sha256(content).hexdigest() != meta["sha256"]:
            raise PackageError("payload_changed", f"文件包中的“{name[:80]}”与清单不符（签名后被改动过），已拒绝。")
        role = meta["role"]
        if role == "attachment":
            schema.check_attachment(meta["original_name"], content)
            attachments[name] = (meta["original_name"], content)
        elif role == "catalog":  # the catalog schema bounds its structure: skip the generic depth walk
            raw = jsonsafe.loads(content, name, max_depth=None)
            payload[name] = schema.check_catalog(raw, areas[name], manifest["unit"]["code"])
        else:
            payload[name] = schema.check_payload(role, name, jsonsafe.loads(content, name, max_depth=8))
    return payload, attachments

