"""Files people name: what a file really is, a file that is not there, and where an output goes.

Three mistakes every command and the window meet, answered once:

* **The wrong file.** An Excel workbook, a Word document, a PDF, a backup or an enrolment file
  opened as a package would otherwise be refused as a "constructed" archive. `identify` tells
  what the bytes are (by content, never by the name) and `not_a_package` says what the file is and
  what to do with it. The package reader calls it before its strict checks.
* **No such file.** `require_file` / `read_input` answer in Chinese with what to check, instead of
  the operating system's English.
* **A folder as the output.** ``-o inbox/`` (a trailing slash) or an existing folder means a folder:
  `output_path` puts the generated file name inside it (the folder is made by the writer).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

from .errors import DomainError

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
GKPKG_MIMETYPE = b"application/vnd.gongkai.gkpkg+zip"
_SIMPLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"), (b"SQLite format 3\x00", "sqlite"), (b"Rar!\x1a\x07", "rar"), (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"), (b"\x89PNG\r\n\x1a\n", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"MZ", "program"), (b"{\\rtf", "rtf"),
)
IMPORT_CATALOG = "要导入其中的目录，请用“文件 → 导入目录（Excel / Word）…”或命令 `gongkai import catalog 文件`"
ATTACH = "如是工作报告等附件，请在报送时添加（窗口：报送对话框中的附件；命令：`gongkai package export 领域 --attach 文件`）"
UNZIP = "如果文件包在压缩包里，请先解压，再选择其中的 .gkpkg 文件"
_WHAT = {
    "xlsx": ("一个 Excel 文件", IMPORT_CATALOG), "xls": ("一个旧版 Excel（.xls）文件", IMPORT_CATALOG),
    "docx": ("一个 Word 文件", f"{IMPORT_CATALOG}；{ATTACH}"), "doc": ("一个旧版 Word（.doc）文件", IMPORT_CATALOG),
    "pptx": ("一个 PowerPoint 演示文稿", ATTACH), "ppt": ("一个旧版 PowerPoint 演示文稿", ATTACH),
    "ods": ("一个 OpenDocument 表格文件", IMPORT_CATALOG), "odt": ("一个 OpenDocument 文字文件", IMPORT_CATALOG),
    "ofd": ("一个 OFD 版式文件", ATTACH), "encrypted_office": ("一个有密码保护的 Office 文件", "文件包不会加密，请确认选择了正确的文件"),
    "pdf": ("一个 PDF 文件", ATTACH), "rtf": ("一个 RTF 文档", IMPORT_CATALOG + "（先在 Word 或 WPS 中另存为 .docx）"),
    "zip": ("一个普通的 ZIP 压缩包", UNZIP), "rar": ("一个 RAR 压缩包", UNZIP), "7z": ("一个 7z 压缩包", UNZIP),
    "gzip": ("一个 gzip 压缩文件", UNZIP),
    "sqlite": ("一个工作区或备份文件（数据库）",
               "恢复备份请用“设置 → 备份与恢复…”或命令 `gongkai restore 文件`"),
    "enrolment": ("一个密钥登记文件", "审核端请在“审核 → 单位密钥登记册…”中登记，或用命令 `gongkai keys import-enrolment 文件`"),
    "registry": ("一个单位名册文件", "请用 `gongkai init --registry 文件 …` 载入"),
    "json": ("一个 JSON 数据文件", "文件包是 .gkpkg 文件，请确认选择了正确的文件"),
    "html": ("一个网页（HTML）文件", "请确认选择了正确的文件"),
    "image": ("一个图片文件", "请确认选择了正确的文件"),
    "program": ("一个可执行程序", "请勿打开来历不明的程序，并确认选择了正确的文件"),
}


def identify(data: bytes) -> str | None:
    """What ``data`` is when it is positively not a package (a kind of `_WHAT`); None for a package
    candidate or anything not recognised (the package reader's own checks then say what is wrong)."""
    if data.startswith(ZIP):
        return _zip_kind(data)
    if data.startswith(OLE):
        return _ole_kind(data)
    for magic, kind in _SIMPLE_MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return _json_kind(data)
    if head[:15].lower().startswith((b"<html", b"<!doctype html")):
        return "html"
    return None


def _zip_kind(data: bytes) -> str | None:
    if data[30:38] == b"mimetype":  # a package's first entry: leave it to the strict reader
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = {n.lower() for n in zf.namelist()}
            info = zf.getinfo("mimetype") if "mimetype" in zf.namelist() else None
            mime = zf.read(info)[:100] if info is not None and info.file_size <= 200 else b""
    except Exception:  # noqa: BLE001 - a damaged archive: the strict reader names the damage
        return None
    if {"manifest.json", "manifest.sig"} & names or GKPKG_MIMETYPE in mime:
        return None
    if b"opendocument" in mime:
        return "odt" if b"text" in mime else "ods"
    if "[content_types].xml" in names:
        for prefix, kind in (("xl/", "xlsx"), ("word/", "docx"), ("ppt/", "pptx")):
            if any(n.startswith(prefix) for n in names):
                return kind
        return "docx"
    if "ofd.xml" in names:
        return "ofd"
    return "zip"


def _ole_kind(data: bytes) -> str:
    """Old Office files name their main stream in UTF-16 in the directory; enough to tell them apart."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage"):
        return "encrypted_office"
    if has("Workbook") or has("Book"):
        return "xls"
    if has("PowerPoint Document"):
        return "ppt"
    return "doc"


def _json_kind(data: bytes) -> str | None:
    try:
        value = json.loads(data[:2_000_000].decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError):  # not JSON, or nested to exhaust the parser
        return None
    fmt = str(value.get("format", "")) if isinstance(value, dict) else ""
    if "enrol" in fmt:
        return "enrolment"
    if fmt == "gongkai-unit-registry":
        return "registry"
    return "json"


def not_a_package(kind: str, name: str = "") -> str:
    """这是一个 Excel 文件，不是文件包（.gkpkg）。要导入……"""
    what, todo = _WHAT[kind]
    who = f"“{name}”" if name else "这"
    return f"{who}是{what}，不是文件包（.gkpkg）。{todo}。文件包由单位的“报送”或市府办的“下发”“审核结果”生成。"


def missing(path: Path | str, what: str = "文件") -> DomainError:
    return DomainError("file_not_found", f"找不到{what}“{path}”。请检查文件名和所在的文件夹"
                                         "（文件可能已被移动、改名，或所在的U盘已拔出）。")


def require_file(path: Path | str, what: str = "文件") -> Path:
    """``path`` as a `Path` when it names an existing file; a Chinese refusal otherwise."""
    p = Path(path)
    if p.is_dir():
        raise DomainError("not_a_file", f"“{p}”是文件夹，不是{what}。请选择其中的{what}。")
    if not p.is_file():
        raise missing(p, what)
    return p


def read_input(path: Path | str, what: str = "文件") -> bytes:
    """The bytes of a file the user named, every failure said in Chinese."""
    from . import faults

    p = require_file(path, what)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise faults.os_error(exc, p, "读取") from None


def output_path(out: Path | str | None, default_name: str, default_dir: Path) -> Path:
    """Where to write: ``default_dir/default_name`` without ``out``; inside ``out`` when it ends with a
    slash or is an existing folder (the writer makes missing folders); else ``out`` itself."""
    if out is None or str(out) == "":
        return default_dir / default_name
    text = str(out)
    if text.endswith(("/", "\\", os.sep)) or Path(text).is_dir():
        return Path(text) / default_name
    return Path(text)
