"""Verifying a package against this workspace's trust: who signed it, and was it seen before.

`verify_package` is what every import starts with; `record_accepted` is what it ends with, inside
the import's own transaction, so a package is logged exactly when its data is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import faults, userfiles
from ..models import AcceptedPackage, Setting, utcnow
from .errors import PackageError
from .payloads import OFFICE_KEY_FILE
from .read import VerifiedPackage, read_package
from .zipsafe import DEFAULT_LIMITS, Limits


def read_source(source: Path | str | bytes, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The package's bytes, from a path or as given; the size bound applies before reading."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    path = Path(source)
    if not path.exists():
        err = userfiles.missing(path, "文件包")
        raise PackageError(err.code, err.message)
    try:
        if path.is_dir():
            raise PackageError("not_a_file", f"“{path.name}”是文件夹，不是文件包。")
        if path.stat().st_size > limits.max_archive:
            raise PackageError("too_large", f"文件“{path.name}”过大，不是正常的文件包。")
        return path.read_bytes()
    except OSError as exc:
        err = faults.os_error(exc, path, "读取")
        raise PackageError("unreadable", err.message) from None


def verify_package(ws: Any, source: Path | str | bytes, *, kind: str | None = None, allow_stale: bool = False,
                   limits: Limits = DEFAULT_LIMITS) -> VerifiedPackage:
    """Open, check and trust-check a package; raise `PackageError` (nothing written) when refused.

    An unknown or not yet confirmed signer raises ``unknown_signer`` / ``pending_key`` with
    ``details`` (fingerprint, public key, unit, the package's summary) for the quarantine view.
    """
    try:
        pkg = read_package(read_source(source, limits), limits)
    except PackageError as exc:
        if exc.code == "not_a_package" and not isinstance(source, bytes | bytearray | memoryview):
            exc.message = userfiles.not_a_package(exc.details["kind"], Path(source).name)
            exc.args = (exc.message,)
        raise
    if kind is not None and pkg.kind != kind:
        from .manifest import KINDS

        raise PackageError("wrong_kind", f"这是“{KINDS[pkg.kind]}”文件包，而此处需要“{KINDS.get(kind, kind)}”文件包。")
    with ws.session() as s:
        try:
            pkg.trust = check_trust(s, ws, pkg)
        except PackageError as exc:
            if exc.details:
                exc.details.setdefault("summary", pkg.summary())
                exc.details.setdefault("package_id", pkg.package_id)
                exc.details.setdefault("kind", pkg.kind)
            raise
        check_not_replayed(s, pkg)
        check_sequence(s, pkg.unit_code, pkg.sequence, allow_stale=allow_stale, unit_name=pkg.unit_name)
    return pkg


def check_trust(s: Session, ws: Any, pkg: VerifiedPackage) -> str:
    """Units' packages need a registered key; the review office's need its trusted key."""
    from .. import keys, office_key

    if pkg.kind in ("submission", "county_submission"):  # a county signs to its prefecture as a unit to its county
        return keys.check_submission_signer(s, pkg.unit_code, pkg.unit_name, pkg.signer)
    office = _setting(s, "review_office") or {}
    if office.get("code") and office["code"] != pkg.unit_code:
        raise PackageError("wrong_unit_key", f"该文件包自称来自“{pkg.unit_name}”，不是本县的市府办，已拒绝。")
    recipient = pkg.manifest.get("recipient")
    own_unit = _setting(s, "unit_code")
    if isinstance(recipient, dict) and own_unit and recipient.get("code") != own_unit:
        raise PackageError("wrong_recipient", f"该审核结果是发给“{str(recipient.get('name'))[:40]}”的，不是本单位的。")
    return office_key.check_office_signer(s, pkg.kind, pkg.signer, pkg.payload.get(OFFICE_KEY_FILE))


def _setting(s: Session, key: str) -> Any:
    row = s.get(Setting, key)
    return row.value if row else None


def check_not_replayed(s: Session, pkg: VerifiedPackage) -> None:
    seen = s.get(AcceptedPackage, pkg.package_id)
    if seen is not None:
        raise PackageError("replayed", f"该文件包（{pkg.summary()}）已于 {seen.imported_at:%Y-%m-%d %H:%M} 导入过，不再重复导入。")


def last_sequence(s: Session, unit_code: str) -> int:
    return s.scalar(select(func.max(AcceptedPackage.sequence)).where(AcceptedPackage.unit_code == unit_code)) or 0


def check_sequence(s: Session, unit_code: str, sequence: int, *, allow_stale: bool = False, unit_name: str = "") -> None:
    """A sender's sequence only grows: an older (or equal) one is refused unless the user confirmed."""
    last = last_sequence(s, unit_code)
    if sequence <= last and not allow_stale:
        raise PackageError("stale_sequence", f"该文件包是{unit_name or unit_code}的第{sequence}号，而已导入的最新文件包是第{last}号："
                           "它可能是旧文件或被重放。如确需导入这个较旧的文件包，请确认后再导入。",
                           {"sequence": sequence, "last_sequence": last, "unit_code": unit_code})


def record_accepted(s: Session, pkg: VerifiedPackage) -> None:
    """Log the package inside the import's transaction (call after writing its data)."""
    check_not_replayed(s, pkg)
    s.add(AcceptedPackage(package_id=pkg.package_id, unit_code=pkg.unit_code, sequence=pkg.sequence, kind=pkg.kind,
                          fingerprint=pkg.fingerprint, manifest_sha256=pkg.manifest_sha256, imported_at=utcnow()))
    s.flush()
