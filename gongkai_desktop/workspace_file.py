"""Is this file our workspace? Decided before anything writes to it (SQLite files only).

Opening a SQLite file with the engine already changes it (WAL mode, migrations, reference data), so a
workspace is recognised first, read-only: the 100-byte header (SQLite's magic, our application id),
then its tables and Alembic revision through a read-only connection, then ``PRAGMA quick_check``.
What is refused raises a `DomainError` and is left byte for byte as it was:

* not a SQLite file, or truncated / damaged → 工作区文件已损坏 (with 从备份恢复, 新建工作区);
* another application's database (its own application id, its own tables, or its own
  ``alembic_version`` with revisions we do not know) → 不是本软件的工作区;
* our schema at a revision this release does not know → 由新版本软件创建.

A workspace written before the application id existed is recognised by its tables and revision and
stamped afterwards (`db.stamp_application_id`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import db, faults
from .errors import DomainError

HEADER_MAGIC = b"SQLite format 3\x00"
OUR_TABLES = {"setting", "catalog", "catalog_item", "area", "template"}
QUICK_CHECK_AT_OPEN = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileState:
    """What `recognise` found: ``new`` (nothing there yet, or an empty database) or ours at ``revision``."""

    new: bool
    revision: str | None = None
    stamped: bool = False  # the application id is already in the header


def recognise(path: Path, integrity: bool | None = True) -> FileState:
    """Check ``path`` without changing it; raises the refusal's `DomainError` for a file not to open.

    ``integrity=None`` runs ``quick_check`` only on files up to `QUICK_CHECK_AT_OPEN` (every unit's
    workspace and a county office's: ~5 ms for 3 MB); a larger one (a province-scale office
    database) is checked by its daily backup and by ``gongkai check`` instead of at every start.
    """
    if not path.exists():
        return FileState(new=True)
    header = _header(path)
    if len(header) == 0:
        raise faults.damaged(path, "文件是空的，可能在写入时被中断")
    if len(header) < 100 or not header.startswith(HEADER_MAGIC):
        raise faults.damaged(path, "不是有效的数据库文件")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id not in (0, db.APPLICATION_ID):
        raise faults.foreign(path, "它属于其他程序")
    _check_size(path, header)
    conn = _connect_read_only(path)
    if integrity is None:
        integrity = path.stat().st_size <= QUICK_CHECK_AT_OPEN
    try:
        state = _inspect(conn, path, app_id)
        if integrity and not state.new:
            problems = quick_check(conn)
            if problems:
                raise faults.damaged(path, f"完整性检查未通过：{problems[0][:120]}")
        return state
    except sqlite3.DatabaseError as exc:
        raise _sqlite_refusal(exc, path) from None
    except UnicodeDecodeError:
        raise faults.damaged(path, "其中有无法识别的文字编码") from None
    finally:
        conn.close()


def _header(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(100)
    except OSError as exc:
        raise faults.os_error(exc, path, "读取") from None


def _check_size(path: Path, header: bytes) -> None:
    """A file shorter than the page count its header states was cut off (a copy stopped half way)."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_for = header[92:96]
    if pages and valid_for == header[24:28] and path.stat().st_size < pages * page_size:
        raise faults.damaged(path, "文件不完整，末尾被截断")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, and leaves nothing beside the file.

    Without a WAL beside it, everything is in the main file (SQLite removes the WAL when the last
    connection closes, so no other window has it open): it is read as it is (``immutable``), and not
    even SQLite's WAL index appears beside it. With a WAL (another window or a crash), it is read
    with SQLite's locking; ``immutable`` is the fallback where a read-only folder cannot hold the index.
    """
    uri = path.absolute().as_uri()
    if not path.with_name(path.name + "-wal").exists():
        return _connect(f"{uri}?mode=ro&immutable=1", path)
    try:
        return _connect(f"{uri}?mode=ro", path)
    except DomainError as exc:
        if exc.code not in ("cannot_open", "read_only"):
            raise
    return _connect(f"{uri}?mode=ro&immutable=1", path)


def _connect(uri: str, path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=db.BUSY_TIMEOUT_S)
    except sqlite3.DatabaseError as exc:
        raise _sqlite_refusal(exc, path) from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _sqlite_refusal(exc, path) from None
    return conn


def _inspect(conn: sqlite3.Connection, path: Path, app_id: int) -> FileState:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    ours = app_id == db.APPLICATION_ID
    if not tables - {"sqlite_sequence"}:
        if ours or conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            return FileState(new=True, stamped=ours)
        raise faults.foreign(path, "它属于其他程序")
    if "alembic_version" not in tables:
        if ours:
            raise faults.damaged(path, "缺少数据库版本记录")
        raise faults.foreign(path, "其中是其他程序的数据表")
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = str(revision[0]) if revision else ""
    looks_ours = ours or tables >= OUR_TABLES
    if revision in db.known_revisions():
        if not looks_ours:
            raise faults.foreign(path, "其中是其他程序的数据表")
        return FileState(new=False, revision=revision, stamped=ours)
    if looks_ours:
        raise faults.newer(path, revision)
    raise faults.foreign(path, "它有自己的数据库版本表")


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's ``quick_check``: the problems it finds (an empty list for a sound file)."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    return [] if rows == ["ok"] else rows


def _sqlite_refusal(exc: sqlite3.DatabaseError, path: Path) -> DomainError:
    err = faults.describe(exc, path)
    return err if err.code != "unexpected" else faults.damaged(path, str(exc)[:80])


def check_file(path: Path) -> list[str]:
    """Everything wrong with the workspace file, in Chinese (empty when sound); never raises, never writes."""
    if not path.exists():
        return []
    try:
        state = recognise(path)
    except Exception as exc:  # noqa: BLE001 - a check reports, it does not fail
        return [faults.describe(exc, path).message]
    if state.new:
        return []
    conn = _connect_read_only(path)
    try:
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [faults.describe(exc, path).message]
    finally:
        conn.close()
    tables = sorted({str(r[0]) for r in broken})
    return [f"有 {len(broken)} 行数据引用了不存在的记录（表 {'、'.join(tables)}）。建议从备份恢复。"] if broken else []
