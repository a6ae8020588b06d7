"""A reader for ZIP archives that come from outside, written for hostile input.

It parses the archive itself rather than trusting ``zipfile`` (which silently returns the last of
two entries with the same name, tolerates data before the archive and raises half a dozen
exception types on damage). Entries are read into memory only — nothing is ever extracted to disk
by name — and the layout must be exactly what a writer produces: local headers back to back from
offset 0, the central directory right after them, the end record last, no comment, no gaps, no
overlaps (so one compressed stream cannot be counted twice, the trick of overlapping zip bombs).
Every problem raises `PackageError` with a specific Chinese message.
"""

from __future__ import annotations

import re
import stat
import struct
import zlib
from dataclasses import dataclass

from .errors import PackageError

LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
END_SIG = b"PK\x05\x06"
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
FLAG_ENCRYPTED = 0x1
FLAG_DESCRIPTOR = 0x8
FLAG_UTF8 = 0x800
STORED, DEFLATED = 0, 8

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$", re.IGNORECASE)
_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep a malicious archive from exhausting memory or time."""

    max_archive: int = 256 * 1024 * 1024
    max_entries: int = 2000
    max_entry: int = 128 * 1024 * 1024
    max_total: int = 512 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, checked for entries above ratio_floor
    ratio_floor: int = 1024 * 1024


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class Entry:
    name: str
    method: int
    compressed_size: int
    size: int
    crc: int
    data_offset: int
    header: tuple[int, ...] = ()  # version needed, flags, method, time, date: local must match


def _err(code: str, message: str) -> PackageError:
    return PackageError(code, message)


def _corrupt(detail: str) -> PackageError:
    return _err("corrupt", f"文件包已损坏（{detail}），可能在传输或拷贝时出错。请让对方重新导出并发送。")


def check_name(name: str) -> None:
    """Entry names are generated ASCII paths; anything a file system could misread is refused."""
    bad = "文件包中含有不安全的文件名“{}”，已拒绝（{}）。该文件可能被人为构造，请勿使用。"
    shown = name[:80]
    if not name:
        raise _err("bad_entry_name", bad.format(shown, "名称为空"))
    if "\\" in name:
        raise _err("bad_entry_name", bad.format(shown, "含有反斜杠"))
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _err("bad_entry_name", bad.format(shown, "是绝对路径或盘符路径"))
    parts = name.split("/")
    if any(p in ("..", ".") for p in parts):
        raise _err("bad_entry_name", bad.format(shown, "含有“..”等上级目录"))
    if any(_WINDOWS_RESERVED.match(p) for p in parts):
        raise _err("bad_entry_name", bad.format(shown, "是 Windows 保留名称"))
    if not name.isascii() or any(not _SAFE_PART.match(p) for p in parts):
        raise _err("bad_entry_name", bad.format(shown, "含有不允许的字符"))


def _find_end(data: bytes) -> int:
    """The end record must be the file's last 22 bytes: no comment, nothing appended, nothing cut."""
    pos = data.rfind(END_SIG, max(0, len(data) - _END.size - 0xFFFF))
    if pos < 0 or pos + _END.size > len(data):
        raise _err("truncated", "文件包不完整（末尾缺失），可能下载或拷贝未完成。请让对方重新发送。")
    if pos + _END.size < len(data):
        raise _err("trailing_data", "文件包末尾有多余的数据或注释，已拒绝。请让对方重新导出。")
    return pos


def read_entries(data: bytes, limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """All entries of the archive, in archive order, as ``name → bytes``; refuses anything doubtful."""
    entries = list_entries(data, limits)
    total = 0
    out: dict[str, bytes] = {}
    for e in entries:
        total += e.size
        if total > limits.max_total:
            raise _err("zip_bomb", "文件包解压后的总大小超出上限，已拒绝（疑似压缩炸弹）。")
        out[e.name] = _inflate(data, e, limits)
    return out


def list_entries(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Entry]:
    """Parse and check the archive's structure without decompressing anything."""
    if not data:
        raise _err("empty_file", "文件是空的（0 字节），不是文件包。")
    if len(data) > limits.max_archive:
        raise _err("too_large", f"文件过大（超过 {limits.max_archive // (1024 * 1024)} MB），不是正常的文件包。")
    if not data.startswith(LOCAL_SIG):
        if data.find(LOCAL_SIG) > 0 and data.rfind(END_SIG) >= 0:
            raise _err("data_before_archive", "文件包开头有多余的数据（可能被嵌入了其他内容），已拒绝。")
        raise _err("not_zip", "该文件不是公开目录文件包（.gkpkg），请确认选择了正确的文件。")
    end = _find_end(data)
    (_, disk, cd_disk, n_disk, n_total, cd_size, cd_offset, comment_len) = _END.unpack_from(data, end)
    if disk or cd_disk or n_disk != n_total or comment_len:
        raise _corrupt("结尾记录异常")
    if n_total == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
        raise _err("unsupported_zip", "文件包使用了不支持的 ZIP64 格式，已拒绝。")
    if n_total > limits.max_entries:
        raise _err("zip_bomb", "文件包中的文件数量超出上限，已拒绝（疑似压缩炸弹）。")
    if cd_offset + cd_size != end:
        if cd_offset + cd_size < end:
            raise _err("data_before_archive", "文件包中有多余的数据（目录位置不符），已拒绝。")
        raise _corrupt("目录位置超出文件")
    entries = _central_directory(data, cd_offset, n_total, limits)
    _check_layout(data, entries, cd_offset)
    return entries


def _central_directory(data: bytes, offset: int, count: int, limits: Limits) -> list[Entry]:
    entries: list[Entry] = []
    seen: set[str] = set()
    pos = offset
    for _ in range(count):
        if pos + _CENTRAL.size > len(data):
            raise _corrupt("目录被截断")
        (sig, made_by, need, flags, method, mtime, mdate, crc, csize, size, nlen, xlen, clen, disk, _ia, ext_attr,
         local_off) = _CENTRAL.unpack_from(data, pos)
        if sig != CENTRAL_SIG:
            raise _corrupt("目录记录无效")
        raw_name = data[pos + _CENTRAL.size:pos + _CENTRAL.size + nlen]
        pos += _CENTRAL.size + nlen + xlen + clen
        if pos > len(data) or disk:
            raise _corrupt("目录记录越界")
        try:
            name = raw_name.decode("ascii")
        except UnicodeDecodeError:
            raise _err("bad_entry_name", "文件包中含有非 ASCII 的文件名，已拒绝。该文件可能被人为构造。") from None
        if name.endswith("/"):
            raise _err("unexpected_entry", f"文件包中含有不应有的目录项“{name[:80]}”，已拒绝。")
        check_name(name)
        folded = name.lower()
        if folded in seen:
            raise _err("duplicate_entry", f"文件包中“{name}”出现了不止一次，已拒绝（可能被人为构造以蒙混检查）。")
        seen.add(folded)
        _check_kind(name, made_by, ext_attr)
        if flags & FLAG_ENCRYPTED:
            raise _err("encrypted_entry", f"文件包中的“{name}”被加密，本软件不接受加密的文件包。")
        if method not in (STORED, DEFLATED):
            raise _err("unsupported_compression", f"文件包中的“{name}”使用了不支持的压缩方式，已拒绝。")
        if size > limits.max_entry:
            raise _err("zip_bomb", f"文件包中的“{name}”解压后过大，已拒绝（疑似压缩炸弹）。")
        if size > limits.ratio_floor and size > limits.max_ratio * max(csize, 1):
            raise _err("zip_bomb", f"文件包中的“{name}”压缩比异常，已拒绝（疑似压缩炸弹）。")
        if method == STORED and csize != size:
            raise _corrupt(f"“{name}”的大小不一致")
        entries.append(Entry(name, method, csize, size, crc, local_off, (need, flags, method, mtime, mdate)))
    if pos != len(data) - _END.size:
        raise _corrupt("目录长度不符")
    return entries


def _check_kind(name: str, made_by: int, ext_attr: int) -> None:
    """Only regular files: a symlink, device or FIFO entry is refused whatever it points to."""
    if made_by >> 8 != 3:  # only Unix-made entries carry a file type
        return
    kind = stat.S_IFMT(ext_attr >> 16)
    if kind and kind != stat.S_IFREG:  # no type bits at all is how many writers mark a plain file
        raise _err("special_entry", f"文件包中的“{name}”是链接或特殊文件，已拒绝。")


def _check_layout(data: bytes, entries: list[Entry], cd_offset: int) -> None:
    """Local headers back to back from offset 0, each matching its directory record."""
    expected = 0
    for e in entries:
        if e.data_offset != expected:
            if expected == 0:
                raise _err("data_before_archive", "文件包开头有多余的数据，已拒绝。")
            raise _corrupt("文件之间有空隙或重叠")
        if expected + _LOCAL.size > cd_offset:
            raise _corrupt("文件头越界")
        (sig, need, flags, method, mtime, mdate, crc, csize, size, nlen, xlen) = _LOCAL.unpack_from(data, expected)
        name = data[expected + _LOCAL.size:expected + _LOCAL.size + nlen]
        if sig != LOCAL_SIG or name != e.name.encode("ascii"):
            raise _corrupt(f"“{e.name}”的文件头与目录不符")
        if flags & FLAG_ENCRYPTED:
            raise _err("encrypted_entry", f"文件包中的“{e.name}”被加密，本软件不接受加密的文件包。")
        if (need, flags, method, mtime, mdate) != e.header:
            raise _corrupt(f"“{e.name}”的文件头与目录不符")
        if not flags & FLAG_DESCRIPTOR and (crc, csize, size) != (e.crc, e.compressed_size, e.size):
            raise _corrupt(f"“{e.name}”的大小或校验值与目录不符")
        start = expected + _LOCAL.size + nlen + xlen
        e.data_offset = start
        expected = start + e.compressed_size
        if flags & FLAG_DESCRIPTOR:
            expected += _descriptor_length(data, expected, e)
        if expected > cd_offset:
            raise _corrupt(f"“{e.name}”的数据越界")
    if expected != cd_offset:
        raise _corrupt("文件之后有多余的数据")


def _descriptor_length(data: bytes, pos: int, e: Entry) -> int:
    with_sig = data[pos:pos + 4] == b"PK\x07\x08"
    off = pos + (4 if with_sig else 0)
    if off + 12 > len(data) or struct.unpack_from("<III", data, off) != (e.crc, e.compressed_size, e.size):
        raise _corrupt(f"“{e.name}”的数据描述符与目录不符")
    return 16 if with_sig else 12


def _inflate(data: bytes, e: Entry, limits: Limits) -> bytes:
    raw = data[e.data_offset:e.data_offset + e.compressed_size]
    if e.method == STORED:
        out = raw
    else:
        d = zlib.decompressobj(-15)
        try:
            out = d.decompress(raw, e.size + 1)
        except zlib.error:
            raise _corrupt(f"“{e.name}”无法解压") from None
        if len(out) > e.size or d.unconsumed_tail:
            raise _err("zip_bomb", f"文件包中的“{e.name}”解压后比声明的大，已拒绝（疑似压缩炸弹）。")
        if not d.eof or d.unused_data:
            raise _corrupt(f"“{e.name}”的压缩数据不完整")
    if len(out) != e.size or zlib.crc32(out) != e.crc:
        raise _corrupt(f"“{e.name}”的校验值不符")
    return out
