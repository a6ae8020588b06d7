"""Every failure said in Chinese, with what to do: the one translation both error boundaries use.

The command line (`cli.main`) and the window (`ui/fault_boundary.py`) catch whatever reaches them and
call `describe`: a `DomainError` passes through, anything else (a full disk, a read-only folder, a
damaged or foreign workspace file, a database from a newer release, another process holding the
workspace, a bug) becomes a `DomainError` whose message says what happened and what the user can do
about it, and whose English ``code`` tests and the log match on. `report` also writes the technical
detail with its traceback to the log file (`logfile.py`); the user never sees a traceback.

Recognising a failure looks through the whole chain of causes (SQLAlchemy's ``orig``, ``__cause__``,
``__context__``), so an ``OSError: [Errno 28]`` wrapped in three layers of other exceptions still
reads 磁盘已满. Nothing here changes data: every operation runs in one transaction, so a failure
means the operation did not happen and what was saved before is intact — which the messages say.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from pathlib import Path

from .errors import DomainError

log = logging.getLogger("gongkai_desktop")

NOT_SAVED = "刚才的操作没有完成，此前保存的数据不受影响。"
WAY_OUT = "可以从备份恢复（设置 → 备份与恢复，或命令 gongkai restore 备份文件），或新建工作区（选择另一个数据目录）。"

# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (a file open in Excel, WPS or an antivirus scan)
_WIN_IN_USE = {32, 33}
_WIN_DISK_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL


def describe(exc: BaseException, where: Path | str | None = None) -> DomainError:
    """The user's message for ``exc``; ``where`` names the workspace or file involved when known."""
    if isinstance(exc, DomainError):
        return exc
    for cause in causes(exc):
        found = _recognise(cause, where)
        if found is not None:
            return found
    return unexpected(exc)


def is_known(exc: BaseException) -> bool:
    """A fault of the machine or the data (disk, folder, file, another process), not a bug of ours."""
    return isinstance(exc, DomainError) or describe(exc).code != "unexpected"


def report(exc: BaseException, where: Path | str | None = None, context: str = "") -> DomainError:
    """`describe` ``exc`` and log it with its traceback (known faults as warnings, bugs as errors)."""
    err = describe(exc, where)
    if not isinstance(exc, DomainError):
        level = logging.ERROR if err.code == "unexpected" else logging.WARNING
        log.log(level, "%s%s [%s]", f"{context}: " if context else "", err.code, where or "", exc_info=exc)
    return err


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it wraps: SQLAlchemy's ``orig``, then explicit and implicit causes."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [c for c in (getattr(e, "orig", None), e.__cause__, e.__context__) if isinstance(c, BaseException)]


def unexpected(exc: BaseException) -> DomainError:
    from .logfile import log_path

    where = log_path()
    hint = f"详细信息已记入日志文件 {where}，请把该文件发给技术支持。" if where else "请把操作步骤告诉技术支持。"
    return DomainError("unexpected", f"发生意外错误（{type(exc).__name__}: {str(exc)[:200]}）。{NOT_SAVED}{hint}")


def _recognise(exc: BaseException, where: Path | str | None) -> DomainError | None:
    if isinstance(exc, DomainError):
        return exc
    if isinstance(getattr(exc, "orig", None), BaseException):
        return None  # SQLAlchemy's wrapper: the driver's own error (next in `causes`) says what happened
    if isinstance(exc, KeyboardInterrupt):
        return DomainError("cancelled", "已取消。" + NOT_SAVED)
    if isinstance(exc, MemoryError):
        return DomainError("out_of_memory", "内存不足。" + NOT_SAVED + "请关闭其他程序后重试。")
    if isinstance(exc, OSError):
        return os_error(exc, exc.filename or where)
    if isinstance(exc, UnicodeDecodeError):
        return damaged(where, "其中有无法识别的文字编码")
    return _database_error(exc, where)


def os_error(exc: OSError, path: Path | str | None = None, action: str = "写入") -> DomainError:
    """A file-system failure: full disk, read-only folder, no permission, a file in use, a bad disk."""
    place = f" {path}" if path else ""
    winerror = getattr(exc, "winerror", None)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or winerror in _WIN_DISK_FULL:
        return disk_full(path)
    if winerror in _WIN_IN_USE or code in (errno.EBUSY, getattr(errno, "ETXTBSY", -1)):
        return DomainError("file_in_use", f"另一程序正在使用文件{place}（例如在 Excel、WPS 或 Word 中打开着）。"
                           f"{NOT_SAVED}请关闭该程序后重试。")
    if code == errno.EROFS:
        return read_only(path)
    if code in (errno.EACCES, errno.EPERM):
        return DomainError("no_permission", f"没有权限{action}{place}：文件夹只读，或文件只读、被其他用户占用。"
                           f"{NOT_SAVED}请检查该文件夹的权限（或U盘的写保护开关），或换一个可以写入的位置。")
    if code == errno.ENOENT:
        return DomainError("not_found", f"找不到{place or '文件或文件夹'}：它可能被移动、改名或所在的U盘已拔出。{NOT_SAVED}")
    if code == errno.EIO:
        return DomainError("io_error", f"读写磁盘出错{place}：磁盘或U盘可能有故障或已拔出。{NOT_SAVED}"
                           "请检查磁盘后重试，必要时从备份恢复。")
    if code == errno.ENAMETOOLONG:
        return DomainError("name_too_long", f"文件名或路径太长{place}。{NOT_SAVED}请换一个较短的文件名或位置。")
    if code in (errno.EMFILE, errno.ENFILE):
        return DomainError("too_many_files", f"同时打开的文件过多。{NOT_SAVED}请关闭一些程序后重试。")
    return DomainError("os_error", f"无法{action}{place}：{exc.strerror or exc}。{NOT_SAVED}请检查磁盘和文件夹后重试。")


def disk_full(path: Path | str | None = None) -> DomainError:
    place = f"（{path}）" if path else ""
    return DomainError("disk_full", f"磁盘已满{place}：没有空间保存。{NOT_SAVED}"
                       "请删除不需要的文件、清空回收站，或换一个有空间的磁盘后重试。")


def read_only(path: Path | str | None = None) -> DomainError:
    place = f" {path}" if path else ""
    return DomainError("read_only", f"文件夹只读，无法写入{place}。{NOT_SAVED}"
                       "请检查该文件夹（或U盘的写保护开关）的权限，或在“数据目录…”（命令行 --data-dir）中选择一个可以写入的文件夹。")


def read_only_workspace(path: Path | str) -> DomainError:
    """The workspace file itself cannot be written (read-only attribute, another user's file)."""
    return DomainError("read_only", f"工作区文件只读，无法保存修改：{path}。软件没有改动它。"
                       "请取消该文件的“只读”属性（或检查其权限）后重试，或在“数据目录…”（命令行 --data-dir）中选择其他文件夹。")


def busy() -> DomainError:
    return DomainError("workspace_busy", f"另一个窗口或命令正在使用该工作区。{NOT_SAVED}请等它完成（或关闭它）后重试。")


def damaged(where: Path | str | None = None, why: str = "") -> DomainError:
    place = f" {where}" if where else ""
    detail = f"（{why}）" if why else ""
    return DomainError("workspace_damaged", f"工作区文件已损坏{detail}：{place.strip() or '数据文件'}。软件没有改动它。{WAY_OUT}")


def foreign(where: Path | str | None = None, why: str = "") -> DomainError:
    place = f" {where}" if where else ""
    detail = f"（{why}）" if why else ""
    return DomainError("not_a_workspace", f"该文件不是本软件的工作区{detail}：{place.strip() or '数据文件'}。软件没有改动它。"
                       "请在“数据目录…”（命令行 --data-dir）中另选一个文件夹新建工作区，或从备份恢复。")


def newer(where: Path | str | None = None, revision: str = "") -> DomainError:
    which = f"（数据库版本 {revision}）" if revision else ""
    return DomainError("workspace_newer", f"该工作区由新版本软件创建{which}，本版本无法打开，软件没有改动它。"
                       "请安装最新版本的软件后再打开；或从备份恢复、新建工作区。")


def _database_error(exc: BaseException, where: Path | str | None) -> DomainError | None:
    """sqlite3 / SQLAlchemy / Alembic errors, recognised by their class name and SQLite's own text."""
    name = type(exc).__name__
    text = str(exc).lower()
    if name == "CommandError" and "can't locate revision" in text:
        return newer(where, _revision_in(str(exc)))
    if name == "IntegrityError":
        return DomainError("concurrent_write", "另一个窗口或命令同时写入了相同的数据（例如两处同时导入同一个文件包）。"
                           f"{NOT_SAVED}请刷新后重试；已经保存的那一份不会重复。")
    if name not in ("OperationalError", "DatabaseError", "ProgrammingError", "InterfaceError", "NotSupportedError"):
        return None
    if "disk is full" in text or "database or disk is full" in text:
        return disk_full(where)
    if "locked" in text or "busy" in text:
        return busy()
    if "readonly" in text or "read-only" in text:
        return read_only(where)
    if "unable to open database file" in text:
        return DomainError("cannot_open", f"无法打开工作区文件{f' {where}' if where else ''}：文件夹不存在、只读或没有权限。"
                           f"{NOT_SAVED}请检查该文件夹的权限，或在“数据目录…”（命令行 --data-dir）中另选文件夹。")
    if "disk i/o error" in text:
        return DomainError("io_error", f"读写工作区文件时磁盘出错{f' {where}' if where else ''}：磁盘或U盘可能有故障、已拔出或已满。"
                           f"{NOT_SAVED}请检查磁盘后重试，必要时从备份恢复。")
    if "malformed" in text or "not a database" in text or "corrupt" in text or "encrypted" in text:
        return damaged(where)
    if "could not decode" in text:
        return damaged(where, "其中有无法识别的文字编码")
    if "no such table" in text or "no such column" in text:
        return damaged(where, "缺少应有的数据表")
    return None


def _revision_in(message: str) -> str:
    import re

    m = re.search(r"identified by '([^']+)'", message)
    return m.group(1) if m else ""
