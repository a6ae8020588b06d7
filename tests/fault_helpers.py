"""Tools of the fault tests: the `gongkai` command in a child process, a small full disk (tmpfs), a
read-only folder or file (a read-only bind mount: root ignores permission bits), file digests.

Mounting needs root (CAP_SYS_ADMIN); where the machine does not allow it the test is skipped with
a message saying so, never passed without having run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def gongkai(data_dir: Path | str, *args: str, timeout: float = 120, uid: int | None = None) -> subprocess.CompletedProcess:
    """``gongkai --data-dir DIR ARGS…`` in a child process (as user and group ``uid`` when given, via setpriv)."""
    cmd = [sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", str(data_dir), *args]
    if uid is not None:
        cmd = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=child_env(), cwd=ROOT)


def assert_chinese_refusal(proc: subprocess.CompletedProcess, *words: str) -> None:
    """Non-zero exit, one Chinese line with each of ``words`` on stderr, no traceback anywhere."""
    assert proc.returncode != 0, (proc.stdout, proc.stderr)
    assert_no_traceback(proc.stdout + proc.stderr)
    assert proc.stderr.startswith("错误："), proc.stderr
    for w in words:
        assert w in proc.stderr, (w, proc.stderr)


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text, text


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name → SHA-256): "unchanged" means this is equal."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


def _umount(path: Path) -> None:
    if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def small_disk(path: Path, size_kib: int) -> Iterator[Path]:
    """A tmpfs of ``size_kib`` mounted at ``path`` (skips the test where mounting is not allowed)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("a small full disk needs a tmpfs mount, which needs root; run the fault tests as root (CI does)")
    proc = _mount("-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(path))
    if proc.returncode != 0:
        pytest.skip(f"this machine does not allow a tmpfs mount ({proc.stderr.strip()}); the full-disk test needs one")
    try:
        yield path
    finally:
        _umount(path)


def fill(folder: Path) -> None:
    """Take every free byte of the file system ``folder`` is on (unbuffered: nothing left to flush)."""
    for name, block in (("filler.bin", 1 << 16), ("filler-small.bin", 512)):
        try:
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError:
            return
        try:
            while True:
                os.write(fd, b"\0" * block)
        except OSError:
            pass
        finally:
            os.close(fd)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` (a folder or a file) made read-only for everyone, root included: a read-only bind mount."""
    if os.geteuid() != 0:
        pytest.skip("a read-only folder that root cannot write needs a bind mount, which needs root")
    proc = _mount("--bind", str(path), str(path))
    if proc.returncode != 0:
        pytest.skip(f"this machine does not allow a bind mount ({proc.stderr.strip()})")
    try:
        proc = _mount("-o", "remount,ro,bind", str(path))
        if proc.returncode != 0:
            pytest.skip(f"this machine does not allow a read-only remount ({proc.stderr.strip()})")
        yield path
    finally:
        _umount(path)
