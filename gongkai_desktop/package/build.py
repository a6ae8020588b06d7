"""Making packages: the generic `build_package` that every package kind is built with, and safe writing."""

from __future__ import annotations

import hashlib
import io
import re
import time
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import APP_NAME, __version__, durable
from ..errors import DomainError
from ..records import ITEM_DATA_FIELDS
from .manifest import FORMAT, FORMAT_VERSION, MANIFEST, MIMETYPE, PAYLOAD_PREFIX, SIGNATURE, make_signature_file
from .signing import PrivateKey
from .zipsafe import check_name

ATTACHMENT_TYPES = (".docx", ".pdf", ".doc", ".xlsx", ".wps", ".ofd")
MAX_ATTACHMENT = 50 * 1024 * 1024
# C0 control characters other than tab, newline and carriage return: a reader refuses them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(slots=True)
class BuiltPackage:
    data: bytes
    manifest: dict[str, Any]
    manifest_bytes: bytes


@dataclass(slots=True)
class ExportResult:
    path: Path
    package_id: str
    sequence: int
    areas: list[str]
    item_count: int
    problems_count: int
    fingerprint: str = ""


def _zipinfo(name: str, when: tuple[int, ...], compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    return info


def build_package(kind: str, unit: dict[str, str], payload_files: dict[str, bytes], extra_manifest: dict[str, Any],
                  signer: PrivateKey, *, sequence: int, file_info: dict[str, dict[str, Any]] | None = None,
                  package_id: str | None = None) -> BuiltPackage:
    """Assemble and sign a package: mimetype, manifest.json, manifest.sig, then payload/ files.

    ``payload_files`` maps generated ASCII names under ``payload/`` to their bytes; ``file_info``
    adds per-file manifest fields (``role``, ``original_name``); ``extra_manifest`` adds
    kind-specific fields (areas, recipient, …). The review office builds its packages with this too.
    """
    files = []
    for name, data in payload_files.items():
        if not name.startswith(PAYLOAD_PREFIX):
            raise ValueError(f"payload file {name!r} must be under {PAYLOAD_PREFIX}")
        check_name(name)
        meta = {"role": "data", **(file_info or {}).get(name, {})}
        files.append({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), **meta})
    now = time.time()
    manifest: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind,
        "package_id": package_id or uuid.uuid4().hex, "unit": {"code": unit["code"], "name": unit["name"]},
        "sequence": sequence, "app": {"name": APP_NAME, "version": __version__},
        "created_at": datetime.fromtimestamp(now).astimezone().isoformat(timespec="seconds"),
        **extra_manifest, "files": files,
    }
    from .jsonsafe import dumps

    manifest_bytes = dumps(manifest)
    when = time.localtime(now)[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_zipinfo("mimetype", when, False), MIMETYPE)
        zf.writestr(_zipinfo(MANIFEST, when, True), manifest_bytes, compresslevel=6)
        zf.writestr(_zipinfo(SIGNATURE, when, False), make_signature_file(manifest_bytes, signer))
        for name, data in payload_files.items():
            compress = not name.endswith((".docx", ".xlsx", ".pdf", ".ofd"))  # already compressed
            zf.writestr(_zipinfo(name, when, compress), data, compresslevel=6)
    return BuiltPackage(buf.getvalue(), manifest, manifest_bytes)


def clean_text(value: Any) -> Any:
    """Strip control characters a reader would refuse (pasted from Word, mostly)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value) if _CONTROL.search(value) else value
    if isinstance(value, list):
        return [clean_text(v) for v in value]
    return value


def item_payload(row: dict[str, Any]) -> dict[str, Any]:
    return {f: clean_text(row[f]) for f in ITEM_DATA_FIELDS}


def package_filename(unit_name: str, area_names: list[str], sequence: int, when: datetime | None = None) -> str:
    """A name that tells a person what the file is; only the manifest counts."""
    when = when or datetime.now()
    areas = "、".join(area_names) if len(area_names) <= 3 else f"{area_names[0]}等{len(area_names)}个领域"
    name = f"{unit_name}_{areas}_{when:%Y%m%d}_第{sequence}号.gkpkg"
    return _UNSAFE_FILENAME.sub("_", name)


def write_atomically(path: Path, data: bytes) -> None:
    """Write durably (temp file beside the target, fsync, rename, fsync the folder): never a half-written package."""
    path.parent.mkdir(parents=True, exist_ok=True)
    durable.write_file(path, data)


def stage_package(path: Path, data: bytes) -> durable.Staged:
    """The package written and flushed under a temporary name; published once the database committed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return durable.stage(path, data)


def read_attachments(paths: Iterable[Path | str]) -> list[tuple[str, bytes]]:
    """Attachments (e.g. the 试点工作总体报告 as .docx/.pdf) with their original names."""
    out = []
    for p in map(Path, paths):
        if p.suffix.lower() not in ATTACHMENT_TYPES:
            raise DomainError("bad_attachment", f"附件“{p.name}”的类型不受支持；可附 Word、PDF、Excel 或 OFD 文件。")
        try:
            if p.stat().st_size > MAX_ATTACHMENT:
                raise DomainError("bad_attachment", f"附件“{p.name}”超过 50 MB，请压缩后再附。")
            out.append((p.name, p.read_bytes()))
        except OSError as exc:
            raise DomainError("bad_attachment", f"无法读取附件“{p.name}”：{exc.strerror}。") from None
    return out
