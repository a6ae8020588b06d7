"""Durable writes: a file appears whole or not at all, and a killed writer's temporary file is cleaned up."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai_desktop import durable
from gongkai_desktop.errors import DomainError
from gongkai_desktop.unit import exports
from gongkai_desktop.workspace import Workspace
from tests.documents_helpers import varied_catalog
from tests.fault_helpers import ROOT, child_env

KILLED_WRITER = """
import sys, time
from gongkai_desktop import durable
durable.use_journal(sys.argv[1])
def slow(tmp):
    with open(tmp, "wb") as f:
        f.write(b"half of a workbook")
    print("writing", flush=True)
    time.sleep(120)
durable.write_file(sys.argv[2], slow)
"""

CLEANER = """
import sys
from gongkai_desktop import durable
print(len(durable.clean_leftovers(sys.argv[1])))
"""


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(durable.TEMP_MARK)]


def test_a_file_is_replaced_whole(tmp_path) -> None:
    target = tmp_path / "a.xlsx"
    durable.write_file(target, b"old")
    durable.write_file(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"new" and temp_files(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(b"the printed version")

    def breaks(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise DomainError("cancelled", "已取消导出，未生成文件。")

    with pytest.raises(DomainError):
        durable.write_file(target, breaks)
    assert target.read_bytes() == b"the printed version" and temp_files(tmp_path) == []


def test_the_key_file_is_private_and_never_overwritten(tmp_path) -> None:
    key = tmp_path / "unit.pem"
    durable.write_file(key, b"secret", private=True, exclusive=True)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with pytest.raises(DomainError) as exc:
        durable.write_file(key, b"another", private=True, exclusive=True)
    assert exc.value.code == "file_exists" and key.read_bytes() == b"secret" and temp_files(tmp_path) == []


def test_a_missing_folder_is_said_in_chinese(tmp_path) -> None:
    with pytest.raises(DomainError) as exc:
        durable.write_file(tmp_path / "no" / "such" / "a.xlsx", b"x")
    assert "不存在" in exc.value.message


def test_a_killed_export_leaves_no_temporary_file_after_the_next_start(base_workspace, tmp_path) -> None:
    from tests.conftest import copy_workspace

    data = copy_workspace(base_workspace, tmp_path / "data")
    out = tmp_path / "用户的文件夹"
    out.mkdir()
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(data), str(out / "目录.xlsx")],
                             stdout=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)
    assert child.stdout.readline().strip() == "writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert len(temp_files(out)) == 1 and not (out / "目录.xlsx").exists()
    Workspace.open(data).close()
    assert list(out.iterdir()) == []
    assert list((data / durable.JOURNAL_DIR).glob("*.json")) == []


def test_the_next_start_leaves_another_windows_export_alone(tmp_path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    out.mkdir()
    durable.use_journal(data)
    staged = durable.stage(out / "目录.docx", b"being written by this window")
    try:
        proc = subprocess.run([sys.executable, "-c", CLEANER, str(data)], capture_output=True, text=True,
                              env=child_env(), cwd=ROOT, timeout=60)
        assert proc.stdout.strip() == "0", proc.stderr
        assert staged.tmp.exists()
        assert staged.publish().read_bytes() == b"being written by this window"
    finally:
        staged.discard()
    assert temp_files(out) == []


def test_an_exported_workbook_goes_through_the_durable_writer(ws, tmp_path, monkeypatch) -> None:
    varied_catalog(ws)
    written: list[Path] = []
    original = durable.fsync_dir
    monkeypatch.setattr(durable, "fsync_dir", lambda folder: (written.append(folder), original(folder)))
    for fmt in ("xlsx", "docx"):
        exports.export_catalogs(ws, fmt, None, tmp_path / f"c.{fmt}")
    assert written == [tmp_path, tmp_path]
    cancelled = tmp_path / "cancelled.xlsx"
    with pytest.raises(DomainError):
        exports.export_catalogs(ws, "xlsx", None, cancelled, cancelled=lambda: True)
    assert not cancelled.exists() and temp_files(tmp_path) == []


def test_a_file_staged_in_a_transaction_appears_only_if_it_commits(ws, tmp_path) -> None:
    from gongkai_desktop.models import Setting
    from gongkai_desktop.settings import SEQUENCE

    PROBE = SEQUENCE.of("probe")  # noqa: N806 - any declared setting the transaction writes

    tmp_path = tmp_path / "outbox"
    tmp_path.mkdir()
    with pytest.raises(DomainError), durable.AfterCommit() as files, ws.session(write=True) as s:
        s.merge(Setting(key=PROBE.key, value=1))
        files.add(durable.stage(tmp_path / "第1号.gkpkg", b"signed package"))
        raise DomainError("refused", "中途被拒绝")
    assert list(tmp_path.iterdir()) == [] and ws.get(PROBE) == 0
    with durable.AfterCommit() as files, ws.session(write=True) as s:
        s.merge(Setting(key=PROBE.key, value=2))
        staged = files.add(durable.stage(tmp_path / "第2号.gkpkg", b"signed package"))
        assert not staged.target.exists()  # not before the commit
    assert (tmp_path / "第2号.gkpkg").read_bytes() == b"signed package" and ws.get(PROBE) == 2
