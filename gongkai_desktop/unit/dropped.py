"""What a file dropped on the unit's window is, and what the unit can do with it.

The window takes a review result or a distribution package (imported exactly as by their menu
commands) and a catalog file (the import preview). Anything else is named for what it is — an
Excel or Word file, a PDF, a submission package meant for the review office, a folder — with
what to do instead, never a bare refusal or a message about unsafe file names in a ZIP.
The package's kind is read from its signed manifest by `package.read` (every check applies);
a damaged package raises the same `PackageError` the menu import would show.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..documents.catalog_files import CATALOG_SUFFIXES
from ..package.read import read_package
from ..package.verify import read_source

CATALOG = "catalog"
REVIEW_RESULT = "review_result"
DISTRIBUTION = "distribution"
REFUSED = "refused"  # nothing to import: ``message`` says what the file is and what to do

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel / Word / WPS files
_IMPORT_CATALOG = "如果它是本单位的目录表格，请用“文件 → 导入目录（Excel / Word）…”导入（或把它以原来的扩展名拖到窗口上）。"


@dataclass(frozen=True)
class Dropped:
    kind: str  # CATALOG, REVIEW_RESULT, DISTRIBUTION or REFUSED
    path: Path
    message: str = ""


def classify(paths: list[Path]) -> Dropped:
    """What to do with the dropped ``paths`` (one file expected)."""
    if len(paths) != 1:
        return Dropped(REFUSED, paths[0] if paths else Path(),
                       f"一次拖入了 {len(paths)} 个文件。请一次只拖入一个文件包或目录文件。")
    path = paths[0]
    if path.is_dir():
        return Dropped(REFUSED, path, f"“{path.name}”是文件夹。请打开文件夹，把其中的一个文件包（.gkpkg）拖到窗口上。")
    if not path.is_file():
        return Dropped(REFUSED, path, f"找不到文件“{path.name}”（可能已被移动或删除，或U盘已拔出）。")
    suffix = path.suffix.lower()
    head = _head(path)
    if suffix in CATALOG_SUFFIXES:
        return Dropped(CATALOG, path)
    if suffix == ".gkpkg" or _is_package(path, head):
        what = _office_file(path, head)
        if what:
            return Dropped(REFUSED, path, f"“{path.name}”不是文件包，而是{what}（只是扩展名为 .gkpkg）。{_IMPORT_CATALOG}")
        return _package(path)
    return Dropped(REFUSED, path, _explain(path, head))


def _package(path: Path) -> Dropped:
    pkg = read_package(read_source(path))  # raises the menu import's own PackageError when damaged
    if pkg.kind == "review_result":
        return Dropped(REVIEW_RESULT, path)
    if pkg.kind == "distribution":
        return Dropped(DISTRIBUTION, path)
    return Dropped(REFUSED, path, f"“{path.name}”是{pkg.unit_name}的报送文件包，是交给市府办审核的，"
                                  "由市府办在审核端导入；单位窗口只接受市府办发来的审核结果和下发文件。")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(8)
    except OSError:
        return b""


def _is_package(path: Path, head: bytes) -> bool:
    if not head.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return bool(names) and names[0] == "mimetype"


def _office_file(path: Path, head: bytes) -> str:
    """“Excel 表格” / “Word 文档” … when the bytes are an office document, else empty."""
    if head.startswith(_OLE2):
        return "旧版 Excel、Word 或 WPS 文件"
    if not head.startswith(b"PK"):
        return ""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist()[:2000])
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    if "[Content_Types].xml" not in names:
        return ""
    if any(n.startswith("xl/") for n in names):
        return "Excel 表格"
    if any(n.startswith("word/") for n in names):
        return "Word 文档"
    return "Office 文档"


def _explain(path: Path, head: bytes) -> str:
    name, suffix = path.name, path.suffix.lower()
    what = _office_file(path, head)
    if head.startswith(b"%PDF") or suffix == ".pdf":
        what = "PDF 文件"
    elif head.startswith(b"PK") and not what:
        what = "ZIP 压缩文件"
    elif suffix in (".txt", ".csv", ".md"):
        what = "文本文件"
    elif suffix in (".png", ".jpg", ".jpeg", ".gif", ".bmp"):
        what = "图片"
    elif suffix == ".json":
        what = "JSON 文件（如为单位的密钥登记文件，是交给市府办登记的）"
    what = what or f"“{suffix or '无扩展名'}”文件"
    return (f"“{name}”是{what}，本软件不能导入。单位窗口可以拖入：市府办发来的审核结果或下发文件（.gkpkg），"
            f"以及本单位的目录表格（Excel、Word、WPS）。ZIP 压缩文件请先解压。")
