"""Both signature algorithms sign and verify; SM2/SM3 is checked against the standard's published
example (GB/T 32918.5-2017 Annex A, = GM/T 0003.5-2012 A.2), against an independent pure-Python
implementation written here from the standard, and against gmalglib when it is installed."""

from __future__ import annotations

import base64
import json

import pytest

from gongkai_desktop.errors import DomainError
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.manifest import make_signature_file, signed_message, verify_signature
from gongkai_desktop.package.signing import (
    ED25519,
    SM2,
    SM2_DEFAULT_ID,
    PublicKey,
    fingerprint_digits,
    generate,
    load_private_key,
)

# SM2 recommended curve (GB/T 32918.5)
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0

# The published signature example
D_A = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
X_A = 0x09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020
Y_A = 0xCCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13
MSG = b"message digest"
Z_A = 0xB2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3
E = 0xF0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640
R = 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3
S = 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA


def sm3(data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def _add(p1, p2):  # noqa: ANN001, ANN202 - affine point addition on the SM2 curve
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    lam = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) if p1 == p2 else (y2 - y1) * pow(x2 - x1, -1, P)
    x3 = (lam * lam - x1 - x2) % P
    return x3, (lam * (x1 - x3) - y1) % P


def _mul(k: int, point):  # noqa: ANN001, ANN202
    acc = None
    while k:
        if k & 1:
            acc = _add(acc, point)
        point = _add(point, point)
        k >>= 1
    return acc


def _i(v: int) -> bytes:
    return v.to_bytes(32, "big")


def z_value(uid: bytes, x: int, y: int) -> bytes:
    entl = (len(uid) * 8).to_bytes(2, "big")
    return sm3(entl + uid + _i(A) + _i(B) + _i(GX) + _i(GY) + _i(x) + _i(y))


def reference_verify(pub: bytes, msg: bytes, r: int, s: int, uid: bytes = SM2_DEFAULT_ID) -> bool:
    """SM2 verification straight from GB/T 32918.2 section 7: a second implementation."""
    x, y = int.from_bytes(pub[:32], "big"), int.from_bytes(pub[32:], "big")
    if not (0 < r < N and 0 < s < N):
        return False
    e = int.from_bytes(sm3(z_value(uid, x, y) + msg), "big")
    t = (r + s) % N
    if t == 0:
        return False
    point = _add(_mul(s, (GX, GY)), _mul(t, (x, y)))
    return point is not None and (e + point[0]) % N == r


def der_to_rs(sig: bytes) -> tuple[int, int]:
    assert sig[0] == 0x30
    pos, out = 2, []
    for _ in range(2):
        assert sig[pos] == 0x02
        length = sig[pos + 1]
        out.append(int.from_bytes(sig[pos + 2:pos + 2 + length], "big"))
        pos += 2 + length
    return out[0], out[1]


def rs_to_der(r: int, s: int) -> bytes:
    def enc(v: int) -> bytes:
        b = v.to_bytes((v.bit_length() + 8) // 8, "big")
        return b"\x02" + bytes([len(b)]) + b

    body = enc(r) + enc(s)
    return b"\x30" + bytes([len(body)]) + body


PUB_A = _i(X_A) + _i(Y_A)


def test_sm3_standard_vector() -> None:
    from gmssl_pyx import sm3_hash

    expected = bytes.fromhex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    assert sm3(b"abc") == expected
    assert sm3_hash(b"abc") == expected


def test_the_published_example_is_consistent_in_the_reference_implementation() -> None:
    assert _mul(D_A, (GX, GY)) == (X_A, Y_A)
    assert z_value(SM2_DEFAULT_ID, X_A, Y_A) == _i(Z_A)
    assert int.from_bytes(sm3(_i(Z_A) + MSG), "big") == E
    assert reference_verify(PUB_A, MSG, R, S)
    assert not reference_verify(PUB_A, MSG + b".", R, S)


def test_gmssl_verifies_the_published_signature() -> None:
    key = PublicKey(SM2, PUB_A)
    assert key.verify(MSG, rs_to_der(R, S))
    assert not key.verify(MSG, rs_to_der(R, S ^ 1))
    assert not key.verify(MSG, rs_to_der(R, S), signer_id=b"another id")


def test_gmssl_signatures_verify_in_the_reference_implementation() -> None:
    key = generate(SM2)
    for msg in (b"", b"x", signed_message("清单".encode() * 100)):
        r, s = der_to_rs(key.sign(msg))
        assert reference_verify(key.public.raw, msg, r, s)
        assert not reference_verify(key.public.raw, msg + b"!", r, s)


def test_cross_verify_with_gmalglib() -> None:
    gm = pytest.importorskip("gmalglib.sm2")
    key = generate(SM2)
    msg = signed_message(b'{"manifest": true}')
    raw = b"".join(v.to_bytes(32, "big") for v in der_to_rs(key.sign(msg)))
    pk = b"\x04" + key.public.raw
    assert gm.SM2(pk=pk, uid=SM2_DEFAULT_ID).verify(msg, raw)
    sk = gm.SM2().generate_keypair()
    sig = gm.SM2(sk=sk[0], uid=SM2_DEFAULT_ID).sign(msg)
    other = PublicKey(SM2, sk[1][1:])
    assert other.verify(msg, rs_to_der(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")))


def test_off_curve_sm2_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        PublicKey(SM2, _i(X_A) + _i(Y_A ^ 1))


@pytest.mark.parametrize("algorithm", [ED25519, SM2])
def test_both_algorithms_sign_and_verify_a_manifest(algorithm: str) -> None:
    key = generate(algorithm)
    manifest = json.dumps({"format": "gkpkg", "单位": "市公安局"}, ensure_ascii=False).encode()
    sig_file = make_signature_file(manifest, key)
    assert verify_signature(manifest, sig_file) == key.public
    with pytest.raises(PackageError) as exc:
        verify_signature(manifest.replace(b"gkpkg", b"gkpkh"), sig_file)
    assert exc.value.code == "bad_signature"


def test_the_signature_covers_the_domain_prefix() -> None:
    key = generate(ED25519)
    manifest = b'{"a":1}'
    raw_sig = key.sign(manifest)  # a signature of the bare bytes, without the domain prefix
    forged = json.dumps({"format": "gkpkg-signature", "version": 1, "algorithm": "ed25519",
                         "public_key": key.public.to_b64(), "signature": base64.b64encode(raw_sig).decode()}).encode()
    with pytest.raises(PackageError) as exc:
        verify_signature(manifest, forged)
    assert exc.value.code == "bad_signature"


def test_sm2_signature_file_names_the_signer_id() -> None:
    sig = json.loads(make_signature_file(b"{}", generate(SM2)))
    assert sig["algorithm"] == "sm2" and sig["signer_id"] == "1234567812345678"
    assert "signer_id" not in json.loads(make_signature_file(b"{}", generate(ED25519)))


@pytest.mark.parametrize("algorithm", [ED25519, SM2])
def test_key_files_round_trip_with_and_without_passphrase(algorithm: str) -> None:
    key = generate(algorithm)
    assert load_private_key(key.to_file()).public == key.public
    locked = key.to_file("口令 secret")
    assert b"PRIVATE KEY" not in locked or b"ENCRYPTED" in locked
    assert load_private_key(locked, "口令 secret").public == key.public
    with pytest.raises(DomainError) as exc:
        load_private_key(locked)
    assert exc.value.code == "passphrase_required"
    with pytest.raises(DomainError) as exc:
        load_private_key(locked, "wrong")
    assert exc.value.code == "bad_passphrase"


def test_fingerprint_reads_aloud_as_eight_groups_of_five_digits() -> None:
    digits = fingerprint_digits("ab" * 32)
    groups = digits.split(" ")
    assert len(groups) == 8 and all(len(g) == 5 and g.isdigit() for g in groups)
    assert fingerprint_digits("ab" * 32) != fingerprint_digits("ac" + "ab" * 31)
