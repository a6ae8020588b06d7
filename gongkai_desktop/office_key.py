"""On a unit's side: whether a package really comes from the review office.

The office's key is trusted only once the clerk has typed the fingerprint read from an independent
channel (the plan's notice, a phone call) and it matches the key that signed the first distribution
(`confirm_first_contact`); until then nothing signed by that key changes the workspace. A changed
office key is accepted only as a rotation the trusted key signed (`check_office_signer` follows the
chain a distribution carries). The trusted key lives in the ``review_office_key`` setting.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .keys import OFFICE_KEY_SETTING, OFFICE_OWNER, _own_fingerprint, _rotation_statement
from .models import Setting, utcnow
from .package.errors import PackageError
from .package.signing import ALGORITHMS, PublicKey, WeakKeyError, fingerprint_digits, normalise_digits, unb64


def check_office_signer(s: Session, kind: str, key: PublicKey, office_key: dict[str, Any] | None = None) -> str:
    """Is ``key`` the review office's key? Returns how it is trusted, or raises.

    ``first_contact``: no office key is trusted yet and this is a distribution — it may be imported
    only with the fingerprint the clerk confirms (`confirm_first_contact`). ``rotation``: a
    distribution signed by a new key that the trusted key vouched for (the chain of rotations in its
    ``office_key`` payload). Anything else signed by another key is refused.
    """
    if _own_fingerprint(s, OFFICE_OWNER) == key.fingerprint:
        return "own"
    row = s.get(Setting, OFFICE_KEY_SETTING)
    trusted = row.value if row else None
    if not trusted:
        if kind == "distribution":
            return "first_contact"
        raise PackageError("unknown_office_key", "尚未认可市府办的密钥，无法确认该文件包确实来自市府办。请先导入市府办下发的文件包，并核对其密钥指纹。",
                           {"fingerprint": key.fingerprint, "digits": key.digits})
    if trusted["fingerprint"] == key.fingerprint:
        return "office"
    if kind == "distribution" and office_key and _rotated_to(trusted, office_key.get("rotations", []), key):
        return "rotation"
    if trusted["algorithm"] != key.algorithm:
        raise PackageError("wrong_algorithm", f"市府办的签名算法是 {ALGORITHMS[trusted['algorithm']]}，而该文件包使用 {ALGORITHMS[key.algorithm]}，已拒绝。")
    hint = "（也没有认可密钥签名的密钥更换声明）" if kind == "distribution" else "。如市府办已更换密钥，请先导入其新的下发文件包"
    raise PackageError("office_key_changed", f"警告：该文件包不是用本单位认可的市府办密钥签名的（认可的指纹 {fingerprint_digits(trusted['fingerprint'])}，"
                       f"该文件包 {key.digits}）{hint}，可能被冒充，已拒绝。请电话联系市府办核实。",
                       {"fingerprint": key.fingerprint, "digits": key.digits})


def _rotated_to(trusted: dict[str, Any], rotations: list[dict[str, Any]], signer: PublicKey) -> bool:
    """Follow the rotations from the trusted key: each link signed by the key it replaces, ending at ``signer``."""
    current = PublicKey(trusted["algorithm"], unb64(trusted["public_key"]))
    for r in rotations:
        try:
            old = PublicKey(r["old"]["algorithm"], unb64(r["old"]["public_key"]))
            new = PublicKey(r["new"]["algorithm"], unb64(r["new"]["public_key"]))
            signature = unb64(r["signature"])
        except WeakKeyError as exc:
            raise PackageError("weak_key", f"市府办密钥更换记录中的公钥是弱密钥（{exc}），已拒绝。") from None
        except (KeyError, TypeError, ValueError):
            raise PackageError("bad_rotation", "市府办密钥更换记录格式不对，已拒绝。") from None
        if old != current:
            continue  # a rotation before the key this unit trusts
        if not old.verify(_rotation_statement(OFFICE_OWNER, new, old), signature):
            raise PackageError("bad_rotation", "市府办密钥更换记录的签名无效（不是由认可的密钥签发），可能被冒充，已拒绝。请电话联系市府办核实。")
        current = new
    return current == signer


def confirm_first_contact(key: PublicKey, digits: str | None) -> None:
    """The clerk's digits, read from the plan's notice or a phone call, must be the signer's fingerprint."""
    if digits is None or not normalise_digits(digits):
        raise PackageError("office_fingerprint_required",
                           "这是本单位第一次导入市府办的下发文件包，须先核对市府办的密钥指纹：请从市府办的通知或电话中获取指纹"
                           "（8 组、每组 5 位数字），输入后再导入。核对之前，该文件包不会改动本工作区。")
    if normalise_digits(digits) != normalise_digits(key.digits):
        raise PackageError("office_fingerprint_mismatch",
                           "输入的指纹与签发该文件包的密钥不一致，已拒绝。请再次向市府办核实指纹；如确认无误，该文件包可能是他人冒充的，请勿使用。")


def trust_office_key(s: Session, key: PublicKey, office: dict[str, Any], how: str) -> None:
    """Remember the review office's key (inside the import's transaction): ``how`` is ``fingerprint``
    (the clerk confirmed it) or ``rotation`` (the key trusted before vouched for it)."""
    row = s.get(Setting, OFFICE_KEY_SETTING)
    previous = []
    if row is not None and row.value:
        old = dict(row.value)
        previous = [*old.pop("previous", []), {k: old[k] for k in ("algorithm", "public_key", "fingerprint")}][-16:]
    s.merge(Setting(key=OFFICE_KEY_SETTING, value={
        "algorithm": key.algorithm, "public_key": key.to_b64(), "fingerprint": key.fingerprint, "office": office,
        "learned_at": utcnow().isoformat(timespec="seconds"), "how": how, "previous": previous}))
