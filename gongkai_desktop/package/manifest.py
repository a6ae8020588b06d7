"""The manifest (the only signed bytes of a package) and the signature file beside it.

The signature is checked on the exact manifest bytes before the manifest is parsed; only then is
the manifest read, strictly, and checked field by field so nothing downstream meets a surprise
type. Everything about the package — who made it, which catalogs, which files with which hashes —
comes from here, never from file names.
"""

from __future__ import annotations

import re
from typing import Any

from . import jsonsafe
from .errors import PackageError
from .signing import ALGORITHMS, SM2, SM2_DEFAULT_ID, PrivateKey, PublicKey, b64, unb64

FORMAT = "gkpkg"
FORMAT_VERSION = 1
MIMETYPE = b"application/vnd.gongkai.gkpkg+zip"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PAYLOAD_PREFIX = "payload/"
SIG_FORMAT = "gkpkg-signature"
DOMAIN = b"gongkai-desktop/gkpkg/v1/manifest\x00"

KINDS: dict[str, str] = {"submission": "单位报送", "review_result": "审核结果", "distribution": "审核端下发"}
MAX_MANIFEST = 4 * 1024 * 1024
MAX_SIGNATURE = 8 * 1024
_PACKAGE_ID = re.compile(r"^[0-9a-f]{32}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def _bad(what: str) -> PackageError:
    return PackageError("bad_manifest", f"文件包的清单（manifest.json）不合格：{what}。文件可能被篡改或由不兼容的软件生成。")


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
    except ValueError as exc:
        raise PackageError("bad_signature_file", f"签名文件（manifest.sig）不合格：{exc}。") from None
    except ImportError:
        raise PackageError("unknown_algorithm", "本机未安装国密算法组件（gmssl-pyx），无法验证 SM2 签名。") from None
    if not key.verify(signed_message(manifest_bytes), signature, signer_id.encode("ascii")):
        raise PackageError("bad_signature", "签名验证失败：文件包在签名后被改动过，或签名不属于该文件包。请勿使用，并联系报送单位重新导出。")
    return key


def _require(d: Any, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = d.get(key) if isinstance(d, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise _bad(f"缺少或错误的“{what}”")
    return value


def parse_manifest(manifest_bytes: bytes) -> dict[str, Any]:
    """Parse and check the manifest (after its signature was verified)."""
    m = jsonsafe.loads(manifest_bytes, MANIFEST)
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise _bad("不是公开目录文件包的清单")
    version = m.get("format_version")
    if version != FORMAT_VERSION:
        raise PackageError("unknown_version", f"文件包格式版本（{str(version)[:10]}）不是本软件支持的版本 {FORMAT_VERSION}。请升级软件，或请对方用相同版本的软件导出。")
    if _require(m, "kind", str, "类型") not in KINDS:
        raise _bad("未知的文件包类型")
    if not _PACKAGE_ID.match(_require(m, "package_id", str, "文件包编号")):
        raise _bad("文件包编号格式不对")
    unit = _require(m, "unit", dict, "单位")
    if not _CODE.match(_require(unit, "code", str, "单位编号")) or not _require(unit, "name", str, "单位名称"):
        raise _bad("单位编号或名称不对")
    if _require(m, "sequence", int, "序号") < 1:
        raise _bad("序号应为正整数")
    _require(m, "created_at", str, "创建时间")
    _require(m, "app", dict, "软件版本")
    _check_files(_require(m, "files", list, "文件列表"))
    if m["kind"] == "submission":
        _check_areas(_require(m, "areas", list, "领域列表"), m["files"])
    return m


def _check_files(files: list[Any]) -> None:
    names: set[str] = set()
    for f in files:
        name = _require(f, "name", str, "文件名")
        if not name.startswith(PAYLOAD_PREFIX) or name in names:
            raise _bad(f"文件“{name[:60]}”不在 payload/ 下或重复列出")
        names.add(name)
        if _require(f, "size", int, "文件大小") < 0 or not _SHA256.match(_require(f, "sha256", str, "SHA-256")):
            raise _bad(f"文件“{name[:60]}”的大小或 SHA-256 不对")
        _require(f, "role", str, "文件用途")
        if "original_name" in f:
            _require(f, "original_name", str, "原文件名")


def _check_areas(areas: list[Any], files: list[dict[str, Any]]) -> None:
    names = {f["name"] for f in files}
    seen: set[str] = set()
    for a in areas:
        code = _require(a, "code", str, "领域编号")
        if code in seen or _require(a, "file", str, "领域文件") not in names:
            raise _bad(f"领域 {code[:8]} 重复或其文件未列出")
        seen.add(code)
        _require(a, "name", str, "领域名称")
        _require(a, "catalog_version", int, "目录版本")
        _require(a, "template_version", str, "模板版本")
        _require(a, "item_count", int, "事项数")
