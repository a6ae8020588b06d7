"""Backups of the workspace file and restoring one (SQLite workspaces; PostgreSQL has its own tools).

Automatic backups go to ``data_dir/backups/``: once a day (the first start of the day of a
workspace in use), and before every schema migration, package or Excel import and template upgrade
(`automatic`, which skips a backup when nothing changed since the last one). They are made with
SQLite's online backup API — a consistent copy even while another window writes — checked with
``quick_check`` and written durably; those older than `KEEP_DAYS` are removed, always keeping the
newest `KEEP_AT_LEAST`. An automatic backup that fails (a full disk) is logged and never stops the
work it protects.

`restore` checks the chosen file first (ours, sound, not from a newer release), backs up the current
workspace (so a restore can itself be undone), then copies the backup into the workspace: through
the backup API when the current file is sound (other connections see the old or the new data, never
a mix), or, when it is damaged, by moving the damaged file aside (kept, unchanged) and writing the
backup in its place. Package sequence numbers survive a restore: see `sequences`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import db, durable, faults, userfiles, workspace_file
from .errors import DomainError

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
KEEP_DAYS = 14
KEEP_AT_LEAST = 3
DAILY, BEFORE_MIGRATION, BEFORE_IMPORT, BEFORE_TEMPLATE, BEFORE_RESTORE, MANUAL = (
    "daily", "migration", "import", "template", "restore", "manual")
REASONS = {DAILY: "每日自动备份", BEFORE_MIGRATION: "升级数据库前", BEFORE_IMPORT: "导入前",
           BEFORE_TEMPLATE: "升级模板前", BEFORE_RESTORE: "恢复备份前", MANUAL: "手动备份"}
_NAME = re.compile(r"workspace-(\d{8}-\d{6}-\d{6})-([a-z]+)\.sqlite3")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M:%S}（{REASONS.get(self.reason, self.reason)}）"


@dataclass(frozen=True, slots=True)
class Restored:
    source: Path
    revision: str
    previous: Backup | None  # the workspace as it was before the restore (None if it was unreadable)
    set_aside: Path | None  # a damaged file moved aside, unchanged


def backup_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / BACKUP_DIR


def list_backups(data_dir: Path | str) -> list[Backup]:
    """The automatic and manual backups in the data folder, newest first."""
    out = []
    with contextlib.suppress(OSError):
        for p in backup_dir(data_dir).iterdir():
            m = _NAME.fullmatch(p.name)
            if m:
                created = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f")
                out.append(Backup(p, created, m.group(2), p.stat().st_size))
    return sorted(out, key=lambda b: b.created, reverse=True)


def latest_good(data_dir: Path | str, tries: int = 5) -> Backup | None:
    """The newest backup that is a sound workspace (checked, not assumed)."""
    for b in list_backups(data_dir)[:tries]:
        try:
            workspace_file.recognise(b.path)
        except DomainError:
            continue
        return b
    return None


def make_backup(ws: Any, reason: str = MANUAL, out: Path | str | None = None) -> Backup:
    """Copy the workspace into ``out`` (default: a new file in ``data_dir/backups``)."""
    if ws.path is None:
        raise DomainError("backup_unsupported", "该工作区位于数据库服务器（PostgreSQL），请用数据库自己的备份工具（pg_dump）备份。")
    now = datetime.now()
    target = userfiles.output_path(out, f"workspace-{now:%Y%m%d-%H%M%S-%f}-{reason}.sqlite3", backup_dir(ws.data_dir))
    target.parent.mkdir(parents=True, exist_ok=True)
    durable.write_file(target, lambda tmp: copy_database(ws.path, tmp))
    return Backup(target, now, reason, target.stat().st_size)


def copy_database(source: Path, dest: Path, check: bool = True) -> None:
    """SQLite's online backup of ``source`` into the file ``dest`` (rollback journal, checked)."""
    src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True, timeout=db.BUSY_TIMEOUT_S)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        if check:
            problems = workspace_file.quick_check(dst)
            if problems:
                raise faults.damaged(source, f"完整性检查未通过：{problems[0][:120]}")
    finally:
        dst.close()
        src.close()


def automatic(ws: Any, reason: str) -> Backup | None:
    """A backup before a risky step or the first of the day; skipped when nothing changed, never fatal."""
    if ws.path is None or not ws.path.exists():
        return None
    try:
        if ws.get_setting("role") is None:
            return None  # a workspace nobody has used yet holds nothing to lose
        latest = next(iter(list_backups(ws.data_dir)), None)
        if latest is not None and not _changed_since(ws.path, latest.path):
            return None
        if reason == DAILY and latest is not None and latest.created.date() == datetime.now().date():
            return None
        made = make_backup(ws, reason)
        prune(ws.data_dir)
        return made
    except Exception as exc:  # noqa: BLE001 - a failed backup is logged; the work it protects goes on
        faults.report(exc, ws.data_dir, f"automatic backup ({reason}) failed")
        return None


def _changed_since(db_file: Path, backup: Path) -> bool:
    made = backup.stat().st_mtime
    wal = db_file.with_name(db_file.name + "-wal")
    changed = max(db_file.stat().st_mtime, wal.stat().st_mtime if wal.exists() else 0.0)
    return changed >= made


def prune(data_dir: Path | str, keep_days: int = KEEP_DAYS, keep_at_least: int = KEEP_AT_LEAST) -> list[Path]:
    """Remove backups older than ``keep_days``, always keeping the newest ``keep_at_least``."""
    cutoff = datetime.now() - timedelta(days=keep_days)
    removed = []
    for b in list_backups(data_dir)[keep_at_least:]:
        if b.created < cutoff:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed


def resolve(data_dir: Path | str, name: Path | str) -> Path:
    """A backup named by its path, or by its file name in the data folder's backups."""
    p = Path(name)
    if p.exists():
        return p
    inside = backup_dir(data_dir) / p.name
    if inside.exists():
        return inside
    raise DomainError("backup_not_found", f"找不到备份文件 {name}。可用 `gongkai backup --list` 查看已有的备份。")


def check_backup(source: Path) -> workspace_file.FileState:
    """Is ``source`` a backup this release can restore? Refuses with the reason otherwise."""
    try:
        state = workspace_file.recognise(source)
    except DomainError as exc:
        why = {"workspace_damaged": "文件已损坏", "not_a_workspace": "它不是本软件的工作区",
               "workspace_newer": "它由新版本软件创建"}.get(exc.code, exc.message)
        raise DomainError("bad_backup", f"不能用 {source} 恢复：{why}。当前工作区没有改动。请选择另一个备份文件。") from None
    if state.new:
        raise DomainError("bad_backup", f"不能用 {source} 恢复：它是一个空的数据库。当前工作区没有改动。请选择另一个备份文件。")
    return state


def restore(data_dir: Path | str, source: Path | str, db_file: str = "workspace.sqlite3") -> Restored:
    """Replace the workspace in ``data_dir`` with the backup ``source`` (close other windows first)."""
    data_dir = Path(data_dir)
    source = resolve(data_dir, source)
    data_dir.mkdir(parents=True, exist_ok=True)  # a new computer: the backup brought on a USB stick
    state = check_backup(source)
    target = data_dir / db_file
    if source.resolve() == target.resolve():
        raise DomainError("bad_backup", "不能用工作区文件自身恢复。请选择备份文件夹中的备份。")
    try:
        sound = target.exists() and not workspace_file.recognise(target).new
    except DomainError:
        sound = False
    if sound:
        previous = _backup_file(target, data_dir)
        _copy_into_live(source, target)
        _forget_undo(target)
        return Restored(source, state.revision or "", previous, None)
    aside = _set_aside(target, data_dir) if target.exists() else None
    durable.write_file(target, lambda tmp: copy_database(source, tmp, check=False))
    _forget_undo(target)
    return Restored(source, state.revision or "", None, aside)


def _forget_undo(target: Path) -> None:
    """A restored workspace starts with nothing to undo: its log belonged to the timeline the restore
    left (an older backup has no log table yet; it is migrated when opened)."""
    con = sqlite3.connect(target, timeout=db.BUSY_TIMEOUT_S)
    try:
        if con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='undo_entry'").fetchone():
            con.execute("DELETE FROM undo_entry")
            con.commit()
    finally:
        con.close()


def _backup_file(target: Path, data_dir: Path) -> Backup:
    now = datetime.now()
    out = backup_dir(data_dir) / f"workspace-{now:%Y%m%d-%H%M%S-%f}-{BEFORE_RESTORE}.sqlite3"
    out.parent.mkdir(parents=True, exist_ok=True)
    durable.write_file(out, lambda tmp: copy_database(target, tmp))
    return Backup(out, now, BEFORE_RESTORE, out.stat().st_size)


def _copy_into_live(source: Path, target: Path) -> None:
    """Every page of ``source`` into the live workspace, in one step under SQLite's lock."""
    src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=db.BUSY_TIMEOUT_S)
    try:
        dst.execute(f"PRAGMA synchronous={db.SYNCHRONOUS}")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
        dst.execute("PRAGMA wal_checkpoint(FULL)")
    finally:
        dst.close()
        src.close()


def _set_aside(target: Path, data_dir: Path) -> Path:
    """Move a damaged workspace (with its -wal and -shm) into the backups folder, unchanged."""
    folder = backup_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    aside = folder / f"damaged-{datetime.now():%Y%m%d-%H%M%S}-{target.name}"
    for suffix in ("-wal", "-shm", ""):
        part = target.with_name(target.name + suffix)
        if part.exists():
            os.replace(part, aside.with_name(aside.name + suffix))
    durable.fsync_dir(folder)
    durable.fsync_dir(target.parent)
    return aside
