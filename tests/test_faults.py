"""Every failure in Chinese with what to do (`faults`), its detail in the log, never a traceback on screen."""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from gongkai_desktop import db, faults, logfile
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from tests.conftest import copy_workspace
from tests.fault_helpers import ROOT, assert_no_traceback, child_env


def wrapped(inner: BaseException) -> BaseException:
    """``inner`` as it reaches a boundary: wrapped by SQLAlchemy, then re-raised from another error."""
    try:
        try:
            raise inner
        except BaseException as exc:
            raise OperationalError("COMMIT", {}, exc) from exc
    except OperationalError as outer:
        try:
            raise RuntimeError("while saving") from outer
        except RuntimeError as top:
            return top


@pytest.mark.parametrize(("exc", "code", "words"), [
    (sqlite3.OperationalError("database or disk is full"), "disk_full", ["磁盘已满", "删除不需要的文件"]),
    (OSError(errno.ENOSPC, "No space left on device", "/media/u/a.xlsx"), "disk_full", ["磁盘已满", "/media/u/a.xlsx"]),
    (OSError(errno.EROFS, "Read-only file system", "/mnt/ro"), "read_only", ["文件夹只读", "/mnt/ro"]),
    (PermissionError(errno.EACCES, "Permission denied", "/srv/x"), "no_permission", ["文件夹只读", "权限"]),
    (sqlite3.OperationalError("attempt to write a readonly database"), "read_only", ["文件夹只读"]),
    (sqlite3.OperationalError("database is locked"), "workspace_busy", ["另一个窗口或命令正在使用该工作区"]),
    (sqlite3.DatabaseError("database disk image is malformed"), "workspace_damaged", ["工作区文件已损坏", "从备份恢复", "新建工作区"]),
    (sqlite3.DatabaseError("file is not a database"), "workspace_damaged", ["工作区文件已损坏"]),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "workspace_damaged", ["无法识别的文字编码"]),
    (sqlite3.OperationalError("disk I/O error"), "io_error", ["磁盘", "U盘"]),
    (OSError(errno.EBUSY, "Device or resource busy", "/x/a.docx"), "file_in_use", ["另一程序正在使用"]),
    (MemoryError(), "out_of_memory", ["内存不足"]),
])
def test_faults_are_said_in_chinese_with_what_to_do(exc, code, words) -> None:
    for shown in (faults.describe(exc), faults.describe(wrapped(exc))):
        assert shown.code == code, shown.message
        for w in words:
            assert w in shown.message
        assert "没有完成" in shown.message or "没有改动" in shown.message or code == "out_of_memory"


def test_a_windows_sharing_violation_is_another_program_using_the_file() -> None:
    exc = PermissionError(errno.EACCES, "The process cannot access the file", "C:\\a.xlsx")
    exc.winerror = 32
    assert faults.describe(exc).code == "file_in_use"


def test_a_unique_constraint_from_a_concurrent_write_is_explained(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE submission (package_id TEXT UNIQUE)"))
        conn.execute(text("INSERT INTO submission VALUES ('p1')"))
    with pytest.raises(IntegrityError) as real, engine.begin() as conn:
        conn.execute(text("INSERT INTO submission VALUES ('p1')"))
    shown = faults.describe(real.value)
    assert shown.code == "concurrent_write" and "同时写入" in shown.message and "重试" in shown.message


def test_alembics_unknown_revision_means_a_newer_release(tmp_path) -> None:
    from alembic.util.exc import CommandError

    engine = db.make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='0099'"))
    with pytest.raises(CommandError) as real:
        db.upgrade(engine, "0003")
    engine.dispose()
    shown = faults.describe(real.value)
    assert shown.code == "workspace_newer" and "由新版本软件创建" in shown.message and "0099" in shown.message


def test_a_bug_is_unexpected_its_trace_goes_to_the_log(tmp_path) -> None:
    log = logfile.configure(tmp_path / "data")
    try:
        {}["missing"]
    except KeyError as exc:
        shown = faults.report(exc, tmp_path, "a test")
    assert shown.code == "unexpected" and "发生意外错误" in shown.message and str(log) in shown.message
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "KeyError" in written and "a test" in written


def test_a_log_folder_that_cannot_be_written_falls_back_silently(tmp_path, capsys) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be")
    logfile.configure(blocked)
    faults.report(OSError(errno.ENOSPC, "full"), blocked, "a test")
    assert logfile.log_path() is not None and logfile.log_path().exists()
    assert capsys.readouterr().err == ""


def test_the_command_line_turns_a_bug_into_a_chinese_line_and_logs_it(base_workspace, tmp_path, capsys, monkeypatch) -> None:
    data = copy_workspace(base_workspace, tmp_path / "d")
    from gongkai_desktop import reference

    def broken(_ws):  # noqa: ANN001, ANN202
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(reference, "list_units", broken)
    code = main(["--data-dir", str(data), "units"])
    err = capsys.readouterr().err
    assert code == 3 and err.startswith("错误：发生意外错误") and "ZeroDivisionError" in err
    assert_no_traceback(err)
    assert "Traceback" in (data / "logs" / "gongkai.log").read_text(encoding="utf-8")


def test_output_cut_short_by_a_closed_pipe_ends_quietly(base_workspace, tmp_path) -> None:
    """`gongkai units | head -1`: the reader leaves early; no BrokenPipeError, no traceback."""
    data = copy_workspace(base_workspace, tmp_path / "d")
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: the smallest pipe, so the child must block on it
    proc = subprocess.Popen([sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", str(data), "units"],
                            stdout=write_end, stderr=subprocess.PIPE, env=child_env(), cwd=ROOT)
    os.close(write_end)
    assert os.read(read_end, 200)  # the first line or so, like `head -1`
    os.close(read_end)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141, err
    assert err.decode() == ""


def test_a_domain_error_passes_through_unchanged() -> None:
    refusal = DomainError("bad_value", "取值无效。")
    assert faults.describe(wrapped(refusal)) is refusal or faults.describe(refusal) is refusal


def test_logfile_lives_in_the_data_folder(tmp_path) -> None:
    assert logfile.configure(tmp_path) == Path(tmp_path).absolute() / "logs" / "gongkai.log"
