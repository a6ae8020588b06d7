"""Checks on a catalog file before any parser touches it: every file is treated as hostile.

A unit's spreadsheet or Word table arrives by e-mail or USB stick. Before openpyxl, xlrd or
python-docx open it we look at its first bytes, its ZIP directory or its OLE directory (olefile),
so that a file that is not what it says, a password-protected workbook (wherever its directory sits
in the file), a macro-enabled workbook renamed .xlsx, a ZIP bomb, an XML-entity bomb, an oversized
part or shared-strings table is refused with a message that says what to do, and a parser never
sees it. openpyxl itself parses with defusedxml (installed) as a second line.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import DomainError
from .read_limits import MAX_PART_BYTES, MAX_SHARED_STRINGS

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_ENTRY_RATIO = 100  # uncompressed / compressed, for entries over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_SST_BYTES = 40 * 1024 * 1024  # a 1,500-item catalog's shared strings are ~2 MB
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "macrosheets/", "dialogsheets/")
_SST_COUNT = re.compile(rb"""(?:uniqueCount|count)\s*=\s*["'](\d+)["']""")

SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开后“另存为”Excel 工作簿（.xlsx）再导入。"


def refuse(code: str, message: str) -> DomainError:
    return DomainError(code, message)


def file_head(path: str | Path) -> tuple[Path, bytes]:
    """(path, first 8 bytes) of a file that exists, is not empty and not too big."""
    path = Path(path)
    if not path.is_file():
        raise refuse("file_not_found", f"找不到文件 {path}。")
    size = path.stat().st_size
    if size == 0:
        raise refuse("empty_file", f"文件 {path.name} 是空文件。")
    if size > MAX_FILE_BYTES:
        raise refuse("file_too_big", f"文件 {path.name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB，过大，无法导入。")
    with path.open("rb") as f:
        return path, f.read(8)


def sniff(path: str | Path) -> str:
    """What the file really is, from its content: xlsx, docx, xls, doc, ods, odt, html or unknown.

    Refuses at once what must never reach a parser: password-protected files, macro workbooks,
    bombs. The extension is only a hint to the user; the content decides.
    """
    path, magic = file_head(path)
    if magic == OLE_MAGIC:
        return ole_kind(path)
    if magic.startswith(ZIP_MAGIC):
        return zip_kind(path)
    with path.open("rb") as f:
        head = f.read(2048).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) or b"<html" in head[:512]:
        return "html"
    return "unknown"


def ole_kind(path: Path) -> str:
    """An OLE compound file (old Office, or the wrapper of an encrypted new one), by its streams."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir(streams=True, storages=False)}
    except Exception as exc:  # noqa: BLE001 - olefile raises several kinds on a broken directory
        raise refuse("corrupt_file", f"{path.name} 已损坏，无法读取（OLE 目录无效）。") from exc
    if {"encryptedpackage", "encryptioninfo"} & streams:
        raise refuse("password_protected", "文件有密码保护，请先在 Excel 中取消密码")
    if "workbook" in streams or "book" in streams:
        if any(s.startswith("_vba_project_cur") for s in streams):
            raise refuse("macro_workbook", f"{path.name} 是含有宏的工作簿，已拒绝。{SAVE_AS_XLSX}")
        return "xls"
    if "worddocument" in streams:
        return "doc"
    raise refuse("not_office", f"{path.name} 不是 Excel 或 Word 文件。{SAVE_AS_XLSX}")


def zip_kind(path: Path) -> str:
    """A ZIP package: xlsx or docx (or OpenDocument), after the size, bomb and macro checks."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename.lower(): i for i in infos}
            if len(infos) > MAX_ENTRIES:
                raise refuse("zip_bomb", f"{path.name} 内含文件过多，可能是恶意构造的文件，已拒绝。")
            _check_sizes(path.name, infos)
            kind = _package_kind(path, zf, names)
            _check_xml(path.name, zf, infos)
            if kind == "xlsx":
                _check_shared_strings(path.name, zf, names)
            return kind
    except zipfile.BadZipFile as exc:
        raise refuse("corrupt_xlsx", f"{path.name} 已损坏，无法作为 Excel 工作簿或 Word 文档打开。") from exc
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError) as exc:
        raise refuse("corrupt_xlsx", f"{path.name} 使用了不支持的压缩方式或已加密，无法读取。") from exc


def _package_kind(path: Path, zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> str:
    types = zf.read(names["[content_types].xml"]).lower() if "[content_types].xml" in names else b""
    if "mimetype" in names:
        mime = zf.read(names["mimetype"])[:100]
        if b"opendocument" in mime:
            return "odt" if b"text" in mime else "ods"
    if "xl/workbook.xml" in names or b"spreadsheetml" in types or any(n.startswith("xl/") for n in names):
        if b"macroenabled" in types or any(p in n for n in names for p in MACRO_PARTS):
            raise refuse("macro_workbook", f"{path.name} 是含有宏的工作簿（.xlsm 改名而来），为安全起见已拒绝。"
                         f"{SAVE_AS_XLSX}")
        if "xl/workbook.xml" not in names:
            raise refuse("corrupt_xlsx", f"{path.name} 缺少工作簿内容，已损坏。")
        return "xlsx"
    if "word/document.xml" in names:
        if b"macroenabled" in types or any("vbaproject" in n for n in names):
            raise refuse("macro_document", f"{path.name} 是含有宏的 Word 文档（.docm 改名而来），为安全起见已拒绝。"
                         "请在 Word 或 WPS 中“另存为”Word 文档（.docx）再导入。")
        return "docx"
    raise refuse("not_xlsx", f"{path.name} 不是 Excel 工作簿（.xlsx）或 Word 文档（.docx）。")


def check_xlsx_file(path: str | Path) -> None:
    """Raise a `DomainError` with a Chinese message unless ``path`` looks like a safe .xlsx workbook."""
    kind = sniff(path)
    name = Path(path).name
    if kind == "xlsx":
        return
    if kind == "xls":
        raise refuse("old_xls", f"{name} 是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为 .xlsx”后再导入。")
    if kind == "docx":
        raise refuse("not_xlsx", f"{name} 是 Word 文档，不是 Excel 工作簿。")
    raise refuse("not_xlsx", f"{name} 不是 Excel 工作簿（.xlsx）。{SAVE_AS_XLSX}")


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_FLOOR and ratio > MAX_ENTRY_RATIO:
            raise refuse("zip_bomb", f"{name} 的压缩比异常（可能是恶意构造的“压缩炸弹”），已拒绝。")
        if info.file_size > MAX_PART_BYTES:
            raise refuse("file_too_big", f"{name} 中的 {info.filename} 解压后超过 {MAX_PART_BYTES // 1024 // 1024} MB，"
                         "过大，无法导入。")
    if total > MAX_UNCOMPRESSED:
        raise refuse("file_too_big", f"{name} 解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，过大，无法导入。")


def _check_xml(name: str, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) or info.filename.lower() == "[content_types].xml":
            with zf.open(info) as member:
                head = member.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise refuse("xml_entities", f"{name} 含有不允许的 XML 实体声明，可能是恶意构造的文件，已拒绝。")


def _check_shared_strings(name: str, zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> None:
    """The shared-strings table is read whole by every reader: refuse one claiming millions of entries."""
    info = next((i for n, i in names.items() if n.endswith("sharedstrings.xml")), None)
    if info is None:
        return
    if info.file_size > MAX_SST_BYTES:
        raise refuse("too_many_strings", f"{name} 的共享字符串表解压后超过 {MAX_SST_BYTES // 1024 // 1024} MB，"
                     "远超一份目录的大小，已拒绝。")
    with zf.open(info) as member:
        head = member.read(1024)
    counts = [int(c) for c in _SST_COUNT.findall(head)]
    if counts and max(counts) > MAX_SHARED_STRINGS:
        raise refuse("too_many_strings", f"{name} 声明了 {max(counts)} 个共享字符串，远超一份目录的大小，"
                     "可能是恶意构造的文件，已拒绝。")
