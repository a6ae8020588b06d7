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

from .. import APP_NAME, __version__, durable, faults, userfiles
from ..errors import DomainError
from ..records import ITEM_DATA_FIELDS
from .errors import PackageError
from .manifest import FORMAT, FORMAT_VERSION, MANIFEST, MIMETYPE, PAYLOAD_PREFIX, SIGNATURE, make_signature_file
from .schema import ATTACHMENT_TYPES, MAX_ATTACHMENT, check_attachment, stored
from .signing import PrivateKey
from .textclean import clean_text as _clean
from .zipsafe import CANONICAL_ATTR, CANONICAL_SYSTEM, check_name

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


def _zipinfo(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """The canonical entry the reader accepts (`zipsafe`): version 2.0, Unix, rw-r--r--, no extras."""
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_STORED if stored(name) else zipfile.ZIP_DEFLATED
    info.create_system = CANONICAL_SYSTEM
    info.external_attr = CANONICAL_ATTR
    return info


def build_package(kind: str, unit: dict[str, str], payload_files: dict[str, bytes], extra_manifest: dict[str, Any],
                  signer: PrivateKey, *, sequence: int, file_info: dict[str, dict[str, Any]] | None = None,
                  package_id: str | None = None, check: bool = True) -> BuiltPackage:
    """Assemble and sign a package: mimetype, manifest.json, manifest.sig, then payload/ files.

    ``payload_files`` maps generated ASCII names under ``payload/`` to their bytes; ``file_info``
    adds per-file manifest fields (``role``, ``original_name``); ``extra_manifest`` adds
    kind-specific fields (areas, recipient, …). The review office builds its packages with this too.
    The result is read back with the reader (`read.read_package`: the canonical archive, the kind's
    schema), so no package leaves that its receiver would refuse; ``check=False`` is for tests that
    craft hostile packages.
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
    t = time.localtime(now)
    when = (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_zipinfo("mimetype", when), MIMETYPE)
        zf.writestr(_zipinfo(MANIFEST, when), manifest_bytes, compresslevel=6)
        zf.writestr(_zipinfo(SIGNATURE, when), make_signature_file(manifest_bytes, signer))
        for name, data in payload_files.items():
            zf.writestr(_zipinfo(name, when), data, compresslevel=6)
    built = BuiltPackage(buf.getvalue(), manifest, manifest_bytes)
    if check:
        _self_check(built.data)
    return built


def _self_check(data: bytes) -> None:
    from .read import read_package

    try:
        read_package(data)
    except PackageError as exc:
        raise DomainError("package_invalid", f"要导出的文件包未通过格式检查：{exc.message}请检查相应内容后再导出。") from None


def clean_text(value: Any) -> Any:
    """Text as the reader would store it (`textclean.clean_text`: NFC, no bidi or XML-invalid characters)."""
    if isinstance(value, str):
        return _clean(value)
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
            raise DomainError("bad_attachment", f"附件“{p.name}”的类型不受支持；可附 Word、PDF、Excel、WPS 或 OFD 文件。")
        try:
            if p.stat().st_size > MAX_ATTACHMENT:
                raise DomainError("bad_attachment", f"附件“{p.name}”超过 50 MB，请压缩后再附。")
            content = p.read_bytes()
        except FileNotFoundError:
            raise userfiles.missing(p, "附件") from None
        except OSError as exc:
            raise DomainError("bad_attachment", faults.os_error(exc, p, "读取附件").message) from None
        name = _UNSAFE_FILENAME.sub("_", _clean(p.name)).strip().lstrip(".")[-128:]
        check_attachment(name, content)  # the receiver's check, at the sender: an executable never leaves
        out.append((name, content))
    return out
