"""Writing files so that a crash, a power cut or a full disk never leaves a half-written or lost one.

Every file the application makes goes through `write_file` (or `stage` + `Staged.publish` where the
database must commit between the two): exported Excel and Word documents, packages, enrolment files,
the private key, backups. The bytes go to a temporary file in the target's own folder, are flushed
to the disk (fsync), renamed over the target (atomic within one file system: a reader sees the old
file or the new one, never a mix), and the folder is flushed too, so the rename itself survives a
power cut. Any failure removes the temporary file and becomes a Chinese `DomainError`.

A process killed mid-write cannot remove its temporary file, so each one is first noted in the
workspace's journal (``data_dir/pending/``), with a lock held while it is written. `clean_leftovers`
(run when a workspace opens) removes the temporary files of entries whose lock nobody holds any
more, i.e. whose writer died — never those of another window still writing.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from . import faults
from .errors import DomainError

JOURNAL_DIR = "pending"
TEMP_MARK = ".gongkai-tmp"
Content = bytes | Callable[[Path], object]

_journal: Path | None = None


def use_journal(data_dir: Path | str) -> None:
    """Note temporary files in this data folder's journal (the workspace being used)."""
    global _journal
    _journal = Path(data_dir) / JOURNAL_DIR


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new file) to the disk; POSIX only, best effort."""
    if os.name == "nt":
        return  # NTFS journals metadata; Windows cannot open a folder for fsync
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Entry:
    """One journal entry: the temporary file's name, and the lock that says its writer is alive."""

    def __init__(self, folder: Path, tmp: Path, target: Path) -> None:
        from filelock import FileLock  # 30 ms to import: only when a file is written, not at start-up

        token = uuid.uuid4().hex
        self.path = folder / f"{token}.json"
        self.lock = FileLock(str(folder / f"{token}.lock"), timeout=0)
        folder.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            with open(self.path, "w", encoding="utf-8") as f:
                json.dump({"tmp": str(tmp), "target": str(target), "pid": os.getpid()}, f)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
        self.lock.release()
        with contextlib.suppress(OSError):
            Path(self.lock.lock_file).unlink(missing_ok=True)


def _journal_entry(tmp: Path, target: Path) -> _Entry | None:
    if _journal is None:
        return None
    try:
        return _Entry(_journal, tmp, target)
    except Exception:  # noqa: BLE001 - a read-only or full data folder: the write itself will say what is wrong
        return None


class Staged:
    """A file written and flushed under a temporary name beside its target; `publish` puts it in place."""

    def __init__(self, target: Path, tmp: Path, entry: _Entry | None) -> None:
        self.target, self.tmp, self._entry = target, tmp, entry
        self.published = False

    def publish(self, exclusive: bool = False) -> Path:
        """Rename over the target (``exclusive``: never replace an existing file) and flush the folder."""
        try:
            if exclusive:
                _link_exclusive(self.tmp, self.target)
            else:
                os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise _error(exc, self.target) from exc
        self.published = True
        fsync_dir(self.target.parent)
        self._close_entry()
        return self.target

    def discard(self) -> None:
        """Remove the temporary file (nothing was published, or the caller changed its mind)."""
        if not self.published:
            with contextlib.suppress(OSError):
                self.tmp.unlink(missing_ok=True)
        self._close_entry()

    def _close_entry(self) -> None:
        if self._entry is not None:
            with contextlib.suppress(OSError):
                self._entry.close()
            self._entry = None


def stage(path: Path | str, content: Content, private: bool = False) -> Staged:
    """Write ``content`` (bytes, or a function that writes to the path it is given) beside ``path``.

    The file is flushed to the disk before this returns; ``private`` makes it readable by its owner
    only (0600, for the private key). Nothing is visible under ``path`` until `Staged.publish`.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise DomainError("write_failed", f"保存位置 {folder} 不存在。请选择一个已有的文件夹。")
    tmp = folder / f".{path.name[:80]}.{uuid.uuid4().hex[:8]}{TEMP_MARK}"
    entry = _journal_entry(tmp, path)
    staged = Staged(path, tmp, entry)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600 if private else 0o666)
        with os.fdopen(fd, "wb") as f:
            if isinstance(content, bytes | bytearray | memoryview):
                f.write(content)
        if not isinstance(content, bytes | bytearray | memoryview):
            content(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
    except BaseException as exc:
        staged.discard()
        if isinstance(exc, OSError):
            raise _error(exc, path) from exc
        raise
    return staged


class AfterCommit:
    """Files staged inside a transaction: published once it committed, discarded if it did not.

    ``with durable.AfterCommit() as files, ws.session(write=True) as s: … files.add(stage(…))`` — the
    session's block ends first (the commit), then this one: a visible file always has its record.
    """

    def __init__(self) -> None:
        self.staged: list[Staged] = []

    def add(self, staged: Staged) -> Staged:
        self.staged.append(staged)
        return staged

    def __enter__(self) -> AfterCommit:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            for s in self.staged:
                if kind is None:
                    s.publish()
        finally:
            for s in self.staged:
                s.discard()


def write_file(path: Path | str, content: Content, private: bool = False, exclusive: bool = False) -> Path:
    """`stage` then `Staged.publish`: the whole file under ``path``, or (on any failure) no change at all."""
    staged = stage(path, content, private)
    try:
        return staged.publish(exclusive)
    finally:
        staged.discard()


def clean_leftovers(data_dir: Path | str) -> list[Path]:
    """Remove temporary files whose writer died (kill -9, power cut); returns the ones removed."""
    folder = Path(data_dir) / JOURNAL_DIR
    removed: list[Path] = []
    try:
        entries = sorted(folder.glob("*.json"))
    except OSError:
        return removed
    if entries:
        from filelock import FileLock, Timeout
    for entry in entries:
        lock = FileLock(str(entry.with_suffix(".lock")), timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue  # its writer is still at work (another window or command)
        try:
            tmp = Path(json.loads(entry.read_text(encoding="utf-8"))["tmp"])
            if tmp.name.endswith(TEMP_MARK) and tmp.exists():
                tmp.unlink()
                removed.append(tmp)
            entry.unlink()
        except (OSError, ValueError, KeyError, TypeError):
            with contextlib.suppress(OSError):
                entry.unlink()
        finally:
            lock.release()
            with contextlib.suppress(OSError):
                Path(lock.lock_file).unlink(missing_ok=True)
    return removed


def _link_exclusive(tmp: Path, target: Path) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there (a hard link fails on an existing name)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT32 on a USB stick)
        if target.exists():
            raise FileExistsError(17, "File exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _error(exc: OSError, path: Path) -> DomainError:
    if os.name == "nt" and isinstance(exc, PermissionError):
        return DomainError("file_in_use", f"无法写入 {path.name}：文件可能正在 Excel、WPS 或 Word 中打开，请先关闭后重试。")
    if isinstance(exc, FileExistsError):
        return DomainError("file_exists", f"文件 {path} 已经存在，没有覆盖它。")
    return faults.os_error(exc, path)
