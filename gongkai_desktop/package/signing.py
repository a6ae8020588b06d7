"""Signature algorithms behind one small interface: Ed25519 (default) and SM2 with SM3 (国密).

Ed25519 comes from ``cryptography``. SM2 (GB/T 32918, GM/T 0003) comes from ``gmssl-pyx``, a
binding of GmSSL 3 whose nonces come from the operating system's random source; it is imported
only when an SM2 key is used, so installations without it still run Ed25519. Signatures over a
package cover a fixed domain prefix plus the exact manifest bytes, so a signature made for
something else (an enrolment file, another program) can never pass as a package signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from ..errors import DomainError

ED25519 = "ed25519"
SM2 = "sm2"
ALGORITHMS: dict[str, str] = {ED25519: "Ed25519", SM2: "SM2/SM3（国密）"}
SM2_DEFAULT_ID = b"1234567812345678"  # GM/T 0009 default signer id
_KEY_LENGTHS = {ED25519: 32, SM2: 64}
# SM2's prime p (GB/T 32918.5): a coordinate ≥ p is a second, non-canonical spelling of a point.
SM2_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
_SM2_KEY_FORMAT = "gongkai-sm2-private-key"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, what: str = "数据") -> bytes:
    """Strict base64 (no whitespace, no junk) for data read from outside."""
    if not isinstance(text, str) or not text.isascii():
        raise ValueError(f"{what}不是 base64 文本")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what}不是有效的 base64") from None


def fingerprint_hex(raw: bytes) -> str:
    """SHA-256 of the raw public key, the key's identity in the registry."""
    return hashlib.sha256(raw).hexdigest()


def fingerprint_digits(fp_hex: str) -> str:
    """The fingerprint as 8 groups of 5 digits, easy to read aloud over the phone."""
    number = int(fp_hex[:34], 16) % 10**40
    digits = f"{number:040d}"
    return " ".join(digits[i:i + 5] for i in range(0, 40, 5))


def normalise_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class WeakKeyError(ValueError):
    """A public key that is not a proper key: a low-order or non-canonical point, or off the curve."""


def check_public_key(algorithm: str, raw: bytes) -> None:
    """Refuse keys that let anyone forge signatures or that have two spellings.

    Ed25519: libsodium's ``crypto_core_ed25519_is_valid_point`` (through PyNaCl) refuses
    non-canonical encodings (y ≥ p, or x = 0 with the sign bit set), points of small order (the
    neutral point, for which one fixed signature verifies every message) and points outside the
    prime-order subgroup. SM2: both coordinates below p and the point on the curve (GmSSL); the SM2
    curve has cofactor 1, so its only point of small order is the point at infinity, which has no
    x‖y encoding (the all-zero spelling some tools use for it is refused).
    """
    if algorithm == ED25519:
        from nacl.bindings import crypto_core_ed25519_is_valid_point

        if not crypto_core_ed25519_is_valid_point(raw):
            raise WeakKeyError("Ed25519 公钥是低阶点、非规范编码或不在素数阶子群中")
        return
    x, y = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    if x >= SM2_P or y >= SM2_P:
        raise WeakKeyError("SM2 公钥的坐标不是规范编码（不小于 p）")
    if x == 0 and y == 0:
        raise WeakKeyError("SM2 公钥是无穷远点")
    from gmssl_pyx import InvalidValueError, normalize_sm2_public_key

    try:  # refuses points that are not on the curve
        normalize_sm2_public_key(raw)
    except InvalidValueError:
        raise WeakKeyError("SM2 公钥不是曲线上的点") from None


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A public key: the algorithm and its raw bytes (Ed25519: 32 bytes; SM2: x‖y, 64 bytes)."""

    algorithm: str
    raw: bytes

    def __post_init__(self) -> None:
        if self.algorithm not in _KEY_LENGTHS:
            raise ValueError(f"不支持的签名算法 {self.algorithm!r}")
        if len(self.raw) != _KEY_LENGTHS[self.algorithm]:
            raise ValueError("公钥长度不对")
        check_public_key(self.algorithm, self.raw)  # every key from outside is built here: enrolment, package, distribution

    @property
    def fingerprint(self) -> str:
        return fingerprint_hex(self.raw)

    @property
    def digits(self) -> str:
        return fingerprint_digits(self.fingerprint)

    def to_b64(self) -> str:
        return b64(self.raw)

    def verify(self, message: bytes, signature: bytes, signer_id: bytes = SM2_DEFAULT_ID) -> bool:
        """True when ``signature`` is this key's signature of ``message``; never raises for bad input."""
        if self.algorithm == ED25519:
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            try:
                Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
                return True
            except (InvalidSignature, ValueError):
                return False
        from gmssl_pyx import GmsslInnerError, sm2_verify

        try:
            return bool(sm2_verify(self.raw, message, signature, signer_id))
        except (GmsslInnerError, ValueError, TypeError):
            return False


class PrivateKey:
    """A signing key. Build with `generate` or `load_private_key`; the raw secret stays inside."""

    def __init__(self, algorithm: str, secret: Any, public: PublicKey) -> None:
        self.algorithm = algorithm
        self._secret = secret
        self.public = public

    def sign(self, message: bytes, signer_id: bytes = SM2_DEFAULT_ID) -> bytes:
        if self.algorithm == ED25519:
            return self._secret.sign(message)
        from gmssl_pyx import sm2_sign

        return sm2_sign(self._secret, self.public.raw, message, signer_id)

    def to_file(self, passphrase: str | None = None) -> bytes:
        """The key file's bytes: PKCS#8 PEM for Ed25519, a small JSON file for SM2; encrypted with a passphrase."""
        if self.algorithm == ED25519:
            from cryptography.hazmat.primitives import serialization as ser

            enc = ser.BestAvailableEncryption(passphrase.encode()) if passphrase else ser.NoEncryption()
            return self._secret.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, enc)
        body: dict[str, Any] = {"format": _SM2_KEY_FORMAT, "version": 1, "public_key": self.public.to_b64()}
        if passphrase:
            body.update(_encrypt(self._secret, passphrase))
        else:
            body["private_key"] = b64(self._secret)
        return json.dumps(body, indent=1).encode()


def generate(algorithm: str = ED25519) -> PrivateKey:
    """A new key pair from the operating system's cryptographic random source."""
    if algorithm == ED25519:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        key = Ed25519PrivateKey.generate()
        raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PrivateKey(ED25519, key, PublicKey(ED25519, raw))
    if algorithm == SM2:
        _require_sm2()
        from gmssl_pyx import sm2_key_generate

        pub, secret = sm2_key_generate()
        return PrivateKey(SM2, secret, PublicKey(SM2, pub))
    raise DomainError("bad_algorithm", f"不支持的签名算法“{algorithm}”，可选：ed25519（默认）或 sm2（国密）。")


def load_private_key(data: bytes, passphrase: str | None = None) -> PrivateKey:
    """Read a key file written by `PrivateKey.to_file`."""
    if data.lstrip().startswith(b"{"):
        return _load_sm2(data, passphrase)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key

    try:
        key = load_pem_private_key(data, passphrase.encode() if passphrase else None)
    except TypeError:
        if passphrase:
            raise DomainError("bad_key_file", "私钥文件未加密，却提供了口令。") from None
        raise DomainError("passphrase_required", "本单位的私钥受口令保护，请输入口令。") from None
    except ValueError:
        if passphrase:
            raise DomainError("bad_passphrase", "口令不正确，无法打开本单位的私钥。") from None
        raise DomainError("bad_key_file", "私钥文件已损坏，无法读取。") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError("bad_key_file", "私钥文件不是 Ed25519 密钥。")
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return PrivateKey(ED25519, key, PublicKey(ED25519, raw))


def _require_sm2() -> None:
    try:
        import gmssl_pyx  # noqa: F401
    except ImportError:
        raise DomainError("sm2_unavailable", "本机未安装国密算法组件（gmssl-pyx），无法使用 SM2 签名。") from None


def _kdf(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


def _encrypt(secret: bytes, passphrase: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    ct = AESGCM(_kdf(passphrase, salt)).encrypt(nonce, secret, b"gongkai sm2 key")
    return {"kdf": "scrypt-16384-8-1", "salt": b64(salt), "nonce": b64(nonce), "encrypted_private_key": b64(ct)}


def _load_sm2(data: bytes, passphrase: str | None) -> PrivateKey:
    _require_sm2()
    try:
        body = json.loads(data)
        pub = PublicKey(SM2, unb64(body["public_key"]))
        if "encrypted_private_key" in body:
            if not passphrase:
                raise DomainError("passphrase_required", "本单位的私钥受口令保护，请输入口令。")
            secret = _decrypt(body, passphrase)
        else:
            secret = unb64(body["private_key"])
    except (ValueError, KeyError, TypeError):
        raise DomainError("bad_key_file", "私钥文件已损坏，无法读取。") from None
    key = PrivateKey(SM2, secret, pub)
    if not pub.verify(b"check", key.sign(b"check")):
        raise DomainError("bad_key_file", "私钥文件中的公钥与私钥不匹配。")
    return key


def _decrypt(body: dict[str, Any], passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _kdf(passphrase, unb64(body["salt"]))
    try:
        return AESGCM(key).decrypt(unb64(body["nonce"]), unb64(body["encrypted_private_key"]), b"gongkai sm2 key")
    except InvalidTag:
        raise DomainError("bad_passphrase", "口令不正确，无法打开本单位的私钥。") from None
