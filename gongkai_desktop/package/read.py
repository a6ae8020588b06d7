"""Opening a package: structure, signature, manifest, payload hashes, strict JSON — no trust yet.

The order matters: the archive is read into memory with bounds (`zipsafe`), the signature is
checked on the exact manifest bytes before the manifest is parsed, then every payload file is
checked against the manifest (none added, none missing, none changed) and parsed strictly.
`verify.verify_package` adds the trust decision (who signed it) and replay checks.
"""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from ..records import ITEM_DATA_FIELDS, ItemRecord
from . import jsonsafe
from .errors import PackageError
from .manifest import MANIFEST, MIMETYPE, PAYLOAD_PREFIX, SIGNATURE, parse_manifest, verify_signature
from .signing import PublicKey
from .zipsafe import DEFAULT_LIMITS, Limits, read_entries

FIXED = ("mimetype", MANIFEST, SIGNATURE)
_TEXT = {"level1", "level2", "content", "basis", "time_limit", "publisher", "channel_other", "mode", "attribute",
         "legal_ground", "applicability", "applicability_reason", "remarks", "source"}
_LISTS = {"channels", "audience", "levels", "five_disclosures"}
_INTS = {"position", "revision"}
_ALLOWED = set(ITEM_DATA_FIELDS)
_GET_TEXT = operator.itemgetter(*sorted(_TEXT))
_GET_INTS = operator.itemgetter(*sorted(_INTS))
_GET_LISTS = operator.itemgetter(*sorted(_LISTS))
_GET_CODE = operator.itemgetter("template_code")
_GET_ID = operator.itemgetter("id")
_CATALOG_KEYS = {"area_code", "area_name", "unit_code", "catalog_version", "template_version", "status", "items"}


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


_KIND_LABELS = {"submission": "报送", "review_result": "审核结果", "distribution": "下发文件"}


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


def read_package(data: bytes, limits: Limits = DEFAULT_LIMITS) -> VerifiedPackage:
    """Open and check a package's bytes; raises `PackageError` for anything wrong, never anything else."""
    entries = read_entries(data, limits)
    names = list(entries)
    _layout(names)
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
    payload: dict[str, Any] = {}
    attachments: dict[str, tuple[str, bytes]] = {}
    catalog_files = {a["file"] for a in manifest.get("areas", [])}
    for name, meta in listed.items():
        content = entries[name]
        if len(content) != meta["size"] or hashlib.sha256(content).hexdigest() != meta["sha256"]:
            raise PackageError("payload_changed", f"文件包中的“{name[:80]}”与清单不符（签名后被改动过），已拒绝。")
        if meta["role"] == "attachment":
            attachments[name] = (str(meta.get("original_name", name))[:200], content)
        elif name in catalog_files:  # the catalog schema check below bounds its structure
            payload[name] = jsonsafe.loads(content, name, max_depth=None)
        elif meta["role"] == "catalog":
            raise PackageError("bad_manifest", f"目录文件“{name[:80]}”不属于清单中的任何领域，已拒绝。")
        elif name.endswith(".json"):
            payload[name] = jsonsafe.loads(content, name, max_depth=8)
        else:
            raise PackageError("unexpected_entry", f"文件包中的“{name[:80]}”类型不明，已拒绝。")
    for area in manifest.get("areas", []):
        check_catalog_payload(payload.get(area["file"]), area, manifest["unit"]["code"])
    return VerifiedPackage(manifest=manifest, manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
                           signer=signer, payload=payload, attachments=attachments, size=len(data))


def _bad_payload(area: str, what: str) -> PackageError:
    return PackageError("bad_payload", f"文件包中领域 {area[:8]} 的目录数据不合格：{what}，已拒绝。")


def check_catalog_payload(cat: Any, area: dict[str, Any], unit_code: str) -> None:
    """Every item has exactly the known fields with the right types, so an import can insert them as they are.

    Checked column by column with C-level ``map``/``itemgetter``/``set`` (60,000 items in a few
    tens of ms); this also bounds the nesting, so catalog files skip the generic depth walk.
    """
    code = area["code"]
    if not isinstance(cat, dict) or cat.keys() != _CATALOG_KEYS:
        raise _bad_payload(code, "目录文件的字段不对")
    if cat["area_code"] != code or cat["unit_code"] != unit_code:
        raise _bad_payload(code, "领域或单位与清单不符")
    if not all(type(cat[k]) is str and len(cat[k]) <= 200 for k in ("area_name", "template_version", "status")) \
            or type(cat["catalog_version"]) is not int:
        raise _bad_payload(code, "目录版本或状态不对")
    items = cat["items"]
    if type(items) is not list or len(items) != area["item_count"]:
        raise _bad_payload(code, "事项数与清单不符")
    if not items:
        return
    if set(map(type, items)) != {dict} or not all(map(operator.eq, map(dict.keys, items), repeat(_ALLOWED))):
        raise _bad_payload(code, "事项的字段不对")
    if not set(map(type, chain.from_iterable(map(_GET_TEXT, items)))) <= {str}:
        raise _bad_payload(code, "文字字段的取值不对")
    ints = list(chain.from_iterable(map(_GET_INTS, items)))
    if not set(map(type, ints)) <= {int} or min(ints) < 0 or max(ints) >= 10**9:
        raise _bad_payload(code, "序号或修订号取值不对")
    codes = list(map(_GET_CODE, items))
    if not set(map(type, codes)) <= {str, type(None)} or max(len(c or "") for c in codes) > 32:
        raise _bad_payload(code, "模板事项编号取值不对")
    lists = list(chain.from_iterable(map(_GET_LISTS, items)))
    if not set(map(type, lists)) <= {list}:
        raise _bad_payload(code, "多选项取值不对")
    choices = list(chain.from_iterable(lists))
    if choices and (not set(map(type, choices)) <= {str} or max(map(len, choices)) > 200):
        raise _bad_payload(code, "多选项取值不对")
    ids = list(map(_GET_ID, items))
    if not set(map(type, ids)) <= {str} or len(set(ids)) != len(ids) or min(map(len, ids)) == 0 \
            or max(map(len, ids)) > 36:
        raise _bad_payload(code, "事项编号重复或无效")
