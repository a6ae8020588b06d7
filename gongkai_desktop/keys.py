"""Keys and trust.

Three things live here:

* this workspace's own key pair (a unit's, or the review office's): created on first use, the
  private key in ``data_dir/keys`` readable only by the user and optionally protected by a
  passphrase, the public key and fingerprint as settings;
* the review office's registry of unit keys: enrol (pending) → confirm by fingerprint read aloud
  over the phone (active) → rotate (the old key vouches for the new) → revoke;
* on a unit's side, the review office's key: trusted only once the clerk has typed the
  fingerprint read from an independent channel (the plan's notice, a phone call) and it matches
  the key that signed the first distribution; replaced only by a rotation the trusted key signed
  (those decisions are in `office_key`).

The check a submission's import applies (`check_submission_signer`) is here too.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import __version__, durable, faults, settings, userfiles, vocab
from .errors import DomainError, NotFound
from .models import Setting, Unit, UnitKey, utcnow
from .models.keys import KEY_STATUSES
from .package import jsonsafe
from .package.errors import PackageError
from .package.signing import (
    ALGORITHMS,
    ED25519,
    PrivateKey,
    PublicKey,
    WeakKeyError,
    b64,
    fingerprint_digits,
    generate,
    load_private_key,
    normalise_digits,
    unb64,
)
from .workspace import ROLE_REVIEW, Workspace

KEYS_DIR = "keys"
OFFICE_OWNER = "office"
OFFICE_KEY_SETTING = settings.OFFICE_KEY.key  # on a unit's side: the review office's trusted key
ENROLMENT_FORMAT = "gongkai-key-enrolment"
DOMAIN_ENROL = b"gongkai-desktop/enrolment/v1\x00"
DOMAIN_ROTATE = b"gongkai-desktop/key-rotation/v1\x00"
MAX_ENROLMENT = 64 * 1024


@dataclass(slots=True)
class KeyInfo:
    """This workspace's own key: what `gongkai keys show` prints."""

    owner: str
    algorithm: str
    public_key: str
    fingerprint: str
    digits: str
    path: Path
    encrypted: bool
    created_at: str


@dataclass(slots=True)
class RegisteredKey:
    """A unit key in the review office's registry."""

    id: int
    unit_code: str
    unit_name: str
    fingerprint: str
    digits: str
    algorithm: str
    public_key: str
    status: str
    status_label: str
    contact: dict[str, Any]
    enrolled_at: datetime
    confirmed_at: datetime | None
    revoked_at: datetime | None
    revoke_reason: str
    replaced_by: str | None


@dataclass(slots=True)
class EnrolmentResult:
    key: RegisteredKey
    warning: str = ""
    already_enrolled: bool = False
    rotated_from: RegisteredKey | None = None
    notes: list[str] = field(default_factory=list)


# Own key ----------------------------------------------------------------------------------------

def _owner(ws: Workspace, owner: str | None) -> str:
    if owner:
        return owner
    if ws.role == ROLE_REVIEW:
        return OFFICE_OWNER
    code = ws.unit_code
    if not code:
        raise DomainError("no_unit", "尚未选择本单位，无法生成密钥。请先运行 `gongkai init --unit 单位名称`。")
    return code


def _setting_key(owner: str) -> str:
    return settings.OWN_KEY.of(owner).key


def _info(ws: Workspace, owner: str, data: dict[str, Any]) -> KeyInfo:
    return KeyInfo(owner=owner, algorithm=data["algorithm"], public_key=data["public_key"],
                   fingerprint=data["fingerprint"], digits=fingerprint_digits(data["fingerprint"]),
                   path=ws.data_dir / data["path"], encrypted=bool(data.get("encrypted")),
                   created_at=data.get("created_at", ""))


def own_key_info(ws: Workspace, owner: str | None = None) -> KeyInfo | None:
    owner = _owner(ws, owner)
    data = ws.get_setting(_setting_key(owner))
    return None if not data else _info(ws, owner, data)


def _key_filename(ws: Workspace, owner: str, algorithm: str) -> str:
    suffix = "pem" if algorithm == ED25519 else "key"
    if owner == OFFICE_OWNER:
        return f"office_{algorithm}.{suffix}"
    base = f"unit_{algorithm}.{suffix}"
    taken = any((d or {}).get("path") == f"{KEYS_DIR}/{base}" for d in _all_own_keys(ws).values())
    return f"unit_{owner}_{algorithm}.{suffix}" if owner != ws.unit_code or taken else base


def _all_own_keys(ws: Workspace) -> dict[str, Any]:
    with ws.session() as s:
        rows = s.scalars(select(Setting).where(Setting.key.like("own_key.%"))).all()
        return {r.key[len("own_key."):]: r.value for r in rows}


def _write_private(path: Path, data: bytes) -> None:
    """Write a key file readable only by its owner (0600), durably, never overwriting an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path.parent, 0o700)
    durable.write_file(path, data, private=True, exclusive=True)


def create_own_key(ws: Workspace, owner: str | None = None, passphrase: str | None = None,
                   algorithm: str | None = None) -> KeyInfo:
    """Generate this workspace's key pair (once); refuses when one exists (use `rotate_own_key`)."""
    owner = _owner(ws, owner)
    if ws.get_setting(_setting_key(owner)):
        raise DomainError("key_exists", "本单位已有密钥。如需更换，请使用“更换密钥”（gongkai keys rotate）。")
    algorithm = algorithm or ws.get(settings.SIGNATURE_ALGORITHM) or ED25519
    key = generate(algorithm)
    return _store_own_key(ws, owner, key, passphrase)


def _store_own_key(ws: Workspace, owner: str, key: PrivateKey, passphrase: str | None,
                   extra: dict[str, Any] | None = None, replace: bool = False) -> KeyInfo:
    """Write the key file and record it in one transaction under the workspace's write lock.

    A second process creating the key at the same time waits for the lock and then finds the key
    made (``key_exists``, unless ``replace``: a rotation). Any failure (a full disk, the commit)
    removes the new file and puts back the one moved aside: the workspace is as it was.
    """
    created: list[Path] = []
    moved: list[tuple[Path, Path]] = []
    try:
        with ws.session(write=True):
            if not replace and ws.get_setting(_setting_key(owner)):
                raise DomainError("key_exists", "本单位已有密钥。如需更换，请使用“更换密钥”（gongkai keys rotate）。")
            name = _key_filename(ws, owner, key.algorithm)
            path = ws.data_dir / KEYS_DIR / name
            if path.exists():  # a leftover from an earlier key: keep it, never overwrite a private key
                aside = path.with_name(f"{name}.old-{utcnow():%Y%m%d%H%M%S%f}")
                path.rename(aside)
                moved.append((aside, path))
            _write_private(path, key.to_file(passphrase))
            created.append(path)
            data = {"algorithm": key.algorithm, "public_key": key.public.to_b64(), "fingerprint": key.public.fingerprint,
                    "path": f"{KEYS_DIR}/{name}", "encrypted": bool(passphrase),
                    "created_at": utcnow().isoformat(timespec="seconds"), **(extra or {})}
            ws.set_setting(_setting_key(owner), data)
    except BaseException:
        for p in created:
            p.unlink(missing_ok=True)
        for aside, path in moved:
            with contextlib.suppress(OSError):
                aside.rename(path)
        raise
    return _info(ws, owner, data)


def ensure_own_key(ws: Workspace, owner: str | None = None, passphrase: str | None = None) -> KeyInfo:
    """The workspace's key, created on first use (by one process only, when two try at once)."""
    found = own_key_info(ws, owner)
    if found is not None:
        return found
    try:
        return create_own_key(ws, owner, passphrase)
    except DomainError as exc:
        made = own_key_info(ws, owner) if exc.code == "key_exists" else None
        if made is None:
            raise
        return made  # another window or command made it a moment ago


def load_signer(ws: Workspace, owner: str | None = None, passphrase: str | None = None) -> PrivateKey:
    """The private key to sign with (created on first use); a passphrase-protected key needs it."""
    info = ensure_own_key(ws, owner, passphrase)
    try:
        data = info.path.read_bytes()
    except OSError:
        raise DomainError("key_missing", f"找不到本单位的私钥文件 {info.path}。如确已丢失，请用 `gongkai keys rotate --lost` 生成新密钥并重新向市府办登记。") from None
    key = load_private_key(data, passphrase)
    if key.public.to_b64() != info.public_key:
        raise DomainError("key_mismatch", f"私钥文件 {info.path} 与本工作区记录的公钥不符，可能被替换。请检查后重试。")
    return key


def _rotation_statement(unit_code: str, new: PublicKey, old: PublicKey) -> bytes:
    text = f"{unit_code}\n{new.algorithm}\n{new.to_b64()}\n{old.algorithm}\n{old.to_b64()}\n"
    return DOMAIN_ROTATE + text.encode("ascii")


def rotate_own_key(ws: Workspace, owner: str | None = None, passphrase: str | None = None,
                   new_passphrase: str | None = None, algorithm: str | None = None, lost: bool = False) -> KeyInfo:
    """Replace the key; unless the old one is lost, it signs the new one so the office can switch at once."""
    owner = _owner(ws, owner)
    old = None if lost else load_signer(ws, owner, passphrase)
    new = generate(algorithm or (old.algorithm if old else ws.get(settings.SIGNATURE_ALGORITHM) or ED25519))
    extra: dict[str, Any] = {}
    if old is not None:
        statement = _rotation_statement(owner, new.public, old.public)
        signature = b64(old.sign(statement))
        extra["previous"] = {"algorithm": old.algorithm, "public_key": old.public.to_b64(), "rotation_signature": signature}
        # the whole chain, so a unit that trusted a key several rotations ago can still follow it
        chain = (ws.get_setting(_setting_key(owner)) or {}).get("rotations", [])
        extra["rotations"] = [*chain, {"old": {"algorithm": old.algorithm, "public_key": old.public.to_b64()},
                                       "new": {"algorithm": new.algorithm, "public_key": new.public.to_b64()},
                                       "signature": signature}][-16:]
    return _store_own_key(ws, owner, new, new_passphrase, extra, replace=True)


def rotation_chain(ws: Workspace, owner: str | None = None) -> list[dict[str, Any]]:
    """This workspace's key rotations, oldest first, each signed by the key it replaced."""
    return list((ws.get_setting(_setting_key(_owner(ws, owner))) or {}).get("rotations", []))


# Enrolment files --------------------------------------------------------------------------------

def export_enrolment(ws: Workspace, contact: dict[str, str] | None = None, out_path: Path | None = None,
                     passphrase: str | None = None, owner: str | None = None) -> bytes:
    """The file a unit sends the review office to register its key, signed by that key."""
    owner = _owner(ws, owner)
    signer = load_signer(ws, owner, passphrase)
    with ws.session() as s:
        unit = s.get(Unit, owner)
        ident = {"code": owner, "name": unit.name if unit else owner}
    if owner == OFFICE_OWNER:  # a review office enrols with the level above as its region (江山市 → 衢州市)
        from .levels import own_region

        try:
            ident = own_region(ws).identity()
        except DomainError:  # a county not in resources/hierarchy.json: it has no level above to enrol with
            raise DomainError("no_region", f"行政区划（resources/hierarchy.json）中没有“{ws.get(settings.COUNTY)[:20]}”，"
                                           "审核端无法向上级登记密钥。请先在行政区划文件中加入本县。") from None
    body: dict[str, Any] = {"unit": ident, "contact": dict(contact or {}),
                            "algorithm": signer.algorithm, "public_key": signer.public.to_b64(),
                            "created_at": utcnow().isoformat(timespec="seconds"), "app_version": __version__}
    previous = (ws.get_setting(_setting_key(owner)) or {}).get("previous")
    if previous:
        body["previous_key"] = previous
    body_bytes = jsonsafe.dumps(body)
    doc = {"format": ENROLMENT_FORMAT, "version": 1, "body": b64(body_bytes),
           "signature": b64(signer.sign(DOMAIN_ENROL + body_bytes))}
    data = jsonsafe.dumps(doc)
    if out_path is not None:
        durable.write_file(Path(out_path), data)
    return data


def _bad_enrolment(what: str) -> DomainError:
    return DomainError("bad_enrolment", f"密钥登记文件不合格：{what}。请让该单位重新导出登记文件。")


def read_enrolment(data: bytes) -> dict[str, Any]:
    """Parse and verify an enrolment file; returns its body with a `PublicKey` under ``"key"``."""
    if len(data) > MAX_ENROLMENT:
        raise _bad_enrolment("文件过大")
    try:
        doc = jsonsafe.loads(data, "登记文件", max_depth=4)
        if not isinstance(doc, dict) or doc.get("format") != ENROLMENT_FORMAT or doc.get("version") != 1:
            raise _bad_enrolment("不是本软件的密钥登记文件")
        body_bytes = unb64(doc.get("body"), "内容")
        body = jsonsafe.loads(body_bytes, "登记文件", max_depth=4)
        if not isinstance(body, dict) or body.get("algorithm") not in ALGORITHMS:
            raise _bad_enrolment("签名算法不对")
        key = PublicKey(body["algorithm"], unb64(body.get("public_key"), "公钥"))
        signature = unb64(doc.get("signature"), "签名")
        unit = body.get("unit")
        if not isinstance(unit, dict) or not isinstance(unit.get("code"), str) or not isinstance(unit.get("name"), str):
            raise _bad_enrolment("缺少单位")
        if not isinstance(body.get("contact", {}), dict):
            raise _bad_enrolment("联系人格式不对")
    except PackageError as exc:
        raise _bad_enrolment(exc.message) from None
    except WeakKeyError as exc:
        raise weak_key_error(exc, "密钥登记文件") from None
    except ValueError as exc:
        raise _bad_enrolment(str(exc)) from None
    if not key.verify(DOMAIN_ENROL + body_bytes, signature):
        raise DomainError("bad_signature", "密钥登记文件的签名无效：文件被改动过或不是由该密钥签发。请勿登记。")
    body["key"] = key
    return body


def weak_key_error(exc: WeakKeyError, where: str) -> DomainError:
    return DomainError("weak_key", f"{where}中的公钥是弱密钥（{exc}）：用它可以伪造任何签名，已拒绝。请让对方重新生成密钥。")


def _previous_key(body: dict[str, Any]) -> tuple[PublicKey, bytes] | None:
    prev = body.get("previous_key")
    if prev is None:
        return None
    try:
        return PublicKey(prev["algorithm"], unb64(prev["public_key"])), unb64(prev["rotation_signature"])
    except WeakKeyError as exc:
        raise weak_key_error(exc, "密钥登记文件的旧密钥") from None
    except (KeyError, TypeError, ValueError):
        raise _bad_enrolment("旧密钥信息不对") from None


def import_enrolment(ws: Workspace, source: bytes | Path | str) -> EnrolmentResult:
    """Review office: register a unit's key from its enrolment file (pending until confirmed)."""
    data = source if isinstance(source, bytes) else _read_small(Path(source))
    body = read_enrolment(data)
    key: PublicKey = body["key"]
    unit_code = body["unit"]["code"]
    contact = {str(k): str(v)[:200] for k, v in body.get("contact", {}).items()}
    rotation = _previous_key(body)
    with ws.session() as s:
        return _register(s, unit_code, key, contact, "enrolment", rotation)


def _read_small(path: Path) -> bytes:
    userfiles.require_file(path, "密钥登记文件")
    try:
        if path.stat().st_size > MAX_ENROLMENT:
            raise _bad_enrolment("文件过大")
        return path.read_bytes()
    except OSError as exc:
        raise DomainError("file_unreadable", faults.os_error(exc, path, "读取").message) from None


def _record(s: Session, row: UnitKey) -> RegisteredKey:
    unit = s.get(Unit, row.unit_code)
    return RegisteredKey(id=row.id, unit_code=row.unit_code, unit_name=unit.name if unit else row.unit_code,
                         fingerprint=row.fingerprint, digits=fingerprint_digits(row.fingerprint),
                         algorithm=row.algorithm, public_key=row.public_key, status=row.status,
                         status_label=KEY_STATUSES.get(row.status, row.status), contact=dict(row.contact or {}),
                         enrolled_at=row.enrolled_at, confirmed_at=row.confirmed_at, revoked_at=row.revoked_at,
                         revoke_reason=row.revoke_reason, replaced_by=row.replaced_by)


def _active_keys(s: Session, unit_code: str) -> list[UnitKey]:
    return list(s.scalars(select(UnitKey).where(UnitKey.unit_code == unit_code, UnitKey.status == "active")))


def key_change_warning(unit_name: str, old: list[UnitKey]) -> str:
    shown = "；".join(fingerprint_digits(k.fingerprint) for k in old)
    return (f"警告：{unit_name}已有登记的有效密钥（指纹 {shown}），这是一个不同的新密钥！"
            "请务必通过已知的电话号码与该单位核实后再确认，谨防他人冒充。")


def _register(s: Session, unit_code: str, key: PublicKey, contact: dict[str, str], source: str,
              rotation: tuple[PublicKey, bytes] | None) -> EnrolmentResult:
    unit = s.get(Unit, unit_code)
    if unit is None:
        raise NotFound("unit_not_found", f"单位名册中没有编号为 {unit_code} 的单位，不能登记其密钥。")
    existing = s.scalar(select(UnitKey).where(UnitKey.fingerprint == key.fingerprint))
    if existing is not None:
        if existing.unit_code != unit_code:
            raise DomainError("key_of_other_unit", f"该密钥已登记为单位 {existing.unit_code} 的密钥，不能再登记给{unit.name}。")
        if existing.status == "revoked":
            raise DomainError("revoked_key", "该密钥已被吊销，不能再次登记。请让该单位生成新密钥。")
        return EnrolmentResult(_record(s, existing), already_enrolled=True)
    active = _active_keys(s, unit_code)
    row = UnitKey(unit_code=unit_code, fingerprint=key.fingerprint, algorithm=key.algorithm,
                  public_key=key.to_b64(), status="pending", contact=contact, source=source, enrolled_at=utcnow(),
                  revoke_reason="")
    s.add(row)
    if rotation is not None:
        prev_key, signature = rotation
        prev = s.scalar(select(UnitKey).where(UnitKey.fingerprint == prev_key.fingerprint))
        # a review office's own rotation names its owner "office" (`rotate_own_key`), as its units see it
        statements = [_rotation_statement(unit_code, key, prev_key)]
        if unit.kind in vocab.UPPER_KINDS:
            statements.append(_rotation_statement(OFFICE_OWNER, key, prev_key))
        if not any(prev_key.verify(st, signature) for st in statements):
            raise DomainError("bad_rotation", "更换密钥的声明未能通过旧密钥验证，可能被篡改。请勿登记，并电话联系该单位。")
        if prev is not None and prev.unit_code == unit_code and prev.status == "active":
            now = utcnow()
            row.status, row.confirmed_at, row.source = "active", now, "rotation"
            prev.status, prev.rotated_at, prev.replaced_by = "rotated", now, key.fingerprint
            s.flush()
            return EnrolmentResult(_record(s, row), rotated_from=_record(s, prev),
                                   notes=["旧密钥已为新密钥签名担保，新密钥已生效，旧密钥停用。"])
    s.flush()
    warning = key_change_warning(unit.name, active) if active else ""
    return EnrolmentResult(_record(s, row), warning=warning)


def enrol_from_package(ws: Workspace, details: dict[str, Any], confirmed: bool = False,
                       digits: str | None = None) -> EnrolmentResult:
    """The quarantine's "登记此密钥": enrol the key of a refused package, only when the user confirms.

    ``details`` is the `PackageError.details` of an ``unknown_signer`` refusal. With ``digits``
    (the fingerprint read aloud by the unit) matching, the key becomes active at once.
    """
    if not confirmed:
        raise DomainError("confirmation_required", "登记未知密钥前必须确认：请先电话联系该单位核对指纹。")
    try:
        key = PublicKey(details["algorithm"], unb64(details["public_key"]))
        unit_code = str(details["unit_code"])
    except WeakKeyError as exc:
        raise weak_key_error(exc, "待登记的密钥") from None
    except (KeyError, TypeError, ValueError):
        raise DomainError("bad_details", "缺少待登记密钥的信息。") from None
    with ws.session() as s:
        result = _register(s, unit_code, key, {}, "package", None)
        if digits is not None and result.key.status == "pending":
            _confirm_row(s, s.get_one(UnitKey, result.key.id), digits)
            result.key = _record(s, s.get_one(UnitKey, result.key.id))
        return result


def _confirm_row(s: Session, row: UnitKey, digits: str) -> None:
    if normalise_digits(digits) != normalise_digits(fingerprint_digits(row.fingerprint)):
        raise DomainError("fingerprint_mismatch", "核对的指纹与该密钥不一致，未确认。请勿使用该密钥，并再次电话核实。")
    now = utcnow()
    for other in _active_keys(s, row.unit_code):
        if other.id != row.id:
            other.status, other.rotated_at, other.replaced_by = "rotated", now, row.fingerprint
    row.status, row.confirmed_at = "active", now


def _find_key(s: Session, ident: str, statuses: tuple[str, ...] | None = None) -> UnitKey:
    """A key by hex fingerprint prefix (≥ 8), by its spoken digits, or by unit code or name (when unique)."""
    rows = list(s.scalars(select(UnitKey)))
    if statuses:
        rows = [r for r in rows if r.status in statuses]
    ident = ident.strip()
    digits = normalise_digits(ident)
    lowered = ident.lower()
    found = [r for r in rows if r.unit_code == ident]
    if not found:  # a unit's name or alias, as people say it on the phone
        from .models import Unit

        codes = {u.code for u in s.scalars(select(Unit)) if ident == u.name or ident in (u.aliases or [])}
        found = [r for r in rows if r.unit_code in codes]
    if not found and len(lowered) >= 8 and all(c in "0123456789abcdef" for c in lowered):
        found = [r for r in rows if r.fingerprint.startswith(lowered)]
    if not found and len(digits) >= 10:
        found = [r for r in rows if normalise_digits(fingerprint_digits(r.fingerprint)).startswith(digits)]
    if not found:
        raise NotFound("key_not_found", f"登记册中没有与“{ident[:50]}”相符的密钥。")
    if len(found) > 1:
        raise DomainError("key_ambiguous", f"“{ident[:50]}”对应多个密钥，请改用指纹指定。")
    return found[0]


DIGITS_FORMAT = "指纹是 8 组、每组 5 位的数字（共 40 位），如 12345 67890 12345 67890 12345 67890 12345 67890"


def check_digits_format(digits: str) -> str:
    """The 40 spoken digits (spaces and dashes allowed), or a refusal that asks for that format."""
    got = normalise_digits(digits)
    if len(got) != 40 or any(ch not in "0123456789 -\u3000" for ch in digits.strip()):
        shown = digits.strip()[:60] or "（空）"
        raise DomainError("bad_digits", f"“{shown}”不是完整的指纹：{DIGITS_FORMAT}，请对方逐组读出后输入"
                                        f"（收到 {len(got)} 位数字）。未确认任何密钥。")
    return got


def confirm_key(ws: Workspace, ident: str, digits: str) -> RegisteredKey:
    """Review office: the unit read its fingerprint over the phone; it matches, so the key is active.

    The digits must be the whole fingerprint (8 groups of 5); a key that is already confirmed says so
    rather than "not in the registry".
    """
    check_digits_format(digits)
    with ws.session() as s:
        try:
            row = _find_key(s, ident, ("pending",))
        except NotFound:
            done, same = _confirmed_already(s, ident, digits)
            if done is not None and same:
                raise DomainError("already_confirmed", f"{done.unit_name}（{done.unit_code}）的这把密钥已于 "
                                  f"{done.confirmed_at:%Y-%m-%d %H:%M} 确认过，无需再次确认。") from None
            if done is not None:
                raise DomainError("fingerprint_mismatch", f"{done.unit_name}（{done.unit_code}）已有确认过的密钥，"
                                  f"但其指纹与输入的不一致，也没有待核对的新密钥。请再次电话核实；"
                                  f"如单位更换了密钥，请先登记其新的密钥登记文件。") from None
            raise
        _confirm_row(s, row, digits)
        return _record(s, row)


def _confirmed_already(s: Session, ident: str, digits: str) -> tuple[RegisteredKey | None, bool]:
    """The active key ``ident`` names, and whether its fingerprint is ``digits``."""
    try:
        row = _find_key(s, ident, ("active",))
    except DomainError:
        return None, False
    same = normalise_digits(digits) == normalise_digits(fingerprint_digits(row.fingerprint))
    return _record(s, row), same


def revoke_key(ws: Workspace, ident: str, reason: str = "") -> RegisteredKey:
    """Review office: a lost or compromised key; packages it signs are refused from now on."""
    with ws.session() as s:
        row = _find_key(s, ident, ("pending", "active", "rotated"))
        row.status, row.revoked_at, row.revoke_reason = "revoked", utcnow(), reason.strip()
        return _record(s, row)


def list_keys(ws: Workspace, unit_code: str | None = None) -> list[RegisteredKey]:
    with ws.session() as s:
        q = select(UnitKey).order_by(UnitKey.unit_code, UnitKey.enrolled_at)
        if unit_code:
            q = q.where(UnitKey.unit_code == unit_code)
        return [_record(s, r) for r in s.scalars(q)]


# Trust decisions used by package verification -----------------------------------------------------

def _own_fingerprint(s: Session, owner: str) -> str | None:
    row = s.get(Setting, _setting_key(owner))
    return (row.value or {}).get("fingerprint") if row else None


def _quarantine(code: str, message: str, key: PublicKey, unit_code: str, unit_name: str, **extra: Any) -> PackageError:
    details = {"unit_code": unit_code, "unit_name": unit_name, "algorithm": key.algorithm,
               "public_key": key.to_b64(), "fingerprint": key.fingerprint, "digits": key.digits, **extra}
    return PackageError(code, message, details)


def check_submission_signer(s: Session, unit_code: str, unit_name: str, key: PublicKey) -> str:
    """Is ``key`` the registered, active key of ``unit_code``? Returns how it is trusted or raises."""
    if _own_fingerprint(s, unit_code) == key.fingerprint:
        return "own"
    row = s.scalar(select(UnitKey).where(UnitKey.fingerprint == key.fingerprint))
    active = _active_keys(s, unit_code)
    registered_algs = {k.algorithm for k in active}
    if registered_algs and key.algorithm not in registered_algs or row is not None and row.algorithm != key.algorithm:
        shown = next(iter(registered_algs)) if registered_algs else (row.algorithm if row is not None else "")
        raise PackageError("wrong_algorithm", f"{unit_name}登记的签名算法是 {ALGORITHMS.get(shown, '?')}，"
                           f"而该文件包使用 {ALGORITHMS[key.algorithm]} 签名，已拒绝。")
    if row is None:
        if active:
            raise _quarantine("unknown_signer", f"{key_change_warning(unit_name, active)}该文件包已隔离，不会合并。", key,
                              unit_code, unit_name, key_changed=True)
        raise _quarantine("unknown_signer", f"签名者的密钥尚未登记（指纹 {key.digits}）。文件包已隔离，不会合并；"
                          f"如确认是{unit_name}的密钥，可在电话核对指纹后选择“登记此密钥”。", key, unit_code, unit_name,
                          key_changed=False)
    if row.unit_code != unit_code:
        raise PackageError("wrong_unit_key", f"文件包自称来自{unit_name}，却是用单位 {row.unit_code} 的密钥签名的，已拒绝。")
    if row.status == "revoked":
        raise PackageError("revoked_key", f"签名所用的密钥已于 {row.revoked_at:%Y-%m-%d} 被吊销，已拒绝。请让{unit_name}用新密钥重新导出。")
    if row.status == "rotated":
        raise PackageError("rotated_key", f"签名所用的密钥已被{unit_name}的新密钥取代，已拒绝。请让该单位用新密钥重新导出。")
    if row.status == "pending":
        raise _quarantine("pending_key", f"{unit_name}的密钥已登记但尚未核对指纹（{key.digits}）。请电话核对后确认密钥，再导入。",
                          key, unit_code, unit_name, key_changed=bool(active))
    return "registered"


def trusted_office_key(ws: Workspace) -> dict[str, Any] | None:
    """On a unit's side: the review office key the clerk confirmed by fingerprint (or its signed successor)."""
    return ws.get_setting(OFFICE_KEY_SETTING)
