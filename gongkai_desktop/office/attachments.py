"""A submission's attachments (e.g. the 试点工作总体报告), kept where a reviewer can open them safely.

Each attachment was checked on reading (`package.schema.check_attachment`: an allowed type whose
content is that type, no macros, a name with no path or hidden characters). It is written under
the workspace's ``attachments/<unit code>/<package id>/`` with the generated name (``attachment-1.docx``),
never with the name the sender chose, read-only and not executable; the original name is kept only
to be shown. Files and their record are written with the import's transaction and removed if it fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import settings
from ..models import Setting
from ..package.read import VerifiedPackage

ATTACHMENTS_DIR = "attachments"
SETTING_PREFIX = settings.ATTACHMENTS.prefix + "."


@dataclass(slots=True)
class StoredAttachment:
    path: Path
    original_name: str
    size: int
    sha256: str


def folder(ws: Any, pkg_unit: str, package_id: str) -> Path:
    return ws.data_dir / ATTACHMENTS_DIR / pkg_unit / package_id


def store_attachments(ws: Any, s: Any, pkg: VerifiedPackage) -> Path | None:
    """Write a package's attachments inside the import's session; returns the folder (to remove on failure)."""
    if not pkg.attachments:
        return None
    target = folder(ws, pkg.unit_code, pkg.package_id)
    target.mkdir(parents=True, exist_ok=True)
    records = []
    for name, (original, content) in pkg.attachments.items():
        path = target / Path(name).name  # payload/attachment-1.docx → attachment-1.docx
        path.write_bytes(content)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o444)
        records.append({"file": path.name, "original_name": original, "size": len(content),
                        "sha256": hashlib.sha256(content).hexdigest()})
    s.merge(Setting(key=f"{SETTING_PREFIX}{pkg.package_id}", value={"unit_code": pkg.unit_code, "files": records}))
    return target


def remove(target: Path | None) -> None:
    if target is not None:
        shutil.rmtree(target, ignore_errors=True)


def list_attachments(ws: Any, package_id: str) -> list[StoredAttachment]:
    """The attachments of a received package, as stored (empty when it had none)."""
    value = ws.get_setting(f"{SETTING_PREFIX}{package_id}") or {}
    base = folder(ws, value.get("unit_code", ""), package_id)
    return [StoredAttachment(base / f["file"], f["original_name"], f["size"], f["sha256"]) for f in value.get("files", [])]
