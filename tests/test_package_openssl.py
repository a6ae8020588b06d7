"""Interoperability: a package checks with OpenSSL and standard tools, following nothing but the
README's section 文件包格式 / Package format — its shell commands are run as they are written."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from gongkai_desktop import keys
from gongkai_desktop.unit.submit import export_submission
from tests.pkg_helpers import enrol_and_confirm, fill_catalogs

README = Path(__file__).resolve().parents[1] / "README.md"
TOOLS = ("openssl", "unzip", "sha256sum", "bash", "python3")
pytestmark = pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason=f"needs {', '.join(TOOLS)}")


def readme_commands() -> str:
    section = README.read_text(encoding="utf-8").split("## 文件包格式 / Package format", 1)[1].split("\n## ", 1)[0]
    return re.search(r"\*\*Checking an Ed25519 package with standard tools:\*\*\s*```bash\n(.*?)```", section, re.S).group(1)


def run_readme(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", readme_commands()], cwd=folder, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def package(ws, office_ws, tmp_path) -> tuple[Path, str]:
    fill_catalogs(ws)
    enrol_and_confirm(ws, office_ws)
    folder = tmp_path / "check"
    folder.mkdir()
    path = export_submission(ws, None, tmp_path).path
    shutil.copy(path, folder / "pkg.gkpkg")
    return folder, keys.own_key_info(ws).fingerprint


def test_openssl_verifies_a_real_package_from_the_documented_format(package) -> None:
    folder, fingerprint = package
    done = run_readme(folder)
    assert done.returncode == 0, done.stderr
    assert "Signature Verified Successfully" in done.stdout
    assert done.stdout.split("Signature Verified Successfully", 1)[1].split()[0] == fingerprint
    manifest = json.loads((folder / "manifest.json").read_bytes())
    with zipfile.ZipFile(folder / "pkg.gkpkg") as zf:  # the payload hashes, as the last step says
        for f in manifest["files"]:
            assert hashlib.sha256(zf.read(f["name"])).hexdigest() == f["sha256"]


def test_openssl_refuses_a_changed_manifest(package) -> None:
    folder, _ = package
    path = folder / "pkg.gkpkg"
    with zipfile.ZipFile(path) as zf:
        entries = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in entries:
            zf.writestr(info, data.replace(b'"sequence":1', b'"sequence":2') if info.filename == "manifest.json" else data)
    done = run_readme(folder)
    assert done.returncode != 0 and "Signature Verified Successfully" not in done.stdout


def test_the_documented_constants_are_the_codes() -> None:
    from gongkai_desktop.package.manifest import DOMAIN, MIMETYPE

    text = README.read_text(encoding="utf-8")
    assert len(MIMETYPE) == 33 and MIMETYPE.decode() in text
    assert len(DOMAIN) == 34 and DOMAIN.rstrip(b"\x00").decode() in text
    assert DOMAIN.rstrip(b"\x00").decode() + "\\0" in readme_commands()
    assert keys.DOMAIN_ROTATE.rstrip(b"\x00").decode() in text
