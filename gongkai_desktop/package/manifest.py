"""The manifest (the only signed bytes of a package) and the signature file beside it.

The signature is checked on the exact manifest bytes before the manifest is parsed; only then is
the manifest read, strictly, and checked field by field so nothing downstream meets a surprise
type. Everything about the package — who made it, which catalogs, which files with which hashes —
comes from here, never from file names.
"""

from __future__ import annotations

from typing import Any

from . import jsonsafe
from .errors import PackageError
from .schema import FORMAT, FORMAT_VERSION, KINDS
from .signing import ALGORITHMS, SM2, SM2_DEFAULT_ID, PrivateKey, PublicKey, WeakKeyError, b64, unb64

MIMETYPE = b"application/vnd.gongkai.gkpkg+zip"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PAYLOAD_PREFIX = "payload/"
SIG_FORMAT = "gkpkg-signature"
DOMAIN = b"gongkai-desktop/gkpkg/v1/manifest\x00"
MAX_MANIFEST = 1024 * 1024
MAX_SIGNATURE = 8 * 1024
__all__ = ["FORMAT", "FORMAT_VERSION", "KINDS", "MANIFEST", "MIMETYPE", "PAYLOAD_PREFIX", "SIGNATURE"]


def signed_message(manifest_bytes: bytes) -> bytes:
    return DOMAIN + manifest_bytes


def make_signature_file(manifest_bytes: bytes, signer: PrivateKey) -> bytes:
    """manifest.sig: the algorithm, the public key, the signer id used (SM2) and the signature."""
    body: dict[str, Any] = {"format": SIG_FORMAT, "version": 1, "algorithm": signer.algorithm,
                            "public_key": signer.public.to_b64()}
    if signer.algorithm == SM2:
        body["signer_id"] = SM2_DEFAULT_ID.decode("ascii")
    body["signature"] = b64(signer.sign(signed_message(manifest_bytes)))
    return jsonsafe.dumps(body)


def verify_signature(manifest_bytes: bytes, sig_bytes: bytes) -> PublicKey:
    """Check manifest.sig against the exact manifest bytes; return the signer's public key."""
    if len(sig_bytes) > MAX_SIGNATURE:
        raise PackageError("bad_signature_file", "签名文件（manifest.sig）过大，不是本软件生成的签名。")
    sig = jsonsafe.loads(sig_bytes, SIGNATURE, max_depth=2)
    if not isinstance(sig, dict) or sig.get("format") != SIG_FORMAT:
        raise PackageError("bad_signature_file", "签名文件（manifest.sig）格式不对，文件包可能被篡改。")
    if sig.get("version") != 1:
        raise PackageError("unknown_version", "签名文件的版本较新，本软件无法识别。请升级软件后再试。")
    algorithm = sig.get("algorithm")
    if algorithm not in ALGORITHMS:
        raise PackageError("unknown_algorithm", f"文件包使用了本软件不支持的签名算法“{str(algorithm)[:20]}”，已拒绝。")
    try:
        key = PublicKey(algorithm, unb64(sig.get("public_key"), "公钥"))
        signature = unb64(sig.get("signature"), "签名")
        signer_id = sig.get("signer_id", SM2_DEFAULT_ID.decode()) if algorithm == SM2 else ""
        if not isinstance(signer_id, str) or not signer_id.isascii() or len(signer_id) > 64:
            raise ValueError("签名者标识不对")
        if set(sig) - {"format", "version", "algorithm", "public_key", "signature", "signer_id"} \
                or ("signer_id" in sig) != (algorithm == SM2):
            raise ValueError("含有未知字段")
    except WeakKeyError as exc:
        raise PackageError("weak_key", f"文件包的签名公钥是弱密钥（{exc}），任何人都可能伪造这样的签名，已拒绝。") from None
    except ValueError as exc:
        raise PackageError("bad_signature_file", f"签名文件（manifest.sig）不合格：{exc}。") from None
    except ImportError:
        raise PackageError("unknown_algorithm", "本机未安装国密算法组件（gmssl-pyx），无法验证 SM2 签名。") from None
    if not key.verify(signed_message(manifest_bytes), signature, signer_id.encode("ascii")):
        raise PackageError("bad_signature", "签名验证失败：文件包在签名后被改动过，或签名不属于该文件包。请勿使用，并联系报送单位重新导出。")
    return key


def parse_manifest(manifest_bytes: bytes) -> dict[str, Any]:
    """Parse the manifest (after its signature was verified) and check it against its kind's schema."""
    from .schema import check_manifest

    return check_manifest(jsonsafe.loads(manifest_bytes, MANIFEST, max_depth=6))
