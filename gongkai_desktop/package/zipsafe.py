"""Reading ZIP archives that come from outside, as hostile input, on top of ``zipfile`` and ``zlib``.

``zipfile`` parses the central directory; ``zlib`` decompresses, bounded by the declared size, and
checks the CRC. This module adds what ``zipfile`` leaves to the caller: it silently returns the last
of two entries with the same name, tolerates data before the archive, lets ``zlib.error`` and half a
dozen other exception types escape on damage, and does not bound sizes or ratios. Entries are read
into memory only — nothing is ever extracted to disk by name.

Only the canonical archive `build.build_package` writes is accepted, so no byte of the file lies
outside what the signature and the manifest's hashes cover: local headers back to back from offset
0, the central directory right after them, the end record last; no archive or entry comment, no
extra fields, no data descriptors, no flag bits at all, version 2.0 (``CANONICAL_VERSION``) made on
Unix, regular ``rw-r--r--`` files (``CANONICAL_ATTR``), the same time in local and central headers,
and each deflate stream ending exactly where its entry ends. Every deviation raises `PackageError`
with a specific Chinese message.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from .errors import PackageError

LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
END_SIG = b"PK\x05\x06"
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_END = struct.Struct("<4sHHHHIIH")
FLAG_ENCRYPTED = 0x1
FLAG_DESCRIPTOR = 0x8
FLAG_UTF8 = 0x800
STORED, DEFLATED = 0, 8

# What `build.build_package` writes (Python's zipfile with these ZipInfo settings), and nothing else.
CANONICAL_VERSION = 20
CANONICAL_SYSTEM = 3
CANONICAL_ATTR = 0o100644 << 16  # a regular file, rw-r--r--; no setuid, no execute, no DOS attribute bits

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$", re.IGNORECASE)
_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep a malicious archive from exhausting memory or time."""

    max_archive: int = 256 * 1024 * 1024
    max_entries: int = 64  # a submission of all 26 areas with 10 attachments has 40
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
    info: zipfile.ZipInfo
    start: int = 0  # where the entry's (compressed) bytes begin


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
    if any(p.endswith((".", " ")) for p in parts):
        raise _err("bad_entry_name", bad.format(shown, "以点或空格结尾"))
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
    entries = _open(data, limits)[0]
    total = 0
    out: dict[str, bytes] = {}
    view = memoryview(data)
    for e in entries:
        total += e.size
        if total > limits.max_total:
            raise _err("zip_bomb", "文件包解压后的总大小超出上限，已拒绝（疑似压缩炸弹）。")
        out[e.name] = _read(view, e)
    return out


def list_entries(data: bytes, limits: Limits = DEFAULT_LIMITS, max_size: Callable[[str], int] | None = None) -> list[Entry]:
    """Check the archive's structure without decompressing anything; ``max_size`` bounds each entry by its name."""
    return _open(data, limits, max_size)[0]


# What zipfile raises on a damaged archive besides BadZipFile. NotImplementedError is zipfile's
# word for a "version needed to extract" it does not know (a damaged byte can claim version 6.4);
# here it is not a missing feature of ours but a refused file (found by the hypothesis tests).
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError, OSError, IndexError, KeyError,
           NotImplementedError)


def _open(data: bytes, limits: Limits, max_size: Callable[[str], int] | None = None) -> tuple[list[Entry], zipfile.ZipFile]:
    if not data:
        raise _err("empty_file", "文件是空的（0 字节），不是文件包。")
    if len(data) > limits.max_archive:
        raise _err("too_large", f"文件过大（超过 {limits.max_archive // (1024 * 1024)} MB），不是正常的文件包。")
    if not data.startswith(LOCAL_SIG):
        if data.find(LOCAL_SIG) > 0 and data.rfind(END_SIG) >= 0:
            raise _err("data_before_archive", "文件包开头有多余的数据（可能被嵌入了其他内容），已拒绝。")
        raise _err("not_zip", "该文件不是公开目录文件包（.gkpkg），请确认选择了正确的文件。")
    end = _find_end(data)
    (_, disk, cd_disk, n_disk, n_total, cd_size, cd_offset, _comment) = _END.unpack_from(data, end)
    if disk or cd_disk or n_disk != n_total or _comment:
        raise _corrupt("结尾记录异常")
    if n_total == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
        raise _err("unsupported_zip", "文件包使用了不支持的 ZIP64 格式，已拒绝。")
    if n_total > limits.max_entries:
        raise _err("zip_bomb", "文件包中的文件数量超出上限，已拒绝（疑似压缩炸弹）。")
    if cd_offset + cd_size != end:
        if cd_offset + cd_size < end:
            raise _err("data_before_archive", "文件包中有多余的数据（目录位置不符），已拒绝。")
        raise _corrupt("目录位置超出文件")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _DAMAGE:
        raise _corrupt("目录无法读取") from None
    if len(infos) != n_total:
        raise _corrupt("目录长度不符")
    entries = [_check_info(info, limits, max_size) for info in infos]
    _check_unique(entries)
    _check_layout(data, entries, cd_offset)
    for e in entries:
        _check_canonical(e.info, e.name)
    return entries, zf


def _check_info(info: zipfile.ZipInfo, limits: Limits, max_size: Callable[[str], int] | None = None) -> Entry:
    if info.flag_bits & FLAG_UTF8 or not info.orig_filename.isascii():
        raise _err("bad_entry_name", "文件包中含有非 ASCII 的文件名，已拒绝。该文件可能被人为构造。")
    name = info.orig_filename
    if name.endswith("/"):
        raise _err("unexpected_entry", f"文件包中含有不应有的目录项“{name[:80]}”，已拒绝。")
    check_name(name)
    _check_kind(name, info.create_system, info.external_attr)
    if info.flag_bits & FLAG_ENCRYPTED:
        raise _err("encrypted_entry", f"文件包中的“{name}”被加密，本软件不接受加密的文件包。")
    if info.compress_type not in (STORED, DEFLATED):
        raise _err("unsupported_compression", f"文件包中的“{name}”使用了不支持的压缩方式，已拒绝。")
    size, csize = info.file_size, info.compress_size
    if max_size is not None and size > max_size(name):
        raise _err("too_large", f"文件包中的“{name[:80]}”过大（{size} 字节，上限 {max_size(name)}），已拒绝。")
    if size > limits.max_entry:
        raise _err("zip_bomb", f"文件包中的“{name}”解压后过大，已拒绝（疑似压缩炸弹）。")
    if size > limits.ratio_floor and size > limits.max_ratio * max(csize, 1):
        raise _err("zip_bomb", f"文件包中的“{name}”压缩比异常，已拒绝（疑似压缩炸弹）。")
    if info.compress_type == STORED and csize != size:
        raise _corrupt(f"“{name}”的大小不一致")
    return Entry(name, info.compress_type, csize, size, info.CRC, info.header_offset, info)


def _not_canonical(name: str, what: str) -> PackageError:
    return _err("not_canonical", f"文件包中的“{name[:80]}”{what}，不是本软件生成的文件包格式（签名未覆盖这些字节），已拒绝。")


def _check_canonical(info: zipfile.ZipInfo, name: str) -> None:
    """The central directory record exactly as the writer makes it."""
    if info.flag_bits & FLAG_DESCRIPTOR:
        raise _not_canonical(name, "带有数据描述符（data descriptor）")
    if info.flag_bits:
        raise _not_canonical(name, f"设置了标志位 0x{info.flag_bits:04x}")
    if (info.create_version, info.extract_version, info.create_system) != (CANONICAL_VERSION, CANONICAL_VERSION,
                                                                          CANONICAL_SYSTEM):
        raise _not_canonical(name, f"的 ZIP 版本号不对（{info.create_version}/{info.extract_version}）")
    if info.external_attr != CANONICAL_ATTR or info.internal_attr:
        raise _not_canonical(name, f"的文件属性不对（0o{info.external_attr >> 16:o}/0x{info.external_attr & 0xFFFF:x}：可执行、setuid 或 DOS 属性）")
    if info.extra:
        raise _not_canonical(name, f"带有 {len(info.extra)} 字节的附加字段（extra field）")
    if info.comment:
        raise _not_canonical(name, "带有注释")
    if info.volume:
        raise _corrupt(f"“{name}”的分卷号异常")


def _check_unique(entries: list[Entry]) -> None:
    """zipfile keeps both of two same-named entries in infolist() but returns only the last by name."""
    seen: set[str] = set()
    for e in entries:
        folded = e.name.lower()
        if folded in seen:
            raise _err("duplicate_entry", f"文件包中“{e.name}”出现了不止一次，已拒绝（可能被人为构造以蒙混检查）。")
        seen.add(folded)


def _check_kind(name: str, create_system: int, ext_attr: int) -> None:
    """Only regular files: a symlink, device or FIFO entry is refused whatever it points to."""
    if create_system != 3:  # only Unix-made entries carry a file type
        return
    kind = stat.S_IFMT(ext_attr >> 16)
    if kind and kind != stat.S_IFREG:  # no type bits at all is how many writers mark a plain file
        raise _err("special_entry", f"文件包中的“{name}”是链接或特殊文件，已拒绝。")


def _dos_time(info: zipfile.ZipInfo) -> tuple[int, int]:
    y, mo, d, h, mi, sec = info.date_time
    return h << 11 | mi << 5 | sec // 2, (y - 1980) << 9 | mo << 5 | d


def _check_layout(data: bytes, entries: list[Entry], cd_offset: int) -> None:
    """Local headers back to back from offset 0, each agreeing field by field with its directory record."""
    expected = 0
    for e in entries:
        info = e.info
        if e.data_offset != expected:
            if expected == 0:
                raise _err("data_before_archive", "文件包开头有多余的数据，已拒绝。")
            raise _corrupt("文件之间有空隙或重叠")
        if expected + _LOCAL.size > cd_offset:
            raise _corrupt("文件头越界")
        (sig, need, flags, method, t, d, crc, csize, size, nlen, xlen) = _LOCAL.unpack_from(data, expected)
        if sig != LOCAL_SIG or data[expected + _LOCAL.size:expected + _LOCAL.size + nlen] != e.name.encode("ascii"):
            raise _corrupt(f"“{e.name}”的文件头与目录不符")
        if flags & FLAG_ENCRYPTED:
            raise _err("encrypted_entry", f"文件包中的“{e.name}”被加密，本软件不接受加密的文件包。")
        if flags != info.flag_bits or method != info.compress_type:
            raise _corrupt(f"“{e.name}”的文件头与目录不符")
        if not flags & FLAG_DESCRIPTOR and (crc, csize, size) != (e.crc, e.compressed_size, e.size):
            raise _corrupt(f"“{e.name}”的大小或校验值与目录不符")
        if need != CANONICAL_VERSION:
            raise _not_canonical(e.name, f"的文件头版本号不对（{need}）")
        if xlen:
            raise _not_canonical(e.name, f"的文件头带有 {xlen} 字节的附加字段（extra field）")
        if (t, d) != _dos_time(info):
            raise _not_canonical(e.name, "的文件头时间与目录不符")
        e.start = expected + _LOCAL.size + nlen
        expected = e.start + e.compressed_size
        if expected > cd_offset:
            raise _corrupt(f"“{e.name}”的数据越界")
    if expected != cd_offset:
        raise _corrupt("文件之后有多余的数据")


def _read(view: memoryview, e: Entry) -> bytes:
    """One entry's bytes; a deflate stream must end exactly at the entry's end (no hidden bytes after it)."""
    raw = view[e.start:e.start + e.compressed_size]
    if e.method == STORED:
        out = bytes(raw)
    else:
        d = zlib.decompressobj(-15)
        try:
            out = d.decompress(raw, e.size + 1)
        except zlib.error:
            raise _corrupt(f"“{e.name}”无法解压") from None
        if len(out) > e.size:
            raise _corrupt(f"“{e.name}”解压后超过声明的大小")
        if len(out) != e.size or not d.eof:
            raise _corrupt(f"“{e.name}”的压缩数据不完整")
        if d.unused_data or d.unconsumed_tail:
            raise _not_canonical(e.name, "的压缩数据之后还有多余的字节")
    if zlib.crc32(out) != e.crc:
        raise _corrupt(f"“{e.name}”的校验值不符")
    return out
