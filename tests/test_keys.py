"""Keys and trust: own key pair on first use (0600, passphrase), the review office's registry
(enrol → confirm → rotate → revoke), quarantine, key-change warning, and the unit's trust on first
use of the review office key; plus the `gongkai keys` / `gongkai package` commands."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from gongkai_desktop import keys, settings
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.build import build_package
from gongkai_desktop.package.verify import verify_package
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.submit import export_submission
from tests.conftest import copy_workspace
from tests.pkg_helpers import enrol_and_confirm, fill_catalogs

# Own key -------------------------------------------------------------------------------------------


def test_key_pair_is_created_on_first_use_readable_only_by_the_user(ws) -> None:
    assert keys.own_key_info(ws) is None
    info = keys.ensure_own_key(ws)
    assert info.path == ws.data_dir / "keys" / "unit_ed25519.pem"
    assert info.path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    if sys.platform != "win32":
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert keys.ensure_own_key(ws).fingerprint == info.fingerprint  # the same key from then on
    assert ws.get_setting("own_key.D06")["public_key"] == info.public_key
    groups = info.digits.split()
    assert len(groups) == 8 and all(len(g) == 5 and g.isdigit() for g in groups)
    with pytest.raises(DomainError) as exc:
        keys.create_own_key(ws)
    assert exc.value.code == "key_exists"


def test_passphrase_protected_key(ws) -> None:
    info = keys.create_own_key(ws, passphrase="门前的石狮子")
    assert info.encrypted and b"ENCRYPTED" in info.path.read_bytes()
    with pytest.raises(DomainError) as exc:
        keys.load_signer(ws)
    assert exc.value.code == "passphrase_required"
    with pytest.raises(DomainError) as exc:
        keys.load_signer(ws, passphrase="错")
    assert exc.value.code == "bad_passphrase"
    assert keys.load_signer(ws, passphrase="门前的石狮子").public.fingerprint == info.fingerprint


def test_a_replaced_key_file_is_detected(ws) -> None:
    info = keys.ensure_own_key(ws)
    from gongkai_desktop.package.signing import generate

    info.path.write_bytes(generate().to_file())
    with pytest.raises(DomainError) as exc:
        keys.load_signer(ws)
    assert exc.value.code == "key_mismatch"


def test_each_unit_of_a_multi_unit_workspace_has_its_own_key(ws) -> None:
    a = keys.ensure_own_key(ws, "D06")
    b = keys.ensure_own_key(ws, "D01")
    assert a.fingerprint != b.fingerprint and a.path != b.path


# Registry lifecycle ------------------------------------------------------------------------------


def test_enrol_confirm_rotate_revoke(ws, office_ws, tmp_path: Path) -> None:
    fill_catalogs(ws)
    enrolment = keys.export_enrolment(ws, {"name": "张三", "phone": "0570-4021234"})
    result = keys.import_enrolment(office_ws, enrolment)
    k = result.key
    assert (k.unit_code, k.status, k.contact["name"], result.warning) == ("D06", "pending", "张三", "")
    assert keys.import_enrolment(office_ws, enrolment).already_enrolled

    with pytest.raises(DomainError) as exc:
        keys.confirm_key(office_ws, "D06", "12345 12345 12345 12345 12345 12345 12345 12345")
    assert exc.value.code == "fingerprint_mismatch"
    assert keys.list_keys(office_ws)[0].status == "pending"
    k = keys.confirm_key(office_ws, "D06", keys.own_key_info(ws).digits.replace(" ", ""))
    assert k.status == "active" and k.confirmed_at is not None
    old_package = export_submission(ws, None, tmp_path / "old.gkpkg").path
    assert verify_package(office_ws, old_package).trust == "registered"

    old_fp = k.fingerprint
    new = keys.rotate_own_key(ws)
    assert new.fingerprint != old_fp
    rotated = keys.import_enrolment(office_ws, keys.export_enrolment(ws))
    assert rotated.key.status == "active" and rotated.rotated_from.fingerprint == old_fp
    statuses = {r.fingerprint: r.status for r in keys.list_keys(office_ws)}
    assert statuses == {old_fp: "rotated", new.fingerprint: "active"}
    new_package = export_submission(ws, None, tmp_path / "new.gkpkg").path
    assert verify_package(office_ws, new_package).trust == "registered"

    revoked = keys.revoke_key(office_ws, new.fingerprint[:12], "电脑被盗")
    assert revoked.status == "revoked" and revoked.revoke_reason == "电脑被盗"
    with pytest.raises(PackageError) as exc:
        verify_package(office_ws, new_package)
    assert exc.value.code == "revoked_key"
    with pytest.raises(DomainError) as exc:
        keys.import_enrolment(office_ws, keys.export_enrolment(ws))
    assert exc.value.code == "revoked_key"


def test_a_forged_rotation_is_refused(ws, office_ws) -> None:
    enrol_and_confirm(ws, office_ws)
    keys.rotate_own_key(ws)
    data = ws.get_setting("own_key.D06")
    sig = data["previous"]["rotation_signature"]
    data["previous"]["rotation_signature"] = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    ws.set_setting("own_key.D06", data)
    with pytest.raises(DomainError) as exc:
        keys.import_enrolment(office_ws, keys.export_enrolment(ws))
    assert exc.value.code == "bad_rotation"
    assert len(keys.list_keys(office_ws)) == 1


def test_a_lost_key_needs_a_fresh_confirmation_and_warns_loudly(ws, office_ws) -> None:
    enrol_and_confirm(ws, office_ws)
    keys.rotate_own_key(ws, lost=True)
    result = keys.import_enrolment(office_ws, keys.export_enrolment(ws))
    assert result.key.status == "pending"
    assert "警告" in result.warning and "冒充" in result.warning
    k = keys.confirm_key(office_ws, "D06", keys.own_key_info(ws).digits)
    assert k.status == "active"
    assert sorted(r.status for r in keys.list_keys(office_ws)) == ["active", "rotated"]


def test_a_tampered_enrolment_is_refused(ws, office_ws) -> None:
    import base64
    import json

    doc = json.loads(keys.export_enrolment(ws))
    body = json.loads(base64.b64decode(doc["body"]))
    body["unit"]["code"] = "D01"
    doc["body"] = base64.b64encode(json.dumps(body).encode()).decode()
    with pytest.raises(DomainError) as exc:
        keys.import_enrolment(office_ws, json.dumps(doc).encode())
    assert exc.value.code == "bad_signature"
    with pytest.raises(DomainError) as exc:
        keys.import_enrolment(office_ws, b'{"format": "x"}')
    assert exc.value.code == "bad_enrolment"
    assert keys.list_keys(office_ws) == []


def test_the_same_key_cannot_be_enrolled_for_two_units(ws, office_ws) -> None:
    keys.import_enrolment(office_ws, keys.export_enrolment(ws))
    ws.set_setting("own_key.D01", ws.get_setting("own_key.D06"))  # the same key claimed by another unit
    with pytest.raises(DomainError) as exc:
        keys.import_enrolment(office_ws, keys.export_enrolment(ws, owner="D01"))
    assert exc.value.code == "key_of_other_unit"


# The review office key on a unit's side -------------------------------------------------------------


def test_unit_trusts_the_office_key_only_with_the_fingerprint_the_clerk_confirms(ws, office_ws, new_workspace,
                                                                                tmp_path) -> None:
    first = export_distribution(office_ws, tmp_path / "d1.gkpkg", deadlines={"第一轮梳理": "2020-07-31"})
    digits = keys.own_key_info(office_ws).digits
    assert keys.trusted_office_key(ws) is None
    for given, code in ((None, "office_fingerprint_required"), ("12345 " * 8, "office_fingerprint_mismatch")):
        with pytest.raises(PackageError) as exc:
            import_distribution(ws, first.path, office_fingerprint=given)
        assert exc.value.code == code and not exc.value.message.isascii()
        assert keys.trusted_office_key(ws) is None and ws.get(settings.DEADLINES) == {}
    result = import_distribution(ws, first.path, office_fingerprint=digits.replace(" ", ""))
    assert result.learned_key and result.unit_count > 40 and result.deadlines == {"第一轮梳理": "2020-07-31"}
    trusted = keys.trusted_office_key(ws)
    assert trusted["fingerprint"] == keys.own_key_info(office_ws).fingerprint and trusted["how"] == "fingerprint"
    second = export_distribution(office_ws, tmp_path / "d2.gkpkg")
    assert not import_distribution(ws, second.path).learned_key  # the trusted key needs no digits again

    impostor = new_workspace("impostor")
    from gongkai_desktop.identity import choose_review_office

    choose_review_office(impostor)
    fake = export_distribution(impostor, tmp_path / "fake.gkpkg")
    with pytest.raises(PackageError) as exc:
        import_distribution(ws, fake.path, office_fingerprint=keys.own_key_info(impostor).digits)
    assert exc.value.code == "office_key_changed" and "警告" in exc.value.message
    assert keys.trusted_office_key(ws)["fingerprint"] == keys.own_key_info(office_ws).fingerprint


def result_package(signer, recipient=("D06", "市公安局"), sequence=5) -> bytes:
    """A well-formed review result signed by ``signer`` (for the trust checks; the unit never sent it)."""
    from gongkai_desktop.package.jsonsafe import dumps

    result = {"area_code": "04", "unit_code": recipient[0],
              "submission": {"package_id": "ab" * 16, "sequence": 1, "catalog_version": 1},
              "decision": "approved", "round": "第一轮梳理", "reviewer": "李四", "decided_at": "2026-01-05T10:00:00",
              "general_comment": "", "comments": [], "verdicts": {}}
    return build_package("review_result", {"code": "R00", "name": "市府办政务公开办"}, {"payload/result.json": dumps(result)},
                         {"recipient": {"code": recipient[0], "name": recipient[1]},
                          "result": {"area_code": "04", "decision": "approved"}},
                         signer, sequence=sequence, file_info={"payload/result.json": {"role": "result"}}).data


def test_review_results_need_the_confirmed_office_key(ws, office_ws, tmp_path) -> None:
    signer = keys.load_signer(office_ws)
    result = result_package(signer)
    with pytest.raises(PackageError) as exc:
        verify_package(ws, result)
    assert exc.value.code == "unknown_office_key"
    import_distribution(ws, export_distribution(office_ws, tmp_path / "d.gkpkg").path,
                        office_fingerprint=keys.own_key_info(office_ws).digits)
    assert verify_package(ws, result).trust == "office"
    with pytest.raises(PackageError) as exc:
        verify_package(ws, result_package(signer, ("D01", "市府办"), sequence=6))
    assert exc.value.code == "wrong_recipient"


def test_a_refused_distribution_writes_nothing(ws, office_ws, tmp_path) -> None:
    path = export_distribution(office_ws, tmp_path / "d.gkpkg").path
    data = bytearray(path.read_bytes())
    data[-30] ^= 0xFF
    with pytest.raises(PackageError):
        import_distribution(ws, bytes(data))
    assert keys.trusted_office_key(ws) is None
    assert ws.get(settings.DEADLINES) == {}  # nothing written: the declared default


# Commands ---------------------------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_keys_and_package_commands(capsys, base_workspace, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    unit = str(copy_workspace(base_workspace, tmp_path / "unit"))
    office = str(copy_workspace(base_workspace, tmp_path / "office"))
    assert run(capsys, "--data-dir", unit, "init", "--unit", "市公安局")[0] == 0
    assert run(capsys, "--data-dir", office, "init", "--review-office")[0] == 0
    assert run(capsys, "--data-dir", unit, "catalog", "start", "04")[0] == 0

    code, out, _ = run(capsys, "--data-dir", unit, "keys", "show")
    digits = out.splitlines()[1].strip()
    assert code == 0 and len(digits.split()) == 8
    code, out, _ = run(capsys, "--data-dir", unit, "package", "export", "04", "-o", str(tmp_path))
    assert code == 0 and "第1号" in out and digits in out
    (pkg,) = tmp_path.glob("*.gkpkg")
    bad = tmp_path / "broken.gkpkg"
    bad.write_bytes(pkg.read_bytes()[:-10])

    code, out, _ = run(capsys, "--data-dir", office, "package", "verify", str(pkg))
    assert code == 1 and out.startswith("不通过") and digits in out
    code, out, _ = run(capsys, "--data-dir", unit, "keys", "export-enrolment", "-o", "d06.json", "--contact", "张三")
    assert code == 0 and Path("d06.json").exists()
    code, out, _ = run(capsys, "--data-dir", office, "keys", "import-enrolment", "d06.json")
    assert code == 0 and "待核对" in out
    code, _, err = run(capsys, "--data-dir", office, "keys", "confirm", "D06", "00000")
    assert code == 2 and "8 组、每组 5 位" in err  # not a whole fingerprint: asks for its format
    code, _, err = run(capsys, "--data-dir", office, "keys", "confirm", "D06", *["00000"] * 8)
    assert code == 2 and "不一致" in err
    code, out, _ = run(capsys, "--data-dir", office, "keys", "confirm", "D06", *digits.split())
    assert code == 0 and "已确认" in out

    code, out, _ = run(capsys, "--data-dir", office, "package", "verify", str(pkg), str(bad))
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].startswith("通过") and "市公安局" in lines[0] and lines[1].startswith("不通过")
    assert run(capsys, "--data-dir", office, "package", "verify", str(pkg))[0] == 0

    code, out, _ = run(capsys, "--data-dir", office, "keys", "revoke", "D06", "--reason", "丢失")
    assert code == 0 and "已吊销" in out
    assert run(capsys, "--data-dir", office, "package", "verify", str(pkg))[0] == 1

    code, out, _ = run(capsys, "--data-dir", office, "package", "distribute", "-o", "dist.gkpkg")
    assert code == 0
    office_digits = out.split("市府办密钥指纹：")[1].strip()
    code, out, _ = run(capsys, "--data-dir", unit, "package", "import-distribution", "dist.gkpkg",
                       "--office-fingerprint", office_digits)
    assert code == 0 and "已认可市府办的密钥" in out
    code, out, _ = run(capsys, "--data-dir", unit, "keys", "show")
    assert "认可的市府办密钥" in out


def test_cli_passphrase_from_environment(capsys, base_workspace, tmp_path: Path, monkeypatch) -> None:
    unit = str(copy_workspace(base_workspace, tmp_path / "unit"))
    run(capsys, "--data-dir", unit, "init", "--unit", "市公安局")
    monkeypatch.setenv("GONGKAI_PASSPHRASE", "s3cret")
    assert run(capsys, "--data-dir", unit, "keys", "show")[0] == 0
    assert b"ENCRYPTED" in next((tmp_path / "unit" / "keys").glob("*.pem")).read_bytes()
    run(capsys, "--data-dir", unit, "catalog", "start", "04")
    assert run(capsys, "--data-dir", unit, "package", "export", "-o", str(tmp_path))[0] == 0
    monkeypatch.delenv("GONGKAI_PASSPHRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, _, err = run(capsys, "--data-dir", unit, "package", "export", "-o", str(tmp_path))
    assert code == 2 and "口令" in err
    assert os.environ.get("GONGKAI_PASSPHRASE") is None


def test_cli_creates_an_sm2_key_protected_by_a_passphrase(ws, tmp_path, monkeypatch, capsys) -> None:
    from gongkai_desktop import keys
    from gongkai_desktop.cli import main
    from gongkai_desktop.package.verify import verify_package
    from gongkai_desktop.unit import catalogs

    data_dir = str(ws.data_dir)
    monkeypatch.setenv("GONGKAI_PASSPHRASE", "口令-1234")
    assert main(["--data-dir", data_dir, "keys", "create", "--algorithm", "sm2"]) == 0
    assert "SM2" in capsys.readouterr().out
    info = keys.own_key_info(ws)
    assert info.algorithm == "sm2"
    catalogs.start_catalog(ws, "04")
    assert main(["--data-dir", data_dir, "package", "export", "04", "-o", str(tmp_path / "sm2.gkpkg")]) == 0
    assert verify_package(ws, tmp_path / "sm2.gkpkg").signer.algorithm == "sm2"
    monkeypatch.delenv("GONGKAI_PASSPHRASE")
    assert main(["--data-dir", data_dir, "package", "export", "04", "-o", str(tmp_path / "x.gkpkg")]) == 2
    assert "口令" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "keys", "create"]) == 2  # one key per workspace; rotate to change
