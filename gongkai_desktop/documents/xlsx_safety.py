"""Checks on an Excel file before any parser touches it: every file is treated as hostile.

A unit's spreadsheet arrives by e-mail or USB stick. Before openpyxl opens it we look at its first
bytes and at its ZIP directory, so a file that is not an .xlsx, an old .xls, a password-protected
workbook, a ZIP bomb or an XML-entity bomb is refused with a message that says what to do, and a
parser never sees it. openpyxl itself parses with defusedxml (installed) as a second line.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import DomainError

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_ENTRY_RATIO = 100  # uncompressed / compressed, for entries over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def refuse(code: str, message: str) -> DomainError:
    return DomainError(code, message)


def check_xlsx_file(path: str | Path) -> None:
    """Raise a `DomainError` with a Chinese message unless ``path`` looks like a safe .xlsx workbook."""
    path = Path(path)
    if not path.is_file():
        raise refuse("file_not_found", f"找不到文件 {path}。")
    size = path.stat().st_size
    if size == 0:
        raise refuse("empty_file", f"文件 {path.name} 是空文件。")
    if size > MAX_FILE_BYTES:
        raise refuse("file_too_big", f"文件 {path.name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB，过大，无法导入。")
    with path.open("rb") as f:
        magic = f.read(8)
        if magic == OLE_MAGIC:
            _refuse_ole(f.read(4 * 1024 * 1024), path.name)
    if not magic.startswith(ZIP_MAGIC):
        raise refuse("not_xlsx", f"{path.name} 不是 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再导入。")
    _check_zip(path)


def _refuse_ole(head: bytes, name: str) -> None:
    if ENCRYPTED_STREAM in head:
        raise refuse("password_protected", "文件有密码保护，请先在 Excel 中取消密码")
    raise refuse("old_xls", f"{name} 是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为 .xlsx”后再导入。")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_ENTRIES:
                raise refuse("zip_bomb", f"{path.name} 内含文件过多，可能是恶意构造的文件，已拒绝。")
            if "xl/workbook.xml" not in names:
                if "word/document.xml" in names:
                    raise refuse("not_xlsx", f"{path.name} 是 Word 文档，不是 Excel 工作簿。")
                raise refuse("not_xlsx", f"{path.name} 不是 Excel 工作簿（.xlsx）。")
            _check_sizes(path.name, infos)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as member:
                        head = member.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise refuse("xml_entities", f"{path.name} 含有不允许的 XML 实体声明，可能是恶意构造的文件，已拒绝。")
    except zipfile.BadZipFile as exc:
        raise refuse("corrupt_xlsx", f"{path.name} 已损坏，无法作为 Excel 工作簿打开。") from exc
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        raise refuse("corrupt_xlsx", f"{path.name} 使用了不支持的压缩方式或已加密，无法读取。") from exc


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_FLOOR and ratio > MAX_ENTRY_RATIO:
            raise refuse("zip_bomb", f"{name} 的压缩比异常（可能是恶意构造的“压缩炸弹”），已拒绝。")
    if total > MAX_UNCOMPRESSED:
        raise refuse("file_too_big", f"{name} 解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，过大，无法导入。")
