"""A full disk, a read-only folder, a read-only workspace file: a Chinese message, no traceback, data intact.

The full disk is a small tmpfs filled to the last byte; the read-only folder and file are read-only
bind mounts (root, which runs these tests in CI, ignores permission bits), and one check runs as an
unprivileged user. Where the machine allows neither, the tests are skipped with a message.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from gongkai_desktop import durable, faults, keys
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import DB_FILE, Workspace
from tests.fault_helpers import ROOT, assert_chinese_refusal, fill, folder_digest, gongkai, read_only, small_disk

pytestmark = pytest.mark.slow
NOBODY = 65534  # the unprivileged user and group of Debian


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(durable.TEMP_MARK)]


def free(disk: Path) -> None:
    for p in disk.glob("filler*.bin"):
        p.unlink()


@pytest.fixture
def started(ws) -> Path:
    catalogs.start_catalog(ws, "04")
    ws.close()
    return ws.data_dir


def test_a_full_disk_while_editing_creating_the_key_and_exporting(started, tmp_path) -> None:
    with small_disk(tmp_path / "disk", 16 * 1024) as disk:
        data, out = disk / "data", disk / "out"
        shutil.copytree(started, data)
        out.mkdir()
        window = Workspace.open(data)  # the window is open while the disk fills up
        try:
            items = [i.id for i in catalogs.load_items(window, catalogs.list_catalogs(window)[0].id)]
            fill(disk)
            long_text = "很长的备注" * 3900
            failed = None
            for n, it in enumerate(items):  # edits until the WAL needs space the disk does not have
                try:
                    catalogs.edit_item(window, it, {"remarks": long_text})
                except Exception as exc:  # noqa: BLE001 - what the boundaries get
                    failed = (n, it, exc)
                    break
            assert failed is not None, "the disk never filled up"
            n, it, exc = failed
            shown = faults.describe(exc, data)
            assert shown.code == "disk_full" and "磁盘已满" in shown.message
            assert catalogs.get_item(window, it).remarks == ""  # the failed edit is not half there
            assert all(catalogs.get_item(window, i).remarks == long_text for i in items[:n])  # the saved ones are

            proc = gongkai(data, "keys", "create")
            assert_chinese_refusal(proc, "磁盘已满")
            assert keys.own_key_info(window) is None  # a failed key creation leaves the workspace as it was
            assert not list((data / keys.KEYS_DIR).glob("*")) if (data / keys.KEYS_DIR).exists() else True

            proc = gongkai(data, "export", "xlsx", "-o", str(out / "目录.xlsx"))
            assert_chinese_refusal(proc, "磁盘已满")
            assert list(out.iterdir()) == []

            free(disk)
            keys.ensure_own_key(window)
            sequence = window.get_setting(f"package_sequence.{window.unit_code}")
            fill(disk)
            proc = gongkai(data, "package", "export", "04", "-o", str(out))
            assert_chinese_refusal(proc, "磁盘已满")
            assert list(out.iterdir()) == [] and temp_files(disk) == []
            assert window.get_setting(f"package_sequence.{window.unit_code}") == sequence
            assert catalogs.list_catalogs(window)[0].status == "draft"

            free(disk)  # space again: everything works, nothing was lost
            catalogs.edit_item(window, it, {"remarks": "有空间了"})
            proc = gongkai(data, "package", "export", "04", "-o", str(out))
            assert proc.returncode == 0, proc.stderr
            assert len(list(out.iterdir())) == 1
        finally:
            window.close()
        conn = sqlite3.connect(data / DB_FILE)
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        conn.close()


def test_a_read_only_data_folder(started, tmp_path) -> None:
    before = folder_digest(started)
    with read_only(started):
        for args in (["catalog", "list"], ["export", "xlsx", "-o", str(tmp_path / "c.xlsx")],
                     ["package", "export", "-o", str(tmp_path)], ["backup"]):
            proc = gongkai(started, *args)
            assert_chinese_refusal(proc, "文件夹只读", "可以写入的文件夹")
    assert folder_digest(started) == before
    assert not (tmp_path / "c.xlsx").exists()


def test_a_read_only_workspace_file(started, tmp_path) -> None:
    before = folder_digest(started)
    with read_only(started / DB_FILE):
        proc = gongkai(started, "export", "xlsx", "-o", str(tmp_path / "c.xlsx"))
        assert_chinese_refusal(proc, "工作区文件只读", "只读”属性")
    assert folder_digest(started) == before


def test_exporting_into_a_read_only_folder(started, tmp_path) -> None:
    target = tmp_path / "U盘"
    target.mkdir()
    with read_only(target):
        proc = gongkai(started, "export", "xlsx", "-o", str(target / "目录.xlsx"))
        assert_chinese_refusal(proc, "文件夹只读")
        proc = gongkai(started, "package", "export", "04", "-o", str(target))
        assert_chinese_refusal(proc, "文件夹只读")
    assert list(target.iterdir()) == []
    with Workspace.open(started) as ws:
        assert catalogs.list_catalogs(ws)[0].status == "draft"  # not marked 已提交 for a file never written


def test_a_folder_the_user_may_not_write(started) -> None:
    """As an ordinary user (not root) on another user's data folder: permission bits, not a mount."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("running as another user needs root and setpriv")
    shared = Path(tempfile.mkdtemp(prefix="gongkai-shared-", dir="/tmp"))
    try:
        os.chmod(shared, 0o755)
        data = shared / "data"
        shutil.copytree(started, data)
        os.chmod(data, 0o755)
        before = folder_digest(data)
        probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable,
                                "-c", "import sqlalchemy, gongkai_desktop.cli"], capture_output=True, cwd=ROOT)
        if probe.returncode != 0:  # e.g. the interpreter lives under /root, which nobody may enter
            pytest.skip("this Python installation cannot be used by another user here "
                        f"({probe.stderr.decode().strip().splitlines()[-1:]})")
        proc = gongkai(data, "catalog", "list", uid=NOBODY)
        assert_chinese_refusal(proc, "文件夹只读")
        assert folder_digest(data) == before
    finally:
        shutil.rmtree(shared, ignore_errors=True)
