"""Keys checked as keys (test vectors for each weak kind, refused at enrolment, at first contact and
at verification), the office key trusted only by fingerprint, and a changed office key accepted only
as a rotation the trusted key signed."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from nacl.bindings import crypto_core_ed25519_add, crypto_core_ed25519_is_valid_point

from gongkai_desktop import keys
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.identity import choose_review_office
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.jsonsafe import dumps
from gongkai_desktop.package.signing import ED25519, SM2, SM2_P, PublicKey, WeakKeyError, b64, generate
from gongkai_desktop.package.verify import verify_package
from gongkai_desktop.unit.distribution import import_distribution
from tests.crafted import distribution, registry_of, snapshot, submission, unchanged

P = 2**255 - 19

# Ed25519 points of small order, canonically encoded (order 1, 2, 4, 4, 8, 8, 8, 8).
SMALL_ORDER = [bytes.fromhex(h) for h in (
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
)]
# Non-canonical spellings: y = p + 1 (the neutral point again), y = p, x = 0 with the sign bit set.
NON_CANONICAL = [bytes.fromhex(h) for h in (
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0100000000000000000000000000000000000000000000000000000000000080",
)]
IDENTITY = SMALL_ORDER[0]
# With the neutral point as public key, R = the neutral point and S = 0 "verify" for every message.
UNIVERSAL_SIGNATURE = IDENTITY + bytes(32)


def _encode(y: int, sign: int = 0) -> bytes:
    return (y | sign << 255).to_bytes(32, "little")


D = -121665 * pow(121666, -1, P) % P


def on_curve(y: int) -> bool:
    """x² = (y² − 1) / (d·y² + 1) has a solution (Euler's criterion)."""
    u = (y * y - 1) * pow(D * y * y + 1, -1, P) % P
    return u == 0 or pow(u, (P - 1) // 2, P) == 1


def non_canonical_of_a_proper_point() -> tuple[bytes, bytes]:
    """A curve point with y < 19 and its second spelling y + p (which still fits in 255 bits)."""
    for y in range(2, 19):
        if on_curve(y):
            return _encode(y), _encode(y + P)
    raise AssertionError("no small y on the curve")


def mixed_order() -> bytes:
    """A real key plus a point of order 8: on the curve, canonical, but outside the prime-order subgroup."""
    real = generate().public.raw
    return crypto_core_ed25519_add(real, SMALL_ORDER[4])


def sm2_point_with_small_x() -> tuple[int, int]:
    a, b = SM2_P - 3, 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
    for x in range(1, 1000):
        r = (x**3 + a * x + b) % SM2_P
        y = pow(r, (SM2_P + 1) // 4, SM2_P)
        if y * y % SM2_P == r:
            return x, y
    raise AssertionError


def sm2_vectors() -> list[bytes]:
    x, y = sm2_point_with_small_x()
    return [(1).to_bytes(32, "big") * 2,                                      # not on the curve
            bytes(64),                                                        # the point at infinity's spelling
            (x + SM2_P).to_bytes(32, "big") + y.to_bytes(32, "big")]          # x + p: non-canonical


ED_VECTORS = SMALL_ORDER + NON_CANONICAL


def test_the_vectors_are_what_they_claim() -> None:
    proper, second = non_canonical_of_a_proper_point()
    assert int.from_bytes(second, "little") >= P and on_curve(int.from_bytes(proper, "little"))
    assert crypto_core_ed25519_is_valid_point(generate().public.raw)
    # the danger is real: OpenSSL (through cryptography) accepts the neutral key and its universal signature
    Ed25519PublicKey.from_public_bytes(IDENTITY).verify(UNIVERSAL_SIGNATURE, b"any message at all")
    Ed25519PublicKey.from_public_bytes(IDENTITY).verify(UNIVERSAL_SIGNATURE, b"another one")
    x, y = sm2_point_with_small_x()
    assert PublicKey(SM2, x.to_bytes(32, "big") + y.to_bytes(32, "big"))  # the canonical spelling is a fine key


@pytest.mark.parametrize("raw", [*ED_VECTORS, non_canonical_of_a_proper_point()[1], mixed_order()],
                         ids=lambda r: r.hex()[:10])
def test_weak_ed25519_keys_are_refused(raw: bytes) -> None:
    with pytest.raises(WeakKeyError):
        PublicKey(ED25519, raw)


@pytest.mark.parametrize("raw", sm2_vectors(), ids=["off-curve", "infinity", "x+p"])
def test_weak_sm2_keys_are_refused(raw: bytes) -> None:
    with pytest.raises(WeakKeyError):
        PublicKey(SM2, raw)


def test_real_keys_pass(ws) -> None:
    for algorithm in (ED25519, SM2):
        key = generate(algorithm)
        assert PublicKey(algorithm, key.public.raw) == key.public


class Forger:
    """Signs anything with the neutral key's universal signature (what an attacker would send)."""

    algorithm = ED25519

    def __init__(self, raw: bytes = IDENTITY) -> None:
        self.public = SimpleNamespace(raw=raw, to_b64=lambda: b64(raw), fingerprint=hashlib.sha256(raw).hexdigest())

    def sign(self, message: bytes, signer_id: bytes = b"") -> bytes:
        return UNIVERSAL_SIGNATURE


def test_a_weak_key_is_refused_at_enrolment(ws, office_ws) -> None:
    body = dumps({"unit": {"code": "D06", "name": "市公安局"}, "contact": {}, "algorithm": "ed25519",
                  "public_key": b64(IDENTITY), "created_at": "2026-01-01T00:00:00", "app_version": "0.1.0"})
    doc = dumps({"format": keys.ENROLMENT_FORMAT, "version": 1, "body": b64(body),
                 "signature": b64(UNIVERSAL_SIGNATURE)})
    assert Ed25519PublicKey.from_public_bytes(IDENTITY).verify(UNIVERSAL_SIGNATURE, keys.DOMAIN_ENROL + body) is None
    before = snapshot(office_ws)
    with pytest.raises(DomainError) as exc:
        keys.import_enrolment(office_ws, doc)
    assert exc.value.code == "weak_key" and "弱密钥" in exc.value.message
    assert keys.list_keys(office_ws) == [] and unchanged(office_ws, before)
    with pytest.raises(DomainError) as exc:
        keys.enrol_from_package(office_ws, {"algorithm": "ed25519", "public_key": b64(IDENTITY), "unit_code": "D06"},
                                confirmed=True)
    assert exc.value.code == "weak_key"


@pytest.mark.parametrize("raw", [IDENTITY, SMALL_ORDER[4], NON_CANONICAL[0]], ids=["neutral", "order8", "y=p+1"])
def test_a_weak_key_is_refused_at_first_contact_even_with_its_fingerprint(ws, office_ws, raw) -> None:
    forger = Forger(raw)
    data = distribution(forger, registry_of(office_ws))
    before = snapshot(ws)
    digits = keys.fingerprint_digits(forger.public.fingerprint)
    with pytest.raises(PackageError) as exc:
        import_distribution(ws, data, office_fingerprint=digits)
    assert exc.value.code == "weak_key" and unchanged(ws, before)
    assert keys.trusted_office_key(ws) is None


def test_a_weak_key_is_refused_at_verification(county) -> None:
    office, _ = county
    with pytest.raises(PackageError) as exc:
        verify_package(office, submission(Forger()))
    assert exc.value.code == "weak_key"


# The office key on a unit's side ------------------------------------------------------------------

def test_a_strangers_distribution_on_a_fresh_unit_changes_nothing(ws, office_ws, new_workspace, tmp_path) -> None:
    """The attack of the issue: whoever sends the first distribution became the office."""
    stranger = new_workspace("stranger")
    choose_review_office(stranger)
    fake = export_distribution(stranger, tmp_path / "fake.gkpkg")
    before = snapshot(ws)
    with pytest.raises(PackageError) as exc:
        import_distribution(ws, fake.path)
    assert exc.value.code == "office_fingerprint_required" and unchanged(ws, before)
    real = export_distribution(office_ws, tmp_path / "real.gkpkg")
    real_digits = keys.own_key_info(office_ws).digits  # what the plan's notice prints
    with pytest.raises(PackageError) as exc:
        import_distribution(ws, fake.path, office_fingerprint=real_digits)
    assert exc.value.code == "office_fingerprint_mismatch" and unchanged(ws, before)
    assert import_distribution(ws, real.path, office_fingerprint=real_digits).learned_key


def test_a_rotation_signed_by_the_trusted_key_is_followed(ws, office_ws, new_workspace, tmp_path) -> None:
    first = export_distribution(office_ws, tmp_path / "d1.gkpkg").path
    import_distribution(ws, first, office_fingerprint=keys.own_key_info(office_ws).digits)
    old = keys.own_key_info(office_ws).fingerprint
    keys.rotate_own_key(office_ws, keys.OFFICE_OWNER)
    keys.rotate_own_key(office_ws, keys.OFFICE_OWNER)  # twice: the unit follows the whole chain
    new = keys.own_key_info(office_ws).fingerprint
    result = import_distribution(ws, export_distribution(office_ws, tmp_path / "d2.gkpkg").path)
    assert result.rotated_key and not result.learned_key
    trusted = keys.trusted_office_key(ws)
    assert trusted["fingerprint"] == new and trusted["how"] == "rotation"
    assert [p["fingerprint"] for p in trusted["previous"]] == [old]


def confirmed(ws, office_ws, tmp_path) -> None:
    first = export_distribution(office_ws, tmp_path / "d1.gkpkg").path
    import_distribution(ws, first, office_fingerprint=keys.own_key_info(office_ws).digits)


def test_a_changed_office_key_without_a_valid_rotation_is_refused(ws, office_ws, new_workspace, tmp_path) -> None:
    confirmed(ws, office_ws, tmp_path)
    trusted = keys.trusted_office_key(ws)
    stranger = generate()
    reg = registry_of(office_ws)
    # a forged chain: "rotated" from the trusted key to the stranger's, but signed by the stranger
    forged = {"old": {"algorithm": "ed25519", "public_key": trusted["public_key"]},
              "new": {"algorithm": "ed25519", "public_key": stranger.public.to_b64()},
              "signature": b64(stranger.sign(b"rotation"))}
    key = {"algorithm": "ed25519", "public_key": stranger.public.to_b64(), "fingerprint": stranger.public.fingerprint}
    before = snapshot(ws)
    for office_key, code in ((key, "office_key_changed"), ({**key, "rotations": [forged]}, "bad_rotation")):
        with pytest.raises(PackageError) as exc:
            import_distribution(ws, distribution(stranger, reg, office_key=office_key, sequence=9))
        assert exc.value.code == code and unchanged(ws, before)
    assert keys.trusted_office_key(ws)["fingerprint"] == trusted["fingerprint"]


def test_a_lost_office_key_is_not_a_rotation(ws, office_ws, tmp_path) -> None:
    confirmed(ws, office_ws, tmp_path)
    keys.rotate_own_key(office_ws, keys.OFFICE_OWNER, lost=True)
    with pytest.raises(PackageError) as exc:
        import_distribution(ws, export_distribution(office_ws, tmp_path / "d2.gkpkg").path,
                            office_fingerprint=keys.own_key_info(office_ws).digits)
    assert exc.value.code == "office_key_changed"


# The command line -----------------------------------------------------------------------------------

def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def dist(office_ws, tmp_path):
    return export_distribution(office_ws, tmp_path / "dist.gkpkg").path, keys.own_key_info(office_ws).digits


def test_cli_without_a_terminal_says_how_to_pass_the_digits(capsys, ws, dist, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    before = snapshot(ws)
    code, out, err = run(capsys, "--data-dir", ws.data_dir, "package", "import-distribution", dist[0])
    assert code == 2 and "--office-fingerprint" in err and "指纹" in err and unchanged(ws, before)


def test_cli_asks_at_the_terminal(capsys, ws, dist, monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("00000 11111 22222 33333 44444 55555 66666 77777\n"))
    before = snapshot(ws)
    code, _, err = run(capsys, "--data-dir", ws.data_dir, "package", "import-distribution", dist[0])
    assert code == 2 and "不一致" in err and "请输入市府办" in err and unchanged(ws, before)
    monkeypatch.setattr(sys, "stdin", Terminal(dist[1] + "\n"))
    code, out, _ = run(capsys, "--data-dir", ws.data_dir, "package", "import-distribution", dist[0])
    assert code == 0 and "已认可市府办的密钥" in out


def test_cli_option_and_verify_agree_with_the_import(capsys, ws, dist) -> None:
    path, digits = dist
    code, out, _ = run(capsys, "--data-dir", ws.data_dir, "package", "verify", path)
    assert code == 1 and "--office-fingerprint" in out
    code, out, _ = run(capsys, "--data-dir", ws.data_dir, "package", "verify", path, "--office-fingerprint", "1" * 40)
    assert code == 1 and "不一致" in out
    code, out, _ = run(capsys, "--data-dir", ws.data_dir, "package", "verify", path, "--office-fingerprint", digits)
    assert code == 0 and "指纹已核对" in out
    code, out, _ = run(capsys, "--data-dir", ws.data_dir, "package", "import-distribution", path,
                       "--office-fingerprint", digits)
    assert code == 0
    assert base64.b64decode(keys.trusted_office_key(ws)["public_key"])


@pytest.mark.parametrize("raw", sm2_vectors(), ids=["off-curve", "infinity", "x+p"])
def test_weak_sm2_keys_are_refused_at_enrolment_and_in_a_signature_file(office_ws, raw) -> None:
    from gongkai_desktop.package.manifest import verify_signature

    body = dumps({"unit": {"code": "D06", "name": "市公安局"}, "contact": {}, "algorithm": "sm2",
                  "public_key": b64(raw), "created_at": "2026-01-01T00:00:00", "app_version": "0.1.0"})
    doc = dumps({"format": keys.ENROLMENT_FORMAT, "version": 1, "body": b64(body), "signature": b64(b"\x30" * 70)})
    with pytest.raises(DomainError) as exc:
        keys.import_enrolment(office_ws, doc)
    assert exc.value.code == "weak_key"
    sig = dumps({"format": "gkpkg-signature", "version": 1, "algorithm": "sm2", "public_key": b64(raw),
                 "signer_id": "1234567812345678", "signature": b64(b"\x30" * 70)})
    with pytest.raises(PackageError) as exc:
        verify_signature(b"{}", sig)
    assert exc.value.code == "weak_key"
